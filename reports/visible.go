package reports

import (
	"cmp"
	"strings"
)

// The small-count rule of privacy.go, written as SQL so that DuckDB applies
// it where the values are: a report over 600,000 communities never holds
// them all. visibleSQL is the one place the rule is written for
// communities and for scopes; the Go side only asks whether a scope value
// held in memory is suppressed (scopeSuppressed), from the flag the same
// SQL computed.

// closure lists, for every indicator of the catalog, the indicators a
// suppressed value of which suppresses it: itself and, transitively, the
// indicators of its depends_on.
func (d *dataset) closure() [][2]string {
	var out [][2]string
	for _, ind := range d.catalog {
		seen := map[string]bool{}
		var walk func(id string)
		walk = func(id string) {
			if seen[id] {
				return
			}
			seen[id] = true
			out = append(out, [2]string{ind.ID, id})
			if di := d.indicator(id); di != nil {
				for _, dep := range di.DependsOn {
					if d.indicator(dep) != nil {
						walk(dep)
					}
				}
			}
		}
		walk(ind.ID)
	}
	return out
}

// ownSQL is true for a row of indicator_values or indicator_scope_values
// (alias a) whose own numerator or denominator is a person-level count
// from 1 to below the threshold.
func (d *dataset) ownSQL(a string) (string, []any) {
	if !d.priv.on() {
		return "false", nil
	}
	var numIDs, denIDs []string
	for _, ind := range d.catalog {
		if personLevel(ind.NumeratorEn) {
			numIDs = append(numIDs, ind.ID)
		}
		if personLevel(ind.DenominatorEn) {
			denIDs = append(denIDs, ind.ID)
		}
	}
	var parts []string
	var args []any
	for _, x := range []struct {
		col string
		ids []string
	}{{"numerator", numIDs}, {"denominator", denIDs}} {
		if len(x.ids) == 0 {
			continue
		}
		parts = append(parts, "("+a+".indicator_id IN ("+placeholders(len(x.ids))+") AND "+a+"."+x.col+" > 0 AND "+a+"."+x.col+" < ?)")
		for _, id := range x.ids {
			args = append(args, id)
		}
		args = append(args, float64(d.priv.below))
	}
	if len(parts) == 0 {
		return "false", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// visibleSQL is a WITH clause defining vis: the rows of table
// (indicator_values or indicator_scope_values) of the period that match
// where (a condition on alias t, with its arguments), every column of
// table and sup, true when the value is suppressed for its own counts or
// for those of a value it is computed from (of the same community or
// scope). keys are the columns that name the community or scope.
func (d *dataset) visibleSQL(table, keys, where string, whereArgs []any) (string, []any) {
	own, ownArgs := d.ownSQL("h")
	pairs := d.closure()
	var vals []string
	var args []any
	for _, p := range pairs {
		vals = append(vals, "(?, ?)")
		args = append(args, p[0], p[1])
	}
	if len(vals) == 0 {
		vals = []string{"(NULL, NULL)"}
	}
	q := `WITH deps(indicator_id, dep) AS (VALUES ` + strings.Join(vals, ", ") + `),
t AS (SELECT * FROM ` + table + ` t WHERE t.period = ? AND (` + cmp.Or(where, "true") + `)),
hidden AS (SELECT DISTINCT ` + prefixed("h", keys) + `, deps.indicator_id FROM t h JOIN deps ON h.indicator_id = deps.dep WHERE ` + own + `),
vis AS (SELECT t.*, hidden.indicator_id IS NOT NULL AS sup FROM t LEFT JOIN hidden USING (` + keys + `, indicator_id))
`
	args = append(args, d.period)
	args = append(args, whereArgs...)
	args = append(args, ownArgs...)
	return q, args
}

func prefixed(alias, keys string) string {
	var out []string
	for _, k := range strings.Split(keys, ",") {
		out = append(out, alias+"."+strings.TrimSpace(k))
	}
	return strings.Join(out, ", ")
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// standardsSQL is a VALUES list std(indicator_id, op, value, ord) of the
// catalog's indicators with a standard, ord their catalog order.
func (d *dataset) standardsSQL() (string, []any, bool) {
	var vals []string
	var args []any
	for i, ind := range d.catalog {
		if !ind.HasStandard() || binary(ind) {
			continue
		}
		vals = append(vals, "(?, ?, ?::DOUBLE, ?::INTEGER, ?::BOOLEAN)")
		args = append(args, ind.ID, ind.StandardOp, ind.StandardValue, i, ind.Interval != "")
	}
	if len(vals) == 0 {
		return "", nil, false
	}
	return "std(indicator_id, op, value, ord, sampled) AS (VALUES " + strings.Join(vals, ", ") + ")", args, true
}

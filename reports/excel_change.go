package reports

import (
	"database/sql"
	"strconv"
	"strings"
)

// changeSheet: the change of every indicator since the previous period,
// from indicator_changes, for the whole period, each model and each
// district (streets and communities stay in the warehouse): per indicator
// in catalog order, the scope, the previous period, both values in the
// indicator's format, the change in its display unit (percentage points
// for percent indicators), the status and, per scope, how many of its
// communities improved, held, declined or were not compared. The rows are
// read in order from the warehouse, one at a time. A value that the
// small-count rule hides in its own period (visibleSQL's rule, applied to
// both periods) shows as suppressed, and so do the change and the status
// it would give away.
func (b *book) changeSheet(name string) {
	d, l := b.d, b.d.lang
	heads := []string{ui.Scope.in(l), ui.ScopeID.in(l), ui.ScopeName.in(l), ui.Indicator.in(l), ui.IndicatorID.in(l), ui.Unit.in(l),
		uiChange.PreviousPeriod.in(l), uiChange.PreviousValue.in(l), uiChange.CurrentValue.in(l), uiChange.Change.in(l),
		uiChange.Status.in(l), uiChange.CommImproved.in(l), uiChange.CommHeld.in(l), uiChange.CommDeclined.in(l),
		uiChange.CommNotCompared.in(l), uiChange.WhyNoStatus.in(l)}
	s := b.newSheet(name, heads, 4)
	if !d.tables["indicator_changes"] {
		s.gap(1)
		s.note(uiChange.NoteNoTable.in(l))
		s.finish()
		return
	}
	q, args := d.changeSQL()
	suppressed := s.muted(ui.Suppressed.in(l))
	seen := map[string]bool{}
	n := 0
	cells := make([]xc, len(heads))
	b.do(func() error {
		return scan(b.ctx, b.db, q, args, func(r *sql.Rows) error {
			var scope, scopeID, indID, prevPeriod, status, reason string
			var prev, cur, change sql.NullFloat64
			var counts [4]int64
			var curSup, prevSup bool
			if err := r.Scan(&scope, &scopeID, &indID, &prevPeriod, &prev, &cur, &change, &status, &reason,
				&counts[0], &counts[1], &counts[2], &counts[3], &curSup, &prevSup); err != nil {
				return err
			}
			ind := d.indicator(indID)
			if ind == nil {
				return nil
			}
			seen[indID] = true
			n++
			value := func(v sql.NullFloat64, sup bool) xc {
				switch {
				case sup:
					return suppressed
				case !v.Valid:
					return s.empty()
				}
				return s.number(v.Float64, excelFormat(ind.Format), formatValue(ind.Format, v.Float64),
					ind.HasStandard() && !ind.Meets(v.Float64))
			}
			cells[0], cells[1], cells[2] = s.text(scopeLabel(scope, l)), s.text(scopeID), s.text(d.scopeName(scope, scopeID))
			cells[3], cells[4], cells[5] = s.text(d.name(ind)), s.text(indID), s.text(d.unit(ind))
			cells[6], cells[7], cells[8] = s.text(prevPeriod), value(prev, prevSup), value(cur, curSup)
			switch {
			case curSup || prevSup:
				// The change and a held status would give the hidden value
				// back from the other one.
				cells[9], cells[10], cells[15] = suppressed, suppressed, s.empty()
			default:
				cells[9] = s.empty()
				if change.Valid {
					v := changeInDisplayUnit(ind.Format, change.Float64)
					cells[9] = xc{v: v, style: b.style(styleNumber, changeFormat(ind.Format)), shown: formatChange(ind.Format, v)}
				}
				cells[10], cells[15] = s.textOrEmpty(statusLabel(status, l)), s.textOrEmpty(d.pickReason(reason))
			}
			for i, c := range counts {
				cells[11+i] = s.count(c)
			}
			s.add(cells...)
			return nil
		})
	})
	s.gap(1)
	if n == 0 {
		b.noChangeNote(s)
		s.finish()
		return
	}
	s.note(uiChange.NoteChange.in(l))
	s.note(uiChange.NoteHeld.in(l))
	s.note(uiChange.NoteCompared.in(l))
	s.note(uiChange.NoteScopes.f(l, d.period))
	var missing []string
	for _, ind := range d.catalog {
		if !seen[ind.ID] {
			missing = append(missing, ind.ID)
		}
	}
	if len(missing) > 0 {
		s.note(uiChange.NoteNotListed.f(l, strings.Join(missing, ", ")))
	}
	s.finish()
}

// noChangeNote says why the period has no change: no earlier period in
// the warehouse, or no rows of the period in indicator_changes.
func (b *book) noChangeNote(s *sheet) {
	d, l := b.d, b.d.lang
	var earlier int64
	b.do(func() error {
		return scan(b.ctx, b.db, `SELECT count(*) FROM indicator_values WHERE period < ?`, []any{d.period},
			func(r *sql.Rows) error { return r.Scan(&earlier) })
	})
	if earlier == 0 {
		s.note(uiChange.NoteNoPrevious.f(l, d.period))
		return
	}
	s.note(uiChange.NoteNoRows.f(l, d.period))
}

// changeSQL reads the period's rows of indicator_changes for the whole
// period, the models and the districts, in catalog order, then all, the
// models and the districts by id, each with whether its current and its
// previous value are suppressed: the small-count rule of visibleSQL
// (ownSQL and closure) applied to indicator_scope_values in both periods.
func (d *dataset) changeSQL() (string, []any) {
	ord, args := d.catalogOrderSQL()
	pairs := d.closure()
	deps := make([]string, 0, len(pairs))
	for _, p := range pairs {
		deps = append(deps, "(?, ?)")
		args = append(args, p[0], p[1])
	}
	if len(deps) == 0 {
		deps = []string{"(NULL, NULL)"}
	}
	own, ownArgs := d.ownSQL("h")
	args = append(args, d.period, d.period)
	args = append(args, ownArgs...)
	q := `WITH ` + ord + `,
deps(indicator_id, dep) AS (VALUES ` + strings.Join(deps, ", ") + `),
x AS (SELECT * FROM indicator_changes WHERE period = ? AND scope IN ('all', 'model', 'district')),
hid AS (
	SELECT DISTINCT h.period, h.scope, h.scope_id, deps.indicator_id
	FROM indicator_scope_values h JOIN deps ON h.indicator_id = deps.dep
	WHERE h.scope IN ('all', 'model', 'district') AND (h.period = ? OR h.period IN (SELECT previous_period FROM x)) AND ` + own + `
)
SELECT x.scope, x.scope_id, x.indicator_id, x.previous_period, x.previous_value, x.value, x.change,
       coalesce(x.status, ''), coalesce(x.null_reason, ''),
       coalesce(x.communities_improved, 0), coalesce(x.communities_held, 0), coalesce(x.communities_declined, 0),
       coalesce(x.communities_not_comparable, 0),
       hc.indicator_id IS NOT NULL, hp.indicator_id IS NOT NULL
FROM x JOIN ord USING (indicator_id)
LEFT JOIN hid hc ON hc.period = x.period AND hc.scope = x.scope AND hc.scope_id = x.scope_id AND hc.indicator_id = x.indicator_id
LEFT JOIN hid hp ON hp.period = x.previous_period AND hp.scope = x.scope AND hp.scope_id = x.scope_id AND hp.indicator_id = x.indicator_id
ORDER BY ord.i, CASE x.scope WHEN 'all' THEN 0 WHEN 'model' THEN 1 ELSE 2 END, x.scope_id`
	return q, args
}

// textOrEmpty is a text cell, or an empty one for "".
func (s *sheet) textOrEmpty(v string) xc {
	if v == "" {
		return s.empty()
	}
	return s.text(v)
}

// changeInDisplayUnit is a change in stored units as the reports show it:
// percentage points for a percent indicator (a share 0.025 is 2.5 pp),
// the value itself for the other formats.
func changeInDisplayUnit(format string, change float64) float64 {
	if format == "percent" {
		return change * 100
	}
	return change
}

// changeFormat is the Excel number format of a change in display units:
// signed, with the decimals of the indicator's format (one for percentage
// points, as 0.0% shows a share).
func changeFormat(format string) string {
	switch format {
	case "percent", "decimal1":
		return "+#,##0.0;-#,##0.0;0.0"
	case "integer":
		return "+#,##0;-#,##0;0"
	}
	return "+#,##0.00;-#,##0.00;0.00"
}

// formatChange writes a change in display units as changeFormat shows it.
func formatChange(format string, v float64) string {
	digits := 2
	switch format {
	case "percent", "decimal1":
		digits = 1
	case "integer":
		digits = 0
	}
	t := group(strconv.FormatFloat(v, 'f', digits, 64))
	if v > 0 {
		t = "+" + t
	}
	return t
}

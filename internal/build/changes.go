package build

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/indicators"
)

// changes fills indicator_changes, last of the indicator tables: for every
// indicator and every period that has an earlier one, the change of each
// community's value (scope community) and each scope's value (all, model,
// district, street) since the previous period, the latest earlier period
// indicator_values holds for the indicator. Periods are compared as text,
// so 2015 < 2020 < 2020-06 (a year sorts before its months), and the gaps
// between them may be anything.
//
// change = value − previous_value, in the indicator's stored units. The
// status follows indicator_catalog.direction: improved or declined, or
// held when |change| < held_below, half of one unit of the last digit the
// reports show for the indicator's format (indicators.DisplayStep: percent
// 0.0005 of a share, decimal1 0.05, decimal2 0.005, integer 0.5), that is
// when the change would show as none. The comparison is made on
// |change| ÷ held_below rounded to 9 decimals, so a change of exactly
// held_below that floating point leaves a hair below it is not held.
// Values are stored scaled (numerator ÷ denominator × scale), so the scale
// needs no correction. The status is NULL, with a null_reason, when the
// community or scope was not in the previous period, when either value is
// NULL, when the change is not a finite number, or when the indicator is
// neutral (a change there is neither better nor worse; change is still
// given).
//
// Only the communities and scopes of the current period have rows: a
// community found only in the previous period has none, as the change is
// read for the current period. A scope row counts the communities of the
// scope in the current period (community_scopes) by their status;
// communities_not_comparable counts those whose status is NULL, so the
// four counts add up to the scope's communities.
//
// Everything is set-based SQL over indicator_values and
// indicator_scope_values: two joins of a period with its previous one and
// one aggregation of the community statuses per scope.
func changes(ctx context.Context, conn *sql.Conn) error {
	if err := createTables(ctx, conn, "indicator_changes"); err != nil {
		return err
	}
	steps, args, err := displaySteps(ctx, conn)
	if err != nil {
		return err
	}
	stmts := []struct {
		q    string
		args []any
	}{
		{`CREATE OR REPLACE TEMP TABLE change_periods AS
SELECT p.indicator_id, p.period, p.previous_period, c.direction, s.step / 2 AS held_below
FROM (
	SELECT indicator_id, period, lag(period) OVER (PARTITION BY indicator_id ORDER BY period) AS previous_period
	FROM (SELECT DISTINCT indicator_id, period FROM indicator_values)
) p
JOIN indicator_catalog c USING (indicator_id)
JOIN (VALUES ` + steps + `) s(format, step) ON s.format = coalesce(c.format, '')
WHERE p.previous_period IS NOT NULL`, args},
		{`INSERT INTO indicator_changes BY NAME ` + statusSelect(`
	SELECT p.period, p.previous_period, 'community' AS scope, cur.community_code AS scope_id, p.indicator_id,
	       cur.value, prev.value AS previous_value, prev.community_code IS NOT NULL AS in_previous, p.direction, p.held_below
	FROM change_periods p
	JOIN indicator_values cur ON cur.indicator_id = p.indicator_id AND cur.period = p.period
	LEFT JOIN indicator_values prev ON prev.indicator_id = p.indicator_id AND prev.period = p.previous_period
	     AND prev.community_code = cur.community_code`),
			reasonArgs(newCommunity)},
		{`INSERT INTO indicator_changes BY NAME
SELECT x.*, coalesce(k.improved, 0) AS communities_improved, coalesce(k.held, 0) AS communities_held,
       coalesce(k.declined, 0) AS communities_declined, coalesce(k.not_comparable, 0) AS communities_not_comparable
FROM (` + statusSelect(`
	SELECT p.period, p.previous_period, cur.scope, cur.scope_id, p.indicator_id,
	       cur.value, prev.value AS previous_value, prev.scope_id IS NOT NULL AS in_previous, p.direction, p.held_below
	FROM change_periods p
	JOIN indicator_scope_values cur ON cur.indicator_id = p.indicator_id AND cur.period = p.period
	LEFT JOIN indicator_scope_values prev ON prev.indicator_id = p.indicator_id AND prev.period = p.previous_period
	     AND prev.scope = cur.scope AND prev.scope_id = cur.scope_id`) + `) x
LEFT JOIN (
	SELECT s.period, s.scope, s.scope_id, c.indicator_id,
	       count(*) FILTER (WHERE c.status = 'improved') AS improved,
	       count(*) FILTER (WHERE c.status = 'held') AS held,
	       count(*) FILTER (WHERE c.status = 'declined') AS declined,
	       count(*) FILTER (WHERE c.status IS NULL) AS not_comparable
	FROM indicator_changes c
	JOIN community_scopes s ON s.period = c.period AND s.community_code = c.scope_id
	WHERE c.scope = 'community'
	GROUP BY ALL
) k USING (period, scope, scope_id, indicator_id)`, reasonArgs(newScope)},
		{`DROP TABLE change_periods`, nil},
	}
	for _, st := range stmts {
		if _, err := conn.ExecContext(ctx, st.q, st.args...); err != nil {
			return fmt.Errorf("indicator_changes: %w", err)
		}
	}
	return nil
}

// displaySteps returns, as a SQL VALUES list and its arguments, the
// display step (indicators.DisplayStep) of every format in the catalog;
// an indicator without a format has the step FormatValue gives "".
func displaySteps(ctx context.Context, conn *sql.Conn) (string, []any, error) {
	rows, err := conn.QueryContext(ctx, `SELECT DISTINCT coalesce(format, '') FROM indicator_catalog ORDER BY 1`)
	if err != nil {
		return "", nil, err
	}
	defer rows.Close()
	marks := []string{"('', ?::DOUBLE)"}
	args := []any{indicators.DisplayStep("")}
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return "", nil, err
		}
		if f != "" {
			marks = append(marks, "(?, ?::DOUBLE)")
			args = append(args, f, indicators.DisplayStep(f))
		}
	}
	return strings.Join(marks, ", "), args, rows.Err()
}

// The reasons a status is NULL, bound as parameters; {p}, {pp}, {s} and
// {id} stand for the period, the previous period, the scope and its id.
const (
	newCommunity   = "社区 {id} 不在上期（{pp}）的社区名录中 / community {id} is not in the register of {pp}"
	newScope       = "范围 {s} {id} 在上期（{pp}）没有社区 / {s} {id} had no communities in {pp}"
	neitherValue   = "两期（{pp}、{p}）均无值 / no value in {pp} or in {p}"
	noValue        = "本期（{p}）无值 / no value in {p}"
	noPrevious     = "上期（{pp}）无值 / no value in {pp}"
	changeTooLarge = "变化不是有限数 / the change is not a finite number"
	neutralChange  = "中性指标：变化无所谓改善或下降 / neutral indicator: a change is neither an improvement nor a decline"
)

// reasonArgs are the arguments of statusSelect: the reason for a row not
// in the previous period, then the others.
func reasonArgs(notInPrevious string) []any {
	return []any{notInPrevious, neitherValue, noValue, noPrevious, changeTooLarge, neutralChange}
}

// statusSelect computes the declared columns of indicator_changes but the
// counts from pairs, a query of period, previous_period, scope, scope_id,
// indicator_id, value, previous_value, in_previous (whether the previous
// period has the row at all), direction and held_below.
func statusSelect(pairs string) string {
	const fill = `replace(replace(replace(replace(?, '{p}', period), '{pp}', previous_period), '{s}', scope), '{id}', scope_id)`
	return `
SELECT period, previous_period, scope, scope_id, indicator_id, value, previous_value,
       CASE WHEN isfinite(d) THEN d END AS change, held_below,
       CASE WHEN reason IS NULL THEN
            CASE WHEN round(abs(d) / held_below, 9) < 1 THEN 'held'
                 WHEN (d > 0) = (direction = 'higher_is_better') THEN 'improved'
                 ELSE 'declined' END
       END AS status,
       reason AS null_reason
FROM (
	SELECT *, value - previous_value AS d,
	       CASE WHEN NOT in_previous THEN ` + fill + `
	            WHEN value IS NULL AND previous_value IS NULL THEN ` + fill + `
	            WHEN value IS NULL THEN ` + fill + `
	            WHEN previous_value IS NULL THEN ` + fill + `
	            WHEN NOT isfinite(value - previous_value) THEN ` + fill + `
	            WHEN direction IS DISTINCT FROM 'higher_is_better' AND direction IS DISTINCT FROM 'lower_is_better' THEN ` + fill + `
	       END AS reason
	FROM (` + pairs + `)
)`
}

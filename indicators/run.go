package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/schemas"
	"shequ/standards"
)

// Execer is what Run needs of a DuckDB handle (*sql.DB, *sql.Conn or *sql.Tx).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ValuesDDL creates the tables Run fills, indicator_values and
// indicator_scope_values, from their declarations (schemas.DerivedTable).
func ValuesDDL() string {
	var ddl []string
	for _, name := range []string{"indicator_values", "indicator_scope_values"} {
		t, _ := schemas.DerivedTable(name) // both declared: see TestValuesDDL
		ddl = append(ddl, t.DDL())
	}
	return strings.Join(ddl, ";\n") + ";"
}

// CreateViews creates the helper views (declarations of kind view), in
// dependency order. Run needs them; the build also reads them before the
// indicators run (the accessibility step reads service_centres).
func CreateViews(ctx context.Context, db Execer, cat *Catalog) error {
	for _, ind := range cat.All {
		if ind.Kind != KindView {
			continue
		}
		if _, err := db.ExecContext(ctx, "CREATE VIEW "+ind.ID+" AS "+ind.SQL); err != nil {
			return fmt.Errorf("%s: %w", ind.File, err)
		}
	}
	return nil
}

// Run computes every indicator of the catalog in dependency order, after
// CreateViews: each fills indicator_values (one row per community in the
// communities table, per period) and then indicator_scope_values (ratios
// of sums per scope, read from the community_scopes table: period,
// community_code, scope, scope_id).
func Run(ctx context.Context, db Execer, cat *Catalog) error {
	for _, ind := range cat.Indicators() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := runOne(ctx, db, ind); err != nil {
			return fmt.Errorf("%s: %w", ind.File, err)
		}
	}
	if err := complete(ctx, db, cat); err != nil {
		return err
	}
	return scopeValues(ctx, db, cat)
}

// complete checks that every indicator has exactly one row per community
// of the register and period, and gives a community a declaration left out
// its row, NULL with the reason "not computed".
//
// Two rows for one community, or a row for a community outside the
// register, is a bug, never an input problem, and fails the build with
// ErrDuplicateRows: every declaration starts from the register and
// left-joins inputs that hold at most one row per community and period.
// The ingest quarantines a key held twice in one file; the build
// quarantines one held by two files of a source and period
// (crossFileDuplicates), and combines census tables and person-level
// totals into one row per community (combineCensus).
func complete(ctx context.Context, db Execer, cat *Catalog) error {
	// The usual case is cheap to confirm: the register repeats no key and
	// every indicator has exactly as many rows as it. Every declaration
	// starts from the register and left-joins its inputs, so a repeated
	// input row shows as a count above the register's, and the search for
	// the offending keys (a pass over all values) runs only then.
	var want, distinct int64
	if err := queryRow(ctx, db, `SELECT count(*), count(DISTINCT (period, community_code)) FROM communities`, &want, &distinct); err != nil {
		return err
	}
	counts, err := db.QueryContext(ctx, `SELECT indicator_id, count(*) FROM indicator_values GROUP BY indicator_id`)
	if err != nil {
		return err
	}
	have := map[string]int64{}
	for counts.Next() {
		var id string
		var n int64
		if err := counts.Scan(&id, &n); err != nil {
			counts.Close()
			return err
		}
		have[id] = n
	}
	counts.Close()
	if err := counts.Err(); err != nil {
		return err
	}
	exact := want == distinct
	for _, ind := range cat.Indicators() {
		if have[ind.ID] != want {
			exact = false
		}
	}
	if exact {
		return nil
	}
	rows, err := db.QueryContext(ctx, `SELECT v.indicator_id, v.period, v.community_code, count(*),
		bool_or(c.community_code IS NULL) AS outside
		FROM indicator_values v LEFT JOIN communities c USING (period, community_code)
		GROUP BY ALL HAVING count(*) > 1 OR bool_or(c.community_code IS NULL) ORDER BY ALL LIMIT 5`)
	if err != nil {
		return err
	}
	var bad []string
	for rows.Next() {
		var id, p, c string
		var n int
		var outside bool
		if err := rows.Scan(&id, &p, &c, &n, &outside); err != nil {
			rows.Close()
			return err
		}
		if outside {
			bad = append(bad, fmt.Sprintf("%s %s/%s is not in the community register", id, p, c))
		} else {
			bad = append(bad, fmt.Sprintf("%s %s/%s ×%d", id, p, c, n))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w (%s): an indicator declaration or the build gave a community two rows; this is a bug in shequ, please report it with the warehouse's ingest_files",
			ErrDuplicateRows, strings.Join(bad, ", "))
	}
	var ids []string
	var args []any
	for _, ind := range cat.Indicators() {
		ids = append(ids, "(?)")
		args = append(args, ind.ID)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO indicator_values (period, community_code, indicator_id, null_reason)
SELECT c.period, c.community_code, i.id, '未计算 / not computed'
FROM communities c CROSS JOIN (VALUES `+strings.Join(ids, ", ")+`) i(id)
ANTI JOIN indicator_values v ON v.period = c.period AND v.community_code = c.community_code AND v.indicator_id = i.id`, args...)
	return err
}

// MaxExact is the largest magnitude an indicator's numerator, denominator
// or a scope's sum of them may have: 2^53, beyond which a DOUBLE no longer
// holds every whole number, so a count is no longer exact. No real
// community comes near it (it is 9 quadrillion residents or yuan); an
// input beyond it is a typo (an identity number pasted into a count), and
// the value is NULL with a reason instead of a figure computed from it.
const MaxExact = 1 << 53

// inRange is the SQL test that a DOUBLE x is finite and within ±MaxExact;
// it is false (not NULL) when x is NULL.
func inRange(x string) string {
	return fmt.Sprintf("coalesce(isfinite(%[1]s) AND abs(%[1]s) <= %[2]d, false)", x, MaxExact)
}

// runOne computes one indicator's community values. The numerator and
// denominator are read as DOUBLE, so no integer arithmetic can overflow
// here; one that is not finite or beyond ±MaxExact is stored as NULL, and
// the value is NULL with a reason naming the community whenever an input
// is missing or out of range, the denominator is 0 or the result is not a
// finite number. A value is never ±Inf or NaN.
//
// An indicator with an interval gets ci_low and ci_high beside a value
// (interval.go): the Wilson interval of numerator ÷ denominator, or the
// Newcombe interval of a difference, built from the Wilson intervals its
// two indicators already have in indicator_values. below_standard
// compares the interval with the standard, or the value itself for an
// exact indicator.
func runOne(ctx context.Context, db Execer, ind *Indicator) error {
	value := "num / den * scale"
	zero := "den = 0"
	switch ind.Aggregate {
	case AggregateMedian:
		value = "num * scale"
	case AggregateDifference:
		value = "(num - den) * scale"
		zero = "false"
	}
	low, high := "NULL::DOUBLE", "NULL::DOUBLE"
	var parts, joins string
	var joinArgs []any
	switch ind.Interval {
	case IntervalWilson:
		low, high = wilsonSQL("num", "den", "scale")
	case IntervalNewcombe:
		low, high = newcombeSQL("value", "a", "b", "scale")
		parts = ", a.value AS a_v, a.ci_low AS a_lo, a.ci_high AS a_hi, b.value AS b_v, b.ci_low AS b_lo, b.ci_high AS b_hi"
		joins = `
			      LEFT JOIN indicator_values a ON a.indicator_id = ? AND a.period = x.period AND a.community_code = x.community_code
			      LEFT JOIN indicator_values b ON b.indicator_id = ? AND b.period = x.period AND b.community_code = x.community_code`
		joinArgs = []any{ind.DifferenceOf[0], ind.DifferenceOf[1]}
	}
	below := belowSQL(ind, "value", "value", "value")
	var belowArgs []any
	if ind.HasStandard() {
		belowArgs = []any{ind.StandardValue, ind.StandardValue}
	}
	if ind.Interval != "" {
		below = belowSQL(ind, "value", "ci_low", "ci_high")
	}
	q := `INSERT INTO indicator_values (period, community_code, indicator_id, value, numerator, denominator, ci_low, ci_high, below_standard, null_reason)
SELECT period, community_code, ?, value, numerator, denominator, ci_low, ci_high, ` + below + `, reason
FROM (
	SELECT *, CASE WHEN value IS NOT NULL THEN ` + low + ` END AS ci_low, CASE WHEN value IS NOT NULL THEN ` + high + ` END AS ci_high
	FROM (
		SELECT *, CASE WHEN reason IS NULL THEN v END AS value,
		       CASE WHEN num_ok THEN num END AS numerator, CASE WHEN den_ok THEN den END AS denominator
		FROM (
			SELECT *,
			       CASE WHEN den IS NULL THEN ?
			            WHEN NOT den_ok THEN replace(?, '{c}', community_code)
			            WHEN ` + zero + ` THEN ?
			            WHEN num IS NULL THEN ?
			            WHEN NOT num_ok THEN replace(?, '{c}', community_code)
			            WHEN NOT isfinite(v) THEN replace(?, '{c}', community_code) END AS reason
			FROM (
				SELECT *, CASE WHEN num_ok AND den_ok AND NOT (` + zero + `) THEN ` + value + ` END AS v
				FROM (
					SELECT *, ` + inRange("num") + ` AS num_ok, ` + inRange("den") + ` AS den_ok
					FROM (SELECT x.period, x.community_code, x.numerator::DOUBLE AS num, x.denominator::DOUBLE AS den,
					             ?::DOUBLE AS scale` + parts + `
					      FROM (` + ind.SQL + `) x` + joins + `)
				)
			)
		)
	)
)
ORDER BY period, community_code` // stored in code order: a read of a range of codes skips the rest by their zone maps
	args := append([]any{ind.ID}, belowArgs...)
	args = append(args,
		fmt.Sprintf("缺少分母：%s / missing denominator: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("社区{c}的分母超出可计算范围（不是有限数或绝对值大于2^53，多为录入错误）：%s / denominator out of range in community {c} (not finite or beyond ±2^53, most likely a typo): %s",
			ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("分母为0：%s / denominator is 0: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("缺少分子：%s / missing numerator: %s", ind.NumeratorZh, ind.NumeratorEn),
		fmt.Sprintf("社区{c}的分子超出可计算范围（不是有限数或绝对值大于2^53，多为录入错误）：%s / numerator out of range in community {c} (not finite or beyond ±2^53, most likely a typo): %s",
			ind.NumeratorZh, ind.NumeratorEn),
		"社区{c}的指标值不是有限数 / the value of community {c} is not a finite number",
		ind.Scale)
	_, err := db.ExecContext(ctx, q, append(args, joinArgs...)...)
	return err
}

// scopeValues aggregates each indicator to every scope as a ratio of sums,
// over the communities that have both a numerator and a denominator. The
// sums are of DOUBLE columns, so they cannot overflow; a sum that is not
// finite or beyond ±MaxExact, or a value that is not finite, leaves the
// scope's value NULL with a reason naming the scope, as does a scope
// whose denominators sum to 0 or that has no community with both.
//
// A Wilson indicator's scope interval is the Wilson interval of the pooled
// counts (Σ numerators ÷ Σ denominators): it treats the scope's
// respondents as one simple random sample, ignoring that they were
// sampled community by community, so it is narrower than a design-based
// interval would be. A Newcombe indicator's scope interval is built from
// its two indicators' scope intervals.
//
// Every scope counts, among its communities with a value, those meeting
// the standard (communities_meeting_standard: the value meets it) and
// those surely below it (communities_below_standard: below_standard is
// Below). For an exact indicator the two add up to the communities with a
// value; for one with an interval the rest are communities whose value
// misses the standard but whose interval reaches it.
func scopeValues(ctx context.Context, db Execer, cat *Catalog) error {
	// Every ratio indicator in one pass over indicator_values: the scale,
	// standard and interval of each come in as a VALUES list.
	var params []string
	var args []any
	for _, ind := range cat.Indicators() {
		if ind.Aggregate != AggregateRatio {
			continue
		}
		var op, std any
		if ind.HasStandard() {
			op, std = ind.StandardOp, ind.StandardValue
		}
		params = append(params, "(?, ?::DOUBLE, ?::VARCHAR, ?::DOUBLE, ?::BOOLEAN)")
		args = append(args, ind.ID, ind.Scale, op, std, ind.Interval == IntervalWilson)
	}
	if len(params) > 0 {
		low, high := wilsonSQL("num", "den", "scale")
		q := `INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, numerator, denominator, ci_low, ci_high,
	communities, communities_with_value, communities_meeting_standard, communities_below_standard, null_reason)
SELECT period, scope, scope_id, indicator_id, value, numerator, denominator,
       CASE WHEN wilson AND value IS NOT NULL THEN ` + low + ` END, CASE WHEN wilson AND value IS NOT NULL THEN ` + high + ` END,
       communities, with_value, meeting, below, reason
FROM (
	SELECT *, CASE WHEN reason IS NULL THEN v END AS value,
	       CASE WHEN num_ok THEN num END AS numerator, CASE WHEN den_ok THEN den END AS denominator
	FROM (
		SELECT *,
		       CASE WHEN den IS NULL THEN ` + scopeReason + `
		            WHEN NOT den_ok THEN ` + scopeReason + `
		            WHEN NOT num_ok THEN ` + scopeReason + `
		            WHEN NOT den > 0 THEN ` + scopeReason + `
		            WHEN NOT isfinite(v) THEN ` + scopeReason + ` END AS reason
		FROM (
			SELECT *, CASE WHEN num_ok AND den_ok AND den > 0 THEN num / den * scale END AS v
			FROM (
				SELECT *, ` + inRange("num") + ` AS num_ok, ` + inRange("den") + ` AS den_ok
				FROM (
					SELECT v.period, s.scope, s.scope_id, v.indicator_id,
					       sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL) AS num,
					       sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) AS den,
					       any_value(p.scale) AS scale, any_value(p.wilson) AS wilson,
					       count(*) AS communities, count(v.value) AS with_value,
					       CASE WHEN any_value(p.op) IS NOT NULL THEN count(*) FILTER (WHERE ` + standards.CompareSQL("p.op", "v.value", "p.std") + `) END AS meeting,
					       CASE WHEN any_value(p.op) IS NOT NULL THEN count(*) FILTER (WHERE v.below_standard = '` + Below + `') END AS below
					FROM indicator_values v
					JOIN (VALUES ` + strings.Join(params, ", ") + `) p(indicator_id, scale, op, std, wilson) USING (indicator_id)
					JOIN community_scopes s USING (period, community_code)
					GROUP BY v.period, s.scope, s.scope_id, v.indicator_id
				)
			)
		)
	)
)`
		reasons := []any{
			"范围 {s} {id} 内没有同时有分子和分母的社区 / no community in {s} {id} has both a numerator and a denominator",
			"范围 {s} {id} 的分母之和超出可计算范围（不是有限数或绝对值大于2^53） / the sum of denominators in {s} {id} is out of range (not finite or beyond ±2^53)",
			"范围 {s} {id} 的分子之和超出可计算范围（不是有限数或绝对值大于2^53） / the sum of numerators in {s} {id} is out of range (not finite or beyond ±2^53)",
			"范围 {s} {id} 的分母之和为0 / the denominators sum to 0 in {s} {id}",
			outOfRangeScope,
		}
		if _, err := db.ExecContext(ctx, q, append(reasons, args...)...); err != nil {
			return fmt.Errorf("scope values: %w", err)
		}
	}
	for _, ind := range cat.Indicators() {
		c := scopeCounts{sql: "NULL AS meeting, NULL AS below"}
		if ind.HasStandard() {
			// StandardOp is one of the four operators the declaration
			// allows (standardPattern); the threshold is bound.
			c = scopeCounts{
				sql:  "count(*) FILTER (WHERE v.value " + ind.StandardOp + " ?) AS meeting, count(*) FILTER (WHERE v.below_standard = '" + Below + "') AS below",
				args: []any{ind.StandardValue},
			}
		}
		var err error
		switch ind.Aggregate {
		case AggregateMedian:
			err = medianScopes(ctx, db, ind, c)
		case AggregateDifference:
			err = differenceScopes(ctx, db, ind, c)
		}
		if err != nil {
			return fmt.Errorf("%s: scope values: %w", ind.File, err)
		}
	}
	return nil
}

// scopeReason is a reason bound as a parameter, with {s} and {id}
// replaced by the scope and its id.
const scopeReason = `replace(replace(?, '{s}', scope), '{id}', scope_id)`

// outOfRangeScope is the reason of a scope value that is not finite.
const outOfRangeScope = "范围 {s} {id} 的指标值不是有限数 / the value in {s} {id} is not a finite number"

// scopeCounts is the select list of the columns meeting and below of a
// scope (over indicator_values v), with the values its "?" are bound to.
type scopeCounts struct {
	sql  string
	args []any
}

// medianScopes gives each scope the median of the detail rows of its
// communities; the denominator is their number. counts gives the columns
// meeting and below.
func medianScopes(ctx context.Context, db Execer, ind *Indicator, counts scopeCounts) error {
	q := `INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, numerator, denominator,
	communities, communities_with_value, communities_meeting_standard, communities_below_standard, null_reason)
WITH d AS (
	SELECT s.period, s.scope, s.scope_id, median(d.x) * ? AS value, count(d.x) AS n
	FROM ` + ind.Detail + ` d JOIN community_scopes s USING (period, community_code)
	WHERE isfinite(d.x)
	GROUP BY ALL
), v AS (
	SELECT v.period, s.scope, s.scope_id, count(*) AS communities, count(v.value) AS with_value, ` + counts.sql + `
	FROM indicator_values v JOIN community_scopes s USING (period, community_code)
	WHERE v.indicator_id = ?
	GROUP BY ALL
)
SELECT v.period, v.scope, v.scope_id, ?, CASE WHEN isfinite(d.value) THEN d.value END, CASE WHEN isfinite(d.value) THEN d.value END,
       d.n, v.communities, v.with_value, v.meeting, v.below,
       CASE WHEN d.value IS NULL THEN ` + scopeReason + ` WHEN NOT isfinite(d.value) THEN ` + scopeReason + ` END
FROM v LEFT JOIN d USING (period, scope, scope_id)`
	args := append([]any{ind.Scale}, counts.args...)
	args = append(args, ind.ID, ind.ID, "范围 {s} {id} 内没有明细记录 / no detail rows in {s} {id}", outOfRangeScope)
	_, err := db.ExecContext(ctx, q, args...)
	return err
}

// differenceScopes gives each scope the difference of two indicators'
// scope values and, for a Newcombe indicator, the interval built from
// their scope intervals. counts gives the columns meeting and below.
func differenceScopes(ctx context.Context, db Execer, ind *Indicator, counts scopeCounts) error {
	low, high := "NULL::DOUBLE", "NULL::DOUBLE"
	if ind.Interval == IntervalNewcombe {
		low, high = newcombeSQL("value", "a", "b", "scale")
	}
	q := `INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, numerator, denominator, ci_low, ci_high,
	communities, communities_with_value, communities_meeting_standard, communities_below_standard, null_reason)
WITH v AS (
	SELECT v.period, s.scope, s.scope_id, count(*) AS communities, count(v.value) AS with_value, ` + counts.sql + `
	FROM indicator_values v JOIN community_scopes s USING (period, community_code)
	WHERE v.indicator_id = ?
	GROUP BY ALL
)
SELECT period, scope, scope_id, ?, value, a_v, b_v,
       CASE WHEN value IS NOT NULL THEN ` + low + ` END, CASE WHEN value IS NOT NULL THEN ` + high + ` END,
       communities, with_value, meeting, below,
       CASE WHEN a_v IS NULL OR b_v IS NULL THEN ` + scopeReason + ` WHEN NOT isfinite(d) THEN ` + scopeReason + ` END
FROM (
	SELECT *, CASE WHEN isfinite(d) THEN d END AS value
	FROM (
		SELECT v.*, a.value AS a_v, a.ci_low AS a_lo, a.ci_high AS a_hi, b.value AS b_v, b.ci_low AS b_lo, b.ci_high AS b_hi,
		       ?::DOUBLE AS scale, (a.value - b.value) * ? AS d
		FROM v
		LEFT JOIN indicator_scope_values a ON a.indicator_id = ? AND a.period = v.period AND a.scope = v.scope AND a.scope_id = v.scope_id
		LEFT JOIN indicator_scope_values b ON b.indicator_id = ? AND b.period = v.period AND b.scope = v.scope AND b.scope_id = v.scope_id
	)
)`
	args := append(append([]any{}, counts.args...), ind.ID, ind.ID,
		fmt.Sprintf("范围 {s} {id} 缺少 %s 或 %s 的值 / no value of %s or of %s in {s} {id}",
			ind.DifferenceOf[0], ind.DifferenceOf[1], ind.DifferenceOf[0], ind.DifferenceOf[1]),
		outOfRangeScope, ind.Scale, ind.Scale, ind.DifferenceOf[0], ind.DifferenceOf[1])
	_, err := db.ExecContext(ctx, q, args...)
	return err
}

// queryRow scans one row of a query into dst.
func queryRow(ctx context.Context, db Execer, q string, dst ...any) error {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("no row from %q", q)
	}
	if err := rows.Scan(dst...); err != nil {
		return err
	}
	return rows.Err()
}

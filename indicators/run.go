package indicators

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Execer is what Run needs of a DuckDB handle (*sql.DB, *sql.Conn or *sql.Tx).
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// ValuesDDL creates the tables Run fills.
const ValuesDDL = `
CREATE TABLE indicator_values (
	period VARCHAR NOT NULL,
	community_code VARCHAR NOT NULL,
	indicator_id VARCHAR NOT NULL,
	value DOUBLE,
	numerator DOUBLE,
	denominator DOUBLE,
	null_reason VARCHAR
);
CREATE TABLE indicator_scope_values (
	period VARCHAR NOT NULL,
	scope VARCHAR NOT NULL,
	scope_id VARCHAR NOT NULL,
	indicator_id VARCHAR NOT NULL,
	value DOUBLE,
	numerator DOUBLE,
	denominator DOUBLE,
	communities BIGINT,
	communities_with_value BIGINT,
	communities_meeting_standard BIGINT
);`

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
// of the register and period: a declaration that gave two rows for one
// community (an input with two rows for it, such as two census files of a
// period that both list it) or a row for a community outside the register
// is an error; a community a declaration left out gets its row, NULL with
// the reason "not computed".
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
		return fmt.Errorf("%w (%s): an input has more than one row for a community in a period; see ingest_files for the files of that source and period",
			ErrDuplicateRows, strings.Join(bad, ", "))
	}
	var ids []string
	var args []any
	for _, ind := range cat.Indicators() {
		ids = append(ids, "(?)")
		args = append(args, ind.ID)
	}
	_, err = db.ExecContext(ctx, `INSERT INTO indicator_values
SELECT c.period, c.community_code, i.id, NULL, NULL, NULL, '未计算 / not computed'
FROM communities c CROSS JOIN (VALUES `+strings.Join(ids, ", ")+`) i(id)
ANTI JOIN indicator_values v ON v.period = c.period AND v.community_code = c.community_code AND v.indicator_id = i.id`, args...)
	return err
}

func runOne(ctx context.Context, db Execer, ind *Indicator) error {
	value := "x.numerator::DOUBLE / x.denominator::DOUBLE * ?"
	zero := "x.denominator = 0"
	switch ind.Aggregate {
	case AggregateMedian:
		value = "x.numerator::DOUBLE * ?"
	case AggregateDifference:
		value = "(x.numerator::DOUBLE - x.denominator::DOUBLE) * ?"
		zero = "false"
	}
	q := `INSERT INTO indicator_values
SELECT x.period, x.community_code, ?,
       CASE WHEN x.numerator IS NULL OR x.denominator IS NULL OR ` + zero + ` THEN NULL
            ELSE ` + value + ` END,
       x.numerator::DOUBLE, x.denominator::DOUBLE,
       CASE WHEN x.denominator IS NULL THEN ?
            WHEN ` + zero + ` THEN ?
            WHEN x.numerator IS NULL THEN ? END
FROM (` + ind.SQL + `) x`
	_, err := db.ExecContext(ctx, q, ind.ID, ind.Scale,
		fmt.Sprintf("缺少分母：%s / missing denominator: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("分母为0：%s / denominator is 0: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("缺少分子：%s / missing numerator: %s", ind.NumeratorZh, ind.NumeratorEn))
	return err
}

// scopeValues aggregates each indicator to every scope as a ratio of sums,
// over the communities that have both a numerator and a denominator.
func scopeValues(ctx context.Context, db Execer, cat *Catalog) error {
	// Every ratio indicator in one pass over indicator_values: the scale
	// and standard of each come in as a VALUES list.
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
		params = append(params, "(?, ?::DOUBLE, ?::VARCHAR, ?::DOUBLE)")
		args = append(args, ind.ID, ind.Scale, op, std)
	}
	if len(params) > 0 {
		q := `INSERT INTO indicator_scope_values
SELECT v.period, s.scope, s.scope_id, v.indicator_id,
       CASE WHEN sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) > 0
            THEN sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL)
               / sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) * any_value(p.scale) END,
       sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL),
       sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL),
       count(*), count(v.value),
       CASE WHEN any_value(p.op) IS NOT NULL THEN count(*) FILTER (WHERE ` + meetsExpr + `) END
FROM indicator_values v
JOIN (VALUES ` + strings.Join(params, ", ") + `) p(indicator_id, scale, op, std) USING (indicator_id)
JOIN community_scopes s USING (period, community_code)
GROUP BY v.period, s.scope, s.scope_id, v.indicator_id`
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("scope values: %w", err)
		}
	}
	for _, ind := range cat.Indicators() {
		meets := "NULL"
		if ind.HasStandard() {
			meets = fmt.Sprintf("count(*) FILTER (WHERE v.value %s %v)", ind.StandardOp, ind.StandardValue)
		}
		var err error
		switch ind.Aggregate {
		case AggregateMedian:
			err = medianScopes(ctx, db, ind, meets)
		case AggregateDifference:
			err = differenceScopes(ctx, db, ind, meets)
		}
		if err != nil {
			return fmt.Errorf("%s: scope values: %w", ind.File, err)
		}
	}
	return nil
}

// meetsExpr tells whether v.value meets the standard p.op p.std.
const meetsExpr = `CASE p.op WHEN '>=' THEN v.value >= p.std WHEN '>' THEN v.value > p.std
	WHEN '<=' THEN v.value <= p.std WHEN '<' THEN v.value < p.std END`

// medianScopes gives each scope the median of the detail rows of its
// communities; the denominator is their number.
func medianScopes(ctx context.Context, db Execer, ind *Indicator, meets string) error {
	q := `INSERT INTO indicator_scope_values
WITH d AS (
	SELECT s.period, s.scope, s.scope_id, median(d.x) * ? AS value, count(d.x) AS n
	FROM ` + ind.Detail + ` d JOIN community_scopes s USING (period, community_code)
	GROUP BY ALL
), v AS (
	SELECT v.period, s.scope, s.scope_id, count(*) AS communities, count(v.value) AS with_value, ` + meets + ` AS meeting
	FROM indicator_values v JOIN community_scopes s USING (period, community_code)
	WHERE v.indicator_id = ?
	GROUP BY ALL
)
SELECT v.period, v.scope, v.scope_id, ?, d.value, d.value, d.n, v.communities, v.with_value, v.meeting
FROM v LEFT JOIN d USING (period, scope, scope_id)`
	_, err := db.ExecContext(ctx, q, ind.Scale, ind.ID, ind.ID)
	return err
}

// differenceScopes gives each scope the difference of two indicators'
// scope values.
func differenceScopes(ctx context.Context, db Execer, ind *Indicator, meets string) error {
	q := `INSERT INTO indicator_scope_values
WITH v AS (
	SELECT v.period, s.scope, s.scope_id, count(*) AS communities, count(v.value) AS with_value, ` + meets + ` AS meeting
	FROM indicator_values v JOIN community_scopes s USING (period, community_code)
	WHERE v.indicator_id = ?
	GROUP BY ALL
)
SELECT v.period, v.scope, v.scope_id, ?, (a.value - b.value) * ?, a.value, b.value, v.communities, v.with_value, v.meeting
FROM v
LEFT JOIN indicator_scope_values a ON a.indicator_id = ? AND a.period = v.period AND a.scope = v.scope AND a.scope_id = v.scope_id
LEFT JOIN indicator_scope_values b ON b.indicator_id = ? AND b.period = v.period AND b.scope = v.scope AND b.scope_id = v.scope_id`
	_, err := db.ExecContext(ctx, q, ind.ID, ind.ID, ind.Scale, ind.DifferenceOf[0], ind.DifferenceOf[1])
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

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
	null_reason VARCHAR,
	PRIMARY KEY (period, community_code, indicator_id)
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
	communities_meeting_standard BIGINT,
	PRIMARY KEY (period, scope, scope_id, indicator_id)
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
	return scopeValues(ctx, db, cat)
}

func runOne(ctx context.Context, db Execer, ind *Indicator) error {
	// A declaration must give at most one row per community and period.
	rows, err := db.QueryContext(ctx, `SELECT period, community_code, count(*) FROM (`+ind.SQL+`) x
		GROUP BY ALL HAVING count(*) > 1 ORDER BY period, community_code LIMIT 5`)
	if err != nil {
		return err
	}
	var dups []string
	for rows.Next() {
		var p, c string
		var n int
		if err := rows.Scan(&p, &c, &n); err != nil {
			rows.Close()
			return err
		}
		dups = append(dups, fmt.Sprintf("%s/%s ×%d", p, c, n))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(dups) > 0 {
		return fmt.Errorf("more than one row per community and period (%s): an input has duplicate rows for a community", strings.Join(dups, ", "))
	}
	q := `INSERT INTO indicator_values
SELECT c.period, c.community_code, ?,
       CASE WHEN x.numerator IS NULL OR x.denominator IS NULL OR x.denominator = 0 THEN NULL
            ELSE x.numerator::DOUBLE / x.denominator::DOUBLE * ? END,
       x.numerator::DOUBLE, x.denominator::DOUBLE,
       CASE WHEN x.community_code IS NULL THEN '未计算 / not computed'
            WHEN x.denominator IS NULL THEN ?
            WHEN x.denominator = 0 THEN ?
            WHEN x.numerator IS NULL THEN ? END
FROM communities c
LEFT JOIN (` + ind.SQL + `) x USING (period, community_code)`
	_, err = db.ExecContext(ctx, q, ind.ID, ind.Scale,
		fmt.Sprintf("缺少分母：%s / missing denominator: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("分母为0：%s / denominator is 0: %s", ind.DenominatorZh, ind.DenominatorEn),
		fmt.Sprintf("缺少分子：%s / missing numerator: %s", ind.NumeratorZh, ind.NumeratorEn))
	return err
}

// scopeValues aggregates each indicator to every scope as a ratio of sums,
// over the communities that have both a numerator and a denominator.
func scopeValues(ctx context.Context, db Execer, cat *Catalog) error {
	for _, ind := range cat.Indicators() {
		meets := "NULL"
		if ind.HasStandard() {
			meets = fmt.Sprintf("count(*) FILTER (WHERE v.value %s %v)", ind.StandardOp, ind.StandardValue)
		}
		q := `INSERT INTO indicator_scope_values
SELECT v.period, s.scope, s.scope_id, v.indicator_id,
       CASE WHEN sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) > 0
            THEN sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL)
               / sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) * ? END,
       sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL),
       sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL),
       count(*), count(v.value), ` + meets + `
FROM indicator_values v
JOIN community_scopes s USING (period, community_code)
WHERE v.indicator_id = ?
GROUP BY v.period, s.scope, s.scope_id, v.indicator_id`
		if _, err := db.ExecContext(ctx, q, ind.Scale, ind.ID); err != nil {
			return fmt.Errorf("%s: scope values: %w", ind.File, err)
		}
	}
	return nil
}

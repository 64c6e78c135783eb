package build

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/indicators"
	"shequ/internal/inequality"
)

// equalizationDDL creates the equalization and lorenz_points tables.
const equalizationDDL = `
CREATE TABLE equalization (
	period VARCHAR NOT NULL,
	scope VARCHAR NOT NULL,
	scope_id VARCHAR NOT NULL,
	indicator_id VARCHAR NOT NULL,
	measure VARCHAR NOT NULL,
	value DOUBLE,
	n BIGINT,
	groups_by VARCHAR,
	null_reason VARCHAR
);
CREATE TABLE lorenz_points (
	period VARCHAR NOT NULL,
	scope VARCHAR NOT NULL,
	scope_id VARCHAR NOT NULL,
	indicator_id VARCHAR NOT NULL,
	point INTEGER NOT NULL,
	population_share DOUBLE,
	value_share DOUBLE
);`

// equalization computes every measure for every equalized indicator over
// the communities of every scope, population-weighted by the indicator's
// denominator (residents or households). Theil decompositions group the
// communities of the whole set by model, and those of a model or district
// by street.
func equalization(ctx context.Context, conn *sql.Conn, cat *indicators.Catalog) error {
	if _, err := conn.ExecContext(ctx, equalizationDDL); err != nil {
		return err
	}
	type key struct{ period, scope, scopeID, indicator string }
	groups := map[key][]inequality.Obs{}
	var order []key
	standards := map[string]*indicators.Indicator{}
	for _, ind := range cat.Indicators() {
		if !ind.Equalize {
			continue
		}
		standards[ind.ID] = ind
		rows, err := conn.QueryContext(ctx, `
SELECT v.period, s.scope, s.scope_id, v.value, v.denominator,
       CASE s.scope WHEN 'all' THEN coalesce(c.model_id, '') WHEN 'street' THEN '' ELSE c.street_code END
FROM indicator_values v
JOIN community_scopes s USING (period, community_code)
JOIN communities c USING (period, community_code)
WHERE v.indicator_id = ? AND v.value IS NOT NULL
ORDER BY v.period, s.scope, s.scope_id, v.community_code`, ind.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k key
			var o inequality.Obs
			if err := rows.Scan(&k.period, &k.scope, &k.scopeID, &o.Value, &o.Weight, &o.Group); err != nil {
				rows.Close()
				return err
			}
			k.indicator = ind.ID
			if _, ok := groups[k]; !ok {
				order = append(order, k)
			}
			groups[k] = append(groups[k], o)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		eq, err := duckdb.NewAppenderFromConn(c, "", "equalization")
		if err != nil {
			return err
		}
		lz, err := duckdb.NewAppenderFromConn(c, "", "lorenz_points")
		if err != nil {
			eq.Close()
			return err
		}
		ferr := func() error {
			for i, k := range order {
				if i%1024 == 0 && ctx.Err() != nil {
					return ctx.Err()
				}
				obs := groups[k]
				by := map[string]string{"all": "model", "model": "street", "district": "street"}[k.scope]
				n := int64(len(obs))
				for _, m := range inequality.Measures(obs) {
					if err := appendMeasure(eq, k.period, k.scope, k.scopeID, k.indicator, m.ID, m.Result, n, by); err != nil {
						return err
					}
				}
				if ind := standards[k.indicator]; ind.HasStandard() {
					higher := ind.StandardOp == ">=" || ind.StandardOp == ">"
					r := inequality.ShareBelow(obs, ind.StandardValue, higher)
					if err := appendMeasure(eq, k.period, k.scope, k.scopeID, k.indicator, "share_below_standard", r, n, ""); err != nil {
						return err
					}
					r = inequality.PopulationShareBelow(obs, ind.StandardValue, higher)
					if err := appendMeasure(eq, k.period, k.scope, k.scopeID, k.indicator, "population_share_below_standard", r, n, ""); err != nil {
						return err
					}
				}
				if k.scope == "street" {
					continue // Lorenz curves are drawn for the larger scopes
				}
				for j, p := range inequality.Lorenz(obs) {
					if err := lz.AppendRow(k.period, k.scope, k.scopeID, k.indicator, int32(j), p.Pop, p.Share); err != nil {
						return err
					}
				}
			}
			return nil
		}()
		return errors.Join(ferr, eq.Close(), lz.Close())
	})
}

func appendMeasure(a *duckdb.Appender, period, scope, scopeID, indicator, measure string, r inequality.Result, n int64, by string) error {
	var value, reason, groupsBy any
	if r.Valid {
		value = r.Value
	} else {
		reason = r.Reason
	}
	if by != "" && (measure == inequality.IDTheilTBetween || measure == inequality.IDTheilTWithin ||
		measure == inequality.IDTheilLBetween || measure == inequality.IDTheilLWithin) {
		groupsBy = by
	}
	return a.AppendRow(period, scope, scopeID, indicator, measure, value, n, groupsBy, reason)
}

package build

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"sort"

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
func equalization(ctx context.Context, db *sql.DB, conn *sql.Conn, cat *indicators.Catalog) error {
	if _, err := conn.ExecContext(ctx, equalizationDDL); err != nil {
		return err
	}
	// The measures are appended through a second connection while the
	// first streams the values, one scope at a time, so memory holds one
	// group of communities, not the country.
	wconn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer wconn.Close()
	return wconn.Raw(func(dc any) error {
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
			for _, ind := range cat.Indicators() {
				if !ind.Equalize {
					continue
				}
				if err := equalizeOne(ctx, conn, ind, eq, lz); err != nil {
					return fmt.Errorf("%s: %w", ind.File, err)
				}
			}
			return nil
		}()
		return errors.Join(ferr, eq.Close(), lz.Close())
	})
}

// equalizeOne reads one indicator's community values once, in community
// code order, so that every street and every district is a run of
// consecutive rows; models and the whole set are gathered as they go. Each
// scope's measures are written as soon as its last community is read.
func equalizeOne(ctx context.Context, conn *sql.Conn, ind *indicators.Indicator, eq, lz *duckdb.Appender) error {
	rows, err := conn.QueryContext(ctx, `
SELECT v.period, c.street_code, c.district_code, coalesce(c.model_id, ''), v.value, v.denominator
FROM indicator_values v
JOIN communities c USING (period, community_code)
WHERE v.indicator_id = ? AND v.value IS NOT NULL
ORDER BY v.period, c.district_code, c.street_code, v.community_code`, ind.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		period, street, district string
		streetObs, districtObs   []inequality.Obs
		all                      []inequality.Obs
		models                   = map[string][]inequality.Obs{}
		n                        int
	)
	endPeriod := func() error {
		if len(all) == 0 {
			return nil
		}
		if err := writeMeasures(ind, period, "all", "all", all, eq, lz); err != nil {
			return err
		}
		ids := make([]string, 0, len(models))
		for id := range models {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if err := writeMeasures(ind, period, "model", id, models[id], eq, lz); err != nil {
				return err
			}
		}
		all, models = all[:0], map[string][]inequality.Obs{}
		return nil
	}
	for rows.Next() {
		var p, st, d, model string
		var o inequality.Obs
		if err := rows.Scan(&p, &st, &d, &model, &o.Value, &o.Weight); err != nil {
			return err
		}
		if st != street || p != period {
			if err := writeMeasures(ind, period, "street", street, streetObs, eq, lz); err != nil {
				return err
			}
			streetObs = streetObs[:0]
		}
		if d != district || p != period {
			if err := writeMeasures(ind, period, "district", district, districtObs, eq, lz); err != nil {
				return err
			}
			districtObs = districtObs[:0]
		}
		if p != period {
			if err := endPeriod(); err != nil {
				return err
			}
		}
		period, street, district = p, st, d
		streetObs = append(streetObs, o)
		o.Group = st // districts and models decompose by street
		districtObs = append(districtObs, o)
		if model != "" {
			models[model] = append(models[model], o)
		}
		o.Group = model // the whole set decomposes by model
		all = append(all, o)
		if n++; n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := writeMeasures(ind, period, "street", street, streetObs, eq, lz); err != nil {
		return err
	}
	if err := writeMeasures(ind, period, "district", district, districtObs, eq, lz); err != nil {
		return err
	}
	return endPeriod()
}

// writeMeasures appends every measure of one scope, and its Lorenz curve
// for scopes larger than a street.
func writeMeasures(ind *indicators.Indicator, period, scope, scopeID string, obs []inequality.Obs, eq, lz *duckdb.Appender) error {
	if len(obs) == 0 {
		return nil
	}
	by := map[string]string{"all": "model", "model": "street", "district": "street"}[scope]
	n := int64(len(obs))
	for _, m := range inequality.Measures(obs) {
		if by == "" && decomposition[m.ID] {
			continue // a street is not decomposed
		}
		if err := appendMeasure(eq, period, scope, scopeID, ind.ID, m.ID, m.Result, n, by); err != nil {
			return err
		}
	}
	if ind.HasStandard() {
		higher := ind.StandardOp == ">=" || ind.StandardOp == ">"
		r := inequality.ShareBelow(obs, ind.StandardValue, higher)
		if err := appendMeasure(eq, period, scope, scopeID, ind.ID, "share_below_standard", r, n, ""); err != nil {
			return err
		}
		r = inequality.PopulationShareBelow(obs, ind.StandardValue, higher)
		if err := appendMeasure(eq, period, scope, scopeID, ind.ID, "population_share_below_standard", r, n, ""); err != nil {
			return err
		}
	}
	if scope == "street" {
		return nil // Lorenz curves are drawn for the larger scopes
	}
	for j, p := range thin(inequality.Lorenz(obs), maxLorenzPoints) {
		if err := lz.AppendRow(period, scope, scopeID, ind.ID, int32(j), p.Pop, p.Share); err != nil {
			return err
		}
	}
	return nil
}

// maxLorenzPoints bounds the vertices kept of a Lorenz curve: enough for a
// chart, where a province would otherwise keep one per community.
const maxLorenzPoints = 201

// thin keeps at most max vertices of a curve, evenly spaced by index and
// always the first and the last: a subset of the exact vertices, so the
// thinned curve still lies on or under the exact one.
func thin(pts []inequality.Point, max int) []inequality.Point {
	if len(pts) <= max {
		return pts
	}
	out := make([]inequality.Point, max)
	for i := range out {
		out[i] = pts[int(math.Round(float64(i)*float64(len(pts)-1)/float64(max-1)))]
	}
	return out
}

// decomposition lists the between/within measures, which need groups.
var decomposition = map[string]bool{
	inequality.IDTheilTBetween: true, inequality.IDTheilTWithin: true,
	inequality.IDTheilLBetween: true, inequality.IDTheilLWithin: true,
}

func appendMeasure(a *duckdb.Appender, period, scope, scopeID, indicator, measure string, r inequality.Result, n int64, by string) error {
	var value, reason, groupsBy any
	if r.Valid {
		value = r.Value
	} else {
		reason = r.Reason
	}
	if by != "" && decomposition[measure] {
		groupsBy = by
	}
	return a.AppendRow(period, scope, scopeID, indicator, measure, value, n, groupsBy, reason)
}

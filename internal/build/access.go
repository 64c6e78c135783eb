package build

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"sync"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/access"
)

// residentPointsSQL places each community's residents: on its grid
// centroids in proportion to the grids' households, or, for a community
// without located grids, on its own centroid. The shares are computed in
// DOUBLE (residents × households of a typo'd census would overflow
// BIGINT), and a point whose coordinates are not a latitude and longitude
// (the ingest rejects them; a Parquet written otherwise may hold them)
// counts as not located.
const residentPointsSQL = `
WITH g AS (
	SELECT period, community_code, grid_id, lat, lon, households,
	       sum(households::DOUBLE) OVER (PARTITION BY period, community_code) AS hh_total
	FROM grid WHERE ` + locatedSQL + ` AND households > 0
),
gridded AS (
	SELECT g.period, g.grid_id AS point_id, g.community_code, 'grid' AS kind, g.lat, g.lon,
	       p.resident::DOUBLE * g.households / g.hh_total AS residents
	FROM g JOIN census p USING (period, community_code)
	WHERE p.resident > 0
),
centroid AS (
	SELECT c.period, c.community_code AS point_id, c.community_code, 'community' AS kind, c.lat, c.lon,
	       p.resident::DOUBLE AS residents
	FROM communities c JOIN census p USING (period, community_code)
	WHERE p.resident > 0 AND ` + locatedSQL + `
	  AND NOT EXISTS (SELECT 1 FROM g WHERE g.period = c.period AND g.community_code = c.community_code)
)
SELECT period, point_id, community_code, kind, lat, lon, residents FROM gridded
UNION ALL
SELECT period, point_id, community_code, kind, lat, lon, residents FROM centroid
ORDER BY period, community_code, point_id`

// locatedSQL holds for a row whose lat and lon are a latitude and a
// longitude in degrees; false for NULL, NaN and anything out of range.
const locatedSQL = `coalesce(lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 AND isfinite(lat) AND isfinite(lon), false)`

// accessibility computes, per period, each resident point's distance to the
// nearest service centre and its Gaussian (Dai 2010) and uniform 2SFCA
// accessibility to centre floor area within the catchment, and fills
// resident_points.
func accessibility(ctx context.Context, conn *sql.Conn, catchment float64) error {
	if err := createTables(ctx, conn, "resident_points"); err != nil {
		return err
	}
	type pt struct {
		period, id, community, kind string
		p                           access.Point
	}
	rows, err := conn.QueryContext(ctx, residentPointsSQL)
	if err != nil {
		return err
	}
	byPeriod := map[string][]pt{}
	var periods []string
	for rows.Next() {
		var x pt
		if err := rows.Scan(&x.period, &x.id, &x.community, &x.kind, &x.p.Lat, &x.p.Lon, &x.p.Weight); err != nil {
			rows.Close()
			return err
		}
		if _, ok := byPeriod[x.period]; !ok {
			periods = append(periods, x.period)
		}
		byPeriod[x.period] = append(byPeriod[x.period], x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type result struct{ near, gauss, uni []float64 }
	results := map[string]result{}
	for _, period := range periods {
		supply, err := centres(ctx, conn, period)
		if err != nil {
			return err
		}
		if len(supply) == 0 {
			continue // no located centre: distances and access stay NULL
		}
		pts := byPeriod[period]
		demand := make([]access.Point, len(pts))
		for i, x := range pts {
			demand[i] = x.p
		}
		// The nearest-centre search and the two 2SFCA weights (which share
		// their catchment searches) run side by side.
		var r result
		var wg sync.WaitGroup
		var nerr, aerr error
		wg.Add(2)
		go func() {
			defer wg.Done()
			r.near, nerr = access.NearestDistances(ctx, demand, supply, 50*catchment)
		}()
		go func() {
			defer wg.Done()
			var a [][]float64
			a, aerr = access.TwoStepWeights(ctx, demand, supply, catchment, access.Gaussian(catchment), access.Uniform)
			if aerr == nil {
				r.gauss, r.uni = a[0], a[1]
			}
		}()
		wg.Wait()
		if err := errors.Join(nerr, aerr); err != nil {
			return fmt.Errorf("period %s: %w", period, err)
		}
		results[period] = r
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		app, err := duckdb.NewAppenderFromConn(c, "", "resident_points")
		if err != nil {
			return err
		}
		ferr := func() error {
			for _, period := range periods {
				r, located := results[period]
				for i, x := range byPeriod[period] {
					var d, g, u any
					if located {
						if !math.IsInf(r.near[i], 1) {
							d = r.near[i]
						}
						g, u = r.gauss[i], r.uni[i]
					}
					if err := app.AppendRow(x.period, x.id, x.community, x.kind, x.p.Lat, x.p.Lon, x.p.Weight, d, g, u); err != nil {
						return err
					}
				}
			}
			return nil
		}()
		return errors.Join(ferr, app.Close())
	})
}

// centres returns the located service centres of a period, weighted by
// floor area (a centre without a floor area, or with one that is not a
// finite number ≥ 0, counts as 0 m²: it is reachable but supplies nothing
// to the 2SFCA).
func centres(ctx context.Context, conn *sql.Conn, period string) ([]access.Point, error) {
	rows, err := conn.QueryContext(ctx, `SELECT facility_id, lat, lon,
		CASE WHEN isfinite(floor_area_m2) AND floor_area_m2 >= 0 THEN floor_area_m2 ELSE 0 END
		FROM service_centres WHERE period = ? AND `+locatedSQL+` ORDER BY facility_id`, period)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Point
	for rows.Next() {
		var p access.Point
		if err := rows.Scan(&p.ID, &p.Lat, &p.Lon, &p.Weight); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

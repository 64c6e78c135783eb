package build

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/access"
	"shequ/internal/warehouse"
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
// resident_points. The points are read as Arrow columns built in mem,
// released before it returns.
func accessibility(ctx context.Context, conn *sql.Conn, catchment float64, mem memory.Allocator) error {
	if err := createTables(ctx, conn, "resident_points"); err != nil {
		return err
	}
	var cols []arrow.Array
	err := warehouse.ScanArrow(ctx, conn, residentPointsSQL, nil, func(rdr array.RecordReader) (err error) {
		const str, f64 = arrow.STRING, arrow.FLOAT64
		cols, err = collect(rdr, mem, str, str, str, str, f64, f64, f64)
		return err
	})
	if err != nil {
		return err
	}
	defer release(cols)
	// The columns of residentPointsSQL, in its order; the query sorts by
	// period, so each period is one run of rows.
	var (
		period    = cols[0].(*array.String)
		id        = cols[1].(*array.String)
		community = cols[2].(*array.String)
		kind      = cols[3].(*array.String)
		lat       = cols[4].(*array.Float64).Float64Values()
		lon       = cols[5].(*array.Float64).Float64Values()
		residents = cols[6].(*array.Float64).Float64Values()
	)
	type run struct {
		period     string
		start, end int
	}
	var periods []run
	for i := range period.Len() {
		if p := period.Value(i); len(periods) == 0 || periods[len(periods)-1].period != p {
			periods = append(periods, run{p, i, i})
		}
		periods[len(periods)-1].end = i + 1
	}
	type result struct{ near, gauss, uni []float64 }
	results := map[string]result{}
	for _, pr := range periods {
		supply, err := centres(ctx, conn, pr.period)
		if err != nil {
			return err
		}
		if len(supply) == 0 {
			continue // no located centre: distances and access stay NULL
		}
		demand := make([]access.Point, pr.end-pr.start)
		for i := range demand {
			j := pr.start + i
			demand[i] = access.Point{Lat: lat[j], Lon: lon[j], Weight: residents[j]}
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
			return fmt.Errorf("period %s: %w", pr.period, err)
		}
		results[pr.period] = r
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
			for _, pr := range periods {
				r, located := results[pr.period]
				for i := range pr.end - pr.start {
					var d, g, u any
					if located {
						if !math.IsInf(r.near[i], 1) {
							d = r.near[i]
						}
						g, u = r.gauss[i], r.uni[i]
					}
					j := pr.start + i
					if err := app.AppendRow(pr.period, id.Value(j), community.Value(j), kind.Value(j), lat[j], lon[j], residents[j], d, g, u); err != nil {
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
	var out []access.Point
	err := warehouse.ScanArrow(ctx, conn, `SELECT facility_id, lat::DOUBLE, lon::DOUBLE,
		CASE WHEN isfinite(floor_area_m2) AND floor_area_m2 >= 0 THEN floor_area_m2 ELSE 0 END::DOUBLE
		FROM service_centres WHERE period = ? AND `+locatedSQL+` ORDER BY facility_id`, []any{period},
		func(rdr array.RecordReader) error {
			for rdr.Next() {
				rec := rdr.RecordBatch()
				ids, err := stringCol(rec, 0)
				if err != nil {
					return err
				}
				lat, err := floatCol(rec, 1)
				if err != nil {
					return err
				}
				lon, err := floatCol(rec, 2)
				if err != nil {
					return err
				}
				area, err := floatCol(rec, 3)
				if err != nil {
					return err
				}
				for i := range ids.Len() {
					out = append(out, access.Point{ID: strings.Clone(ids.Value(i)), Lat: lat[i], Lon: lon[i], Weight: area[i]})
				}
			}
			return nil
		})
	return out, err
}

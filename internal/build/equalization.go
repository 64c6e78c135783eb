package build

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/indicators"
	"shequ/internal/inequality"
	"shequ/internal/warehouse"
)

// equalization computes every measure for every equalized indicator over
// the communities of every scope, population-weighted by the indicator's
// denominator (residents or households). Theil decompositions group the
// communities of the whole set by model, and those of a model or district
// by street.
func equalization(ctx context.Context, db *sql.DB, conn *sql.Conn, cat *indicators.Catalog) error {
	if err := createTables(ctx, conn, "equalization", "lorenz_points"); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, wideDDL()); err != nil {
		return err
	}
	if err := appendMeasures(ctx, db, conn, cat); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, longSQL()); err != nil {
		return fmt.Errorf("equalization from the wide table: %w", err)
	}
	_, err := conn.ExecContext(ctx, "DROP TABLE equalization_wide")
	return err
}

// appendMeasures computes the measures of every scope of every equalized
// indicator and appends them to equalization_wide and lorenz_points.
func appendMeasures(ctx context.Context, db *sql.DB, conn *sql.Conn, cat *indicators.Catalog) error {
	// This goroutine streams the values, one scope at a time, so memory
	// holds a group of communities, not the country; writers compute the
	// measures and append them, each through a connection of its own, so
	// reading, computing and appending overlap on the cores there are.
	type job struct {
		ind                    *indicators.Indicator
		period, scope, scopeID string
		obs                    []inequality.Obs
	}
	jobs := make(chan job, 1024)
	const writers = 2
	done := make(chan error, writers)
	for range writers {
		go func() {
			err := appendFrom(ctx, db, func(eq, lz *duckdb.Appender) error {
				var err error
				for j := range jobs {
					if err == nil {
						err = writeMeasures(j.ind, j.period, j.scope, j.scopeID, j.obs, eq, lz)
					}
				}
				return err
			})
			if err != nil {
				for range jobs { // keep the reader from blocking
				}
			}
			done <- err
		}()
	}
	ferr := func() error {
		for _, ind := range cat.Indicators() {
			if !ind.Equalize {
				continue
			}
			emit := func(period, scope, scopeID string, obs []inequality.Obs) {
				if len(obs) > 0 {
					jobs <- job{ind, period, scope, scopeID, slices.Clone(obs)}
				}
			}
			if err := equalizeOne(ctx, conn, ind, emit); err != nil {
				return fmt.Errorf("%s: %w", ind.File, err)
			}
		}
		return nil
	}()
	close(jobs)
	for range writers {
		ferr = errors.Join(ferr, <-done)
	}
	return ferr
}

// appendFrom runs fn with appenders on equalization_wide and lorenz_points
// over a connection of its own, and closes them (which flushes the rows).
func appendFrom(ctx context.Context, db *sql.DB, fn func(eq, lz *duckdb.Appender) error) error {
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
		eq, err := duckdb.NewAppenderFromConn(c, "", "equalization_wide")
		if err != nil {
			return err
		}
		lz, err := duckdb.NewAppenderFromConn(c, "", "lorenz_points")
		if err != nil {
			eq.Close()
			return err
		}
		return errors.Join(fn(eq, lz), eq.Close(), lz.Close())
	})
}

// equalizeSQL reads an indicator's community values (with their weights),
// in street order.
const equalizeSQL = `
SELECT v.period, c.street_code, c.district_code, coalesce(c.model_id, ''), v.value::DOUBLE, v.denominator::DOUBLE
FROM indicator_values v
JOIN communities c USING (period, community_code)
WHERE v.indicator_id = ? AND isfinite(v.value) AND isfinite(v.denominator)
ORDER BY v.period, c.district_code, c.street_code, v.community_code`

// equalizeOne reads one indicator's community values once, in community
// code order, so that every street and every district is a run of
// consecutive rows; models and the whole set are gathered as they go. Each
// scope's measures are written as soon as its last community is read. The
// values arrive as Arrow batches; a code is copied out of its batch only
// when it changes from the row before.
//
// A community takes part when its value and its weight (the denominator)
// are finite numbers. indicators.Run leaves the value NULL, with a
// null_reason naming the community, whenever an input or the result is not
// finite, so the filter here only keeps that rule should another writer of
// indicator_values break it: such a community is left out of every scope,
// as one without a value is, and n counts the communities that took part.
func equalizeOne(ctx context.Context, conn *sql.Conn, ind *indicators.Indicator, emit func(period, scope, scopeID string, obs []inequality.Obs)) error {
	var (
		period, street, district, model string
		streetObs, districtObs          []inequality.Obs
		all                             []inequality.Obs
		models                          = map[string][]inequality.Obs{}
		started                         bool
	)
	endPeriod := func() {
		if len(all) == 0 {
			return
		}
		emit(period, "all", "all", all)
		ids := make([]string, 0, len(models))
		for id := range models {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			emit(period, "model", id, models[id])
		}
		all, models = all[:0], map[string][]inequality.Obs{}
	}
	err := warehouse.ScanArrow(ctx, conn, equalizeSQL, []any{ind.ID}, func(rdr array.RecordReader) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			var strs [4]*array.String
			for i := range strs {
				var err error
				if strs[i], err = stringCol(rec, i); err != nil {
					return err
				}
			}
			values, err := floatCol(rec, 4)
			if err != nil {
				return err
			}
			weights, err := floatCol(rec, 5)
			if err != nil {
				return err
			}
			for i := range int(rec.NumRows()) {
				p, st, d, m := strs[0].Value(i), strs[1].Value(i), strs[2].Value(i), strs[3].Value(i)
				newPeriod := !started || p != period
				if newPeriod || st != street {
					emit(period, "street", street, streetObs)
					streetObs = streetObs[:0]
				}
				if newPeriod || d != district {
					emit(period, "district", district, districtObs)
					districtObs = districtObs[:0]
				}
				if newPeriod {
					endPeriod()
				}
				if newPeriod {
					period = strings.Clone(p)
				}
				if st != street {
					street = strings.Clone(st)
				}
				if d != district {
					district = strings.Clone(d)
				}
				if m != model {
					model = strings.Clone(m)
				}
				started = true
				o := inequality.Obs{Value: values[i], Weight: weights[i]}
				streetObs = append(streetObs, o)
				o.Group = street // districts and models decompose by street
				districtObs = append(districtObs, o)
				if model != "" {
					models[model] = append(models[model], o)
				}
				o.Group = model // the whole set decomposes by model
				all = append(all, o)
			}
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	emit(period, "street", street, streetObs)
	emit(period, "district", district, districtObs)
	endPeriod()
	return nil
}

// writeMeasures appends every measure of one scope, and its Lorenz curve
// for scopes larger than a street.
func writeMeasures(ind *indicators.Indicator, period, scope, scopeID string, obs []inequality.Obs, eq, lz *duckdb.Appender) error {
	if len(obs) == 0 {
		return nil
	}
	by := map[string]string{"all": "model", "model": "street", "district": "street"}[scope]
	row := make([]driver.Value, 0, 6+2*len(measureIDs))
	var groupsBy any
	if by != "" {
		groupsBy = by
	}
	row = append(row, period, scope, scopeID, ind.ID, int64(len(obs)), groupsBy)
	add := func(id string, r inequality.Result) {
		switch {
		case by == "" && decomposition[id]:
			row = append(row, nil, nil) // a street is not decomposed
		case r.Valid:
			row = append(row, r.Value, nil)
		default:
			row = append(row, nil, r.Reason)
		}
	}
	for _, m := range inequality.Measures(obs) {
		add(m.ID, m.Result)
	}
	if ind.HasStandard() {
		higher := ind.StandardOp == ">=" || ind.StandardOp == ">"
		add("share_below_standard", inequality.ShareBelow(obs, ind.StandardValue, higher))
		add("population_share_below_standard", inequality.PopulationShareBelow(obs, ind.StandardValue, higher))
	} else {
		row = append(row, nil, nil, nil, nil)
	}
	if err := eq.AppendRow(row...); err != nil {
		return err
	}
	if scope != "all" && scope != "model" {
		return nil // Lorenz curves are drawn for the whole set and the models
	}
	for j, p := range thin(inequality.Lorenz(obs), maxLorenzPoints) {
		if err := lz.AppendRow(period, scope, scopeID, ind.ID, int32(j), p.Pop, p.Share); err != nil {
			return err
		}
	}
	return nil
}

// measureIDs are the measures of a scope, in the order of the columns of
// equalization_wide: every inequality measure, then the shares below the
// standard.
var measureIDs = append(inequality.IDs(), "share_below_standard", "population_share_below_standard")

// wideDDL creates the table the measures are appended to, one row per
// scope and indicator with a value and a reason column per measure (v0,
// r0, v1, r1, …); longSQL turns it into the long equalization table. One
// wide row per scope costs a sixteenth of the appends of long rows.
func wideDDL() string {
	cols := []string{"period VARCHAR", "scope VARCHAR", "scope_id VARCHAR", "indicator_id VARCHAR", "n BIGINT", "groups_by VARCHAR"}
	for i := range measureIDs {
		cols = append(cols, fmt.Sprintf("v%d DOUBLE, r%d VARCHAR", i, i))
	}
	return "CREATE TABLE equalization_wide (" + strings.Join(cols, ", ") + ")"
}

func longSQL() string {
	var parts []string
	for i, id := range measureIDs {
		groupsBy := "NULL"
		if decomposition[id] {
			groupsBy = "groups_by"
		}
		parts = append(parts, fmt.Sprintf(`SELECT period, scope, scope_id, indicator_id, %s, v%d, n, %s, r%d
FROM equalization_wide WHERE v%d IS NOT NULL OR r%d IS NOT NULL`, warehouse.QuoteString(id), i, groupsBy, i, i, i))
	}
	return "INSERT INTO equalization\n" + strings.Join(parts, "\nUNION ALL\n")
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

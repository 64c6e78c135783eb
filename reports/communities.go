package reports

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"shequ/indicators"
	store "shequ/internal/warehouse"
)

// A report reads the communities of a period one at a time, each with
// every indicator's value, in community-code order: DuckDB turns
// indicator_values into one row per community (with the small-count rule
// applied, visibleSQL), and duckdb-go hands the rows over as Arrow batches
// of 2,048. Nothing of a community is kept once it is written, so a
// national period (620,573 communities, 19 million values) takes the
// memory of one batch.

// cval is one indicator's value of a community.
type cval struct {
	v      float64
	ok     bool   // v is not NULL
	sup    bool   // suppressed for small counts
	reason string // why v is NULL ("" when it is not)
	num    sql.NullFloat64
	den    sql.NullFloat64
	// below: v misses the indicator's standard — for a value from a
	// sample, only when its whole 95 % interval does (below_standard).
	below bool
}

// communityRow is one community with its values in catalog order and its
// person-level counts (countColumns order). Strings point into the batch
// being read: copy what must outlive the call.
type communityRow struct {
	community
	vals   []cval
	counts []sql.NullFloat64
}

// communityChunk is how many communities eachCommunity reads in one
// query: DuckDB pivots a chunk at a time, so its memory does not grow with
// the number of communities.
const communityChunk = 50_000

// eachCommunity calls fn for every community of the period that matches
// where (a condition on the communities table, alias c, with its args), in
// community-code order.
func (d *dataset) eachCommunity(ctx context.Context, db *sql.DB, where string, whereArgs []any, fn func(*communityRow) error) error {
	// The first code of every chunk of communityChunk communities.
	var bounds []string
	if err := scan(ctx, db, `SELECT community_code FROM (
	SELECT community_code, row_number() OVER (ORDER BY community_code) AS rn FROM communities WHERE period = ?)
WHERE rn % ? = 1 ORDER BY community_code`, []any{d.period, communityChunk}, func(r *sql.Rows) error {
		var code string
		err := r.Scan(&code)
		bounds = append(bounds, code)
		return err
	}); err != nil {
		return err
	}
	// One goroutine reads the next chunk from DuckDB while this one writes
	// the current: the two take about as long, on two cores.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type chunk struct {
		recs []arrow.RecordBatch
		err  error
	}
	chunks := make(chan chunk, 1)
	go func() {
		defer close(chunks)
		conn, err := db.Conn(ctx)
		if err != nil {
			chunks <- chunk{err: err}
			return
		}
		defer conn.Close()
		for i, lo := range bounds {
			hi := "\U0010FFFF" // above every code
			if i+1 < len(bounds) {
				hi = bounds[i+1]
			}
			q, args := d.communitySQL(where, whereArgs, lo, hi)
			var c chunk
			c.err = store.ScanArrow(ctx, conn, q, args, func(rdr array.RecordReader) error {
				for rdr.Next() {
					rec := rdr.RecordBatch()
					rec.Retain()
					c.recs = append(c.recs, rec)
				}
				return nil
			})
			select {
			case chunks <- c:
			case <-ctx.Done():
				release(c.recs)
				return
			}
			if c.err != nil {
				return
			}
		}
	}()
	defer func() { // a chunk read ahead of an error
		for c := range chunks {
			release(c.recs)
		}
	}()
	r := &communityRow{vals: make([]cval, len(d.catalog)), counts: make([]sql.NullFloat64, len(countColumns(d.catalog)))}
	for c := range chunks {
		err := c.err
		for _, rec := range c.recs {
			if err == nil {
				err = ctx.Err()
			}
			if err == nil {
				err = d.readBatch(rec, r, fn)
			}
			rec.Release()
		}
		if err != nil {
			cancel()
			return err
		}
	}
	return ctx.Err()
}

// release releases record batches.
func release(recs []arrow.RecordBatch) {
	for _, r := range recs {
		r.Release()
	}
}

// communitySQL is the query of eachCommunity for the communities with
// codes from lo to before hi: one row per community with its register
// columns and a list of its indicators' values, each a struct of the
// indicator's catalog place (o), value (v), suppression flag (s), reason
// (r), numerator (n), denominator (d) and whether it is surely below its
// standard (b). One list aggregate a community costs a fraction of a
// FILTER aggregate per indicator and column.
func (d *dataset) communitySQL(where string, whereArgs []any, lo, hi string) (string, []any) {
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.community_code >= ? AND t.community_code < ?", []any{lo, hi})
	var ords []string
	for i, ind := range d.catalog {
		ords = append(ords, "(?, ?::INTEGER)")
		args = append(args, ind.ID, i)
	}
	q := vis + `, ords(indicator_id, o) AS (VALUES ` + strings.Join(ords, ", ") + `),
w AS (SELECT community_code, list({'o': ords.o, 'v': value, 's': sup, 'r': null_reason, 'n': numerator, 'd': denominator,
                                   'b': coalesce(below_standard = 'below', false)}) AS x
      FROM vis JOIN ords USING (indicator_id) GROUP BY community_code)
SELECT c.community_code, coalesce(c.community_name, ''), coalesce(c.street_code, ''), coalesce(c.street_name, ''),
       coalesce(c.district_code, ''), coalesce(c.district_name, ''), coalesce(c.urban_rural_class, ''), coalesce(c.model_id, ''), w.x
FROM communities c LEFT JOIN w USING (community_code)
WHERE c.period = ? AND c.community_code >= ? AND c.community_code < ? AND (` + cmp.Or(where, "true") + `)
ORDER BY c.community_code`
	args = append(args, d.period, lo, hi)
	return q, append(args, whereArgs...)
}

// sampled are the catalog's indicators whose values come from a sample
// and have a 95 % interval, in catalog order.
func (d *dataset) sampled() []*indicators.Indicator {
	var out []*indicators.Indicator
	for _, ind := range d.catalog {
		if ind.Interval != "" {
			out = append(out, ind)
		}
	}
	return out
}

// readBatch calls fn for every row of a batch of eachCommunity's query.
func (d *dataset) readBatch(rec arrow.RecordBatch, r *communityRow, fn func(*communityRow) error) error {
	if rec.NumCols() != 9 {
		return fmt.Errorf("community query: %d columns, want 9", rec.NumCols())
	}
	strs := make([]*array.String, 8)
	for i := range strs {
		a, ok := rec.Column(i).(*array.String)
		if !ok {
			return fmt.Errorf("community query column %d is %s, want VARCHAR", i, rec.Column(i).DataType())
		}
		strs[i] = a
	}
	list, ok := rec.Column(8).(*array.List)
	if !ok {
		return fmt.Errorf("community query column 8 is %s, want a list", rec.Column(8).DataType())
	}
	st, ok := list.ListValues().(*array.Struct)
	if !ok {
		return fmt.Errorf("community query: list of %s, want structs", list.ListValues().DataType())
	}
	field := func(name string) arrow.Array {
		i, ok := st.DataType().(*arrow.StructType).FieldIdx(name)
		if !ok {
			return nil
		}
		return st.Field(i)
	}
	ord, _ := field("o").(*array.Int32)
	val, _ := field("v").(*array.Float64)
	sup, _ := field("s").(*array.Boolean)
	reason, _ := field("r").(*array.String)
	num, _ := field("n").(*array.Float64)
	den, _ := field("d").(*array.Float64)
	below, _ := field("b").(*array.Boolean)
	if ord == nil || val == nil || sup == nil || reason == nil || num == nil || den == nil || below == nil {
		return fmt.Errorf("community query: unexpected list struct %s", st.DataType())
	}
	nullable := func(a *array.Float64, k int) sql.NullFloat64 {
		if a.IsNull(k) {
			return sql.NullFloat64{}
		}
		return sql.NullFloat64{Float64: a.Value(k), Valid: true}
	}
	counts := countColumns(d.catalog)
	countIdx := make([]int, len(counts))
	for i, cc := range counts {
		countIdx[i] = d.catalogIndex(cc.indicator)
	}
	offsets := list.ValueOffsets
	for j := range int(rec.NumRows()) {
		c := &r.community
		c.code, c.name, c.streetCode, c.streetName = strs[0].Value(j), strs[1].Value(j), strs[2].Value(j), strs[3].Value(j)
		c.districtCode, c.districtName, c.urClass, c.modelID = strs[4].Value(j), strs[5].Value(j), strs[6].Value(j), strs[7].Value(j)
		for i := range r.vals {
			r.vals[i] = cval{}
		}
		if list.IsValid(j) {
			from, to := offsets(j)
			for k := int(from); k < int(to); k++ {
				i := int(ord.Value(k))
				if i < 0 || i >= len(r.vals) {
					continue
				}
				v := &r.vals[i]
				v.ok = !val.IsNull(k)
				if v.ok {
					v.v = val.Value(k)
				}
				v.sup = sup.IsValid(k) && sup.Value(k)
				if reason.IsValid(k) {
					v.reason = reason.Value(k)
				}
				v.num, v.den = nullable(num, k), nullable(den, k)
				ind := d.catalog[i]
				if ind.Interval != "" {
					v.below = below.IsValid(k) && below.Value(k)
				} else {
					v.below = v.ok && ind.HasStandard() && !binary(ind) && !ind.Meets(v.v)
				}
			}
		}
		for i, x := range countIdx {
			r.counts[i] = sql.NullFloat64{}
			if x < len(r.vals) {
				r.counts[i] = r.vals[x].den
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

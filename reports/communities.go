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
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	r := &communityRow{vals: make([]cval, len(d.catalog)), counts: make([]sql.NullFloat64, len(countColumns(d.catalog)))}
	for i, lo := range bounds {
		hi := "\U0010FFFF" // above every code
		if i+1 < len(bounds) {
			hi = bounds[i+1]
		}
		q, args := d.communitySQL(where, whereArgs, lo, hi)
		err := store.ScanArrow(ctx, conn, q, args, func(rdr array.RecordReader) error {
			for rdr.Next() {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := d.readBatch(rdr.RecordBatch(), r, fn); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// communitySQL is the query of eachCommunity for the communities with
// codes from lo to before hi: one row per community, with every
// indicator's value, suppression flag, reason, numerator and denominator,
// the person-level counts, and whether a value from a sample is surely
// below its standard.
func (d *dataset) communitySQL(where string, whereArgs []any, lo, hi string) (string, []any) {
	counts := countColumns(d.catalog)
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.community_code >= ? AND t.community_code < ?", []any{lo, hi})
	var cols []string
	for _, ind := range d.catalog {
		f := "FILTER (WHERE indicator_id = ?)"
		cols = append(cols, "max(value) "+f, "coalesce(bool_or(sup) "+f+", false)", "max(null_reason) "+f,
			"max(numerator) "+f, "max(denominator) "+f)
		args = append(args, ind.ID, ind.ID, ind.ID, ind.ID, ind.ID)
	}
	for _, cc := range counts {
		cols = append(cols, "max(denominator) FILTER (WHERE indicator_id = ?)")
		args = append(args, cc.indicator)
	}
	for _, ind := range d.sampled() {
		cols = append(cols, "coalesce(bool_or(below_standard = 'below') FILTER (WHERE indicator_id = ?), false)")
		args = append(args, ind.ID)
	}
	var names []string
	for i := range cols {
		names = append(names, fmt.Sprintf("x%d", i))
		cols[i] += fmt.Sprintf(" AS x%d", i)
	}
	q := vis + `, w AS (SELECT community_code, ` + strings.Join(cols, ", ") + ` FROM vis GROUP BY community_code)
SELECT c.community_code, coalesce(c.community_name, ''), coalesce(c.street_code, ''), coalesce(c.street_name, ''),
       coalesce(c.district_code, ''), coalesce(c.district_name, ''), coalesce(c.urban_rural_class, ''), coalesce(c.model_id, ''),
       ` + prefixed("w", strings.Join(names, ", ")) + `
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
	ncat := len(d.catalog)
	sampled := d.sampled()
	if want := 8 + 5*ncat + len(r.counts) + len(sampled); int(rec.NumCols()) != want {
		return fmt.Errorf("community query: %d columns, want %d", rec.NumCols(), want)
	}
	strs := make([]*array.String, 8)
	for i := range strs {
		a, ok := rec.Column(i).(*array.String)
		if !ok {
			return fmt.Errorf("community query column %d is %s, want VARCHAR", i, rec.Column(i).DataType())
		}
		strs[i] = a
	}
	type indCols struct {
		v, num, den *array.Float64
		sup         *array.Boolean
		reason      *array.String
	}
	cols := make([]indCols, ncat)
	for i := range cols {
		base := 8 + 5*i
		var ok [5]bool
		cols[i].v, ok[0] = rec.Column(base).(*array.Float64)
		cols[i].sup, ok[1] = rec.Column(base + 1).(*array.Boolean)
		cols[i].reason, ok[2] = rec.Column(base + 2).(*array.String)
		cols[i].num, ok[3] = rec.Column(base + 3).(*array.Float64)
		cols[i].den, ok[4] = rec.Column(base + 4).(*array.Float64)
		for j, o := range ok {
			if !o {
				return fmt.Errorf("community query column %d is %s", base+j, rec.Column(base+j).DataType())
			}
		}
	}
	counts := make([]*array.Float64, len(r.counts))
	for i := range counts {
		a, ok := rec.Column(8 + 5*ncat + i).(*array.Float64)
		if !ok {
			return fmt.Errorf("community query column %d is %s, want DOUBLE", 8+5*ncat+i, rec.Column(8+5*ncat+i).DataType())
		}
		counts[i] = a
	}
	below := map[int]*array.Boolean{} // catalog index → column
	for k, ind := range sampled {
		c := 8 + 5*ncat + len(r.counts) + k
		a, ok := rec.Column(c).(*array.Boolean)
		if !ok {
			return fmt.Errorf("community query column %d is %s, want BOOLEAN", c, rec.Column(c).DataType())
		}
		below[d.catalogIndex(ind.ID)] = a
	}
	nullable := func(a *array.Float64, j int) sql.NullFloat64 {
		if a.IsNull(j) {
			return sql.NullFloat64{}
		}
		return sql.NullFloat64{Float64: a.Value(j), Valid: true}
	}
	for j := range int(rec.NumRows()) {
		c := &r.community
		c.code, c.name, c.streetCode, c.streetName = strs[0].Value(j), strs[1].Value(j), strs[2].Value(j), strs[3].Value(j)
		c.districtCode, c.districtName, c.urClass, c.modelID = strs[4].Value(j), strs[5].Value(j), strs[6].Value(j), strs[7].Value(j)
		for i, ic := range cols {
			v := &r.vals[i]
			v.ok = !ic.v.IsNull(j)
			v.v = 0
			if v.ok {
				v.v = ic.v.Value(j)
			}
			v.sup = !ic.sup.IsNull(j) && ic.sup.Value(j)
			v.reason = ""
			if !ic.reason.IsNull(j) {
				v.reason = ic.reason.Value(j)
			}
			v.num, v.den = nullable(ic.num, j), nullable(ic.den, j)
			ind := d.catalog[i]
			if a, ok := below[i]; ok {
				v.below = a.Value(j)
			} else {
				v.below = v.ok && ind.HasStandard() && !binary(ind) && !ind.Meets(v.v)
			}
		}
		for i, a := range counts {
			r.counts[i] = nullable(a, j)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

package parquet

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shequ/internal/warehouse"
)

// TestRoundTrip writes row groups with every kind, nulls, a dictionary
// column, a dictionary that overflows into plain encoding and an all-null
// column, and reads the file back with DuckDB.
func TestRoundTrip(t *testing.T) {
	cols := []Column{
		{Name: "s", Kind: String, Uncompressed: true},
		{Name: "cat", Kind: String, Dictionary: true},
		{Name: "many", Kind: String, Dictionary: true},
		{Name: "n", Kind: Int64},
		{Name: "x", Kind: Double},
		{Name: "d", Kind: Date},
		{Name: "never", Kind: String},
		{Name: "ts", Kind: Timestamp},
	}
	type row struct {
		s, cat, many, never *string
		n, ts               *int64
		x                   *float64
		d                   *int32
	}
	str := func(s string) *string { return &s }
	var want []row
	groups := []int{1, 7, 9, 100, maxDictEntries + 5}
	path := filepath.Join(t.TempDir(), "t.parquet")
	var rgs []*RowGroup
	enc, err := NewEncoder(cols)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	line := 0
	for _, n := range groups {
		vals := make([]Values, len(cols))
		for i := range vals {
			vals[i].Null = make([]bool, n)
		}
		for i := 0; i < n; i++ {
			line++
			var r row
			if line%5 != 0 {
				r.s = str(fmt.Sprintf("值%d", line*7919%1000003))
			}
			if line%3 != 0 {
				r.cat = str([]string{"男", "女", "甲乙丙丁", ""}[line%4])
			}
			r.many = str(fmt.Sprintf("m%d", line))
			if line%4 != 1 {
				r.n = new(int64)
				*r.n = int64(line*line) - 1<<40
			}
			if line%6 != 2 {
				r.x = new(float64)
				*r.x = float64(line) / 8
			}
			if line%7 != 3 {
				r.d = new(int32)
				*r.d = int32(line%40000 - 10000)
			}
			if line%8 != 5 {
				r.ts = new(int64)
				*r.ts = (int64(line)*86400-5e8)*1e6 + int64(line%1000)
			}
			want = append(want, r)
			for c, p := range []*string{r.s, r.cat, r.many, r.never} {
				ci := []int{0, 1, 2, 6}[c]
				if p == nil {
					vals[ci].Null[i] = true
				} else {
					vals[ci].Bytes = append(vals[ci].Bytes, *p...)
				}
				vals[ci].Ends = append(vals[ci].Ends, len(vals[ci].Bytes))
			}
			vals[3].Null[i] = r.n == nil
			vals[3].Int64 = append(vals[3].Int64, deref(r.n))
			vals[4].Null[i] = r.x == nil
			vals[4].Double = append(vals[4].Double, deref(r.x))
			vals[5].Null[i] = r.d == nil
			vals[5].Int32 = append(vals[5].Int32, deref(r.d))
			vals[7].Null[i] = r.ts == nil
			vals[7].Int64 = append(vals[7].Int64, deref(r.ts))
		}
		vals[2].Null = nil // no nulls: the nil form
		rg, err := enc.Encode(n, vals)
		if err != nil {
			t.Fatal(err)
		}
		rgs = append(rgs, rg)
	}
	writeFile(t, path, cols, rgs...)

	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	var types []string
	rows, err := db.QueryContext(ctx, "SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))", path)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var typ string
		if err := rows.Scan(&typ); err != nil {
			t.Fatal(err)
		}
		types = append(types, typ)
	}
	rows.Close()
	if got, want := strings.Join(types, " "), "VARCHAR VARCHAR VARCHAR BIGINT DOUBLE DATE VARCHAR TIMESTAMP"; got != want {
		t.Errorf("types: got %s, want %s", got, want)
	}
	rows, err = db.QueryContext(ctx, `SELECT s, cat, many, n, x, (d - DATE '1970-01-01')::INTEGER, never, epoch_us(ts)
		FROM read_parquet(?, file_row_number = true) ORDER BY file_row_number`, path)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for ; rows.Next(); i++ {
		var s, cat, many, never sql.NullString
		var n, ts sql.NullInt64
		var x sql.NullFloat64
		var d sql.NullInt32
		if err := rows.Scan(&s, &cat, &many, &n, &x, &d, &never, &ts); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) {
			continue
		}
		w := want[i]
		got := fmt.Sprint(ns(s), ns(cat), ns(many), ni(n), nf(x), nd(d), ns(never), ni(ts))
		exp := fmt.Sprint(ps(w.s), ps(w.cat), ps(w.many), pi(w.n), pf(w.x), pd(w.d), ps(w.never), pi(w.ts))
		if got != exp {
			t.Fatalf("row %d: got %s, want %s", i, got, exp)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != len(want) {
		t.Errorf("rows: got %d, want %d", i, len(want))
	}
}

func deref[T any](p *T) T {
	var z T
	if p == nil {
		return z
	}
	return *p
}

func ns(s sql.NullString) string  { return show(s.Valid, s.String) }
func ni(n sql.NullInt64) string   { return show(n.Valid, n.Int64) }
func nf(x sql.NullFloat64) string { return show(x.Valid, x.Float64) }
func nd(d sql.NullInt32) string   { return show(d.Valid, d.Int32) }
func ps(p *string) string         { return show(p != nil, deref(p)) }
func pi(p *int64) string          { return show(p != nil, deref(p)) }
func pf(p *float64) string        { return show(p != nil, deref(p)) }
func pd(p *int32) string          { return show(p != nil, deref(p)) }
func show(ok bool, v any) string {
	if !ok {
		return "NULL"
	}
	return fmt.Sprintf("%q", fmt.Sprint(v))
}

// TestEncodeErrors checks that values that do not match the columns are
// refused, not written.
func TestEncodeErrors(t *testing.T) {
	cols := []Column{{Name: "s", Kind: String}, {Name: "n", Kind: Int64}}
	enc, err := NewEncoder(cols)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	for name, vals := range map[string][]Values{
		"one column":   {{Ends: []int{1}, Bytes: []byte("a")}},
		"short ints":   {{Ends: []int{1, 2}, Bytes: []byte("ab")}, {Int64: []int64{1}}},
		"ends past":    {{Ends: []int{1, 5}, Bytes: []byte("ab")}, {Int64: []int64{1, 2}}},
		"nulls length": {{Ends: []int{1, 2}, Bytes: []byte("ab"), Null: []bool{false}}, {Int64: []int64{1, 2}}},
	} {
		if _, err := enc.Encode(2, vals); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	var buf bytes.Buffer
	if _, err := NewWriter(&buf, cols); err != nil {
		t.Fatal(err)
	}
}

// TestLayoutCopy writes a file, copies its row groups into a second file
// in another order, one of them encoded again, and reads both back.
func TestLayoutCopy(t *testing.T) {
	cols := []Column{{Name: "s", Kind: String, Dictionary: true}, {Name: "n", Kind: Int64}}
	dir := t.TempDir()
	enc, err := NewEncoder(cols)
	if err != nil {
		t.Fatal(err)
	}
	defer enc.Close()
	group := func(first, n int) *RowGroup {
		var v [2]Values
		for i := first; i < first+n; i++ {
			v[0].Bytes = append(v[0].Bytes, fmt.Sprintf("k%d", i%3)...)
			v[0].Ends = append(v[0].Ends, len(v[0].Bytes))
			v[1].Int64 = append(v[1].Int64, int64(i))
		}
		rg, err := enc.Encode(n, v[:])
		if err != nil {
			t.Fatal(err)
		}
		return rg
	}
	a := filepath.Join(dir, "a.parquet")
	l := writeFile(t, a, cols, group(0, 5), group(5, 3), group(8, 4))
	if got := fmt.Sprint(l.Rows()); got != "[5 3 4]" {
		t.Fatalf("rows %s", got)
	}
	f, err := os.Open(a)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var copied []*RowGroup
	for _, i := range []int{2, 0} {
		rg, err := l.RowGroup(f, i)
		if err != nil {
			t.Fatal(err)
		}
		copied = append(copied, rg)
	}
	b := filepath.Join(dir, "b.parquet")
	writeFile(t, b, cols, copied[0], group(100, 2), copied[1])
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got string
	if err := db.QueryRow("SELECT string_agg(s || ':' || n, ' ' ORDER BY file_row_number) FROM read_parquet(?, file_row_number = true)", b).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := "k2:8 k0:9 k1:10 k2:11 k1:100 k2:101 k0:0 k1:1 k2:2 k0:3 k1:4"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// writeFile writes the row groups to a new file at path and returns its
// layout.
func writeFile(t *testing.T, path string, cols []Column, groups ...*RowGroup) *Layout {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWriter(f, cols)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if err := w.WriteRowGroup(g); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return w.Layout()
}

package export

import (
	"bytes"
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/google/go-cmp/cmp"
)

// fromJSON builds an array of type dt from Arrow's JSON form of its
// values (arrow-go's own reader, independent of what is tested here).
func fromJSON(t *testing.T, mem memory.Allocator, dt arrow.DataType, values string) arrow.Array {
	t.Helper()
	a, _, err := array.FromJSON(mem, dt, strings.NewReader(values))
	if err != nil {
		t.Fatalf("array of %s from %s: %v", dt, values, err)
	}
	return a
}

// reader holds arrays as the columns of one batch. The caller releases
// the reader.
func reader(t *testing.T, names []string, cols ...arrow.Array) array.RecordReader {
	t.Helper()
	fields := make([]arrow.Field, len(cols))
	for i, c := range cols {
		fields[i] = arrow.Field{Name: names[i], Type: c.DataType(), Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	rec := array.NewRecordBatch(schema, cols, int64(cols[0].Len()))
	defer rec.Release()
	rdr, err := array.NewRecordReader(schema, []arrow.RecordBatch{rec})
	if err != nil {
		t.Fatal(err)
	}
	return rdr
}

// TestValues writes one column of each type as JSON, CSV and a table,
// against values written out by hand.
func TestValues(t *testing.T) {
	dec38 := &arrow.Decimal128Type{Precision: 38, Scale: 0}
	cases := []struct {
		name string
		// make builds the column; json marks it as DuckDB's JSON type.
		make func(memory.Allocator) arrow.Array
		json bool
		// wantJSON and wantText are the values, row by row, as JSON and as
		// text (CSV, with NULL as "").
		wantJSON, wantText []string
	}{
		{
			name: "BIGINT",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.PrimitiveTypes.Int64, `[1, -9223372036854775808, null]`)
			},
			wantJSON: []string{`1`, `-9223372036854775808`, `null`},
			wantText: []string{"1", "-9223372036854775808", ""},
		},
		{
			name: "UBIGINT",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewUint64Builder(m)
				defer b.Release()
				b.Append(math.MaxUint64)
				return b.NewArray()
			},
			wantJSON: []string{`18446744073709551615`},
			wantText: []string{"18446744073709551615"},
		},
		{
			// DuckDB hands HUGEINT (and sum of BIGINT) to Arrow as
			// decimal(38, 0). 2^63−1 and −2^63 are the ends of int64: numbers.
			// 2^63 = 9223372036854775808 and −2^63−1 are just outside:
			// strings. 2^127−1 is the largest HUGEINT.
			name: "HUGEINT",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewDecimal128Builder(m, dec38)
				defer b.Release()
				b.Append(decimal128.FromI64(math.MaxInt64))
				b.Append(decimal128.New(0, 1<<63))
				b.Append(decimal128.FromI64(math.MinInt64))
				b.Append(decimal128.New(-1, 1<<63-1))
				b.Append(decimal128.New(math.MaxInt64, math.MaxUint64))
				b.AppendNull()
				return b.NewArray()
			},
			wantJSON: []string{`9223372036854775807`, `"9223372036854775808"`, `-9223372036854775808`,
				`"-9223372036854775809"`, `"170141183460469231731687303715884105727"`, `null`},
			wantText: []string{"9223372036854775807", "9223372036854775808", "-9223372036854775808",
				"-9223372036854775809", "170141183460469231731687303715884105727", ""},
		},
		{
			name: "DECIMAL(10,2)",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewDecimal128Builder(m, &arrow.Decimal128Type{Precision: 10, Scale: 2})
				defer b.Release()
				b.Append(decimal128.FromI64(125))  // 1.25
				b.Append(decimal128.FromI64(-5))   // −0.05
				b.Append(decimal128.FromI64(1200)) // 12.00
				return b.NewArray()
			},
			wantJSON: []string{`1.25`, `-0.05`, `12.00`},
			wantText: []string{"1.25", "-0.05", "12.00"},
		},
		{
			// JSON has no NaN or infinity: null. Text keeps %.10g.
			name: "DOUBLE",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewFloat64Builder(m)
				defer b.Release()
				b.AppendValues([]float64{0.1, 1.0 / 3, 1e21, 1234567, math.NaN(), math.Inf(1), math.Inf(-1)}, nil)
				return b.NewArray()
			},
			wantJSON: []string{`0.1`, `0.3333333333333333`, `1e+21`, `1234567`, `null`, `null`, `null`},
			wantText: []string{"0.1", "0.3333333333", "1e+21", "1234567", "NaN", "+Inf", "-Inf"},
		},
		{
			// 1.1 as a float32 is 1.10000002384…; its shortest float32 form
			// is 1.1, in JSON and text alike.
			name:     "FLOAT",
			make:     func(m memory.Allocator) arrow.Array { return fromJSON(t, m, arrow.PrimitiveTypes.Float32, `[1.1]`) },
			wantJSON: []string{`1.1`},
			wantText: []string{"1.1"},
		},
		{
			name: "BOOLEAN",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.FixedWidthTypes.Boolean, `[true, false]`)
			},
			wantJSON: []string{`true`, `false`},
			wantText: []string{"true", "false"},
		},
		{
			name: "VARCHAR",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.BinaryTypes.String, `["a\"b<社区>", ""]`)
			},
			wantJSON: []string{`"a\"b<社区>"`, `""`},
			wantText: []string{`a"b<社区>`, ""},
		},
		{
			// "ab" in base64 is YWI=.
			name:     "BLOB",
			make:     func(m memory.Allocator) arrow.Array { return fromJSON(t, m, arrow.BinaryTypes.Binary, `["YWI="]`) },
			wantJSON: []string{`"YWI="`},
			wantText: []string{"ab"},
		},
		{
			name: "DATE",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.FixedWidthTypes.Date32, `["2020-12-31"]`)
			},
			wantJSON: []string{`"2020-12-31"`},
			wantText: []string{"2020-12-31"},
		},
		{
			// 1577934245123456 µs after the epoch is 2020-01-02 03:04:05.123456 UTC.
			name: "TIMESTAMP",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, &arrow.TimestampType{Unit: arrow.Microsecond}, `[1577934245123456, 1577934245000000]`)
			},
			wantJSON: []string{`"2020-01-02T03:04:05.123456Z"`, `"2020-01-02T03:04:05Z"`},
			wantText: []string{"2020-01-02T03:04:05.123456Z", "2020-01-02T03:04:05Z"},
		},
		{
			// A TIMESTAMPTZ is an instant: written in UTC whatever the zone
			// of the column (2020-01-02 11:04:05+08 is 03:04:05Z).
			name: "TIMESTAMPTZ",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "Asia/Shanghai"}, `[1577934245000000]`)
			},
			wantJSON: []string{`"2020-01-02T03:04:05Z"`},
			wantText: []string{"2020-01-02T03:04:05Z"},
		},
		{
			// 45296500000 µs = 12 h 34 min 56.5 s.
			name: "TIME",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.FixedWidthTypes.Time64us, `[45296500000]`)
			},
			wantJSON: []string{`"12:34:56.5"`},
			wantText: []string{"12:34:56.5"},
		},
		{
			// DuckDB's JSON type arrives as strings: nested JSON, compacted,
			// and numbers keep their digits (no float64 on the way).
			name: "JSON",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.BinaryTypes.String, `["{\"a\": [1, 2.5, null], \"b\": {\"c\": \"x\"}}", "12345678901234567890", null]`)
			},
			json:     true,
			wantJSON: []string{`{"a":[1,2.5,null],"b":{"c":"x"}}`, `12345678901234567890`, `null`},
			wantText: []string{`{"a": [1, 2.5, null], "b": {"c": "x"}}`, "12345678901234567890", ""},
		},
		{
			name: "INTEGER[]",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.ListOf(arrow.PrimitiveTypes.Int32), `[[1, 2, null], [], null]`)
			},
			wantJSON: []string{`[1,2,null]`, `[]`, `null`},
			wantText: []string{"[1,2,null]", "[]", ""},
		},
		{
			name: "STRUCT(k INTEGER, v VARCHAR)",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.StructOf(arrow.Field{Name: "k", Type: arrow.PrimitiveTypes.Int32, Nullable: true},
					arrow.Field{Name: "v", Type: arrow.BinaryTypes.String, Nullable: true}), `[{"k": 1, "v": "x"}, {"k": null, "v": "y"}]`)
			},
			wantJSON: []string{`{"k":1,"v":"x"}`, `{"k":null,"v":"y"}`},
			wantText: []string{`{"k":1,"v":"x"}`, `{"k":null,"v":"y"}`},
		},
		{
			name: "MAP(VARCHAR, INTEGER)",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.MapOf(arrow.BinaryTypes.String, arrow.PrimitiveTypes.Int32), `[[{"key": "a", "value": 1}, {"key": "b", "value": null}]]`)
			},
			wantJSON: []string{`{"a":1,"b":null}`},
			wantText: []string{`{"a":1,"b":null}`},
		},
		{
			// A key JSON cannot use as a name: pairs.
			name: "MAP(INTEGER, VARCHAR)",
			make: func(m memory.Allocator) arrow.Array {
				return fromJSON(t, m, arrow.MapOf(arrow.PrimitiveTypes.Int32, arrow.BinaryTypes.String), `[[{"key": 1, "value": "x"}]]`)
			},
			wantJSON: []string{`[{"key":1,"value":"x"}]`},
			wantText: []string{`[{"key":1,"value":"x"}]`},
		},
		{
			// An ENUM arrives as a dictionary.
			name: "ENUM",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewDictionaryBuilder(m, &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Uint8, ValueType: arrow.BinaryTypes.String}).(*array.BinaryDictionaryBuilder)
				defer b.Release()
				for _, s := range []string{"b", "a", "b"} {
					if err := b.AppendString(s); err != nil {
						t.Fatal(err)
					}
				}
				return b.NewArray()
			},
			wantJSON: []string{`"b"`, `"a"`, `"b"`},
			wantText: []string{"b", "a", "b"},
		},
		{
			name: "INTERVAL",
			make: func(m memory.Allocator) arrow.Array {
				b := array.NewMonthDayNanoIntervalBuilder(m)
				defer b.Release()
				b.Append(arrow.MonthDayNanoInterval{Months: 1, Days: 2, Nanoseconds: 3000})
				return b.NewArray()
			},
			wantJSON: []string{`{"months":1,"days":2,"nanoseconds":3000}`},
			wantText: []string{`{"months":1,"days":2,"nanoseconds":3000}`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			write := func(f Format) string {
				col := c.make(mem)
				defer col.Release()
				rdr := reader(t, []string{"v"}, col)
				if c.json {
					var err error
					if rdr, err = MarkJSON(rdr, []int{0}); err != nil {
						t.Fatal(err)
					}
				}
				defer rdr.Release()
				var out bytes.Buffer
				n, err := Write(&out, f, rdr, mem)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				if n != int64(col.Len()) {
					t.Errorf("%s: %d rows written, want %d", f, n, col.Len())
				}
				return out.String()
			}
			var wantJSON strings.Builder
			wantJSON.WriteString("[")
			for i, v := range c.wantJSON {
				if i > 0 {
					wantJSON.WriteString(",")
				}
				wantJSON.WriteString("\n  {\"v\":" + v + "}")
			}
			wantJSON.WriteString("\n]\n")
			if diff := cmp.Diff(wantJSON.String(), write(JSON)); diff != "" {
				t.Errorf("JSON (-want +got):\n%s", diff)
			}
			var wantCSV bytes.Buffer
			wantCSV.WriteString("v\n")
			for _, v := range c.wantText {
				if strings.ContainsAny(v, "\",\n") {
					v = `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
				}
				wantCSV.WriteString(v + "\n")
			}
			if diff := cmp.Diff(wantCSV.String(), write(CSV)); diff != "" {
				t.Errorf("CSV (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTable writes two columns as the aligned table: two spaces between
// columns, NULL shown as NULL, and the row count.
func TestTable(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	code := fromJSON(t, mem, arrow.BinaryTypes.String, `["440305006002", "x"]`)
	defer code.Release()
	v := fromJSON(t, mem, arrow.PrimitiveTypes.Float64, `[0.5, null]`)
	defer v.Release()
	rdr := reader(t, []string{"community_code", "value"}, code, v)
	defer rdr.Release()
	var out bytes.Buffer
	if _, err := Write(&out, Table, rdr, mem); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"community_code  value\n" +
		"440305006002    0.5\n" +
		"x               NULL\n" +
		"(2 rows)\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("table (-want +got):\n%s", diff)
	}
}

// TestEmpty writes a result without rows.
func TestEmpty(t *testing.T) {
	schema := arrow.NewSchema([]arrow.Field{{Name: "n", Type: arrow.PrimitiveTypes.Int64}}, nil)
	for f, want := range map[Format]string{JSON: "[]\n", CSV: "n\n", Table: "n\n(0 rows)\n"} {
		rdr, err := array.NewRecordReader(schema, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := Write(&out, f, rdr, memory.DefaultAllocator); err != nil {
			t.Fatal(err)
		}
		rdr.Release()
		if out.String() != want {
			t.Errorf("%s of no rows = %q, want %q", f, out.String(), want)
		}
	}
}

// files builds a batch holding the types a warehouse query returns and
// the values that are easy to lose: NaN, NULL, a wide HUGEINT, Chinese
// text, a JSON document, a list and a zoned timestamp.
func files(t *testing.T, mem memory.Allocator) (arrow.RecordBatch, []string) {
	t.Helper()
	names := []string{"code", "n", "value", "total", "inputs", "tags", "at", "day"}
	b := array.NewDecimal128Builder(mem, &arrow.Decimal128Type{Precision: 38, Scale: 0})
	b.Append(decimal128.FromI64(42))
	b.Append(decimal128.New(1, 0)) // 2^64
	b.AppendNull()
	total := b.NewArray()
	b.Release()
	f := array.NewFloat64Builder(mem)
	f.AppendValues([]float64{0.1, math.NaN(), 0}, []bool{true, true, false})
	value := f.NewArray()
	f.Release()
	cols := []arrow.Array{
		fromJSON(t, mem, arrow.BinaryTypes.String, `["440305006002", "坪山", null]`),
		fromJSON(t, mem, arrow.PrimitiveTypes.Int64, `[1, null, -3]`),
		value,
		total,
		fromJSON(t, mem, arrow.BinaryTypes.String, `["{\"files\": [{\"sha256\": \"ab\", \"rows\": 3}]}", "[]", null]`),
		fromJSON(t, mem, arrow.ListOf(arrow.BinaryTypes.String), `[["a", "b"], [], null]`),
		fromJSON(t, mem, &arrow.TimestampType{Unit: arrow.Microsecond, TimeZone: "UTC"}, `[1577934245123456, null, 0]`),
		fromJSON(t, mem, arrow.FixedWidthTypes.Date32, `["2020-12-31", null, "1970-01-01"]`),
	}
	defer func() {
		for _, c := range cols {
			c.Release()
		}
	}()
	rdr := reader(t, names, cols...)
	defer rdr.Release()
	marked, err := MarkJSON(rdr, []int{4})
	if err != nil {
		t.Fatal(err)
	}
	rdr.Retain() // MarkJSON took it over; the deferred Release is still ours
	defer marked.Release()
	if !marked.Next() {
		t.Fatal("no batch")
	}
	rec := marked.RecordBatch()
	rec.Retain()
	return rec, names
}

// TestFiles writes the batch of files as an Arrow IPC file and as Parquet
// and reads both back with arrow-go, in a checked allocator: the values
// and types must come back as they went in, and no buffer may leak.
func TestFiles(t *testing.T) {
	for _, f := range []Format{Arrow, Parquet} {
		t.Run(string(f), func(t *testing.T) {
			mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
			defer mem.AssertSize(t, 0)
			want, _ := files(t, mem)
			defer want.Release()
			rdr, err := array.NewRecordReader(want.Schema(), []arrow.RecordBatch{want})
			if err != nil {
				t.Fatal(err)
			}
			var out bytes.Buffer
			n, err := Write(&out, f, rdr, mem)
			rdr.Release()
			if err != nil {
				t.Fatal(err)
			}
			if n != 3 {
				t.Errorf("%d rows written, want 3", n)
			}
			var got arrow.RecordBatch
			switch f {
			case Arrow:
				fr, err := ipc.NewFileReader(bytes.NewReader(out.Bytes()), ipc.WithAllocator(mem))
				if err != nil {
					t.Fatal(err)
				}
				defer fr.Close()
				if fr.NumRecords() != 1 {
					t.Fatalf("%d record batches, want 1", fr.NumRecords())
				}
				if got, err = fr.RecordBatch(0); err != nil {
					t.Fatal(err)
				}
				got.Retain()
			case Parquet:
				tbl, err := pqarrow.ReadTable(context.Background(), bytes.NewReader(out.Bytes()), nil, pqarrow.ArrowReadProperties{}, mem)
				if err != nil {
					t.Fatal(err)
				}
				tr := array.NewTableReader(tbl, -1)
				if !tr.Next() {
					t.Fatal("no rows read back")
				}
				got = tr.RecordBatch()
				got.Retain()
				tr.Release()
				tbl.Release()
			}
			defer got.Release()
			if got.NumCols() != want.NumCols() || got.NumRows() != want.NumRows() {
				t.Fatalf("read back %d columns × %d rows, want %d × %d", got.NumCols(), got.NumRows(), want.NumCols(), want.NumRows())
			}
			for i, w := range want.Columns() {
				g := got.Column(i)
				if ext, ok := w.(array.ExtensionArray); ok && f == Parquet {
					// arrow-go reads Parquet's JSON type back as binary: compare
					// the text.
					if !arrow.TypeEqual(g.DataType(), arrow.BinaryTypes.Binary) {
						t.Errorf("column %s read back as %s, want binary", want.ColumnName(i), g.DataType())
					}
					for j := range w.Len() {
						if w.IsNull(j) != g.IsNull(j) || !w.IsNull(j) && ext.Storage().ValueStr(j) != string(g.(*array.Binary).Value(j)) {
							t.Errorf("column %s row %d read back as %v, want %v", want.ColumnName(i), j, g.ValueStr(j), w.ValueStr(j))
						}
					}
					continue
				}
				if !arrow.TypeEqual(w.DataType(), g.DataType()) && f == Arrow {
					t.Errorf("column %s read back as %s, want %s", want.ColumnName(i), g.DataType(), w.DataType())
				}
				if !array.ApproxEqual(w, g, array.WithNaNsEqual(true)) {
					t.Errorf("column %s read back as %v, want %v", want.ColumnName(i), g, w)
				}
			}
		})
	}
}

// TestParquetRefuses checks a type Parquet has no form for is named.
func TestParquetRefuses(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	b := array.NewMonthDayNanoIntervalBuilder(mem)
	b.Append(arrow.MonthDayNanoInterval{Days: 3})
	col := b.NewArray()
	b.Release()
	defer col.Release()
	rdr := reader(t, []string{"wait"}, col)
	defer rdr.Release()
	_, err := Write(&bytes.Buffer{}, Parquet, rdr, mem)
	var te *TypeError
	if !errors.As(err, &te) || te.Column != "wait" {
		t.Errorf("Parquet of an interval: %v, want a *TypeError naming column wait", err)
	}
}

package build

import (
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// The build reads the columns its Go measures need through duckdb-go's
// Arrow interface (warehouse.ScanArrow): a batch of 2,048 rows arrives as
// typed column arrays, read in place, instead of a Scan call per row.

// stringCol returns column i of rec as strings. The strings point into
// rec's buffers: copy (strings.Clone) any that must outlive rec.
func stringCol(rec arrow.RecordBatch, i int) (*array.String, error) {
	a, ok := rec.Column(i).(*array.String)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want utf8 (VARCHAR)", rec.ColumnName(i), rec.Column(i).DataType())
	}
	return a, nil
}

// floatCol returns column i of rec as float64 values, none NULL.
func floatCol(rec arrow.RecordBatch, i int) ([]float64, error) {
	a, ok := rec.Column(i).(*array.Float64)
	if !ok {
		return nil, fmt.Errorf("column %q is %s, want float64 (DOUBLE)", rec.ColumnName(i), rec.Column(i).DataType())
	}
	if a.NullN() > 0 {
		return nil, fmt.Errorf("column %q holds NULL", rec.ColumnName(i))
	}
	return a.Float64Values(), nil
}

// collect gathers every batch of rdr into one array per column, built in
// mem. The columns must be of the types want, each arrow.STRING (VARCHAR,
// read as *array.String) or arrow.FLOAT64 (DOUBLE without NULL, read as
// *array.Float64). The caller must Release each returned array.
func collect(rdr array.RecordReader, mem memory.Allocator, want ...arrow.Type) (cols []arrow.Array, err error) {
	fields := rdr.Schema().Fields()
	if len(fields) != len(want) {
		return nil, fmt.Errorf("the query has %d columns, want %d", len(fields), len(want))
	}
	for i, f := range fields {
		if f.Type.ID() != want[i] || want[i] != arrow.STRING && want[i] != arrow.FLOAT64 {
			return nil, fmt.Errorf("column %q is %s, want %s", f.Name, f.Type, want[i])
		}
	}
	bs := make([]array.Builder, len(fields))
	for i, f := range fields {
		bs[i] = array.NewBuilder(mem, f.Type)
	}
	defer func() {
		for _, b := range bs {
			b.Release()
		}
	}()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i, b := range bs {
			switch b := b.(type) {
			case *array.StringBuilder:
				s, err := stringCol(rec, i)
				if err != nil {
					return nil, err
				}
				b.Reserve(s.Len())
				for j := range s.Len() {
					if s.IsNull(j) {
						b.AppendNull()
					} else {
						b.Append(s.Value(j))
					}
				}
			case *array.Float64Builder:
				v, err := floatCol(rec, i)
				if err != nil {
					return nil, err
				}
				b.AppendValues(v, nil)
			}
		}
	}
	cols = make([]arrow.Array, len(bs))
	for i, b := range bs {
		cols[i] = b.NewArray()
	}
	return cols, nil
}

// release releases every array of cols.
func release(cols []arrow.Array) {
	for _, c := range cols {
		c.Release()
	}
}

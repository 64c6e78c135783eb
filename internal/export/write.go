package export

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"text/tabwriter"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/extensions"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// Format names the output formats Write knows.
type Format string

// The formats.
const (
	Table   Format = "table"
	CSV     Format = "csv"
	JSON    Format = "json"
	Arrow   Format = "arrow"
	Parquet Format = "parquet"
)

// Formats lists every Format, in the order `shequ query --help` shows them.
var Formats = []Format{Table, CSV, JSON, Arrow, Parquet}

// Binary reports whether f writes a binary file (Arrow IPC, Parquet)
// rather than text.
func (f Format) Binary() bool { return f == Arrow || f == Parquet }

// Write writes every batch of rdr to w in format f and returns the number
// of rows. Buffers of the Arrow and Parquet writers come from mem, and are
// released before it returns; rdr stays the caller's to release.
func Write(w io.Writer, f Format, rdr array.RecordReader, mem memory.Allocator) (int64, error) {
	switch f {
	case Table:
		return writeTable(w, rdr)
	case CSV:
		return writeCSV(w, rdr)
	case JSON:
		return writeJSON(w, rdr)
	case Arrow:
		return writeArrow(w, rdr, mem)
	case Parquet:
		return writeParquet(w, rdr, mem)
	}
	return 0, fmt.Errorf("unknown format %q", f)
}

// cellError names the column of a value the text writers have no form
// for.
func cellError(f Format, field arrow.Field, err error) error {
	if errors.Is(err, errNoForm) {
		return &TypeError{Column: field.Name, Type: field.Type.String(), Format: string(f)}
	}
	return err
}

// writeJSON writes an array with one object per row, the columns as keys
// in their order, one row per line.
func writeJSON(w io.Writer, rdr array.RecordReader) (int64, error) {
	bw := bufio.NewWriter(w)
	e := newEncoder()
	fields := rdr.Schema().Fields()
	keys := make([][]byte, len(fields))
	for k, f := range fields {
		key, err := e.appendEncoded(nil, f.Name)
		if err != nil {
			return 0, err
		}
		keys[k] = append(key, ':')
	}
	var n int64
	var line []byte
	if _, err := bw.WriteString("["); err != nil {
		return 0, err
	}
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := range int(rec.NumRows()) {
			line = line[:0]
			if n > 0 {
				line = append(line, ',')
			}
			line = append(line, "\n  {"...)
			for k := range fields {
				if k > 0 {
					line = append(line, ", "...)
				}
				line = append(line, keys[k]...)
				var err error
				if line, err = e.appendJSON(line, rec.Column(k), i); err != nil {
					return n, cellError(JSON, fields[k], err)
				}
			}
			line = append(line, '}')
			if _, err := bw.Write(line); err != nil {
				return n, err
			}
			n++
		}
	}
	if err := rdr.Err(); err != nil {
		return n, err
	}
	end := "\n]\n"
	if n == 0 {
		end = "]\n"
	}
	if _, err := bw.WriteString(end); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// writeCSV writes a header of column names and a record per row; NULL is
// an empty field.
func writeCSV(w io.Writer, rdr array.RecordReader) (int64, error) {
	cw := csv.NewWriter(w)
	fields := rdr.Schema().Fields()
	names := make([]string, len(fields))
	for k, f := range fields {
		names[k] = f.Name
	}
	if err := cw.Write(names); err != nil {
		return 0, err
	}
	n, err := eachRow(rdr, CSV, "", func(cells []string) error { return cw.Write(cells) })
	if err != nil {
		return n, err
	}
	cw.Flush()
	return n, cw.Error()
}

// writeTable writes the columns aligned under their names, NULL as NULL,
// and the number of rows.
func writeTable(w io.Writer, rdr array.RecordReader) (int64, error) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fields := rdr.Schema().Fields()
	names := make([]string, len(fields))
	for k, f := range fields {
		names[k] = f.Name
	}
	fmt.Fprintln(tw, strings.Join(names, "\t"))
	n, err := eachRow(rdr, Table, "NULL", func(cells []string) error {
		_, err := fmt.Fprintln(tw, strings.Join(cells, "\t"))
		return err
	})
	if err != nil {
		return n, err
	}
	if err := tw.Flush(); err != nil {
		return n, err
	}
	_, err = fmt.Fprintf(w, "(%d rows)\n", n)
	return n, err
}

// eachRow calls fn with the text of every row's cells, null for a NULL.
func eachRow(rdr array.RecordReader, f Format, null string, fn func([]string) error) (int64, error) {
	e := newEncoder()
	fields := rdr.Schema().Fields()
	cells := make([]string, len(fields))
	var n int64
	var buf []byte
	for rdr.Next() {
		rec := rdr.RecordBatch()
		for i := range int(rec.NumRows()) {
			for k := range fields {
				col := rec.Column(k)
				if col.IsNull(i) {
					cells[k] = null
					continue
				}
				var err error
				if buf, err = e.appendText(buf[:0], col, i); err != nil {
					return n, cellError(f, fields[k], err)
				}
				cells[k] = string(buf)
			}
			if err := fn(cells); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, rdr.Err()
}

// writeArrow writes an Arrow IPC file (the "Feather v2" file pandas,
// polars and R's arrow read), a record batch per batch of rdr.
func writeArrow(w io.Writer, rdr array.RecordReader, mem memory.Allocator) (n int64, err error) {
	fw, err := ipc.NewFileWriter(writerOnly{w}, ipc.WithSchema(rdr.Schema()), ipc.WithAllocator(mem))
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := fw.Close(); err == nil {
			err = cerr
		}
	}()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if err := fw.Write(rec); err != nil {
			return n, err
		}
		n += rec.NumRows()
	}
	return n, rdr.Err()
}

// writerOnly hides any Close method of a writer: the Arrow and Parquet
// writers close a writer that has one, and the file is the caller's to
// sync and close.
type writerOnly struct{ io.Writer }

// rowGroupRows is the number of rows of a Parquet row group, DuckDB's own
// default.
const rowGroupRows = 122880

// writeParquet writes a Parquet file, zstd-compressed, with the Arrow
// schema stored in its metadata so Arrow readers get the types back as
// they were (time zones, the JSON extension).
func writeParquet(w io.Writer, rdr array.RecordReader, mem memory.Allocator) (n int64, err error) {
	schema := rdr.Schema()
	for _, f := range schema.Fields() {
		if !parquetHolds(f.Type) {
			return 0, &TypeError{Column: f.Name, Type: f.Type.String(), Format: string(Parquet)}
		}
	}
	props := parquet.NewWriterProperties(
		parquet.WithAllocator(mem),
		parquet.WithCompression(compress.Codecs.Zstd),
		parquet.WithMaxRowGroupLength(rowGroupRows),
	)
	fw, err := pqarrow.NewFileWriter(schema, writerOnly{w}, props,
		pqarrow.NewArrowWriterProperties(pqarrow.WithAllocator(mem), pqarrow.WithStoreSchema()))
	if err != nil {
		return 0, err
	}
	defer func() {
		if cerr := fw.Close(); err == nil {
			err = cerr
		}
	}()
	for rdr.Next() {
		rec := rdr.RecordBatch()
		if err := fw.WriteBuffered(rec); err != nil {
			return n, err
		}
		n += rec.NumRows()
	}
	return n, rdr.Err()
}

// parquetHolds reports whether Parquet has a type for t: not for
// intervals, unions, or anything holding them.
func parquetHolds(t arrow.DataType) bool {
	switch t := t.(type) {
	case *arrow.MonthDayNanoIntervalType, *arrow.MonthIntervalType, *arrow.DayTimeIntervalType,
		*arrow.SparseUnionType, *arrow.DenseUnionType, *arrow.DurationType:
		return false
	case arrow.ListLikeType:
		return parquetHolds(t.Elem())
	case *arrow.StructType:
		for _, f := range t.Fields() {
			if !parquetHolds(f.Type) {
				return false
			}
		}
	case *arrow.DictionaryType:
		return parquetHolds(t.ValueType)
	}
	return true
}

// MarkJSON returns a reader over rdr whose columns cols (DuckDB's JSON
// columns, which Arrow receives as plain strings) carry the arrow.json
// extension type, so the writers treat them as JSON. The returned reader
// takes over rdr: releasing it releases rdr.
func MarkJSON(rdr array.RecordReader, cols []int) (array.RecordReader, error) {
	if len(cols) == 0 {
		return rdr, nil
	}
	in := rdr.Schema()
	fields := in.Fields()
	for _, c := range cols {
		jt, err := extensions.NewJSONType(fields[c].Type)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", fields[c].Name, err)
		}
		fields[c].Type = jt
	}
	md := in.Metadata()
	return &jsonReader{in: rdr, schema: arrow.NewSchema(fields, &md), cols: cols, refs: 1}, nil
}

// jsonReader is the reader MarkJSON returns.
type jsonReader struct {
	in     array.RecordReader
	schema *arrow.Schema
	cols   []int
	cur    arrow.RecordBatch
	refs   int64
}

func (r *jsonReader) Schema() *arrow.Schema { return r.schema }

func (r *jsonReader) Next() bool {
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	if !r.in.Next() {
		return false
	}
	rec := r.in.RecordBatch()
	cols := make([]arrow.Array, rec.NumCols())
	copy(cols, rec.Columns())
	var made []arrow.Array
	for _, c := range r.cols {
		ext := array.NewExtensionArrayWithStorage(r.schema.Field(c).Type.(arrow.ExtensionType), rec.Column(c))
		made = append(made, ext)
		cols[c] = ext
	}
	r.cur = array.NewRecordBatch(r.schema, cols, rec.NumRows())
	for _, a := range made {
		a.Release() // the batch holds them now
	}
	return true
}

func (r *jsonReader) RecordBatch() arrow.RecordBatch { return r.cur }

// Record is RecordBatch under its older name.
func (r *jsonReader) Record() arrow.RecordBatch { return r.cur }

func (r *jsonReader) Err() error { return r.in.Err() }

func (r *jsonReader) Retain() { atomic.AddInt64(&r.refs, 1) }

func (r *jsonReader) Release() {
	if atomic.AddInt64(&r.refs, -1) != 0 {
		return
	}
	if r.cur != nil {
		r.cur.Release()
		r.cur = nil
	}
	r.in.Release()
}

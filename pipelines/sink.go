package pipelines

import (
	"bufio"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"slices"
	"time"

	"shequ/internal/parquet"
	"shequ/schemas"
)

// The accepted rows of a file, on either path, are written as Parquet
// row groups while the file is read, so memory stays flat however long
// the file is.

// A row group of the Go path has sinkRows rows, or fewer when its text
// reaches sinkBytes (cells can be long).
const (
	sinkRows  = 1 << 16
	sinkBytes = 256 << 20
)

// parquetColumns are the Parquet columns of a source's accepted rows: the
// schema's columns, then the lineage (LineageColumns).
func parquetColumns(s *schemas.Schema) []parquet.Column {
	var cols []parquet.Column
	for _, c := range s.Columns {
		cols = append(cols, parquet.Column{Name: c.Name, Kind: parquetKind(c.Type),
			Dictionary:   c.Type == schemas.TypeEnum || c.Type == schemas.TypeCode,
			Uncompressed: c.PII == schemas.PIIHash}) // hex hashes: nothing repeats
	}
	file, sheet, line := LineageColumns[0], LineageColumns[1], LineageColumns[2]
	return append(cols, parquet.Column{Name: file, Kind: parquet.String, Dictionary: true},
		parquet.Column{Name: sheet, Kind: parquet.String, Dictionary: true},
		parquet.Column{Name: line, Kind: parquet.Int64})
}

// quarantineColumns are the Parquet columns of the quarantined rows.
var quarantineColumns = []parquet.Column{
	{Name: "run_id", Kind: parquet.String, Dictionary: true},
	{Name: "source", Kind: parquet.String, Dictionary: true},
	{Name: "period", Kind: parquet.String, Dictionary: true},
	{Name: "file", Kind: parquet.String, Dictionary: true},
	{Name: "sheet", Kind: parquet.String, Dictionary: true},
	{Name: "line", Kind: parquet.Int64},
	{Name: "column", Kind: parquet.String, Dictionary: true},
	{Name: "value", Kind: parquet.String},
	{Name: "rule", Kind: parquet.String, Dictionary: true},
	{Name: "message_zh", Kind: parquet.String, Dictionary: true},
	{Name: "message_en", Kind: parquet.String, Dictionary: true},
}

// parquetKind is the Parquet kind of a declared column type; it reads in
// DuckDB as SQLType says.
func parquetKind(typ string) parquet.Kind {
	switch typ {
	case schemas.TypeInt:
		return parquet.Int64
	case schemas.TypeFloat:
		return parquet.Double
	case schemas.TypeDate:
		return parquet.Date
	case schemas.TypeDateTime:
		return parquet.Timestamp
	}
	return parquet.String
}

// rowBuffer holds rows column by column until they are encoded.
type rowBuffer struct {
	cols  []parquet.Column
	vals  []parquet.Values
	n     int // rows
	bytes int // of text
}

func newRowBuffer(cols []parquet.Column) rowBuffer {
	return rowBuffer{cols: cols, vals: make([]parquet.Values, len(cols))}
}

// reset empties the buffer and keeps its memory.
func (b *rowBuffer) reset() {
	for i := range b.vals {
		v := &b.vals[i]
		v.Null, v.Bytes, v.Ends, v.Int64, v.Int32, v.Double = v.Null[:0], v.Bytes[:0], v.Ends[:0], v.Int64[:0], v.Int32[:0], v.Double[:0]
	}
	b.n, b.bytes = 0, 0
}

// appendRow appends a row of the Go validator: one value per column, nil
// for NULL, as a DuckDB Appender takes them.
func (b *rowBuffer) appendRow(args []driver.Value) error {
	if len(args) != len(b.vals) {
		return fmt.Errorf("%d values for %d columns", len(args), len(b.vals))
	}
	for i, a := range args {
		v := &b.vals[i]
		c := b.cols[i]
		v.Null = append(v.Null, a == nil)
		bad := func() error { return fmt.Errorf("column %s: %T for kind %d", c.Name, a, c.Kind) }
		switch c.Kind {
		case parquet.String:
			if a != nil {
				s, ok := a.(string)
				if !ok {
					return bad()
				}
				v.Bytes = append(v.Bytes, s...)
				b.bytes += len(s)
			}
			v.Ends = append(v.Ends, len(v.Bytes))
		case parquet.Int64:
			var n int64
			switch x := a.(type) {
			case int64:
				n = x
			case int:
				n = int64(x)
			case nil:
			default:
				return bad()
			}
			v.Int64 = append(v.Int64, n)
		case parquet.Double:
			x, ok := a.(float64)
			if !ok && a != nil {
				return bad()
			}
			v.Double = append(v.Double, x)
		case parquet.Date:
			var d int32
			if a != nil {
				t, ok := a.(time.Time)
				if !ok {
					return bad()
				}
				y, m, dd := t.Date()
				d = daysFromCivil(y, int(m), dd)
			}
			v.Int32 = append(v.Int32, d)
		case parquet.Timestamp:
			var us int64
			if a != nil {
				t, ok := a.(time.Time)
				if !ok {
					return bad()
				}
				y, m, d := t.Date()
				us = int64(daysFromCivil(y, int(m), d))*86400e6 + t.Sub(time.Date(y, m, d, 0, 0, 0, 0, t.Location())).Microseconds()
			}
			v.Int64 = append(v.Int64, us)
		}
	}
	b.n++
	return nil
}

// encode encodes the buffered rows as a row group.
func (b *rowBuffer) encode(enc *parquet.Encoder) (*parquet.RowGroup, error) {
	vals := slices.Clone(b.vals)
	for i := range vals {
		if !slices.Contains(vals[i].Null, true) {
			vals[i].Null = nil
		}
	}
	return enc.Encode(b.n, vals)
}

// parquetSink writes the accepted rows of the Go path to a Parquet file,
// a row group every sinkRows rows. Close it, on success or not.
type parquetSink struct {
	file *os.File
	bw   *bufio.Writer
	w    *parquet.Writer
	enc  *parquet.Encoder
	buf  rowBuffer
	hit  func(string) // the Ingester's failpoint, or nil
}

func newParquetSink(path string, cols []parquet.Column, failpoint func(string)) (*parquetSink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w, err := parquet.NewWriter(bw, cols)
	if err != nil {
		f.Close()
		return nil, err
	}
	enc, err := parquet.NewEncoder(cols)
	if err != nil {
		f.Close()
		return nil, err
	}
	return &parquetSink{file: f, bw: bw, w: w, enc: enc, buf: newRowBuffer(cols), hit: failpoint}, nil
}

// AppendRow buffers a row: the schema's columns, then the lineage.
func (s *parquetSink) AppendRow(args ...driver.Value) error {
	if err := s.buf.appendRow(args); err != nil {
		return err
	}
	if s.buf.n >= sinkRows || s.buf.bytes >= sinkBytes {
		return s.flush()
	}
	return nil
}

func (s *parquetSink) flush() error {
	if s.buf.n == 0 {
		return nil
	}
	rg, err := s.buf.encode(s.enc)
	if err != nil {
		return err
	}
	s.buf.reset()
	if err := s.w.WriteRowGroup(rg); err != nil {
		return err
	}
	if s.hit != nil {
		s.hit("ingest:rowgroup")
	}
	return nil
}

// Close writes the last rows and the footer and closes the file.
func (s *parquetSink) Close() error {
	err := s.flush()
	if err == nil {
		err = s.w.Close()
	}
	if err == nil {
		err = s.bw.Flush()
	}
	return errors.Join(err, s.file.Close(), s.enc.Close())
}

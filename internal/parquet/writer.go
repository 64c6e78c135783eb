package parquet

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"

	"github.com/klauspost/compress/zstd"
)

// Kind is the type of a column, named by the DuckDB type it reads as.
type Kind int

// Column kinds.
const (
	String    Kind = iota // VARCHAR: BYTE_ARRAY, logical type STRING
	Int64                 // BIGINT: INT64
	Double                // DOUBLE: DOUBLE
	Date                  // DATE: INT32, logical type DATE, days since 1970-01-01
	Timestamp             // TIMESTAMP: INT64, logical type TIMESTAMP(MICROS, not UTC-adjusted), in Values.Int64
)

// Column declares a column of a file. Every column is OPTIONAL (nullable).
type Column struct {
	Name string
	Kind Kind
	// Dictionary asks for dictionary encoding, which pays for a String
	// column with few distinct values (codes, categories, a constant). A
	// row group whose column has more than maxDictEntries distinct
	// values or maxDictBytes of them falls back to plain encoding.
	Dictionary bool
	// Uncompressed stores the column's pages as they are, for values
	// that never repeat, such as keyed hashes in hex: zstd only halves
	// them (hex has four bits in eight), at a cost of about a third of the
	// whole ingest's CPU time for a person-level file, and reading them
	// back is three times faster.
	Uncompressed bool
}

// Values are one column's values in one row group. The slice of the
// column's kind has one entry per row; a null row's entry is ignored.
type Values struct {
	Null   []bool  // nil when no row is null
	Bytes  []byte  // String: the values one after another
	Ends   []int   // String: where each row's value ends in Bytes
	Int64  []int64 // Int64; Timestamp: microseconds since 1970-01-01 00:00
	Int32  []int32 // Date
	Double []float64
}

func (v *Values) isNull(i int) bool { return v.Null != nil && v.Null[i] }

// str is row i of a String column.
func (v *Values) str(i int) []byte {
	start := 0
	if i > 0 {
		start = v.Ends[i-1]
	}
	return v.Bytes[start:v.Ends[i]]
}

const (
	maxDictEntries = 1 << 15
	maxDictBytes   = 1 << 20
	// maxPageBytes bounds a page: its sizes are 32-bit in the page header,
	// and compression may add a little.
	maxPageBytes = 1<<31 - 1<<24
)

// Parquet enum values used here.
const (
	typeInt32     = 1
	typeInt64     = 2
	typeDouble    = 5
	typeByteArray = 6

	encPlain           = 0
	encPlainDict       = 2
	encRLE             = 3
	pageData           = 0
	pageDictionary     = 2
	codecNone          = 0
	codecZSTD          = 6
	repetitionOptional = 1
	convertedUTF8      = 0
	convertedDate      = 6
)

// Encoder encodes row groups. An Encoder is not safe for concurrent use;
// give each goroutine its own. Close releases it.
type Encoder struct {
	cols    []Column
	zstd    *zstd.Encoder
	page    []byte // scratch: an uncompressed page
	body    []byte // scratch: a compressed page
	dict    map[string]int32
	entries [][]byte // the dictionary in index order (slices of the values)
	index   []uint32
}

// NewEncoder returns an Encoder for files of the columns cols.
func NewEncoder(cols []Column) (*Encoder, error) {
	z, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1), zstd.WithEncoderCRC(false))
	if err != nil {
		return nil, err
	}
	return &Encoder{cols: cols, zstd: z, dict: map[string]int32{}}, nil
}

// Close releases the encoder's compressor.
func (e *Encoder) Close() error { return e.zstd.Close() }

// RowGroup is an encoded row group, ready for Writer.WriteRowGroup.
type RowGroup struct {
	rows   int
	chunks []chunk
}

// Rows is the number of rows of the row group.
func (rg *RowGroup) Rows() int { return rg.rows }

type chunk struct {
	data         []byte // the pages, headers included
	dictLen      int    // bytes of the dictionary page, 0 when none
	values       int
	uncompressed int64
	encodings    []int32
}

// Encode encodes rows rows of every column: vals has one Values per
// column, in the order of the encoder's columns.
func (e *Encoder) Encode(rows int, vals []Values) (*RowGroup, error) {
	if len(vals) != len(e.cols) {
		return nil, fmt.Errorf("parquet: %d columns of values for %d columns", len(vals), len(e.cols))
	}
	rg := &RowGroup{rows: rows, chunks: make([]chunk, len(e.cols))}
	for i, c := range e.cols {
		if err := e.column(c, rows, &vals[i], &rg.chunks[i]); err != nil {
			return nil, fmt.Errorf("parquet: column %s: %w", c.Name, err)
		}
	}
	return rg, nil
}

func (e *Encoder) column(c Column, rows int, v *Values, ch *chunk) error {
	if err := v.check(c, rows); err != nil {
		return err
	}
	present := rows
	if v.Null != nil {
		present = 0
		for _, n := range v.Null {
			if !n {
				present++
			}
		}
	}
	ch.values = rows
	if c.Kind == String && c.Dictionary && present > 0 && e.buildDict(rows, v) {
		// Dictionary page: the distinct values, plain.
		dict := e.page[:0]
		entries := e.entries
		for _, s := range entries {
			dict = binary.LittleEndian.AppendUint32(dict, uint32(len(s)))
			dict = append(dict, s...)
		}
		e.page = dict
		ch.data = e.appendPage(c, ch.data, pageDictionary, len(entries), encPlainDict, dict, ch)
		ch.dictLen = len(ch.data)
		// Data page: levels, then the indexes bit-packed.
		p := e.levels(e.page[:0], rows, v)
		width := max(1, bits.Len(uint(len(entries)-1)))
		p = append(p, byte(width))
		p = appendBitPacked(p, e.index, width)
		e.page = p
		ch.data = e.appendPage(c, ch.data, pageData, rows, encPlainDict, p, ch)
		ch.encodings = []int32{encPlainDict, encRLE}
		return nil
	}
	p := e.levels(e.page[:0], rows, v)
	for i := range rows {
		if v.isNull(i) {
			continue
		}
		switch c.Kind {
		case String:
			s := v.str(i)
			p = binary.LittleEndian.AppendUint32(p, uint32(len(s)))
			p = append(p, s...)
		case Int64, Timestamp:
			p = binary.LittleEndian.AppendUint64(p, uint64(v.Int64[i]))
		case Double:
			p = binary.LittleEndian.AppendUint64(p, math.Float64bits(v.Double[i]))
		case Date:
			p = binary.LittleEndian.AppendUint32(p, uint32(v.Int32[i]))
		}
	}
	e.page = p
	ch.data = e.appendPage(c, ch.data, pageData, rows, encPlain, p, ch)
	ch.encodings = []int32{encPlain, encRLE}
	return nil
}

func (v *Values) check(c Column, rows int) error {
	if v.Null != nil && len(v.Null) != rows {
		return fmt.Errorf("%d null flags for %d rows", len(v.Null), rows)
	}
	n := 0
	switch c.Kind {
	case String:
		n = len(v.Ends)
		if n > 0 && v.Ends[n-1] > len(v.Bytes) {
			return fmt.Errorf("values end at %d, past %d bytes", v.Ends[n-1], len(v.Bytes))
		}
		if size := int64(len(v.Bytes)) + 5*int64(rows) + 64; size > maxPageBytes {
			return fmt.Errorf("%d bytes in one page, more than a page can hold: encode fewer rows at a time", size)
		}
	case Int64, Timestamp:
		n = len(v.Int64)
	case Double:
		n = len(v.Double)
	case Date:
		n = len(v.Int32)
	default:
		return fmt.Errorf("unknown kind %d", c.Kind)
	}
	if n != rows {
		return fmt.Errorf("%d values for %d rows", n, rows)
	}
	return nil
}

// buildDict fills e.dict, e.entries and e.index (one entry per present
// row) and reports whether the values fit a dictionary. A value equal to
// the row above's, or one of a few entries, skips the map.
func (e *Encoder) buildDict(rows int, v *Values) bool {
	clear(e.dict)
	e.entries = e.entries[:0]
	e.index = e.index[:0]
	size := 0
	var prev []byte
	prevK := int32(-1)
	for i := range rows {
		if v.isNull(i) {
			continue
		}
		s := v.str(i)
		k := int32(-1)
		switch {
		case prevK >= 0 && string(s) == string(prev):
			k = prevK
		case len(e.entries) <= 8:
			for j, x := range e.entries {
				if string(x) == string(s) {
					k = int32(j)
					break
				}
			}
		default:
			if x, ok := e.dict[string(s)]; ok {
				k = x
			}
		}
		if k < 0 {
			if len(e.entries) == maxDictEntries || size+len(s) > maxDictBytes {
				return false
			}
			k = int32(len(e.entries))
			e.dict[string(s)] = k
			e.entries = append(e.entries, s)
			size += len(s)
		}
		prev, prevK = s, k
		e.index = append(e.index, uint32(k))
	}
	return true
}

// levels appends the definition levels of a page (1 present, 0 null),
// RLE-encoded, with their 4-byte length.
func (e *Encoder) levels(p []byte, rows int, v *Values) []byte {
	at := len(p)
	p = append(p, 0, 0, 0, 0)
	if v.Null == nil {
		p = appendRun(p, rows, 1)
	} else {
		for i := 0; i < rows; {
			j := i + 1
			for j < rows && v.Null[j] == v.Null[i] {
				j++
			}
			level := byte(1)
			if v.Null[i] {
				level = 0
			}
			p = appendRun(p, j-i, level)
			i = j
		}
	}
	binary.LittleEndian.PutUint32(p[at:], uint32(len(p)-at-4))
	return p
}

// appendRun appends an RLE run of n values of a 1-bit level.
func appendRun(p []byte, n int, level byte) []byte {
	p = binary.AppendUvarint(p, uint64(n)<<1)
	return append(p, level)
}

// appendBitPacked appends vals as one bit-packed run of width bits each,
// padded to a multiple of 8 values.
func appendBitPacked(p []byte, vals []uint32, width int) []byte {
	groups := (len(vals) + 7) / 8
	p = binary.AppendUvarint(p, uint64(groups)<<1|1)
	var acc uint64
	nacc := 0
	for g := range groups * 8 {
		var x uint64
		if g < len(vals) {
			x = uint64(vals[g])
		}
		acc |= x << nacc
		nacc += width
		for nacc >= 8 {
			p = append(p, byte(acc))
			acc >>= 8
			nacc -= 8
		}
	}
	return p // groups*8*width is a multiple of 8 bits
}

// appendPage compresses a page and appends it with its header to dst.
func (e *Encoder) appendPage(c Column, dst []byte, typ, values, enc int, page []byte, ch *chunk) []byte {
	var h tw
	h.begin()
	h.i32(1, int32(typ))
	h.i32(2, int32(len(page)))
	body := page
	if !c.Uncompressed {
		e.body = e.zstd.EncodeAll(page, e.body[:0])
		body = e.body
	}
	h.i32(3, int32(len(body)))
	if typ == pageDictionary {
		h.structField(7)
		h.i32(1, int32(values))
		h.i32(2, int32(enc))
		h.end()
	} else {
		h.structField(5)
		h.i32(1, int32(values))
		h.i32(2, int32(enc))
		h.i32(3, encRLE)
		h.i32(4, encRLE)
		h.end()
	}
	h.end()
	ch.uncompressed += int64(len(h.b) + len(page))
	if dst == nil {
		dst = make([]byte, 0, len(h.b)+len(body))
	}
	dst = append(dst, h.b...)
	return append(dst, body...)
}

// Writer writes a Parquet file of row groups encoded by Encoders. It does
// not close the underlying writer.
type Writer struct {
	w      io.Writer
	cols   []Column
	offset int64
	groups []groupMeta
	rows   int64
	err    error
}

type groupMeta struct {
	rows   int
	chunks []chunkMeta
}

type chunkMeta struct {
	offset, dictOffset int64 // dictOffset < 0: none
	values             int
	compressed         int64
	uncompressed       int64
	encodings          []int32
}

// NewWriter starts a file of the columns cols on w.
func NewWriter(w io.Writer, cols []Column) (*Writer, error) {
	pw := &Writer{w: w, cols: cols}
	if _, err := w.Write([]byte("PAR1")); err != nil {
		return nil, err
	}
	pw.offset = 4
	return pw, nil
}

// WriteRowGroup appends an encoded row group. Row groups are written in
// the order of the calls.
func (w *Writer) WriteRowGroup(rg *RowGroup) error {
	if w.err != nil {
		return w.err
	}
	if len(rg.chunks) != len(w.cols) {
		return fmt.Errorf("parquet: row group of %d columns for %d", len(rg.chunks), len(w.cols))
	}
	g := groupMeta{rows: rg.rows}
	for _, ch := range rg.chunks {
		m := chunkMeta{offset: w.offset + int64(ch.dictLen), dictOffset: -1, values: ch.values,
			compressed: int64(len(ch.data)), uncompressed: ch.uncompressed, encodings: ch.encodings}
		if ch.dictLen > 0 {
			m.dictOffset = w.offset
		}
		if _, err := w.w.Write(ch.data); err != nil {
			w.err = err
			return err
		}
		w.offset += int64(len(ch.data))
		g.chunks = append(g.chunks, m)
	}
	w.groups = append(w.groups, g)
	w.rows += int64(rg.rows)
	return nil
}

// Close writes the footer. It does not close the underlying writer.
func (w *Writer) Close() error {
	if w.err != nil {
		return w.err
	}
	var t tw
	t.begin()
	t.i32(1, 1) // version
	t.list(2, tStruct, len(w.cols)+1)
	t.begin()
	t.str(4, "schema")
	t.i32(5, int32(len(w.cols)))
	t.end()
	for _, c := range w.cols {
		t.begin()
		t.i32(1, physical(c.Kind))
		t.i32(3, repetitionOptional)
		t.str(4, c.Name)
		switch c.Kind {
		case String:
			t.i32(6, convertedUTF8)
			t.structField(10)
			t.structField(1) // STRING
			t.end()
			t.end()
		case Date:
			t.i32(6, convertedDate)
			t.structField(10)
			t.structField(6) // DATE
			t.end()
			t.end()
		case Timestamp:
			t.structField(10)
			t.structField(8) // TIMESTAMP
			t.boolean(1, false)
			t.structField(2) // unit
			t.structField(2) // MICROS
			t.end()
			t.end()
			t.end()
			t.end()
		}
		t.end()
	}
	t.i64(3, w.rows)
	t.list(4, tStruct, len(w.groups))
	for _, g := range w.groups {
		t.begin()
		t.list(1, tStruct, len(g.chunks))
		var total int64
		for i, m := range g.chunks {
			total += m.uncompressed
			t.begin()
			first := m.offset
			if m.dictOffset >= 0 {
				first = m.dictOffset
			}
			t.i64(2, first)
			t.structField(3)
			t.i32(1, physical(w.cols[i].Kind))
			t.list(2, tI32, len(m.encodings))
			for _, e := range m.encodings {
				t.varint(int64(e))
			}
			t.list(3, tBinary, 1)
			t.b = binary.AppendUvarint(t.b, uint64(len(w.cols[i].Name)))
			t.b = append(t.b, w.cols[i].Name...)
			codec := int32(codecZSTD)
			if w.cols[i].Uncompressed {
				codec = codecNone
			}
			t.i32(4, codec)
			t.i64(5, int64(m.values))
			t.i64(6, m.uncompressed)
			t.i64(7, m.compressed)
			t.i64(9, m.offset)
			if m.dictOffset >= 0 {
				t.i64(11, m.dictOffset)
			}
			t.end()
			t.end()
		}
		t.i64(2, total)
		t.i64(3, int64(g.rows))
		t.end()
	}
	t.str(6, "shequ")
	t.end()
	footer := binary.LittleEndian.AppendUint32(t.b, uint32(len(t.b)))
	footer = append(footer, "PAR1"...)
	if _, err := w.w.Write(footer); err != nil {
		w.err = err
		return err
	}
	w.err = fmt.Errorf("parquet: writer closed")
	return nil
}

// Layout is where the row groups of a file written by a Writer lie, for
// copying them into another file without decoding them.
type Layout struct {
	groups []groupMeta
}

// Layout returns the layout of the row groups written so far.
func (w *Writer) Layout() *Layout {
	return &Layout{groups: slices.Clone(w.groups)}
}

// Rows returns the number of rows of each row group.
func (l *Layout) Rows() []int {
	out := make([]int, len(l.groups))
	for i, g := range l.groups {
		out[i] = g.rows
	}
	return out
}

// RowGroup reads row group i of the file r, whose layout l is, as an
// encoded row group that Writer.WriteRowGroup copies as it is.
func (l *Layout) RowGroup(r io.ReaderAt, i int) (*RowGroup, error) {
	if i < 0 || i >= len(l.groups) {
		return nil, fmt.Errorf("parquet: row group %d of %d", i, len(l.groups))
	}
	g := l.groups[i]
	rg := &RowGroup{rows: g.rows, chunks: make([]chunk, len(g.chunks))}
	for j, m := range g.chunks {
		first := m.offset
		if m.dictOffset >= 0 {
			first = m.dictOffset
		}
		data := make([]byte, m.compressed)
		if _, err := r.ReadAt(data, first); err != nil {
			return nil, fmt.Errorf("parquet: row group %d: %w", i, err)
		}
		rg.chunks[j] = chunk{data: data, dictLen: int(m.offset - first), values: m.values,
			uncompressed: m.uncompressed, encodings: m.encodings}
	}
	return rg, nil
}

func physical(k Kind) int32 {
	switch k {
	case Int64, Timestamp:
		return typeInt64
	case Double:
		return typeDouble
	case Date:
		return typeInt32
	}
	return typeByteArray
}

package pipelines

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"golang.org/x/text/encoding"

	"shequ/internal/parquet"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// The fast path: for a large delimited text file, Go detects the
// encoding, delimiter and header as always; then the file is cut into
// chunks of whole lines that workers on every core decode, split, check
// and encode as Parquet row groups, which one writer appends to the
// staged file in line order. A row whose every cell is written so plainly
// that the Go validator could only accept it, with the same value (ASCII
// digits, ISO dates, codes in the division table, identity numbers with a
// right check digit, enum values exactly), is typed by a few comparisons;
// every other row goes through the Go validator itself, so messy rows
// keep their exact treatment. Duplicate keys are found from 64-bit hashes
// of every accepted row's key, spilled to disk by partition so that
// memory does not grow with the file. The fast path is taken only when
// physical lines are records (no quotes, no blank lines, no stray
// carriage returns, valid text), so line numbers are exact; a file that
// turns out otherwise, XLSX and small files take the Go path unchanged.

// DefaultFastPathMinBytes is the size from which a text file takes the
// fast path, unless Ingester.FastPathMinBytes says otherwise.
const DefaultFastPathMinBytes = 4 << 20

// fastChunkBytes is the size of the chunks the fast path reads; a chunk is
// one row group.
const fastChunkBytes = 4 << 20

// errNotFast stops the fast path; the file then takes the Go path.
var errNotFast = errors.New("not a file for the fast path")

func (ing *Ingester) fastMin() int64 {
	if ing.FastPathMinBytes > 0 {
		return ing.FastPathMinBytes
	}
	return DefaultFastPathMinBytes
}

// fastSchema reports whether every column of s has a strict form and the
// schema has no row rules, and at least one column is required (so that
// a clean row is never empty or a unit row).
func fastSchema(s *schemas.Schema) bool {
	if len(s.Rules) > 0 {
		return false
	}
	required := false
	for _, c := range s.Columns {
		switch c.Type {
		case schemas.TypeText, schemas.TypeEnum, schemas.TypeCode, schemas.TypeResidentID,
			schemas.TypeInt, schemas.TypeFloat, schemas.TypeDate:
		default:
			return false
		}
		if c.Required && c.PII != schemas.PIIDrop {
			required = true
		}
	}
	for _, k := range s.Key {
		for _, c := range s.Columns {
			if c.Name == k && (c.Type == schemas.TypeInt || c.Type == schemas.TypeFloat || c.Type == schemas.TypeDate) {
				return false // the key text of a typed value is not its cell
			}
		}
	}
	return required
}

// fastColumn is how the fast path reads one schema column.
type fastColumn struct {
	c        schemas.Column
	kind     parquet.Kind
	cell     int      // -1: always NULL (no such cell, or pii: drop)
	enum     []string // TypeEnum: the values a cell may have exactly
	division bool     // the code must be in the division table
	hash     bool     // stored as its keyed hash
}

// fastPlan is how the fast path reads one file.
type fastPlan struct {
	cols      []fastColumn
	pq        []parquet.Column // cols, then the lineage columns
	nfields   int              // cells of the header row
	delim     byte
	unchecked []int // cells no column reads: they must not make a totals row
	keyCells  []int // the key columns' cells, in key order; nil when no key
	codes     *codeSet
	read      map[int]bool // cells some column reads
	seed      maphash.Seed // of the key hashes
	file      string
	sheet     string
	enc       encoding.Encoding // nil for UTF-8
}

// readFast tries the fast path. ok is false when the file does not
// qualify; m is then as it was and the caller takes the Go path.
func (ing *Ingester) readFast(ctx context.Context, schema *schemas.Schema, in Input, m *warehouse.FileManifest) (t tables, ok bool, err error) {
	if ing.DisableFastPath || m.Bytes < ing.fastMin() || !fastSchema(schema) {
		return tables{}, false, nil
	}
	saved := *m
	saved.SkippedBy = map[string]int{}
	saved.UnknownColumns = slices.Clone(m.UnknownColumns)
	fail := func(why string) (tables, bool, error) {
		ing.Log.Debug("fast path not taken", "file", in.Path, "reason", why)
		*m = saved
		return tables{}, false, nil
	}

	r, err := decode.Open(in.Path, decode.Options{Encoding: in.Encoding, Sheet: in.Sheet})
	if err != nil {
		return fail(err.Error())
	}
	defer r.Close()
	enc := r.Encoding()
	if f := r.Format(); f != "csv" && f != "tsv" {
		return fail("not delimited text")
	}
	switch enc {
	case decode.EncodingUTF8, decode.EncodingUTF8BOM, decode.EncodingGBK, decode.EncodingGB18030:
	default:
		return fail("encoding " + enc)
	}
	m.Format, m.Encoding = r.Format(), enc

	f := &fileReader{ing: ing, schema: schema, in: in, m: m, src: &records{r: r}, ix: newAliasIndex(schema)}
	for f.sheet == nil || f.sheet.v == nil {
		rec, err := f.src.next()
		if err != nil {
			return fail("no header") // an empty file, bad bytes above the header: the Go path says so
		}
		if f.sheet == nil {
			f.first = rec.Cells
			f.sheet = &sheetState{name: rec.Sheet}
		}
		if err := f.seekHeader(rec, false); err != nil {
			return fail(err.Error())
		}
	}
	// The data start at the next record's line: a header cell may hold
	// line breaks, so the header can end lines below where it starts.
	next, err := f.src.next()
	if err != nil {
		return fail("no record below the header")
	}
	start := next.Line
	v := f.sheet.v
	if len(v.prefix) > 0 {
		return fail("prefix checks")
	}
	for _, s := range v.scale {
		if s != scaleNone {
			return fail("units in the header")
		}
	}
	dr, isText := r.(interface{ Delimiter() rune })
	if !isText || dr.Delimiter() >= utf8.RuneSelf {
		return fail("delimiter")
	}
	p, good := ing.fastPlan(schema, v, byte(dr.Delimiter()), m.File, f.sheet.name)
	if !good {
		return fail("a column has no strict form")
	}
	if p.enc, err = decode.Lookup(enc); err != nil {
		return fail(err.Error())
	}
	nf, err := headerFields(in.Path, start, p)
	if err != nil {
		return fail(err.Error())
	}
	if !p.fields(nf) {
		return fail("a required column is past the fields of the data lines")
	}

	t = tables{staged: ing.Tx.TempPath(m.FileID + ".parquet"), rejected: "rej_" + m.FileID}
	if err := ing.createTables(ctx, t); err != nil {
		return t, false, err
	}
	staged := t.staged
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		ing.dropTables(ctx, t)
		return t, false, err
	}
	defer conn.Close()
	started := time.Now()
	var run fastRun
	err = withAppender(conn, t.rejected, func(rej *duckdb.Appender) error {
		f.rej = rej
		run, err = f.fastScan(ctx, p, start, staged)
		return err
	})
	if err == nil {
		err = f.fastDuplicates(ctx, conn, t, p, start, run.candidates)
	}
	if err != nil {
		ing.dropTables(ctx, t)
		if errors.Is(err, errNotFast) {
			return fail(err.Error())
		}
		return t, false, err
	}
	ing.Log.Debug("fast path", "file", in.Path, "rows", m.RowsIn, "messy_rows", run.messy, "took", time.Since(started))
	if len(m.UnknownColumns) > 0 {
		ing.Log.Warn("columns not in the schema were not stored", "source", in.Source, "file", in.Path,
			"columns", strings.Join(m.UnknownColumns, " | "))
	}
	ing.fastFiles++
	return t, true, nil
}

// fastPlan says how to read each column. ok is false when a column cannot
// be read strictly.
func (ing *Ingester) fastPlan(s *schemas.Schema, v *validator, delim byte, file, sheet string) (*fastPlan, bool) {
	p := &fastPlan{delim: delim, file: file, sheet: sheet, read: map[int]bool{}, seed: maphash.MakeSeed()}
	read := p.read
	for i, c := range s.Columns {
		fc := fastColumn{c: c, kind: parquetKind(c.Type), cell: v.m.cellOf[i]}
		if c.PII == schemas.PIIDrop {
			fc.cell = -1
		}
		if fc.cell < 0 && c.Required && c.PII != schemas.PIIDrop {
			return nil, false
		}
		switch c.Type {
		case schemas.TypeEnum:
			for _, a := range c.Values {
				if values.IsNull(a) || isTotalsLabel(a) || values.Normalize(a) != a || a == "" {
					continue
				}
				fc.enum = append(fc.enum, a)
			}
			if len(fc.enum) == 0 {
				return nil, false
			}
		case schemas.TypeCode:
			if c.CheckDivision && v.div != nil {
				fc.division = true
				p.codes = ing.codeSet()
			}
		}
		fc.hash = c.PII == schemas.PIIHash
		if fc.cell >= 0 {
			read[fc.cell] = true
		}
		p.cols = append(p.cols, fc)
	}
	p.pq = parquetColumns(s)
	for _, i := range v.keyCol {
		cell := p.cols[i].cell
		if cell < 0 {
			return nil, false
		}
		p.keyCells = append(p.keyCells, cell)
	}
	return p, true
}

// fields completes the plan for lines of n fields; ok is false when a
// required column lies past them.
func (p *fastPlan) fields(n int) bool {
	p.nfields = n
	for i := range p.cols {
		fc := &p.cols[i]
		if fc.cell >= n {
			if fc.c.Required {
				return false
			}
			fc.cell = -1
		}
	}
	for _, j := range p.keyCells {
		if j >= n {
			return false
		}
	}
	for j := range n {
		if !p.read[j] {
			p.unchecked = append(p.unchecked, j)
		}
	}
	return true
}

// headerFields returns the number of fields of the file's first data
// line, decoded.
func headerFields(path string, start int, p *fastPlan) (int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	off, err := lineOffset(fh, start)
	if err != nil {
		return 0, err
	}
	buf := make([]byte, 64<<10)
	n, err := fh.ReadAt(buf, off)
	if n == 0 {
		return 0, fmt.Errorf("no data line: %v", err)
	}
	b := buf[:n]
	if p.enc != nil {
		if b, err = p.enc.NewDecoder().Bytes(b); err != nil {
			return 0, err
		}
	}
	var cells csvFields
	if _, ok := csvRecord(b, p.delim, n < len(buf), &cells); !ok {
		return 0, fmt.Errorf("a record longer than %d bytes", len(buf))
	}
	return len(cells.cells), nil
}

// lineOffset returns the byte offset of line n (from 1) of a file.
func lineOffset(fh *os.File, n int) (int64, error) {
	if _, err := fh.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	var off int64
	buf := make([]byte, 64<<10)
	for line := 1; line < n; {
		k, err := fh.Read(buf)
		b := buf[:k]
		for line < n {
			i := bytes.IndexByte(b, '\n')
			if i < 0 {
				break
			}
			off += int64(i + 1)
			b = b[i+1:]
			line++
		}
		if line < n {
			off += int64(len(b))
		}
		if err == io.EOF && line < n {
			return 0, fmt.Errorf("line %d is past the end", n)
		}
		if err != nil && err != io.EOF {
			return 0, err
		}
	}
	return off, nil
}

// fastRun is what a scan found.
type fastRun struct {
	messy      int64               // rows that went through the Go validator
	candidates map[uint64]struct{} // key hashes seen more than once
}

// fastChunk is a run of whole lines of the file.
type fastChunk struct {
	seq  int
	line int   // the line number of its first line
	end  int64 // the file offset just past it
	data []byte
}

// fastGroup is a chunk done: its rows encoded, and the hashes of its
// accepted keys.
type fastGroup struct {
	seq    int
	end    int64
	lines  int
	clean  int64
	rg     *parquet.RowGroup
	hashes []uint64
}

// fastScan reads the data lines from line start on, writes the accepted
// rows to staged and the rejected ones through f.rej, and counts them in
// f.m. It returns errNotFast when the file turns out not to be one for
// the fast path.
func (f *fileReader) fastScan(ctx context.Context, p *fastPlan, start int, staged string) (fastRun, error) {
	var run fastRun
	fh, err := os.Open(f.in.Path)
	if err != nil {
		return run, err
	}
	defer fh.Close()
	off, err := lineOffset(fh, start)
	if err != nil {
		return run, errNotFast
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	pool := sync.Pool{New: func() any { return make([]byte, 0, fastChunkBytes+64<<10) }}
	chunks := make(chan fastChunk, 2)
	var sum hash.Hash // of the whole file, for the manifest, unless known
	if f.m.SHA256 == "" {
		sum = sha256.New()
	}
	go func() {
		defer close(chunks)
		if err := readChunks(ctx, fh, off, start, p.delim, &pool, chunks, sum); err != nil {
			cancel(err)
		}
	}()

	var mu sync.Mutex // guards f (the Go validator, f.m, f.rej) for messy rows
	groups := make(chan fastGroup, 2)
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w, err := newFastWorker(f, p, &mu)
			if err != nil {
				cancel(err)
				return
			}
			defer w.close()
			for c := range chunks {
				if ctx.Err() != nil {
					continue // drain
				}
				g, err := w.chunk(c)
				pool.Put(c.data[:0])
				if err != nil {
					cancel(err)
					continue
				}
				select {
				case groups <- g:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(groups) }()

	out, err := os.Create(staged)
	if err != nil {
		cancel(err)
		for range groups {
		}
		return run, err
	}
	spill, err := newKeySpill()
	if err != nil {
		out.Close()
		cancel(err)
		for range groups {
		}
		return run, err
	}
	defer spill.close()
	werr := writeGroups(ctx, out, p, groups, spill, func(g fastGroup) {
		mu.Lock()
		f.m.RowsIn += g.clean
		f.m.Accepted += g.clean
		records := f.m.RowsIn
		mu.Unlock()
		run.messy += int64(g.lines) - g.clean
		if f.ing.Progress != nil {
			f.ing.Progress(Progress{Source: f.in.Source, Period: f.in.Period, File: f.in.Path, Records: records,
				Bytes: g.end, Total: f.m.Bytes})
		}
	})
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = context.Cause(ctx)
	}
	if werr != nil {
		return run, werr
	}
	if sum != nil {
		f.m.SHA256 = hex.EncodeToString(sum.Sum(nil))
	}
	if f.ing.Progress != nil {
		f.ing.Progress(Progress{Source: f.in.Source, Period: f.in.Period, File: f.in.Path, Records: f.m.RowsIn,
			Bytes: f.m.Bytes, Total: f.m.Bytes, Done: true})
	}
	repeated, err := spill.repeated()
	run.candidates = map[uint64]struct{}{}
	for h := range repeated {
		run.candidates[h] = struct{}{}
	}
	return run, err
}

// readChunks sends the file from off on in chunks of whole lines. When
// sum is not nil, it also writes the whole file to it, from byte 0.
func readChunks(ctx context.Context, fh *os.File, off int64, line int, delim byte, pool *sync.Pool, out chan<- fastChunk, sum hash.Hash) error {
	if sum != nil {
		if _, err := io.Copy(sum, io.NewSectionReader(fh, 0, off)); err != nil {
			return err
		}
	}
	if _, err := fh.Seek(off, io.SeekStart); err != nil {
		return err
	}
	var carry []byte
	for seq := 0; ; seq++ {
		if err := ctx.Err(); err != nil {
			return nil
		}
		buf := pool.Get().([]byte)[:0]
		buf = append(buf, carry...)
		n, err := io.ReadFull(fh, buf[len(buf):fastChunkBytes])
		if sum != nil {
			sum.Write(buf[len(buf) : len(buf)+n])
		}
		buf = buf[:len(buf)+n]
		eof := err == io.EOF || err == io.ErrUnexpectedEOF
		if err != nil && !eof {
			return err
		}
		end := len(buf)
		switch {
		case eof:
		case bytes.IndexByte(buf, '"') < 0:
			end = bytes.LastIndexByte(buf, '\n') + 1
		default: // a line feed may be inside a quoted cell: find where records end
			end = 0
			for {
				n, ok := csvRecord(buf[end:], delim, false, nil)
				if !ok {
					break
				}
				end += n
			}
		}
		if end == 0 && !eof {
			return fmt.Errorf("%w: a record longer than %d bytes", errNotFast, fastChunkBytes)
		}
		carry = append(carry[:0], buf[end:]...)
		off += int64(end)
		c := fastChunk{seq: seq, line: line, end: off, data: buf[:end]}
		line += bytes.Count(c.data, []byte{'\n'})
		if len(c.data) > 0 {
			select {
			case out <- c:
			case <-ctx.Done():
				return nil
			}
		}
		if eof {
			return nil
		}
	}
}

// writeGroups writes the row groups to out in their order and spills
// their key hashes; done is called after each.
func writeGroups(ctx context.Context, out io.Writer, p *fastPlan, groups <-chan fastGroup, spill *keySpill, done func(fastGroup)) error {
	pw, err := parquet.NewWriter(out, p.pq)
	if err != nil {
		return err
	}
	pending := map[int]fastGroup{}
	next := 0
	var werr error
	for g := range groups {
		if werr != nil {
			continue // drain
		}
		pending[g.seq] = g
		for {
			g, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if g.rg.Rows() > 0 {
				if err := pw.WriteRowGroup(g.rg); err != nil {
					werr = err
					break
				}
			}
			for _, h := range g.hashes {
				if err := spill.add(h, 0); err != nil {
					werr = err
					break
				}
			}
			if werr != nil {
				break
			}
			done(g)
		}
	}
	if werr != nil {
		return werr
	}
	if ctx.Err() != nil {
		return nil // the caller reports the cause
	}
	return pw.Close()
}

// fastWorker checks and encodes chunks.
type fastWorker struct {
	f     *fileReader
	p     *fastPlan
	mu    *sync.Mutex
	enc   *parquet.Encoder
	dec   *encoding.Decoder
	mac   hash.Hash
	plain validator // f's validator without hashing, for the keys of messy rows

	buf    rowBuffer
	cells  [][]byte
	fields csvFields
	ints   []int64
	dbls   []float64
	days   []int32
	null   []bool
	key    []byte
	sum    [sha256.Size]byte
	hex    [2 * sha256.Size]byte
	group  *fastGroup
}

func newFastWorker(f *fileReader, p *fastPlan, mu *sync.Mutex) (*fastWorker, error) {
	enc, err := parquet.NewEncoder(p.pq)
	if err != nil {
		return nil, err
	}
	w := &fastWorker{f: f, p: p, mu: mu, enc: enc, plain: *f.sheet.v,
		buf:  newRowBuffer(p.pq),
		ints: make([]int64, len(p.cols)), dbls: make([]float64, len(p.cols)),
		days: make([]int32, len(p.cols)), null: make([]bool, len(p.cols))}
	w.plain.plain = true
	if len(f.ing.PIIKey) > 0 {
		w.mac = hmac.New(sha256.New, slices.Clone(f.ing.PIIKey))
	}
	if p.enc != nil {
		w.dec = p.enc.NewDecoder()
	}
	return w, nil
}

func (w *fastWorker) close() { w.enc.Close() }

// chunk checks, types and encodes the lines of a chunk.
func (w *fastWorker) chunk(c fastChunk) (fastGroup, error) {
	data := c.data
	if w.dec != nil {
		var err error
		if data, err = w.dec.Bytes(data); err != nil {
			return fastGroup{}, err
		}
	}
	if !cleanChunk(data) {
		return fastGroup{}, fmt.Errorf("%w: stray carriage returns or bad bytes near line %d", errNotFast, c.line)
	}
	w.buf.reset()
	g := fastGroup{seq: c.seq, end: c.end}
	w.group = &g
	err := w.records(data, c.line, func(line int) error {
		g.lines++
		if w.clean() {
			w.appendClean(line)
			g.clean++
			return nil
		}
		return w.messy(line)
	})
	if err != nil {
		return g, err
	}
	rg, err := w.buf.encode(w.enc)
	if err != nil {
		return g, err
	}
	g.rg = rg
	return g, nil
}

// records splits a chunk of whole records into w.cells one record at a
// time and calls fn with the record's line number. A chunk without quotes
// is cut at line feeds; otherwise csvRecord reads the records as
// encoding/csv does. A blank line, or a file that ends inside a quoted
// cell, stops the fast path.
func (w *fastWorker) records(data []byte, line int, fn func(line int) error) error {
	if bytes.IndexByte(data, '"') < 0 {
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			l := data
			if i >= 0 {
				l, data = data[:i], data[i+1:]
			} else {
				data = nil
			}
			l = bytes.TrimSuffix(l, []byte{'\r'})
			if len(l) == 0 {
				return fmt.Errorf("%w: a blank line at line %d", errNotFast, line)
			}
			w.cells = w.cells[:0]
			for {
				i := bytes.IndexByte(l, w.p.delim)
				if i < 0 {
					w.cells = append(w.cells, l)
					break
				}
				w.cells = append(w.cells, l[:i])
				l = l[i+1:]
			}
			if err := fn(line); err != nil {
				return err
			}
			line++
		}
		return nil
	}
	for len(data) > 0 {
		n, ok := csvRecord(data, w.p.delim, true, &w.fields)
		if !ok {
			return fmt.Errorf("%w: the file ends inside a quoted cell begun at line %d", errNotFast, line)
		}
		if len(w.fields.cells) == 1 && len(w.fields.cells[0]) == 0 && data[0] != '"' {
			return fmt.Errorf("%w: a blank line at line %d", errNotFast, line)
		}
		w.cells = w.fields.cells
		if err := fn(line); err != nil {
			return err
		}
		line += bytes.Count(data[:n], []byte{'\n'})
		data = data[n:]
	}
	return nil
}

// clean reports whether every cell of the record in w.cells is written
// strictly, and leaves the typed values in w.ints, w.dbls and w.days.
func (w *fastWorker) clean() bool {
	if len(w.cells) != w.p.nfields {
		return false
	}
	for i := range w.p.cols {
		fc := &w.p.cols[i]
		w.null[i] = true
		if fc.cell < 0 {
			continue
		}
		s := w.cells[fc.cell]
		if len(s) == 0 {
			if fc.c.Required {
				return false
			}
			continue
		}
		w.null[i] = false
		if !w.strict(i, fc, s) {
			return false
		}
	}
	for _, j := range w.p.unchecked {
		if j >= len(w.cells) {
			break
		}
		if s := w.cells[j]; len(s) > 0 && mayBeTotals(s) && isTotalsLabel(string(s)) {
			return false
		}
	}
	return true
}

// strict checks a non-empty cell of column i.
func (w *fastWorker) strict(i int, fc *fastColumn, s []byte) bool {
	c := &fc.c
	switch c.Type {
	case schemas.TypeText:
		return strictText(s)
	case schemas.TypeEnum:
		for _, a := range fc.enum {
			if string(s) == a {
				return true
			}
		}
		return false
	case schemas.TypeCode:
		if len(s) != c.Length || !allDigits(s) {
			return false
		}
		return !fc.division || w.p.codes.has(s)
	case schemas.TypeResidentID:
		return strictResidentID(s)
	case schemas.TypeInt:
		n, ok := strictInt(s)
		if !ok || !inRange(c, float64(n)) {
			return false
		}
		w.ints[i] = n
		return true
	case schemas.TypeFloat:
		x, ok := strictFloat(s)
		if !ok || !inRange(c, x) {
			return false
		}
		w.dbls[i] = x
		return true
	case schemas.TypeDate:
		d, ok := strictDate(s)
		w.days[i] = d
		return ok
	}
	return false
}

func inRange(c *schemas.Column, x float64) bool {
	return (c.Min == nil || x >= *c.Min) && (c.Max == nil || x <= *c.Max)
}

// appendClean appends the clean row in w.cells at line.
func (w *fastWorker) appendClean(line int) {
	for i := range w.p.cols {
		fc := &w.p.cols[i]
		v := &w.buf.vals[i]
		v.Null = append(v.Null, w.null[i])
		switch fc.kind {
		case parquet.String:
			if !w.null[i] {
				s := w.cells[fc.cell]
				if fc.hash {
					s = w.hmac(s)
				}
				v.Bytes = append(v.Bytes, s...)
			}
			v.Ends = append(v.Ends, len(v.Bytes))
		case parquet.Int64:
			v.Int64 = append(v.Int64, w.ints[i])
		case parquet.Double:
			v.Double = append(v.Double, w.dbls[i])
		case parquet.Date:
			v.Int32 = append(v.Int32, w.days[i])
		}
	}
	w.lineage(line)
	w.buf.n++
	if len(w.p.keyCells) > 0 {
		w.key = w.key[:0]
		for n, j := range w.p.keyCells {
			if len(w.cells[j]) == 0 {
				return // no key
			}
			if n > 0 {
				w.key = append(w.key, 0x1f)
			}
			w.key = append(w.key, w.cells[j]...)
		}
		w.group.hashes = append(w.group.hashes, maphash.Bytes(w.p.seed, w.key))
	}
}

func (w *fastWorker) lineage(line int) {
	n := len(w.p.cols)
	for k, s := range []string{w.p.file, w.p.sheet} {
		v := &w.buf.vals[n+k]
		v.Null = append(v.Null, false)
		v.Bytes = append(v.Bytes, s...)
		v.Ends = append(v.Ends, len(v.Bytes))
	}
	v := &w.buf.vals[n+2]
	v.Null = append(v.Null, false)
	v.Int64 = append(v.Int64, int64(line))
}

// hmac returns the hex keyed hash of s, as validator.hashed computes it.
func (w *fastWorker) hmac(s []byte) []byte {
	w.mac.Reset()
	w.mac.Write(s)
	hex.Encode(w.hex[:], w.mac.Sum(w.sum[:0]))
	return w.hex[:]
}

// messy passes a line that is not clean through the Go validator, which
// counts it and quarantines it or appends it through w (AppendRow).
func (w *fastWorker) messy(line int) error {
	cells := make([]string, len(w.cells))
	for i, c := range w.cells {
		cells[i] = string(c)
	}
	cells = decode.TrimCells(cells)
	f := w.f
	w.mu.Lock()
	defer w.mu.Unlock()
	f.acc = w
	before := f.m.Accepted
	if err := f.data(decode.Record{Sheet: w.p.sheet, Line: line, Cells: cells}, false); err != nil {
		return err
	}
	if f.m.Accepted > before {
		if k := w.plain.row(cells).key; k != "" {
			w.group.hashes = append(w.group.hashes, maphash.String(w.p.seed, k))
		}
	}
	return nil
}

// AppendRow takes an accepted messy row from the Go validator: one value
// per schema column, then the lineage.
func (w *fastWorker) AppendRow(args ...driver.Value) error {
	if err := w.buf.appendRow(args); err != nil {
		return fmt.Errorf("fast path: %w", err)
	}
	return nil
}

// cleanChunk checks a run of whole records: carriage returns only before
// line feeds, valid UTF-8 without U+FFFD or NUL. (Blank lines are found
// record by record.)
func cleanChunk(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 || bytes.Contains(b, []byte("\uFFFD")) || !utf8.Valid(b) {
		return false
	}
	if n := bytes.Count(b, []byte{'\r'}); n > 0 && n != bytes.Count(b, []byte("\r\n")) {
		return false
	}
	return true
}

// mayBeTotals is a quick test before isTotalsLabel: every totals label
// has 计, or a t or s in some width (ｔ and ｓ start with byte 0xEF).
func mayBeTotals(s []byte) bool {
	for _, c := range s {
		switch c {
		case 't', 'T', 's', 'S', 0xEF:
			return true
		}
	}
	return bytes.Contains(s, []byte("计"))
}

func allDigits(s []byte) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// strictText: [0-9A-Za-z][0-9A-Za-z_.-]*, and not a null or totals word.
func strictText(s []byte) bool {
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c == '_' || c == '.' || c == '-'):
		default:
			return false
		}
	}
	if len(s) > len("grandtotal") {
		return true
	}
	switch strings.ToLower(string(s)) {
	case "null", "sum", "total", "subtotal", "grandtotal":
		return false
	}
	return true
}

var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// strictResidentID: 17 digits and the right check character, X upper case.
func strictResidentID(s []byte) bool {
	if len(s) != 18 {
		return false
	}
	sum := 0
	for i := range 17 {
		d := s[i] - '0'
		if d > 9 {
			return false
		}
		sum += int(d) * idWeights[i]
	}
	return "10X98765432"[sum%11] == s[17]
}

// strictInt: 0|[1-9][0-9]{0,14}.
func strictInt(s []byte) (int64, bool) {
	if len(s) > 15 || (s[0] == '0' && len(s) > 1) || !allDigits(s) {
		return 0, false
	}
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// strictFloat: (0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?.
func strictFloat(s []byte) (float64, bool) {
	whole, frac, dot := bytes.Cut(s, []byte{'.'})
	if len(whole) == 0 || len(whole) > 15 || (whole[0] == '0' && len(whole) > 1) || !allDigits(whole) {
		return 0, false
	}
	if dot && (len(frac) == 0 || len(frac) > 15 || !allDigits(frac)) {
		return 0, false
	}
	x, err := strconv.ParseFloat(string(s), 64)
	return x, err == nil
}

// strictDate: YYYY-MM-DD of a real day of 1900–2099, as days since
// 1970-01-01.
func strictDate(s []byte) (int32, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !allDigits(s[:4]) || !allDigits(s[5:7]) || !allDigits(s[8:]) {
		return 0, false
	}
	y := int(s[0]-'0')*1000 + int(s[1]-'0')*100 + int(s[2]-'0')*10 + int(s[3]-'0')
	m := int(s[5]-'0')*10 + int(s[6]-'0')
	d := int(s[8]-'0')*10 + int(s[9]-'0')
	if y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int32(era*146097 + doe - 719468)
}

// codeSet is the division codes as numbers in an open-addressing table:
// no pointers for the collector to scan, a lookup in a few nanoseconds.
type codeSet struct {
	slots []uint64 // code+1; 0 is empty
	mask  uint64
}

// codeSet returns the set of the division codes, built once.
func (ing *Ingester) codeSet() *codeSet {
	ing.codesOnce.Do(func() {
		all := ing.Divisions.All()
		size := 1
		for size < 2*len(all) {
			size <<= 1
		}
		s := &codeSet{slots: make([]uint64, size), mask: uint64(size - 1)}
		for _, c := range all {
			if v, ok := codeNumber([]byte(c.Code)); ok {
				s.add(v)
			}
		}
		ing.codes = s
	})
	return ing.codes
}

func codeNumber(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var v uint64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		v = v*10 + uint64(d)
	}
	return v + 1, true
}

func (s *codeSet) add(v uint64) {
	for i := mix64(v) & s.mask; ; i = (i + 1) & s.mask {
		if s.slots[i] == 0 || s.slots[i] == v {
			s.slots[i] = v
			return
		}
	}
}

// has reports whether the digits b are a division code. Codes of
// different lengths differ as numbers only by leading zeros, which no
// division code has.
func (s *codeSet) has(b []byte) bool {
	v, ok := codeNumber(b)
	if !ok || b[0] == '0' {
		return false
	}
	for i := mix64(v) & s.mask; ; i = (i + 1) & s.mask {
		switch s.slots[i] {
		case v:
			return true
		case 0:
			return false
		}
	}
}

func mix64(v uint64) uint64 {
	v ^= v >> 33
	v *= 0xff51afd7ed558ccd
	v ^= v >> 33
	return v
}

// fastDuplicates finds the keys that more than one accepted row has. The
// scan left the hashes seen twice; a second reading of the file, only
// when there are any, finds those rows and their keys. Rows of a real
// duplicate go to quarantine as resolveDuplicates does, and the staged
// Parquet is written again without them.
func (f *fileReader) fastDuplicates(ctx context.Context, conn *sql.Conn, t tables, p *fastPlan, start int, candidates map[uint64]struct{}) error {
	f.keys = &keyIndex{dups: map[[16]byte]*dupGroup{}}
	if len(candidates) == 0 {
		return nil
	}
	byKey, order, err := f.candidateRows(ctx, p, start, candidates)
	if err != nil {
		return err
	}
	v := f.sheet.v
	for _, k := range order {
		lines := byKey[k]
		if len(lines) < 2 {
			continue // a collision of hashes, not a duplicate
		}
		stored := k
		if vals := v.storedKey(k); vals != "" {
			stored = vals
		}
		g := &dupGroup{key: stored}
		for _, l := range lines {
			g.refs = append(g.refs, lineRef{v: v, sheet: f.sheet.name, line: l})
		}
		sum := sha256.Sum256([]byte(k))
		d := [16]byte(sum[:16])
		f.keys.dups[d] = g
		f.keys.order = append(f.keys.order, d)
	}
	return f.resolveDuplicates(ctx, conn, t)
}

// candidateRows reads the file again and returns, for every accepted row
// whose key hash is a candidate, its key and line, grouped by key in
// order of first appearance.
func (f *fileReader) candidateRows(ctx context.Context, p *fastPlan, start int, candidates map[uint64]struct{}) (map[string][]int, []string, error) {
	fh, err := os.Open(f.in.Path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	off, err := lineOffset(fh, start)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var pool sync.Pool
	pool.New = func() any { return make([]byte, 0, fastChunkBytes+64<<10) }
	chunks := make(chan fastChunk, 1)
	go func() {
		defer close(chunks)
		if err := readChunks(ctx, fh, off, start, p.delim, &pool, chunks, nil); err != nil {
			cancel(err)
		}
	}()
	w, err := newFastWorker(f, p, nil)
	if err != nil {
		cancel(err)
		for range chunks {
		}
		return nil, nil, err
	}
	defer w.close()
	byKey := map[string][]int{}
	var order []string
	for c := range chunks {
		if ctx.Err() != nil {
			continue
		}
		data := c.data
		if w.dec != nil {
			if data, err = w.dec.Bytes(data); err != nil {
				cancel(err)
				continue
			}
		}
		err := w.records(data, c.line, func(line int) error {
			key, ok := w.acceptedKey()
			if ok {
				if _, cand := candidates[maphash.String(p.seed, key)]; cand {
					if _, seen := byKey[key]; !seen {
						order = append(order, key)
					}
					byKey[key] = append(byKey[key], line)
				}
			}
			return nil
		})
		if err != nil {
			cancel(err)
		}
		pool.Put(c.data[:0])
	}
	if err := context.Cause(ctx); err != nil {
		return nil, nil, err
	}
	return byKey, order, nil
}

// acceptedKey reports whether the Go validator accepts a line, and its
// key before hashing ("" when it has none), as the scan saw it.
func (w *fastWorker) acceptedKey() (string, bool) {
	if w.clean() {
		w.key = w.key[:0]
		for n, j := range w.p.keyCells {
			if len(w.cells[j]) == 0 {
				return "", false
			}
			if n > 0 {
				w.key = append(w.key, 0x1f)
			}
			w.key = append(w.key, w.cells[j]...)
		}
		return string(w.key), len(w.p.keyCells) > 0
	}
	cells := make([]string, len(w.cells))
	for i, c := range w.cells {
		cells[i] = string(c)
	}
	cells = decode.TrimCells(cells)
	if skipReason(cells) != "" {
		return "", false
	}
	res := w.plain.row(cells)
	if len(res.bad) > 0 || res.key == "" {
		return "", false
	}
	return res.key, true
}

// keySpill keeps 64-bit key hashes on disk, split by their top bits into
// partitions small enough to sort one at a time, so that finding repeated
// hashes takes memory for one partition, not the file.
type keySpill struct {
	dir   string
	files []*os.File
	bufs  [][]byte
	n     int64
}

// A spill entry is a hash and a payload, 16 bytes.
const (
	spillBits  = 6 // 64 partitions
	spillFlush = 64 << 10
)

func newKeySpill() (*keySpill, error) {
	dir, err := os.MkdirTemp("", "shequ-keys-*")
	if err != nil {
		return nil, err
	}
	return &keySpill{dir: dir, files: make([]*os.File, 1<<spillBits), bufs: make([][]byte, 1<<spillBits)}, nil
}

// add adds a hash and a payload that comes back with it from repeated.
func (s *keySpill) add(h, payload uint64) error {
	k := h >> (64 - spillBits)
	s.bufs[k] = binary.LittleEndian.AppendUint64(s.bufs[k], h)
	s.bufs[k] = binary.LittleEndian.AppendUint64(s.bufs[k], payload)
	s.n++
	if len(s.bufs[k]) >= spillFlush {
		return s.flush(int(k))
	}
	return nil
}

func (s *keySpill) flush(k int) error {
	if s.files[k] == nil {
		f, err := os.Create(filepath.Join(s.dir, strconv.Itoa(k)))
		if err != nil {
			return err
		}
		s.files[k] = f
	}
	_, err := s.files[k].Write(s.bufs[k])
	s.bufs[k] = s.bufs[k][:0]
	return err
}

// repeated returns the hashes added more than once, with their payloads.
// The partitions are read one at a time by each core, into a table of
// their own size.
func (s *keySpill) repeated() (map[uint64][]uint64, error) {
	out := map[uint64][]uint64{}
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var table []int32 // entry index + 1; 0 is empty
			for k := range next {
				b := s.bufs[k]
				if f := s.files[k]; f != nil {
					disk, err := os.ReadFile(f.Name())
					if err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						continue
					}
					b = append(disk, b...)
				}
				n := len(b) / 16
				size := 1
				for size < 2*n {
					size <<= 1
				}
				if cap(table) < size {
					table = make([]int32, size)
				}
				table = table[:size]
				clear(table)
				mask := uint64(size - 1)
				hash := func(i int) uint64 { return binary.LittleEndian.Uint64(b[16*i:]) }
				payload := func(i int) uint64 { return binary.LittleEndian.Uint64(b[16*i+8:]) }
				for i := range n {
					h := hash(i)
					for j := mix64(h) & mask; ; j = (j + 1) & mask {
						e := table[j]
						if e == 0 {
							table[j] = int32(i + 1)
							break
						}
						if first := int(e - 1); hash(first) == h {
							mu.Lock()
							if _, seen := out[h]; !seen {
								out[h] = []uint64{payload(first)}
							}
							out[h] = append(out[h], payload(i))
							mu.Unlock()
							break
						}
					}
				}
			}
		}()
	}
	for k := range s.bufs {
		next <- k
	}
	close(next)
	wg.Wait()
	return out, firstErr
}

func (s *keySpill) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

// storedKey turns a key before hashing into the key as the Go path shows
// it (hashed parts for pii: hash columns), "" when nothing is hashed.
func (v *validator) storedKey(k string) string {
	if v.mac == nil {
		return ""
	}
	parts := strings.Split(k, "\x1f")
	hashed := false
	for n, i := range v.keyCol {
		if c := v.schema.Columns[i]; c.PII == schemas.PIIHash && n < len(parts) {
			parts[n] = v.hashed(c, parts[n]).(string)
			hashed = true
		}
	}
	if !hashed {
		return ""
	}
	return strings.Join(parts, "\x1f")
}

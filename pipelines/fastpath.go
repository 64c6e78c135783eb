package pipelines

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding"

	"shequ/internal/parquet"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// The fast path: for a large delimited text file, Go detects the
// encoding, delimiter and header as always; then one goroutine reads the
// file in chunks of whole records (hashing it for the manifest on the
// way), workers on every core decode, split, check and encode each chunk
// as a Parquet row group (package parquet), and one writer appends the
// row groups to the staged file in line order. A row whose every cell is
// written so plainly that the Go validator could only accept it, with the
// same value (ASCII digits, ISO dates, codes in the division table,
// identity numbers with a right check digit, enum values exactly), is
// typed by a few comparisons; every other row goes through the Go
// validator itself, in its place, so messy rows keep their exact
// treatment. Quoted cells are read as encoding/csv reads them (see
// csvRecord). Duplicate keys are found from 64-bit hashes of every
// accepted row's key, spilled to disk by partition so that memory does
// not grow with the file, and a second reading of the file when a hash
// repeats. Blank lines and rows with bytes invalid in the encoding are
// handled by the Go validator like any messy row. A file with a carriage
// return that does not end a line turns back to the Go path, which reads
// it whole; so do XLSX, UTF-16 and small files, and sources with row rules
// or code-prefix checks.

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
	if p.enc != nil && p.delim >= 0x40 {
		// Chunks are cut in the raw bytes, where a GBK character's second
		// byte can be a '|'; quotes, commas, tabs and semicolons it never is.
		return fail("a delimiter that can be part of a GBK character")
	}
	off, err := dataOffset(in.Path, start)
	if err != nil {
		return fail(err.Error())
	}
	nf, err := headerFields(in.Path, off, p)
	if err != nil {
		return fail(err.Error())
	}
	if !p.fields(nf) {
		return fail("a required column is past the fields of the data lines")
	}

	t = ing.newTables(m)
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		return t, false, err
	}
	defer conn.Close()
	started := time.Now()
	var run fastRun
	rej, err := newParquetSink(t.quarantine, quarantineColumns, nil)
	if err != nil {
		return t, false, err
	}
	f.rej = rej
	run, err = f.fastScan(ctx, p, start, off, t.staged)
	if err == nil {
		t.layout = run.layout
		err = f.fastDuplicates(ctx, conn, t, p, run.candidates)
	}
	if cerr := rej.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		ing.dropTables(t)
		if errors.Is(err, errNotFast) {
			// Found while reading: say why the progress starts again.
			ing.Log.Info("reading the file again, row by row", "file", in.Path, "reason", err.Error())
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
		fc := fastColumn{c: c, cell: v.m.cellOf[i]}
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

// headerFields returns the number of fields of the file's data records:
// the most common count among the first records (up to 100 in the first
// 256 KiB from off, where the data start), decoded, so that an odd first
// row does not set it.
func headerFields(path string, off int64, p *fastPlan) (int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	buf := make([]byte, 256<<10)
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
	counts := map[int]int{}
	best := 0
	var cells csvFields
	for k := 0; k < 100 && len(b) > 0; k++ {
		m, ok := csvRecord(b, p.delim, n < len(buf), &cells)
		if !ok {
			break
		}
		b = b[m:]
		if c := len(cells.cells); c > 1 || len(cells.cells[0]) > 0 { // not a blank line
			counts[c]++
			if counts[c] > counts[best] || (counts[c] == counts[best] && c > best) {
				best = c
			}
		}
	}
	if best == 0 {
		return 0, fmt.Errorf("no data record in the first %d bytes", len(buf))
	}
	return best, nil
}

// dataOffset returns the byte offset of line start (from 1) of a file.
func dataOffset(path string, start int) (int64, error) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer fh.Close()
	off, err := lineOffsets(fh, []int{start})
	if err != nil {
		return 0, err
	}
	return off[0], nil
}

// fastRun is what a scan found.
type fastRun struct {
	messy      int64               // rows that went through the Go validator
	candidates map[uint64][]uint64 // key hashes seen more than once, and the lines of their rows
	layout     *parquet.Layout     // of the staged file
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
	seq      int
	end      int64
	lines    int
	clean    int64
	rg       *parquet.RowGroup
	hashes   []uint64 // of the accepted rows' keys
	keyLines []uint64 // the lines of those rows
}

// fastScan reads the data lines from line start (byte off) on, writes
// the accepted rows to staged and the rejected ones through f.rej, and
// counts them in f.m. It returns errNotFast when the file turns out not to be one for
// the fast path.
func (f *fileReader) fastScan(ctx context.Context, p *fastPlan, start int, off int64, staged string) (fastRun, error) {
	var run fastRun
	fh, err := os.Open(f.in.Path)
	if err != nil {
		return run, err
	}
	defer fh.Close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	pool := sync.Pool{New: func() any { return make([]byte, 0, fastChunkBytes+64<<10) }}
	chunks := make(chan fastChunk, 2)
	var sum hash.Hash // of the whole file, for the manifest, unless known
	if f.m.SHA256 == "" {
		sum = sha256.New()
	}
	// At most this many chunks are read and not yet written, however
	// slow one chunk is: memory stays bounded on any number of cores.
	workers := runtime.GOMAXPROCS(0)
	slots := make(chan struct{}, 2*workers+2)
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(chunks)
		if err := readChunks(ctx, fh, off, start, p.delim, &pool, chunks, sum, slots); err != nil {
			cancel(err)
		}
	}()

	var mu sync.Mutex // guards f (the Go validator, f.m, f.rej) for messy rows
	groups := make(chan fastGroup, 2)
	var wg sync.WaitGroup
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
	// However the scan ends, the workers and the reader are done before
	// it returns: they use f, its appender and the file.
	defer func() {
		cancel(context.Canceled)
		for range groups {
		}
		<-readerDone
	}()

	out, err := os.Create(staged)
	if err != nil {
		return run, err
	}
	spill, err := newKeySpill(f.ing.Tx.TempPath("keys"))
	if err != nil {
		out.Close()
		return run, err
	}
	defer spill.close()
	layout, werr := writeGroups(ctx, out, p, groups, spill, f.ing.Failpoint, func(g fastGroup) {
		mu.Lock()
		f.m.RowsIn += g.clean
		f.m.Accepted += g.clean
		records := f.m.RowsIn
		mu.Unlock()
		run.messy += int64(g.lines) - g.clean
		<-slots
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
	run.layout = layout
	run.candidates, err = spill.repeated()
	return run, err
}

// readChunks sends the file from off on in chunks of whole lines. When
// sum is not nil, it also writes the whole file to it, from byte 0; when
// slots is not nil, it takes a slot before sending each chunk.
func readChunks(ctx context.Context, fh *os.File, off int64, line int, delim byte, pool *sync.Pool, out chan<- fastChunk, sum hash.Hash, slots chan struct{}) error {
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
			if slots != nil {
				select {
				case slots <- struct{}{}:
				case <-ctx.Done():
					return nil
				}
			}
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
// their key hashes; done is called after each, and hit (when not nil)
// with "ingest:rowgroup". On an error it returns at once: the caller
// stops the workers.
func writeGroups(ctx context.Context, out io.Writer, p *fastPlan, groups <-chan fastGroup, spill *keySpill, hit func(string), done func(fastGroup)) (*parquet.Layout, error) {
	pw, err := parquet.NewWriter(out, p.pq)
	if err != nil {
		return nil, err
	}
	pending := map[int]fastGroup{}
	next := 0
	for g := range groups {
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
					return nil, err
				}
				if hit != nil {
					hit("ingest:rowgroup")
				}
			}
			for i, h := range g.hashes {
				if err := spill.add(h, g.keyLines[i]); err != nil {
					return nil, err
				}
			}
			done(g)
		}
	}
	if ctx.Err() != nil {
		return nil, nil // the caller reports the cause
	}
	if err := pw.Close(); err != nil {
		return nil, err
	}
	return pw.Layout(), nil
}

// fastDuplicates finds the keys that more than one accepted row has. The
// scan left the hashes seen more than once with the lines of their rows;
// only those rows are read again, to compare their keys. Rows of a real
// duplicate go to quarantine as resolveDuplicates does.
func (f *fileReader) fastDuplicates(ctx context.Context, conn *sql.Conn, t tables, p *fastPlan, candidates map[uint64][]uint64) error {
	f.keys = &keyIndex{}
	if len(candidates) == 0 {
		return nil
	}
	byKey, order, err := f.candidateRows(ctx, p, candidates)
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
		f.keys.dups = append(f.keys.dups, g)
	}
	return f.resolveDuplicates(ctx, conn, t)
}

// candidateRows reads the rows at the candidates' lines again and
// returns their keys, with the lines of each key in file order, keys in
// order of their first line. A few rows are read where they are; many
// (a file sent twice over, say) in one more pass over the file.
func (f *fileReader) candidateRows(ctx context.Context, p *fastPlan, candidates map[uint64][]uint64) (map[string][]int, []string, error) {
	var lines []int
	for _, ls := range candidates {
		for _, l := range ls {
			lines = append(lines, int(l))
		}
	}
	slices.Sort(lines)
	lines = slices.Compact(lines)
	w, err := newFastWorker(f, p, nil)
	if err != nil {
		return nil, nil, err
	}
	defer w.close()
	byKey := map[string][]int{}
	var order []string
	take := func(line int, bad bool) {
		if key, ok := w.acceptedKey(); ok && !bad {
			if _, seen := byKey[key]; !seen {
				order = append(order, key)
			}
			byKey[key] = append(byKey[key], line)
		}
	}
	fh, err := os.Open(f.in.Path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	if len(lines) > manyCandidates {
		err = w.scanLines(ctx, fh, lines, take)
	} else {
		err = w.readLines(ctx, fh, lines, take)
	}
	if err != nil {
		return nil, nil, err
	}
	return byKey, order, nil
}

// manyCandidates is the number of rows from which candidateRows reads the
// whole file rather than each row where it is.
var manyCandidates = 50_000

// readLines splits the records that start at lines (sorted) into w.cells
// one at a time, each read where it is, and calls fn.
func (w *fastWorker) readLines(ctx context.Context, fh *os.File, lines []int, fn func(line int, bad bool)) error {
	offsets, err := lineOffsets(fh, lines)
	if err != nil {
		return err
	}
	buf := make([]byte, 1024)
	for i, line := range lines {
		if err := ctx.Err(); err != nil {
			return err
		}
		for {
			n, rerr := fh.ReadAt(buf, offsets[i])
			if rerr != nil && rerr != io.EOF {
				return rerr
			}
			text := buf[:n]
			if w.dec != nil {
				if text, err = w.dec.Bytes(text); err != nil {
					return err
				}
			}
			atEOF := rerr == io.EOF
			m, ok := csvRecord(text, w.p.delim, atEOF, nil)
			if !ok && !atEOF {
				buf = make([]byte, 2*len(buf)) // a record longer than the buffer
				continue
			}
			if !ok {
				return fmt.Errorf("line %d: the file ends inside a quoted cell", line)
			}
			err := w.records(text[:m], line, true, func(_ int, bad bool) error {
				fn(line, bad)
				return nil
			})
			if err != nil {
				return err
			}
			break
		}
	}
	return nil
}

// scanLines reads the file from the first of lines (sorted) to the last,
// record by record, and calls fn for the records that start at lines.
func (w *fastWorker) scanLines(ctx context.Context, fh *os.File, lines []int, fn func(line int, bad bool)) error {
	offsets, err := lineOffsets(fh, lines[:1])
	if err != nil {
		return err
	}
	parent := ctx
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var pool sync.Pool
	pool.New = func() any { return make([]byte, 0, fastChunkBytes+64<<10) }
	chunks := make(chan fastChunk, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(chunks)
		if err := readChunks(ctx, fh, offsets[0], lines[0], w.p.delim, &pool, chunks, nil, nil); err != nil {
			cancel(err)
		}
	}()
	defer func() { cancel(context.Canceled); <-done }()
	next := 0
	for c := range chunks {
		if ctx.Err() != nil || next == len(lines) {
			cancel(context.Canceled)
			continue // drain
		}
		data := c.data
		if w.dec != nil {
			if data, err = w.dec.Bytes(data); err != nil {
				cancel(err)
				continue
			}
		}
		err := w.records(data, c.line, w.badText(data), func(line int, bad bool) error {
			for next < len(lines) && lines[next] < line {
				next++ // not the start of a record: cannot happen for lines the scan gave
			}
			if next < len(lines) && lines[next] == line {
				fn(line, bad)
				next++
			}
			return nil
		})
		if err != nil {
			cancel(err)
		}
		pool.Put(c.data[:0])
	}
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return parent.Err()
}

// lineOffsets returns the byte offsets of the lines (from 1, sorted) of a
// file, in one reading.
func lineOffsets(fh *os.File, lines []int) ([]int64, error) {
	out := make([]int64, 0, len(lines))
	buf := make([]byte, 1<<20)
	line, at := 1, int64(0)
	for len(out) < len(lines) {
		n, err := fh.ReadAt(buf, at)
		b := buf[:n]
		for len(out) < len(lines) {
			target := lines[len(out)]
			if target == line {
				out = append(out, at+int64(n-len(b)))
				continue
			}
			if c := bytes.Count(b, []byte{'\n'}); line+c < target {
				line += c // not in this block
				break
			}
			for line < target {
				b = b[bytes.IndexByte(b, '\n')+1:]
				line++
			}
		}
		if len(out) == len(lines) {
			break
		}
		if err == io.EOF || n == 0 {
			return nil, fmt.Errorf("line %d is past the end of the file", lines[len(out)])
		}
		if err != nil {
			return nil, err
		}
		at += int64(n)
	}
	return out, nil
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

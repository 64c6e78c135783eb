package pipelines

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/divisions"
	"shequ/internal/parquet"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// Input is one export file to ingest.
type Input struct {
	Source   string
	Period   string
	Path     string
	Sheet    string // XLSX: only this sheet
	Encoding string // "" or "auto" to detect
}

// Status values of a Result.
const (
	StatusIngested  = "ingested"
	StatusUnchanged = "unchanged" // same name and sha256 as already ingested
)

// Result is what happened to one input file.
type Result struct {
	Status   string
	Manifest warehouse.FileManifest
}

// Ingester writes export files into a warehouse. It is not safe for
// concurrent use. The caller must Close it.
type Ingester struct {
	Schemas   *schemas.Set
	Divisions *divisions.Index
	// LoadDivisions, when Divisions is nil, returns them; it is called
	// once, when the first file that is not unchanged is read.
	LoadDivisions func() (*divisions.Index, error)
	Warehouse     *warehouse.Warehouse
	Tx            *warehouse.Tx // the run's transaction: every file written goes through it
	RunID         string
	Now           func() time.Time
	Log           *slog.Logger

	// PIIKey is the secret under which columns declared pii: hash (such
	// as the identity numbers of census_persons) are stored, as the hex
	// HMAC-SHA-256 of their canonical value. The same number gives the
	// same hash under the same key, so records link across files and
	// runs; keep the key stable and secret. A file with such a column is
	// refused (ErrNoPIIKey) when the key is shorter than MinPIIKeyLen.
	PIIKey []byte

	// Progress, when not nil, is called every few thousand records and at
	// the end of each file with the records read so far and the bytes of
	// the file read and in all (0, 0 for workbooks).
	Progress func(p Progress)

	// Failpoint, when not nil, is called with "ingest:rowgroup" after each
	// row group of accepted rows is written (for crash tests).
	Failpoint func(name string)

	// DisableFastPath makes every file take the Go path (see fastpath.go).
	DisableFastPath bool
	// FastPathMinBytes is the size from which a delimited text file takes
	// the fast path; 0 means DefaultFastPathMinBytes.
	FastPathMinBytes int64

	db        *sql.DB
	codesOnce sync.Once
	codes     *codeSet // the division codes, for the fast path
	fastFiles int      // files that took the fast path, for tests
}

// Progress is a moment of one file's ingest.
type Progress struct {
	Source, Period, File string
	Records              int64
	Bytes, Total         int64
	Done                 bool
}

// batchRows is how often a long file loop checks for cancellation.
const batchRows = 4096

// Close releases the Ingester's DuckDB handle. The staged files belong to
// the Tx, which the caller commits or rolls back.
func (ing *Ingester) Close() error {
	var err error
	if ing.db != nil {
		err = ing.db.Close()
		ing.db = nil
	}
	return err
}

func (ing *Ingester) open() error {
	if ing.db != nil {
		return nil
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		return err
	}
	// This database only reads staged files back (to drop duplicate
	// rows): it gets a bounded share of memory and spills to the run's
	// staging folder.
	for _, q := range []string{"SET memory_limit = '512MB'",
		"SET temp_directory = " + warehouse.QuoteString(ing.Tx.TempPath("duckdb"))} {
		if _, err := db.Exec(q); err != nil {
			db.Close()
			return err
		}
	}
	ing.db = db
	return nil
}

// File ingests one file. Bad rows are not errors: they go to quarantine.
// An error means the file as a whole could not be read (missing, wrong
// format, header not found) or the warehouse could not be written.
func (ing *Ingester) File(ctx context.Context, in Input) (*Result, error) {
	schema, err := ing.Schemas.Get(in.Source)
	if err != nil {
		return nil, err
	}
	size, err := decode.Stat(in.Path)
	if err != nil {
		return nil, err
	}
	fileID := warehouse.FileID(in.Path)
	prev, err := ing.Tx.Manifest(in.Source, in.Period, fileID)
	if err != nil {
		return nil, err
	}
	// A file of the size it had may be unchanged: its sha256 says. Any
	// other is read at once, and the fast path hashes it as it reads.
	sum := ""
	if prev != nil && prev.Bytes == size {
		if sum, err = hashFile(in.Path); err != nil {
			return nil, err
		}
		if prev.SHA256 == sum {
			return &Result{Status: StatusUnchanged, Manifest: *prev}, nil
		}
	}
	if err := ing.open(); err != nil {
		return nil, err
	}
	if ing.Divisions == nil && ing.LoadDivisions != nil {
		if ing.Divisions, err = ing.LoadDivisions(); err != nil {
			return nil, err
		}
	}
	m := warehouse.FileManifest{
		RunID: ing.RunID, Source: in.Source, Period: in.Period, FileID: fileID,
		File: filepath.Base(in.Path), Path: in.Path, SHA256: sum, Bytes: size,
		SkippedBy: map[string]int{}, IngestedAt: ing.Now().UTC(),
	}
	w, fast, err := ing.readFast(ctx, schema, in, &m)
	if err != nil {
		return nil, err
	}
	if !fast {
		w, err = ing.read(ctx, schema, in, &m)
		if err != nil {
			return nil, err
		}
		if m.SHA256 == "" {
			if m.SHA256, err = hashFile(in.Path); err != nil {
				ing.dropTables(w)
				return nil, err
			}
		}
	}
	if m.RowsIn != m.Accepted+m.Quarantined+m.Skipped {
		return nil, fmt.Errorf("%s: %w: rows in %d, accepted %d, quarantined %d, skipped %d",
			in.Path, ErrUnreconciled, m.RowsIn, m.Accepted, m.Quarantined, m.Skipped)
	}
	if err := ing.publish(w, &m); err != nil {
		return nil, err
	}
	ing.Log.Info("ingested", "source", in.Source, "period", in.Period, "file", in.Path,
		"rows_in", m.RowsIn, "accepted", m.Accepted, "quarantined", m.Quarantined, "skipped", m.Skipped)
	return &Result{Status: StatusIngested, Manifest: m}, nil
}

// hashFile returns the hex sha256 of the file at path.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	// Large reads: a 1 GB file hashes in about half a second.
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// tables is where one file's rows wait for publish: two staged Parquet
// files, written as the file is read.
type tables struct {
	staged     string          // Parquet of the accepted rows, in the run's staging folder
	layout     *parquet.Layout // of staged, once written
	quarantine string          // Parquet of the quarantined rows, beside it
}

// newTables names the staged files of a file's rows.
func (ing *Ingester) newTables(m *warehouse.FileManifest) tables {
	return tables{staged: ing.Tx.TempPath(m.FileID + ".parquet"), quarantine: ing.Tx.TempPath(m.FileID + "-quarantine.parquet")}
}

// read decodes and validates the file, writing the accepted rows to a
// staged Parquet file and the rejected ones to a table, and fills the
// counts of m.
func (ing *Ingester) read(ctx context.Context, schema *schemas.Schema, in Input, m *warehouse.FileManifest) (t tables, err error) {
	r, err := decode.Open(in.Path, decode.Options{Encoding: in.Encoding, Sheet: in.Sheet})
	if err != nil {
		return tables{}, err
	}
	defer r.Close()
	m.Format, m.Encoding = r.Format(), r.Encoding()

	t = ing.newTables(m)
	defer func() {
		if err != nil {
			ing.dropTables(t)
		}
	}()
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		return t, err
	}
	defer conn.Close()

	f := &fileReader{ing: ing, schema: schema, in: in, m: m, src: &records{r: r}, ix: newAliasIndex(schema), keys: newKeyIndex(ing.Tx.TempPath("keys"))}
	defer f.keys.close()
	rej, err := newParquetSink(t.quarantine, quarantineColumns, nil)
	if err != nil {
		return t, err
	}
	err = func() error {
		acc, err := newParquetSink(t.staged, parquetColumns(schema), ing.Failpoint)
		if err != nil {
			return err
		}
		f.acc, f.rej = acc, rej
		err = f.run(ctx)
		if cerr := acc.Close(); err == nil {
			err = cerr
		}
		t.layout = acc.w.Layout()
		if err != nil {
			return err
		}
		if err := f.keys.resolve(); err != nil {
			return err
		}
		return f.resolveDuplicates(ctx, conn, t)
	}()
	if cerr := rej.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return t, err
	}
	if len(m.UnknownColumns) > 0 {
		ing.Log.Warn("columns not in the schema were not stored", "source", in.Source, "file", in.Path,
			"columns", strings.Join(m.UnknownColumns, " | "))
	}
	return t, nil
}

// records yields a file's records with a pushback, so that the header
// search can look one record ahead.
type records struct {
	r    decode.Reader
	back []pushed
}

type pushed struct {
	rec decode.Record
	err error
}

func (rs *records) next() (decode.Record, error) {
	if n := len(rs.back); n > 0 {
		p := rs.back[n-1]
		rs.back = rs.back[:n-1]
		return p.rec, p.err
	}
	return rs.r.Next()
}

func (rs *records) unread(rec decode.Record, err error) { rs.back = append(rs.back, pushed{rec, err}) }

// rowAppender takes rows as a DuckDB Appender does: a parquetSink, or,
// for the accepted messy rows of the fast path, its worker.
type rowAppender interface {
	AppendRow(args ...driver.Value) error
}

// fileReader holds the state of reading one file.
type fileReader struct {
	ing    *Ingester
	schema *schemas.Schema
	in     Input
	m      *warehouse.FileManifest
	src    *records
	ix     aliasIndex
	acc    rowAppender // the accepted rows
	rej    rowAppender // the quarantined rows

	sheet   *sheetState
	headers int           // sheets with a header
	first   []string      // the first record of the file, for the no-header error
	best    mapping       // the best header candidate seen in a sheet without a header
	bestAt  decode.Record // where it was
	keys    *keyIndex     // nil: keys are not tracked (the fast path's own scan)
}

func (f *fileReader) progress(records int64, done bool) {
	if f.ing.Progress == nil {
		return
	}
	b, total := f.src.r.Position()
	f.ing.Progress(Progress{Source: f.in.Source, Period: f.in.Period, File: f.in.Path, Records: records,
		Bytes: b, Total: total, Done: done})
}

// sheetState is the header search and the validator of one sheet (the
// whole file for text).
type sheetState struct {
	name     string
	v        *validator      // nil while the header is being looked for
	above    []decode.Record // records above the header so far
	aboveBad []bool          // which of them had invalid bytes
	best     mapping
	bestAt   decode.Record
	noHeader bool // the sheet has no header: its rows are skipped
}

// run reads every record of the file.
func (f *fileReader) run(ctx context.Context) error {
	for n := 0; ; n++ {
		if n%batchRows == 0 {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			f.progress(int64(n), false)
		}
		rec, err := f.src.next()
		if err == io.EOF {
			f.progress(int64(n), true)
			break
		}
		encErr := errors.Is(err, decode.ErrInvalidEncoding)
		if err != nil && !encErr {
			return err
		}
		if n == 0 {
			f.first = rec.Cells
		}
		if f.sheet == nil || rec.Sheet != f.sheet.name {
			if err := f.endSheet(); err != nil {
				return err
			}
			f.sheet = &sheetState{name: rec.Sheet}
		}
		sh := f.sheet
		switch {
		case sh.noHeader:
			f.skip(SkipNoHeader)
		case sh.v == nil:
			if err := f.seekHeader(rec, encErr); err != nil {
				return err
			}
		default:
			if err := f.data(rec, encErr); err != nil {
				return err
			}
		}
	}
	if err := f.endSheet(); err != nil {
		return err
	}
	if f.headers == 0 {
		return f.noHeaderError()
	}
	return nil
}

func (f *fileReader) skip(why string) {
	f.m.RowsIn++
	f.m.Skipped++
	f.m.SkippedBy[why]++
}

// seekHeader looks for the header among the first records of a sheet. A
// record is the header when it names every required column and at least
// two columns; read together with the record above it, or the one below
// it, as a two-row header, it may name more, and then the two are the
// header.
func (f *fileReader) seekHeader(rec decode.Record, encErr bool) error {
	sh, s := f.sheet, f.schema
	var hdr mapping
	var hdrAt decode.Record
	if !encErr {
		single := f.ix.match(s, singleRow(rec.Cells), 1)
		var pair mapping
		if n := len(sh.above); n > 0 && !sh.aboveBad[n-1] {
			pair = f.ix.match(s, twoRows(sh.above[n-1].Cells, rec.Cells), 2)
		}
		switch {
		case pair.usable(s) && (!single.usable(s) || pair.matched() > single.matched()):
			hdr, hdrAt = pair, sh.above[len(sh.above)-1]
			sh.above, sh.aboveBad = sh.above[:len(sh.above)-1], sh.aboveBad[:len(sh.aboveBad)-1]
		case single.usable(s):
			hdr, hdrAt = single, rec
			next, err := f.src.next()
			switch {
			case err == io.EOF:
			case err == nil && next.Sheet == rec.Sheet:
				if below := f.ix.match(s, twoRows(rec.Cells, next.Cells), 2); below.usable(s) && below.matched() > single.matched() {
					hdr = below
				} else {
					f.src.unread(next, nil)
				}
			default:
				f.src.unread(next, err)
			}
		}
		for _, c := range []mapping{single, pair} {
			if c.cellOf != nil && c.matched() > sh.best.matched() {
				sh.best, sh.bestAt = c, rec
			}
		}
	}
	if hdr.cellOf == nil {
		sh.above = append(sh.above, rec)
		sh.aboveBad = append(sh.aboveBad, encErr)
		if len(sh.above) >= headerScanRows {
			return f.giveUp()
		}
		return nil
	}
	return f.useHeader(hdr, hdrAt)
}

// useHeader checks a header and starts validating the sheet's rows.
func (f *fileReader) useHeader(hdr mapping, at decode.Record) error {
	s, sh := f.schema, f.sheet
	scale, unitProblems := scales(s, hdr)
	if len(hdr.twice) > 0 || len(unitProblems) > 0 {
		return &HeaderError{File: f.in.Path, Sheet: at.Sheet, Line: at.Line, Twice: hdr.twice, Units: unitProblems,
			Found: hdr.found(), Expected: columnNames(s)}
	}
	for i, c := range s.Columns {
		if c.PII == schemas.PIIHash && hdr.cellOf[i] >= 0 && len(f.ing.PIIKey) < MinPIIKeyLen {
			have := "no key was given"
			if len(f.ing.PIIKey) > 0 {
				have = fmt.Sprintf("the key has %d bytes, fewer than %d", len(f.ing.PIIKey), MinPIIKeyLen)
			}
			return fmt.Errorf("%s: %w: the file has the identifier column 「%s」 (%s), which is stored only as a keyed hash, and %s; "+
				"set SHEQU_PII_KEY or the configuration's key file and run again", f.in.Path, ErrNoPIIKey, hdr.text(s, i), c.Name, have)
		}
	}
	sh.v = newValidator(s, f.ing.Divisions, hdr, scale, f.ing.PIIKey)
	if f.headers == 0 {
		f.m.HeaderLine = at.Line
	}
	f.headers++
	for _, u := range hdr.unknown {
		if !slices.Contains(f.m.UnknownColumns, u) {
			f.m.UnknownColumns = append(f.m.UnknownColumns, u)
		}
	}
	for range sh.above {
		f.skip(SkipAboveHeader)
	}
	sh.above, sh.aboveBad = nil, nil
	return nil
}

// giveUp ends the header search of a sheet. A sheet whose best row names
// two or more columns but not every required one has a header that does
// not match, which fails the file; a sheet with no such row (notes,
// instructions, an empty sheet) is not a table, and its rows are skipped.
func (f *fileReader) giveUp() error {
	sh := f.sheet
	if sh.best.matched() >= 2 {
		return &HeaderError{File: f.in.Path, Sheet: sh.bestAt.Sheet, Line: sh.bestAt.Line, Missing: sh.best.missing(f.schema),
			Twice: sh.best.twice, Found: f.safeFound(sh.best), Expected: columnNames(f.schema)}
	}
	if f.m.Format != "xlsx" {
		return f.noHeaderError() // a text file is one sheet: do not read on
	}
	sh.noHeader = true
	for range sh.above {
		f.skip(SkipNoHeader)
	}
	sh.above, sh.aboveBad = nil, nil
	return nil
}

// endSheet finishes a sheet whose header search is still going on.
func (f *fileReader) endSheet() error {
	if f.sheet == nil || f.sheet.v != nil || f.sheet.noHeader {
		return nil
	}
	return f.giveUp()
}

// safeFound lists the cells of a header candidate for an error message.
// For a source with personal data a candidate that is not a real header
// could be a data row, so cells holding long runs of digits (identity
// numbers, phone numbers) are hidden.
func (f *fileReader) safeFound(m mapping) []string {
	found := m.found()
	if !f.schema.HasPII() {
		return found
	}
	for i, c := range found {
		run, longest := 0, 0
		for _, r := range values.Normalize(c) {
			if r >= '0' && r <= '9' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
		if longest >= 7 {
			found[i] = "[已隐藏]"
		}
	}
	return found
}

func (f *fileReader) noHeaderError() error {
	if f.first == nil {
		return fmt.Errorf("%s: %w: the file is empty; expected columns: %s", f.in.Path, ErrNoHeader, strings.Join(columnNames(f.schema), ", "))
	}
	first := strings.Join(f.first, " | ")
	if f.schema.HasPII() {
		first = "(not shown: the source holds personal data)"
	} else {
		first = strconv.Quote(first)
	}
	return fmt.Errorf("%s: %w in the first %d rows of any sheet (no row has two or more known headers); first row: %s; expected columns: %s",
		f.in.Path, ErrNoHeader, headerScanRows, first, strings.Join(columnNames(f.schema), ", "))
}

// data handles a record below the header.
func (f *fileReader) data(rec decode.Record, encErr bool) error {
	m, v := f.m, f.sheet.v
	m.RowsIn++
	if encErr {
		m.Quarantined++
		return appendRejected(f.rej, f.ing.RunID, f.in, m, rec, Violation{Rule: RuleEncoding, Value: v.encodingValue(rec.Cells),
			MessageZh: "含有编码无法识别的字节（已替换为�）", MessageEn: "contains bytes invalid in the file's encoding (replaced by �)"})
	}
	if why := skipReason(rec.Cells); why != "" {
		m.Skipped++
		m.SkippedBy[why]++
		return nil
	}
	res := v.row(rec.Cells)
	if len(res.bad) == 0 && res.key != "" && f.keys != nil {
		f.keys.add(res.key, lineRef{v: v, sheet: rec.Sheet, line: rec.Line})
	}
	if len(res.bad) > 0 {
		m.Quarantined++
		for _, b := range res.bad {
			if err := appendRejected(f.rej, f.ing.RunID, f.in, m, rec, b); err != nil {
				return err
			}
		}
		return nil
	}
	m.Accepted++
	row := append(res.vals, m.File, rec.Sheet, int64(rec.Line))
	if err := f.acc.AppendRow(row...); err != nil {
		return fmt.Errorf("%s line %d: %w", f.in.Path, rec.Line, err)
	}
	return nil
}

// lineRef locates an accepted row with a key.
type lineRef struct {
	v     *validator // of the row's sheet
	sheet string
	line  int
}

// keyIndex finds the keys that more than one accepted row of a file has,
// in memory that does not grow with the file: each key is written to a
// temporary file, and its 64-bit hash with its place there to a
// keySpill; at the end only the keys whose hash repeats are read back and
// compared. Close it.
type keyIndex struct {
	dir    string
	seed   maphash.Seed
	spill  *keySpill     // nil until the first key
	file   *os.File      // the keys: sheet, line, length, key
	w      *bufio.Writer // on file
	off    int64         // the size of file so far
	sheets []*validator  // of the sheets, by the index in the records
	names  []string
	err    error

	dups []*dupGroup // the keys seen again, in order of their first row, after resolve
}

// newKeyIndex keeps its temporary files in the folder dir, made at the
// first key.
func newKeyIndex(dir string) *keyIndex {
	return &keyIndex{dir: dir, seed: maphash.MakeSeed()}
}

func (k *keyIndex) add(key string, ref lineRef) {
	if k.err != nil {
		return
	}
	if k.spill == nil {
		if k.spill, k.err = newKeySpill(k.dir); k.err != nil {
			return
		}
		if k.file, k.err = os.Create(filepath.Join(k.spill.dir, "keys")); k.err != nil {
			return
		}
		k.w = bufio.NewWriterSize(k.file, 1<<16)
	}
	sheet := len(k.sheets) - 1
	if sheet < 0 || k.sheets[sheet] != ref.v || k.names[sheet] != ref.sheet {
		k.sheets, k.names = append(k.sheets, ref.v), append(k.names, ref.sheet)
		sheet++
	}
	var rec [12]byte
	binary.LittleEndian.PutUint32(rec[0:], uint32(sheet))
	binary.LittleEndian.PutUint64(rec[4:], uint64(ref.line))
	if k.err = k.spill.add(maphash.String(k.seed, key), uint64(k.off)); k.err != nil {
		return
	}
	b := binary.AppendUvarint(rec[:], uint64(len(key)))
	k.w.Write(b)
	k.w.WriteString(key)
	k.off += int64(len(b) + len(key))
}

// resolve fills dups.
func (k *keyIndex) resolve() error {
	if k.err != nil || k.spill == nil {
		return k.err
	}
	if err := k.w.Flush(); err != nil {
		return err
	}
	repeated, err := k.spill.repeated()
	if err != nil {
		return err
	}
	var offsets []uint64
	for _, offs := range repeated {
		offsets = append(offsets, offs...)
	}
	slices.Sort(offsets) // file order
	byKey := map[string]*dupGroup{}
	var keys []string
	buf := make([]byte, 12+binary.MaxVarintLen64)
	for _, off := range offsets {
		n, err := k.file.ReadAt(buf, int64(off))
		if n < 13 && err != nil {
			return err
		}
		sheet := binary.LittleEndian.Uint32(buf[0:])
		line := binary.LittleEndian.Uint64(buf[4:])
		size, w := binary.Uvarint(buf[12:n])
		key := make([]byte, size)
		if _, err := k.file.ReadAt(key, int64(off)+12+int64(w)); err != nil {
			return err
		}
		g, ok := byKey[string(key)]
		if !ok {
			g = &dupGroup{key: string(key)}
			byKey[string(key)] = g
			keys = append(keys, string(key))
		}
		g.refs = append(g.refs, lineRef{v: k.sheets[sheet], sheet: k.names[sheet], line: int(line)})
	}
	for _, key := range keys {
		g := byKey[key]
		if len(g.refs) >= 2 { // else a collision of hashes, not a duplicate
			k.dups = append(k.dups, g)
		}
	}
	return nil
}

// close removes the temporary files.
func (k *keyIndex) close() {
	if k.file != nil {
		k.file.Close()
	}
	if k.spill != nil {
		k.spill.close()
	}
}

// dupGroup is a key that more than one row has, and those rows in file
// order.
type dupGroup struct {
	key  string
	refs []lineRef
}

// maxOthers is how many other rows a duplicate_key message names.
const maxOthers = 10

// resolveDuplicates moves to quarantine every row of a key that more than
// one otherwise accepted row of the file has: neither row can be trusted
// over the other, so none is kept. Rows rejected for another rule are in
// quarantine for that rule and do not count: a file that repeats a
// community to correct a broken row keeps the corrected one.
func (f *fileReader) resolveDuplicates(ctx context.Context, conn *sql.Conn, t tables) error {
	if len(f.keys.dups) == 0 {
		return nil
	}
	var drop []lineRef
	for _, g := range f.keys.dups {
		for _, ref := range g.refs {
			drop = append(drop, ref)
			f.m.Accepted--
			f.m.Quarantined++
		}
	}
	if err := dropRows(ctx, conn, t, parquetColumns(f.schema), drop); err != nil {
		return err
	}
	for _, g := range f.keys.dups {
		refs := g.refs
		for i, ref := range refs {
			var zh, en []string
			for j, o := range refs {
				if j == i {
					continue
				}
				if len(zh) == maxOthers {
					zh = append(zh, fmt.Sprintf("等，共%d行", len(refs)))
					en = append(en, fmt.Sprintf("… %d rows in all", len(refs)))
					break
				}
				zh = append(zh, where(o, ref.sheet, true))
				en = append(en, where(o, ref.sheet, false))
			}
			header := ref.v.keyText()
			v := Violation{Column: strings.Join(f.schema.Key, "+"), Value: ref.v.showKey(g.key), Rule: RuleDuplicateKey,
				MessageZh: fmt.Sprintf("「%s」在本文件中出现%d次（另见%s）：无法判断以哪一行为准，已全部隔离；请核对后只保留一行再报送",
					header, len(refs), strings.Join(zh, "、")),
				MessageEn: fmt.Sprintf("%s (%s) occurs %d times in this file (also %s): neither row can be trusted over the other, so all are quarantined; keep one and send the file again",
					header, strings.Join(f.schema.Key, ", "), len(refs), strings.Join(en, ", "))}
			if err := appendRejected(f.rej, f.ing.RunID, f.in, f.m, decode.Record{Sheet: ref.sheet, Line: ref.line}, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropRows writes the staged Parquet of accepted rows again without the
// rows at refs, keeping the order of the others: the row groups that hold
// none of them are copied as they are, the others read back and encoded
// again.
func dropRows(ctx context.Context, conn *sql.Conn, t tables, cols []parquet.Column, refs []lineRef) error {
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TEMP TABLE dropped_rows (sheet VARCHAR, line BIGINT)"); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS dropped_rows")
	if err := withAppender(conn, "dropped_rows", func(a *duckdb.Appender) error {
		for _, r := range refs {
			if err := a.AppendRow(r.sheet, int64(r.line)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	src := "read_parquet(" + warehouse.QuoteString(t.staged) + ", file_row_number = true)"
	drop := map[int64]bool{}
	rows, err := conn.QueryContext(ctx, "SELECT file_row_number FROM "+src+
		" AS a WHERE EXISTS (SELECT 1 FROM dropped_rows d WHERE d.sheet = a.source_sheet AND d.line = a.source_line)")
	if err != nil {
		return err
	}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		drop[n] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(drop) != len(refs) {
		return fmt.Errorf("%s: %d of the %d rows to drop found: the staged file does not match the file read", t.staged, len(drop), len(refs))
	}
	dropped := slices.Sorted(maps.Keys(drop))

	in, err := os.Open(t.staged)
	if err != nil {
		return err
	}
	defer in.Close()
	kept := t.staged + ".kept"
	out, err := os.Create(kept)
	if err != nil {
		return err
	}
	defer os.Remove(kept) // gone once renamed
	bw := bufio.NewWriterSize(out, 1<<20)
	w, err := parquet.NewWriter(bw, cols)
	if err != nil {
		out.Close()
		return err
	}
	enc, err := parquet.NewEncoder(cols)
	if err != nil {
		out.Close()
		return err
	}
	defer enc.Close()
	err = func() error {
		first := int64(0)
		for i, n := range t.layout.Rows() {
			last := first + int64(n) - 1
			k, _ := slices.BinarySearch(dropped, first)
			hit := k < len(dropped) && dropped[k] <= last
			var rg *parquet.RowGroup
			var err error
			if hit {
				rg, err = reencode(ctx, conn, src, cols, enc, first, last, drop)
			} else {
				rg, err = t.layout.RowGroup(in, i)
			}
			if err != nil {
				return err
			}
			if rg != nil && rg.Rows() > 0 {
				if err := w.WriteRowGroup(rg); err != nil {
					return err
				}
			}
			first = last + 1
		}
		if err := w.Close(); err != nil {
			return err
		}
		return bw.Flush()
	}()
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", kept, err)
	}
	return os.Rename(kept, t.staged)
}

// reencode reads the rows first to last of a staged file back, but those
// in drop, and encodes them as a row group.
func reencode(ctx context.Context, conn *sql.Conn, src string, cols []parquet.Column, enc *parquet.Encoder, first, last int64, drop map[int64]bool) (*parquet.RowGroup, error) {
	rows, err := conn.QueryContext(ctx, "SELECT * FROM "+src+" WHERE file_row_number BETWEEN ? AND ? ORDER BY file_row_number", first, last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	buf := newRowBuffer(cols)
	vals := make([]any, len(cols)+1) // the columns, then file_row_number
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	args := make([]driver.Value, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		if n, _ := vals[len(cols)].(int64); drop[n] {
			continue
		}
		for i := range cols {
			args[i] = vals[i]
		}
		if err := buf.appendRow(args); err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if buf.n == 0 {
		return nil, nil
	}
	return buf.encode(enc)
}

// where names another row for a message, with its sheet when it differs
// from the sheet of the row the message is about.
func where(o lineRef, sheet string, zh bool) string {
	switch {
	case zh && o.sheet != sheet:
		return fmt.Sprintf("工作表「%s」第%d行", o.sheet, o.line)
	case zh:
		return fmt.Sprintf("第%d行", o.line)
	case o.sheet != sheet:
		return fmt.Sprintf("sheet %s line %d", o.sheet, o.line)
	}
	return fmt.Sprintf("line %d", o.line)
}

func columnNames(s *schemas.Schema) []string {
	var out []string
	for _, c := range s.Columns {
		out = append(out, c.Name)
	}
	return out
}

// withAppender runs fn with an appender on one table and closes it.
func withAppender(conn *sql.Conn, table string, fn func(*duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", table)
		if err != nil {
			return err
		}
		return errors.Join(fn(a), a.Close())
	})
}

func appendRejected(rej rowAppender, runID string, in Input, m *warehouse.FileManifest, rec decode.Record, v Violation) error {
	return rej.AppendRow(runID, in.Source, in.Period, m.File, rec.Sheet, int64(rec.Line),
		v.Column, v.Value, v.Rule, v.MessageZh, v.MessageEn)
}

// SQLType is the DuckDB type of a declared column type.
func SQLType(t string) string {
	switch t {
	case schemas.TypeInt:
		return "BIGINT"
	case schemas.TypeFloat:
		return "DOUBLE"
	case schemas.TypeDate:
		return "DATE"
	case schemas.TypeDateTime:
		return "TIMESTAMP"
	}
	return "VARCHAR"
}

// LineageColumns are appended to every source's accepted rows.
var LineageColumns = []string{"source_file", "source_sheet", "source_line"}

// dropTables discards what a file left before publish.
func (ing *Ingester) dropTables(t tables) {
	for _, p := range []string{t.staged, t.quarantine} {
		if p != "" {
			os.Remove(p)
		}
	}
}

// publish stages the file's Parquet files, with its manifest, in the
// run's transaction.
func (ing *Ingester) publish(t tables, m *warehouse.FileManifest) error {
	for _, layer := range []struct {
		staged, target string
		rows           int64
	}{
		{t.staged, warehouse.RawTarget(m.Source, m.Period, m.FileID), m.Accepted},
		{t.quarantine, warehouse.QuarantineTarget(m.Source, m.Period, m.FileID), m.Quarantined},
	} {
		if layer.rows == 0 {
			os.Remove(layer.staged)
			ing.Tx.Remove(layer.target)
		} else if err := ing.Tx.Put(layer.staged, layer.target); err != nil {
			return err
		}
	}
	return ing.Tx.PutManifest(m)
}

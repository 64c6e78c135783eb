package pipelines

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// reader reads a file's records in order, finds each sheet's header, and
// cuts what lies below it into batches for the workers. It runs in a
// goroutine of its own; the counts of the rows it handles itself (above a
// header, in a sheet without one) and the header rows are its own.
type reader struct {
	s      *scan
	src    decode.Reader
	text   *decode.TextReader // nil for workbooks
	back   []pushed
	sheet  *sheetState
	header int // sheets with a header
	first  []string
	counts counts
	lines  int64 // physical lines (rows) of the records read
	hdrs   int64 // of them, header rows
	cur    *batch
	seq    int
	send   func(*batch) error
}

type pushed struct {
	rec decode.Record
	err error
}

// sheetState is the header search of one sheet (the whole file for text).
type sheetState struct {
	name     string
	plan     *sheetPlan      // nil while the header is being looked for
	above    []decode.Record // records above the header so far
	aboveBad []bool          // which of them had invalid bytes
	best     mapping
	bestAt   decode.Record
	noHeader bool // the sheet has no header: its rows are skipped
}

func (rd *reader) next() (decode.Record, error) {
	if n := len(rd.back); n > 0 {
		p := rd.back[n-1]
		rd.back = rd.back[:n-1]
		return p.rec, p.err
	}
	rec, err := rd.src.Next()
	if err == nil || errors.Is(err, decode.ErrInvalidEncoding) {
		rd.lines += int64(max(rec.Lines, 1))
	}
	return rec, err
}

// unread gives a record back: a text reader reads it again (then with
// the header's width), a workbook keeps it.
func (rd *reader) unread(rec decode.Record, err error) {
	if rd.text != nil {
		rd.text.Unread()
		rd.lines -= int64(max(rec.Lines, 1))
		return
	}
	rd.back = append(rd.back, pushed{rec, err})
}

// workbookBatch is how many rows of a sheet make a batch, and a row group.
const workbookBatch = 1 << 16

// run reads the whole file.
func (rd *reader) run() error {
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := rd.s.ctx.Err(); err != nil {
				return err
			}
		}
		if sh := rd.sheet; rd.text != nil && sh != nil && sh.plan != nil && len(rd.back) == 0 {
			return rd.chunks()
		}
		rec, err := rd.next()
		if err == io.EOF {
			break
		}
		encErr := errors.Is(err, decode.ErrInvalidEncoding)
		if err != nil && !encErr {
			return err
		}
		if n == 0 {
			rd.first = rec.Cells
		}
		if rd.sheet == nil || rec.Sheet != rd.sheet.name {
			if err := rd.endSheet(); err != nil {
				return err
			}
			rd.sheet = &sheetState{name: rec.Sheet}
		}
		sh := rd.sheet
		switch {
		case sh.noHeader:
			rd.skip(rec, SkipNoHeader)
		case sh.plan == nil:
			if err := rd.seekHeader(rec, encErr); err != nil {
				return err
			}
		default:
			if err := rd.data(rec, encErr); err != nil {
				return err
			}
		}
	}
	return rd.finish()
}

// finish ends the last sheet and sends the last batch.
func (rd *reader) finish() error {
	if err := rd.endSheet(); err != nil {
		return err
	}
	if rd.header == 0 {
		return rd.noHeaderError()
	}
	return rd.flush()
}

// chunks sends the rest of a text file in chunks.
func (rd *reader) chunks() error {
	for {
		if err := rd.s.ctx.Err(); err != nil {
			return err
		}
		c, err := rd.text.NextChunk(rd.s.chunkBytes)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		rd.lines += int64(c.Lines)
		b := &batch{seq: rd.seq, sheet: rd.sheet.plan, chunk: c, end: c.End}
		rd.seq++
		if err := rd.send(b); err != nil {
			return err
		}
	}
	return rd.finish()
}

// data adds a record below the header to the current batch.
func (rd *reader) data(rec decode.Record, encErr bool) error {
	if rd.cur == nil || rd.cur.sheet != rd.sheet.plan {
		if err := rd.flush(); err != nil {
			return err
		}
		rd.cur = &batch{seq: rd.seq, sheet: rd.sheet.plan}
		rd.seq++
	}
	bad := 0
	if encErr {
		bad = rec.Line
	}
	rd.cur.recs = append(rd.cur.recs, rec)
	rd.cur.bads = append(rd.cur.bads, bad)
	if len(rd.cur.recs) >= workbookBatch {
		return rd.flush()
	}
	return nil
}

// flush sends the current batch.
func (rd *reader) flush() error {
	b := rd.cur
	rd.cur = nil
	if b == nil || len(b.recs) == 0 {
		return nil
	}
	b.end, _ = rd.src.Position()
	return rd.send(b)
}

// seekHeader looks for the header among the first records of a sheet. A
// record is the header when it names every required column and at least
// two columns; read together with the record above it, or the one below
// it, as a two-row header, it may name more, and then the two are the
// header.
func (rd *reader) seekHeader(rec decode.Record, encErr bool) error {
	sh, s, ix := rd.sheet, rd.s.schema, rd.s.aliases
	var hdr mapping
	var hdrAt decode.Record
	var rows []decode.Record
	if !encErr && rec.Quote == nil {
		single := ix.match(s, singleRow(rec.Cells), 1)
		var pair mapping
		if n := len(sh.above); n > 0 && !sh.aboveBad[n-1] && sh.above[n-1].Quote == nil {
			pair = ix.match(s, twoRows(sh.above[n-1].Cells, rec.Cells), 2)
		}
		switch {
		case pair.usable(s) && (!single.usable(s) || pair.matched() > single.matched()):
			hdr, hdrAt = pair, sh.above[len(sh.above)-1]
			rows = []decode.Record{hdrAt, rec}
			sh.above, sh.aboveBad = sh.above[:len(sh.above)-1], sh.aboveBad[:len(sh.aboveBad)-1]
		case single.usable(s):
			hdr, hdrAt = single, rec
			rows = []decode.Record{rec}
			next, err := rd.next()
			switch {
			case err == io.EOF:
			case err == nil && next.Sheet == rec.Sheet && next.Quote == nil:
				if below := ix.match(s, twoRows(rec.Cells, next.Cells), 2); below.usable(s) && below.matched() > single.matched() {
					hdr = below
					rows = append(rows, next)
				} else {
					rd.unread(next, nil)
				}
			default:
				rd.unread(next, err)
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
			return rd.giveUp()
		}
		return nil
	}
	return rd.useHeader(hdr, hdrAt, rows)
}

// useHeader checks a header and starts the sheet's data.
func (rd *reader) useHeader(hdr mapping, at decode.Record, rows []decode.Record) error {
	s, sh, m := rd.s.schema, rd.sheet, rd.s.m
	scale, unitProblems := scales(s, hdr)
	if len(hdr.twice) > 0 || len(unitProblems) > 0 {
		return &HeaderError{File: rd.s.in.Path, Sheet: at.Sheet, Line: at.Line, Twice: hdr.twice, Units: unitProblems,
			Found: safeCells(s, hdr.found()), Expected: columnNames(s)}
	}
	ing := rd.s.ing
	for i, c := range s.Columns {
		if c.PII == schemas.PIIHash && hdr.cellOf[i] >= 0 && len(ing.PIIKey) < MinPIIKeyLen {
			have := "no key was given"
			if len(ing.PIIKey) > 0 {
				have = fmt.Sprintf("the key has %d bytes, fewer than %d", len(ing.PIIKey), MinPIIKeyLen)
			}
			return fmt.Errorf("%s: %w: the file has the identifier column 「%s」 (%s), which is stored only as a keyed hash, and %s; "+
				"set SHEQU_PII_KEY or the configuration's key file and run again", rd.s.in.Path, ErrNoPIIKey, hdr.text(s, i), c.Name, have)
		}
	}
	v := newValidator(s, rd.s.div, hdr, scale, ing.PIIKey)
	if rd.text != nil {
		v.width = len(hdr.cells)
		rd.text.SetWidth(v.width)
	}
	var err error
	if v.area, err = rd.s.areaOf(sh.above); err != nil {
		return err
	}
	sh.plan = &sheetPlan{name: sh.name, v: v, adds: additiveColumns(s)}
	if rd.header == 0 {
		m.HeaderLine = at.Line
		if v.area != nil {
			m.Area, m.AreaFrom = v.area.code, v.area.from
		}
	}
	rd.header++
	for _, r := range rows {
		rd.hdrs += int64(max(r.Lines, 1))
	}
	for _, u := range hdr.unknown {
		if u := maskIdentifiers(u); !slices.Contains(m.UnknownColumns, u) {
			m.UnknownColumns = append(m.UnknownColumns, u)
		}
	}
	for _, r := range sh.above {
		rd.skip(r, SkipAboveHeader)
	}
	sh.above, sh.aboveBad = nil, nil
	return nil
}

// skip counts a record the reader skips itself (above a header, or in a
// sheet without one), and notes the synthetic-data mark (synthetic.go).
func (rd *reader) skip(rec decode.Record, why string) {
	if isSyntheticMark(rec.Cells) {
		rd.s.m.Synthetic = true
	}
	rd.counts.skip(why)
	rd.counts.joined += int64(max(rec.Lines, 1) - 1)
}

// giveUp ends the header search of a sheet. A sheet whose best row names
// two or more columns but not every required one has a header that does
// not match, which fails the file; a sheet with no such row (notes,
// instructions, an empty sheet) is not a table, and its rows are skipped.
func (rd *reader) giveUp() error {
	sh, s := rd.sheet, rd.s.schema
	if sh.best.matched() >= 2 {
		return &HeaderError{File: rd.s.in.Path, Sheet: sh.bestAt.Sheet, Line: sh.bestAt.Line, Missing: sh.best.missing(s),
			Twice: sh.best.twice, Found: safeCells(s, sh.best.found()), Expected: columnNames(s)}
	}
	if rd.text != nil {
		return rd.noHeaderError() // a text file is one sheet: do not read on
	}
	sh.noHeader = true
	for _, r := range sh.above {
		rd.skip(r, SkipNoHeader)
	}
	sh.above, sh.aboveBad = nil, nil
	return nil
}

// endSheet finishes a sheet whose header search is still going on.
func (rd *reader) endSheet() error {
	if rd.sheet == nil || rd.sheet.plan != nil || rd.sheet.noHeader {
		return nil
	}
	return rd.giveUp()
}

// safeCells prepares header cells for an error message. Identity and
// phone numbers are masked; for a source with personal data a candidate
// that is not a real header could be a data row, so cells holding long
// runs of digits are hidden.
func safeCells(s *schemas.Schema, found []string) []string {
	for i, c := range found {
		found[i] = maskIdentifiers(c)
		if !s.HasPII() {
			continue
		}
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

func (rd *reader) noHeaderError() error {
	s, path := rd.s.schema, rd.s.in.Path
	if rd.first == nil {
		return fmt.Errorf("%s: %w: the file is empty; expected columns: %s", path, ErrNoHeader, strings.Join(columnNames(s), ", "))
	}
	first := strings.Join(rd.first, " | ")
	if s.HasPII() {
		first = "(not shown: the source holds personal data)"
	} else {
		first = strconv.Quote(maskIdentifiers(first))
	}
	return fmt.Errorf("%s: %w in the first %d rows of any sheet (no row has two or more known headers); first row: %s; expected columns: %s",
		path, ErrNoHeader, headerScanRows, first, strings.Join(columnNames(s), ", "))
}

func columnNames(s *schemas.Schema) []string {
	var out []string
	for _, c := range s.Columns {
		out = append(out, c.Name)
	}
	return out
}

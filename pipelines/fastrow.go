package pipelines

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"hash"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding"

	"shequ/internal/parquet"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// The fast path's workers: the records of a chunk split, checked and
// typed, and encoded as a row group.

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
	if n := bytes.Count(data, []byte{'\r'}); n > 0 && n != bytes.Count(data, []byte("\r\n")) {
		return fastGroup{}, fmt.Errorf("%w: a carriage return without a line feed near line %d", errNotFast, c.line)
	}
	w.buf.reset()
	g := fastGroup{seq: c.seq, end: c.end}
	w.group = &g
	err := w.records(data, c.line, w.badText(data), func(line int, bad bool) error {
		g.lines++
		if !bad && w.clean() {
			w.appendClean(line)
			g.clean++
			return nil
		}
		return w.messy(line, bad)
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
// time and calls fn with the record's line number and, when checkEach,
// whether the record has bytes invalid in the file's encoding. A chunk without quotes
// is cut at line feeds; otherwise csvRecord reads the records as
// encoding/csv does. A blank line is a record without cells; a file that
// ends inside a quoted cell stops the fast path.
func (w *fastWorker) records(data []byte, line int, checkEach bool, fn func(line int, bad bool) error) error {
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
			bad := checkEach && w.badText(l)
			w.cells = w.cells[:0]
			for len(l) > 0 { // a blank line has no cells: the validator skips it as empty
				i := bytes.IndexByte(l, w.p.delim)
				if i < 0 {
					w.cells = append(w.cells, l)
					break
				}
				w.cells = append(w.cells, l[:i])
				l = l[i+1:]
				if len(l) == 0 {
					w.cells = append(w.cells, l) // the empty cell after a last delimiter
				}
			}
			if err := fn(line, bad); err != nil {
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
		w.cells = w.fields.cells
		if len(w.cells) == 1 && len(w.cells[0]) == 0 && data[0] != '"' {
			w.cells = w.cells[:0] // a blank line, as the text decoder gives it
		}
		if err := fn(line, checkEach && w.badText(data[:n])); err != nil {
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
		switch w.p.pq[i].Kind {
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
		w.group.keyLines = append(w.group.keyLines, uint64(line))
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
func (w *fastWorker) messy(line int, bad bool) error {
	cells := make([]string, len(w.cells))
	for i, c := range w.cells {
		cells[i] = string(c)
		if bad && w.p.enc == nil {
			cells[i] = strings.ToValidUTF8(cells[i], "\uFFFD")
		}
	}
	cells = decode.TrimCells(cells)
	f := w.f
	w.mu.Lock()
	defer w.mu.Unlock()
	f.acc = w
	before := f.m.Accepted
	if err := f.data(decode.Record{Sheet: w.p.sheet, Line: line, Cells: cells}, bad); err != nil {
		return err
	}
	if f.m.Accepted > before {
		if k := w.plain.row(cells).key; k != "" {
			w.group.hashes = append(w.group.hashes, maphash.String(w.p.seed, k))
			w.group.keyLines = append(w.group.keyLines, uint64(line))
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

// badText reports whether text (decoded) has bytes that were invalid in
// the file's encoding, as the text decoder finds them: invalid UTF-8 in a
// UTF-8 file, U+FFFD in text decoded from another encoding.
func (w *fastWorker) badText(b []byte) bool {
	if w.p.enc == nil {
		return !utf8.Valid(b)
	}
	return bytes.Contains(b, []byte("\uFFFD"))
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

// strictResidentID: 17 digits and the right check character, X upper case.
func strictResidentID(s []byte) bool {
	check, ok := values.IDCheckChar(s)
	return ok && len(s) == 18 && check == s[17]
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

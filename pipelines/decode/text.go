package decode

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/transform"
)

// TextReader reads delimited text: record by record (Next), or, once the
// caller has seen what it needs, in chunks of whole records that other
// goroutines split (NextChunk, Splitter). Both go through the grammar of
// grammar.go. It hashes the file's bytes as it reads them (SHA256).
type TextReader struct {
	path     string
	file     *os.File
	size     int64
	encoding string // canonical name, as reported by Encoding
	detected bool   // the encoding was detected, not forced
	format   string
	delim    byte
	sum      hash.Hash
	read     int64 // bytes of the file read so far

	// src yields the text the grammar runs on: the file's bytes when raw
	// (UTF-8, or GBK/GB18030 whose ASCII bytes are always characters of
	// their own) or else the text decoded to UTF-8.
	src   io.Reader
	raw   encoding.Encoding // not nil: src is in this encoding, decoded record by record
	buf   []byte
	r, w  int // unread bytes are buf[r:w]
	eof   bool
	line  int // the physical line of the next record
	width int // the header's cells, once known (SetWidth)

	last   struct{ r, line, budget int } // the start of the last record Next returned, for Unread
	budget int                           // bytes left to look ahead past quotes that are not well formed
	split  cellSplitter
	err    error // final error, returned by every later call
}

// maxLineBytes bounds a physical line: a longer one is not a table's.
const maxLineBytes = 64 << 20

// openText opens a delimited text file.
func openText(path, ext string, opts Options) (*TextReader, error) {
	var forced string
	if e := strings.ToLower(strings.TrimSpace(opts.Encoding)); e != "" && e != "auto" {
		forced = opts.Encoding
	}
	if _, _, err := lookupEncoding(cmp.Or(forced, EncodingUTF8)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d := opts.Delimiter; d != 0 && (d == '"' || d == '\r' || d == '\n' || d >= utf8.RuneSelf) {
		return nil, fmt.Errorf("%s: %w %q (a delimiter is one ASCII character other than a quote or a line break)", path, ErrInvalidDelimiter, d)
	}

	f, _, err := openFile(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	r := &TextReader{path: path, file: f, size: st.Size(), sum: sha256.New(), line: 1, budget: looseBudget}
	counted := &countingReader{r: f, n: &r.read, sum: r.sum}
	raw := bufio.NewReaderSize(counted, sniffSize)
	name := forced
	if name == "" {
		prefix, err := raw.Peek(sniffSize)
		if err != nil && !errors.Is(err, io.EOF) {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		name, r.detected = Detect(prefix), true
	}
	canonical, enc, _ := lookupEncoding(name)
	r.encoding = canonical

	// The delimiter is found in decoded text.
	var decoded *bufio.Reader
	peekDecoded := func(n int) ([]byte, error) {
		if enc == nil {
			return raw.Peek(n)
		}
		prefix, err := raw.Peek(n)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			return nil, err
		}
		out, _, _ := transform.Bytes(enc.NewDecoder(), prefix)
		if err == nil {
			err = bufio.ErrBufferFull
		}
		return out, err
	}
	bom := 0
	if b, _ := peekDecoded(8); bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
		bom = 1
		if canonical == EncodingUTF8 {
			r.encoding = EncodingUTF8BOM
		}
	}
	delim := byte(opts.Delimiter)
	if delim == 0 {
		text, err := peekDecoded(sniffSize)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if bom > 0 {
			text = bytes.TrimPrefix(text, []byte{0xEF, 0xBB, 0xBF})
		}
		fallback := ','
		if ext == ".tsv" || ext == ".txt" {
			fallback = '\t'
		}
		delim = byte(detectDelimiter(text, err != nil && errors.Is(err, io.EOF), fallback))
	}
	r.delim = delim
	r.split.delim = delim
	r.format = "csv"
	if delim == '\t' {
		r.format = "tsv"
	}

	// GBK and GB18030 bytes below 0x40 are always characters of their own,
	// never the second byte of a character: quotes, line breaks, commas,
	// tabs and semicolons can be found in the raw bytes, and the text
	// decoded record by record, or chunk by chunk on other cores. Any
	// other delimiter, and UTF-16, is found in decoded text.
	switch {
	case enc == nil:
		r.src = raw
	case (canonical == EncodingGBK || canonical == EncodingGB18030) && delim < 0x40:
		r.src, r.raw = raw, enc
	default:
		decoded = bufio.NewReaderSize(transform.NewReader(raw, enc.NewDecoder()), sniffSize)
		r.src = decoded
	}
	r.buf = make([]byte, 0, 256<<10)
	if bom > 0 {
		if err := r.fill(3); err != nil {
			f.Close()
			return nil, err
		}
		// In raw GBK a BOM is the bytes of U+FEFF in that encoding; in
		// UTF-8 and decoded text it is EF BB BF.
		if r.raw != nil {
			r.skipRawBOM()
		} else if bytes.HasPrefix(r.buf[r.r:r.w], []byte{0xEF, 0xBB, 0xBF}) {
			r.r += 3
		}
	}
	return r, nil
}

// skipRawBOM drops an encoded U+FEFF at the start of raw GB18030 text
// (84 31 95 33).
func (r *TextReader) skipRawBOM() {
	if bytes.HasPrefix(r.buf[r.r:r.w], []byte{0x84, 0x31, 0x95, 0x33}) {
		r.r += 4
	}
}

// countingReader counts and hashes the bytes read through it.
type countingReader struct {
	r   io.Reader
	n   *int64
	sum hash.Hash
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	c.sum.Write(p[:n])
	return n, err
}

// fill reads until at least n unread bytes are buffered or the text ends.
func (r *TextReader) fill(n int) error {
	for r.w-r.r < n && !r.eof {
		if r.r > 0 && r.w+n-(r.w-r.r) > cap(r.buf) {
			// Move the unread bytes to the front before growing.
			copy(r.buf[:cap(r.buf)], r.buf[r.r:r.w])
			r.w -= r.r
			r.r = 0
		}
		if need := r.w + max(n-(r.w-r.r), 64<<10); need > cap(r.buf) {
			nb := make([]byte, r.w, max(need, 2*cap(r.buf)))
			copy(nb, r.buf[:r.w])
			r.buf = nb
		}
		k, err := r.src.Read(r.buf[r.w:cap(r.buf)])
		r.w += k
		r.buf = r.buf[:r.w]
		if errors.Is(err, io.EOF) {
			r.eof = true
		} else if err != nil {
			return fmt.Errorf("%s: %w", r.path, err)
		}
	}
	return nil
}

// scan finds the extent of the record at r.r, reading as needed.
func (r *TextReader) scan() (span, error) {
	want := 64 << 10
	for {
		if err := r.fill(want); err != nil {
			return span{}, err
		}
		if sp, ok := scanRecord(r.buf[r.r:r.w], r.delim, r.eof, r.width, r.ahead()); ok {
			r.budget -= sp.loose
			return sp, nil
		}
		if r.w-r.r >= maxLineBytes {
			return span{}, &LineError{Path: r.path, Line: r.line, Err: fmt.Errorf("a line longer than %d MiB: this is not a table", maxLineBytes>>20)}
		}
		want = 2 * (r.w - r.r)
	}
}

// Next returns the next record: see Reader. Every physical line belongs
// to exactly one record; a blank line is a record without cells.
func (r *TextReader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	if err := r.fill(1); err != nil {
		r.err = err
		return Record{}, err
	}
	if r.r == r.w {
		r.err = io.EOF
		return Record{}, io.EOF
	}
	r.last.r, r.last.line, r.last.budget = r.r, r.line, r.budget
	sp, err := r.scan()
	if err != nil {
		r.err = err
		return Record{}, err
	}
	text := r.buf[r.r : r.r+sp.n]
	r.r += sp.n
	line := r.line
	r.line += sp.lines
	if r.raw != nil {
		text, _, _ = transform.Bytes(r.raw.NewDecoder(), text)
	}
	rec, bad := r.split.record(string(text), sp, r.isUTF8())
	rec.Line = line
	if bad == 0 {
		return rec, nil
	}
	return rec, r.invalid(line + bad - 1)
}

// Unread makes the next call to Next or NextChunk return the record the
// last call to Next returned, read again (with the width set since).
func (r *TextReader) Unread() {
	r.r, r.line, r.budget = r.last.r, r.last.line, r.last.budget
	r.err = nil
}

// ahead is how far a quote that is not well formed may be followed.
func (r *TextReader) ahead() int { return max(0, min(lookAhead, r.budget)) }

// SetWidth sets the number of the header's cells (after trailing blank
// ones): from then on a record that spans lines must line up with it
// (see grammar.go).
func (r *TextReader) SetWidth(n int) { r.width = n }

// isUTF8 reports whether records are checked as UTF-8 (else for U+FFFD
// made by the decoder).
func (r *TextReader) isUTF8() bool {
	return r.encoding == EncodingUTF8 || r.encoding == EncodingUTF8BOM
}

// invalid is the error returned with a record that held bytes invalid in
// the file's encoding, first at line.
func (r *TextReader) invalid(line int) error {
	hint := "set Options.Encoding if that is wrong"
	if r.detected {
		hint = "detected from the first 64 KiB; " + hint
	}
	return &LineError{Path: r.path, Line: line, Err: fmt.Errorf("%w %s (%s)", ErrInvalidEncoding, r.encoding, hint)}
}

// Format reports "tsv" when fields are separated by tabs and "csv" otherwise.
func (r *TextReader) Format() string { return r.format }

// Position implements Reader.
func (r *TextReader) Position() (done, total int64) {
	if r.file == nil {
		return 0, 0
	}
	return r.read, r.size
}

// Delimiter reports the field delimiter in use.
func (r *TextReader) Delimiter() rune { return rune(r.delim) }

// Encoding reports the encoding used: see Reader.
func (r *TextReader) Encoding() string { return r.encoding }

// SHA256 returns the hex sha256 of the whole file once it has been read
// to its end, and "" before.
func (r *TextReader) SHA256() string {
	if !r.eof || r.r < r.w {
		return ""
	}
	return hex.EncodeToString(r.sum.Sum(nil))
}

// Close closes the file. Calling it again does nothing.
func (r *TextReader) Close() error {
	if r.file == nil {
		return nil
	}
	err := r.file.Close()
	r.file = nil
	if r.err == nil {
		r.err = fmt.Errorf("%s: %w", r.path, os.ErrClosed)
	}
	return err
}

// record builds the Record of the text of one record (its line end
// included). bad is 0, or the 1-based line within the record of the
// first byte invalid in the encoding, which is then replaced by U+FFFD.
func (s *cellSplitter) record(text string, sp span, utf8Input bool) (rec Record, bad int) {
	b := unsafeBytes(text)
	var refs []cellRef
	if sp.quote != nil {
		refs = s.splitLoose(b)
	} else {
		refs = s.split(b)
	}
	cells := make([]string, len(refs))
	for i, c := range refs {
		cells[i] = s.text(text, c)
	}
	rec = Record{Lines: sp.lines, Fields: len(refs), Quote: sp.quote}
	switch {
	case utf8Input && !utf8.ValidString(text):
		bad = 1 + countLineBreaks(b[:firstInvalid(b)])
		for i, c := range cells {
			cells[i] = strings.ToValidUTF8(c, "\uFFFD")
		}
	case !utf8Input && strings.Contains(text, "\uFFFD"):
		bad = 1 + countLineBreaks(b[:strings.Index(text, "\uFFFD")])
	}
	rec.Cells = trimCells(cells)
	return rec, bad
}

// firstInvalid returns the index of the first byte of b that is not part
// of valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

package decode

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/transform"
)

// textReader reads delimited text. It wraps encoding/csv and adds what csv
// leaves out: decoding, delimiter detection, invalid-byte reports and a
// record for each blank line csv skips.
type textReader struct {
	path     string
	file     *os.File
	encoding string // canonical name, as reported by Encoding
	detected bool   // the encoding was detected, not forced
	format   string
	csv      *csv.Reader
	lines    *lineCounter

	prevEnd    int     // last physical line taken by the records returned so far
	blankNext  int     // next blank line to return, while blankNext <= blankLast
	blankLast  int     // last blank line to return
	pending    *Record // record held back while the blank lines before it are returned
	pendingErr error   // error that goes with pending
	err        error   // final error, returned by every later call
}

// openText opens a delimited text file.
func openText(path, ext string, opts Options) (*textReader, error) {
	var forced string
	if e := strings.ToLower(strings.TrimSpace(opts.Encoding)); e != "" && e != "auto" {
		forced = opts.Encoding
	}
	if _, _, err := lookupEncoding(cmp.Or(forced, EncodingUTF8)); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if d := opts.Delimiter; d != 0 && (d == '"' || d == '\r' || d == '\n' || d == utf8.RuneError || !utf8.ValidRune(d)) {
		return nil, fmt.Errorf("%s: %w %q", path, ErrInvalidDelimiter, d)
	}

	f, err := os.Open(path)
	if err != nil {
		return nil, err // an *fs.PathError: names the path, wraps fs.ErrNotExist
	}
	r := &textReader{path: path, file: f}
	raw := bufio.NewReaderSize(f, sniffSize)
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

	decoded := raw
	if enc != nil {
		decoded = bufio.NewReaderSize(transform.NewReader(raw, enc.NewDecoder()), sniffSize)
	}
	// A BOM, whatever the encoding, decodes to U+FEFF at the start.
	if b, _ := decoded.Peek(3); bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		if _, err := decoded.Discard(3); err != nil {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if canonical == EncodingUTF8 {
			r.encoding = EncodingUTF8BOM
		}
	}

	delim := opts.Delimiter
	if delim == 0 {
		text, err := decoded.Peek(sniffSize)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
			f.Close()
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		fallback := ','
		if ext == ".tsv" || ext == ".txt" {
			fallback = '\t'
		}
		delim = detectDelimiter(text, err != nil && errors.Is(err, io.EOF), fallback)
	}
	r.format = "csv"
	if delim == '\t' {
		r.format = "tsv"
	}

	r.lines = &lineCounter{r: decoded}
	r.csv = csv.NewReader(r.lines)
	r.csv.Comma = delim
	r.csv.LazyQuotes = true
	r.csv.FieldsPerRecord = -1
	return r, nil
}

// Next returns the next record: see Reader.
func (r *textReader) Next() (Record, error) {
	for {
		if r.err != nil {
			return Record{}, r.err
		}
		if r.blankNext > 0 && r.blankNext <= r.blankLast {
			line := r.blankNext
			r.blankNext++
			return Record{Line: line, Cells: []string{}}, nil
		}
		if r.pending != nil {
			rec, err := *r.pending, r.pendingErr
			r.pending, r.pendingErr = nil, nil
			return rec, err
		}

		fields, err := r.csv.Read()
		if errors.Is(err, io.EOF) {
			// csv skips the empty lines at the end; return them as blanks.
			if total := r.lines.total(); total > r.prevEnd {
				r.blankNext, r.blankLast, r.prevEnd = r.prevEnd+1, total, total
				continue
			}
			r.err = io.EOF
			continue
		}
		if err != nil {
			line := r.prevEnd + 1
			if pe := (*csv.ParseError)(nil); errors.As(err, &pe) {
				line, err = pe.StartLine, pe.Err
			}
			r.err = &LineError{Path: r.path, Line: line, Err: err}
			continue
		}

		start, _ := r.csv.FieldPos(0)
		last, _ := r.csv.FieldPos(len(fields) - 1)
		end := last + strings.Count(fields[len(fields)-1], "\n")
		rec, recErr := r.record(fields, start)
		if start > r.prevEnd+1 {
			// csv skipped empty lines before this record; return them first.
			r.blankNext, r.blankLast = r.prevEnd+1, start-1
			r.pending, r.pendingErr = &rec, recErr
		}
		r.prevEnd = max(r.prevEnd, end)
		if r.pending != nil {
			continue
		}
		return rec, recErr
	}
}

// record builds the Record for fields read from line, replacing and
// reporting bytes that are invalid in the file's encoding.
func (r *textReader) record(fields []string, line int) (Record, error) {
	bad := 0
	for i, f := range fields {
		var invalid bool
		if r.encoding == EncodingUTF8 || r.encoding == EncodingUTF8BOM {
			if invalid = !utf8.ValidString(f); invalid {
				fields[i] = strings.ToValidUTF8(f, "\uFFFD")
			}
		} else {
			invalid = strings.ContainsRune(f, utf8.RuneError)
		}
		if invalid && bad == 0 {
			bad, _ = r.csv.FieldPos(i)
		}
	}
	rec := Record{Line: line, Cells: trimCells(fields)}
	if bad == 0 {
		return rec, nil
	}
	hint := "set Options.Encoding if that is wrong"
	if r.detected {
		hint = "detected from the first 64 KiB; " + hint
	}
	return rec, &LineError{Path: r.path, Line: bad, Err: fmt.Errorf("%w %s (%s)", ErrInvalidEncoding, r.encoding, hint)}
}

// Format reports "tsv" when fields are separated by tabs and "csv" otherwise.
func (r *textReader) Format() string { return r.format }

// Position implements Reader.
func (r *textReader) Position() (done, total int64) {
	if r.file == nil {
		return 0, 0
	}
	done, err := r.file.Seek(0, io.SeekCurrent)
	if err != nil {
		return 0, 0
	}
	if st, err := r.file.Stat(); err == nil {
		total = st.Size()
	}
	return done, total
}

// Delimiter reports the field delimiter in use.
func (r *textReader) Delimiter() rune { return r.csv.Comma }

// Encoding reports the encoding used: see Reader.
func (r *textReader) Encoding() string { return r.encoding }

// Close closes the file. Calling it again does nothing.
func (r *textReader) Close() error {
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

// lineCounter counts the line breaks in what passes through it, so that the
// blank lines csv skips at the end of a file can be accounted for.
type lineCounter struct {
	r        io.Reader
	newlines int
	size     int64
	last     byte
}

// Read implements io.Reader.
func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.newlines += bytes.Count(p[:n], []byte{'\n'})
		c.size += int64(n)
		c.last = p[n-1]
	}
	return n, err
}

// total returns the number of physical lines read so far; a last line
// without a line break counts.
func (c *lineCounter) total() int {
	if c.size > 0 && c.last != '\n' {
		return c.newlines + 1
	}
	return c.newlines
}

// maxSniffRecords bounds how many records detectDelimiter looks at.
const maxSniffRecords = 50

// detectDelimiter picks the delimiter among ',', '\t', ';' and '|' that
// splits the most of the first records of text into the same number of
// fields; ties go to fallback, then to the candidate that makes more
// fields, then to the order above. Quoted text is skipped. When complete
// is false text is a prefix and its last, possibly partial, record is not
// used. A text with none of the candidates gets fallback.
func detectDelimiter(text []byte, complete bool, fallback rune) rune {
	candidates := [...]byte{',', '\t', ';', '|'}
	var counts [][len(candidates)]int
	var cur [len(candidates)]int
	nonBlank, inQuotes := false, false
	for i := 0; i < len(text) && len(counts) < maxSniffRecords; i++ {
		c := text[i]
		switch {
		case c == '"':
			inQuotes = !inQuotes
			nonBlank = true
		case inQuotes:
		case c == '\n':
			if nonBlank {
				counts = append(counts, cur)
			}
			cur, nonBlank = [len(candidates)]int{}, false
		case c == '\r' || c == ' ':
		default:
			if k := bytes.IndexByte(candidates[:], c); k >= 0 {
				cur[k]++
			}
			nonBlank = true
		}
	}
	if complete && nonBlank && len(counts) < maxSniffRecords {
		counts = append(counts, cur)
	}

	best, bestFreq, bestWidth := fallback, 0, 0
	for k, cand := range candidates {
		// The most frequent non-zero count for this candidate.
		freqOf := map[int]int{}
		width, freq := 0, 0
		for _, rc := range counts {
			n := rc[k]
			if n == 0 {
				continue
			}
			freqOf[n]++
			if f := freqOf[n]; f > freq || (f == freq && n > width) {
				width, freq = n, f
			}
		}
		if freq == 0 {
			continue
		}
		better := freq > bestFreq ||
			(freq == bestFreq && rune(cand) == fallback && best != fallback) ||
			(freq == bestFreq && best != fallback && width > bestWidth)
		if bestFreq == 0 || better {
			best, bestFreq, bestWidth = rune(cand), freq, width
		}
	}
	return best
}

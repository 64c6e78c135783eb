package decode

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding"
)

// Chunk is a run of whole records of a text file, cut by
// TextReader.NextChunk so that other goroutines can decode and split it
// (Splitter) while the file is read on.
type Chunk struct {
	Line  int   // the physical line its first record starts on
	Lines int   // physical lines it holds
	End   int64 // bytes of the file read when it was cut (for progress)

	data  []byte            // its bytes, owned by the chunk
	buf   []byte            // the buffer data is in, for Release
	raw   encoding.Encoding // not nil: data is in this encoding
	utf8  bool              // data must be checked as UTF-8
	delim byte
	plain bool   // no quote, and every "\r" ends a "\r\n": one record per line
	marks []mark // the records that are not one well-formed line, in order
}

// mark is a record of a chunk that is not one well-formed line.
type mark struct {
	line  int // its first line, from Chunk.Line
	lines int
	quote *QuoteError
}

// Len returns the size of the chunk in bytes.
func (c *Chunk) Len() int { return len(c.data) }

// Release gives the chunk's memory back for the chunks to come: the
// strings of its records must not be used afterwards.
func (c *Chunk) Release() {
	if c.buf != nil {
		buffers.Put(c.buf[:0])
	}
	c.data, c.buf = nil, nil
}

// buffers are the buffers of released chunks.
var buffers sync.Pool

// getBuffer returns a buffer of at least n bytes of capacity.
func getBuffer(n int) []byte {
	if b, ok := buffers.Get().([]byte); ok && cap(b) >= n {
		return b[:0]
	}
	return make([]byte, 0, n)
}

// NextChunk returns the records that follow those read so far (by Next
// or NextChunk), about target bytes of them, cut at a record boundary;
// io.EOF when none is left. Records longer than target make a longer
// chunk.
func (r *TextReader) NextChunk(target int) (*Chunk, error) {
	if r.err != nil {
		return nil, r.err
	}
	want := target
	for {
		if err := r.fill(want); err != nil {
			r.err = err
			return nil, err
		}
		window := r.buf[r.r:r.w]
		if len(window) == 0 {
			r.err = io.EOF
			return nil, io.EOF
		}
		c := &Chunk{Line: r.line, raw: r.raw, utf8: r.isUTF8(), delim: r.delim}
		cut := r.cut(c, window)
		if cut == 0 {
			if r.eof || len(window) >= maxLineBytes {
				err := &LineError{Path: r.path, Line: r.line, Err: errLongLine}
				r.err = err
				return nil, err
			}
			want = 2 * len(window)
			continue
		}
		// The chunk keeps the buffer; the rest moves to another one.
		c.data, c.buf = window[:cut:cut], r.buf
		rest := window[cut:]
		nb := getBuffer(max(cap(r.buf), target+64<<10))[:len(rest)]
		copy(nb, rest)
		r.buf, r.r, r.w = nb, 0, len(rest)
		r.line += c.Lines
		c.End = r.read
		return c, nil
	}
}

var errLongLine = errors.New("a line longer than 64 MiB: this is not a table")

// cut finds the last record boundary of window at which a chunk can end,
// filling c's lines, marks and plain.
func (r *TextReader) cut(c *Chunk, window []byte) int {
	plain := bytes.IndexByte(window, '"') < 0
	if plain {
		if cr := bytes.Count(window, []byte{'\r'}); cr > 0 && cr != bytes.Count(window, []byte("\r\n")) {
			plain = false
		}
	}
	if plain {
		cut := len(window)
		if !r.eof {
			cut = bytes.LastIndexByte(window, '\n') + 1
		}
		c.plain = true
		c.Lines = bytes.Count(window[:cut], []byte{'\n'})
		if cut > 0 && window[cut-1] != '\n' {
			c.Lines++ // the last line of the file, without a line end
		}
		return cut
	}
	p := 0
	for p < len(window) {
		rest := window[p:]
		text, end, complete := lineEnd(rest, r.eof)
		if !complete {
			break
		}
		if bytes.IndexByte(rest[:text], '"') < 0 {
			p += text + end
			c.Lines++
			continue
		}
		sp, ok := scanRecord(rest, r.delim, r.eof, r.width, r.ahead())
		if !ok {
			break
		}
		r.budget -= sp.loose
		if sp.lines != 1 || sp.quote != nil {
			c.marks = append(c.marks, mark{line: c.Lines, lines: sp.lines, quote: sp.quote})
		}
		p += sp.n
		c.Lines += sp.lines
	}
	return p
}

// Splitter decodes chunks and splits them into records. Each goroutine
// needs its own.
type Splitter struct {
	cs      cellSplitter
	cells   []string
	decoded []byte // a chunk decoded to UTF-8, reused
}

// Records calls fn with each record of c in order. bad is 0, or the
// physical line of the first byte of the record invalid in the file's
// encoding (replaced by U+FFFD). The record's Cells are valid until fn
// returns; the strings in them until the chunk is released and the
// Splitter's next call.
func (s *Splitter) Records(c *Chunk, fn func(rec Record, bad int) error) error {
	data := c.data
	if c.raw != nil {
		// GBK and GB18030 take at most 3 bytes of UTF-8 for 2 of theirs,
		// 4 for 4, and 3 for the replacement of a bad byte.
		if need := 3*len(data) + 16; cap(s.decoded) < need {
			s.decoded = make([]byte, need)
		}
		n, _, err := c.raw.NewDecoder().Transform(s.decoded[:cap(s.decoded)], data, true)
		if err != nil {
			return err
		}
		data = s.decoded[:n]
	}
	text := unsafe.String(unsafe.SliceData(data), len(data))
	check := true // some record may hold invalid bytes
	if c.utf8 {
		check = !utf8.Valid(data)
	} else {
		check = strings.Contains(text, "\uFFFD")
	}
	s.cs.delim = c.delim
	line, pos, next := c.Line, 0, 0
	for pos < len(text) {
		rest := data[pos:]
		n, lines := 0, 1
		var quote *QuoteError
		if next < len(c.marks) && c.marks[next].line == line-c.Line {
			m := c.marks[next]
			next++
			lines, quote = m.lines, m.quote
			k := lines
			if quote != nil {
				k = 1
			}
			for range k {
				t, e, _ := lineEnd(rest[n:], true)
				n += t + e
			}
		} else if c.plain {
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				n = i + 1
			} else {
				n = len(rest)
			}
		} else {
			t, e, _ := lineEnd(rest, true)
			n = t + e
		}
		rec := text[pos : pos+n]
		var refs []cellRef
		if quote != nil {
			refs = s.cs.splitLoose(rest[:n])
		} else {
			refs = s.cs.split(rest[:n])
		}
		s.cells = s.cells[:0]
		for _, ref := range refs {
			s.cells = append(s.cells, s.cs.text(rec, ref))
		}
		bad := 0
		if check {
			b := rest[:n]
			if c.utf8 && !utf8.Valid(b) {
				bad = line + countLineBreaks(b[:firstInvalid(b)])
				for i, cell := range s.cells {
					s.cells[i] = strings.ToValidUTF8(cell, "\uFFFD")
				}
			} else if !c.utf8 {
				if i := strings.Index(rec, "\uFFFD"); i >= 0 {
					bad = line + countLineBreaks(b[:i])
				}
			}
		}
		err := fn(Record{Line: line, Cells: trimCells(s.cells), Lines: lines, Fields: len(refs), Quote: quote}, bad)
		if err != nil {
			return err
		}
		pos += n
		line += lines
	}
	return nil
}

package decode

import (
	"bytes"
	"unsafe"
)

// The grammar of delimited text, written once: Next, the chunks of the
// parallel ingest and the workers that split them all go through the
// functions of this file.
//
// A physical line ends at "\r\n", "\n" or a lone "\r" (Excel for Mac
// writes "CSV (Macintosh)" with carriage returns only), so the three
// kinds of file give the same records. A record starts at the start of a
// line. A cell whose first byte is a quote is quoted: it runs to a quote
// followed, after optional spaces, by the delimiter, the end of the line
// or the end of the file; a doubled quote inside it is one quote, and a
// line break inside it belongs to the cell, so the record spans lines. A
// quote anywhere else is an ordinary character.
//
// A record whose quotes are not well formed is its first line alone,
// marked with a *QuoteError: a quote inside a quoted cell that is neither
// doubled nor closing (「"阳光"社区」), a quoted cell that the file ends
// inside, a quoted cell longer than maxQuotedLines lines or
// maxQuotedBytes bytes, or — once the header's width is known — a record
// spanning lines whose fields do not line up with the header. The lines
// after it are read as records of their own. A reader that takes stray
// quotes loosely (encoding/csv's LazyQuotes) would instead have joined
// the following lines into one record; QuoteError says how far.

// Bounds on a quoted cell that spans lines: beyond them the quote is taken
// as not closed. A remark or an address broken over a few lines is far
// within them.
const (
	maxQuotedLines = 200
	maxQuotedBytes = 256 << 10
)

// span is the extent of the record at the start of a buffer.
type span struct {
	n      int // bytes, its line end included
	lines  int // physical lines
	fields int // fields (of a well-formed record)
	filled int // 1-based index of the last field that is not blank
	quote  *QuoteError
	loose  int // bytes looked at to find how far a loose reader would have read
}

// How far a loose reader would have read is found within lookAhead bytes
// of the record, and within a budget of looseBudget bytes for a whole
// file, so that a file with a stray quote on every line is not read over
// and over: past them the message says "at least".
const (
	lookAhead   = 4 << 20
	looseBudget = 64 << 20
)

// lineEnd returns the length of the line at the start of b without its
// end, and the length of its end (0 when b ends first). A "\r" that ends
// b is ambiguous until the next byte is known: more is false then, unless
// atEOF.
func lineEnd(b []byte, atEOF bool) (text, end int, complete bool) {
	i := indexLineBreak(b)
	if i < 0 {
		return len(b), 0, atEOF
	}
	if b[i] == '\n' {
		return i, 1, true
	}
	if i+1 < len(b) {
		if b[i+1] == '\n' {
			return i, 2, true
		}
		return i, 1, true
	}
	return i, 1, atEOF
}

// indexLineBreak returns the index of the first '\n' or '\r' of b, or -1.
func indexLineBreak(b []byte) int {
	n := bytes.IndexByte(b, '\n')
	var r int
	if n < 0 {
		r = bytes.IndexByte(b, '\r')
	} else {
		r = bytes.IndexByte(b[:n], '\r')
	}
	if r >= 0 {
		return r
	}
	return n
}

// countLineBreaks counts the line ends of b ("\r\n" once). A "\r" that
// ends b counts as one.
func countLineBreaks(b []byte) int {
	n := bytes.Count(b, []byte{'\n'})
	if bytes.IndexByte(b, '\r') < 0 {
		return n
	}
	return n + bytes.Count(b, []byte{'\r'}) - bytes.Count(b, []byte("\r\n"))
}

// isBlankByte reports the bytes that may follow a closing quote before
// the delimiter or the line end.
func isPad(c, delim byte) bool { return (c == ' ' || c == '\t') && c != delim }

// scanRecord finds the record at the start of b. ok is false when b ends
// inside it and atEOF is false: the caller reads more and calls again.
// width, when not 0, is the number of header cells: a record that spans
// lines must have at least that many fields and no value past them.
// ahead is how many bytes a record whose quotes are not well formed may
// look at (see lookAhead); b must hold that many, or the end of the text.
// b must not be empty.
func scanRecord(b []byte, delim byte, atEOF bool, width, ahead int) (sp span, ok bool) {
	pos, field := 0, 1
	sp.lines = 1
	blank := true // the current field has only blanks so far
	for {
		if pos < len(b) && b[pos] == '"' {
			open := pos
			pos++
			for {
				i := bytes.IndexByte(b[pos:], '"')
				if i < 0 {
					if !atEOF && len(b)-open <= maxQuotedBytes {
						return span{}, false
					}
					return badQuote(b, delim, field, atEOF, ahead)
				}
				if i > 0 {
					blank = false
				}
				sp.lines += countLineBreaks(b[pos : pos+i])
				if sp.lines > maxQuotedLines || pos+i-open > maxQuotedBytes {
					return badQuote(b, delim, field, atEOF, ahead)
				}
				pos += i + 1
				j := pos
				for j < len(b) && isPad(b[j], delim) {
					j++
				}
				if j == len(b) {
					if !atEOF {
						return span{}, false
					}
					sp.n, sp.fields = j, field
					if !blank {
						sp.filled = field
					}
					return sp.check(b, delim, width, open, atEOF, ahead)
				}
				switch c := b[j]; {
				case c == '"' && j == pos:
					pos++ // a doubled quote
					blank = false
					continue
				case c == delim:
					if !blank {
						sp.filled = field
					}
					pos, field, blank = j+1, field+1, true
				case c == '\n' || c == '\r':
					_, end, complete := lineEnd(b[j:], atEOF)
					if !complete {
						return span{}, false
					}
					sp.n, sp.fields = j+end, field
					if !blank {
						sp.filled = field
					}
					return sp.check(b, delim, width, open, atEOF, ahead)
				default:
					return badQuote(b, delim, field, atEOF, ahead)
				}
				break
			}
			continue
		}
		// An unquoted cell: up to the delimiter or the end of the line.
		text, end, complete := lineEnd(b[pos:], atEOF)
		if !complete {
			return span{}, false
		}
		line := b[pos : pos+text]
		for {
			i := bytes.IndexByte(line, delim)
			cell := line
			if i >= 0 {
				cell = line[:i]
			}
			if !isBlankASCII(cell) {
				blank = false
			}
			if !blank {
				sp.filled = field
			}
			if i < 0 {
				break
			}
			line = line[i+1:]
			field++
			blank = true
			if len(line) > 0 && line[0] == '"' {
				break // a quoted cell starts here
			}
		}
		if len(line) > 0 && line[0] == '"' {
			pos += text - len(line)
			continue
		}
		sp.n, sp.fields = pos+text+end, field
		return sp, true
	}
}

// check applies the header's width to a well-formed record that spans
// lines, which a stray quote could otherwise have made swallow the lines
// after it.
func (sp span) check(b []byte, delim byte, width, open int, atEOF bool, ahead int) (span, bool) {
	if sp.lines == 1 || width == 0 || (sp.fields >= width && sp.filled <= width) {
		return sp, true
	}
	return badQuote(b, delim, fieldOf(b[:open], delim), atEOF, ahead)
}

// fieldOf returns the 1-based field in which position len(prefix) of a
// record lies, counting delimiters outside quoted cells.
func fieldOf(prefix []byte, delim byte) int {
	field, pos := 1, 0
	for pos < len(prefix) {
		if prefix[pos] == '"' {
			end := closingQuote(prefix[pos+1:], delim)
			if end < 0 {
				return field
			}
			pos += 1 + end + 1
			continue
		}
		i := bytes.IndexByte(prefix[pos:], delim)
		if i < 0 {
			return field
		}
		pos += i + 1
		field++
	}
	return field
}

// closingQuote returns the index in b of the quote that closes a quoted
// cell whose content starts at b, loosely (the first quote followed by
// the delimiter, a line end or the end of b), or -1.
func closingQuote(b []byte, delim byte) int {
	pos := 0
	for {
		i := bytes.IndexByte(b[pos:], '"')
		if i < 0 {
			return -1
		}
		pos += i + 1
		if pos == len(b) || b[pos] == delim || b[pos] == '\n' || b[pos] == '\r' {
			return pos - 1
		}
		if b[pos] == '"' {
			pos++
		}
	}
}

// isBlankASCII reports whether b is empty or only spaces and tabs.
func isBlankASCII(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// badQuote is the span of a record with a quote that is not well formed:
// its first line alone, with how far a loose reader would have read,
// looking at most ahead bytes. ok is false when b holds less than that
// (or than the first line) and atEOF is false.
func badQuote(b []byte, delim byte, column int, atEOF bool, ahead int) (span, bool) {
	text, end, complete := lineEnd(b, atEOF)
	if !complete || (!atEOF && len(b) < ahead) {
		return span{}, false
	}
	look := b
	if len(look) > ahead {
		look, atEOF = look[:max(ahead, text+end)], false
	}
	lines, known := looseLines(look, delim, atEOF)
	return span{n: text + end, lines: 1, fields: 1 + bytes.Count(b[:text], []byte{delim}), loose: len(look),
		quote: &QuoteError{Column: column, LooseLines: lines, AtLeast: !known}}, true
}

// looseLines returns how many physical lines a reader that takes stray
// quotes as text (encoding/csv with LazyQuotes) would read as the record
// at the start of b. known is false when b, or the look-ahead bound, ends
// first.
func looseLines(b []byte, delim byte, atEOF bool) (lines int, known bool) {
	pos, lines := 0, 1
	for pos < len(b) {
		if b[pos] == '"' {
			pos++
			for {
				i := bytes.IndexByte(b[pos:], '"')
				if i < 0 { // to the end of b, whose last line end starts no line
					rest := b[pos:]
					n := countLineBreaks(rest)
					if k := len(rest); k > 0 && (rest[k-1] == '\n' || rest[k-1] == '\r') {
						n--
					}
					return lines + n, atEOF
				}
				lines += countLineBreaks(b[pos : pos+i])
				pos += i + 1
				if pos == len(b) {
					return lines, atEOF
				}
				if c := b[pos]; c == delim || c == '\n' || c == '\r' {
					break
				}
				if b[pos] == '"' {
					pos++
				}
			}
			if b[pos] == delim {
				pos++
				continue
			}
		}
		text, _, _ := lineEnd(b[pos:], true)
		if i := bytes.IndexByte(b[pos:pos+text], delim); i >= 0 {
			pos += i + 1
			continue
		}
		return lines, true
	}
	return lines, atEOF
}

// cellSplitter splits records into cells, reusing its memory.
type cellSplitter struct {
	delim   byte
	refs    []cellRef
	scratch []byte // unquoted copies of quoted cells
}

// cellRef is where a cell's text is: text[from:to] of the record, or
// scratch[from:to] for a quoted cell, which lost its quotes.
type cellRef struct {
	from, to int
	scratch  bool
}

// text returns the cell c of the record whose text is rec.
func (s *cellSplitter) text(rec string, c cellRef) string {
	if c.scratch {
		return string(s.scratch[c.from:c.to])
	}
	return rec[c.from:c.to]
}

// trimEnd returns the length of rec without its own line end.
func trimEnd(rec []byte) int {
	n := len(rec)
	if n > 0 && rec[n-1] == '\n' {
		n--
	}
	if n > 0 && rec[n-1] == '\r' {
		n--
	}
	return n
}

// split splits a well-formed record (its line end included or not) into
// cells. Quoted cells lose their quotes, a doubled quote becomes one, and
// a line break inside becomes "\n".
func (s *cellSplitter) split(rec []byte) []cellRef {
	s.refs = s.refs[:0]
	s.scratch = s.scratch[:0]
	rec = rec[:trimEnd(rec)]
	if bytes.IndexByte(rec, '"') < 0 {
		pos := 0
		for {
			i := bytes.IndexByte(rec[pos:], s.delim)
			if i < 0 {
				s.refs = append(s.refs, cellRef{from: pos, to: len(rec)})
				return s.refs
			}
			s.refs = append(s.refs, cellRef{from: pos, to: pos + i})
			pos += i + 1
		}
	}
	pos := 0
	for {
		if pos < len(rec) && rec[pos] == '"' {
			start := len(s.scratch)
			pos++
			for {
				i := bytes.IndexByte(rec[pos:], '"')
				if i < 0 { // not well formed: keep the rest as it is
					s.scratch = appendLines(s.scratch, rec[pos:])
					s.refs = append(s.refs, cellRef{from: start, to: len(s.scratch), scratch: true})
					return s.refs
				}
				s.scratch = appendLines(s.scratch, rec[pos:pos+i])
				pos += i + 1
				if pos < len(rec) && rec[pos] == '"' {
					s.scratch = append(s.scratch, '"')
					pos++
					continue
				}
				j := pos
				for j < len(rec) && isPad(rec[j], s.delim) {
					j++
				}
				if j == len(rec) || rec[j] == s.delim {
					pos = j
					break
				}
				s.scratch = append(s.scratch, '"') // a stray quote, kept
			}
			s.refs = append(s.refs, cellRef{from: start, to: len(s.scratch), scratch: true})
			if pos == len(rec) {
				return s.refs
			}
			pos++ // the delimiter
			continue
		}
		i := bytes.IndexByte(rec[pos:], s.delim)
		if i < 0 {
			s.refs = append(s.refs, cellRef{from: pos, to: len(rec)})
			return s.refs
		}
		s.refs = append(s.refs, cellRef{from: pos, to: pos + i})
		pos += i + 1
	}
}

// splitLoose splits the first line of a record whose quotes are not well
// formed, taking every quote as text: enough to look at it (a header
// search, a skipped row), never to store it.
func (s *cellSplitter) splitLoose(rec []byte) []cellRef {
	s.refs = s.refs[:0]
	text, _, _ := lineEnd(rec, true)
	pos := 0
	for {
		i := bytes.IndexByte(rec[pos:text], s.delim)
		if i < 0 {
			s.refs = append(s.refs, cellRef{from: pos, to: text})
			return s.refs
		}
		s.refs = append(s.refs, cellRef{from: pos, to: pos + i})
		pos += i + 1
	}
}

// unsafeBytes returns the bytes of s without copying them; they must not
// be written to.
func unsafeBytes(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// appendLines appends b with its line ends ("\r\n", "\r") made "\n".
func appendLines(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		dst = append(dst, '\n')
		b = b[i+1:]
		if len(b) > 0 && b[0] == '\n' {
			b = b[1:]
		}
	}
}

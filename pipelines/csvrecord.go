package pipelines

import "bytes"

// csvFields collects the cells of a record for csvRecord.
type csvFields struct {
	cells   [][]byte
	scratch []byte // unquoted copies of quoted cells
}

// csvRecord finds the record at the start of b, and with f not nil also
// splits it into f.cells, as encoding/csv does with LazyQuotes (which the
// text decoder uses): a cell that starts with a quote runs to a quote
// followed by the delimiter or the end of a line, "" inside it is one
// quote and any other quote is kept; a quote elsewhere is an ordinary
// character; a line feed inside a quoted cell belongs to the cell.
// Carriage returns must all come before line feeds (the fast path checks
// that), and are dropped, as encoding/csv turns \r\n into \n.
//
// n is the length of the record in b, its line feed included. ok is false
// when b ends inside the record and atEOF is false, or when the file ends
// inside a quoted cell (left to the Go path).
func csvRecord(b []byte, delim byte, atEOF bool, f *csvFields) (n int, ok bool) {
	if f != nil {
		f.cells = f.cells[:0]
		f.scratch = f.scratch[:0]
	}
	pos := 0
	lf := -1 // the line feed ending the line at pos, once found (len(b): none)
	for {
		if pos < len(b) && b[pos] == '"' {
			pos++
			start := 0
			if f != nil {
				start = len(f.scratch)
			}
			for {
				i := bytes.IndexByte(b[pos:], '"')
				if i < 0 {
					return 0, false // the record goes on past b, or the file ends in the quote
				}
				if f != nil {
					f.scratch = appendNoCR(f.scratch, b[pos:pos+i])
				}
				pos += i + 1
				c := byte('\n')
				if pos < len(b) {
					c = b[pos]
				} else if !atEOF {
					return 0, false
				}
				if c == '\r' {
					if pos+1 < len(b) {
						c = b[pos+1]
					} else if !atEOF {
						return 0, false
					}
				}
				switch {
				case c == '"' && b[pos] == '"':
					if f != nil {
						f.scratch = append(f.scratch, '"')
					}
					pos++
					continue
				case c == delim && b[pos] == delim:
					if f != nil {
						f.cells = append(f.cells, f.scratch[start:len(f.scratch):len(f.scratch)])
					}
					pos++
				case c == '\n':
					if f != nil {
						f.cells = append(f.cells, f.scratch[start:len(f.scratch):len(f.scratch)])
					}
					if pos < len(b) && b[pos] == '\r' {
						pos++
					}
					if pos < len(b) {
						pos++
					}
					return pos, true
				default: // a quote inside a quoted cell, kept
					if f != nil {
						f.scratch = append(f.scratch, '"')
					}
					continue
				}
				break
			}
			continue
		}
		// An unquoted cell: up to the delimiter or the end of the line.
		if lf < pos {
			if lf = bytes.IndexByte(b[pos:], '\n'); lf >= 0 {
				lf += pos
			} else {
				lf = len(b)
			}
		}
		i := bytes.IndexByte(b[pos:lf], delim)
		if i < 0 && lf < len(b) {
			i = lf - pos
		}
		if i < 0 {
			if !atEOF {
				return 0, false
			}
			if f != nil {
				f.cells = append(f.cells, bytes.TrimSuffix(b[pos:], []byte{'\r'}))
			}
			return len(b), true
		}
		cell := b[pos : pos+i]
		pos += i + 1
		if b[pos-1] == delim {
			if f != nil {
				f.cells = append(f.cells, cell)
			}
			continue
		}
		if f != nil {
			f.cells = append(f.cells, bytes.TrimSuffix(cell, []byte{'\r'}))
		}
		return pos, true
	}
}

// appendNoCR appends b without its carriage returns.
func appendNoCR(dst, b []byte) []byte {
	for {
		i := bytes.IndexByte(b, '\r')
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		b = b[i+1:]
	}
}

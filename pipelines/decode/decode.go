package decode

import (
	"fmt"
	"path/filepath"
	"strings"
	"unicode"
)

// Options controls how a file is decoded. The zero value detects everything.
type Options struct {
	Encoding  string // "" or "auto" = detect; else "utf-8", "gbk", "gb18030", "utf-16le", "utf-16be"
	Sheet     string // XLSX only: read only this sheet; "" = every sheet that has data, in workbook order
	Delimiter rune   // CSV only: 0 = detect among ',', '\t', ';', '|'
}

// Record is one row of a file: its cells as text, with where it came from.
type Record struct {
	Sheet string   // sheet name for XLSX, "" for CSV/TSV
	Line  int      // 1-based: the physical line where a CSV record starts, or the XLSX row number
	Cells []string // trailing empty cells trimmed; never nil for a non-empty row

	// Text files only; zero for workbook rows.
	Lines  int         // physical lines the record spans: more than 1 when a quoted cell holds line breaks
	Fields int         // fields, before trailing blank ones were trimmed from Cells
	Quote  *QuoteError // the record's quotes are not well formed: it is its first line alone
}

// Reader yields a file's records in order. The caller must Close it.
//
// Next returns io.EOF after the last record. Any other error carries the
// file and line (a *LineError) and is final, except one wrapping
// ErrInvalidEncoding, which comes with its record and leaves the Reader
// usable. A Reader is not safe for concurrent use.
type Reader interface {
	Next() (Record, error) // io.EOF after the last record; other errors carry file and line
	Format() string        // "csv", "tsv" or "xlsx"
	Encoding() string      // the encoding used (detected or forced), e.g. "utf-8", "utf-8-bom", "gb18030", "utf-16le"; "xlsx" for workbooks
	// Position reports how far reading has got, for progress: bytes of the
	// file read so far (buffered reading runs a little ahead of the records
	// returned) and the file's size; 0, 0 where it is not known (workbooks).
	Position() (done, total int64)
	Close() error
}

// Open opens path for reading; the format is chosen by the extension, in
// any letter case: .csv, .txt and .tsv are delimited text, .xlsx and .xlsm
// are workbooks, and anything else (including the old binary .xls) is an
// error wrapping ErrUnsupportedFormat that names the file and the supported
// formats. A missing file is an error wrapping fs.ErrNotExist that names
// the path.
//
// A file that cannot be read at all is an *UnreadableError, wrapping
// ErrUnreadable, that names the file and says what to do: a folder, a
// device or pipe, a symbolic-link loop or a file that may not be opened
// (see Stat); for a workbook also one that is empty, is not a zip archive,
// is encrypted or an old .xls under a workbook's name, is cut short, holds
// no workbook part or has a damaged part. A sheet whose XML breaks is
// reported by Next, as a *LineError naming the sheet and the row, wrapping
// ErrUnreadable.
//
// For text, Options.Sheet is ignored; for workbooks, Options.Encoding and
// Options.Delimiter are. With Options.Sheet empty a workbook yields its
// visible sheets in workbook order and skips hidden ones; a sheet named in
// Options.Sheet is read even when hidden, and a name that matches no sheet
// (exactly, else ignoring case) is an error wrapping ErrSheetNotFound that
// lists the sheets there are.
//
// The caller must Close the returned Reader, which closes the file.
func Open(path string, opts Options) (Reader, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".csv", ".txt", ".tsv":
		return openText(path, ext, opts) // with the checks of Stat
	case ".xlsx", ".xlsm":
		return openWorkbook(path, opts)
	default:
		return nil, fmt.Errorf("%s: %w %q (supported: .csv, .tsv, .txt, .xlsx, .xlsm)", path, ErrUnsupportedFormat, ext)
	}
}

// trimCells drops trailing blank cells; a row of blank cells becomes an
// empty, non-nil slice.
func trimCells(cells []string) []string {
	n := len(cells)
	for n > 0 && isBlank(cells[n-1]) {
		n--
	}
	if n == 0 {
		return []string{}
	}
	return cells[:n:n]
}

// isBlank reports whether s is empty or only white space and zero-width
// characters.
func isBlank(s string) bool {
	for _, r := range s {
		switch r {
		case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
			continue
		}
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

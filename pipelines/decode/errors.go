package decode

import (
	"errors"
	"fmt"
)

// ErrUnsupportedFormat is wrapped by the error Open returns for a file whose
// extension names no format this package reads.
var ErrUnsupportedFormat = errors.New("unsupported file format")

// ErrUnknownEncoding is wrapped by the error Open returns when
// Options.Encoding names no supported encoding.
var ErrUnknownEncoding = errors.New("unknown encoding")

// ErrInvalidDelimiter is wrapped by the error Open returns when
// Options.Delimiter cannot separate fields (a quote, a line break, or not a
// valid character).
var ErrInvalidDelimiter = errors.New("invalid delimiter")

// ErrSheetNotFound is wrapped by the error Open returns when Options.Sheet
// names no sheet of the workbook; the message lists the sheets there are.
var ErrSheetNotFound = errors.New("sheet not found")

// ErrInvalidEncoding is wrapped, inside a *LineError, by the error Next
// returns alongside a record that held bytes not valid in the file's
// encoding. Unlike other errors from Next it is not fatal: the record is
// returned with the bad bytes replaced by U+FFFD and the Reader can go on.
var ErrInvalidEncoding = errors.New("invalid bytes for the encoding")

// LineError locates an error in a file: Path, the sheet for a workbook, and
// the 1-based line (the row number in a sheet). Err is the cause.
type LineError struct {
	Path  string
	Sheet string
	Line  int
	Err   error
}

// Error formats the location and the cause, e.g.
// "census.csv line 12: invalid bytes for the encoding gb18030".
func (e *LineError) Error() string {
	if e.Sheet != "" {
		return fmt.Sprintf("%s sheet %q row %d: %v", e.Path, e.Sheet, e.Line, e.Err)
	}
	return fmt.Sprintf("%s line %d: %v", e.Path, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *LineError) Unwrap() error { return e.Err }

// QuoteError marks a record of a text file whose quotes are not well
// formed (see grammar.go): a quote inside a quoted cell that is neither
// doubled nor closing, as in 「"阳光"社区」, a quoted cell the file ends
// inside, or a record spanning lines whose fields do not line up with the
// header. Such a record is its first line alone; the lines after it are
// read as records of their own.
type QuoteError struct {
	Column     int  // 1-based field whose quote is not closed where it should be
	LooseLines int  // physical lines a reader taking stray quotes as text would have read as this one record
	AtLeast    bool // LooseLines is a lower bound: the look-ahead ended first
}

func (e *QuoteError) Error() string {
	more := ""
	if e.AtLeast {
		more = " or more"
	}
	return fmt.Sprintf("the quote in field %d is not closed where it should be (read loosely, %d%s lines would have become one record)", e.Column, e.LooseLines, more)
}

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

package decode

import (
	"errors"
	"fmt"
	"strings"
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

// ErrUnreadable is wrapped by every error for a file that cannot be read
// at all — a folder or a symbolic-link loop where a file should be, a file
// shequ may not open, a workbook that is not a workbook, is encrypted, is
// an old .xls, is cut short or is damaged — so that a caller can tell a bad
// input file (report it, go on with the others) from a failure of the
// machine with errors.Is. The error is an *UnreadableError, alone or
// inside a *LineError when it was found while reading a sheet's rows.
var ErrUnreadable = errors.New("unreadable file")

// Problem says why a file cannot be read at all.
type Problem int

// The problems an *UnreadableError reports.
const (
	ProblemFolder              Problem = iota + 1 // the path is a folder
	ProblemNotRegular                             // a device, pipe or socket
	ProblemSymlinkLoop                            // a symbolic link that leads back to itself (ELOOP)
	ProblemPermission                             // the file may not be opened for reading
	ProblemEmpty                                  // a workbook of 0 bytes
	ProblemNotWorkbook                            // not a zip archive: random bytes, a web page, text
	ProblemEncrypted                              // an encrypted (password-protected) workbook
	ProblemOldExcel                               // an Excel 97-2003 .xls under a workbook's name
	ProblemEncryptedOrOldExcel                    // a compound file that is one of the two above
	ProblemTruncated                              // a zip archive cut short
	ProblemNoWorkbook                             // a zip archive without a workbook part
	ProblemDamaged                                // a part that cannot be decompressed or parsed
	ProblemBrokenSheet                            // a sheet whose XML is broken
)

// problemText holds, for each Problem, what is wrong and what to do.
var problemText = map[Problem][2]string{
	ProblemFolder: {"a folder, not a file",
		"name the files inside it (a pattern such as 2020/*.csv), or rename the folder"},
	ProblemNotRegular: {"not a regular file (a device, pipe or socket)",
		"name the export file itself"},
	ProblemSymlinkLoop: {"a symbolic link that loops back on itself",
		"point the link at the export file, or name the file itself"},
	ProblemPermission: {"cannot be opened for reading",
		"give the user that runs shequ read access to the file, or copy it to a folder that user can read"},
	ProblemEmpty: {"empty (0 bytes), not an Excel workbook",
		"send the workbook again: an interrupted download or copy leaves an empty file"},
	ProblemNotWorkbook: {"not an Excel workbook, not even a zip archive as every .xlsx file is",
		"open it in Excel or WPS and save it as Excel Workbook (.xlsx), or export the table again as .xlsx or .csv"},
	ProblemEncrypted: {"an encrypted (password-protected) workbook",
		"open it in Excel, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save it and send it again"},
	ProblemOldExcel: {"an old Excel 97-2003 workbook (.xls) with a workbook's name",
		"open it in Excel or WPS, save it as Excel Workbook (.xlsx) and send it again"},
	ProblemEncryptedOrOldExcel: {"encrypted (password-protected), or an old Excel 97-2003 .xls",
		"remove the password, or save it as Excel Workbook (.xlsx), and send it again"},
	ProblemTruncated: {"an incomplete workbook: the file is cut short",
		"send the file again (an interrupted download or copy cuts a file short)"},
	ProblemNoWorkbook: {"a zip archive but not an Excel workbook: it has no workbook part",
		"send the table as an Excel workbook (.xlsx) or as .csv"},
	ProblemDamaged: {"a damaged workbook",
		"open it in Excel or WPS (which may repair it), save it again as .xlsx and send it again"},
	ProblemBrokenSheet: {"the sheet is damaged: its XML is broken",
		"open the workbook in Excel or WPS (which may repair it), save it again as .xlsx and send it again"},
}

// String says what the problem is, e.g. "an encrypted (password-protected)
// workbook".
func (p Problem) String() string {
	if text, ok := problemText[p]; ok {
		return text[0]
	}
	return fmt.Sprintf("problem %d", int(p))
}

// UnreadableError reports a file that cannot be read at all: which, what
// is wrong with it and what to do. It matches ErrUnreadable with errors.Is,
// and unwraps to its cause (for a file shequ may not open, an error
// matching fs.ErrPermission).
type UnreadableError struct {
	Path    string  // the file; "" inside a *LineError, which says where (file, sheet, row)
	Problem Problem // what is wrong
	Err     error   // the cause, or nil
}

// Error formats the file, the problem, its cause and what to do, e.g.
// "census.xlsx: an encrypted (password-protected) workbook: open it in
// Excel, remove the password (…), save it and send it again".
func (e *UnreadableError) Error() string {
	var b strings.Builder
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem.String())
	if e.Err != nil {
		fmt.Fprintf(&b, " (%v)", e.Err)
	}
	if text, ok := problemText[e.Problem]; ok {
		b.WriteString(": ")
		b.WriteString(text[1])
	}
	return b.String()
}

// Is reports whether target is ErrUnreadable.
func (e *UnreadableError) Is(target error) bool { return target == ErrUnreadable }

// Unwrap returns the cause.
func (e *UnreadableError) Unwrap() error { return e.Err }

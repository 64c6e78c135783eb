package pipelines

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNoHeader reports a file in which no row carries the required headers.
var ErrNoHeader = errors.New("no header row found")

// ErrUnreconciled reports a file whose counts do not add up. It means a bug
// in shequ, never bad input: the run stops rather than publish such a file.
var ErrUnreconciled = errors.New("row counts do not reconcile")

// ErrNoPIIKey reports a file with an identifier column (pii: hash) read
// without a usable key (Ingester.PIIKey empty or shorter than MinPIIKeyLen):
// the file is refused rather than have identifiers stored in clear or
// under a guessable key.
var ErrNoPIIKey = errors.New("no key for personal data")

// ErrBadArea reports an Input.Area that is not a district or street code.
var ErrBadArea = errors.New("bad area")

// HeaderError reports a file whose header lacks required columns, maps
// two headers to one column, or names a unit that contradicts the schema.
// It lists what was expected and what was found.
type HeaderError struct {
	File     string
	Sheet    string // workbooks: the sheet of the header
	Line     int
	Missing  []string // required columns not found, as "name (alias, alias…)"
	Twice    []string // columns that two headers map to
	Units    []string // headers whose unit contradicts the schema, each with what to do
	Found    []string // the header cells as they are in the file
	Expected []string // every declared column
}

func (e *HeaderError) Error() string {
	var b strings.Builder
	where := fmt.Sprintf("%s line %d", e.File, e.Line)
	if e.Sheet != "" {
		where = fmt.Sprintf("%s sheet %q row %d", e.File, e.Sheet, e.Line)
	}
	fmt.Fprintf(&b, "%s: header does not match the source", where)
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "\n  missing required columns: %s", strings.Join(e.Missing, "; "))
	}
	if len(e.Twice) > 0 {
		fmt.Fprintf(&b, "\n  more than one header for: %s", strings.Join(e.Twice, "; "))
	}
	if len(e.Units) > 0 {
		fmt.Fprintf(&b, "\n  units that contradict the schema: %s", strings.Join(e.Units, "; "))
	}
	fmt.Fprintf(&b, "\n  found: %s\n  expected columns: %s", strings.Join(e.Found, " | "), strings.Join(e.Expected, ", "))
	if len(e.Missing) > 0 || len(e.Twice) > 0 {
		b.WriteString("\n  rename the headers in the file, or add the spelling to the aliases in schemas/")
	}
	return b.String()
}

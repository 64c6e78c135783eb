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

// HeaderError reports a file whose header lacks required columns, or maps
// two headers to one column. It lists what was expected and what was found.
type HeaderError struct {
	File     string
	Line     int
	Missing  []string // required columns not found, as "name (alias, alias…)"
	Twice    []string // columns that two headers map to
	Found    []string // the header cells as they are in the file
	Expected []string // every declared column
}

func (e *HeaderError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s line %d: header does not match the source", e.File, e.Line)
	if len(e.Missing) > 0 {
		fmt.Fprintf(&b, "\n  missing required columns: %s", strings.Join(e.Missing, "; "))
	}
	if len(e.Twice) > 0 {
		fmt.Fprintf(&b, "\n  more than one header for: %s", strings.Join(e.Twice, "; "))
	}
	fmt.Fprintf(&b, "\n  found: %s\n  expected columns: %s", strings.Join(e.Found, " | "), strings.Join(e.Expected, ", "))
	b.WriteString("\n  rename the headers in the file, or add the spelling to the aliases in schemas/")
	return b.String()
}

package values

import "fmt"

// ParseError is returned by ParseInt, ParseFloat and ParseDate when a cell is
// not a value of the expected kind. Kind is "integer", "number" or "date";
// Value is the offending text exactly as given; Reason says what is wrong
// with it in a few lowercase words.
type ParseError struct {
	Kind, Value, Reason string
}

// Error formats the error as: invalid integer "1,2,3": misplaced thousands separator.
func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Value, e.Reason)
}

// Kinds reported in ParseError.Kind.
const (
	KindInteger = "integer"
	KindNumber  = "number"
	KindDate    = "date"
)

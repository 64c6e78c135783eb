package indicators

import (
	"errors"
	"strings"
)

// ErrUnknownIndicator reports an indicator id that no file declares.
var ErrUnknownIndicator = errors.New("unknown indicator")

// ErrDuplicateRows reports an indicator that came out with two rows for one
// community and period, or with a row for a community outside the
// register. No input can cause it (the build quarantines repeated keys), so
// it is a bug check: a declaration that joins an input with several rows
// per community without aggregating them.
var ErrDuplicateRows = errors.New("more than one row per community and period")

// DeclarationError lists every problem found in the indicator files.
type DeclarationError struct {
	Problems []string
}

func (e *DeclarationError) Error() string {
	return "invalid indicator declarations:\n  " + strings.Join(e.Problems, "\n  ")
}

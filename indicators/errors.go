package indicators

import (
	"errors"
	"strings"
)

// ErrUnknownIndicator reports an indicator id that no file declares.
var ErrUnknownIndicator = errors.New("unknown indicator")

// ErrDuplicateRows reports an indicator that came out with two rows for one
// community and period.
var ErrDuplicateRows = errors.New("more than one row per community and period")

// DeclarationError lists every problem found in the indicator files.
type DeclarationError struct {
	Problems []string
}

func (e *DeclarationError) Error() string {
	return "invalid indicator declarations:\n  " + strings.Join(e.Problems, "\n  ")
}

package schemas

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownSource reports a source name that no schema declares.
var ErrUnknownSource = errors.New("unknown source")

// DeclarationError lists every problem found in the schema files.
type DeclarationError struct {
	Problems []string // each "file: what is wrong"
}

func (e *DeclarationError) Error() string {
	return "invalid schema declarations:\n  " + strings.Join(e.Problems, "\n  ")
}

func (e *DeclarationError) add(file, format string, args ...any) {
	e.Problems = append(e.Problems, file+": "+fmt.Sprintf(format, args...))
}

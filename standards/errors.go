package standards

import (
	"errors"
	"strings"
)

// Error lists every problem of one plan file.
type Error struct {
	File     string
	Problems []string
}

func (e *Error) Error() string {
	return e.File + ": invalid plan:\n  " + strings.Join(e.Problems, "\n  ")
}

// ErrNoExample is returned for a name that is not in examples/.
var ErrNoExample = errors.New("no such example plan")

package config

import "strings"

// Error lists every problem found in a configuration file.
type Error struct {
	File     string
	Problems []string
}

func (e *Error) Error() string {
	return e.File + ": invalid configuration:\n  " + strings.Join(e.Problems, "\n  ")
}

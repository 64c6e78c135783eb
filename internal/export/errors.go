package export

import "fmt"

// TypeError reports a column whose type a format cannot hold (an INTERVAL
// or UNION in Parquet, for instance).
type TypeError struct {
	Column string
	Type   string // the Arrow type
	Format string
	Err    error // the writer's own error, if any
}

func (e *TypeError) Error() string {
	msg := fmt.Sprintf("column %q (%s) cannot be written as %s: cast it in the query, e.g. %q::VARCHAR", e.Column, e.Type, e.Format, e.Column)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *TypeError) Unwrap() error { return e.Err }

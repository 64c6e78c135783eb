package batch

import (
	"errors"
	"fmt"
	"strings"
)

// InputsError reports input files that could not be ingested as a whole
// (missing, unreadable, header not recognised). The other files of the run
// were ingested; these keep whatever they contributed before.
type InputsError struct {
	Failed []FailedInput
}

// FailedInput is one input that could not be ingested.
type FailedInput struct {
	Source, Period, Path string
	Err                  error
}

func (e *InputsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d input file(s) could not be ingested:", len(e.Failed))
	for _, f := range e.Failed {
		fmt.Fprintf(&b, "\n  [%s %s] %v", f.Source, f.Period, f.Err)
	}
	return b.String()
}

// Unwrap returns the causes, so errors.Is and errors.As see them.
func (e *InputsError) Unwrap() []error {
	var out []error
	for _, f := range e.Failed {
		out = append(out, f.Err)
	}
	return out
}

// PatternError reports a configured file pattern that matches no file.
type PatternError struct {
	Where, Pattern string
}

func (e *PatternError) Error() string {
	return fmt.Sprintf("%s: no file matches %q (check the path; patterns are relative to the config file)", e.Where, e.Pattern)
}

// ErrBadPeriod reports a period that is not a year or a year and month.
var ErrBadPeriod = errors.New("bad period")

// ReportsError reports workbooks or HTML reports that a run could not
// write after it had committed its database: the database is the run's,
// and `shequ report` writes a period's files again.
type ReportsError struct {
	RunID, Warehouse string
	Periods          []string // of the database
	Err              error
}

func (e *ReportsError) Error() string {
	return fmt.Sprintf("reports: %v (the database of run %s is committed; once the cause is fixed, write the reports with `shequ report --warehouse %s --period P` for P in %s)",
		e.Err, e.RunID, e.Warehouse, strings.Join(e.Periods, ", "))
}

// Unwrap returns the cause.
func (e *ReportsError) Unwrap() error { return e.Err }

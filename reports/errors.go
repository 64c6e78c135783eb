package reports

import "errors"

// ErrUnknownPeriod means the warehouse has no communities for the period
// asked for (or the period is not a plain name).
var ErrUnknownPeriod = errors.New("no such period in the warehouse")

// ErrBadLang means a language other than zh or en was asked for.
var ErrBadLang = errors.New("unknown report language")

// ErrNoOutDir means Options.OutDir was empty.
var ErrNoOutDir = errors.New("no output folder given")

// ErrNotBuilt means shequ.duckdb lacks a table every report needs: it was
// not built by `shequ build`, or by an older shequ.
var ErrNotBuilt = errors.New("the database is not a complete shequ build")

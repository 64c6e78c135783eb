package warehouse

import "errors"

// ErrNotWarehouse reports a folder that exists but is not a shequ warehouse.
var ErrNotWarehouse = errors.New("not a shequ warehouse")

// ErrNoWarehouse reports a warehouse folder that does not exist.
var ErrNoWarehouse = errors.New("no warehouse here")

// ErrLocked reports that another shequ run holds the warehouse lock.
var ErrLocked = errors.New("warehouse is in use by another shequ run")

// ErrFileAccess explains a query refused by a Reader's sandbox because it
// named a file.
var ErrFileAccess = errors.New("shequ query reads only the tables in shequ.duckdb, no files: " +
	"the tables hold everything the warehouse's Parquet does; to read the Parquet itself, " +
	"open it with DuckDB, Python or R (see README)")

// StatementError reports a query a Reader refuses to run: anything but
// one SELECT statement.
type StatementError struct {
	// Kind names the refused statement (COPY, ATTACH, SET/RESET/USE, …);
	// it is "" when the query is none or more than one statement.
	Kind string
}

func (e *StatementError) Error() string {
	const what = "shequ query runs one SELECT statement (or FROM, WITH, VALUES, DESCRIBE, SHOW, SUMMARIZE) " +
		"that reads the tables of shequ.duckdb, and nothing that writes, attaches, loads or changes settings"
	if e.Kind == "" {
		return "the query is not exactly one statement: " + what
	}
	return e.Kind + " statement refused: " + what
}

// QueryError reports a query DuckDB could not run as written (see
// Reader and Explain).
type QueryError struct{ Err error }

func (e *QueryError) Error() string { return "query: " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

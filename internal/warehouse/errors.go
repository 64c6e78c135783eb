package warehouse

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotWarehouse reports a folder that exists but is not a shequ warehouse.
var ErrNotWarehouse = errors.New("not a shequ warehouse")

// ErrNoWarehouse reports a warehouse folder that does not exist.
var ErrNoWarehouse = errors.New("no warehouse here")

// ErrLocked reports that another shequ run holds the warehouse lock.
var ErrLocked = errors.New("warehouse is in use by another shequ run")

// What differs between a published Parquet file and its manifest
// (Difference.What).
const (
	DiffMissing    = "missing"    // the file is not there
	DiffSize       = "size"       // its size in bytes
	DiffChecksum   = "checksum"   // its content (XXH3-128), at the same size
	DiffRows       = "rows"       // the row count in its footer
	DiffUnreadable = "unreadable" // its footer cannot be read as Parquet
)

// Difference is one way in which a published Parquet file differs from its
// manifest: What (a Diff constant), what the file has (Got) and what the
// manifest records (Want).
type Difference struct {
	What, Got, Want string
}

func (d Difference) String() string {
	switch d.What {
	case DiffMissing:
		return fmt.Sprintf("the file is missing (the manifest counts %s rows in it)", d.Want)
	case DiffSize:
		return fmt.Sprintf("size %s bytes, the manifest records %s", d.Got, d.Want)
	case DiffChecksum:
		return fmt.Sprintf("checksum (XXH3-128) %.12s…, the manifest records %.12s…", d.Got, d.Want)
	case DiffRows:
		return fmt.Sprintf("%s rows in its footer, the manifest counts %s", d.Got, d.Want)
	case DiffUnreadable:
		return "not a readable Parquet file (" + d.Got + ")"
	}
	return d.What + " " + d.Got + ", the manifest records " + d.Want
}

// IntegrityError reports a published Parquet file (raw or quarantine) that
// does not match the manifest of the input it came from: changed, cut short
// or deleted after shequ wrote it. The input must be ingested again.
type IntegrityError struct {
	Warehouse   string       // the warehouse folder
	Source      string       // the input's source,
	Period      string       // period,
	File        string       // base name
	Path        string       // and path as it was ingested
	Target      string       // the Parquet file, relative to the warehouse
	Differences []Difference // at least one
}

func (e *IntegrityError) Error() string {
	var diffs []string
	for _, d := range e.Differences {
		diffs = append(diffs, d.String())
	}
	return fmt.Sprintf("%s (%s %s, from %s): %s; the file was changed, cut short or deleted after shequ wrote it: ingest %s again "+
		"(`shequ run` does so by itself for the files its configuration lists, or `shequ ingest --warehouse %s --source %s --period %s %s`)",
		e.Target, e.Source, e.Period, e.Path, strings.Join(diffs, "; "), e.File, e.Warehouse, e.Source, e.Period, e.Path)
}

// CheckError lists every published Parquet file found not to match its
// manifest. errors.As finds each *IntegrityError in it.
type CheckError struct {
	Files []*IntegrityError
}

func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d Parquet file(s) of the warehouse do not match their manifests:", len(e.Files))
	for _, f := range e.Files {
		b.WriteString("\n  " + f.Error())
	}
	return b.String()
}

// Unwrap returns the files' errors.
func (e *CheckError) Unwrap() []error {
	out := make([]error, len(e.Files))
	for i, f := range e.Files {
		out[i] = f
	}
	return out
}

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

package build

import (
	"errors"
	"strings"
)

// ErrNoCommunities reports a warehouse with no community register: the
// indicators have no communities to be computed for.
var ErrNoCommunities = errors.New("no community register ingested")

// ErrOlderParquet reports a raw Parquet file that lacks a required or a
// lineage column of its source's table: it was written before the column
// was declared, and its export must be ingested again (selectList).
var ErrOlderParquet = errors.New("raw Parquet written before a required column was declared")

// ErrUndeclaredTable reports a table or column the build writes that
// schemas/tables.go does not declare: a bug in shequ, never in the input.
var ErrUndeclaredTable = errors.New("not declared")

// ShapeError reports a table of a finished build whose columns are not
// the declared ones (schemas.Set.Tables), a table made but not declared,
// or one declared but not made: a bug in shequ (a CREATE TABLE AS SELECT
// and its declaration out of step), never in the input. The build
// publishes nothing.
type ShapeError struct {
	Table       string
	Differences []string // each what differs: "column rank is INTEGER, declared BIGINT"
}

func (e *ShapeError) Error() string {
	return "table " + e.Table + " is not as declared in schemas/tables.go: " + strings.Join(e.Differences, "; ") +
		" (a bug in shequ: please report it)"
}

// ErrUnknownIndicator reports a plan target for an indicator shequ does
// not have.
var ErrUnknownIndicator = errors.New("unknown indicator")

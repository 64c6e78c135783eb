package main

import (
	"errors"
	"io/fs"

	"shequ/indicators"
	"shequ/internal/batch"
	"shequ/internal/build"
	"shequ/internal/config"
	"shequ/internal/export"
	"shequ/internal/warehouse"
	"shequ/pipelines"
	"shequ/pipelines/decode"
	"shequ/schemas"
	"shequ/standards"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1 // I/O or internal failure
	exitUsage    = 2 // bad command line
	exitBadInput = 3 // a file, config or warehouse that shequ cannot take as it is (a Parquet file changed after shequ wrote it, too)
	exitLocked   = 4 // another run holds the warehouse
)

// usageError marks a bad command line.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// inputError marks bad input found by a command itself.
type inputError struct{ err error }

func (e *inputError) Error() string { return e.err.Error() }
func (e *inputError) Unwrap() error { return e.err }

// exitCode maps an error to the exit code a script can act on.
func exitCode(err error) int {
	var ue *usageError
	var ie *inputError
	var ce *config.Error
	var he *pipelines.HeaderError
	var le *decode.LineError
	var bi *batch.InputsError
	var bc *batch.ConfigInputsError
	var we *warehouse.IntegrityError
	var qe *warehouse.QueryError
	var se *warehouse.StatementError
	var te *export.TypeError
	var pe *standards.Error
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, warehouse.ErrLocked):
		return exitLocked
	case errors.As(err, &ie), errors.As(err, &ce), errors.As(err, &he), errors.As(err, &le), errors.As(err, &bi), errors.As(err, &bc), errors.As(err, &we),
		errors.As(err, &qe), errors.As(err, &se), errors.As(err, &te),
		errors.Is(err, fs.ErrNotExist),
		errors.Is(err, schemas.ErrUnknownSource),
		errors.Is(err, indicators.ErrUnknownIndicator),
		errors.Is(err, warehouse.ErrNotWarehouse),
		errors.Is(err, warehouse.ErrNoWarehouse),
		errors.Is(err, pipelines.ErrNoHeader),
		errors.Is(err, decode.ErrUnsupportedFormat),
		errors.Is(err, decode.ErrUnreadable),
		errors.Is(err, decode.ErrSheetNotFound),
		errors.Is(err, decode.ErrUnknownEncoding),
		errors.Is(err, build.ErrNoCommunities),
		errors.Is(err, build.ErrUnknownIndicator),
		errors.As(err, &pe),
		errors.Is(err, batch.ErrBadPeriod),
		errors.Is(err, pipelines.ErrNoPIIKey):
		return exitBadInput
	}
	return exitFailure
}

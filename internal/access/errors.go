package access

import (
	"errors"
	"fmt"
)

// The causes of an input error. Every error returned by this package wraps
// one of them (usually inside an *InputError that names the offending
// element); match them with errors.Is, never by comparing messages.
var (
	// ErrNotFinite means a coordinate, weight or cost was NaN or ±Inf.
	ErrNotFinite = errors.New("not a finite number")

	// ErrCoordinate means a latitude was outside [-90, 90] or a longitude
	// outside [-180, 180] degrees.
	ErrCoordinate = errors.New("coordinate out of range")

	// ErrNegative means a demand, supply or point weight, or a cost, was
	// below 0.
	ErrNegative = errors.New("negative value")

	// ErrCostIndex means a Cost named a demand or supply index outside the
	// slices it was given with.
	ErrCostIndex = errors.New("cost index out of range")

	// ErrDuplicateCost means two Costs named the same demand–supply pair,
	// which would count that pair twice.
	ErrDuplicateCost = errors.New("duplicate cost pair")

	// ErrParameter means a parameter (catchment, maximum cost or radius, or
	// the weight function) was missing or out of range.
	ErrParameter = errors.New("invalid parameter")

	// ErrWeight means the distance-decay weight function returned NaN, ±Inf
	// or a negative number for a pair inside the catchment (Inverse at a
	// distance of 0 does that).
	ErrWeight = errors.New("invalid distance weight")
)

// InputError locates an invalid element of an input slice: Field is
// "demand", "supply" or "costs" and Index its 0-based position there. Err
// says what is wrong and wraps one of the sentinel errors above, so both
// errors.As (for the position) and errors.Is (for the cause) work on it.
type InputError struct {
	// Field names the input slice: "demand", "supply" or "costs".
	Field string
	// Index is the 0-based position of the element in that slice.
	Index int
	// Err is the cause; it wraps one of the package's sentinel errors.
	Err error
}

// Error returns the location and the cause, e.g. "demand[3]: latitude 95
// outside [-90, 90]: coordinate out of range".
func (e *InputError) Error() string {
	return fmt.Sprintf("%s[%d]: %v", e.Field, e.Index, e.Err)
}

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

package inequality

import "errors"

// The causes of an undefined measure. A Result that is not Valid carries one
// of them, usually wrapped with details, in Result.Err; match it with
// errors.Is, never by comparing Result.Reason.
var (
	// ErrNoObservations means the input slice was empty.
	ErrNoObservations = errors.New("no observations")

	// ErrNotFinite means an input value or weight was NaN or ±Inf.
	ErrNotFinite = errors.New("not a finite number")

	// ErrNegativeValue means an input value was below 0; the measures assume
	// non-negative service levels.
	ErrNegativeValue = errors.New("negative value")

	// ErrNegativeWeight means an input weight (population) was below 0.
	ErrNegativeWeight = errors.New("negative weight")

	// ErrZeroTotalWeight means every weight was 0, so a population-weighted
	// measure has nothing to weight.
	ErrZeroTotalWeight = errors.New("total weight is 0")

	// ErrZeroTotal means every value that counts was 0, so shares of the total
	// (and the mean in a denominator) are undefined.
	ErrZeroTotal = errors.New("total is 0")

	// ErrZeroValue means a measure that takes logarithms or divides by a value
	// (MLD, Atkinson with ε ≥ 1, ratios) met a value of 0.
	ErrZeroValue = errors.New("zero value")

	// ErrTooFew means the measure needs more observations than were given.
	ErrTooFew = errors.New("fewer than 2 observations")

	// ErrNoGroups means a decomposition was asked for but no observation had
	// a group label.
	ErrNoGroups = errors.New("no groups")

	// ErrMissingGroup means some observations had a group label and another
	// did not, so the decomposition would silently pool the unlabelled ones.
	ErrMissingGroup = errors.New("missing group label")

	// ErrParameter means a parameter (Atkinson ε, a standard) was out of range.
	ErrParameter = errors.New("invalid parameter")

	// ErrNumeric means float64 cannot carry the computation: a result would
	// have been NaN or ±Inf, or the values or weights of a weighted measure
	// span so many orders of magnitude that its sums would underflow.
	ErrNumeric = errors.New("numeric overflow or underflow")
)

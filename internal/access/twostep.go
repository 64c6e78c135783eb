package access

import (
	"fmt"
	"math"
)

// Cost is the travel cost D from demand location I to supply location J
// (0-based indices into the demand and supply slices of TwoStepCosts). In
// PySAL access terms, I is the cost_origin column (where the users live) and
// J the cost_dest column (where the service is). A pair without a Cost is
// unreachable, as if its cost were above every catchment.
type Cost struct {
	// I is the index of the demand location (origin).
	I int
	// J is the index of the supply location (destination).
	J int
	// D is the cost from I to J: metres, minutes or any unit, as long as
	// maxCost and the weight function use the same one.
	D float64
}

// TwoStepCosts returns the two-step floating catchment (2SFCA) accessibility
// of every demand location over explicit costs, with the same weight w in
// both steps (E2SFCA / Dai 2010 when w decays; the classic 2SFCA when w is
// Uniform):
//
//	R_j = S_j / Σ_k P_k·W(d_kj)   over costs with d_kj ≤ maxCost
//	A_i = Σ_j R_j·W(d_ij)         over costs with d_ij ≤ maxCost
//
// demand holds P (residents), supply holds S (floor area, staff, doctors)
// and the result, one value per demand location, is supply per unit of
// demand. The bound is inclusive: a cost exactly equal to maxCost counts.
// maxCost may be +Inf (every listed pair counts). A supply whose weighted
// demand Σ_k P_k·W(d_kj) is 0 gets R_j = 0: nobody can use it, so it adds
// nothing to any A_i (PySAL divides by zero there and yields Inf or NaN).
//
// Errors, each an *InputError naming the element or a wrapped ErrParameter:
// a NaN, infinite or negative demand, supply or cost; a Cost index out of
// range (ErrCostIndex); the same (I, J) twice (ErrDuplicateCost); a NaN or
// negative maxCost or a nil w (ErrParameter); w returning NaN, ±Inf or a
// negative number for a pair within maxCost (ErrWeight).
func TwoStepCosts(demand []float64, supply []float64, costs []Cost, maxCost float64, w func(float64) float64) ([]float64, error) {
	if !(maxCost >= 0) {
		return nil, fmt.Errorf("maximum cost %g: %w", maxCost, ErrParameter)
	}
	if w == nil {
		return nil, fmt.Errorf("nil weight function: %w", ErrParameter)
	}
	if err := checkAmounts("demand", demand); err != nil {
		return nil, err
	}
	if err := checkAmounts("supply", supply); err != nil {
		return nil, err
	}
	seen := make(map[[2]int]int, len(costs))
	for k, c := range costs {
		switch {
		case c.I < 0 || c.I >= len(demand):
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("demand index %d with %d demand locations: %w", c.I, len(demand), ErrCostIndex)}
		case c.J < 0 || c.J >= len(supply):
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("supply index %d with %d supply locations: %w", c.J, len(supply), ErrCostIndex)}
		case math.IsNaN(c.D) || math.IsInf(c.D, 0):
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("cost %g: %w", c.D, ErrNotFinite)}
		case c.D < 0:
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("cost %g: %w", c.D, ErrNegative)}
		}
		pair := [2]int{c.I, c.J}
		if first, dup := seen[pair]; dup {
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("pair (%d, %d) already at costs[%d]: %w", c.I, c.J, first, ErrDuplicateCost)}
		}
		seen[pair] = k
	}

	// Weights of the pairs inside the catchment, computed once so that both
	// steps see the same value; NaN marks a pair outside it.
	weight := make([]float64, len(costs))
	load := make([]float64, len(supply))
	for k, c := range costs {
		if !(c.D <= maxCost) {
			weight[k] = math.NaN()
			continue
		}
		v := w(c.D)
		if !validWeight(v) {
			return nil, &InputError{Field: "costs", Index: k, Err: fmt.Errorf("weight %g at cost %g: %w", v, c.D, ErrWeight)}
		}
		weight[k] = v
		load[c.J] += demand[c.I] * v
	}
	ratio := make([]float64, len(supply))
	for j, s := range supply {
		if load[j] > 0 {
			ratio[j] = s / load[j]
		}
	}
	out := make([]float64, len(demand))
	for k, c := range costs {
		if v := weight[k]; !math.IsNaN(v) {
			out[c.I] += ratio[c.J] * v
		}
	}
	return out, nil
}

// checkAmounts reports the first NaN, infinite or negative amount.
func checkAmounts(field string, xs []float64) error {
	for i, x := range xs {
		if err := checkAmount("value", x); err != nil {
			return &InputError{Field: field, Index: i, Err: err}
		}
	}
	return nil
}

// checkAmount reports whether x, called what in the message, is a finite
// number ≥ 0.
func checkAmount(what string, x float64) error {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return fmt.Errorf("%s %g: %w", what, x, ErrNotFinite)
	case x < 0:
		return fmt.Errorf("%s %g: %w", what, x, ErrNegative)
	}
	return nil
}

// validWeight reports whether a distance weight is finite and ≥ 0.
func validWeight(v float64) bool { return v >= 0 && !math.IsInf(v, 1) }

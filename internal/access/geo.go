package access

import (
	"context"
	"fmt"
	"math"
)

// ctxEvery is how many demand points the long loops handle between checks
// of ctx.Err().
const ctxEvery = 1024

// nearestCellMax caps the cell size NearestDistances uses, in metres, so
// that an unbounded search does not start from continent-sized cells.
const nearestCellMax = 5000.0

// TwoStep returns the two-step floating catchment (2SFCA) accessibility of
// every demand point to the supply points, by walking (straight-line
// Haversine) distance in metres:
//
//	R_j = S_j / Σ_k P_k·W(d_kj)   over demand k with d_kj ≤ catchment
//	A_i = Σ_j R_j·W(d_ij)         over supply j with d_ij ≤ catchment
//
// P is demand[k].Weight (residents), S is supply[j].Weight (floor area or
// staff), W is w applied to the distance in metres, the same in both steps,
// and the result A_i is supply per resident (e.g. m² per resident). The
// catchment bound is inclusive and may be +Inf. A supply point with no
// weighted demand in its catchment gets R_j = 0 and adds nothing to anyone.
// Candidate pairs come from an Index over supply with cells of catchment
// metres, so the cost grows with the number of pairs inside the catchment,
// not with len(demand)·len(supply); the result equals TwoStepCosts over all
// pairs with Haversine costs, up to the order of floating-point sums.
//
// Errors: an *InputError naming the first demand or supply point with a
// NaN or out-of-range coordinate (ErrNotFinite, ErrCoordinate) or a NaN,
// infinite or negative weight (ErrNotFinite, ErrNegative); a NaN or
// negative catchment or a nil w (ErrParameter); w returning NaN, ±Inf or a
// negative number inside the catchment (ErrWeight, in an *InputError naming
// the demand point); ctx's error if it is cancelled (checked every 1024
// demand points).
func TwoStep(ctx context.Context, demand, supply []Point, catchment float64, w func(float64) float64) ([]float64, error) {
	out, err := TwoStepWeights(ctx, demand, supply, catchment, w)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// TwoStepWeights is TwoStep for several weight functions at once: the
// catchment searches, which cost the most, are done once and every weight
// is applied to what they find. out[k] is the accessibility under ws[k].
func TwoStepWeights(ctx context.Context, demand, supply []Point, catchment float64, ws ...func(float64) float64) ([][]float64, error) {
	if !(catchment >= 0) {
		return nil, fmt.Errorf("catchment %g m: %w", catchment, ErrParameter)
	}
	if len(ws) == 0 {
		return nil, fmt.Errorf("no weight function: %w", ErrParameter)
	}
	for _, w := range ws {
		if w == nil {
			return nil, fmt.Errorf("nil weight function: %w", ErrParameter)
		}
	}
	if err := checkPoints("demand", demand); err != nil {
		return nil, err
	}
	if err := checkPoints("supply", supply); err != nil {
		return nil, err
	}
	ix := NewIndex(supply, catchment)

	// Step 1: weighted demand in each supply point's catchment. The loop
	// runs over demand in order, so every load_j is summed in the same
	// order as a brute-force scan.
	load := make([][]float64, len(ws))
	for k := range ws {
		load[k] = make([]float64, len(supply))
	}
	for i, p := range demand {
		if err := checkCtx(ctx, i); err != nil {
			return nil, err
		}
		if p.Weight == 0 {
			continue // adds exactly 0 to every load
		}
		var werr error
		ix.Within(p.Lat, p.Lon, catchment, func(j int, d float64) {
			if werr != nil {
				return
			}
			for k, w := range ws {
				v := w(d)
				if !validWeight(v) {
					werr = weightError(i, j, d, v)
					return
				}
				load[k][j] += p.Weight * v
			}
		})
		if werr != nil {
			return nil, werr
		}
	}
	ratio := make([][]float64, len(ws))
	for k := range ws {
		ratio[k] = make([]float64, len(supply))
		for j, s := range supply {
			if load[k][j] > 0 {
				ratio[k][j] = s.Weight / load[k][j]
			}
		}
	}

	// Step 2: sum the ratios reachable from each demand point.
	out := make([][]float64, len(ws))
	for k := range ws {
		out[k] = make([]float64, len(demand))
	}
	sums := make([]float64, len(ws))
	for i, p := range demand {
		if err := checkCtx(ctx, i); err != nil {
			return nil, err
		}
		clear(sums)
		var werr error
		ix.Within(p.Lat, p.Lon, catchment, func(j int, d float64) {
			if werr != nil {
				return
			}
			for k, w := range ws {
				v := w(d)
				if !validWeight(v) {
					werr = weightError(i, j, d, v)
					return
				}
				sums[k] += ratio[k][j] * v
			}
		})
		if werr != nil {
			return nil, werr
		}
		for k := range ws {
			out[k][i] = sums[k]
		}
	}
	return out, nil
}

// NearestDistances returns, for every demand point, the Haversine distance
// in metres to the nearest supply point, or +Inf when no supply point lies
// within maxRadius metres (inclusive; maxRadius may be +Inf). Weights are
// not used but are validated like coordinates. The search uses an Index
// with cells of maxRadius metres, at most 5 km.
//
// Errors: an *InputError naming the first invalid demand or supply point
// (see TwoStep); a NaN or negative maxRadius (ErrParameter); ctx's error if
// it is cancelled (checked every 1024 demand points).
func NearestDistances(ctx context.Context, demand, supply []Point, maxRadius float64) ([]float64, error) {
	if !(maxRadius >= 0) {
		return nil, fmt.Errorf("maximum radius %g m: %w", maxRadius, ErrParameter)
	}
	if err := checkPoints("demand", demand); err != nil {
		return nil, err
	}
	if err := checkPoints("supply", supply); err != nil {
		return nil, err
	}
	ix := NewIndex(supply, math.Min(maxRadius, nearestCellMax))
	out := make([]float64, len(demand))
	for i, p := range demand {
		if err := checkCtx(ctx, i); err != nil {
			return nil, err
		}
		_, out[i], _ = ix.Nearest(p.Lat, p.Lon, maxRadius)
	}
	return out, nil
}

// ShareWithin returns the demand-weighted share of demand points whose
// distance dist[i] (metres, e.g. from NearestDistances) is at most radius
// (inclusive): Σ_{dist_i ≤ radius} P_i / Σ P_i, in [0, 1]. A +Inf distance
// is never within. It returns NaN when len(dist) ≠ len(demand), when a
// weight is NaN, infinite or negative, or when the total weight is 0 (no
// residents, share undefined).
func ShareWithin(demand []Point, dist []float64, radius float64) float64 {
	if len(dist) != len(demand) {
		return math.NaN()
	}
	var total, within float64
	for i, p := range demand {
		if checkAmount("weight", p.Weight) != nil {
			return math.NaN()
		}
		total += p.Weight
		if dist[i] <= radius {
			within += p.Weight
		}
	}
	if total == 0 {
		return math.NaN()
	}
	return within / total
}

// checkPoints reports the first point with an invalid coordinate or weight.
func checkPoints(field string, points []Point) error {
	for i, p := range points {
		var err error
		switch {
		case math.IsNaN(p.Lat) || math.IsInf(p.Lat, 0):
			err = fmt.Errorf("latitude %g: %w", p.Lat, ErrNotFinite)
		case math.IsNaN(p.Lon) || math.IsInf(p.Lon, 0):
			err = fmt.Errorf("longitude %g: %w", p.Lon, ErrNotFinite)
		case p.Lat < -90 || p.Lat > 90:
			err = fmt.Errorf("latitude %g outside [-90, 90]: %w", p.Lat, ErrCoordinate)
		case p.Lon < -180 || p.Lon > 180:
			err = fmt.Errorf("longitude %g outside [-180, 180]: %w", p.Lon, ErrCoordinate)
		default:
			err = checkAmount("weight", p.Weight)
		}
		if err != nil {
			return &InputError{Field: field, Index: i, Err: err}
		}
	}
	return nil
}

// checkCtx returns ctx's error, located at demand point i, every ctxEvery
// points.
func checkCtx(ctx context.Context, i int) error {
	if i%ctxEvery != 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("demand[%d]: %w", i, err)
	}
	return nil
}

// weightError reports an invalid weight v for demand i and supply j at
// distance d.
func weightError(i, j int, d, v float64) error {
	return &InputError{Field: "demand", Index: i, Err: fmt.Errorf("supply[%d] at %g m: weight %g: %w", j, d, v, ErrWeight)}
}

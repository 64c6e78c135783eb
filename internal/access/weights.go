package access

import (
	"cmp"
	"math"
	"slices"
)

// The distance-decay weight functions below map a distance or travel cost d
// (metres for TwoStep, the cost's own unit for TwoStepCosts) to a weight.
// Constructors given parameters they cannot work with (NaN, a non-positive
// width, a negative step weight) return a function that answers NaN for
// every d, which TwoStep and TwoStepCosts reject with ErrWeight; they never
// panic.

// nanWeight is the weight function of an invalid parameter.
func nanWeight(float64) float64 { return math.NaN() }

// Gaussian returns the truncated, rescaled Gaussian of Dai (2010), used by
// the Gaussian 2SFCA:
//
//	G(d) = (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½))   for d ≤ d0
//	G(d) = 0                                          for d > d0
//
// so G(0) = 1 and G falls smoothly to exactly 0 at the catchment radius d0
// (d0 = 1000 m: G(250) = 0.921806, G(500) = 0.701367, G(750) = 0.376926).
// d0 is normally the catchment passed to TwoStep. A d0 that is not a
// positive finite number gives NaN weights.
func Gaussian(d0 float64) func(d float64) float64 {
	if !(d0 > 0) || math.IsInf(d0, 1) {
		return nanWeight
	}
	floor := math.Exp(-0.5)
	return func(d float64) float64 {
		if d > d0 {
			return 0
		}
		x := d / d0
		return (math.Exp(-0.5*x*x) - floor) / (1 - floor)
	}
}

// PySALGaussian returns PySAL access's weights.gaussian(sigma), the
// unnormalised and untruncated Gaussian e^(−½(d/σ)²): 1 at d = 0, e^(−½) at
// d = σ and still positive beyond any catchment (the catchment bound of the
// 2SFCA does the truncation). A sigma that is not a positive finite number
// gives NaN weights (PySAL raises for sigma = 0).
func PySALGaussian(sigma float64) func(d float64) float64 {
	if !(sigma > 0) || math.IsInf(sigma, 1) {
		return nanWeight
	}
	return func(d float64) float64 {
		x := d / sigma
		return math.Exp(-0.5 * x * x)
	}
}

// Step returns PySAL access's weights.step_fn(steps): the weight of d is
// steps[k] for the smallest threshold k with d ≤ k (upper bounds are
// inclusive) and 0 beyond the largest threshold. With
// {20: 1, 40: 0.68, 60: 0.22}, d = 20 → 1, 30 and 40 → 0.68, 50 and 60 →
// 0.22, 70 → 0. The map is copied, so later changes to it have no effect. A
// NaN threshold or a negative or NaN weight gives NaN weights (PySAL raises
// for negative weights); an empty map gives 0 everywhere.
func Step(steps map[float64]float64) func(d float64) float64 {
	type step struct{ upTo, w float64 }
	sorted := make([]step, 0, len(steps))
	for k, w := range steps {
		if math.IsNaN(k) || !(w >= 0) {
			return nanWeight
		}
		sorted = append(sorted, step{k, w})
	}
	slices.SortFunc(sorted, func(a, b step) int { return cmp.Compare(a.upTo, b.upTo) })
	return func(d float64) float64 {
		if math.IsNaN(d) {
			return math.NaN()
		}
		for _, s := range sorted {
			if d <= s.upTo {
				return s.w
			}
		}
		return 0
	}
}

// Gravity returns PySAL access's weights.gravity(scale, alpha, min_dist):
// (max(d, minDist)/scale)^alpha. alpha is not implicitly negative, so a
// decaying weight needs alpha < 0; minDist keeps it finite at d = 0. With
// scale 20, alpha −2, minDist 1: d = 0 and 1 → 400, 2 → 100, 20 → 1,
// 40 → 0.25, 60 → 1/9. Gravity(1, −1, 0) is Inverse.
func Gravity(scale, alpha, minDist float64) func(d float64) float64 {
	return func(d float64) float64 {
		if d < minDist {
			d = minDist
		}
		return math.Pow(d/scale, alpha)
	}
}

// Inverse is the weight 1/d, PySAL's gravity(1, −1) used in its hospital
// example. Inverse(0) is +Inf, which TwoStep and TwoStepCosts reject with
// ErrWeight; use Gravity(1, −1, minDist) when costs of 0 can occur.
func Inverse(d float64) float64 { return 1 / d }

// Uniform is the weight 1 at every distance: the classic 2SFCA of Luo and
// Wang (2003), where only the catchment bound matters.
func Uniform(float64) float64 { return 1 }

package inequality

import (
	"fmt"
	"math"
	"slices"
)

// Obs is one observation: a value (e.g. centres per 10,000 residents of a
// community), its weight (e.g. residents) and an optional group label (e.g.
// governance model or street id) used by the Theil decompositions.
type Obs struct {
	Value  float64
	Weight float64
	Group  string
}

// Result is one measure. Value is meaningful only when Valid is true, and is
// then never NaN or ±Inf. When Valid is false, Value is 0, Reason says in
// words why the measure is undefined (e.g. "zero value: MLD is undefined when
// any value is 0") and Err holds the cause, which wraps one of the Err…
// sentinels in errors.go; callers test it with errors.Is.
type Result struct {
	Value  float64
	Valid  bool
	Reason string
	Err    error
}

// Named is a Result with its measure id (one of the ID… constants).
type Named struct {
	ID string
	Result
}

// Measure ids, as returned by Measures. Definitions are in the package
// documentation.
const (
	IDN             = "n"
	IDMin           = "min"
	IDMax           = "max"
	IDMeanWeighted  = "mean_weighted"
	IDGini          = "gini"
	IDGiniCorrected = "gini_corrected"
	IDGiniWeighted  = "gini_weighted"
	IDTheilT        = "theil_t"
	IDTheilTBetween = "theil_t_between"
	IDTheilTWithin  = "theil_t_within"
	IDTheilL        = "theil_l"
	IDTheilLBetween = "theil_l_between"
	IDTheilLWithin  = "theil_l_within"
	IDCV            = "cv"
	IDAtkinson05    = "atkinson_0.5"
	IDAtkinson1     = "atkinson_1"
	IDAtkinson2     = "atkinson_2"
	IDMaxMinRatio   = "max_min_ratio"
	IDP90P10Ratio   = "p90_p10_ratio"
	IDWolfson       = "wolfson"
)

// IDs returns the measure ids in the order Measures returns them. The slice
// is new on every call; the caller may keep or change it.
func IDs() []string {
	return []string{
		IDN, IDMin, IDMax, IDMeanWeighted,
		IDGini, IDGiniCorrected, IDGiniWeighted,
		IDTheilT, IDTheilTBetween, IDTheilTWithin,
		IDTheilL, IDTheilLBetween, IDTheilLWithin,
		IDCV, IDAtkinson05, IDAtkinson1, IDAtkinson2,
		IDMaxMinRatio, IDP90P10Ratio, IDWolfson,
	}
}

// Find returns the Result with the given id from ms, and whether it was there.
func Find(ms []Named, id string) (Result, bool) {
	for _, m := range ms {
		if m.ID == id {
			return m.Result, true
		}
	}
	return Result{}, false
}

// Measures computes every measure over obs and returns one entry per id, in
// the order of IDs. It never fails as a whole: a measure that is undefined
// for this input is returned with Valid false and its reason. It does not
// modify obs. Cost is O(n log n) time (one sort) and O(n) memory.
func Measures(obs []Obs) []Named {
	ids := IDs()
	out := make([]Named, len(ids))
	for i, id := range ids {
		out[i].ID = id
	}
	if len(obs) == 0 {
		for i := range out {
			out[i].Result = invalid(ErrNoObservations)
		}
		return out
	}
	s, err := newSample(obs)
	if err != nil {
		for i := range out {
			if out[i].ID == IDN {
				out[i].Result = valid(float64(len(obs)))
				continue
			}
			out[i].Result = invalid(err)
		}
		return out
	}
	tb, tw, lb, lw := s.theilDecomposition()
	for i := range out {
		var r Result
		switch out[i].ID {
		case IDN:
			r = valid(float64(s.n()))
		case IDMin:
			r = valid(s.min)
		case IDMax:
			r = valid(s.max)
		case IDMeanWeighted:
			r = s.meanWeighted()
		case IDGini:
			r = s.gini(false)
		case IDGiniCorrected:
			r = s.gini(true)
		case IDGiniWeighted:
			r = s.giniWeighted()
		case IDTheilT:
			r = s.theilT()
		case IDTheilTBetween:
			r = tb
		case IDTheilTWithin:
			r = tw
		case IDTheilL:
			r = s.theilL()
		case IDTheilLBetween:
			r = lb
		case IDTheilLWithin:
			r = lw
		case IDCV:
			r = s.cv()
		case IDAtkinson05:
			r = s.atkinson(0.5)
		case IDAtkinson1:
			r = s.atkinson(1)
		case IDAtkinson2:
			r = s.atkinson(2)
		case IDMaxMinRatio:
			r = s.maxMinRatio()
		case IDP90P10Ratio:
			r = s.p90p10Ratio()
		case IDWolfson:
			r = s.wolfson()
		}
		out[i].Result = r
	}
	return out
}

// Atkinson returns the population-weighted Atkinson index with inequality
// aversion epsilon (ε ≥ 0), as defined in the package documentation.
func Atkinson(obs []Obs, epsilon float64) Result {
	if len(obs) == 0 {
		return invalid(ErrNoObservations)
	}
	s, err := newSample(obs)
	if err != nil {
		return invalid(err)
	}
	return s.atkinson(epsilon)
}

// Wolfson returns the population-weighted Wolfson bipolarization index in
// PySAL's scaling, (2·(0.5 − L(0.5)) − G)·μ/m, as defined in the package
// documentation.
func Wolfson(obs []Obs) Result {
	if len(obs) == 0 {
		return invalid(ErrNoObservations)
	}
	s, err := newSample(obs)
	if err != nil {
		return invalid(err)
	}
	return s.wolfson()
}

// valid wraps v as a valid Result, unless v is NaN or ±Inf.
func valid(v float64) Result {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return invalid(fmt.Errorf("%w: result is not a finite number", ErrNumeric))
	}
	return Result{Value: v, Valid: true}
}

// invalid returns an undefined Result whose reason is err.
func invalid(err error) Result {
	return Result{Reason: err.Error(), Err: err}
}

// point is one observation after scaling.
type point struct {
	v    float64 // the value in the input's units
	x    float64 // v divided by the largest value, in [0, 1]
	p    float64 // the weight as a share of the total weight
	pos  bool    // the original weight is > 0
	zero bool    // the original value is 0 (x may also be 0 by underflow)
	g    int32   // group index, or -1 when the label is empty
}

// sample is the validated, scaled and sorted input shared by all measures.
// The inequality measures are scale invariant, so they work on values divided
// by their maximum and on weights divided by theirs: sums cannot overflow.
type sample struct {
	pts       []point // sorted by value, ties in input order
	min, max  float64 // in the input's units
	scale     float64 // largest value; x = value / scale
	sumX      float64 // Σ x over every observation
	hasWeight bool    // some weight is > 0
	mu        float64 // Σ p·x, the weighted mean of x
	ngroups   int
	groupErr  error // why the decomposition is undefined, if it is
	rangeErr  error // why weighted sums would lose precision, if they would
}

// minRelative is the smallest ratio to the largest value (or weight) that a
// positive value (or weight) of an observation with weight > 0 may have for
// the population-weighted measures. Every product p·x then stays above
// 1e-280/n, clear of the subnormal range where float64 loses precision.
const minRelative = 1e-140

// validate checks every observation and returns the extremes of values and
// weights. The error names the first offending observation and how many
// there are.
func validate(obs []Obs) (minV, maxV, maxW float64, err error) {
	minV, maxV = math.Inf(1), math.Inf(-1)
	bad := 0
	for i, o := range obs {
		var e error
		switch {
		case math.IsNaN(o.Value) || math.IsInf(o.Value, 0):
			e = fmt.Errorf("obs[%d]: value %v: %w", i, o.Value, ErrNotFinite)
		case math.IsNaN(o.Weight) || math.IsInf(o.Weight, 0):
			e = fmt.Errorf("obs[%d]: weight %v: %w", i, o.Weight, ErrNotFinite)
		case o.Value < 0:
			e = fmt.Errorf("obs[%d]: value %v: %w", i, o.Value, ErrNegativeValue)
		case o.Weight < 0:
			e = fmt.Errorf("obs[%d]: weight %v: %w", i, o.Weight, ErrNegativeWeight)
		}
		if e != nil {
			if bad == 0 {
				err = e
			}
			bad++
			continue
		}
		minV = min(minV, o.Value)
		maxV = max(maxV, o.Value)
		maxW = max(maxW, o.Weight)
	}
	if bad > 1 {
		err = fmt.Errorf("%w (%d of %d observations are invalid)", err, bad, len(obs))
	}
	return minV, maxV, maxW, err
}

// newSample validates obs (which must not be empty), scales and sorts it.
func newSample(obs []Obs) (*sample, error) {
	minV, maxV, maxW, err := validate(obs)
	if err != nil {
		return nil, err
	}
	// Sort small keys rather than whole points: it is most of the cost.
	// Values are finite here, so plain comparisons give a total order; ties
	// keep input order.
	type key struct {
		v float64
		i int
	}
	keys := make([]key, len(obs))
	for i, o := range obs {
		keys[i] = key{o.Value, i}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return a.i - b.i
	})
	s := &sample{
		pts:   make([]point, len(obs)),
		min:   minV,
		max:   maxV,
		scale: maxV,
	}
	var groups map[string]int32
	labelled, unlabelled := 0, len(obs)
	totalW := 0.0
	rangeAt := len(obs)
	for j, k := range keys {
		i, o := k.i, obs[k.i]
		pt := point{v: o.Value, g: -1, pos: o.Weight > 0, zero: o.Value == 0}
		if maxV > 0 {
			pt.x = o.Value / maxV
		}
		if maxW > 0 {
			pt.p = o.Weight / maxW
			totalW += pt.p
		}
		if pt.pos && i < rangeAt {
			switch {
			case pt.p < minRelative:
				rangeAt = i
				s.rangeErr = fmt.Errorf("%w: obs[%d]: weight %v is less than %g times the largest weight %v", ErrNumeric, i, o.Weight, minRelative, maxW)
			case pt.x > 0 && pt.x < minRelative:
				rangeAt = i
				s.rangeErr = fmt.Errorf("%w: obs[%d]: value %v is less than %g times the largest value %v", ErrNumeric, i, o.Value, minRelative, maxV)
			}
		}
		if pt.pos {
			if o.Group == "" {
				unlabelled = min(unlabelled, i)
			} else {
				if groups == nil {
					groups = make(map[string]int32)
				}
				g, ok := groups[o.Group]
				if !ok {
					g = int32(len(groups))
					groups[o.Group] = g
				}
				pt.g = g
				labelled++
			}
		}
		s.pts[j] = pt
	}
	s.ngroups = len(groups)
	switch {
	case labelled == 0:
		s.groupErr = fmt.Errorf("%w: decomposition needs a group label on the observations", ErrNoGroups)
	case unlabelled < len(obs):
		s.groupErr = fmt.Errorf("obs[%d]: %w: decomposition needs a group for every observation with weight > 0", unlabelled, ErrMissingGroup)
	}
	s.hasWeight = totalW > 0
	for i := range s.pts {
		pt := &s.pts[i]
		s.sumX += pt.x
		if s.hasWeight {
			pt.p /= totalW
			s.mu += pt.p * pt.x
		}
	}
	return s, nil
}

// n is the number of observations.
func (s *sample) n() int { return len(s.pts) }

// weighted reports why a population-weighted measure is undefined, or nil.
func (s *sample) weighted(measure string) error {
	if !s.hasWeight {
		return fmt.Errorf("%w: %s needs some weight > 0", ErrZeroTotalWeight, measure)
	}
	if s.rangeErr != nil {
		return s.rangeErr
	}
	if s.mu == 0 {
		return fmt.Errorf("%w: %s is undefined when every value with weight > 0 is 0", ErrZeroTotal, measure)
	}
	return nil
}

// zeroValue reports whether an observation with weight > 0 has value 0.
func (s *sample) zeroValue() bool {
	for _, pt := range s.pts {
		if pt.pos && pt.zero {
			return true
		}
	}
	return false
}

// clamp01 maps a finite v into [0, 1]; it absorbs rounding in measures whose
// mathematical range is [0, 1]. NaN and ±Inf pass through, so that valid
// still rejects them.
func clamp01(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	return min(max(v, 0), 1)
}

// nonNeg maps a finite negative v to 0; it absorbs rounding in measures that
// are never negative. NaN and ±Inf pass through, so that valid still rejects
// them.
func nonNeg(v float64) float64 {
	if v < 0 && !math.IsInf(v, -1) {
		return 0
	}
	return v
}

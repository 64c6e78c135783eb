package inequality

import (
	"fmt"
	"math"
)

// medianTol is the relative tolerance within which a cumulative weight counts
// as exactly half of the total, so that equal weights give the mean of the two
// middle values, as an unweighted median does.
const medianTol = 1e-9

// meanWeighted is Σ w·y / Σ w, in the input's units.
func (s *sample) meanWeighted() Result {
	if !s.hasWeight {
		return invalid(fmt.Errorf("%w: the weighted mean needs some weight > 0", ErrZeroTotalWeight))
	}
	if s.rangeErr != nil {
		return invalid(s.rangeErr)
	}
	return valid(s.mu * s.scale)
}

// gini is the unweighted Gini over every observation, Σ_i (2i − n − 1)·y_(i)
// divided by n·Σy (or by (n−1)·Σy when corrected), as R ineq::Gini. The sum
// is taken in pairs, (n+1−2k)·(y_(n+1−k) − y_(k)), whose terms are never
// negative, so rounding cannot push the result below 0.
func (s *sample) gini(corrected bool) Result {
	n := len(s.pts)
	if s.sumX == 0 {
		return invalid(fmt.Errorf("%w: Gini is undefined when every value is 0", ErrZeroTotal))
	}
	if corrected && n < 2 {
		return invalid(fmt.Errorf("%w: the n/(n−1) correction needs n ≥ 2", ErrTooFew))
	}
	num := 0.0
	for k := 0; k < n/2; k++ {
		num += float64(n-1-2*k) * (s.pts[n-1-k].x - s.pts[k].x)
	}
	d := float64(n)
	if corrected {
		d = float64(n - 1)
	}
	return valid(clamp01(num / (d * s.sumX)))
}

// giniW is the population-weighted Gini, 1 − Σ p_i·(L_{i−1} + L_i), the
// trapezoid rule under the weighted Lorenz curve. The caller checks
// s.weighted first.
func (s *sample) giniW() float64 {
	area, l := 0.0, 0.0
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		next := l + pt.p*pt.x/s.mu
		area += pt.p * (l + next)
		l = next
	}
	return clamp01(1 - area)
}

// giniWeighted is the population-weighted Gini; see giniW.
func (s *sample) giniWeighted() Result {
	if err := s.weighted("the weighted Gini"); err != nil {
		return invalid(err)
	}
	return valid(s.giniW())
}

// theilT is GE(1), Σ s_i·ln(y_i/ȳ) with s_i = w_i·y_i/Σ w·y and 0·ln 0 = 0.
func (s *sample) theilT() Result {
	if err := s.weighted("Theil T"); err != nil {
		return invalid(err)
	}
	t := 0.0
	for _, pt := range s.pts {
		if pt.p == 0 || pt.x == 0 {
			continue
		}
		t += pt.p * pt.x / s.mu * math.Log(pt.x/s.mu)
	}
	return valid(nonNeg(t))
}

// theilL is GE(0), the mean log deviation Σ p_i·ln(ȳ/y_i).
func (s *sample) theilL() Result {
	if err := s.mldDefined(); err != nil {
		return invalid(err)
	}
	l := 0.0
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		l += pt.p * math.Log(s.mu/pt.x)
	}
	return valid(nonNeg(l))
}

// mldDefined reports why the MLD is undefined, or nil.
func (s *sample) mldDefined() error {
	if err := s.weighted("MLD"); err != nil {
		return err
	}
	if s.zeroValue() {
		return fmt.Errorf("%w: MLD is undefined when any value is 0", ErrZeroValue)
	}
	return nil
}

// theilDecomposition splits Theil T and the MLD into between-group and
// within-group parts by Obs.Group, with population shares as group weights:
//
//	T_between = Σ_g S_g·ln(S_g/P_g)    T_within = Σ_g S_g·T_g
//	L_between = Σ_g P_g·ln(P_g/S_g)    L_within = Σ_g P_g·L_g
//
// where S_g is group g's share of Σ w·y and P_g its share of Σ w. The within
// parts are summed per observation, Σ_i s_i·ln(y_i/ȳ_g) and Σ_i p_i·ln(ȳ_g/y_i),
// which equal the group sums and need no T_g for a group whose total is 0.
func (s *sample) theilDecomposition() (tBetween, tWithin, lBetween, lWithin Result) {
	tErr := s.weighted("Theil T")
	if tErr == nil {
		tErr = s.groupErr
	}
	lErr := s.mldDefined()
	if lErr == nil {
		lErr = s.groupErr
	}
	if tErr != nil && lErr != nil {
		return invalid(tErr), invalid(tErr), invalid(lErr), invalid(lErr)
	}
	pg := make([]float64, s.ngroups) // P_g
	mg := make([]float64, s.ngroups) // Σ_{i∈g} p_i·y_i = S_g·ȳ
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		pg[pt.g] += pt.p
		mg[pt.g] += pt.p * pt.x
	}
	meanG := make([]float64, s.ngroups) // ȳ_g
	tb, lb := 0.0, 0.0
	for g := range pg {
		if pg[g] == 0 {
			continue
		}
		meanG[g] = mg[g] / pg[g]
		if mg[g] > 0 {
			tb += mg[g] / s.mu * math.Log(meanG[g]/s.mu)
			lb += pg[g] * math.Log(s.mu/meanG[g])
		}
	}
	tw, lw := 0.0, 0.0
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		if pt.x > 0 {
			tw += pt.p * pt.x / s.mu * math.Log(pt.x/meanG[pt.g])
		}
		if lErr == nil {
			lw += pt.p * math.Log(meanG[pt.g]/pt.x)
		}
	}
	if tErr != nil {
		tBetween, tWithin = invalid(tErr), invalid(tErr)
	} else {
		tBetween, tWithin = valid(nonNeg(tb)), valid(nonNeg(tw))
	}
	if lErr != nil {
		lBetween, lWithin = invalid(lErr), invalid(lErr)
	} else {
		lBetween, lWithin = valid(nonNeg(lb)), valid(nonNeg(lw))
	}
	return tBetween, tWithin, lBetween, lWithin
}

// cv is the population-weighted standard deviation (dividing by Σ w) over the
// weighted mean.
func (s *sample) cv() Result {
	if err := s.weighted("the coefficient of variation"); err != nil {
		return invalid(err)
	}
	v := 0.0
	for _, pt := range s.pts {
		d := pt.x - s.mu
		v += pt.p * d * d
	}
	return valid(math.Sqrt(v) / s.mu)
}

// atkinson is 1 − (Σ p_i·(y_i/ȳ)^(1−ε))^(1/(1−ε)) for ε ≠ 1 and
// 1 − exp(Σ p_i·ln y_i)/ȳ for ε = 1.
func (s *sample) atkinson(eps float64) Result {
	if math.IsNaN(eps) || math.IsInf(eps, 0) || eps < 0 {
		return invalid(fmt.Errorf("%w: Atkinson ε = %v, want a finite ε ≥ 0", ErrParameter, eps))
	}
	if err := s.weighted("Atkinson"); err != nil {
		return invalid(err)
	}
	if eps >= 1 && s.zeroValue() {
		return invalid(fmt.Errorf("%w: Atkinson(ε=%v) is undefined when any value is 0", ErrZeroValue, eps))
	}
	sum := 0.0
	if eps == 1 {
		lmu := math.Log(s.mu)
		for _, pt := range s.pts {
			if pt.p == 0 {
				continue
			}
			sum += pt.p * (math.Log(pt.x) - lmu)
		}
		return valid(clamp01(1 - math.Exp(sum)))
	}
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		sum += pt.p * math.Pow(pt.x/s.mu, 1-eps)
	}
	return valid(clamp01(1 - math.Pow(sum, 1/(1-eps))))
}

// maxMinRatio is the largest value over the smallest, over every observation.
func (s *sample) maxMinRatio() Result {
	if s.min == 0 {
		return invalid(fmt.Errorf("%w: max/min ratio is undefined when the minimum is 0", ErrZeroValue))
	}
	return valid(s.max / s.min)
}

// quantile is the type-7 quantile (R's default, linear interpolation between
// order statistics) of the values of every observation, in the input's units.
func (s *sample) quantile(q float64) float64 {
	n := len(s.pts)
	h := float64(n-1) * q
	lo := int(math.Floor(h))
	hi := min(lo+1, n-1)
	return s.pts[lo].v + (h-float64(lo))*(s.pts[hi].v-s.pts[lo].v)
}

// p90p10Ratio is the 90th over the 10th percentile, unweighted, type 7.
func (s *sample) p90p10Ratio() Result {
	p10 := s.quantile(0.1)
	if p10 == 0 {
		return invalid(fmt.Errorf("%w: p90/p10 ratio is undefined when the 10th percentile is 0", ErrZeroValue))
	}
	return valid(s.quantile(0.9) / p10)
}

// lorenzAt is the weighted Lorenz curve at population share q ∈ [0, 1],
// interpolated linearly between its points.
func (s *sample) lorenzAt(q float64) float64 {
	cp, l := 0.0, 0.0
	for _, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		share := pt.p * pt.x / s.mu
		if cp+pt.p >= q {
			return l + (q-cp)/pt.p*share
		}
		cp += pt.p
		l += share
	}
	return 1
}

// median is the weighted median of the scaled values: the first value whose
// cumulative population share reaches one half, or the mean of it and the
// next value when the share is one half exactly (within medianTol). With
// equal weights it is the ordinary median.
func (s *sample) median() float64 {
	cp := 0.0
	for i, pt := range s.pts {
		if pt.p == 0 {
			continue
		}
		cp += pt.p
		if cp < 0.5-medianTol {
			continue
		}
		if cp > 0.5+medianTol {
			return pt.x
		}
		for _, next := range s.pts[i+1:] {
			if next.p > 0 {
				return (pt.x + next.x) / 2
			}
		}
		return pt.x
	}
	return s.pts[len(s.pts)-1].x
}

// wolfson is (2·(0.5 − L(0.5)) − G_w)·ȳ/m, PySAL's scaling of the Wolfson
// index, on the weighted Lorenz curve, weighted Gini, mean and median.
func (s *sample) wolfson() Result {
	if err := s.weighted("Wolfson"); err != nil {
		return invalid(err)
	}
	m := s.median()
	if m == 0 {
		return invalid(fmt.Errorf("%w: Wolfson is undefined when the median is 0", ErrZeroValue))
	}
	d50 := 0.5 - s.lorenzAt(0.5)
	return valid((2*d50 - s.giniW()) * s.mu / m)
}

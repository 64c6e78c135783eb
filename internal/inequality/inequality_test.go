package inequality_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"shequ/internal/inequality"
)

const (
	// refTol is the tolerance for published reference values, which
	// oracles.md prints to 7 decimals. (STYLE.md asks for 1e-9, which values
	// printed to 7 decimals cannot meet.)
	refTol = 1e-7
	// exactTol is the tolerance for values worked out exactly by hand.
	exactTol = 1e-12
)

// equal returns observations with weight 1 and no group.
func equal(values ...float64) []inequality.Obs {
	obs := make([]inequality.Obs, len(values))
	for i, v := range values {
		obs[i] = inequality.Obs{Value: v, Weight: 1}
	}
	return obs
}

// grouped returns observations with weight 1 and the given groups.
func grouped(values []float64, groups []string) []inequality.Obs {
	obs := equal(values...)
	for i := range obs {
		obs[i].Group = groups[i]
	}
	return obs
}

// ineqX returns the vector of R ineq's examples (tests/Examples/ineq-Ex.Rout.save).
func ineqX() []float64 {
	return []float64{541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261}
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// measure returns the measure id of obs, failing the test if it is missing.
func measure(t *testing.T, obs []inequality.Obs, id string) inequality.Result {
	t.Helper()
	r, ok := inequality.Find(inequality.Measures(obs), id)
	if !ok {
		t.Fatalf("Measures: no measure %q", id)
	}
	return r
}

// near reports whether got is within tol of want, relative to max(1, |want|).
func near(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

func TestReferenceValues(t *testing.T) {
	tests := []struct {
		name string
		obs  []inequality.Obs
		id   string
		want float64
		tol  float64
	}{
		// R ineq 0.2-13, ineq-Ex.Rout.save.
		{"ineq Gini", equal(ineqX()...), inequality.IDGini, 0.4620911, refTol},
		{"ineq Gini weighted, equal weights", equal(ineqX()...), inequality.IDGiniWeighted, 0.4620911, refTol},
		{"ineq Atkinson 0.5", equal(ineqX()...), inequality.IDAtkinson05, 0.1796591, refTol},
		{"ineq Gini corr, 50/9 x9 and 50", equal(append(repeat(50.0/9, 9), 50)...), inequality.IDGiniCorrected, 0.4444444, refTol},
		{"ineq Gini corr, 2 x5 and 18 x5", equal(append(repeat(2, 5), repeat(18, 5)...)...), inequality.IDGiniCorrected, 0.4444444, refTol},
		// By hand for the same two vectors: Σ_ij |x_i − x_j| = 800 and Σx = 100,
		// so Gini = 800/(2·n·Σx) = 800/2000 = 0.4 and corrected 0.4·10/9 = 4/9.
		{"hand Gini, 50/9 x9 and 50", equal(append(repeat(50.0/9, 9), 50)...), inequality.IDGini, 0.4, exactTol},
		{"hand Gini, 2 x5 and 18 x5", equal(append(repeat(2, 5), repeat(18, 5)...)...), inequality.IDGini, 0.4, exactTol},
		{"hand Gini corr exact, 2 x5 and 18 x5", equal(append(repeat(2, 5), repeat(18, 5)...)...), inequality.IDGiniCorrected, 4.0 / 9, exactTol},
		// PySAL inequality: Atkinson on 10..50; A = 1 − EDE/30.
		{"PySAL Atkinson 0.5 (EDE 28.105398233)", equal(10, 20, 30, 40, 50), inequality.IDAtkinson05, 1 - 28.105398233/30, refTol},
		{"PySAL Atkinson 0.5 printed", equal(10, 20, 30, 40, 50), inequality.IDAtkinson05, 0.06315, 5e-6},
		{"PySAL Atkinson 1", equal(10, 20, 30, 40, 50), inequality.IDAtkinson1, 0.1316096, refTol},
		// PySAL Theil decomposition: 0·ln 0 = 0, T = between = ln 2, within = 0.
		{"PySAL Theil T", grouped([]float64{0, 0, 0, 10, 10, 10}, []string{"0", "0", "0", "1", "1", "1"}), inequality.IDTheilT, 0.6931471805599453, exactTol},
		{"PySAL Theil T between", grouped([]float64{0, 0, 0, 10, 10, 10}, []string{"0", "0", "0", "1", "1", "1"}), inequality.IDTheilTBetween, math.Ln2, exactTol},
		{"PySAL Theil T within", grouped([]float64{0, 0, 0, 10, 10, 10}, []string{"0", "0", "0", "1", "1", "1"}), inequality.IDTheilTWithin, 0, exactTol},
		// PySAL wolfson: 6,6,8,8,10,10,12,12 ≈ 1/12. By hand: mean = median = 9,
		// L(0.5) = 28/72, D50 = 0.5 − 28/72 = 1/9, Gini = 160/(2·64·9) = 5/36,
		// W = (2/9 − 5/36)·9/9 = 3/36 = 1/12.
		{"PySAL Wolfson", equal(6, 6, 8, 8, 10, 10, 12, 12), inequality.IDWolfson, 1.0 / 12, exactTol},
		// PySAL test_wolfson second case 2,4,…,16 ≈ 11/72. By hand: mean =
		// median = 9, L(0.5) = 20/72, D50 = 16/72, Gini = 168/(2·64·4.5) = 21/72,
		// W = 32/72 − 21/72 = 11/72.
		{"PySAL Wolfson 2..16", equal(2, 4, 6, 8, 10, 12, 14, 16), inequality.IDWolfson, 11.0 / 72, exactTol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := measure(t, tt.obs, tt.id)
			if !got.Valid {
				t.Fatalf("%s: got invalid (%s), want %v", tt.id, got.Reason, tt.want)
			}
			if !near(got.Value, tt.want, tt.tol) {
				t.Errorf("%s: got %.12g, want %.12g (tol %g)", tt.id, got.Value, tt.want, tt.tol)
			}
		})
	}
}

func TestAtkinsonPySAL(t *testing.T) {
	// PySAL inequality test_atkinson on 10, 20, 30, 40, 50 (mean 30): the
	// equally-distributed equivalent is EDE = mean·(1 − A).
	obs := equal(10, 20, 30, 40, 50)
	tests := []struct {
		eps     float64
		wantA   float64
		wantEDE float64
	}{
		{0, 0, 30},
		{0.5, 1 - 28.105398233/30, 28.105398233},
		{1, 0.1316096, 26.0517108},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint("eps=", tt.eps), func(t *testing.T) {
			got := inequality.Atkinson(obs, tt.eps)
			if !got.Valid {
				t.Fatalf("Atkinson(%v): got invalid (%s)", tt.eps, got.Reason)
			}
			if !near(got.Value, tt.wantA, refTol) {
				t.Errorf("Atkinson(%v): got %.10g, want %.10g", tt.eps, got.Value, tt.wantA)
			}
			if ede := 30 * (1 - got.Value); !near(ede, tt.wantEDE, refTol) {
				t.Errorf("Atkinson(%v) EDE: got %.10g, want %.10g", tt.eps, ede, tt.wantEDE)
			}
		})
	}
}

func TestAtkinsonParameter(t *testing.T) {
	for _, eps := range []float64{-0.5, math.NaN(), math.Inf(1)} {
		t.Run(fmt.Sprint(eps), func(t *testing.T) {
			got := inequality.Atkinson(equal(1, 2), eps)
			if got.Valid || !errors.Is(got.Err, inequality.ErrParameter) {
				t.Errorf("Atkinson(%v): got %+v, want invalid with ErrParameter", eps, got)
			}
		})
	}
}

func TestWolfson(t *testing.T) {
	tests := []struct {
		name    string
		obs     []inequality.Obs
		want    float64
		wantErr error
	}{
		// PySAL wolfson docstring and test: 6,6,8,8,10,10,12,12 → 1/12 (worked in
		// TestReferenceValues).
		{"PySAL", equal(6, 6, 8, 8, 10, 10, 12, 12), 1.0 / 12, nil},
		// The same with weight 2 on each distinct value: the same distribution.
		{"PySAL as weights", []inequality.Obs{{Value: 12, Weight: 2}, {Value: 6, Weight: 2}, {Value: 10, Weight: 2}, {Value: 8, Weight: 2}}, 1.0 / 12, nil},
		// 0, 0, 1: the median is 0.
		{"median 0", equal(0, 0, 1), 0, inequality.ErrZeroValue},
		{"empty", nil, 0, inequality.ErrNoObservations},
		{"negative", equal(-1, 1), 0, inequality.ErrNegativeValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inequality.Wolfson(tt.obs)
			if tt.wantErr != nil {
				if got.Valid || !errors.Is(got.Err, tt.wantErr) {
					t.Errorf("Wolfson: got %+v, want invalid with %v", got, tt.wantErr)
				}
				return
			}
			if !got.Valid || !near(got.Value, tt.want, exactTol) {
				t.Errorf("Wolfson: got %+v, want %.15g", got, tt.want)
			}
		})
	}
}

func TestHandWorked(t *testing.T) {
	tests := []struct {
		name    string
		obs     []inequality.Obs
		want    map[string]float64
		wantErr map[string]error
	}{
		{
			// Two communities: value 0 with weight 1, value 4 with weight 3.
			// Σw = 4, p = (1/4, 3/4), Σwy = 12, ȳ = 3.
			// Weighted Lorenz: (0,0) → (1/4, 0) → (1, 1); trapezoids
			// 1/4·(0+0) + 3/4·(0+1) = 3/4, so gini_weighted = 1/4. Check by
			// frequency expansion 0,4,4,4: Σ_ij|x_i−x_j| = 2·3·4 = 24,
			// 24/(2·16·3) = 1/4.
			// Unweighted 0,4: Σ_ij|x_i−x_j| = 8, gini = 8/(2·2·4) = 1/2,
			// corrected 1/2·2 = 1.
			// Theil T: s = (0, 1), T = 1·ln(4/3). MLD: undefined (zero).
			// cv: var = 1/4·9 + 3/4·1 = 3, cv = √3/3.
			// A(0.5) = 1 − (3/4·√(4/3))² = 1 − (√3/2)² = 1/4.
			// p10 = 0 + 0.1·4 = 0.4, p90 = 0.9·4 = 3.6, ratio 9.
			// Wolfson: weighted median 4 (cumulative share 1/4 then 1),
			// L(0.5) = (0.5−0.25)/0.75 = 1/3, D50 = 1/6,
			// W = (1/3 − 1/4)·3/4 = 1/16.
			name: "0 w1, 4 w3",
			obs:  []inequality.Obs{{Value: 0, Weight: 1}, {Value: 4, Weight: 3}},
			want: map[string]float64{
				inequality.IDN:             2,
				inequality.IDMin:           0,
				inequality.IDMax:           4,
				inequality.IDMeanWeighted:  3,
				inequality.IDGini:          0.5,
				inequality.IDGiniCorrected: 1,
				inequality.IDGiniWeighted:  0.25,
				inequality.IDTheilT:        math.Log(4.0 / 3),
				inequality.IDCV:            math.Sqrt(3) / 3,
				inequality.IDAtkinson05:    0.25,
				inequality.IDP90P10Ratio:   9,
				inequality.IDWolfson:       1.0 / 16,
			},
			wantErr: map[string]error{
				inequality.IDTheilL:        inequality.ErrZeroValue,
				inequality.IDTheilLBetween: inequality.ErrZeroValue,
				inequality.IDTheilLWithin:  inequality.ErrZeroValue,
				inequality.IDTheilTBetween: inequality.ErrNoGroups,
				inequality.IDTheilTWithin:  inequality.ErrNoGroups,
				inequality.IDAtkinson1:     inequality.ErrZeroValue,
				inequality.IDAtkinson2:     inequality.ErrZeroValue,
				inequality.IDMaxMinRatio:   inequality.ErrZeroValue,
			},
		},
		{
			// Values 1 and 4, equal weights. ȳ = 2.5, geometric mean 2,
			// harmonic mean 2/(1 + 1/4) = 1.6.
			// gini = 2·3/(2·2·5) = 0.3, corrected 0.6, weighted 0.3.
			// Theil T = 0.2·ln(1/2.5) + 0.8·ln(4/2.5); MLD = ln(2.5/2).
			// cv = 1.5/2.5 = 0.6.
			// A(0.5) = 1 − ((1+2)/2)²/2.5 = 1 − 2.25/2.5 = 0.1,
			// A(1) = 1 − 2/2.5 = 0.2, A(2) = 1 − 1.6/2.5 = 0.36.
			// p10 = 1 + 0.1·3 = 1.3, p90 = 1 + 0.9·3 = 3.7.
			// Wolfson: median 2.5, L(0.5) = 1/5, D50 = 0.3, W = 0.6 − 0.3 = 0.3.
			name: "1 and 4",
			obs:  equal(1, 4),
			want: map[string]float64{
				inequality.IDN:             2,
				inequality.IDMin:           1,
				inequality.IDMax:           4,
				inequality.IDMeanWeighted:  2.5,
				inequality.IDGini:          0.3,
				inequality.IDGiniCorrected: 0.6,
				inequality.IDGiniWeighted:  0.3,
				inequality.IDTheilT:        0.2*math.Log(0.4) + 0.8*math.Log(1.6),
				inequality.IDTheilL:        math.Log(1.25),
				inequality.IDCV:            0.6,
				inequality.IDAtkinson05:    0.1,
				inequality.IDAtkinson1:     0.2,
				inequality.IDAtkinson2:     0.36,
				inequality.IDMaxMinRatio:   4,
				inequality.IDP90P10Ratio:   3.7 / 1.3,
				inequality.IDWolfson:       0.3,
			},
		},
		{
			// Group A: 1 (w1), 3 (w1); group B: 4 (w2). Σw = 4, Σwy = 12, ȳ = 3.
			// P_A = P_B = 1/2; S_A = 4/12 = 1/3, S_B = 8/12 = 2/3; ȳ_A = 2, ȳ_B = 4.
			// T = 1/12·ln(1/3) + 3/12·ln(3/3) + 8/12·ln(4/3).
			// T_between = 1/3·ln(2/3) + 2/3·ln(4/3);
			// T_A = 1/4·ln(1/2) + 3/4·ln(3/2), T_B = 0, T_within = 1/3·T_A.
			// (In ln 2, ln 3 both sides reduce to −1/12·ln 3 + 2/3·ln(4/3).)
			// MLD = 1/4·ln(3/1) + 1/4·ln(3/3) + 1/2·ln(3/4) = 3/4·ln 3 − ln 2.
			// L_between = 1/2·ln(3/2) + 1/2·ln(3/4);
			// L_A = 1/2·ln(2/1) + 1/2·ln(2/3), L_within = 1/2·L_A.
			// gini_weighted: expansion 1,3,4,4, Σ_ij|x_i−x_j| = 20,
			// 20/(2·16·3) = 5/24. Unweighted 1,3,4: Σ_ij = 2·(2+3+1) = 12,
			// gini = 12/(2·3·8) = 1/4.
			name: "decomposition by hand",
			obs: []inequality.Obs{
				{Value: 1, Weight: 1, Group: "A"},
				{Value: 3, Weight: 1, Group: "A"},
				{Value: 4, Weight: 2, Group: "B"},
			},
			want: map[string]float64{
				inequality.IDMeanWeighted:  3,
				inequality.IDGini:          0.25,
				inequality.IDGiniWeighted:  5.0 / 24,
				inequality.IDTheilT:        math.Log(1.0/3)/12 + 2.0/3*math.Log(4.0/3),
				inequality.IDTheilTBetween: math.Log(2.0/3)/3 + 2.0/3*math.Log(4.0/3),
				inequality.IDTheilTWithin:  (0.25*math.Log(0.5) + 0.75*math.Log(1.5)) / 3,
				inequality.IDTheilL:        0.75*math.Log(3) - math.Ln2,
				inequality.IDTheilLBetween: 0.5*math.Log(1.5) + 0.5*math.Log(0.75),
				inequality.IDTheilLWithin:  0.5 * (0.5*math.Ln2 + 0.5*math.Log(2.0/3)),
			},
		},
		{
			// One group only: between is 0, within is the total.
			// Values 1, 4 as in "1 and 4": T = 0.2·ln 0.4 + 0.8·ln 1.6.
			name: "single group",
			obs:  grouped([]float64{1, 4}, []string{"s", "s"}),
			want: map[string]float64{
				inequality.IDTheilTBetween: 0,
				inequality.IDTheilTWithin:  0.2*math.Log(0.4) + 0.8*math.Log(1.6),
				inequality.IDTheilLBetween: 0,
				inequality.IDTheilLWithin:  math.Log(1.25),
			},
		},
		{
			// Values 1 and 3 scaled by 1e300, weights 1e300 each: sums would
			// overflow without scaling. Gini = 2·2/(2·2·4) = 0.25,
			// sd = 1e300, mean = 2e300, cv = 0.5.
			name: "huge values and weights",
			obs:  []inequality.Obs{{Value: 1e300, Weight: 1e300}, {Value: 3e300, Weight: 1e300}},
			want: map[string]float64{
				inequality.IDGini:         0.25,
				inequality.IDGiniWeighted: 0.25,
				inequality.IDCV:           0.5,
				inequality.IDMeanWeighted: 2e300,
				inequality.IDMaxMinRatio:  3,
			},
		},
		{
			// One observation: no inequality; the correction needs n ≥ 2.
			name: "single observation",
			obs:  equal(7),
			want: map[string]float64{
				inequality.IDN:            1,
				inequality.IDGini:         0,
				inequality.IDGiniWeighted: 0,
				inequality.IDTheilT:       0,
				inequality.IDTheilL:       0,
				inequality.IDCV:           0,
				inequality.IDAtkinson2:    0,
				inequality.IDMaxMinRatio:  1,
				inequality.IDP90P10Ratio:  1,
				inequality.IDWolfson:      0,
			},
			wantErr: map[string]error{
				inequality.IDGiniCorrected: inequality.ErrTooFew,
			},
		},
		{
			// A zero value with weight 0 contributes nothing to weighted
			// measures, so the MLD of (2, 8) with equal weights is
			// ln(5/4): ȳ = 5, geometric mean 4. The unweighted measures
			// still see it: min 0, gini of 0,2,8 = 2·(2+8+6)/(2·3·10) = 32/60.
			name: "zero value with weight 0",
			obs:  []inequality.Obs{{Value: 0, Weight: 0}, {Value: 2, Weight: 1}, {Value: 8, Weight: 1}},
			want: map[string]float64{
				inequality.IDN:            3,
				inequality.IDMin:          0,
				inequality.IDTheilL:       math.Log(1.25),
				inequality.IDAtkinson1:    1 - 4.0/5,
				inequality.IDGini:         32.0 / 60,
				inequality.IDGiniWeighted: 0.3, // 2·6/(2·4·5)
			},
			wantErr: map[string]error{
				inequality.IDMaxMinRatio: inequality.ErrZeroValue,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := inequality.Measures(tt.obs)
			for id, want := range tt.want {
				got, _ := inequality.Find(ms, id)
				if !got.Valid {
					t.Errorf("%s: got invalid (%s), want %.12g", id, got.Reason, want)
					continue
				}
				if !near(got.Value, want, exactTol) {
					t.Errorf("%s: got %.15g, want %.15g", id, got.Value, want)
				}
			}
			for id, want := range tt.wantErr {
				got, _ := inequality.Find(ms, id)
				if got.Valid || !errors.Is(got.Err, want) {
					t.Errorf("%s: got %+v, want invalid with %v", id, got, want)
				}
			}
		})
	}
}

// TestReasons pins the wording of a few reasons that callers show to people.
func TestReasons(t *testing.T) {
	tests := []struct {
		name string
		obs  []inequality.Obs
		id   string
		want string
	}{
		{"MLD zero", equal(0, 1), inequality.IDTheilL, "zero value: MLD is undefined when any value is 0"},
		{"corrected Gini of one", equal(1), inequality.IDGiniCorrected, "fewer than 2 observations: the n/(n−1) correction needs n ≥ 2"},
		{"Gini of zeros", equal(0, 0), inequality.IDGini, "total is 0: Gini is undefined when every value is 0"},
		{"empty", nil, inequality.IDGini, "no observations"},
		{"negative", equal(1, -2, -3), inequality.IDCV, "obs[1]: value -2: negative value (2 of 3 observations are invalid)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := measure(t, tt.obs, tt.id)
			if got.Valid || got.Reason != tt.want {
				t.Errorf("%s: got valid=%v reason %q, want reason %q", tt.id, got.Valid, got.Reason, tt.want)
			}
		})
	}
}

func TestInvalidInput(t *testing.T) {
	all := func(err error, except ...string) map[string]error {
		m := make(map[string]error)
		for _, id := range inequality.IDs() {
			m[id] = err
		}
		for _, id := range except {
			delete(m, id)
		}
		return m
	}
	decomp := []string{inequality.IDTheilTBetween, inequality.IDTheilTWithin, inequality.IDTheilLBetween, inequality.IDTheilLWithin}
	// Population-weighted measures other than the decomposition and
	// mean_weighted (which is 0, and valid, when every value is 0).
	popIDs := []string{
		inequality.IDGiniWeighted, inequality.IDTheilT, inequality.IDTheilL,
		inequality.IDCV, inequality.IDAtkinson05, inequality.IDAtkinson1, inequality.IDAtkinson2, inequality.IDWolfson,
	}
	only := func(err error, ids ...string) map[string]error {
		m := make(map[string]error)
		for _, id := range ids {
			m[id] = err
		}
		return m
	}
	merge := func(ms ...map[string]error) map[string]error {
		out := make(map[string]error)
		for _, m := range ms {
			for k, v := range m {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name string
		obs  []inequality.Obs
		// wantErr lists every invalid measure; all others must be valid.
		wantErr map[string]error
	}{
		{"empty", nil, all(inequality.ErrNoObservations)},
		{"negative value", equal(1, -1), all(inequality.ErrNegativeValue, inequality.IDN)},
		{"negative weight", []inequality.Obs{{Value: 1, Weight: 1}, {Value: 2, Weight: -1}}, all(inequality.ErrNegativeWeight, inequality.IDN)},
		{"NaN value", equal(1, math.NaN()), all(inequality.ErrNotFinite, inequality.IDN)},
		{"Inf value", equal(math.Inf(1), 1), all(inequality.ErrNotFinite, inequality.IDN)},
		{"Inf weight", []inequality.Obs{{Value: 1, Weight: math.Inf(1)}}, all(inequality.ErrNotFinite, inequality.IDN)},
		{"all weights 0", []inequality.Obs{{Value: 1, Group: "a"}, {Value: 2, Group: "b"}},
			merge(only(inequality.ErrZeroTotalWeight, popIDs...), only(inequality.ErrZeroTotalWeight, decomp...),
				only(inequality.ErrZeroTotalWeight, inequality.IDMeanWeighted))},
		{"all values 0", grouped([]float64{0, 0}, []string{"a", "b"}), merge(
			only(inequality.ErrZeroTotal, inequality.IDGini, inequality.IDGiniCorrected),
			only(inequality.ErrZeroTotal, popIDs...),
			only(inequality.ErrZeroTotal, decomp...),
			only(inequality.ErrZeroValue, inequality.IDMaxMinRatio, inequality.IDP90P10Ratio),
		)},
		{"no groups", equal(1, 2), only(inequality.ErrNoGroups, decomp...)},
		{"missing group", grouped([]float64{1, 2, 3}, []string{"a", "", "b"}), only(inequality.ErrMissingGroup, decomp...)},
		{"weights span too far", []inequality.Obs{{Value: 1, Weight: 1}, {Value: 2, Weight: 1e-200}}, merge(
			only(inequality.ErrNumeric, popIDs...), only(inequality.ErrNumeric, inequality.IDMeanWeighted),
			only(inequality.ErrNumeric, decomp...),
		)},
		{"values span too far", []inequality.Obs{{Value: 1e-200, Weight: 1}, {Value: 2, Weight: 1}}, merge(
			only(inequality.ErrNumeric, popIDs...), only(inequality.ErrNumeric, inequality.IDMeanWeighted),
			only(inequality.ErrNumeric, decomp...),
		)},
		{"missing group on weight 0 is fine", []inequality.Obs{{Value: 1, Weight: 1, Group: "a"}, {Value: 2, Weight: 0}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, m := range inequality.Measures(tt.obs) {
				want, bad := tt.wantErr[m.ID]
				switch {
				case bad && (m.Valid || !errors.Is(m.Err, want)):
					t.Errorf("%s: got %+v, want invalid with %v", m.ID, m.Result, want)
				case bad && (m.Reason == "" || m.Value != 0):
					t.Errorf("%s: got reason %q value %v, want a reason and value 0", m.ID, m.Reason, m.Value)
				case !bad && !m.Valid:
					t.Errorf("%s: got invalid (%s), want valid", m.ID, m.Reason)
				}
			}
		})
	}
}

func TestMeasuresOrder(t *testing.T) {
	for _, obs := range [][]inequality.Obs{nil, equal(1, 2, 3), equal(-1)} {
		ms := inequality.Measures(obs)
		ids := inequality.IDs()
		if len(ms) != len(ids) {
			t.Fatalf("Measures: got %d measures, want %d", len(ms), len(ids))
		}
		for i := range ids {
			if ms[i].ID != ids[i] {
				t.Errorf("Measures[%d]: got id %q, want %q", i, ms[i].ID, ids[i])
			}
		}
	}
}

// weightedIDs returns the measures that must not change when every weight is
// multiplied by the same constant, or when an observation of weight k is
// replaced by k observations of weight 1.
func weightedIDs() []string {
	return []string{
		inequality.IDMeanWeighted, inequality.IDGiniWeighted,
		inequality.IDTheilT, inequality.IDTheilTBetween, inequality.IDTheilTWithin,
		inequality.IDTheilL, inequality.IDTheilLBetween, inequality.IDTheilLWithin,
		inequality.IDCV, inequality.IDAtkinson05, inequality.IDAtkinson1, inequality.IDAtkinson2,
		inequality.IDWolfson,
	}
}

func TestEqualWeightsMatchUnweighted(t *testing.T) {
	datasets := map[string][]float64{
		"ineq":   ineqX(),
		"1..5":   {1, 2, 3, 4, 5},
		"ties":   {3, 3, 3, 1, 1, 9},
		"single": {4},
	}
	for name, values := range datasets {
		for _, w := range []float64{1, 7, 0.1, 1e-300, 1e300} {
			t.Run(fmt.Sprintf("%s/w=%g", name, w), func(t *testing.T) {
				base := grouped(values, groupsOf(len(values)))
				scaled := grouped(values, groupsOf(len(values)))
				for i := range scaled {
					scaled[i].Weight = w
				}
				a, b := inequality.Measures(base), inequality.Measures(scaled)
				g, _ := inequality.Find(b, inequality.IDGini)
				gw, _ := inequality.Find(b, inequality.IDGiniWeighted)
				if !near(gw.Value, g.Value, exactTol) {
					t.Errorf("gini_weighted: got %.15g, want gini %.15g", gw.Value, g.Value)
				}
				for _, id := range weightedIDs() {
					ra, _ := inequality.Find(a, id)
					rb, _ := inequality.Find(b, id)
					if ra.Valid != rb.Valid || !near(rb.Value, ra.Value, exactTol) {
						t.Errorf("%s: got %+v with weights %g, want %+v as with weights 1", id, rb, w, ra)
					}
				}
			})
		}
	}
}

// groupsOf labels n observations alternately "a" and "b".
func groupsOf(n int) []string {
	g := make([]string, n)
	for i := range g {
		g[i] = string(rune('a' + i%2))
	}
	return g
}

func TestFrequencyExpansion(t *testing.T) {
	// Weight k must act as k copies with weight 1.
	tests := []struct {
		name     string
		weighted []inequality.Obs
		expanded []inequality.Obs
	}{
		{
			"1 w2, 4 w1",
			[]inequality.Obs{{Value: 1, Weight: 2, Group: "a"}, {Value: 4, Weight: 1, Group: "b"}},
			grouped([]float64{1, 1, 4}, []string{"a", "a", "b"}),
		},
		{
			"ineq with weights 1..10",
			func() []inequality.Obs {
				obs := grouped(ineqX(), groupsOf(10))
				for i := range obs {
					obs[i].Weight = float64(i + 1)
				}
				return obs
			}(),
			func() []inequality.Obs {
				var obs []inequality.Obs
				groups := groupsOf(10)
				for i, v := range ineqX() {
					for range i + 1 {
						obs = append(obs, inequality.Obs{Value: v, Weight: 1, Group: groups[i]})
					}
				}
				return obs
			}(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := inequality.Measures(tt.weighted), inequality.Measures(tt.expanded)
			for _, id := range weightedIDs() {
				ra, _ := inequality.Find(a, id)
				rb, _ := inequality.Find(b, id)
				if !ra.Valid || !rb.Valid || !near(ra.Value, rb.Value, exactTol) {
					t.Errorf("%s: got %+v weighted, want %+v as expanded", id, ra, rb)
				}
			}
			// The unweighted Gini of the expanded data is the weighted Gini.
			ge, _ := inequality.Find(b, inequality.IDGini)
			gw, _ := inequality.Find(a, inequality.IDGiniWeighted)
			if !near(gw.Value, ge.Value, exactTol) {
				t.Errorf("gini_weighted: got %.15g, want expanded gini %.15g", gw.Value, ge.Value)
			}
		})
	}
}

func TestDecompositionIdentity(t *testing.T) {
	for seed := range uint64(20) {
		t.Run(fmt.Sprint("seed=", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 1))
			n := 1 + r.IntN(300)
			obs := make([]inequality.Obs, n)
			for i := range obs {
				obs[i] = inequality.Obs{
					Value:  r.ExpFloat64() * 10,
					Weight: float64(r.IntN(5000)),
					Group:  strconv.Itoa(r.IntN(1 + int(seed))),
				}
			}
			ms := inequality.Measures(obs)
			for _, ids := range [][3]string{
				{inequality.IDTheilT, inequality.IDTheilTBetween, inequality.IDTheilTWithin},
				{inequality.IDTheilL, inequality.IDTheilLBetween, inequality.IDTheilLWithin},
			} {
				total, _ := inequality.Find(ms, ids[0])
				between, _ := inequality.Find(ms, ids[1])
				within, _ := inequality.Find(ms, ids[2])
				if !total.Valid || !between.Valid || !within.Valid {
					t.Fatalf("%v: got %+v %+v %+v, want valid", ids, total, between, within)
				}
				if got := between.Value + within.Value; !near(got, total.Value, exactTol) {
					t.Errorf("%s + %s: got %.15g, want %s %.15g", ids[1], ids[2], got, ids[0], total.Value)
				}
			}
		})
	}
}

func TestLorenz(t *testing.T) {
	tests := []struct {
		name string
		obs  []inequality.Obs
		want []inequality.Point
		tol  float64
	}{
		{
			// PySAL test_wolfson lorenz_curve of 1..5 (shares printed to 7 decimals).
			"PySAL 1..5", equal(5, 3, 1, 2, 4),
			[]inequality.Point{{0, 0}, {0.2, 0.0666667}, {0.4, 0.2}, {0.6, 0.4}, {0.8, 0.6666667}, {1, 1}},
			refTol,
		},
		{
			// 0 w1, 4 w3: (0,0) → (1/4, 0) → (1, 1).
			"weighted", []inequality.Obs{{Value: 4, Weight: 3}, {Value: 0, Weight: 1}},
			[]inequality.Point{{0, 0}, {0.25, 0}, {1, 1}},
			exactTol,
		},
		{
			// Weight 0 adds no vertex: 2 w1, 8 w1 → (0,0), (1/2, 2/10), (1, 1).
			"weight 0 skipped", []inequality.Obs{{Value: 5, Weight: 0}, {Value: 8, Weight: 1}, {Value: 2, Weight: 1}},
			[]inequality.Point{{0, 0}, {0.5, 0.2}, {1, 1}},
			exactTol,
		},
		{"empty", nil, nil, 0},
		{"all zero", equal(0, 0), nil, 0},
		{"negative", equal(1, -1), nil, 0},
		{"weights 0", []inequality.Obs{{Value: 1}}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inequality.Lorenz(tt.obs)
			if len(got) != len(tt.want) || (got == nil) != (tt.want == nil) {
				t.Fatalf("Lorenz: got %v, want %v", got, tt.want)
			}
			for i := range got {
				if !near(got[i].Pop, tt.want[i].Pop, tt.tol) || !near(got[i].Share, tt.want[i].Share, tt.tol) {
					t.Errorf("Lorenz[%d]: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestShareBelow(t *testing.T) {
	// Values 10, 20, 30, 40 with weights 1, 1, 1, 7 (Σw = 10).
	obs := []inequality.Obs{{Value: 10, Weight: 1}, {Value: 20, Weight: 1}, {Value: 30, Weight: 1}, {Value: 40, Weight: 7}}
	tests := []struct {
		name           string
		obs            []inequality.Obs
		standard       float64
		higherIsBetter bool
		want, wantPop  float64
		wantErr        error
	}{
		// 10 and 20 fail ≥ 30; 30 meets it. Residents failing: 2 of 10.
		{"higher is better", obs, 30, true, 0.5, 0.2, nil},
		// 30 and 40 fail ≤ 20; 20 meets it. Residents failing: 8 of 10.
		{"lower is better", obs, 20, false, 0.5, 0.8, nil},
		{"all meet", obs, 0, true, 0, 0, nil},
		{"none meet", obs, 41, true, 1, 1, nil},
		{"empty", nil, 1, true, 0, 0, inequality.ErrNoObservations},
		{"NaN standard", obs, math.NaN(), true, 0, 0, inequality.ErrParameter},
		{"negative value", equal(1, -1), 1, true, 0, 0, inequality.ErrNegativeValue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inequality.ShareBelow(tt.obs, tt.standard, tt.higherIsBetter)
			gotPop := inequality.PopulationShareBelow(tt.obs, tt.standard, tt.higherIsBetter)
			if tt.wantErr != nil {
				if got.Valid || !errors.Is(got.Err, tt.wantErr) {
					t.Errorf("ShareBelow: got %+v, want invalid with %v", got, tt.wantErr)
				}
				if gotPop.Valid || !errors.Is(gotPop.Err, tt.wantErr) {
					t.Errorf("PopulationShareBelow: got %+v, want invalid with %v", gotPop, tt.wantErr)
				}
				return
			}
			if !got.Valid || !near(got.Value, tt.want, exactTol) {
				t.Errorf("ShareBelow: got %+v, want %v", got, tt.want)
			}
			if !gotPop.Valid || !near(gotPop.Value, tt.wantPop, exactTol) {
				t.Errorf("PopulationShareBelow: got %+v, want %v", gotPop, tt.wantPop)
			}
		})
	}
	t.Run("weights 0", func(t *testing.T) {
		got := inequality.PopulationShareBelow([]inequality.Obs{{Value: 1}}, 2, true)
		if got.Valid || !errors.Is(got.Err, inequality.ErrZeroTotalWeight) {
			t.Errorf("PopulationShareBelow: got %+v, want invalid with ErrZeroTotalWeight", got)
		}
	})
}

// decodeObs turns fuzz bytes into observations. With raw set, each 17 bytes
// are a value and a weight as IEEE 754 bits and a group byte, which reaches
// NaN, ±Inf, negatives, subnormals and huge numbers; otherwise each 3 bytes
// are a small value, weight and group, which reaches ties and zeros.
func decodeObs(data []byte, raw bool) []inequality.Obs {
	var obs []inequality.Obs
	if raw {
		for len(data) >= 17 {
			obs = append(obs, inequality.Obs{
				Value:  math.Float64frombits(binary.LittleEndian.Uint64(data)),
				Weight: math.Float64frombits(binary.LittleEndian.Uint64(data[8:])),
				Group:  strconv.Itoa(int(data[16] % 4)),
			})
			data = data[17:]
		}
		return obs
	}
	for len(data) >= 3 {
		obs = append(obs, inequality.Obs{
			Value:  float64(data[0] % 16),
			Weight: float64(data[1] % 8),
			Group:  strconv.Itoa(int(data[2] % 3)),
		})
		data = data[3:]
	}
	return obs
}

func FuzzMeasures(f *testing.F) {
	f.Add([]byte{1, 1, 0, 4, 3, 1, 0, 1, 2}, false)
	f.Add([]byte{0, 1, 0, 0, 1, 0, 10, 1, 1, 10, 1, 1}, false)
	f.Add([]byte{}, false)
	seed := make([]byte, 0, 17*3)
	for _, o := range []struct{ v, w float64 }{{1e300, 1e300}, {5e-324, 1}, {3, 0}} {
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(o.v))
		seed = binary.LittleEndian.AppendUint64(seed, math.Float64bits(o.w))
		seed = append(seed, 1)
	}
	f.Add(seed, true)
	f.Fuzz(func(t *testing.T, data []byte, raw bool) {
		obs := decodeObs(data, raw)
		clean := true // every value and weight finite and non-negative
		for _, o := range obs {
			if !(o.Value >= 0 && o.Weight >= 0 && !math.IsInf(o.Value, 0) && !math.IsInf(o.Weight, 0)) {
				clean = false
			}
		}
		ms := inequality.Measures(obs)
		if len(ms) != len(inequality.IDs()) {
			t.Fatalf("Measures: got %d measures, want %d", len(ms), len(inequality.IDs()))
		}
		for _, m := range ms {
			if !m.Valid {
				if m.Reason == "" || m.Err == nil || m.Value != 0 {
					t.Errorf("%s: got invalid %+v, want a reason, an Err and value 0", m.ID, m.Result)
				}
				continue
			}
			if math.IsNaN(m.Value) || math.IsInf(m.Value, 0) {
				t.Errorf("%s: got valid %v, want a finite value", m.ID, m.Value)
			}
			if !clean {
				if m.ID != inequality.IDN {
					t.Errorf("%s: got valid %v on invalid input, want invalid", m.ID, m.Value)
				}
				continue
			}
			switch m.ID {
			case inequality.IDGini, inequality.IDGiniCorrected, inequality.IDGiniWeighted,
				inequality.IDAtkinson05, inequality.IDAtkinson1, inequality.IDAtkinson2:
				if m.Value < 0 || m.Value > 1 {
					t.Errorf("%s: got %v, want a value in [0, 1]", m.ID, m.Value)
				}
			case inequality.IDTheilT, inequality.IDTheilL, inequality.IDCV,
				inequality.IDTheilTBetween, inequality.IDTheilTWithin,
				inequality.IDTheilLBetween, inequality.IDTheilLWithin:
				if m.Value < 0 {
					t.Errorf("%s: got %v, want a value ≥ 0", m.ID, m.Value)
				}
			}
		}
		for _, ids := range [][3]string{
			{inequality.IDTheilT, inequality.IDTheilTBetween, inequality.IDTheilTWithin},
			{inequality.IDTheilL, inequality.IDTheilLBetween, inequality.IDTheilLWithin},
		} {
			total, _ := inequality.Find(ms, ids[0])
			between, _ := inequality.Find(ms, ids[1])
			within, _ := inequality.Find(ms, ids[2])
			if total.Valid && between.Valid && within.Valid && !near(between.Value+within.Value, total.Value, 1e-9) {
				t.Errorf("%s + %s: got %.15g, want %s %.15g", ids[1], ids[2], between.Value+within.Value, ids[0], total.Value)
			}
		}
		if l := inequality.Lorenz(obs); l != nil {
			if l[0] != (inequality.Point{}) || l[len(l)-1] != (inequality.Point{Pop: 1, Share: 1}) {
				t.Errorf("Lorenz: got ends %v and %v, want (0,0) and (1,1)", l[0], l[len(l)-1])
			}
			for i := 1; i < len(l); i++ {
				if l[i].Pop < l[i-1].Pop || l[i].Share < l[i-1].Share {
					t.Errorf("Lorenz[%d]: got %v after %v, want non-decreasing", i, l[i], l[i-1])
				}
			}
		}
	})
}

// BenchmarkMeasures times Measures over 620,000 communities in 600 streets.
// Run with make bench or go test -run=^$ -bench=Measures ./internal/inequality/.
func BenchmarkMeasures(b *testing.B) {
	r := rand.New(rand.NewPCG(2024, 620000))
	streets := make([]string, 600)
	for i := range streets {
		streets[i] = "street-" + strconv.Itoa(i)
	}
	obs := make([]inequality.Obs, 620000)
	for i := range obs {
		obs[i] = inequality.Obs{
			Value:  r.ExpFloat64() * 3,
			Weight: float64(500 + r.IntN(20000)),
			Group:  streets[r.IntN(len(streets))],
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		inequality.Measures(obs)
	}
}

package access_test

import (
	"math"
	"testing"

	"shequ/internal/access"
)

func TestWeights(t *testing.T) {
	dai := access.Gaussian(1000)
	pysal := access.PySALGaussian(20)
	step := access.Step(map[float64]float64{20: 1, 40: 0.68, 60: 0.22})
	gravity := access.Gravity(20, -2, 1)
	tests := []struct {
		name    string
		w       func(float64) float64
		d, want float64
		tol     float64
	}{
		// Dai (2010) Gaussian, d0 = 1000 m (oracles.md).
		{"Gaussian(1000) at 0", dai, 0, 1, exactTol},
		{"Gaussian(1000) at 250", dai, 250, 0.921806, refTol},
		{"Gaussian(1000) at 500", dai, 500, 0.701367, refTol},
		{"Gaussian(1000) at 750", dai, 750, 0.376926, refTol},
		{"Gaussian(1000) at 1000", dai, 1000, 0, 0},
		{"Gaussian(1000) beyond d0", dai, 1000.001, 0, 0},
		// PySAL weights.gaussian(sigma=20).
		{"PySALGaussian(20) at 0", pysal, 0, 1, exactTol},
		{"PySALGaussian(20) at 20", pysal, 20, 0.6065306597, 1e-10},
		{"PySALGaussian(20) at 40", pysal, 40, 0.1353352832, 1e-10},
		{"PySALGaussian(20) at 60", pysal, 60, 0.0111089965, 1e-10},
		{"PySALGaussian(20) is not truncated", pysal, 100, math.Exp(-12.5), exactTol},
		// PySAL weights.step_fn({20: 1, 40: 0.68, 60: 0.22}): upper bounds
		// inclusive, 0 past the last.
		{"Step at 0", step, 0, 1, 0},
		{"Step at 10", step, 10, 1, 0},
		{"Step at 20", step, 20, 1, 0},
		{"Step at 30", step, 30, 0.68, 0},
		{"Step at 40", step, 40, 0.68, 0},
		{"Step at 50", step, 50, 0.22, 0},
		{"Step at 60", step, 60, 0.22, 0},
		{"Step at 70", step, 70, 0, 0},
		{"Step just past 20", step, 20.000001, 0.68, 0},
		// PySAL weights.gravity(scale=20, alpha=-2, min_dist=1).
		{"Gravity at 0", gravity, 0, 400, exactTol},
		{"Gravity at 1", gravity, 1, 400, exactTol},
		{"Gravity at 2", gravity, 2, 100, exactTol},
		{"Gravity at 20", gravity, 20, 1, exactTol},
		{"Gravity at 40", gravity, 40, 0.25, exactTol},
		{"Gravity at 60", gravity, 60, 1.0 / 9, exactTol},
		{"Inverse at 40", access.Inverse, 40, 0.025, exactTol},
		{"Inverse at 0", access.Inverse, 0, math.Inf(1), 0},
		{"Gravity(1, -1, 0) is Inverse", access.Gravity(1, -1, 0), 40, 0.025, exactTol},
		{"Uniform at 0", access.Uniform, 0, 1, 0},
		{"Uniform at 1e9", access.Uniform, 1e9, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.w(tt.d)
			if !(got == tt.want || math.Abs(got-tt.want) <= tt.tol) {
				t.Errorf("got %.10g, want %.10g (±%g)", got, tt.want, tt.tol)
			}
		})
	}
}

// TestWeightsInvalidParameters checks that a constructor given a parameter
// it cannot use yields NaN, which the 2SFCA rejects, instead of panicking.
func TestWeightsInvalidParameters(t *testing.T) {
	tests := []struct {
		name string
		w    func(float64) float64
	}{
		{"Gaussian(0)", access.Gaussian(0)},
		{"Gaussian(-1)", access.Gaussian(-1)},
		{"Gaussian(NaN)", access.Gaussian(math.NaN())},
		{"Gaussian(+Inf)", access.Gaussian(math.Inf(1))},
		{"PySALGaussian(0)", access.PySALGaussian(0)},
		{"PySALGaussian(NaN)", access.PySALGaussian(math.NaN())},
		{"Step with a negative weight", access.Step(map[float64]float64{10: 1, 20: -0.5})},
		{"Step with a NaN threshold", access.Step(map[float64]float64{math.NaN(): 1})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, d := range []float64{0, 10, 1e6} {
				if got := tt.w(d); !math.IsNaN(got) {
					t.Errorf("at %g got %g, want NaN", d, got)
				}
			}
		})
	}
}

// TestStepCopiesMap checks that Step is unaffected by later map changes.
func TestStepCopiesMap(t *testing.T) {
	m := map[float64]float64{10: 1}
	w := access.Step(m)
	m[10] = 0.5
	m[20] = 0.25
	if got := w(15); got != 0 {
		t.Errorf("w(15) got %g, want 0", got)
	}
	if got := w(10); got != 1 {
		t.Errorf("w(10) got %g, want 1", got)
	}
}

package access_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"shequ/internal/access"
)

// weightFns returns the weight functions the geographic 2SFCA is checked
// with, for a catchment of c metres.
func weightFns(c float64) []struct {
	name string
	w    func(float64) float64
} {
	return []struct {
		name string
		w    func(float64) float64
	}{
		{"Uniform", access.Uniform},
		{"Gaussian", access.Gaussian(c)},
		{"PySALGaussian", access.PySALGaussian(c / 2)},
		{"Step", access.Step(map[float64]float64{c / 3: 1, 2 * c / 3: 0.6, c: 0.2})},
		{"Gravity", access.Gravity(c/10, -1, c/20)},
	}
}

// TestTwoStepMatchesBruteForce compares the indexed 2SFCA with the
// all-pairs computation on random points, cell borders, high latitude, the
// pole and the ±180° meridian.
func TestTwoStepMatchesBruteForce(t *testing.T) {
	ctx := context.Background()
	for _, sc := range scenarios() {
		for _, wf := range weightFns(sc.catchment) {
			t.Run(sc.name+"/"+wf.name, func(t *testing.T) {
				got, err := access.TwoStep(ctx, sc.demand, sc.supply, sc.catchment, wf.w)
				if err != nil {
					t.Fatalf("TwoStep: %v", err)
				}
				want := bruteTwoStep(sc.demand, sc.supply, sc.catchment, wf.w)
				nonzero := 0
				for i := range want {
					if !near(got[i], want[i], bruteTol) {
						t.Errorf("demand %d: got %.15g, want %.15g", i, got[i], want[i])
					}
					if want[i] > 0 {
						nonzero++
					}
				}
				if nonzero == 0 {
					t.Errorf("every value is 0; the scenario tests nothing")
				}
			})
		}
	}
}

// TestTwoStepMatchesTwoStepCosts checks that TwoStep is TwoStepCosts over
// every pair with Haversine costs.
func TestTwoStepMatchesTwoStepCosts(t *testing.T) {
	ctx := context.Background()
	for _, sc := range scenarios()[:3] {
		t.Run(sc.name, func(t *testing.T) {
			p := make([]float64, len(sc.demand))
			s := make([]float64, len(sc.supply))
			var costs []access.Cost
			for i, d := range sc.demand {
				p[i] = d.Weight
				for j, sp := range sc.supply {
					costs = append(costs, access.Cost{I: i, J: j, D: access.Haversine(d.Lat, d.Lon, sp.Lat, sp.Lon)})
				}
			}
			for j, sp := range sc.supply {
				s[j] = sp.Weight
			}
			w := access.Gaussian(sc.catchment)
			want, err := access.TwoStepCosts(p, s, costs, sc.catchment, w)
			if err != nil {
				t.Fatalf("TwoStepCosts: %v", err)
			}
			got, err := access.TwoStep(ctx, sc.demand, sc.supply, sc.catchment, w)
			if err != nil {
				t.Fatalf("TwoStep: %v", err)
			}
			for i := range want {
				if !near(got[i], want[i], bruteTol) {
					t.Errorf("demand %d: got %.15g, want %.15g", i, got[i], want[i])
				}
			}
		})
	}
}

// TestTwoStepHugeCatchment checks that with every pair inside the catchment
// and a uniform weight, every value is total supply / total demand.
func TestTwoStepHugeCatchment(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(7, 7))
	tests := []struct {
		name           string
		demand, supply []access.Point
		catchment      float64
	}{
		{"city, 100 km", box(rng, 500, 30.66, 104.06, 30000, 1000), box(rng, 50, 30.66, 104.06, 30000, 2000), 100000},
		{"globe, half the circumference", globe(rng, 300), globe(rng, 40), math.Pi * access.EarthRadius},
		{"globe, +Inf", globe(rng, 300), globe(rng, 40), math.Inf(1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sumP, sumS float64
			for _, p := range tt.demand {
				sumP += p.Weight
			}
			for _, s := range tt.supply {
				sumS += s.Weight
			}
			got, err := access.TwoStep(ctx, tt.demand, tt.supply, tt.catchment, access.Uniform)
			if err != nil {
				t.Fatalf("TwoStep: %v", err)
			}
			for i, a := range got {
				if !near(a, sumS/sumP, bruteTol) {
					t.Errorf("demand %d: got %.15g, want ΣS/ΣP = %.15g", i, a, sumS/sumP)
				}
			}
		})
	}
}

// TestTwoStepGrid is the 5×5 unit grid of oracles.md on the ground: nodes
// 100 m apart in Chengdu, a 1 km catchment covering every pair.
func TestTwoStepGrid(t *testing.T) {
	var pts []access.Point
	for r := range 5 {
		for c := range 5 {
			pts = append(pts, access.Point{
				Lat:    30.66 + float64(r)*100/metresPerDegree,
				Lon:    104.06 + float64(c)*100/(metresPerDegree*math.Cos(30.66*math.Pi/180)),
				Weight: 1,
			})
		}
	}
	got, err := access.TwoStep(context.Background(), pts, pts, access.Walk15Min, access.Uniform)
	if err != nil {
		t.Fatalf("TwoStep: %v", err)
	}
	for i, a := range got {
		if math.Abs(a-1) > exactTol {
			t.Errorf("node %d: got %.15g, want 1", i, a)
		}
	}
}

func TestNearestDistances(t *testing.T) {
	ctx := context.Background()
	for _, sc := range scenarios() {
		for _, maxR := range []float64{sc.catchment, math.Inf(1)} {
			t.Run(sc.name, func(t *testing.T) {
				got, err := access.NearestDistances(ctx, sc.demand, sc.supply, maxR)
				if err != nil {
					t.Fatalf("NearestDistances: %v", err)
				}
				for i, q := range sc.demand {
					_, want, _ := bruteNearest(q.Lat, q.Lon, sc.supply, maxR)
					if got[i] != want {
						t.Errorf("max %g m, demand %d: got %.9g m, want %.9g m", maxR, i, got[i], want)
					}
				}
			})
		}
	}
	t.Run("no supply", func(t *testing.T) {
		got, err := access.NearestDistances(ctx, []access.Point{{Lat: 30, Lon: 104, Weight: 1}}, nil, math.Inf(1))
		if err != nil {
			t.Fatalf("NearestDistances: %v", err)
		}
		if !math.IsInf(got[0], 1) {
			t.Errorf("got %g, want +Inf", got[0])
		}
	})
}

func TestShareWithin(t *testing.T) {
	pts := func(ws ...float64) []access.Point {
		out := make([]access.Point, len(ws))
		for i, w := range ws {
			out[i] = access.Point{Lat: 30, Lon: 104, Weight: w}
		}
		return out
	}
	inf := math.Inf(1)
	tests := []struct {
		name   string
		demand []access.Point
		dist   []float64
		radius float64
		want   float64
	}{
		{"weighted", pts(100, 300, 600), []float64{200, 800, 1200}, access.Walk15Min, 0.4},
		{"radius is inclusive", pts(100, 300), []float64{300, 301}, access.Walk5Min, 0.25},
		{"none within is +Inf", pts(1, 1), []float64{inf, 10}, access.Walk10Min, 0.5},
		{"zero weight counts for nothing", pts(0, 5), []float64{10, 1e4}, access.Walk5Min, 0},
		{"all within", pts(2, 3), []float64{0, 0}, 0, 1},
		{"length mismatch", pts(1, 1), []float64{1}, 10, math.NaN()},
		{"zero total", pts(0, 0), []float64{1, 1}, 10, math.NaN()},
		{"empty", nil, nil, 10, math.NaN()},
		{"negative weight", pts(1, -1), []float64{1, 1}, 10, math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := access.ShareWithin(tt.demand, tt.dist, tt.radius)
			if !(math.Abs(got-tt.want) <= exactTol || (math.IsNaN(got) && math.IsNaN(tt.want))) {
				t.Errorf("got %g, want %g", got, tt.want)
			}
		})
	}
}

func TestGeographicErrors(t *testing.T) {
	good := []access.Point{{Lat: 30.66, Lon: 104.06, Weight: 10}, {Lat: 30.67, Lon: 104.07, Weight: 5}}
	with := func(i int, p access.Point) []access.Point {
		out := append([]access.Point{}, good...)
		out = append(out, good...)
		out[i] = p
		return out
	}
	tests := []struct {
		name           string
		demand, supply []access.Point
		radius         float64
		w              func(float64) float64
		wantErr        error
		wantField      string
		wantIndex      int
	}{
		{"NaN latitude", with(2, access.Point{Lat: math.NaN(), Lon: 104}), good, 1000, access.Uniform, access.ErrNotFinite, "demand", 2},
		{"infinite longitude", good, with(3, access.Point{Lat: 30, Lon: math.Inf(-1)}), 1000, access.Uniform, access.ErrNotFinite, "supply", 3},
		{"latitude above 90", with(1, access.Point{Lat: 90.5, Lon: 104}), good, 1000, access.Uniform, access.ErrCoordinate, "demand", 1},
		{"latitude below -90", good, with(0, access.Point{Lat: -91, Lon: 104}), 1000, access.Uniform, access.ErrCoordinate, "supply", 0},
		{"longitude beyond 180", with(3, access.Point{Lat: 30, Lon: 180.5}), good, 1000, access.Uniform, access.ErrCoordinate, "demand", 3},
		{"negative weight", good, with(2, access.Point{Lat: 30, Lon: 104, Weight: -3}), 1000, access.Uniform, access.ErrNegative, "supply", 2},
		{"NaN weight", with(0, access.Point{Lat: 30, Lon: 104, Weight: math.NaN()}), good, 1000, access.Uniform, access.ErrNotFinite, "demand", 0},
		{"NaN radius", good, good, math.NaN(), access.Uniform, access.ErrParameter, "", 0},
		{"negative radius", good, good, -1, access.Uniform, access.ErrParameter, "", 0},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run("TwoStep/"+tt.name, func(t *testing.T) {
			_, err := access.TwoStep(ctx, tt.demand, tt.supply, tt.radius, tt.w)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			checkInputError(t, err, tt.wantField, tt.wantIndex)
		})
		t.Run("NearestDistances/"+tt.name, func(t *testing.T) {
			_, err := access.NearestDistances(ctx, tt.demand, tt.supply, tt.radius)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			checkInputError(t, err, tt.wantField, tt.wantIndex)
		})
	}

	weightTests := []struct {
		name      string
		w         func(float64) float64
		wantErr   error
		wantField string
		wantIndex int
	}{
		{"nil weight function", nil, access.ErrParameter, "", 0},
		// Demand 1 sits on supply 1: Inverse(0) = +Inf.
		{"Inverse at distance 0", access.Inverse, access.ErrWeight, "demand", 1},
		{"invalid Gaussian", access.Gaussian(-1), access.ErrWeight, "demand", 0},
	}
	demand := []access.Point{{Lat: 30.66, Lon: 104.061, Weight: 10}, {Lat: 30.67, Lon: 104.07, Weight: 5}}
	for _, tt := range weightTests {
		t.Run("TwoStep/"+tt.name, func(t *testing.T) {
			_, err := access.TwoStep(ctx, demand, good, 1000, tt.w)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			checkInputError(t, err, tt.wantField, tt.wantIndex)
		})
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pts := []access.Point{{Lat: 30, Lon: 104, Weight: 1}}
	tests := []struct {
		name string
		run  func() error
	}{
		{"TwoStep", func() error {
			_, err := access.TwoStep(ctx, pts, pts, 1000, access.Uniform)
			return err
		}},
		{"NearestDistances", func() error {
			_, err := access.NearestDistances(ctx, pts, pts, 1000)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); !errors.Is(err, context.Canceled) {
				t.Errorf("got error %v, want context.Canceled", err)
			}
		})
	}
}

// TwoStepWeights gives, for each weight, exactly what TwoStep gives alone:
// the catchment searches are shared, the sums are made in the same order.
func TestTwoStepWeightsMatchesTwoStep(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	var demand, supply []access.Point
	for i := range 400 {
		demand = append(demand, access.Point{ID: fmt.Sprint(i), Lat: 22.5 + rng.Float64()*0.05, Lon: 113.9 + rng.Float64()*0.05, Weight: float64(rng.IntN(900) + 1)})
	}
	for j := range 40 {
		supply = append(supply, access.Point{ID: fmt.Sprint(j), Lat: 22.5 + rng.Float64()*0.05, Lon: 113.9 + rng.Float64()*0.05, Weight: float64(rng.IntN(1200) + 100)})
	}
	ws := []func(float64) float64{access.Gaussian(1000), access.Uniform, access.Step(map[float64]float64{300: 1, 600: 0.5, 1000: 0.2})}
	both, err := access.TwoStepWeights(context.Background(), demand, supply, 1000, ws...)
	if err != nil {
		t.Fatal(err)
	}
	for k, w := range ws {
		alone, err := access.TwoStep(context.Background(), demand, supply, 1000, w)
		if err != nil {
			t.Fatal(err)
		}
		for i := range alone {
			if both[k][i] != alone[i] {
				t.Fatalf("weight %d, point %d: %v together, %v alone", k, i, both[k][i], alone[i])
			}
		}
	}
}

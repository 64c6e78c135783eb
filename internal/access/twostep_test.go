package access_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"shequ/internal/access"
)

// hospital returns PySAL access's hospital example (tests/
// test_hospital_example.py): three tracts that are both demand (pop) and
// supply (doc) locations, with the cost of each scenario. Each PySAL row
// {"origin": o, "dest": d, "cost": c} becomes Cost{I: o−1, J: d−1, D: c}:
// origin is where the residents live (demand, cost_origin) and dest where the
// doctors are (supply, cost_dest). Tract pairs 1↔2 cost 80, outside
// max_cost 61.
func hospital(inbound, outbound float64) (pop, doc []float64, costs []access.Cost) {
	pop = []float64{100, 50, 10}
	doc = []float64{15, 20, 100}
	costs = []access.Cost{
		{I: 0, J: 0, D: 1}, {I: 1, J: 1, D: 1}, {I: 2, J: 2, D: 1}, // self
		{I: 0, J: 2, D: inbound}, {I: 1, J: 2, D: inbound}, // suburbs → city
		{I: 2, J: 0, D: outbound}, {I: 2, J: 1, D: outbound}, // city → suburbs
		{I: 0, J: 1, D: 80}, {I: 1, J: 0, D: 80}, // cross-city
	}
	return pop, doc, costs
}

func TestTwoStepCostsHospital(t *testing.T) {
	// Scenario 0 by hand (weight 1/cost, costs ≤ 61):
	//   load_1 = 100/1 + 10/40 = 100.25, R_1 = 15/100.25
	//   load_2 =  50/1 + 10/40 =  50.25, R_2 = 20/50.25
	//   load_3 =  10/1 + 100/40 + 50/40 = 13.75, R_3 = 100/13.75
	//   A_1 = R_1 + R_3/40, A_2 = R_2 + R_3/40, A_3 = R_3 + R_1/40 + R_2/40.
	r1, r2, r3 := 15/100.25, 20/50.25, 100/13.75
	// Scenario 1 (inbound 20, outbound 40) pins the direction of the costs:
	//   load_3 = 10 + 100/20 + 50/20 = 17.5, R_3 = 100/17.5; R_1, R_2 as above
	//   A_1 = R_1 + R_3/20, A_2 = R_2 + R_3/20, A_3 = R_3 + R_1/40 + R_2/40.
	// Reading Cost the other way round would give A_1 = 15/100.5 + (100/13.75)/40
	// = 0.331072, which PySAL's own test (access at 1 rises from scenario 0
	// to 1) rules out.
	s3 := 100 / 17.5
	tests := []struct {
		name              string
		inbound, outbound float64
		want              []float64
		tol               float64
	}{
		{"scenario 0, PySAL values", 40, 40, []float64{0.331444, 0.579828, 7.286418}, refTol},
		{"scenario 0, by hand", 40, 40, []float64{r1 + r3/40, r2 + r3/40, r3 + r1/40 + r2/40}, exactTol},
		{"scenario 1, by hand", 20, 40, []float64{r1 + s3/20, r2 + s3/20, s3 + r1/40 + r2/40}, exactTol},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pop, doc, costs := hospital(tt.inbound, tt.outbound)
			got, err := access.TwoStepCosts(pop, doc, costs, 61, access.Inverse)
			if err != nil {
				t.Fatalf("TwoStepCosts: %v", err)
			}
			for i := range tt.want {
				if math.Abs(got[i]-tt.want[i]) > tt.tol {
					t.Errorf("tract %d: got %.9f, want %.9f", i+1, got[i], tt.want[i])
				}
			}
		})
	}

	// PySAL's test_scenario_0_v_1: faster travel into the city raises access
	// in tracts 1 and 2 and lowers it in tract 3.
	t.Run("scenario 0 v 1", func(t *testing.T) {
		p0, d0, c0 := hospital(40, 40)
		p1, d1, c1 := hospital(20, 40)
		a0, err0 := access.TwoStepCosts(p0, d0, c0, 61, access.Inverse)
		a1, err1 := access.TwoStepCosts(p1, d1, c1, 61, access.Inverse)
		if err := errors.Join(err0, err1); err != nil {
			t.Fatalf("TwoStepCosts: %v", err)
		}
		if !(a1[0] > a0[0] && a1[1] > a0[1] && a1[2] < a0[2]) {
			t.Errorf("got scenario 0 %v and 1 %v, want tracts 1, 2 up and 3 down", a0, a1)
		}
	})
}

// grid5 returns a 5×5 grid with one unit of demand and one of supply at each
// node, and the Euclidean cost between every pair of nodes (unit spacing).
func grid5() (demand, supply []float64, costs []access.Cost) {
	for i := range 25 {
		demand = append(demand, 1)
		supply = append(supply, 1)
		for j := range 25 {
			dx, dy := float64(i%5-j%5), float64(i/5-j/5)
			costs = append(costs, access.Cost{I: i, J: j, D: math.Hypot(dx, dy)})
		}
	}
	return demand, supply, costs
}

func TestTwoStepCostsCatchmentCoversAll(t *testing.T) {
	demand, supply, costs := grid5()
	tests := []struct {
		name    string
		maxCost float64
	}{
		{"max cost 100", 100},
		{"max cost +Inf", math.Inf(1)},
		// The longest cost is the diagonal, √32; the bound is inclusive.
		{"max cost exactly the diagonal", math.Sqrt(32)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := access.TwoStepCosts(demand, supply, costs, tt.maxCost, access.Uniform)
			if err != nil {
				t.Fatalf("TwoStepCosts: %v", err)
			}
			// Every value is total supply / total demand = 25/25.
			for i, a := range got {
				if math.Abs(a-1) > exactTol {
					t.Errorf("node %d: got %.15g, want 1", i, a)
				}
			}
		})
	}
}

func TestTwoStepCostsEdgeCases(t *testing.T) {
	tests := []struct {
		name           string
		demand, supply []float64
		costs          []access.Cost
		maxCost        float64
		want           []float64
	}{
		{"cost equal to max cost is inside", []float64{4}, []float64{2}, []access.Cost{{I: 0, J: 0, D: 500}}, 500, []float64{0.5}},
		{"cost just above max cost is outside", []float64{4}, []float64{2}, []access.Cost{{I: 0, J: 0, D: 500}}, math.Nextafter(500, 0), []float64{0}},
		// Supply 1 is reachable only from demand 1, which has no residents:
		// R_1 = 0, not 3/0, and demand 1 gets nothing from it.
		{"zero weighted demand gives R = 0", []float64{4, 0}, []float64{2, 3}, []access.Cost{{I: 0, J: 0, D: 1}, {I: 1, J: 1, D: 1}}, 10, []float64{0.5, 0}},
		{"unlisted pair is unreachable", []float64{1, 1}, []float64{1, 1}, []access.Cost{{I: 0, J: 0, D: 1}}, 10, []float64{1, 0}},
		{"no costs", []float64{1}, []float64{1}, nil, 10, []float64{0}},
		{"no demand", nil, []float64{1}, nil, 10, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := access.TwoStepCosts(tt.demand, tt.supply, tt.costs, tt.maxCost, access.Uniform)
			if err != nil {
				t.Fatalf("TwoStepCosts: %v", err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d values, want %d", len(got), len(tt.want))
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > exactTol {
					t.Errorf("demand %d: got %g, want %g", i, got[i], tt.want[i])
				}
			}
		})
	}
}

// TestTwoStepCostsConservesSupply checks Σ_i P_i·A_i = Σ_j S_j over the
// supplies with some weighted demand, for random costs and each weight.
func TestTwoStepCostsConservesSupply(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	demand := make([]float64, 60)
	supply := make([]float64, 15)
	for i := range demand {
		demand[i] = math.Floor(rng.Float64() * 500)
	}
	for j := range supply {
		supply[j] = 1 + math.Floor(rng.Float64()*50)
	}
	var costs []access.Cost
	for i := range demand {
		for j := range supply {
			if rng.IntN(3) > 0 {
				costs = append(costs, access.Cost{I: i, J: j, D: 1 + rng.Float64()*1500})
			}
		}
	}
	tests := []struct {
		name string
		w    func(float64) float64
	}{
		{"Uniform", access.Uniform},
		{"Gaussian", access.Gaussian(1000)},
		{"PySALGaussian", access.PySALGaussian(500)},
		{"Step", access.Step(map[float64]float64{300: 1, 500: 0.6, 1000: 0.2})},
		{"Gravity", access.Gravity(100, -1.5, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := access.TwoStepCosts(demand, supply, costs, 1000, tt.w)
			if err != nil {
				t.Fatalf("TwoStepCosts: %v", err)
			}
			used := make([]bool, len(supply))
			for _, c := range costs {
				if c.D <= 1000 && demand[c.I]*tt.w(c.D) > 0 {
					used[c.J] = true
				}
			}
			var lhs, rhs float64
			for i, a := range got {
				lhs += demand[i] * a
			}
			for j, s := range supply {
				if used[j] {
					rhs += s
				}
			}
			if !near(lhs, rhs, bruteTol) {
				t.Errorf("Σ P·A got %.12g, want Σ used S %.12g", lhs, rhs)
			}
		})
	}
}

func TestTwoStepCostsErrors(t *testing.T) {
	ok := []access.Cost{{I: 0, J: 0, D: 1}}
	tests := []struct {
		name           string
		demand, supply []float64
		costs          []access.Cost
		maxCost        float64
		w              func(float64) float64
		wantErr        error
		wantField      string // "" when no *InputError is expected
		wantIndex      int
	}{
		{"negative demand", []float64{1, -1}, []float64{1}, ok, 10, access.Uniform, access.ErrNegative, "demand", 1},
		{"NaN supply", []float64{1}, []float64{math.NaN()}, ok, 10, access.Uniform, access.ErrNotFinite, "supply", 0},
		{"infinite demand", []float64{math.Inf(1)}, []float64{1}, ok, 10, access.Uniform, access.ErrNotFinite, "demand", 0},
		{"demand index out of range", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: 0, D: 1}, {I: 1, J: 0, D: 1}}, 10, access.Uniform, access.ErrCostIndex, "costs", 1},
		{"negative supply index", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: -1, D: 1}}, 10, access.Uniform, access.ErrCostIndex, "costs", 0},
		{"NaN cost", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: 0, D: math.NaN()}}, 10, access.Uniform, access.ErrNotFinite, "costs", 0},
		{"negative cost", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: 0, D: -1}}, 10, access.Uniform, access.ErrNegative, "costs", 0},
		{"duplicate pair", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: 0, D: 1}, {I: 0, J: 0, D: 2}}, 10, access.Uniform, access.ErrDuplicateCost, "costs", 1},
		{"NaN max cost", []float64{1}, []float64{1}, ok, math.NaN(), access.Uniform, access.ErrParameter, "", 0},
		{"negative max cost", []float64{1}, []float64{1}, ok, -1, access.Uniform, access.ErrParameter, "", 0},
		{"nil weight function", []float64{1}, []float64{1}, ok, 10, nil, access.ErrParameter, "", 0},
		{"Inverse at cost 0", []float64{1}, []float64{1}, []access.Cost{{I: 0, J: 0, D: 0}}, 10, access.Inverse, access.ErrWeight, "costs", 0},
		{"invalid Gaussian", []float64{1}, []float64{1}, ok, 10, access.Gaussian(0), access.ErrWeight, "costs", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := access.TwoStepCosts(tt.demand, tt.supply, tt.costs, tt.maxCost, tt.w)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("got error %v, want %v", err, tt.wantErr)
			}
			checkInputError(t, err, tt.wantField, tt.wantIndex)
		})
	}
}

// checkInputError checks that err is an *InputError at field[index], or no
// *InputError when field is "".
func checkInputError(t *testing.T, err error, field string, index int) {
	t.Helper()
	var ie *access.InputError
	isInput := errors.As(err, &ie)
	switch {
	case field == "" && isInput:
		t.Errorf("got *InputError %v, want a parameter error", err)
	case field != "" && !isInput:
		t.Errorf("got %v, want an *InputError at %s[%d]", err, field, index)
	case field != "" && (ie.Field != field || ie.Index != index):
		t.Errorf("got error at %s[%d], want %s[%d] (%v)", ie.Field, ie.Index, field, index, err)
	}
}

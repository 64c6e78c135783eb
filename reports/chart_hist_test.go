package reports

import (
	"errors"
	"math"
	"slices"
	"testing"

	"shequ/indicators"
)

// TestChartHistogramBins works the bin rule by hand.
func TestChartHistogramBins(t *testing.T) {
	evenly := make([]float64, 0, 1002)
	for i := 0; i <= 1000; i++ {
		evenly = append(evenly, float64(i)/1000)
	}
	evenly = append(evenly, 1000)
	tests := []struct {
		name   string
		vs     []float64
		lo, w  float64
		counts []int
		nulls  int
	}{
		// 1…10: IQR 7.75 − 3.25 = 4.5; 2 × 4.5 / ∛10 = 4.18 → 5; from 0:
		// [0, 5) holds 1–4, [5, 10] holds 5–10.
		{"one to ten", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.NaN()}, 0, 5, []int{4, 6}, 1},
		// All equal: one bin a tenth of the value wide, rounded up: 0.5.
		{"equal", []float64{3, 3, 3}, 3, 0.5, []int{3}, 0},
		// IQR 0: Sturges, ⌈log₂ 10⌉ + 1 = 5 bins of 10/5 = 2.
		{"iqr zero", []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 10}, 0, 2, []int{9, 0, 0, 0, 1}, 0},
		// 0, 0.001, …, 1 and 1000: IQR 0.5, 2 × 0.5 / ∛1002 = 0.0999 →
		// 0.1, 10,000 bins; widened 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20:
		// 50 bins, the first holding the 1,001 small values.
		{"outlier", evenly, 0, 20, append(append([]int{1001}, make([]int, 48)...), 1), 0},
		{"none", []float64{math.NaN(), math.Inf(1)}, 0, 0, nil, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bins, nulls := histogramBins(tc.vs)
			var counts []int
			for i, b := range bins {
				counts = append(counts, b.Count)
				if !chartNear(b.Lo, tc.lo+tc.w*float64(i)) || !chartNear(b.Hi-b.Lo, tc.w) {
					t.Errorf("bin %d [%v, %v), want [%v, %v)", i, b.Lo, b.Hi, tc.lo+tc.w*float64(i), tc.lo+tc.w*float64(i+1))
				}
			}
			if !slices.Equal(counts, tc.counts) || nulls != tc.nulls {
				t.Errorf("counts %v, nulls %d; want %v, %d", counts, nulls, tc.counts, tc.nulls)
			}
		})
	}
}

// TestChartHistogram draws the bins of 1…10 against "≥ 5". The axis
// runs from 0 to 10 (step 2) over 720 − 58 − 16 = 646 px from x = 58: the
// bin [0, 5) spans 58–381 (less half a pixel each side), wholly short of
// the standard (orange); [5, 10] spans 381–704 (purple); the standard is
// at 381. Counts 4 and 6 on an axis to 10 over 200 px are 80 and 120 high.
func TestChartHistogram(t *testing.T) {
	ind := &indicators.Indicator{Format: "decimal1", Direction: indicators.HigherIsBetter, StandardOp: ">=", StandardValue: 5}
	bins, nulls := histogramBins([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, math.NaN()})
	svg, caption, err := histogramChart(histSpec{ID: "hist-x", Title: "X", Ind: ind, Bins: bins, Nulls: nulls, Labels: histLabels{
		Unit: "m²", Standard: "standard ≥ 5", Count: "communities", Fails: "below standard", Rest: "the rest", NoValue: "%s without a value"}})
	if err != nil {
		t.Fatal(err)
	}
	if caption != "1 without a value" {
		t.Errorf("caption %q", caption)
	}
	root := chartParse(t, svg, "hist-x", "X")
	type bar struct {
		x, w, h float64
		fill    string
	}
	var got []bar
	for _, r := range root.all("rect") {
		if r.title() != "" {
			got = append(got, bar{r.num(t, "x"), r.num(t, "width"), r.num(t, "height"), r.attr("fill")})
		}
	}
	want := []bar{{58.5, 322, 80, chartFails[1]}, {381.5, 322, 120, chartMeets[1]}}
	if len(got) != len(want) {
		t.Fatalf("bars %v, want %v", got, want)
	}
	for i := range want {
		if !chartNear(got[i].x, want[i].x) || !chartNear(got[i].w, want[i].w) || !chartNear(got[i].h, want[i].h) || got[i].fill != want[i].fill {
			t.Errorf("bar %d: %v, want %v", i, got[i], want[i])
		}
	}
	for _, l := range []string{"m²", "standard ≥ 5", "below standard", "the rest", "communities"} {
		if !chartHasText(root.texts(), l) {
			t.Errorf("no text %q in %q", l, root.texts())
		}
	}
	if _, _, err := histogramChart(histSpec{ID: "h", Bins: []histBin{{0, 2, 1}, {1, 3, 1}}}); !errors.Is(err, errChartInput) {
		t.Errorf("overlapping bins: err %v, want errChartInput", err)
	}
}

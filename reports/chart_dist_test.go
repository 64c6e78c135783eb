package reports

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"shequ/indicators"
)

var chartBoxLabels = boxLabels{Unit: "%", Standard: "standard ≥ 50%", Box: "P25–P75", Whiskers: "P5–P95",
	Median: "median", Mean: "mean", NoValue: "no value", More: "%s more groups not drawn"}

var chartHalf = &indicators.Indicator{Format: "percent", Direction: indicators.HigherIsBetter, StandardOp: ">=", StandardValue: 0.5}

// TestChartBox works a box plot by hand. The labels are short, so the
// label column is its least, 110 px; the plot runs to 720 − 16 = 704, 594
// px wide. The values (and the standard, 0.5) run from 0.1 to 0.9: a
// fifth of 0.8 rounds up to a step of 0.2, so the axis runs from 0 to 1.
// Group A's median 0.4 is at 110 + 594 × 0.4 = 347.6, its box from 0.3
// (288.2) to 0.6 (466.4), its mean 0.45 at 377.3; the standard at 407.
// The first row is centred at 44 + 18/2 = 53.
func TestChartBox(t *testing.T) {
	spec := boxSpec{ID: "box-sat", Title: "Satisfaction by model", Ind: chartHalf, Labels: chartBoxLabels, Groups: []boxGroup{
		{Label: "A", Color: "#2e6db4", N: 10, P5: 0.1, P25: 0.3, P50: 0.4, P75: 0.6, P95: 0.9, Mean: 0.45},
		{Label: "B", N: 1234, P5: 0.2, P25: 0.2, P50: 0.5, P75: 0.5, P95: 0.8, Mean: 0.5},
		{Label: "C", N: 0},
	}}
	svg, caption, err := boxChart(spec)
	if err != nil {
		t.Fatal(err)
	}
	if caption != "" {
		t.Errorf("caption %q, want none", caption)
	}
	root := chartParse(t, svg, "box-sat", "Satisfaction by model")
	texts := root.texts()
	for _, l := range []string{"A (n=10)", "B (n=1,234)", "C (n=0)", "no value", "standard ≥ 50%", "0%", "100%", "median", "mean"} {
		if !chartHasText(texts, l) {
			t.Errorf("no text %q in %q", l, texts)
		}
	}
	var a *chartNode
	for _, g := range root.all("g") {
		if g.title() != "" && g.title()[:1] == "A" {
			a = g
		}
	}
	if a == nil {
		t.Fatal("no group A")
	}
	var median, box, mean bool
	for _, l := range a.all("line") {
		if l.attr("stroke-width") == "2" {
			median = chartNear(l.num(t, "x1"), 347.6) && chartNear(l.num(t, "x2"), 347.6) && l.num(t, "y1") < 53 && l.num(t, "y2") > 53
		}
	}
	for _, r := range a.all("rect") {
		box = chartNear(r.num(t, "x"), 288.2) && chartNear(r.num(t, "width"), 178.2)
	}
	for _, c := range a.all("circle") {
		mean = chartNear(c.num(t, "cx"), 377.3) && chartNear(c.num(t, "cy"), 53)
	}
	if !median || !box || !mean {
		t.Errorf("group A: median at 347.6 %v, box 288.2 + 178.2 %v, mean at (377.3, 53) %v", median, box, mean)
	}
	std := false
	for _, l := range root.all("line") {
		std = std || (l.attr("stroke") == chartStandard && chartNear(l.num(t, "x1"), 407))
	}
	if !std {
		t.Error("no standard line at x = 407")
	}
}

// TestChartBoxMany: 40 groups fit one A4 page (rows of 13 px); 61 groups
// draw 60 and the caption counts the one left out.
func TestChartBoxMany(t *testing.T) {
	var gs []boxGroup
	for i := range 61 {
		v := float64(i) / 100
		gs = append(gs, boxGroup{Label: fmt.Sprintf("街道 %d", i), N: 20, P5: v, P25: v + 0.05, P50: v + 0.1, P75: v + 0.15, P95: v + 0.2, Mean: v + 0.1})
	}
	for _, n := range []int{40, 61} {
		svg, caption, err := boxChart(boxSpec{ID: "box-many", Title: "街道分布", Ind: chartHalf, Labels: chartBoxLabels, Groups: gs[:n]})
		if err != nil {
			t.Fatal(err)
		}
		root := chartParse(t, svg, "box-many", "街道分布")
		drawn := min(n, boxMaxGroups)
		if got := len(root.all("g")); got != drawn {
			t.Errorf("%d groups: %d boxes, want %d", n, got, drawn)
		}
		if h := root.num(t, "height"); h != 44+13*float64(drawn)+34 {
			t.Errorf("%d groups: height %v, want %v", n, h, 44+13*float64(drawn)+34)
		}
		want := ""
		if n > boxMaxGroups {
			want = "1 more groups not drawn"
		}
		if caption != want {
			t.Errorf("%d groups: caption %q, want %q", n, caption, want)
		}
	}
}

// TestChartBoxBad: quantiles out of order, not numbers, or a negative
// count are errors that name the group.
func TestChartBoxBad(t *testing.T) {
	for name, g := range map[string]boxGroup{
		"order": {Label: "X", N: 3, P5: 0.1, P25: 0.5, P50: 0.4, P75: 0.6, P95: 0.9, Mean: 0.4},
		"nan":   {Label: "X", N: 3, P5: 0.1, P25: 0.3, P50: math.NaN(), P75: 0.6, P95: 0.9, Mean: 0.4},
		"count": {Label: "X", N: -1},
	} {
		_, _, err := boxChart(boxSpec{ID: "b", Groups: []boxGroup{g}})
		if !errors.Is(err, errChartInput) {
			t.Errorf("%s: err %v, want errChartInput", name, err)
		}
	}
}

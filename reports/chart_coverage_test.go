package reports

import (
	"errors"
	"fmt"
	"testing"
)

var chartCoverageLabels = coverageLabels{Unit: "share of communities covered", NoValue: "no communities",
	More: "the %[1]s lowest shown; %[2]s more in the workbook"}

var chartTargets = []coverageTarget{{1, "urban target 100%"}, {0.8, "rural target 80%"}}

// TestChartCoverage works bars by hand. The labels are short: the label
// column is 110 px, and the axis runs from 0 at 110 to 100 % at
// 720 − 70 = 650, 540 px. 17 of 23 is a bar 540 × 17/23 = 399.13 long,
// "17/23" written at 110 + 399.13 + 4 = 513.13; the targets are at 650
// and 110 + 540 × 0.8 = 542. 4 of 5 is a bar 432 long, ending on the
// 80 % target; 5 of 5 ends on the 100 % one, 540 long.
func TestChartCoverage(t *testing.T) {
	svg, caption, err := coverageChart(coverageSpec{ID: "coverage-centre", Title: "Centres", Labels: chartCoverageLabels,
		Targets: chartTargets, Groups: []coverageGroup{{Label: "A", Covered: 17, Total: 23}, {Label: "B", Covered: 5, Total: 5}, {Label: "C"},
			{Label: "D", Covered: 4, Total: 5, Color: "#2e6db4"}}})
	if err != nil {
		t.Fatal(err)
	}
	if caption != "" {
		t.Errorf("caption %q, want none", caption)
	}
	root := chartParse(t, svg, "coverage-centre", "Centres")
	var bar, kn bool
	for _, r := range root.all("rect") {
		bar = bar || (r.title() == "A: 17/23 (73.9%)" && chartNear(r.num(t, "x"), 110) && chartNear(r.num(t, "width"), 399.13))
	}
	for _, x := range root.all("text") {
		kn = kn || (x.Text == "17/23" && chartNear(x.num(t, "x"), 513.13))
	}
	if !bar || !kn {
		t.Errorf("bar of 17/23 from 110, 399.13 long: %v; its text at 513.13: %v", bar, kn)
	}
	widths := map[string]float64{}
	for _, r := range root.all("rect") {
		if r.title() != "" {
			widths[r.title()] = r.num(t, "width")
			if r.title() == "D: 4/5 (80.0%)" && r.attr("fill") != "#2e6db4" {
				t.Errorf("D filled %s, want its own #2e6db4", r.attr("fill"))
			}
		}
	}
	for tip, want := range map[string]float64{"D: 4/5 (80.0%)": 432, "B: 5/5 (100.0%)": 540} {
		if w, ok := widths[tip]; !ok || !chartNear(w, want) {
			t.Errorf("bar %q %v px wide (drawn: %v), want %v", tip, w, ok, want)
		}
	}
	targets := 0
	for _, l := range root.all("line") {
		if l.attr("stroke") == chartStandard && l.num(t, "y2") > 40 && (chartNear(l.num(t, "x1"), 650) || chartNear(l.num(t, "x1"), 542)) {
			targets++
		}
	}
	if targets != 2 {
		t.Errorf("%d target lines at 650 and 542, want 2", targets)
	}
	for _, l := range []string{"5/5", "no communities", "urban target 100%", "rural target 80%"} {
		if !chartHasText(root.texts(), l) {
			t.Errorf("no text %q in %q", l, root.texts())
		}
	}
}

// TestChartCoverageMany: of 100 streets, k = 100 − i of 100, the 30 lowest
// (i = 99 down to 70) are drawn, lowest first, and the caption says 70
// more.
func TestChartCoverageMany(t *testing.T) {
	var gs []coverageGroup
	for i := range 100 {
		gs = append(gs, coverageGroup{Label: fmt.Sprintf("街道%02d", i), Covered: 100 - i, Total: 100})
	}
	svg, caption, err := coverageChart(coverageSpec{ID: "coverage-street", Title: "街道", Labels: chartCoverageLabels, Targets: chartTargets, Groups: gs})
	if err != nil {
		t.Fatal(err)
	}
	if want := "the 30 lowest shown; 70 more in the workbook"; caption != want {
		t.Errorf("caption %q, want %q", caption, want)
	}
	root := chartParse(t, svg, "coverage-street", "街道")
	var kns []string
	for _, x := range root.all("text") {
		if len(x.Text) > 4 && x.Text[len(x.Text)-4:] == "/100" {
			kns = append(kns, x.Text)
		}
	}
	if len(kns) != 30 || kns[0] != "1/100" || kns[29] != "30/100" {
		t.Errorf("counts drawn %q, want 1/100 … 30/100", kns)
	}
	if chartHasText(root.texts(), "街道69") || !chartHasText(root.texts(), "街道70") || !chartHasText(root.texts(), "街道99") {
		t.Errorf("streets drawn %q, want 街道99 … 街道70", root.texts())
	}
}

// TestChartCoverageBad: k above n, or a target that is not a share.
func TestChartCoverageBad(t *testing.T) {
	for name, spec := range map[string]coverageSpec{
		"k > n":  {ID: "c", Groups: []coverageGroup{{Label: "X", Covered: 3, Total: 2}}},
		"target": {ID: "c", Groups: []coverageGroup{{Label: "X", Covered: 1, Total: 2}}, Targets: []coverageTarget{{80, "80"}}},
	} {
		if _, _, err := coverageChart(spec); !errors.Is(err, errChartInput) {
			t.Errorf("%s: err %v, want errChartInput", name, err)
		}
	}
}

package reports

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"shequ/indicators"
)

var chartChangeLabels = changeLabels{Unit: "%", Standard: "standard ≥ 75%", PrevPeriod: "2015", CurPeriod: "2020",
	Improved: "improved", Declined: "declined", Held: "held", Changed: "changed", PP: "pp",
	NoPrev: "no 2015 value", NoCur: "no 2020 value", More: "%s more not drawn"}

// TestChartChange works a dumbbell chart by hand. The labels are short:
// the label column is 110 px and the axis runs from 110 + 6 = 116 over
// 720 − 110 − 8 − 96 − 12 = 494 px. The values and the standard run from
// 0.5 to 0.8; a fifth of 0.3 rounds up to 0.1, so the axis is 0.5 to 0.8
// and 0.6 is at 116 + 494/3 = 280.67, 0.7 at 445.33, the standard 0.75 at
// 527.67.
func TestChartChange(t *testing.T) {
	spec := changeSpec{ID: "change-sat", Title: "Satisfaction, 2015 to 2020", Ind: chartSat75, Labels: chartChangeLabels,
		Groups: []changeGroup{
			{Label: "A", Prev: 0.6, Cur: 0.7},        // +10 pp, improved
			{Label: "B", Prev: 0.8, Cur: 0.7},        // −10 pp, declined
			{Label: "C", Prev: 0.5, Cur: 0.5004},     // +0.04 pp rounds to 0.0: held
			{Label: "D", Prev: math.NaN(), Cur: 0.6}, // no 2015 value
		}}
	svg, caption, err := changeChart(spec)
	if err != nil {
		t.Fatal(err)
	}
	if want := "improved 1 · declined 1 · held 1"; caption != want {
		t.Errorf("caption %q, want %q", caption, want)
	}
	root := chartParse(t, svg, "change-sat", "Satisfaction, 2015 to 2020")
	texts := root.texts()
	for _, l := range []string{"+10.0 pp", "-10.0 pp", "0.0 pp", "no 2015 value", "2015", "2020", "improved", "declined", "standard ≥ 75%"} {
		if !chartHasText(texts, l) {
			t.Errorf("no text %q in %q", l, texts)
		}
	}
	for _, g := range root.all("g") {
		if g.title() != "A: 2015 60.0% → 2020 70.0% (+10.0 pp, improved)" {
			continue
		}
		cs := g.all("circle")
		if len(cs) != 2 || !chartNear(cs[0].num(t, "cx"), 280.67) || !chartNear(cs[1].num(t, "cx"), 445.33) {
			t.Fatalf("A's dots %v, want at 280.67 and 445.33", cs)
		}
		if cs[0].attr("fill") != "#ffffff" || cs[1].attr("fill") != chartImproved {
			t.Errorf("A's dots filled %s and %s, want hollow then %s", cs[0].attr("fill"), cs[1].attr("fill"), chartImproved)
		}
		return
	}
	t.Error("no dumbbell for A")
}

// TestChartChangeDirection judges a change by the indicator's direction.
func TestChartChangeDirection(t *testing.T) {
	tests := []struct {
		dir       string
		prev, cur float64
		want      string
	}{
		{indicators.HigherIsBetter, 1, 2, "improved"},
		{indicators.HigherIsBetter, 2, 1, "declined"},
		{indicators.LowerIsBetter, 10, 8, "improved"},
		{indicators.LowerIsBetter, 8, 10, "declined"},
		{indicators.LowerIsBetter, 8, 8.004, "held"}, // decimal2: 0.00
		{indicators.Neutral, 1, 2, "changed"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %v to %v", tc.dir, tc.prev, tc.cur), func(t *testing.T) {
			ind := &indicators.Indicator{Format: "decimal2", Direction: tc.dir}
			svg, caption, err := changeChart(changeSpec{ID: "c", Title: "t", Ind: ind, Labels: chartChangeLabels,
				Groups: []changeGroup{{Label: "X", Prev: tc.prev, Cur: tc.cur}}})
			if err != nil {
				t.Fatal(err)
			}
			chartParse(t, svg, "c", "t")
			if caption != tc.want+" 1" {
				t.Errorf("caption %q, want %q", caption, tc.want+" 1")
			}
		})
	}
	if _, _, err := changeChart(changeSpec{ID: "c"}); !errors.Is(err, errChartInput) {
		t.Errorf("no indicator: err %v, want errChartInput", err)
	}
}

package reports

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
)

// chartRender is one chart drawn from a spec.
type chartRender struct {
	name, id string
	maxBytes int
	draw     func() (svg, caption string, err error)
}

// chartAll draws every kind of chart with groups rows, and a map of
// points communities split over panels; every group and community
// labelled label and every word of the labels set to word.
func chartAll(title, label, word string, groups, points, panels int) []chartRender {
	w := word
	box := boxSpec{ID: "box", Title: title, Ind: chartSat75,
		Labels: boxLabels{Unit: w, Standard: w, Box: w, Whiskers: w, Median: w, Mean: w, NoValue: w, More: w + " %s"}}
	change := changeSpec{ID: "change", Title: title, Ind: chartSat75, Labels: changeLabels{Unit: w, Standard: w, PrevPeriod: w,
		CurPeriod: w, Improved: w, Declined: w, Held: w, Changed: w, PP: w, NoPrev: w, NoCur: w, More: w + " %s"}}
	cov := coverageSpec{ID: "coverage", Title: title, MaxRows: 1000, Labels: coverageLabels{Unit: w, NoValue: w, More: w + " %[1]s %[2]s"},
		Targets: []coverageTarget{{1, w}, {0.8, w}, {0.5, w}}}
	vals := make([]float64, 0, groups)
	for i := range groups {
		v := float64(i%97) / 96
		vals = append(vals, v)
		box.Groups = append(box.Groups, boxGroup{Label: label + fmt.Sprint(i), Color: "#2e6db4", N: 1_000_000 + i,
			P5: v / 5, P25: v / 4, P50: v / 3, P75: v / 2, P95: v, Mean: v / 2.5})
		change.Groups = append(change.Groups, changeGroup{Label: label + fmt.Sprint(i), Prev: v, Cur: 1 - v})
		cov.Groups = append(cov.Groups, coverageGroup{Label: label + fmt.Sprint(i), Covered: 999_999 - i, Total: 1_000_000})
	}
	// A histogram of histMaxBins bins, the most it draws.
	var bins []histBin
	for i := range histMaxBins {
		bins = append(bins, histBin{Lo: float64(i) / histMaxBins, Hi: float64(i+1) / histMaxBins, Count: 1_000_000 + i})
	}
	hist := histSpec{ID: "hist", Title: title, Ind: chartSat75, Bins: bins, Nulls: 12_345,
		Labels: histLabels{Unit: w, Standard: w, Count: w, Fails: w, Rest: w, NoValue: w + " %s"}}
	// The map: communities spread over China, each labelled, as dots up
	// to mapMaxDots and as cells above.
	pts := chartCommunities(points)
	for i := range pts {
		pts[i].Label = label + fmt.Sprint(i)
	}
	m := mapSpec{ID: "map", Title: title, Ind: chartSat75, ScaleBar: true, Labels: mapLabels{Unit: w, Standard: w, NoValue: w,
		Communities: w + " %s", CellSize: w + " %s", Cells: w + " %[1]s %[2]s", NoCoords: w + " %s", More: w + " %[1]s %[2]s", Km: w}}
	for p := range panels {
		m.Panels = append(m.Panels, mapPanel{Name: label + fmt.Sprint(p), Color: "#2e6db4", Points: pts[p*len(pts)/panels : (p+1)*len(pts)/panels]})
	}
	return []chartRender{
		{"box", "box", boxMaxBytes, func() (string, string, error) { return boxChart(box) }},
		{"change", "change", changeMaxBytes, func() (string, string, error) { return changeChart(change) }},
		{"coverage", "coverage", coverageMaxBytes, func() (string, string, error) { return coverageChart(cov) }},
		{"hist", "hist", histMaxBytes, func() (string, string, error) { return histogramChart(hist) }},
		{"hist-binned", "hist-binned", histMaxBytes, func() (string, string, error) {
			b, nulls := histogramBins(vals)
			return histogramChart(histSpec{ID: "hist-binned", Title: title, Ind: chartSat75, Bins: b, Nulls: nulls, Labels: hist.Labels})
		}},
		{"map", "map", mapMaxBytes, func() (string, string, error) { return mapChart(m) }},
	}
}

// TestChartBounds draws every chart from the worst input it takes: more
// groups than it draws, labels of 200 "&" (each escaped to 5 bytes),
// seven-digit counts; the map as mapMaxDots labelled dots in 13 panels
// (one more than it draws), and as cells for 600,000 communities. Each
// stays within the bound its doc comment states.
func TestChartBounds(t *testing.T) {
	amp := strings.Repeat("&", 200)
	cases := chartAll(amp, amp, amp, 1000, mapMaxDots, 13)
	cells := chartAll(amp, amp, amp, 0, 600_000, 13)[5]
	cells.name = "map cells"
	cases = append(cases, cells)
	for _, c := range cases {
		svg, caption, err := c.draw()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		t.Logf("%s: %d bytes (bound %d); caption %d bytes", c.name, len(svg), c.maxBytes, len(caption))
		if len(svg) == 0 || len(svg) > c.maxBytes {
			t.Errorf("%s: %d bytes, want 1 to %d", c.name, len(svg), c.maxBytes)
		}
		chartParse(t, svg, c.id, chartFit(amp, chartTitleMax))
	}
}

// TestChartEscape gives every chart a title and labels with markup, quotes
// and a NUL: the SVG is well-formed XML whose title and labels read back
// as given, the NUL as U+FFFD, and no element comes from the labels.
func TestChartEscape(t *testing.T) {
	const nasty = `<b a="x">T&'J'</b>]]>` + "\x00"
	const want = `<b a="x">T&'J'</b>]]>` + "\uFFFD"
	for _, c := range chartAll(nasty, nasty, nasty, 3, 3, 2) {
		svg, _, err := c.draw()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		root := chartParse(t, svg, c.id, want)
		if got := root.attr("aria-label"); got != want {
			t.Errorf("%s: aria-label %q, want %q", c.name, got, want)
		}
		if n := len(root.all("b")); n != 0 {
			t.Errorf("%s: %d <b> elements from the labels", c.name, n)
		}
		if !chartContains(root.texts(), want) {
			t.Errorf("%s: no text holds the label %q: %q", c.name, want, root.texts())
		}
	}
}

// TestChartDeterministic: the same spec gives the same bytes, the map as
// dots and as cells.
func TestChartDeterministic(t *testing.T) {
	for _, n := range []int{500, 20_000} {
		a, b := chartAll("T", "社区", "w", 100, n, 3), chartAll("T", "社区", "w", 100, n, 3)
		for i := range a {
			s1, c1, err1 := a[i].draw()
			s2, c2, err2 := b[i].draw()
			if s1 != s2 || c1 != c2 || err1 != nil || err2 != nil {
				t.Errorf("%s with %d groups: two drawings differ (%d and %d bytes, errors %v, %v)", a[i].name, n, len(s1), len(s2), err1, err2)
			}
		}
	}
}

// TestChartBadInput: ids that are empty, too long or not [A-Za-z0-9_-],
// and colours that are not #rrggbb, are errors, for every chart.
func TestChartBadInput(t *testing.T) {
	good := boxGroup{Label: "A", N: 1, P5: 1, P25: 1, P50: 1, P75: 1, P95: 1, Mean: 1}
	for _, id := range []string{"", "a b", `x"y`, "图", strings.Repeat("a", chartIDMax+1)} {
		if _, _, err := boxChart(boxSpec{ID: id, Groups: []boxGroup{good}}); !errors.Is(err, errChartInput) {
			t.Errorf("box id %q: err %v, want errChartInput", id, err)
		}
		for _, c := range []error{
			func() error { _, _, err := mapChart(mapSpec{ID: id}); return err }(),
			func() error { _, _, err := changeChart(changeSpec{ID: id, Ind: chartSat75}); return err }(),
			func() error { _, _, err := coverageChart(coverageSpec{ID: id}); return err }(),
			func() error { _, _, err := histogramChart(histSpec{ID: id}); return err }(),
		} {
			if !errors.Is(c, errChartInput) {
				t.Errorf("id %q: err %v, want errChartInput", id, c)
			}
		}
	}
	if err := chartCheckID("x", "model-sat_2020", ""); err != nil {
		t.Errorf("a good id: %v", err)
	}
	for _, col := range []string{"red", `#123456" onload="x`, "#12345g", "#12345"} {
		g := good
		g.Color = col
		_, _, err1 := boxChart(boxSpec{ID: "b", Groups: []boxGroup{g}})
		_, _, err2 := coverageChart(coverageSpec{ID: "c", Groups: []coverageGroup{{Label: "A", Color: col}}})
		_, _, err3 := mapChart(mapSpec{ID: "m", Panels: []mapPanel{{Name: "A", Color: col}}})
		if !errors.Is(err1, errChartInput) || !errors.Is(err2, errChartInput) || !errors.Is(err3, errChartInput) {
			t.Errorf("colour %q: errors %v, %v, %v; want errChartInput", col, err1, err2, err3)
		}
	}
	var many []histBin
	for i := range histMaxBins + 1 {
		many = append(many, histBin{Lo: float64(i), Hi: float64(i + 1)})
	}
	if _, _, err := histogramChart(histSpec{ID: "h", Bins: many}); !errors.Is(err, errChartInput) {
		t.Errorf("%d bins: err %v, want errChartInput", len(many), err)
	}
	if _, _, err := coverageChart(coverageSpec{ID: "c", Targets: make([]coverageTarget, coverageMaxTargets+1)}); !errors.Is(err, errChartInput) {
		t.Errorf("%d targets: err %v, want errChartInput", coverageMaxTargets+1, err)
	}
}

// TestChartMapThreshold: mapMaxDots communities with a place are dots
// (one circle each, and the legend's key); one more and they are cells
// (the legend's key the only circle). 13 panels draw 12 and the caption
// counts the one left out and its communities.
func TestChartMapThreshold(t *testing.T) {
	for _, tc := range []struct{ n, circles int }{{mapMaxDots, mapMaxDots + 1}, {mapMaxDots + 1, 1}} {
		pts := make([]mapPoint, tc.n)
		for i := range pts {
			pts[i] = mapPoint{Lon: 100 + float64(i%60)/10, Lat: 30 + float64(i/60)/10, Value: 0.8}
		}
		svg, _, err := mapChart(mapSpec{ID: "m", Title: "t", Ind: chartSat75, Labels: chartMapLabels, Panels: []mapPanel{{Name: "All", Points: pts}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(chartParse(t, svg, "m", "t").all("circle")); got != tc.circles {
			t.Errorf("%d communities: %d circles, want %d", tc.n, got, tc.circles)
		}
	}
	var panels []mapPanel
	for i := range 13 {
		panels = append(panels, mapPanel{Name: fmt.Sprintf("P%02d", i), Points: []mapPoint{{Lon: 100 + float64(i), Lat: 30, Value: 0.8}, {Lon: math.NaN()}}})
	}
	svg, caption, err := mapChart(mapSpec{ID: "m", Title: "t", Ind: chartSat75, Labels: chartMapLabels, Panels: panels})
	if err != nil {
		t.Fatal(err)
	}
	texts := chartParse(t, svg, "m", "t").texts()
	if !chartHasText(texts, "P11 · 1 communities") || chartContains(texts, "P12") {
		t.Errorf("panels drawn %q, want P00 … P11", texts)
	}
	if want := "12 without coordinates. 1 more panels (2 communities) not drawn."; caption != want {
		t.Errorf("caption %q, want %q", caption, want)
	}
}

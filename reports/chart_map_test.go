package reports

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"shequ/indicators"
)

var chartMapLabels = mapLabels{
	Unit: "%", Standard: "standard ≥ 75%", NoValue: "no value", Communities: "%s communities",
	CellSize: "cells ≈ %s km", Cells: "%[1]s communities in %[2]s cells.", NoCoords: "%s without coordinates.", Km: "km",
	More: "%[1]s more panels (%[2]s communities) not drawn.",
}

var chartSat75 = &indicators.Indicator{ID: "sat", Format: "percent", Direction: indicators.HigherIsBetter, StandardOp: ">=", StandardValue: 0.75}

// TestChartMapDots places two communities by hand. One panel: 720 px wide;
// its box starts below the legend (46) and its header (18), at y = 64.
// The points span 1° of longitude and 1° of latitude around 22.5° N, so
// the projected extent is cos 22.5° = 0.92388 wide and 1 high; the box's
// height is its width less the margins times that aspect, 700 × 1.08239 +
// 20 = 777.7, held to 640. Inside the 10 px margin (700 × 620 px) the
// scale is min(700/0.92388, 620/1) = 620 px a degree: the points span
// 572.81 px across, centred, so west is at 10 + (700 − 572.81)/2 = 73.60
// and east at 646.40; north at 64 + 10 = 74 and south at 74 + 620 = 694.
//
// Colours: the values 0.5 and 0.9 against "≥ 75 %": the middle 96 % of
// them runs from 0.508 to 0.892, 0.242 below the standard and 0.142 above
// it; a third of each rounds up to a step of 0.1 below and 0.05 above, so
// the breaks are 55, 65, 75, 80 and 85 %: 0.5 is in the lowest class
// (dark orange, #b35806) and 0.9 in the sixth (#542788).
func TestChartMapDots(t *testing.T) {
	spec := mapSpec{ID: "map-sat", Title: "Satisfaction", Ind: chartSat75, Labels: chartMapLabels, ScaleBar: true,
		Panels: []mapPanel{{Name: "Pingshan", Color: "#2e6db4", Points: []mapPoint{
			{Lon: 113, Lat: 22, Value: 0.5, Label: "A"},
			{Lon: 114, Lat: 23, Value: 0.9, Label: "B"},
			{Lon: 113.5, Lat: 22.5, Null: true, Label: "C"},
			{Lon: math.NaN(), Lat: 22.5, Value: 0.8, Label: "D"},
			{Lon: 0, Lat: 0, Value: 0.8, Label: "E"},
		}}}}
	svg, caption, err := mapChart(spec)
	if err != nil {
		t.Fatal(err)
	}
	root := chartParse(t, svg, "map-sat", "Satisfaction")
	want := map[string]struct {
		x, y float64
		fill string
	}{
		"A: 50.0%":    {73.60, 694, "#b35806"},
		"B: 90.0%":    {646.40, 74, "#542788"},
		"C: no value": {360, 384, "none"}, // the middle: 73.60 + 572.81/2, 74 + 310
	}
	found := 0
	for _, c := range root.all("circle") {
		w, ok := want[c.title()]
		if !ok {
			continue
		}
		found++
		if x, y := c.num(t, "cx"), c.num(t, "cy"); !chartNear(x, w.x) || !chartNear(y, w.y) {
			t.Errorf("%s at (%v, %v), want (%v, %v)", c.title(), x, y, w.x, w.y)
		}
		if fill := root.parent(c).attr("fill"); fill != w.fill {
			t.Errorf("%s filled %s, want %s", c.title(), fill, w.fill)
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d dots", found, len(want))
	}
	texts := root.texts()
	for _, l := range []string{"55%", "65%", "75%", "80%", "85%", "standard ≥ 75%", "no value (1)", "Pingshan · 3 communities"} {
		if !chartHasText(texts, l) {
			t.Errorf("no text %q in %q", l, texts)
		}
	}
	if caption != "2 without coordinates." {
		t.Errorf("caption %q, want %q", caption, "2 without coordinates.")
	}
	// Scale bar: 6371.0088·π/180 = 111.195 km a degree, over 620 px a
	// degree is 0.179347 km a pixel; a quarter of 700 px is 31.4 km, so
	// the bar is 20 km, 111.52 px long, from x = 10 at y = 64 + 640 − 10.
	if !chartHasText(texts, "20 km") {
		t.Errorf("no scale bar label 20 km in %q", texts)
	}
	bar := false
	for _, l := range root.all("line") {
		if chartNear(l.num(t, "x1"), 10) && chartNear(l.num(t, "x2"), 121.52) && chartNear(l.num(t, "y1"), 694) && chartNear(l.num(t, "y2"), 694) {
			bar = true
		}
	}
	if !bar {
		t.Error("no scale bar from (10, 694) to (121.5, 694)")
	}
}

// TestChartMapSequential colours by six equal steps when the indicator
// has no standard: values 0…100 have their 2nd and 98th percentiles at 2
// and 98, a sixth of 96 rounds up to 20, so the breaks are 20, 40, 60, 80
// and 100.
func TestChartMapSequential(t *testing.T) {
	var pts []mapPoint
	for i := 0; i <= 100; i++ {
		pts = append(pts, mapPoint{Lon: 120 + float64(i)/100, Lat: 30, Value: float64(i)})
	}
	ind := &indicators.Indicator{Format: "integer", Direction: indicators.HigherIsBetter}
	svg, _, err := mapChart(mapSpec{ID: "map-x", Title: "X", Ind: ind, Labels: chartMapLabels, Panels: []mapPanel{{Name: "All", Points: pts}}})
	if err != nil {
		t.Fatal(err)
	}
	texts := chartParse(t, svg, "map-x", "X").texts()
	for _, l := range []string{"20", "40", "60", "80", "100", "no value (0)"} {
		if !chartHasText(texts, l) {
			t.Errorf("no legend text %q in %q", l, texts)
		}
	}
}

// chartCommunities are n communities spread evenly at random over
// China's bounding box, every 20th without a value.
func chartCommunities(n int) []mapPoint {
	r := rand.New(rand.NewPCG(11, 620573))
	pts := make([]mapPoint, n)
	for i := range pts {
		pts[i] = mapPoint{Lon: 73 + 62*r.Float64(), Lat: 18 + 35*r.Float64(), Value: r.Float64(), Null: i%20 == 0}
	}
	return pts
}

// chartGridBytes is what a gridded map of 620,573 communities may take:
// cells of 6 px over the chart's area (at most 120 × 107 for one panel),
// each run of cells one path command of at most about 20 bytes, 256,800
// bytes, and the legend and headers.
const chartGridBytes = 300 << 10

// TestChartMapGrid draws 620,573 communities: the cells (at most 120 × 120
// over one panel) hold every community once, and the SVG stays under
// chartGridBytes for one panel and for three.
func TestChartMapGrid(t *testing.T) {
	const n = 620_573
	pts := chartCommunities(n)
	nulls := (n + 19) / 20 // i = 0, 20, 40, …
	for _, panels := range [][]mapPanel{
		{{Name: "China", Points: pts}},
		{{Name: "a", Points: pts[:200_000]}, {Name: "b", Points: pts[200_000:400_000]}, {Name: "c", Points: pts[400_000:]}},
	} {
		svg, caption, err := mapChart(mapSpec{ID: "map-grid", Title: "Grid", Ind: chartSat75, Labels: chartMapLabels, Panels: panels, ScaleBar: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(svg) > chartGridBytes {
			t.Errorf("%d panels: %d bytes, want at most %d", len(panels), len(svg), chartGridBytes)
		}
		t.Logf("%d panels: %d bytes; %s", len(panels), len(svg), caption)
		root := chartParse(t, svg, "map-grid", "Grid")
		if c := len(root.all("circle")); c != 1 { // the legend's key only
			t.Errorf("%d circles in a grid map, want 1", c)
		}
		if !chartHasText(root.texts(), "no value (31,029)") {
			t.Errorf("no NULL count 31,029 in %q", root.texts())
		}
		if !strings.HasPrefix(caption, "620,573 communities in ") {
			t.Errorf("caption %q does not count 620,573 communities", caption)
		}
	}
	e, ok := mapExtentOf(pts)
	if !ok {
		t.Fatal("no extent")
	}
	f := mapFitExtent(e, 0, 64, 720, 640, 10)
	cells := mapGridCells(f, pts, mapCellPx)
	total, withValue := 0, 0
	for _, c := range cells {
		total += c.n
		withValue += c.valued
		if c.ix >= 120 || c.iy >= 120 {
			t.Fatalf("cell (%d, %d) outside 120 × 120", c.ix, c.iy)
		}
	}
	if total != n || withValue != n-nulls {
		t.Errorf("cells hold %d communities, %d with a value; want %d and %d", total, withValue, n, n-nulls)
	}
}

// TestChartMapWorstCase fills every cell of a panel with one community,
// neighbours in classes far apart and every seventh without a value, so
// that no two cells merge into one run: the most bytes a grid can take.
func TestChartMapWorstCase(t *testing.T) {
	// The extent 100–110° E, 20–30° N is taller than wide (cos 25° ×
	// 10 = 9.06 across, 10 down): one panel 720 × 640 from y = 64.
	pts := []mapPoint{{Lon: 100, Lat: 20, Value: 0.5}, {Lon: 110, Lat: 30, Value: 0.5}}
	e, _ := mapExtentOf(pts)
	f := mapFitExtent(e, 0, 64, 720, 640, 10)
	gx, gy := mapGridOrigin(f)
	cells := 0
	for iy := 0; ; iy++ {
		y := gy + mapCellPx*(float64(iy)+0.5)
		lat := e.latMax - (y-f.dy)/f.s
		if lat < e.latMin {
			break
		}
		for ix := 0; ; ix++ {
			x := gx + mapCellPx*(float64(ix)+0.5)
			lon := e.lonMin + (x-f.dx)/(e.k*f.s)
			if lon > e.lonMax {
				break
			}
			if lon < e.lonMin || lat > e.latMax {
				continue
			}
			cells++
			pts = append(pts, mapPoint{Lon: lon, Lat: lat, Value: float64((ix+iy)%2) * 0.9, Null: cells%7 == 0})
		}
	}
	svg, caption, err := mapChart(mapSpec{ID: "map-worst", Title: "Worst", Ind: chartSat75, Labels: chartMapLabels, ScaleBar: true,
		Panels: []mapPanel{{Name: "All", Points: pts}}})
	if err != nil {
		t.Fatal(err)
	}
	chartParse(t, svg, "map-worst", "Worst")
	t.Logf("%d cells filled: %d bytes; %s", cells, len(svg), caption)
	if len(svg) > chartGridBytes {
		t.Errorf("%d bytes, want at most %d", len(svg), chartGridBytes)
	}
	if cells < 9000 {
		t.Errorf("only %d cells filled: not the worst case", cells)
	}
}

// TestChartMapCellMedian: a cell's value is the median of its
// communities with a value: 1, 2, 10 and a NULL give 2; 1, 2, 3, 10 give
// 2.5; NULLs only give no value.
func TestChartMapCellMedian(t *testing.T) {
	// Three places 1 km apart or more: the extent is 2° × 2°, and one
	// 6 px cell holds each group of points.
	pts := []mapPoint{
		{Lon: 100, Lat: 30, Value: 1}, {Lon: 100, Lat: 30, Value: 10}, {Lon: 100, Lat: 30, Value: 2}, {Lon: 100, Lat: 30, Null: true},
		{Lon: 102, Lat: 32, Value: 3}, {Lon: 102, Lat: 32, Value: 1}, {Lon: 102, Lat: 32, Value: 10}, {Lon: 102, Lat: 32, Value: 2},
		{Lon: 101, Lat: 31, Null: true}, {Lon: 101, Lat: 31, Value: math.NaN()},
	}
	e, _ := mapExtentOf(pts)
	cells := mapGridCells(mapFitExtent(e, 0, 0, 720, 640, 10), pts, mapCellPx)
	type got struct {
		n, valued int
		median    float64
	}
	var gs []got
	for _, c := range cells {
		gs = append(gs, got{c.n, c.valued, c.median})
	}
	// Row by row from the north: (102, 32), (101, 31), (100, 30).
	want := []got{{4, 4, 2.5}, {2, 0, math.NaN()}, {4, 3, 2}}
	if len(gs) != len(want) {
		t.Fatalf("cells %v, want %v", gs, want)
	}
	for i := range want {
		if gs[i].n != want[i].n || gs[i].valued != want[i].valued ||
			!(gs[i].median == want[i].median || math.IsNaN(gs[i].median) && math.IsNaN(want[i].median)) {
			t.Errorf("cell %d: %v, want %v", i, gs[i], want[i])
		}
	}
}

// TestChartMapEmpty: no community with a place draws nothing, and the
// caption still counts them; no id is an error.
func TestChartMapEmpty(t *testing.T) {
	svg, caption, err := mapChart(mapSpec{ID: "m", Labels: chartMapLabels, Panels: []mapPanel{{Name: "x", Points: []mapPoint{{Lon: math.NaN()}}}}})
	if svg != "" || err != nil {
		t.Errorf("got %q, %v; want nothing", svg, err)
	}
	if caption != "1 without coordinates." {
		t.Errorf("caption %q, want the community without coordinates counted", caption)
	}
	if _, _, err := mapChart(mapSpec{}); !errors.Is(err, errChartInput) {
		t.Errorf("no id: err %v, want errChartInput", err)
	}
}

// BenchmarkChartMapNational draws the 620,573-community map.
func BenchmarkChartMapNational(b *testing.B) {
	pts := chartCommunities(620_573)
	spec := mapSpec{ID: "map", Title: "National", Ind: chartSat75, Labels: chartMapLabels, ScaleBar: true, Panels: []mapPanel{{Name: "All", Points: pts}}}
	for b.Loop() {
		if _, _, err := mapChart(spec); err != nil {
			b.Fatal(err)
		}
	}
}

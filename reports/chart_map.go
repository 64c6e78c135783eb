package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"shequ/indicators"
)

// mapPoint is one community on the map.
type mapPoint struct {
	Lon, Lat float64 // WGS-84 degrees; NaN, out of range or (0, 0) is no place
	Value    float64 // in the indicator's unit (a share 0–1 for percent formats)
	Null     bool    // no value: drawn as a hollow grey dot (a NaN Value counts as none too)
	Label    string  // the dot's tooltip (name and code), shortened to mapTipLabel columns; optional
}

// mapPanel is one map of the small multiples: a model's communities.
type mapPanel struct {
	Name   string
	Color  string // the model's colour, a key beside its name; "" for none
	Points []mapPoint
}

// mapLabels are the words of the map. Templates take formatted counts
// (strings), in the order given.
type mapLabels struct {
	Unit        string // legend title: the indicator's unit
	Standard    string // the standard's mark in the legend: "标准 ≥ 75%"
	NoValue     string // the key of communities without a value: "无数值"
	Communities string // panel header: "%s 个社区" (count)
	CellSize    string // a panel's lower right corner when gridded: "每格约 %s 公里" (km)
	Cells       string // caption when gridded: "%[1]s 个社区汇为 %[2]s 格，格色为格内社区数值的中位数" (communities, cells)
	NoCoords    string // caption: "%s 个社区没有坐标，未画出" (count)
	More        string // caption when panels are left out: "另有 %[1]s 组（%[2]s 个社区）未画出" (panels, communities)
	Km          string // scale bar unit: "公里" or "km"
}

// mapSpec is a map of communities coloured by one indicator, one panel
// per model, each panel fitted to its own communities.
type mapSpec struct {
	ID, Title string
	Ind       *indicators.Indicator // format and standard; nil: two decimals, no standard
	Panels    []mapPanel            // the first mapMaxPanels with a placed community are drawn
	Labels    mapLabels
	ScaleBar  bool
	MaxDots   int // above this many communities with a place, cells stand for dots; 0 or more than mapMaxDots means mapMaxDots
}

// Layout of the map.
const (
	mapWidth     = 720.0
	mapGap       = 12.0  // between panels, across and down
	mapHead      = 18.0  // a panel's header above its box
	mapLegend    = 46.0  // the legend above the panels
	mapMargin    = 10.0  // inside a panel's box, around its communities
	mapCellPx    = 6.0   // a grid cell's side: 120 cells span the chart
	mapMaxDots   = 3000  // communities drawn one dot each, at most
	mapMaxPanels = 12    // panels drawn, at most
	mapPanelsH   = 760.0 // all rows of panels, at most
	mapOneH      = 640.0 // one panel, at most
	mapAspect    = 0.5   // a panel's height, at least, as a share of its width
	mapKeyW      = 48.0  // a colour's key in the legend
	mapTipLabel  = 24    // columns of a dot's label in its tooltip
)

// mapMaxBytes is the most bytes mapChart returns, whatever it is given:
// as dots, mapMaxDots circles of at most 260 bytes (a tooltip of
// mapTipLabel columns escaped, at most 5 bytes a column, and its value);
// as cells, at most one path command of about 20 bytes per 6 × 6 px
// cell of the 720 × 806 px chart; and mapMaxPanels headers, boxes and
// scale bars.
const mapMaxBytes = 800 << 10

// mapChart draws the map and returns it with its caption: how many
// communities the cells aggregate, how many have no place and how many
// panels are left out (the caption says so even when no community has a
// place and there is no map). Up to MaxDots communities with a place are
// each a dot; above that each panel is a grid of square cells of
// mapCellPx pixels (at most 120 across the chart) coloured by the median
// value of the cell's communities, so the size of the SVG depends on the
// chart's area, not on the number of communities: at most mapMaxBytes.
// Colours: six classes, around the indicator's standard when it has one
// (orange short of it, purple meeting it), viridis over the middle 96 %
// of the values otherwise, explained by a legend with the class breaks.
// Communities with no value are hollow grey dots (cells in which none has
// a value are hollow grey squares) and counted in the legend.
func mapChart(spec mapSpec) (svg, caption string, err error) {
	if err := chartCheckID("map", spec.ID, spec.Title); err != nil {
		return "", "", err
	}
	type panel struct {
		mapPanel
		e      mapExtent
		fit    mapFit
		placed int
	}
	var panels []panel
	total := 0
	for _, p := range spec.Panels {
		total += len(p.Points)
		if err := chartCheckColor("map "+spec.ID, p.Name, p.Color); err != nil {
			return "", "", err
		}
	}
	values := make([]float64, 0, total)
	noPlace, placed, nulls, leftPanels, leftOut := 0, 0, 0, 0, 0
	for _, p := range spec.Panels {
		pn := panel{mapPanel: p}
		for _, pt := range p.Points {
			if pt.placed() {
				pn.placed++
			}
		}
		if pn.placed == 0 {
			noPlace += len(p.Points)
			continue
		}
		if len(panels) == mapMaxPanels {
			leftPanels++
			leftOut += len(p.Points)
			continue
		}
		noPlace += len(p.Points) - pn.placed
		for _, pt := range p.Points {
			switch {
			case !pt.placed():
			case pt.valued():
				values = append(values, pt.Value)
			default:
				nulls++
			}
		}
		pn.e, _ = mapExtentOf(p.Points)
		panels = append(panels, pn)
		placed += pn.placed
	}
	var notes []string
	if noPlace > 0 && spec.Labels.NoCoords != "" {
		notes = append(notes, fmt.Sprintf(spec.Labels.NoCoords, chartCount(noPlace)))
	}
	if leftPanels > 0 && spec.Labels.More != "" {
		notes = append(notes, fmt.Sprintf(spec.Labels.More, chartCount(leftPanels), chartCount(leftOut)))
	}
	if len(panels) == 0 {
		return "", strings.Join(notes, " "), nil
	}
	maxDots := spec.MaxDots
	if maxDots <= 0 || maxDots > mapMaxDots {
		maxDots = mapMaxDots
	}
	grid := placed > maxDots
	format := chartFormat(spec.Ind)
	scale := newMapColors(spec.Ind, chartSorted(values))

	// Layout: up to three panels a row (more when there are more than
	// nine), all of one size, their height from the tallest extent.
	n := len(panels)
	cols := n
	if n > 3 {
		cols = max(3, int(math.Ceil(math.Sqrt(float64(n)))))
	}
	rows := (n + cols - 1) / cols
	pw := (mapWidth - mapGap*float64(cols-1)) / float64(cols)
	aspect := 0.0
	for _, p := range panels {
		aspect = math.Max(aspect, p.e.height()/p.e.width())
	}
	ph := (pw-2*mapMargin)*aspect + 2*mapMargin
	ph = math.Max(mapAspect*pw, math.Min(ph, math.Min(pw, mapOneH)))
	ph = math.Min(ph, mapPanelsH/float64(rows)-mapHead-mapGap)
	h := mapLegend + float64(rows)*(mapHead+ph) + float64(rows-1)*mapGap + 2

	s := newChartSVG(spec.ID, spec.Title, mapWidth, h)
	mapLegendRow(s, scale, format, spec.Labels, nulls)
	cellCount := 0
	for i := range panels {
		p := &panels[i]
		bx := float64(i%cols) * (pw + mapGap)
		by := mapLegend + float64(i/cols)*(mapHead+ph+mapGap) + mapHead
		p.fit = mapFitExtent(p.e, bx, by, pw, ph, mapMargin)
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, chartNum(bx+0.5), chartNum(by+0.5), chartNum(pw-1), chartNum(ph-1), chartRule)
		head := p.Name
		if spec.Labels.Communities != "" {
			head += " · " + fmt.Sprintf(spec.Labels.Communities, chartCount(p.placed))
		}
		hx := bx
		if p.Color != "" {
			s.rect(bx, by-14, 10, 10, p.Color, "")
			hx += 14
		}
		s.text(hx, by-5, chartFit(head, (pw-(hx-bx))/(11*0.5636)), "start", 11, chartInk)
		if grid {
			cells := mapGridCells(p.fit, p.Points, mapCellPx)
			cellCount += len(cells)
			mapDrawCells(s, p.fit, cells, scale)
		} else {
			mapDrawDots(s, p.fit, p.Points, scale, format, spec.Labels.NoValue, placed)
		}
		if spec.ScaleBar {
			mapScaleBar(s, p.fit, bx+mapMargin, by+ph-mapMargin, pw, spec.Labels.Km)
		}
		if grid && spec.Labels.CellSize != "" {
			// The cell size in the panel's lower right corner, where a
			// header of three panels a row has no room for it.
			cell := fmt.Sprintf(spec.Labels.CellSize, mapKm(mapCellPx*p.fit.kmPerPixel()))
			s.haloText(bx+pw-mapMargin, by+ph-mapMargin, chartFit(cell, (pw/2)/(9*0.5636)), "end", 9, chartInk)
		}
	}
	if grid && spec.Labels.Cells != "" {
		notes = append([]string{fmt.Sprintf(spec.Labels.Cells, chartCount(placed), chartCount(cellCount))}, notes...)
	}
	return s.String(), strings.Join(notes, " "), nil
}

// mapLegendRow draws the colour classes with their breaks, the standard
// marked in red over its break, and the key of communities with no value.
func mapLegendRow(s *chartSVG, c mapColors, format string, l mapLabels, nulls int) {
	x := 0.0
	if l.Unit != "" {
		l.Unit = chartFit(l.Unit, 24)
		s.text(0, 24, l.Unit, "start", 11, chartInk)
		x = chartTextPx(l.Unit, 11) + 10
	}
	for i, col := range c.colors {
		s.rect(x+mapKeyW*float64(i), 14, mapKeyW, 12, col, "")
	}
	for i, b := range c.breaks {
		bx := x + mapKeyW*float64(i+1)
		if i == c.standard {
			s.line(bx, 10, bx, 30, chartStandard, 2, "")
			if l.Standard != "" {
				s.text(bx, 8, chartFit(l.Standard, 30), "middle", 10, chartStandard)
			}
		}
		s.text(bx, 40, chartTick(format, b, c.step), "middle", 10, chartInk)
	}
	x += mapKeyW*float64(len(c.colors)) + 18
	s.raw(`<circle cx="%s" cy="20" r="4" fill="none" stroke="%s" stroke-width="1.2"/>`, chartNum(x+4), chartNull)
	s.text(x+13, 24, chartFit(l.NoValue, 20)+" ("+chartCount(nulls)+")", "start", 11, chartInk)
}

// mapDrawDots draws one dot per community with a place, those without a
// value first (hollow), then the classes in their drawing order.
func mapDrawDots(s *chartSVG, f mapFit, pts []mapPoint, c mapColors, format, noValue string, total int) {
	r := 1.7
	switch {
	case total <= 300:
		r = 3
	case total <= 1500:
		r = 2.2
	}
	rs := chartNum(r)
	dot := func(p mapPoint, tip string) {
		x, y := f.xy(p.Lon, p.Lat)
		if p.Label == "" {
			s.raw(`<circle cx="%s" cy="%s" r="%s"/>`, chartNum(x), chartNum(y), rs)
			return
		}
		s.raw(`<circle cx="%s" cy="%s" r="%s">%s</circle>`, chartNum(x), chartNum(y), rs, chartTip(chartFit(p.Label, mapTipLabel)+": "+tip))
	}
	s.raw(`<g fill="none" stroke="%s" stroke-width="1">`, chartNull)
	for _, p := range pts {
		if p.placed() && !p.valued() {
			dot(p, chartFit(noValue, 12))
		}
	}
	s.raw(`</g>`)
	for _, k := range c.order {
		s.raw(`<g fill="%s" stroke="#333333" stroke-width="0.4">`, c.colors[k])
		for _, p := range pts {
			if p.placed() && p.valued() && c.class(p.Value) == k {
				dot(p, chartValue(format, p.Value))
			}
		}
		s.raw(`</g>`)
	}
}

// mapDrawCells draws the cells as one path per class: runs of cells of one
// class along a row are one rectangle. Cells with no value are hollow.
// A run takes at most 20 bytes or so ("M123 456h6v6h-6z"), so a panel of
// w × h pixels takes at most about w·h/36 × 20 bytes whatever the number
// of communities.
func mapDrawCells(s *chartSVG, f mapFit, cells []mapCell, c mapColors) {
	gx, gy := mapGridOrigin(f)
	paths := make([]strings.Builder, len(c.colors)+1) // the last: no value
	for i := 0; i < len(cells); {
		k := len(c.colors)
		if cells[i].valued > 0 {
			k = c.class(cells[i].median)
		}
		j := i + 1
		for j < len(cells) && cells[j].iy == cells[i].iy && cells[j].ix == cells[j-1].ix+1 &&
			(cells[j].valued > 0) == (cells[i].valued > 0) && (cells[j].valued == 0 || c.class(cells[j].median) == k) {
			j++
		}
		x := gx + float64(cells[i].ix)*mapCellPx
		y := gy + float64(cells[i].iy)*mapCellPx
		w := float64(j-i) * mapCellPx
		if k == len(c.colors) { // hollow: inset half the stroke
			fmt.Fprintf(&paths[k], "M%s %sh%sv%sh-%sz", chartNum(x+0.5), chartNum(y+0.5), chartNum(w-1), chartNum(mapCellPx-1), chartNum(w-1))
		} else {
			fmt.Fprintf(&paths[k], "M%s %sh%sv%sh-%sz", chartNum(x), chartNum(y), chartNum(w), chartNum(mapCellPx), chartNum(w))
		}
		i = j
	}
	if d := paths[len(c.colors)].String(); d != "" {
		s.raw(`<path d="%s" fill="none" stroke="%s" stroke-width="1" shape-rendering="crispEdges"/>`, d, chartNull)
	}
	for _, k := range c.order {
		if d := paths[k].String(); d != "" {
			s.raw(`<path d="%s" fill="%s" shape-rendering="crispEdges"/>`, d, c.colors[k])
		}
	}
}

// mapScaleBar draws a bar of a round number of km, about a quarter of the
// panel wide, with its left end at (x, y).
func mapScaleBar(s *chartSVG, f mapFit, x, y, pw float64, unit string) {
	kmpx := f.kmPerPixel()
	want := (pw - 2*mapMargin) / 4 * kmpx
	p := math.Pow(10, math.Floor(math.Log10(want)))
	km := p
	for _, m := range []float64{2, 5} {
		if m*p <= want {
			km = m * p
		}
	}
	w := km / kmpx
	s.line(x, y, x+w, y, chartInk, 1.5, "")
	s.line(x, y-4, x, y, chartInk, 1.5, "")
	s.line(x+w, y-4, x+w, y, chartInk, 1.5, "")
	s.haloText(x+w/2, y-6, mapKm(km)+" "+unit, "middle", 10, chartInk)
}

// mapKm writes a length in km: whole from 10, one decimal from 1, two
// significant digits below.
func mapKm(km float64) string {
	switch {
	case km >= 10:
		return chartGroup(strconv.FormatFloat(km, 'f', 0, 64))
	case km >= 1:
		return strings.TrimSuffix(strconv.FormatFloat(km, 'f', 1, 64), ".0")
	}
	return strconv.FormatFloat(km, 'g', 2, 64)
}

package reports

import (
	"fmt"
	"math"

	"shequ/indicators"
)

// boxGroup is the distribution of one indicator over the communities of
// one group (a model, province or street): its quantiles and mean in the
// indicator's unit (a share 0–1 for percent formats), from boxGroupOf or
// precomputed (type 7, as DuckDB's quantile_cont).
type boxGroup struct {
	Label                        string
	Color                        string // the box's colour, #rrggbb; "" for chartBox
	N                            int    // communities with a value; 0 draws no box
	P5, P25, P50, P75, P95, Mean float64
}

// boxGroupOf summarises the values of one group: N counts the finite
// ones (NaN and infinite values are no value), the quantiles are
// interpolated linearly between order statistics (chartQuantile: R's
// type 7) and Mean is their arithmetic mean. With no finite value N is 0
// and the rest NaN.
func boxGroupOf(label, color string, vs []float64) boxGroup {
	sorted := chartSorted(vs)
	g := boxGroup{Label: label, Color: color, N: len(sorted), Mean: math.NaN()}
	g.P5, g.P25, g.P50 = chartQuantile(sorted, 0.05), chartQuantile(sorted, 0.25), chartQuantile(sorted, 0.5)
	g.P75, g.P95 = chartQuantile(sorted, 0.75), chartQuantile(sorted, 0.95)
	if len(sorted) > 0 {
		sum := 0.0
		for _, v := range sorted {
			sum += v
		}
		g.Mean = sum / float64(len(sorted))
	}
	return g
}

// boxLabels are the words of the box plot.
type boxLabels struct {
	Unit     string // under the value axis
	Standard string // over the standard line: "标准 ≥ 75%"
	Box      string // legend: "P25–P75"
	Whiskers string // legend: "P5–P95"
	Median   string // legend: "中位数" / "median"
	Mean     string // legend: "均值" / "mean"
	NoValue  string // beside a group with no value: "无数值"
	More     string // caption when groups are left out: "另有 %s 组未画出" (count)
}

// boxSpec is a box plot per group, one row each.
type boxSpec struct {
	ID, Title string
	Ind       *indicators.Indicator // format; the standard line when it has one
	Groups    []boxGroup
	Labels    boxLabels
}

// boxMaxGroups is how many groups one box plot shows, so that it fits on
// an A4 page; the rest are left out and counted in the caption.
const boxMaxGroups = 60

// boxMaxBytes is the most bytes boxChart returns, whatever it is given:
// boxMaxGroups rows of a label, a tooltip of at most chartTipMax columns
// (5 bytes a column escaped) and seven shapes, and the axis and legend.
const boxMaxBytes = 160 << 10

// boxChart draws horizontal box plots in the order of the groups: the box
// from P25 to P75, the median a line across it, whiskers from P5 to P95,
// the mean a white dot; each group labelled with its number of
// communities (n), its exact figures in a tooltip; the indicator's
// standard a dashed red line; a legend explains the glyph and the axis is
// in the indicator's format with the unit under it. At most boxMaxGroups
// rows (the caption counts the rest), at most boxMaxBytes. It fails when
// a group's quantiles are not in order or not numbers, its count is
// negative or its colour is not #rrggbb.
func boxChart(spec boxSpec) (svg, caption string, err error) {
	if err := chartCheckID("box plot", spec.ID, spec.Title); err != nil {
		return "", "", err
	}
	groups := spec.Groups
	if len(groups) > boxMaxGroups {
		groups = groups[:boxMaxGroups]
		if spec.Labels.More != "" {
			caption = fmt.Sprintf(spec.Labels.More, chartCount(len(spec.Groups)-boxMaxGroups))
		}
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	labels := make([]string, len(groups))
	for i, g := range groups {
		labels[i] = chartFit(g.Label, 30) + " (n=" + chartCount(g.N) + ")"
		if g.N < 0 {
			return "", "", fmt.Errorf("box plot %s, group %q: %d communities: %w", spec.ID, g.Label, g.N, errChartInput)
		}
		if err := chartCheckColor("box plot "+spec.ID, g.Label, g.Color); err != nil {
			return "", "", err
		}
		if g.N == 0 {
			continue
		}
		q := []float64{g.P5, g.P25, g.P50, g.P75, g.P95}
		for j, v := range append(q, g.Mean) {
			if !chartFinite(v) {
				name := []string{"P5", "P25", "P50", "P75", "P95", "mean"}[j]
				return "", "", fmt.Errorf("box plot %s, group %q of %d communities: %s is %v, want a number: %w", spec.ID, g.Label, g.N, name, v, errChartInput)
			}
		}
		for j := 1; j < len(q); j++ {
			if q[j] < q[j-1] {
				return "", "", fmt.Errorf("box plot %s, group %q: quantiles %v are not in order (P5, P25, P50, P75, P95): %w", spec.ID, g.Label, q, errChartInput)
			}
		}
		lo = math.Min(lo, math.Min(g.P5, g.Mean))
		hi = math.Max(hi, math.Max(g.P95, g.Mean))
	}
	if math.IsInf(lo, 1) {
		return "", "", nil
	}
	format := chartFormat(spec.Ind)
	hasStd := spec.Ind != nil && spec.Ind.HasStandard()
	if hasStd {
		lo, hi = math.Min(lo, spec.Ind.StandardValue), math.Max(hi, spec.Ind.StandardValue)
	}

	const w, right, top = 720.0, 16.0, 44.0
	rowH := 18.0
	if len(groups) > 30 {
		rowH = 13
	}
	left := chartLabelColumn(labels)
	ph := rowH * float64(len(groups))
	ax := newChartAxis(lo, hi, left, w-left-right)
	s := newChartSVG(spec.ID, spec.Title, w, top+ph+34)
	boxLegend(s, left, spec.Labels)
	ax.draw(s, top, ph, format, spec.Labels.Unit)
	bh := rowH * 0.62
	for i, g := range groups {
		cy := top + rowH*float64(i) + rowH/2
		s.text(left-6, cy+4, labels[i], "end", 11, chartInk)
		if g.N == 0 {
			s.text(left+4, cy+4, spec.Labels.NoValue, "start", 10, chartInk)
			continue
		}
		col := g.Color
		if col == "" {
			col = chartBox
		}
		tip := fmt.Sprintf("%s (n=%s): P5 %s · P25 %s · %s %s · P75 %s · P95 %s · %s %s", g.Label, chartCount(g.N),
			chartValue(format, g.P5), chartValue(format, g.P25), spec.Labels.Median, chartValue(format, g.P50),
			chartValue(format, g.P75), chartValue(format, g.P95), spec.Labels.Mean, chartValue(format, g.Mean))
		s.raw(`<g>%s`, chartTip(tip))
		s.line(ax.x(g.P5), cy, ax.x(g.P25), cy, chartWhisker, 1, "")
		s.line(ax.x(g.P75), cy, ax.x(g.P95), cy, chartWhisker, 1, "")
		s.line(ax.x(g.P5), cy-bh/3, ax.x(g.P5), cy+bh/3, chartWhisker, 1, "")
		s.line(ax.x(g.P95), cy-bh/3, ax.x(g.P95), cy+bh/3, chartWhisker, 1, "")
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" fill-opacity="0.35" stroke="%s"/>`,
			chartNum(ax.x(g.P25)), chartNum(cy-bh/2), chartNum(math.Max(ax.x(g.P75)-ax.x(g.P25), 0.8)), chartNum(bh), col, col)
		s.line(ax.x(g.P50), cy-bh/2, ax.x(g.P50), cy+bh/2, chartMid, 2, "")
		s.raw(`<circle cx="%s" cy="%s" r="2.6" fill="#ffffff" stroke="%s" stroke-width="1.2"/>`, chartNum(ax.x(g.Mean)), chartNum(cy), chartMid)
		s.raw(`</g>`)
	}
	if hasStd {
		s.standardMark(ax.x(spec.Ind.StandardValue), top, ph, spec.Labels.Standard, left, w-right)
	}
	return s.String(), caption, nil
}

// boxLegend explains the glyph in a row from x.
func boxLegend(s *chartSVG, x float64, l boxLabels) {
	const y = 14.0
	s.raw(`<rect x="%s" y="%s" width="16" height="9" fill="%s" fill-opacity="0.35" stroke="%s"/>`, chartNum(x), chartNum(y-8), chartBox, chartBox)
	x += 20
	s.text(x, y, l.Box, "start", 11, chartInk)
	x += chartTextPx(l.Box, 11) + 14
	s.line(x, y-3.5, x+18, y-3.5, chartWhisker, 1, "")
	s.line(x, y-7, x, y, chartWhisker, 1, "")
	s.line(x+18, y-7, x+18, y, chartWhisker, 1, "")
	x += 22
	s.text(x, y, l.Whiskers, "start", 11, chartInk)
	x += chartTextPx(l.Whiskers, 11) + 14
	s.line(x+2, y-9, x+2, y+1, chartMid, 2, "")
	x += 8
	s.text(x, y, l.Median, "start", 11, chartInk)
	x += chartTextPx(l.Median, 11) + 14
	s.raw(`<circle cx="%s" cy="%s" r="2.6" fill="#ffffff" stroke="%s" stroke-width="1.2"/>`, chartNum(x+3), chartNum(y-4), chartMid)
	x += 10
	s.text(x, y, l.Mean, "start", 11, chartInk)
}

package reports

import (
	"fmt"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"

	"shequ/indicators"
)

// Charts are drawn here as inline SVG, server-side: no script, no font and
// no image is loaded by the report.

// Colours shared by the charts.
const (
	svgInk      = "#333333"
	svgGrid     = "#e3e3e3"
	svgAxis     = "#9a9a9a"
	svgStandard = "#c00000"
	svgBetween  = "#44546a"
	svgWithin   = "#a9c4e4"
	svgAll      = "#7f7f7f"
)

// svgDoc builds one chart.
type svgDoc struct {
	b    strings.Builder
	w, h float64
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func esc(s string) string { return html.EscapeString(s) }

// newSVG starts a chart with its data-chart id and an accessible title.
func newSVG(id, title string, w, h float64) *svgDoc {
	s := &svgDoc{w: w, h: h}
	fmt.Fprintf(&s.b, `<svg data-chart="%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s" class="chart">`,
		esc(id), num(w), num(h), num(w), num(h), esc(title))
	fmt.Fprintf(&s.b, `<title>%s</title>`, esc(title))
	return s
}

func (s *svgDoc) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func (s *svgDoc) rect(x, y, w, h float64, fill, tip string) { s.rectOpacity(x, y, w, h, fill, 1, tip) }

// rectOpacity draws a rectangle filled with some transparency; tip is its
// tooltip.
func (s *svgDoc) rectOpacity(x, y, w, h float64, fill string, opacity float64, tip string) {
	if h < 0 {
		y, h = y+h, -h
	}
	op := ""
	if opacity < 1 {
		op = fmt.Sprintf(` fill-opacity="%s"`, strconv.FormatFloat(opacity, 'f', 2, 64))
	}
	if tip == "" {
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`, num(x), num(y), num(w), num(h), fill, op)
		return
	}
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s><title>%s</title></rect>`, num(x), num(y), num(w), num(h), fill, op, esc(tip))
}

func (s *svgDoc) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	extra := ""
	if dash != "" {
		extra = fmt.Sprintf(` stroke-dasharray="%s"`, dash)
	}
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`, num(x1), num(y1), num(x2), num(y2), stroke, num(width), extra)
}

// text writes a label; anchor is start, middle or end.
func (s *svgDoc) text(x, y float64, v, anchor string, size float64, fill string) {
	s.raw(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s">%s</text>`, num(x), num(y), anchor, num(size), fill, esc(v))
}

func (s *svgDoc) polyline(pts [][2]float64, stroke string, width float64, tip string) {
	var b strings.Builder
	for i, p := range pts {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(p[0]) + "," + num(p[1]))
	}
	s.raw(`<polyline points="%s" fill="none" stroke="%s" stroke-width="%s" stroke-linejoin="round"><title>%s</title></polyline>`,
		b.String(), stroke, num(width), esc(tip))
}

func (s *svgDoc) String() string { return s.b.String() + "</svg>" }

// niceMax rounds v up to 1, 2, 2.5 or 5 times a power of ten.
func niceMax(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p*(1+1e-9) {
			return m * p
		}
	}
	return 10 * p
}

// axisLabel writes a tick value in the indicator's format, shortened.
func axisLabel(format string, v float64) string {
	switch format {
	case "percent":
		return strconv.FormatFloat(v*100, 'f', -1, 64) + "%"
	}
	return group(strconv.FormatFloat(v, 'f', -1, 64))
}

// wrapLabel splits a label into lines no wider than limit characters (CJK
// counting double), at spaces for English.
func wrapLabel(s string, limit float64) []string {
	var lines []string
	var cur strings.Builder
	curW := 0.0
	words := strings.Fields(s)
	if len(words) == 1 || displayWidth(s) > float64(len([]rune(s)))*1.5 { // mostly CJK: break anywhere
		for _, r := range s {
			w := displayWidth(string(r))
			if curW+w > limit && cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
				curW = 0
			}
			cur.WriteRune(r)
			curW += w
		}
	} else {
		for _, w := range words {
			ww := displayWidth(w)
			if curW > 0 && curW+1+ww > limit {
				lines = append(lines, cur.String())
				cur.Reset()
				curW = 0
			}
			if curW > 0 {
				cur.WriteByte(' ')
				curW++
			}
			cur.WriteString(w)
			curW += ww
		}
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// legendItem is a coloured key.
type legendItem struct{ color, label string }

// legend writes keys in a row from (x, y); returns the x after the last.
func (s *svgDoc) legend(x, y float64, items []legendItem, line bool) float64 {
	for _, it := range items {
		if line {
			s.line(x, y-4, x+16, y-4, it.color, 2.5, "")
		} else {
			s.rect(x, y-10, 11, 11, it.color, "")
		}
		s.text(x+20, y, it.label, "start", 11, svgInk)
		x += 20 + displayWidth(it.label)*6.2 + 16
	}
	return x
}

// yAxis draws horizontal grid lines with labels for a value axis from 0
// to limit over the plot rectangle.
func (s *svgDoc) yAxis(left, top, width, height, limit float64, format string) {
	for i := 0; i <= 5; i++ {
		v := limit * float64(i) / 5
		y := top + height - height*float64(i)/5
		s.line(left, y, left+width, y, svgGrid, 1, "")
		s.text(left-5, y+4, axisLabel(format, v), "end", 10, svgInk)
	}
	s.line(left, top+height, left+width, top+height, svgAxis, 1, "")
}

// lorenzChart draws the Lorenz curves of the models for one indicator.
func (d *dataset) lorenzChart(ind *indicators.Indicator) (string, bool) {
	const w, h, left, top, size = 366.0, 330.0, 62.0, 12.0, 270.0
	var curves []lorenzCurve
	for _, m := range d.models {
		pts := d.lorenz[scopeKey{"model", m.id, ind.ID}]
		if len(pts) < 2 {
			continue
		}
		label := d.modelName(m)
		if e, ok := d.eq("model", m.id, ind.ID, "gini_weighted"); ok && e.v.Valid {
			label += " G=" + strconv.FormatFloat(e.v.Float64, 'f', 3, 64)
		}
		curves = append(curves, lorenzCurve{m.color, label, pts})
	}
	if len(curves) == 0 {
		return "", false
	}
	s := newSVG("lorenz-"+ind.ID, d.name(ind), w, h)
	for i := 0; i <= 4; i++ {
		f := float64(i) / 4
		x, y := left+size*f, top+size-size*f
		s.line(x, top, x, top+size, svgGrid, 1, "")
		s.line(left, y, left+size, y, svgGrid, 1, "")
		lbl := strconv.Itoa(i*25) + "%"
		s.text(x, top+size+14, lbl, "middle", 10, svgInk)
		s.text(left-5, y+4, lbl, "end", 10, svgInk)
	}
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, num(left), num(top), num(size), num(size), svgAxis)
	s.line(left, top+size, left+size, top, svgAxis, 1, "4 3")
	for _, c := range curves {
		pts := make([][2]float64, len(c.pts))
		for i, p := range c.pts {
			pts[i] = [2]float64{left + size*p.pop, top + size - size*p.share}
		}
		s.polyline(pts, c.color, 2, c.label)
	}
	// Keys in the empty upper-left triangle.
	for i, c := range curves {
		y := top + 16 + float64(i)*16
		s.line(left+8, y-4, left+24, y-4, c.color, 2.5, "")
		s.text(left+28, y, c.label, "start", 11, svgInk)
	}
	s.text(left+size/2, h-6, ui.PopulationShare.in(d.lang)+" — "+d.pick(ind.DenominatorZh, ind.DenominatorEn), "middle", 10.5, svgInk)
	ylabel := wrapLabel(ui.ValueShare.in(d.lang)+" — "+d.pick(ind.NumeratorZh, ind.NumeratorEn), 50)
	if len(ylabel) > 2 {
		ylabel = []string{ylabel[0], ylabel[1] + "…"}
	}
	for i, l := range ylabel {
		x := 12 + 12*float64(i)
		s.raw(`<text transform="translate(%s %s) rotate(-90)" text-anchor="middle" font-size="10" fill="%s">%s</text>`,
			num(x), num(top+size/2), svgInk, esc(l))
	}
	return s.String(), true
}

type lorenzCurve struct {
	color, label string
	pts          []lorenzPoint
}

// barsChart draws each community's value as a bar, coloured by model and
// grouped by model, pale when it misses the standard, with the standard as
// a dashed line and a legend saying so; a pale bar's tooltip gives its gap
// to the standard (formatGap). It returns how many communities were not
// drawn (no value or suppressed).
func (d *dataset) barsChart(ind *indicators.Indicator) (string, int, bool) {
	const w, h, left, right, top, bottom = 720.0, 290.0, 58.0, 92.0, 34.0, 44.0
	type bar struct {
		c     community
		v     float64
		color string
		below bool // below the standard (for a share from a sample: surely)
	}
	var groups [][]bar
	var names []string
	skipped := 0
	order := append([]model{}, d.models...)
	order = append(order, model{id: "", nameZh: ui.NoModel.zh, nameEn: ui.NoModel.en, color: svgAll})
	for _, m := range order {
		var g []bar
		for _, c := range d.detail {
			if c.modelID != m.id {
				continue
			}
			v, ok := d.values[c.code][ind.ID]
			if !ok || !v.v.Valid || d.suppressed(c.code, ind) {
				skipped++
				continue
			}
			g = append(g, bar{c, v.v.Float64, m.color, v.below})
		}
		sort.SliceStable(g, func(i, j int) bool { return g[i].v > g[j].v })
		if len(g) > 0 {
			groups = append(groups, g)
			names = append(names, d.modelName(m))
		}
	}
	n := 0
	ymax := ind.StandardValue
	for _, g := range groups {
		n += len(g)
		for _, b := range g {
			ymax = math.Max(ymax, b.v)
		}
	}
	if n == 0 {
		return "", skipped, false
	}
	ymax = niceMax(ymax)
	pw, ph := w-left-right, h-top-bottom
	gap := 8.0
	slot := (pw - gap*float64(len(groups)-1)) / float64(n)
	s := newSVG("bars-"+ind.ID, d.name(ind), w, h)
	d.barsLegend(s, ind, left, 16)
	s.yAxis(left, top, pw, ph, ymax, ind.Format)
	x := left
	for gi, g := range groups {
		start := x
		for _, b := range g {
			bh := ph * b.v / ymax
			tip := fmt.Sprintf("%s %s：%s", b.c.name, b.c.code, formatValue(ind.Format, b.v))
			opacity := 1.0
			if b.below {
				opacity = barBelowOpacity
				size, side := d.gapWords(ind, b.v)
				tip = rd.BarTipGap.f(d.lang, b.c.name+" "+b.c.code, formatValue(ind.Format, b.v), side, size)
			}
			s.rectOpacity(x+slot*0.1, top+ph-bh, math.Max(slot*0.8, 0.6), bh, b.color, opacity, tip)
			x += slot
		}
		s.text((start+x)/2, top+ph+16, fmt.Sprintf("%s (%d)", names[gi], len(g)), "middle", 11, svgInk)
		x += gap
	}
	y := top + ph - ph*ind.StandardValue/ymax
	s.line(left, y, left+pw+4, y, svgStandard, 1.5, "6 4")
	for i, l := range wrapLabel(ui.StandardLine.in(d.lang)+" "+d.standardText(ind), 14) {
		s.text(left+pw+6, y+4+13*float64(i), l, "start", 10.5, svgStandard)
	}
	s.text(left, h-6, d.unit(ind), "start", 10, svgInk)
	return s.String(), skipped, true
}

// barBelowOpacity is how opaque a bar missing the standard is drawn.
const barBelowOpacity = 0.45

// barsLegend explains the bars in a row from (x, y): a full bar meets the
// standard, a pale one misses it, and the dashed line is the standard.
// The keys are grey, since the bars' colours are the models'.
func (d *dataset) barsLegend(s *svgDoc, ind *indicators.Indicator, x, y float64) {
	for _, k := range []struct {
		opacity float64
		label   string
	}{{1, rd.BarMeets.in(d.lang)}, {barBelowOpacity, rd.BarBelow.in(d.lang)}} {
		s.rectOpacity(x, y-10, 11, 11, svgAll, k.opacity, "")
		s.text(x+16, y, k.label, "start", 11, svgInk)
		x += 16 + displayWidth(k.label)*6.2 + 16
	}
	s.line(x, y-4, x+22, y-4, svgStandard, 1.5, "6 4")
	s.text(x+27, y, ui.StandardLine.in(d.lang)+" "+d.standardText(ind), "start", 11, svgInk)
}

// groupedBars draws groups of bars with a value axis; used by the model
// comparison against the standards and by the walking-distance chart.
type groupedBars struct {
	id, title string
	groups    []string     // group labels
	series    []legendItem // one bar per series in each group
	values    [][]float64  // [group][series], NaN for none
	format    string       // axis format
	refLine   float64      // drawn when > 0
	refLabel  string
	max       float64 // axis maximum; 0 means from the data
}

func (g groupedBars) draw() string {
	const w, h, left, right, top = 720.0, 300.0, 56.0, 70.0, 30.0
	lines := 1
	pw := w - left - right
	gw := pw / float64(len(g.groups))
	wrapped := make([][]string, len(g.groups))
	for i, lbl := range g.groups {
		wrapped[i] = wrapLabel(lbl, math.Max(6, (gw-8)/6.5))
		lines = max(lines, len(wrapped[i]))
	}
	bottom := 14 + 13*float64(lines)
	ph := h - top - bottom
	m := g.max
	if m == 0 {
		m = g.refLine
		for _, vs := range g.values {
			for _, v := range vs {
				if !math.IsNaN(v) {
					m = math.Max(m, v)
				}
			}
		}
		m = niceMax(m)
	}
	s := newSVG(g.id, g.title, w, h)
	s.legend(left, 16, g.series, false)
	s.yAxis(left, top, pw, ph, m, g.format)
	bw := (gw - 16) / float64(len(g.series))
	for gi, vs := range g.values {
		x0 := left + gw*float64(gi) + 8
		for si, v := range vs {
			if math.IsNaN(v) {
				continue
			}
			bh := ph * math.Min(v, m) / m
			tip := g.groups[gi] + " · " + g.series[si].label + ": " + axisValue(g.format, v)
			s.rect(x0+bw*float64(si)+1, top+ph-bh, bw-2, bh, g.series[si].color, tip)
			if bw >= 30 {
				s.text(x0+bw*float64(si)+bw/2, top+ph-bh-3, axisValue(g.format, v), "middle", 9.5, svgInk)
			}
		}
		for li, l := range wrapped[gi] {
			s.text(left+gw*float64(gi)+gw/2, top+ph+14+13*float64(li), l, "middle", 11, svgInk)
		}
	}
	if g.refLine > 0 {
		y := top + ph - ph*g.refLine/m
		s.line(left, y, left+pw+4, y, svgStandard, 1.5, "6 4")
		for i, l := range wrapLabel(g.refLabel, 10) {
			s.text(left+pw+6, y+4+13*float64(i), l, "start", 10.5, svgStandard)
		}
	}
	return s.String()
}

// axisValue writes a bar's value label.
func axisValue(format string, v float64) string {
	if format == "percent" {
		return strconv.FormatFloat(v*100, 'f', 0, 64) + "%"
	}
	return group(strconv.FormatFloat(v, 'f', 1, 64))
}

// modelStandardChart draws each model's value as a share of the standard.
func (d *dataset) modelStandardChart() (string, bool) {
	rel := d.relativeToStandard()
	if len(rel) == 0 || len(d.models) == 0 {
		return "", false
	}
	g := groupedBars{id: "model-standard", title: ui.ChartTitle.in(d.lang), format: "percent",
		refLine: 1, refLabel: ui.StandardLine.in(d.lang) + " 100%"}
	for _, m := range d.models {
		g.series = append(g.series, legendItem{m.color, d.modelName(m)})
	}
	for _, r := range rel {
		g.groups = append(g.groups, d.name(r.ind))
		vs := make([]float64, len(d.models))
		for i, m := range d.models {
			vs[i] = math.NaN()
			if v, ok := r.byModel[m.id]; ok {
				vs[i] = v
			}
		}
		g.values = append(g.values, vs)
	}
	return g.draw(), true
}

// walkChart draws the share of residents within 300, 500 and 1000 m of a
// service centre, per model and over all communities.
func (d *dataset) walkChart() (string, bool) {
	if !d.hasWalk() {
		return "", false
	}
	g := groupedBars{id: "walk", title: ui.WalkCaption.in(d.lang), format: "percent", max: 1}
	g.series = append(g.series, legendItem{svgAll, ui.AllCommunities.in(d.lang)})
	for _, m := range d.models {
		g.series = append(g.series, legendItem{m.color, d.modelName(m)})
	}
	found := false
	for _, wk := range walkIndicators {
		ind := d.indicator(wk.id)
		g.groups = append(g.groups, ui.WalkWithin.f(d.lang, wk.metres)+" · "+d.name(ind))
		vs := []float64{d.scopeFloat("all", "all", ind)}
		for _, m := range d.models {
			vs = append(vs, d.scopeFloat("model", m.id, ind))
		}
		for _, v := range vs {
			found = found || !math.IsNaN(v)
		}
		g.values = append(g.values, vs)
	}
	if !found {
		return "", false
	}
	return g.draw(), true
}

// scopeFloat is a scope's value, NaN when missing or suppressed.
func (d *dataset) scopeFloat(scope, id string, ind *indicators.Indicator) float64 {
	sv, ok := d.scope[scopeKey{scope, id, ind.ID}]
	if !ok || !sv.v.Valid || d.scopeSuppressed(scope, id, ind) {
		return math.NaN()
	}
	return sv.v.Float64
}

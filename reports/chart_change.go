package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"shequ/indicators"
)

// changeGroup is one group's (a model's) value of the indicator in the
// previous period and in the current one, in the indicator's unit (a
// share 0–1 for percent formats); NaN for none.
type changeGroup struct {
	Label     string
	Prev, Cur float64
}

// changeLabels are the words of the change chart.
type changeLabels struct {
	Unit       string // under the value axis
	Standard   string // over the standard line: "标准 ≥ 75%"
	PrevPeriod string // the previous period: "2015"
	CurPeriod  string // the current period: "2020"
	Improved   string // "改善" / "improved"
	Declined   string // "下降" / "declined"
	Held       string // "持平" / "held"
	Changed    string // for an indicator with no better direction: "变化" / "changed"
	PP         string // percentage points: "个百分点" / "pp"
	NoPrev     string // beside a group with no previous value: "无上期数值"
	NoCur      string // beside a group with no current value: "无本期数值"
	More       string // caption when groups are left out: "另有 %s 组未画出" (count)
}

// changeSpec is a dumbbell chart of one indicator: per group, the
// previous value (a hollow dot) joined to the current one (a filled dot)
// by an arrow.
type changeSpec struct {
	ID, Title string
	Ind       *indicators.Indicator // format, direction and standard
	Groups    []changeGroup
	Labels    changeLabels
}

// changeMaxGroups is how many groups one change chart shows.
const changeMaxGroups = 60

// changeMaxBytes is the most bytes changeChart returns, whatever it is
// given: changeMaxGroups rows of a label, a tooltip of at most
// chartTipMax columns (5 bytes a column escaped), two dots, an arrow and
// the change, and the axis and legend.
const changeMaxBytes = 160 << 10

// changeChart draws the dumbbells, the change written at the right of each
// row, and returns the caption counting improved, declined and held. A
// change is held when it rounds to nothing at the indicator's display
// precision; otherwise it improved when it went the indicator's better
// way (up for higher_is_better, down for lower_is_better); indicators
// with neither direction have changed. Colours: blue improved,
// vermillion declined, grey held or changed, explained by a legend with
// the two periods. The change is written in percentage points for
// percent indicators. A group with one of the two values has its one dot
// and a note. The rows are the groups in their order, at most
// changeMaxGroups of them (the caption says how many more there are); at
// most changeMaxBytes. It fails without an indicator (no direction).
func changeChart(spec changeSpec) (svg, caption string, err error) {
	if err := chartCheckID("change chart", spec.ID, spec.Title); err != nil {
		return "", "", err
	}
	if spec.Ind == nil {
		return "", "", fmt.Errorf("change chart %s: no indicator, so no direction to judge the change by: %w", spec.ID, errChartInput)
	}
	groups := spec.Groups
	more := 0
	if len(groups) > changeMaxGroups {
		more = len(groups) - changeMaxGroups
		groups = groups[:changeMaxGroups]
	}
	ind, l := spec.Ind, spec.Labels
	hasStd := ind.HasStandard()
	lo, hi := math.Inf(1), math.Inf(-1)
	labels := make([]string, len(groups))
	for i, g := range groups {
		labels[i] = chartFit(g.Label, 34)
		for _, v := range []float64{g.Prev, g.Cur} {
			if chartFinite(v) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if math.IsInf(lo, 1) {
		return "", "", nil
	}
	if hasStd {
		lo, hi = math.Min(lo, ind.StandardValue), math.Max(hi, ind.StandardValue)
	}

	const w, right, top, deltaW = 720.0, 8.0, 44.0, 96.0
	rowH := 20.0
	if len(groups) > 30 {
		rowH = 14
	}
	left := chartLabelColumn(labels)
	ph := rowH * float64(len(groups))
	ax := newChartAxis(lo, hi, left+6, w-left-right-deltaW-12)
	s := newChartSVG(spec.ID, spec.Title, w, top+ph+34)
	changeLegend(s, left, ind, l)
	ax.draw(s, top, ph, ind.Format, l.Unit)
	var counts [4]int // improved, declined, held, changed
	for i, g := range groups {
		cy := top + rowH*float64(i) + rowH/2
		s.text(left-6, cy+4, labels[i], "end", 11, chartInk)
		hasPrev, hasCur := chartFinite(g.Prev), chartFinite(g.Cur)
		if !hasPrev || !hasCur {
			note := l.NoPrev
			if !hasCur {
				note = l.NoCur
			}
			if hasPrev {
				s.raw(`<circle cx="%s" cy="%s" r="4" fill="#ffffff" stroke="%s" stroke-width="1.5">%s</circle>`,
					chartNum(ax.x(g.Prev)), chartNum(cy), chartHeld, chartTip(g.Label+" "+l.PrevPeriod+": "+chartValue(ind.Format, g.Prev)))
			}
			if hasCur {
				s.raw(`<circle cx="%s" cy="%s" r="4" fill="%s">%s</circle>`,
					chartNum(ax.x(g.Cur)), chartNum(cy), chartHeld, chartTip(g.Label+" "+l.CurPeriod+": "+chartValue(ind.Format, g.Cur)))
			}
			s.text(w-right, cy+4, chartFit(note, 16), "end", 10, chartInk)
			continue
		}
		delta, zero := chartDelta(ind.Format, g.Cur-g.Prev, l.PP)
		kind := changeVerdict(ind, g.Cur-g.Prev, zero)
		counts[kind]++
		verdict, col := changeWords(l)[kind], changeColors[kind]
		x0, x1 := ax.x(g.Prev), ax.x(g.Cur)
		tip := fmt.Sprintf("%s: %s %s → %s %s (%s, %s)", g.Label, l.PrevPeriod, chartValue(ind.Format, g.Prev),
			l.CurPeriod, chartValue(ind.Format, g.Cur), delta, verdict)
		s.raw(`<g>%s`, chartTip(tip))
		if math.Abs(x1-x0) > 9 { // room for an arrow head between the dots
			dir := math.Copysign(1, x1-x0)
			head := x1 - dir*4.5 // the arrow's point, at the current dot's rim
			s.line(x0+dir*4, cy, head-dir*5, cy, col, 2.5, "")
			s.raw(`<path d="M%s %sl%s -4v8z" fill="%s"/>`, chartNum(head), chartNum(cy), chartNum(-dir*6), col)
		}
		s.raw(`<circle cx="%s" cy="%s" r="4" fill="#ffffff" stroke="%s" stroke-width="1.5"/>`, chartNum(x0), chartNum(cy), col)
		s.raw(`<circle cx="%s" cy="%s" r="4" fill="%s"/>`, chartNum(x1), chartNum(cy), col)
		s.raw(`</g>`)
		s.text(w-right, cy+4, delta, "end", 10.5, chartInk)
	}
	if hasStd {
		s.standardMark(ax.x(ind.StandardValue), top, ph, l.Standard, left, w-right-deltaW)
	}
	var parts []string
	for kind, v := range changeWords(l) {
		if counts[kind] > 0 {
			parts = append(parts, v+" "+strconv.Itoa(counts[kind]))
		}
	}
	if more > 0 && l.More != "" {
		parts = append(parts, fmt.Sprintf(l.More, chartCount(more)))
	}
	caption = strings.Join(parts, " · ")
	return s.String(), caption, nil
}

// The verdicts on a change, in the caption's order.
const (
	changeImproved = iota
	changeDeclined
	changeHeld
	changeChanged
)

// changeColors are the colours of the verdicts.
var changeColors = [4]string{chartImproved, chartDeclined, chartHeld, chartBox}

// changeWords are the words of the verdicts.
func changeWords(l changeLabels) [4]string {
	return [4]string{l.Improved, l.Declined, l.Held, l.Changed}
}

// changeVerdict judges a change d by the indicator's direction; zero is
// whether d rounds to nothing.
func changeVerdict(ind *indicators.Indicator, d float64, zero bool) int {
	switch {
	case zero:
		return changeHeld
	case ind.Direction == indicators.HigherIsBetter && d > 0, ind.Direction == indicators.LowerIsBetter && d < 0:
		return changeImproved
	case ind.Direction == indicators.HigherIsBetter, ind.Direction == indicators.LowerIsBetter:
		return changeDeclined
	}
	return changeChanged
}

// changeLegend explains the dots and colours in a row from x.
func changeLegend(s *chartSVG, x float64, ind *indicators.Indicator, l changeLabels) {
	const y = 14.0
	s.raw(`<circle cx="%s" cy="%s" r="4" fill="#ffffff" stroke="%s" stroke-width="1.5"/>`, chartNum(x+4), chartNum(y-4), chartHeld)
	s.text(x+12, y, l.PrevPeriod, "start", 11, chartInk)
	x += 12 + chartTextPx(l.PrevPeriod, 11) + 14
	s.raw(`<circle cx="%s" cy="%s" r="4" fill="%s"/>`, chartNum(x+4), chartNum(y-4), chartHeld)
	s.text(x+12, y, l.CurPeriod, "start", 11, chartInk)
	x += 12 + chartTextPx(l.CurPeriod, 11) + 16
	items := []chartKey{{chartImproved, l.Improved}, {chartDeclined, l.Declined}, {chartHeld, l.Held}}
	if ind.Direction != indicators.HigherIsBetter && ind.Direction != indicators.LowerIsBetter {
		items = []chartKey{{chartBox, l.Changed}, {chartHeld, l.Held}}
	}
	s.keys(x, y, items, true)
}

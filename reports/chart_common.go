package reports

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"

	"shequ/indicators"
)

// The charts of the chart_*.go files are pure functions from plain Go
// values to SVG text for inlining into the HTML report:
//
//	mapChart        communities on a map, coloured by an indicator (chart_map.go)
//	boxChart        box plots of an indicator per group (chart_dist.go)
//	changeChart     previous → current period per group (chart_change.go)
//	coverageChart   share of communities covered per group (chart_coverage.go)
//	histogramChart  histogram of an indicator (chart_hist.go)
//
// They read no database and no file, and the SVG refers to nothing
// outside itself (no font, script, stylesheet or image; the generic
// sans-serif font). Each takes a spec: a data-chart id, a title, the
// values and every word the chart prints (so it draws in Chinese or
// English), and returns the SVG and a caption: plain text, not escaped,
// saying what the chart leaves out or aggregates. All text in the SVG is
// XML-escaped, long labels are shortened with "…", and the same spec
// gives the same bytes. Each chart states in its doc comment the most
// bytes it returns, whatever the number of values. A chart with nothing to
// draw returns "" and no error; values that contradict each other (a P25
// above the median, k above n) are an error wrapping errChartInput that
// names the chart and the group.

// errChartInput means a chart was given values it cannot draw.
var errChartInput = errors.New("chart input is inconsistent")

// Colours of the charts, all colour-blind safe; text colours reach 4.5:1
// on white (WCAG AA).
const (
	chartInk      = "#333333" // text
	chartRule     = "#e3e3e3" // grid lines
	chartAxisLine = "#9a9a9a"
	chartStandard = "#c00000" // standard and target lines and their labels
	chartImproved = "#0072b2" // Okabe–Ito blue
	chartDeclined = "#d55e00" // Okabe–Ito vermillion
	chartHeld     = "#767676"
	chartNull     = "#8c8c8c" // the outline of a value-less dot or cell
	chartBox      = "#44546a" // groups without a colour of their own
	chartWhisker  = "#555555"
	chartMid      = "#222222" // median lines and mean dots
)

// chartSequential are viridis in six classes, low to high.
var chartSequential = []string{"#440154", "#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"}

// chartMeets and chartFails are ColorBrewer PuOr without its two palest
// classes (too faint on white paper): purple for values that meet a
// standard and orange for values that do not, from near it to far.
var (
	chartMeets = []string{"#b2abd2", "#8073ac", "#542788"}
	chartFails = []string{"#fdb863", "#e08214", "#b35806"}
)

// chartDashes are the dash patterns of successive target lines.
var chartDashes = []string{"6 4", "2 3", "10 3 2 3"}

// Limits on text, in display width (CJK characters count two), that keep
// every chart's size bounded whatever it is given.
const (
	chartTitleMax = 120 // the title
	chartTextMax  = 80  // any text drawn
	chartTipMax   = 160 // any tooltip
	chartIDMax    = 80  // the data-chart id, in bytes of [A-Za-z0-9_-]
)

// chartSVG builds one chart. Text passed to its methods is escaped by
// them; raw writes markup as it is given.
type chartSVG struct{ b strings.Builder }

// newChartSVG starts a chart w × h pixels with its data-chart id and an
// accessible title.
func newChartSVG(id, title string, w, h float64) *chartSVG {
	s := &chartSVG{}
	title = chartFit(title, chartTitleMax)
	s.raw(`<svg xmlns="http://www.w3.org/2000/svg" data-chart="%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-label="%s" class="chart" font-family="sans-serif">`,
		chartEsc(id), chartNum(w), chartNum(h), chartNum(w), chartNum(h), chartEsc(title))
	s.raw(`<title>%s</title>`, chartEsc(title))
	return s
}

func (s *chartSVG) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

// String ends the chart and returns it.
func (s *chartSVG) String() string { return s.b.String() + "</svg>" }

// tip is a <title> child: the tooltip of its parent.
func chartTip(tip string) string {
	if tip == "" {
		return ""
	}
	return "<title>" + chartEsc(chartFit(tip, chartTipMax)) + "</title>"
}

// rect fills a rectangle (one of negative height grows upwards); tip is its
// tooltip, "" for none.
func (s *chartSVG) rect(x, y, w, h float64, fill, tip string) {
	if h < 0 {
		y, h = y+h, -h
	}
	if tip == "" {
		s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, chartNum(x), chartNum(y), chartNum(w), chartNum(h), fill)
		return
	}
	s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s">%s</rect>`, chartNum(x), chartNum(y), chartNum(w), chartNum(h), fill, chartTip(tip))
}

// line draws a line; dash is a stroke-dasharray, "" for solid.
func (s *chartSVG) line(x1, y1, x2, y2 float64, stroke string, width float64, dash string) {
	extra := ""
	if dash != "" {
		extra = ` stroke-dasharray="` + dash + `"`
	}
	s.raw(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="%s"%s/>`,
		chartNum(x1), chartNum(y1), chartNum(x2), chartNum(y2), stroke, chartNum(width), extra)
}

// text writes a label, shortened to chartTextMax; anchor is start, middle
// or end.
func (s *chartSVG) text(x, y float64, v, anchor string, size float64, fill string) {
	s.raw(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s">%s</text>`,
		chartNum(x), chartNum(y), anchor, chartNum(size), fill, chartEsc(chartFit(v, chartTextMax)))
}

// haloText writes a label with a white outline so that it reads over grid
// and target lines.
func (s *chartSVG) haloText(x, y float64, v, anchor string, size float64, fill string) {
	s.raw(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" fill="%s" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`,
		chartNum(x), chartNum(y), anchor, chartNum(size), fill, chartEsc(chartFit(v, chartTextMax)))
}

// chartKey is one key of a legend: a colour and what it means.
type chartKey struct{ color, label string }

// keys writes a legend in a row from (x, y), each key a short line (line)
// or a square, and returns the x after the last.
func (s *chartSVG) keys(x, y float64, items []chartKey, line bool) float64 {
	for _, it := range items {
		if line {
			s.line(x, y-4, x+16, y-4, it.color, 2.5, "")
		} else {
			s.rect(x, y-10, 11, 11, it.color, "")
		}
		s.text(x+20, y, it.label, "start", 11, chartInk)
		x += 20 + chartTextPx(it.label, 11) + 16
	}
	return x
}

// standardMark draws a vertical dashed standard line over a plot from top
// to top+h at x, with its label above the plot kept between left and
// right.
func (s *chartSVG) standardMark(x, top, h float64, label string, left, right float64) {
	s.line(x, top-4, x, top+h, chartStandard, 1.5, "6 4")
	if label == "" {
		return
	}
	half := chartTextPx(label, 10.5) / 2
	lx := math.Max(left+half, math.Min(right-half, x))
	s.text(lx, top-7, label, "middle", 10.5, chartStandard)
}

// chartEsc escapes text for XML character data and attribute values;
// characters XML cannot hold (control characters, invalid UTF-8) become
// U+FFFD.
func chartEsc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// chartCheckID checks a data-chart id: 1 to chartIDMax letters, digits,
// '-' or '_'.
func chartCheckID(kind, id, title string) error {
	ok := id != "" && len(id) <= chartIDMax
	for _, r := range id {
		ok = ok && (r == '-' || r == '_' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)))
	}
	if !ok {
		return fmt.Errorf("%s %q: data-chart id %q is not 1 to %d letters, digits, '-' or '_': %w", kind, chartFit(title, 40), chartFit(id, 40), chartIDMax, errChartInput)
	}
	return nil
}

// chartNum writes a pixel coordinate rounded to a tenth, with no ".0".
func chartNum(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// chartWide reports whether r takes two columns: CJK ideographs, kana,
// hangul, CJK punctuation and full-width forms.
func chartWide(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff01 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)
}

// chartWidth is the display width of s in columns: two for wide
// characters, one for the rest.
func chartWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w++
		if chartWide(r) {
			w++
		}
	}
	return w
}

// chartTextPx estimates how many pixels s takes at a font size: a column
// is 0.56 of the size (6.2 px at 11 px).
func chartTextPx(s string, size float64) float64 { return chartWidth(s) * size * 0.5636 }

// chartFit shortens s with "…" to at most limit columns.
func chartFit(s string, limit float64) string {
	if chartWidth(s) <= limit {
		return s
	}
	var b strings.Builder
	w := 0.0
	for _, r := range s {
		rw := 1.0
		if chartWide(r) {
			rw = 2
		}
		if w+rw > limit-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return b.String() + "…"
}

// chartLabelColumn is the width of the left column of labels of a chart
// with one row per group: the widest label at 11 px, from 110 to 240 px.
func chartLabelColumn(labels []string) float64 {
	w := 0.0
	for _, l := range labels {
		w = math.Max(w, chartTextPx(l, 11))
	}
	return math.Max(110, math.Min(240, w+14))
}

// chartGroup puts thousands separators into the first run of digits of a
// formatted number: "-1234567.5%" → "-1,234,567.5%".
func chartGroup(s string) string {
	i := strings.IndexAny(s, "0123456789")
	if i < 0 {
		return s
	}
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	if j-i <= 3 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:i])
	for k := i; k < j; k++ {
		if k > i && (j-k)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[k])
	}
	b.WriteString(s[j:])
	return b.String()
}

// chartValue writes v in a catalog format (indicators.FormatValue) with
// thousands separators: "92.8%", "1,165.0".
func chartValue(format string, v float64) string {
	return chartGroup(indicators.FormatValue(format, v))
}

// chartCount writes a count with thousands separators.
func chartCount(n int) string { return chartGroup(strconv.Itoa(n)) }

// chartFormat is the format of an indicator's values; "decimal2" when
// there is no indicator.
func chartFormat(ind *indicators.Indicator) string {
	if ind == nil || ind.Format == "" {
		return "decimal2"
	}
	return ind.Format
}

// chartCheckColor checks a colour given to a chart: "" or #rrggbb.
func chartCheckColor(chart, group, color string) error {
	ok := color == "" || len(color) == 7 && color[0] == '#'
	for i := 1; ok && i < len(color); i++ {
		c := color[i]
		ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
	}
	if !ok {
		return fmt.Errorf("%s, group %q: colour %q is not #rrggbb: %w", chart, chartFit(group, 40), chartFit(color, 20), errChartInput)
	}
	return nil
}

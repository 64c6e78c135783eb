package reports

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// The numbers of the charts: value axes, tick labels, changes and
// quantiles.

// chartFinite reports whether v is a number (not NaN, not infinite).
func chartFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// chartNice rounds v > 0 up to 1, 2, 2.5 or 5 times a power of ten; 1 for
// anything else.
func chartNice(v float64) float64 {
	if !(v > 0) || math.IsInf(v, 1) {
		return 1
	}
	e := math.Floor(math.Log10(v))
	for _, m := range []float64{1, 2, 2.5, 5} {
		if c := m * math.Pow(10, e); v <= c*(1+1e-9) {
			return c
		}
	}
	return math.Pow(10, e+1)
}

// chartAxis maps values from lo to hi onto pixels from x0 to x0+w; lo, hi
// and step are multiples of 1, 2, 2.5 or 5 times a power of ten.
type chartAxis struct {
	lo, hi, step float64
	x0, w        float64
}

// newChartAxis fits a rounded axis of about five intervals around
// [lo, hi] (either may be the other); a single value is padded by a
// tenth of itself (by 1 when it is 0).
func newChartAxis(lo, hi, x0, w float64) chartAxis {
	if lo > hi {
		lo, hi = hi, lo
	}
	if lo == hi {
		pad := math.Abs(lo) * 0.1
		if pad == 0 {
			pad = 1
		}
		lo, hi = lo-pad, hi+pad
	}
	step := chartNice((hi - lo) / 5)
	return chartAxis{
		lo:   math.Floor(lo/step+1e-9) * step,
		hi:   math.Ceil(hi/step-1e-9) * step,
		step: step, x0: x0, w: w,
	}
}

// x is the pixel of value v.
func (a chartAxis) x(v float64) float64 { return a.x0 + a.w*(v-a.lo)/(a.hi-a.lo) }

// ticks are the rounded values from lo to hi.
func (a chartAxis) ticks() []float64 {
	n := int(math.Round((a.hi - a.lo) / a.step))
	out := make([]float64, 0, n+1)
	for i := 0; i <= n; i++ {
		out = append(out, a.lo+a.step*float64(i))
	}
	return out
}

// draw writes vertical grid lines with their labels below the plot from
// top to top+h, and the unit under them at the right.
func (a chartAxis) draw(s *chartSVG, top, h float64, format, unit string) {
	for _, v := range a.ticks() {
		x := a.x(v)
		s.line(x, top, x, top+h, chartRule, 1, "")
		s.text(x, top+h+13, chartTick(format, v, a.step), "middle", 10, chartInk)
	}
	s.line(a.x0, top+h, a.x0+a.w, top+h, chartAxisLine, 1, "")
	if unit != "" {
		s.text(a.x0+a.w, top+h+27, unit, "end", 10, chartInk)
	}
}

// chartTick writes an axis value with as many decimals as its step needs
// (so 0.35 does not print as 35.00000000000001%), percent formats times
// 100 with a "%".
func chartTick(format string, v, step float64) string {
	if format == "percent" {
		v, step = v*100, step*100
	}
	dec := 0
	for dec < 6 {
		p := step * math.Pow(10, float64(dec))
		if math.Abs(p-math.Round(p)) <= 1e-6*math.Max(1, math.Abs(p)) {
			break
		}
		dec++
	}
	if math.Abs(v) < step*1e-9 {
		v = 0
	}
	s := chartGroup(strconv.FormatFloat(v, 'f', dec, 64))
	if format == "percent" {
		s += "%"
	}
	return s
}

// chartDelta writes a change with its sign: in percentage points with one
// decimal for percent indicators (pp is the unit, "pp" or "个百分点"), in
// the indicator's format otherwise. zero reports whether the change
// rounds to nothing at that precision (it is then written unsigned).
func chartDelta(format string, d float64, pp string) (text string, zero bool) {
	mag := math.Abs(d)
	var t string
	if format == "percent" {
		t = chartGroup(strconv.FormatFloat(mag*100, 'f', 1, 64))
	} else {
		t = chartValue(format, mag)
	}
	zero = !strings.ContainsAny(t, "123456789")
	switch {
	case zero:
	case d > 0:
		t = "+" + t
	default:
		t = "-" + t
	}
	if format == "percent" {
		t += " " + pp
	}
	return t, zero
}

// chartQuantile is the q-quantile of sorted values, linearly interpolated
// between order statistics (R's type 7, numpy's default and DuckDB's
// quantile_cont): h = q·(n−1), x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
// NaN for no values.
func chartQuantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	h := q * float64(len(sorted)-1)
	i := int(math.Floor(h))
	if i >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// chartSorted returns the finite values of vs, sorted.
func chartSorted(vs []float64) []float64 {
	out := make([]float64, 0, len(vs))
	for _, v := range vs {
		if chartFinite(v) {
			out = append(out, v)
		}
	}
	sort.Float64s(out)
	return out
}

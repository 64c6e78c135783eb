package reports

import (
	"fmt"
	"math"

	"shequ/indicators"
)

// histBin is one bar of a histogram: Count values from Lo up to Hi (the
// last bin of histogramBins includes its Hi).
type histBin struct {
	Lo, Hi float64
	Count  int
}

// histMaxBins is the most bins histogramBins makes.
const histMaxBins = 50

// histogramBins bins the values of vs; NaN and infinite values are no
// value and counted in nulls. The bin rule: a width of
// Freedman–Diaconis, 2·IQR·n^(−1/3) (IQR by linear interpolation),
// rounded up to 1, 2, 2.5 or 5 times a power of ten and widened to the
// next such number until there are at most histMaxBins bins; when the IQR
// is 0, (max − min) over Sturges' ⌈log₂ n⌉ + 1 bins instead. The first
// bin starts at the multiple of the width at or below the minimum; bins
// are [Lo, Hi) but the last, which also holds its Hi, so the maximum is
// in it. When all values are equal there is one bin.
func histogramBins(vs []float64) (bins []histBin, nulls int) {
	sorted := chartSorted(vs)
	nulls = len(vs) - len(sorted)
	if len(sorted) == 0 {
		return nil, nulls
	}
	n := float64(len(sorted))
	minV, maxV := sorted[0], sorted[len(sorted)-1]
	var width float64
	switch iqr := chartQuantile(sorted, 0.75) - chartQuantile(sorted, 0.25); {
	case maxV == minV:
		width = chartNice(math.Max(math.Abs(minV)*0.1, 1e-9))
	case iqr > 0:
		width = chartNice(2 * iqr * math.Cbrt(1/n))
	default:
		width = chartNice((maxV - minV) / (math.Ceil(math.Log2(n)) + 1))
	}
	var lo float64
	var nb int
	for {
		lo = math.Floor(minV/width+1e-9) * width
		nb = max(1, int(math.Ceil((maxV-lo)/width-1e-9)))
		if nb <= histMaxBins {
			break
		}
		width = chartNice(width * 1.0001)
	}
	bins = make([]histBin, nb)
	for i := range bins {
		bins[i] = histBin{Lo: lo + width*float64(i), Hi: lo + width*float64(i+1)}
	}
	for _, v := range sorted {
		i := min(nb-1, max(0, int(math.Floor((v-lo)/width+1e-9))))
		bins[i].Count++
	}
	return bins, nulls
}

// histLabels are the words of the histogram.
type histLabels struct {
	Unit     string // under the value axis
	Standard string // over the standard line: "标准 ≥ 30"
	Count    string // the count axis: "社区数" / "communities"
	Fails    string // legend of bins wholly short of the standard: "未达标"
	Rest     string // legend of the other bins: "其余" / "the rest"
	NoValue  string // caption: "%s 个社区无数值，未计入" (count)
}

// histSpec is a histogram of one indicator over many communities.
type histSpec struct {
	ID, Title string
	Ind       *indicators.Indicator // format; the standard line when it has one
	Bins      []histBin             // ascending, not overlapping, at most histMaxBins; from histogramBins or precomputed, in the indicator's unit
	Nulls     int                   // communities without a value
	Labels    histLabels
}

// histMaxBytes is the most bytes histogramChart returns, whatever it is
// given: histMaxBins bars with a tooltip, and the axes and legend.
const histMaxBytes = 32 << 10

// histogramChart draws the bins as bars over a value axis in the
// indicator's format (the unit under it), the number of communities up
// the side, and the standard as a red dashed line; when there is a
// standard, bins whose every value falls short of it are orange and the
// rest purple, explained by a legend. The caption counts the communities
// without a value. At most histMaxBytes. It fails when the bins overlap,
// are out of order, are more than histMaxBins or have a negative count.
func histogramChart(spec histSpec) (svg, caption string, err error) {
	if err := chartCheckID("histogram", spec.ID, spec.Title); err != nil {
		return "", "", err
	}
	if len(spec.Bins) > histMaxBins || spec.Nulls < 0 {
		return "", "", fmt.Errorf("histogram %s: %d bins and %d communities without a value; want at most %d bins and no negative count: %w",
			spec.ID, len(spec.Bins), spec.Nulls, histMaxBins, errChartInput)
	}
	maxCount := 0
	for i, b := range spec.Bins {
		if !chartFinite(b.Lo) || !chartFinite(b.Hi) || b.Hi <= b.Lo || b.Count < 0 || (i > 0 && b.Lo < spec.Bins[i-1].Hi) {
			return "", "", fmt.Errorf("histogram %s, bin %d [%v, %v) of %d: bins must be ascending, not overlapping, with counts of 0 or more: %w",
				spec.ID, i+1, b.Lo, b.Hi, b.Count, errChartInput)
		}
		maxCount = max(maxCount, b.Count)
	}
	if spec.Nulls > 0 && spec.Labels.NoValue != "" {
		caption = fmt.Sprintf(spec.Labels.NoValue, chartCount(spec.Nulls))
	}
	if len(spec.Bins) == 0 {
		return "", caption, nil
	}
	format := chartFormat(spec.Ind)
	hasStd := spec.Ind != nil && spec.Ind.HasStandard()
	lo, hi := spec.Bins[0].Lo, spec.Bins[len(spec.Bins)-1].Hi
	if hasStd {
		lo, hi = math.Min(lo, spec.Ind.StandardValue), math.Max(hi, spec.Ind.StandardValue)
	}

	const w, h, left, right, top, bottom = 720.0, 280.0, 58.0, 16.0, 40.0, 40.0
	pw, ph := w-left-right, h-top-bottom
	ax := newChartAxis(lo, hi, left, pw)
	ymax := chartNice(math.Max(5, float64(maxCount)))
	s := newChartSVG(spec.ID, spec.Title, w, h)
	s.text(4, 14, spec.Labels.Count, "start", 11, chartInk)
	if hasStd {
		s.keys(math.Max(left, chartTextPx(spec.Labels.Count, 11)+24), 14,
			[]chartKey{{chartFails[1], spec.Labels.Fails}, {chartMeets[1], spec.Labels.Rest}}, false)
	}
	for i := 0; i <= 5; i++ { // the count axis
		y := top + ph - ph*float64(i)/5
		s.line(left, y, left+pw, y, chartRule, 1, "")
		s.text(left-5, y+4, chartValue("integer", ymax*float64(i)/5), "end", 10, chartInk)
	}
	s.line(left, top+ph, left+pw, top+ph, chartAxisLine, 1, "")
	for _, v := range ax.ticks() {
		s.line(ax.x(v), top+ph, ax.x(v), top+ph+4, chartAxisLine, 1, "")
		s.text(ax.x(v), top+ph+15, chartTick(format, v, ax.step), "middle", 10, chartInk)
	}
	s.text(left+pw, top+ph+30, spec.Labels.Unit, "end", 10, chartInk)
	for i, b := range spec.Bins {
		col := chartBox
		if hasStd {
			col = chartMeets[1]
			top := math.Nextafter(b.Hi, math.Inf(-1))
			if i == len(spec.Bins)-1 {
				top = b.Hi
			}
			if !spec.Ind.Meets(b.Lo) && !spec.Ind.Meets(top) {
				col = chartFails[1]
			}
		}
		x0, x1 := ax.x(b.Lo), ax.x(b.Hi)
		bh := ph * float64(b.Count) / ymax
		tip := fmt.Sprintf("%s – %s: %s", chartValue(format, b.Lo), chartValue(format, b.Hi), chartCount(b.Count))
		s.rect(x0+0.5, top+ph-bh, math.Max(x1-x0-1, 0.6), bh, col, tip)
	}
	if hasStd {
		s.standardMark(ax.x(spec.Ind.StandardValue), top, ph, spec.Labels.Standard, left, w-right)
	}
	return s.String(), caption, nil
}

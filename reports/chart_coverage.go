package reports

import (
	"fmt"
	"sort"
	"strconv"
)

// coverageGroup is one group (a street or a model) of a 0/1 coverage
// indicator: how many of its communities have the service.
type coverageGroup struct {
	Label   string
	Color   string // the bar's colour, #rrggbb; "" for chartBox
	Covered int    // communities with the service (value 1)
	Total   int    // communities with a value (0 or 1)
}

// coverageTarget is a target line: a share of communities covered.
type coverageTarget struct {
	Share float64 // 1 for the urban target, 0.8 for the rural one
	Label string  // its legend: "城市目标 100%"
}

// coverageLabels are the words of the coverage chart.
type coverageLabels struct {
	Unit    string // under the axis: "有服务中心的社区占比" / "share of communities covered"
	NoValue string // beside a group with no community: "无社区" / "no communities"
	More    string // caption when groups are left out: "仅列覆盖率最低的 %[1]s 个，另有 %[2]s 个见工作簿" (shown, left out)
}

// coverageSpec is the share of communities covered per group.
type coverageSpec struct {
	ID, Title string
	Groups    []coverageGroup
	Targets   []coverageTarget
	Labels    coverageLabels
	MaxRows   int // the most groups drawn; 0 means coverageMaxRows, more than coverageRowLimit means coverageRowLimit
}

// coverageMaxRows is how many groups a coverage chart draws by default,
// and coverageRowLimit the most it draws (an A4 page).
const (
	coverageMaxRows  = 30
	coverageRowLimit = 60
)

// coverageMaxBytes is the most bytes coverageChart returns, whatever it
// is given: coverageRowLimit rows of a label, a bar with a tooltip of at
// most chartTipMax columns (5 bytes a column escaped) and "k/n", the
// axis, and at most coverageMaxTargets target lines with their legend.
const coverageMaxBytes = 128 << 10

// coverageMaxTargets is the most target lines a coverage chart draws.
const coverageMaxTargets = 3

// coverageChart draws, per group, the share of its communities covered as
// a horizontal bar on an axis from 0 to 100 % (so a bar of k/n is
// k/n of the axis long), "k/n" at its end, and the targets as red dashed
// lines across all bars, each with its own dash pattern explained in a
// legend above. When all groups fit they keep their order; otherwise the
// MaxRows lowest shares are drawn, lowest first (at equal shares the
// group with more communities first, then by label), groups without
// communities last, and the caption says how many are left out. At most
// coverageMaxBytes. It fails when a count is negative or k exceeds n, a
// colour is not #rrggbb, a target is not a share in (0, 1] or there are
// more than coverageMaxTargets targets.
func coverageChart(spec coverageSpec) (svg, caption string, err error) {
	if err := chartCheckID("coverage chart", spec.ID, spec.Title); err != nil {
		return "", "", err
	}
	for _, g := range spec.Groups {
		if g.Covered < 0 || g.Total < 0 || g.Covered > g.Total {
			return "", "", fmt.Errorf("coverage chart %s, group %q: %d of %d communities covered: %w", spec.ID, g.Label, g.Covered, g.Total, errChartInput)
		}
		if err := chartCheckColor("coverage chart "+spec.ID, g.Label, g.Color); err != nil {
			return "", "", err
		}
	}
	if len(spec.Targets) > coverageMaxTargets {
		return "", "", fmt.Errorf("coverage chart %s: %d targets, at most %d: %w", spec.ID, len(spec.Targets), coverageMaxTargets, errChartInput)
	}
	for _, t := range spec.Targets {
		if !(t.Share > 0 && t.Share <= 1) {
			return "", "", fmt.Errorf("coverage chart %s, target %q: %v is not a share in (0, 1]: %w", spec.ID, t.Label, t.Share, errChartInput)
		}
	}
	if len(spec.Groups) == 0 {
		return "", "", nil
	}
	maxRows := spec.MaxRows
	if maxRows <= 0 {
		maxRows = coverageMaxRows
	}
	maxRows = min(maxRows, coverageRowLimit)
	groups := spec.Groups
	if len(groups) > maxRows {
		groups = append([]coverageGroup(nil), groups...)
		sort.SliceStable(groups, func(i, j int) bool {
			a, b := groups[i], groups[j]
			if (a.Total == 0) != (b.Total == 0) {
				return b.Total == 0
			}
			// a.Covered/a.Total < b.Covered/b.Total, in integers.
			if x, y := int64(a.Covered)*int64(b.Total), int64(b.Covered)*int64(a.Total); x != y {
				return x < y
			}
			if a.Total != b.Total {
				return a.Total > b.Total
			}
			return a.Label < b.Label
		})
		groups = groups[:maxRows]
		if spec.Labels.More != "" {
			caption = fmt.Sprintf(spec.Labels.More, chartCount(maxRows), chartCount(len(spec.Groups)-maxRows))
		}
	}

	const w, right, top = 720.0, 70.0, 40.0
	rowH := 18.0
	if len(groups) > 30 {
		rowH = 13
	}
	labels := make([]string, len(groups))
	for i, g := range groups {
		labels[i] = chartFit(g.Label, 34)
	}
	left := chartLabelColumn(labels)
	ph := rowH * float64(len(groups))
	ax := newChartAxis(0, 1, left, w-left-right)
	s := newChartSVG(spec.ID, spec.Title, w, top+ph+34)
	x := left
	for i, t := range spec.Targets {
		s.line(x, 10, x+22, 10, chartStandard, 1.5, chartDashes[i%len(chartDashes)])
		label := chartFit(t.Label, 30)
		s.text(x+26, 14, label, "start", 11, chartInk)
		x += 26 + chartTextPx(label, 11) + 16
	}
	ax.draw(s, top, ph, "percent", spec.Labels.Unit)
	bh := rowH * 0.62
	for i, g := range groups {
		cy := top + rowH*float64(i) + rowH/2
		s.text(left-6, cy+4, labels[i], "end", 11, chartInk)
		if g.Total == 0 {
			s.text(left+4, cy+4, spec.Labels.NoValue, "start", 10, chartInk)
			continue
		}
		share := float64(g.Covered) / float64(g.Total)
		col := g.Color
		if col == "" {
			col = chartBox
		}
		s.rect(left, cy-bh/2, ax.x(share)-left, bh, col, g.Label+": "+coverageKN(g)+" ("+chartValue("percent", share)+")")
	}
	// The targets over the bars, the counts over the targets.
	for i, t := range spec.Targets {
		x := ax.x(t.Share)
		s.line(x, top-4, x, top+ph, chartStandard, 1.5, chartDashes[i%len(chartDashes)])
	}
	for i, g := range groups {
		if g.Total > 0 {
			cy := top + rowH*float64(i) + rowH/2
			s.haloText(ax.x(float64(g.Covered)/float64(g.Total))+4, cy+4, coverageKN(g), "start", 10.5, chartInk)
		}
	}
	return s.String(), caption, nil
}

// coverageKN writes "k/n".
func coverageKN(g coverageGroup) string { return strconv.Itoa(g.Covered) + "/" + strconv.Itoa(g.Total) }

package reports

import (
	"cmp"
	"database/sql"
	"html/template"
	"math"
	"sort"
	"strconv"

	"shequ/indicators"
)

// The HTML report's sections on change, place, streets, uncertainty and
// distributions: views built from load_more.go and drawn with the
// chart_*.go charts.

// changeView is the change section.
type changeView struct {
	Intro string
	Head  []string
	Rows  [][]cell
	Figs  []figure
}

// mapView is the map section.
type mapView struct {
	Intro string
	Figs  []figure
}

// streetsView is the streets section: coverage charts of the 0/1
// indicators, and per indicator with a standard the streets furthest
// from it.
type streetsView struct {
	Intro, CoverageIntro string
	Coverage             []figure
	Tables               []tableView
}

// tableView is a titled table with a note under it.
type tableView struct {
	Title, Note string
	Head        []string
	Rows        [][]cell
}

// distView is the distributions section of a large period.
type distView struct {
	Intro  string
	Figs   []figure
	Tables []tableView
}

// intervalsView is the uncertainty section.
type intervalsView struct {
	Intro  string
	Tables []tableView
}

func countCell(n sql.NullInt64) cell {
	if !n.Valid {
		return cell{Text: "—", Class: "num muted"}
	}
	return cell{Text: formatCount(n.Int64), Class: "num"}
}

func (d *dataset) valueCell(ind *indicators.Indicator, v sql.NullFloat64) cell {
	if !v.Valid {
		return cell{Text: "—", Class: "num muted"}
	}
	return cell{Text: formatValue(ind.Format, v.Float64), Class: "num"}
}

// changeSection fills the change section: a table of every indicator's
// change for all communities, and a dumbbell chart per indicator with a
// direction, for all communities and each model.
func (d *dataset) changeSection(v *htmlView) {
	l := d.lang
	cv := &changeView{}
	prev := ""
	for _, ind := range d.catalog {
		if p := d.prevPeriod[ind.ID]; p != "" && prev == "" {
			prev = p
		}
	}
	if prev == "" {
		cv.Intro = uiMore.ChangeNone.in(l)
		v.Change = cv
		return
	}
	cv.Intro = uiMore.ChangeIntro.f(l, d.period, prev)
	cv.Head = []string{ui.Indicator.in(l), uiMore.PrevPeriod.in(l), uiMore.PrevValue.in(l), uiMore.CurValue.in(l), uiMore.Change.in(l),
		uiChange.Improved.in(l), uiChange.Held.in(l), uiChange.Declined.in(l), uiMore.NotComparable.in(l)}
	labels := changeLabels{PrevPeriod: prev, CurPeriod: d.period, Improved: uiChange.Improved.in(l), Declined: uiChange.Declined.in(l),
		Held: uiChange.Held.in(l), Changed: uiMore.Changed.in(l), PP: uiMore.PP.in(l), NoPrev: uiMore.NoPrev.in(l),
		NoCur: uiMore.NoCur.in(l), More: uiMore.MoreGroups.in(l)}
	for _, ind := range d.catalog {
		rows := d.changes[ind.ID]
		if len(rows) == 0 || rows[0].scope != "all" {
			continue
		}
		a := rows[0]
		ch := cell{Text: "—", Class: "num muted"}
		if a.change.Valid {
			ch = cell{Text: formatGap(ind, a.change.Float64, l) + " · " + cmp.Or(statusLabel(a.status, l), "—"), Class: "num"}
		}
		cv.Rows = append(cv.Rows, []cell{{Text: d.header(ind)}, {Text: d.prevPeriod[ind.ID]}, d.valueCell(ind, a.prev), d.valueCell(ind, a.v),
			ch, countCell(a.improved), countCell(a.held), countCell(a.declined), countCell(a.nc)})
		if ind.Direction == indicators.Neutral {
			continue
		}
		var groups []changeGroup
		for _, r := range rows {
			if r.scope == "model" && d.scopeSuppressed("model", r.id, ind) {
				continue
			}
			groups = append(groups, changeGroup{Label: d.scopeName(r.scope, r.id), Prev: nullNaN(r.prev), Cur: nullNaN(r.v)})
		}
		lb := labels
		lb.Unit = d.unit(ind)
		if ind.HasStandard() {
			lb.Standard = ui.StandardLine.in(l) + " " + d.standardText(ind)
		}
		svg, caption, err := changeChart(changeSpec{ID: "change-" + ind.ID, Title: d.name(ind), Ind: ind, Groups: groups, Labels: lb})
		if err != nil || svg == "" {
			continue
		}
		cv.Figs = append(cv.Figs, figure{SVG: template.HTML(svg), Caption: joinCaption(uiMore.ChangeCaption.f(l, d.name(ind), prev, d.period), caption)})
		v.Charts = append(v.Charts, "change-"+ind.ID)
	}
	v.Change = cv
}

func nullNaN(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

func joinCaption(a, b string) string {
	if b == "" {
		return a
	}
	return a + " " + b
}

// mapSection draws the map of each of mapIndicators the catalog has.
func (d *dataset) mapSection(v *htmlView) error {
	l := d.lang
	mv := &mapView{Intro: uiMore.MapIntro.in(l)}
	for _, id := range mapIndicators {
		ind := d.indicator(id)
		panels, ok := d.maps[id]
		if ind == nil || !ok {
			continue
		}
		lb := mapLabels{Unit: d.unit(ind), NoValue: uiMore.NoValue.in(l), Communities: uiMore.MapCommunities.in(l),
			CellSize: uiMore.MapCellSize.in(l), Cells: uiMore.MapCells.in(l), NoCoords: uiMore.MapNoCoords.in(l),
			More: uiMore.MapMore.in(l), Km: uiMore.Km.in(l)}
		if ind.HasStandard() {
			lb.Standard = ui.StandardLine.in(l) + " " + d.standardText(ind)
		}
		svg, caption, err := mapChart(mapSpec{ID: "map-" + ind.ID, Title: d.name(ind), Ind: ind, Panels: panels, Labels: lb, ScaleBar: true})
		if err != nil {
			return err
		}
		if svg == "" {
			continue
		}
		mv.Figs = append(mv.Figs, figure{SVG: template.HTML(svg), Caption: joinCaption(uiMore.MapCaption.f(l, d.name(ind)), caption)})
		v.Charts = append(v.Charts, "map-"+ind.ID)
	}
	v.Map = mv
	return nil
}

// streetsSection fills the streets section.
func (d *dataset) streetsSection(v *htmlView) error {
	l := d.lang
	sv := &streetsView{Intro: uiMore.StreetsIntro.in(l), CoverageIntro: uiMore.CoverageIntro.in(l)}
	for _, ind := range d.catalog {
		cov, ok := d.coverage[ind.ID]
		if !ok {
			continue
		}
		models, streets := cov[0], cov[1]
		targets := []coverageTarget{{Share: 1, Label: uiMore.TargetUrban.in(l)}, {Share: 0.8, Label: uiMore.TargetRural.in(l)}}
		if ind.HasStandard() && ind.ID != "centre_coverage" {
			targets = []coverageTarget{{Share: ind.StandardValue, Label: uiMore.TargetAll.f(l, formatValue("percent", ind.StandardValue))}}
		}
		lb := coverageLabels{Unit: uiMore.CoverageUnit.in(l), NoValue: uiMore.NoCommunities.in(l), More: uiMore.CoverageMore.in(l)}
		for i, rows := range [][]coverageRow{models, streets} {
			if len(rows) == 0 {
				continue
			}
			var groups []coverageGroup
			for _, r := range rows {
				groups = append(groups, coverageGroup{Label: r.label, Color: r.model, Covered: r.covered, Total: r.total})
			}
			id, title := "coverage-models-"+ind.ID, uiMore.CoverageModels.f(l, d.name(ind))
			if i == 1 {
				id, title = "coverage-streets-"+ind.ID, uiMore.CoverageStreets.f(l, d.name(ind))
			}
			svg, caption, err := coverageChart(coverageSpec{ID: id, Title: title, Groups: groups, Targets: targets, Labels: lb})
			if err != nil {
				return err
			}
			if svg != "" {
				sv.Coverage = append(sv.Coverage, figure{SVG: template.HTML(svg), Caption: joinCaption(title+"。", caption)})
				v.Charts = append(v.Charts, id)
			}
		}
	}
	for _, ind := range d.catalog {
		n, ok := d.streetCounts[ind.ID]
		if !ok {
			continue
		}
		t := tableView{Title: uiMore.StreetsBelow.f(l, d.name(ind), formatCount(n[0]), formatCount(n[1])),
			Head: []string{ui.Street.in(l), ui.District.in(l), ui.Model.in(l), ui.Value.in(l), ui.Gap.in(l), uiMore.StreetGini.in(l), uiMore.CommunitiesBelow.in(l)}}
		if len(d.streetsBelow[ind.ID]) == 0 {
			t.Note = uiMore.StreetsNone.in(l)
		}
		for _, s := range d.streetsBelow[ind.ID] {
			model := ""
			if m, ok := d.modelByID(s.model); ok {
				model = d.modelName(m)
			}
			val := d.valueCell(ind, s.v)
			val.Class = "num below"
			if s.ci[0].Valid && s.ci[1].Valid {
				val.Text += " (" + formatValue(ind.Format, s.ci[0].Float64) + "–" + formatValue(ind.Format, s.ci[1].Float64) + ")"
			}
			gap := cell{Text: "—", Class: "num muted"}
			if s.v.Valid {
				gap = cell{Text: formatGap(ind, s.v.Float64-ind.StandardValue, l), Class: "num"}
			}
			gini := cell{Text: "—", Class: "num muted"}
			if s.gini.Valid {
				gini = cell{Text: strconv.FormatFloat(s.gini.Float64, 'f', 3, 64), Class: "num"}
			}
			below := cell{Text: "—", Class: "num muted"}
			if s.below.Valid && s.with.Valid {
				below = cell{Text: formatCount(s.below.Int64) + " / " + formatCount(s.with.Int64), Class: "num"}
			}
			t.Rows = append(t.Rows, []cell{{Text: s.name}, {Text: s.district}, {Text: model}, val, gap, gini, below})
		}
		sv.Tables = append(sv.Tables, t)
	}
	v.Streets = sv
	return nil
}

// intervalsSection fills the uncertainty section: per indicator from a
// sample, all communities and each model with the value, its interval,
// the respondents and the communities meeting the standard, uncertain
// and surely below it.
func (d *dataset) intervalsSection(v *htmlView) {
	l := d.lang
	iv := &intervalsView{Intro: uiMore.IntervalsIntro.in(l)}
	for _, ind := range d.sampled() {
		rows := d.intervals[ind.ID]
		if len(rows) == 0 {
			continue
		}
		t := tableView{Title: d.header(ind), Head: []string{ui.Scope.in(l), ui.Value.in(l), uiMore.Interval.in(l), uiMore.Respondents.in(l)}}
		if ind.HasStandard() {
			t.Head = append(t.Head, uiMore.Meets.in(l), uiMore.Uncertain.in(l), uiMore.SurelyBelow.in(l))
			t.Note = ui.StandardLine.in(l) + " " + d.standardText(ind)
		}
		for _, r := range rows {
			row := []cell{{Text: d.scopeName(r.scope, r.id), Class: "nowrap"}}
			if r.sup || !r.v.Valid {
				row = append(row, cell{Text: "—", Class: "num muted"}, cell{Text: "—", Class: "num muted"}, cell{Text: "—", Class: "num muted"})
			} else {
				ci := cell{Text: "—", Class: "num muted"}
				if r.lo.Valid && r.hi.Valid {
					ci = cell{Text: formatValue(ind.Format, r.lo.Float64) + " – " + formatValue(ind.Format, r.hi.Float64), Class: "num"}
				}
				n := cell{Text: "—", Class: "num muted"}
				if ind.Interval == indicators.IntervalWilson && r.den.Valid {
					n = cell{Text: formatCount(int64(r.den.Float64)), Class: "num"}
				}
				row = append(row, d.valueCell(ind, r.v), ci, n)
			}
			if ind.HasStandard() {
				unc := sql.NullInt64{}
				if r.with.Valid && r.meeting.Valid && r.below.Valid {
					unc = sql.NullInt64{Int64: r.with.Int64 - r.meeting.Int64 - r.below.Int64, Valid: true}
				}
				row = append(row, countCell(r.meeting), countCell(unc), countCell(r.below))
			}
			t.Rows = append(t.Rows, row)
		}
		iv.Tables = append(iv.Tables, t)
	}
	v.Intervals = iv
}

// distributionsSection fills, for a period too large to draw community by
// community, a box plot per indicator with a standard over all
// communities, each model and each province, and the best and worst
// communities.
func (d *dataset) distributionsSection(v *htmlView) {
	if !d.large() {
		return
	}
	l := d.lang
	dv := &distView{Intro: uiMore.DistIntro.f(l, formatCount(d.nComms))}
	lb := boxLabels{Box: uiMore.Box.in(l), Whiskers: uiMore.Whiskers.in(l), Median: uiMore.Median.in(l), Mean: uiMore.Mean.in(l),
		NoValue: uiMore.NoValue.in(l), More: uiMore.MoreGroups.in(l)}
	colors := map[string]string{}
	for _, m := range d.models {
		colors["model:"+m.id] = m.color
	}
	for _, ind := range d.catalog {
		if !ind.HasStandard() || binary(ind) {
			continue
		}
		ds := d.dists2[ind.ID]
		sort.SliceStable(ds, func(i, j int) bool { return distOrder(ds[i].group) < distOrder(ds[j].group) })
		var groups []boxGroup
		for _, x := range ds {
			groups = append(groups, boxGroup{Label: x.label, Color: colors[x.group], N: int(x.n),
				P5: x.p05, P25: x.p25, P50: x.p50, P75: x.p75, P95: x.p95, Mean: x.avg})
		}
		b := lb
		b.Unit = d.unit(ind)
		b.Standard = ui.StandardLine.in(l) + " " + d.standardText(ind)
		svg, caption, err := boxChart(boxSpec{ID: "box-" + ind.ID, Title: d.name(ind), Ind: ind, Groups: groups, Labels: b})
		if err == nil && svg != "" {
			dv.Figs = append(dv.Figs, figure{SVG: template.HTML(svg), Caption: joinCaption(uiMore.BoxCaption.f(l, d.name(ind)), caption)})
			v.Charts = append(v.Charts, "box-"+ind.ID)
		}
		for _, best := range []bool{false, true} {
			title := uiMore.Worst.f(l, extremesShown)
			if best {
				title = uiMore.Best.f(l, extremesShown)
			}
			t := tableView{Title: d.name(ind) + " — " + title,
				Head: []string{uiMore.RankN.in(l), ui.CommunityCode.in(l), ui.CommunityName.in(l), ui.Street.in(l), ui.Model.in(l), ui.Value.in(l)}}
			for _, e := range d.extremes[ind.ID] {
				if e.best != best {
					continue
				}
				model := ""
				if m, ok := d.modelByID(e.comm.modelID); ok {
					model = d.modelName(m)
				}
				val := cell{Text: formatValue(ind.Format, e.v), Class: "num"}
				if !ind.Meets(e.v) {
					val.Class = "num below"
				}
				t.Rows = append(t.Rows, []cell{{Text: strconv.FormatInt(e.rank, 10), Class: "num"}, {Text: e.comm.code}, {Text: e.comm.name},
					{Text: e.comm.streetName}, {Text: model}, val})
			}
			if len(t.Rows) == 0 {
				t.Note = uiMore.DistNone.in(l)
			}
			dv.Tables = append(dv.Tables, t)
		}
	}
	v.Dist = dv
}

// distOrder puts all communities first, then the models, then the
// provinces.
func distOrder(g string) int {
	switch {
	case g == "all":
		return 0
	case len(g) > 6 && g[:6] == "model:":
		return 1
	}
	return 2
}

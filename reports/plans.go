package reports

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"shequ/indicators"
	"shequ/standards"
)

// The plans communities are held to (package standards) in the reports:
// the 规划目标 sheet and the HTML section, both read from standard_plans
// and plan_attainment. A scope held to two plans has a row for each, one
// under the other.

// planInfo is a row of standard_plans.
type planInfo struct {
	id, kind, titleZh, titleEn, document, scopeLevel, scopeCode, file string
	noteZh, noteEn, models, areas                                     string
	baselineYear, targetYear                                          sql.NullInt64
	holdsAll                                                          bool
}

// planRow is a row of plan_attainment.
type planRow struct {
	indicator, scope, id, plan, op string
	communities, inScope           int64
	withValue, meeting, below      int64
	value, baseline, progress      sql.NullFloat64
	target                         float64
	status, baselineSource         sql.NullString
	baselineYear                   sql.NullInt64
}

// loadPlans reads the plans and the period's attainment of all
// communities, each model and each district, in catalog order.
func (d *dataset) loadPlans(ctx context.Context, db *sql.DB) error {
	if !d.tables["plan_attainment"] || !d.tables["standard_plans"] {
		return nil
	}
	d.planByID = map[string]*planInfo{}
	err := scan(ctx, db, `SELECT plan_id, kind, title_zh, coalesce(title_en, ''), coalesce(document, ''), scope_level, coalesce(scope_code, ''),
       file, coalesce(note_zh, ''), coalesce(note_en, ''), coalesce(array_to_string(holds_models, ','), ''),
       coalesce(array_to_string(holds_areas, ','), ''), baseline_year, target_year, holds_all
FROM standard_plans ORDER BY ord`, nil, func(r *sql.Rows) error {
		var p planInfo
		if err := r.Scan(&p.id, &p.kind, &p.titleZh, &p.titleEn, &p.document, &p.scopeLevel, &p.scopeCode, &p.file, &p.noteZh, &p.noteEn,
			&p.models, &p.areas, &p.baselineYear, &p.targetYear, &p.holdsAll); err != nil {
			return err
		}
		d.plans = append(d.plans, &p)
		d.planByID[p.id] = &p
		return nil
	})
	if err != nil {
		return err
	}
	return scan(ctx, db, `SELECT a.indicator_id, a.scope, a.scope_id, a.plan_id, a.op, a.communities, a.communities_in_scope,
       a.communities_with_value, a.communities_meeting, a.communities_below, a.value, a.baseline_value, a.progress, a.target_value,
       a.status, a.baseline_source, a.baseline_year
FROM plan_attainment a
JOIN indicator_catalog c USING (indicator_id)
JOIN standard_plans p USING (plan_id)
WHERE a.period = ? AND a.scope IN ('all', 'model', 'district')
ORDER BY c.run_order, CASE a.scope WHEN 'all' THEN 0 WHEN 'model' THEN 1 ELSE 2 END, a.scope_id, p.ord`, []any{d.period}, func(r *sql.Rows) error {
		var x planRow
		if err := r.Scan(&x.indicator, &x.scope, &x.id, &x.plan, &x.op, &x.communities, &x.inScope, &x.withValue, &x.meeting, &x.below,
			&x.value, &x.baseline, &x.progress, &x.target, &x.status, &x.baselineSource, &x.baselineYear); err != nil {
			return err
		}
		d.planRows = append(d.planRows, x)
		return nil
	})
}

// planShort names a plan in a table cell: its document number, or the
// title of a benchmark.
func (d *dataset) planShort(id string) string {
	p := d.planByID[id]
	if p == nil {
		return id
	}
	if p.kind == "benchmark" || p.document == "" {
		return uiPlans.Benchmark.in(d.lang)
	}
	return p.document
}

// planName is a plan's document number and title.
func (d *dataset) planName(p *planInfo) string {
	title := d.pick(p.titleZh, p.titleEn)
	switch {
	case p.document == "":
		return title
	case d.lang == "en":
		return title + " (" + p.document + ")"
	}
	return p.document + "《" + title + "》"
}

// planHolds says whom a plan holds.
func (d *dataset) planHolds(p *planInfo) string {
	if p.holdsAll {
		return uiPlans.HoldsAll.in(d.lang)
	}
	var parts []string
	for _, m := range strings.Split(p.models, ",") {
		if m != "" {
			parts = append(parts, d.scopeName("model", m))
		}
	}
	for _, a := range strings.Split(p.areas, ",") {
		if a != "" {
			parts = append(parts, a)
		}
	}
	return strings.Join(parts, "、")
}

// thresholdText is a comparison written out: "≥ 30.0 平方米/百户".
func (d *dataset) thresholdText(ind *indicators.Indicator, op string, v float64) string {
	sym := map[string]string{">=": "≥", "<=": "≤", ">": ">", "<": "<"}[op]
	s := sym + " " + formatValue(ind.Format, v)
	if u := d.unit(ind); u != "" && u != "%" {
		s += " " + u
	}
	return s
}

// scopeText names a plan row's scope, saying when the plan holds only
// part of it.
func (d *dataset) scopeText(x planRow, label bool) string {
	name := d.scopeName(x.scope, x.id)
	if label {
		name = scopeLabel(x.scope, d.lang) + " " + name
	}
	if x.communities < x.inScope {
		name += d.paren(uiPlans.Partial.f(d.lang, x.communities, x.inScope))
	}
	return name
}

// planCells are the texts of a plan row after its scope and indicator:
// plan, target, value, status, communities meeting / with a value,
// baseline and progress; suppressed hides what the small-count rule hides.
func (d *dataset) planCells(ind *indicators.Indicator, x planRow, suppressed bool) []string {
	l := d.lang
	value, status, baseline, progress := "—", "—", "—", "—"
	if suppressed {
		value, status, baseline, progress = ui.Suppressed.in(l), ui.Suppressed.in(l), ui.Suppressed.in(l), ui.Suppressed.in(l)
	} else {
		if x.value.Valid {
			value = formatValue(ind.Format, x.value.Float64)
		}
		switch x.status.String {
		case "meets":
			status = uiPlans.Meets.in(l)
		case "below":
			status = uiPlans.Below.in(l)
		case "uncertain":
			status = uiPlans.Uncertain.in(l)
		}
		if x.baseline.Valid {
			src := uiPlans.FromPlan.in(l)
			if x.baselineSource.String == "measured" {
				src = uiPlans.Measured.f(l, strconv.FormatInt(x.baselineYear.Int64, 10))
			}
			baseline = formatValue(ind.Format, x.baseline.Float64) + d.paren(src)
		}
		progress = d.progressText(x)
	}
	return []string{d.planShort(x.plan), d.thresholdText(ind, x.op, x.target), value, status,
		formatCount(x.meeting) + "/" + formatCount(x.withValue), baseline, progress}
}

// paren puts s in brackets after a figure: full-width in Chinese.
func (d *dataset) paren(s string) string {
	if d.lang == "en" {
		return " (" + s + ")"
	}
	return "（" + s + "）"
}

// progressText is a row's progress, or why it has none.
func (d *dataset) progressText(x planRow) string {
	l := d.lang
	year, _ := strconv.Atoi(d.period[:min(4, len(d.period))])
	switch {
	case x.progress.Valid:
		return strconv.FormatFloat(x.progress.Float64*100, 'f', 0, 64) + "%"
	case x.baselineYear.Valid && int64(year) < x.baselineYear.Int64:
		return uiPlans.BeforeBaseline.in(l)
	case !x.baseline.Valid:
		return uiPlans.NoBaseline.in(l)
	case x.value.Valid:
		return uiPlans.BaselineMet.in(l)
	}
	return "—"
}

// planHead is the head of the plan tables.
func planHead(l string) []string {
	return []string{ui.Indicator.in(l), ui.Scope.in(l), uiPlans.Plan.in(l), uiPlans.Target.in(l), uiPlans.Value.in(l),
		uiPlans.Status.in(l), uiPlans.Meeting.in(l), uiPlans.Baseline.in(l), uiPlans.Progress.in(l)}
}

// plansSheet: every plan row of the period, then the plans.
func (b *book) plansSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.newSheet(name, planHead(l), 2)
	if d.planByID == nil {
		s.gap(1)
		s.note(uiPlans.NoTable.in(l))
		s.finish()
		return
	}
	for _, x := range d.planRows {
		ind := d.indicator(x.indicator)
		if ind == nil {
			continue
		}
		sup := d.scopeSuppressed(x.scope, x.id, ind)
		cells := []xc{s.text(d.name(ind)), s.text(d.scopeText(x, true))}
		for i, t := range d.planCells(ind, x, sup) {
			if i == 3 && x.status.String == "below" {
				cells = append(cells, xc{v: t, style: b.style(styleBelow, "")})
				continue
			}
			cells = append(cells, s.text(t))
		}
		s.add(cells...)
	}
	s.gap(1)
	s.note(uiPlans.NoteStatus.in(l))
	s.note(uiPlans.NoteProgress.in(l))
	s.note(uiPlans.NoteScopes.f(l, d.period))
	s.gap(1)
	s.block(uiPlans.PlansHeader.in(l))
	s.blockHeader(uiPlans.Plan.in(l), uiPlans.Document.in(l), uiPlans.Kind.in(l), uiPlans.Scope.in(l), uiPlans.Years.in(l),
		uiPlans.Holds.in(l), uiPlans.File.in(l))
	for _, p := range d.plans {
		s.blockRow(s.text(p.id), s.text(d.planName(p)), s.text(d.planKind(p)), s.text(d.planScope(p)), s.text(planYears(p)),
			s.text(d.planHolds(p)), s.text(p.file))
		if note := d.pick(p.noteZh, p.noteEn); note != "" {
			s.note(p.id + "：" + note)
		}
	}
	s.finish()
}

func (d *dataset) planKind(p *planInfo) string {
	if p.kind == "benchmark" {
		return uiPlans.Benchmark.in(d.lang)
	}
	return uiPlans.Plan.in(d.lang)
}

func (d *dataset) planScope(p *planInfo) string {
	level := map[string]text{"national": uiPlans.National, "province": uiPlans.Province, "city": uiPlans.City, "district": uiPlans.District}[p.scopeLevel]
	name := p.scopeLevel
	if level != (text{}) {
		name = level.in(d.lang)
	}
	if p.scopeCode == "" {
		return name
	}
	return name + " " + p.scopeCode
}

func planYears(p *planInfo) string {
	if !p.baselineYear.Valid && !p.targetYear.Valid {
		return "—"
	}
	y := func(n sql.NullInt64) string {
		if !n.Valid {
			return "?"
		}
		return strconv.FormatInt(n.Int64, 10)
	}
	return y(p.baselineYear) + "→" + y(p.targetYear)
}

// plansView is the HTML section on plan targets: a table per indicator.
type plansView struct {
	Title  string
	Intro  string
	Side   []string // scopes held to more than the national plan
	Tables []tableView
	Notes  []string
	Plans  [][]string
	PlHead []string
}

// plansSection fills the section: per indicator, all communities and each
// model (the districts are in the workbook), one row per plan holding the
// scope.
func (d *dataset) plansSection(v *htmlView) {
	if d.planByID == nil {
		return
	}
	l := d.lang
	pv := &plansView{Title: uiPlans.Section.in(l), Intro: uiPlans.Intro.in(l),
		Notes:  []string{uiPlans.NoteStatus.in(l), uiPlans.NoteProgress.in(l)},
		PlHead: []string{uiPlans.Plan.in(l), uiPlans.Document.in(l), uiPlans.Kind.in(l), uiPlans.Scope.in(l), uiPlans.Years.in(l), uiPlans.Holds.in(l)}}
	for _, p := range d.plans {
		pv.Plans = append(pv.Plans, []string{p.id, d.planName(p), d.planKind(p), d.planScope(p), planYears(p), d.planHolds(p)})
		if !p.holdsAll {
			pv.Side = append(pv.Side, uiPlans.IntroSide.f(l, d.planHolds(p), d.planName(p)))
		}
	}
	head := planHead(l)[1:]
	byIndicator := map[string]int{}
	for _, x := range d.planRows {
		ind := d.indicator(x.indicator)
		if ind == nil || x.scope == "district" || x.withValue == 0 && !x.value.Valid {
			continue
		}
		i, ok := byIndicator[x.indicator]
		if !ok {
			i = len(pv.Tables)
			byIndicator[x.indicator] = i
			pv.Tables = append(pv.Tables, tableView{Title: d.header(ind), Head: head})
		}
		row := []cell{{Text: d.scopeText(x, false)}}
		for j, t := range d.planCells(ind, x, d.scopeSuppressed(x.scope, x.id, ind)) {
			c := cell{Text: t}
			switch {
			case j == 3 && x.status.String == "below":
				c.Class = "below nowrap"
			case j == 2 || j == 4:
				c.Class = "num"
			default:
				c.Class = "nowrap"
			}
			row = append(row, c)
		}
		pv.Tables[i].Rows = append(pv.Tables[i].Rows, row)
	}
	v.Plans = pv
}

// standardsFrom names the plans the headline standards come from, and the
// plans some scopes are held to besides them ("" for a warehouse without
// plans).
func (d *dataset) standardsFrom(where text) string {
	if d.planByID == nil {
		return ""
	}
	l := d.lang
	var all []string
	out := ""
	for _, p := range d.plans {
		if p.holdsAll {
			name := d.planName(p)
			if p.kind == "benchmark" {
				name = uiPlans.Benchmark.in(l) + d.paren(name)
			}
			all = append(all, name)
		}
	}
	out = uiPlans.From.f(l, strings.Join(all, "；"))
	for _, p := range d.plans {
		if !p.holdsAll {
			out += " " + uiPlans.FromSide.f(l, d.planHolds(p), d.planName(p), where.in(l))
		}
	}
	return out
}

// plansBelow adds to the 达标情况 sheet the communities below the targets
// of the plans that hold only some communities (those the configuration
// adds), furthest first, at most maxBelowListed per plan and indicator:
// they are held to those targets as well as to the standards above. A
// share from a sample is listed when its whole interval misses the target;
// a suppressed value is counted, not shown.
func (b *book) plansBelow(s *sheet) {
	d, l := b.d, b.d.lang
	if d.planByID == nil {
		return
	}
	var added []string
	for _, p := range d.plans {
		if !p.holdsAll {
			added = append(added, p.id)
		}
	}
	if len(added) == 0 {
		return
	}
	vis, args := d.visibleSQL("indicator_values", "community_code", "", nil)
	q := vis + `, b AS (
	SELECT t.plan_id, t.indicator_id, t.op, t.target_value, vis.community_code, vis.value, vis.sup,
	       (vis.value - t.target_value) / CASE WHEN t.target_value = 0 THEN 1 ELSE abs(t.target_value) END AS gap
	FROM vis
	JOIN plan_communities pc ON pc.period = vis.period AND pc.community_code = vis.community_code
	JOIN standard_targets t ON t.plan_id = pc.plan_id AND t.indicator_id = vis.indicator_id
	JOIN standard_plans p ON p.plan_id = t.plan_id
	WHERE NOT p.holds_all AND vis.value IS NOT NULL
	  AND NOT ` + standards.CompareSQL("t.op", "CASE WHEN t.op IN ('>=', '>') THEN coalesce(vis.ci_high, vis.value) ELSE coalesce(vis.ci_low, vis.value) END", "t.target_value") + `
), r AS (SELECT *, row_number() OVER (PARTITION BY plan_id, indicator_id ORDER BY abs(gap) DESC, community_code) AS rn,
                count(*) FILTER (WHERE NOT sup) OVER (PARTITION BY plan_id, indicator_id) AS n FROM b WHERE NOT sup)
SELECT r.plan_id, r.indicator_id, r.op, r.target_value, r.community_code, coalesce(c.community_name, ''), coalesce(c.street_name, ''),
       coalesce(c.model_id, ''), r.value, r.gap, r.n
FROM r JOIN communities c ON c.period = ? AND c.community_code = r.community_code
JOIN standard_plans p ON p.plan_id = r.plan_id JOIN indicator_catalog k ON k.indicator_id = r.indicator_id
WHERE r.rn <= ?
ORDER BY p.ord, k.run_order, r.rn`
	s.gap(1)
	s.block(uiPlans.BelowAdded.in(l))
	s.blockHeader(uiPlans.Plan.in(l), ui.Indicator.in(l), uiPlans.Target.in(l), ui.CommunityCode.in(l), ui.CommunityName.in(l),
		ui.Street.in(l), ui.Model.in(l), ui.Value.in(l), ui.Gap.in(l))
	listed := 0
	more := map[string]int64{}
	b.do(func() error {
		return scan(b.ctx, b.db, q, append(args, d.period, maxBelowListed), func(r *sql.Rows) error {
			var plan, id, op, code, name, street, modelID string
			var target, v, gap float64
			var n int64
			if err := r.Scan(&plan, &id, &op, &target, &code, &name, &street, &modelID, &v, &gap, &n); err != nil {
				return err
			}
			ind := d.indicator(id)
			if ind == nil {
				return nil
			}
			modelName := ""
			if m, ok := d.modelByID(modelID); ok {
				modelName = d.modelName(m)
			}
			s.blockRow(s.text(d.planShort(plan)), s.text(d.name(ind)), s.text(d.thresholdText(ind, op, target)), s.text(code), s.text(name),
				s.text(street), s.text(modelName), s.number(v, excelFormat(ind.Format), formatValue(ind.Format, v), true),
				s.text(formatGap(ind, v-target, l)))
			listed++
			if n > maxBelowListed {
				more[plan+" "+id] = n
			}
			return nil
		})
	})
	if listed == 0 {
		s.note(uiPlans.NoneBelowAdded.in(l))
	}
	for k, n := range more {
		s.note(k + ": " + uiPlans.MoreBelowAdded.f(l, n-maxBelowListed, n))
	}
}

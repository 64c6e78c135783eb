package reports

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"shequ/indicators"
)

// readingView is the generated reading of the model comparison: plain
// sentences, each built from the numbers of the dataset (never written by
// hand per period), in the report's language. Findings are the three
// that matter, each chosen by the rule its sentence opens with:
//
//  1. the model whose overall value is furthest from a standard, the gap
//     taken as a share of the standard (or, when every model meets every
//     standard, that);
//  2. the equalized indicator with the highest population-weighted Gini
//     over all communities, with the share of its Theil T that lies
//     between the models;
//  3. the largest change of a model's overall value since the previous
//     period, as a share of the earlier value (indicators with a
//     direction, not differences, earlier value above 0); without an
//     earlier period, the standard the smallest share of communities
//     meets.
//
// Rest says the remaining things briefly, a sentence each.
type readingView struct {
	Findings []string
	Rest     []string
}

// lines are the findings followed by the rest.
func (r readingView) lines() []string {
	return append(append([]string{}, r.Findings...), r.Rest...)
}

// reading is the reading as one list, with no change since the previous
// period (readingView(nil)).

// twoStepIDs are the two 2SFCA accessibility indicators (Gaussian and
// classic). Their model values are, by construction, each model's centre
// floor area ÷ its residents with a location (twoStepSentence), the same
// for both: they are left out of the count of first places.
var twoStepIDs = [2]string{"access_2sfca", "access_2sfca_uniform"}

// theilNone reports whether a Theil T shows as 0.000, the three decimals
// the report writes: there is then no inequality to split between and
// within groups, whatever shares the rounding noise would give.
func theilNone(total float64) bool { return total < 0.0005 }

// formatIndex writes a Gini or Theil index with the three decimals the
// report shows: "0.453".
func formatIndex(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// readingView writes the reading; changes are the models' changes since
// the previous period (loadModelChanges), nil when there is none.
func (d *dataset) readingView(changes []modelChange) readingView {
	l := d.lang
	if len(d.models) == 0 || len(d.compare) == 0 {
		return readingView{Findings: []string{rd.NoModels.in(l)}}
	}
	var r readingView
	add := func(to *[]string, sentence func() (string, bool)) {
		if s, ok := sentence(); ok {
			*to = append(*to, s)
		}
	}
	misses, standards := d.modelMisses()
	switch {
	case len(misses) > 0:
		r.Findings = append(r.Findings, d.missSentence(misses[0]))
	case standards > 0:
		r.Findings = append(r.Findings, rd.FindAllMeet.f(l, standards))
	}
	add(&r.Findings, d.unequalSentence)
	if s, ok := d.changeSentence(changes); ok {
		r.Findings = append(r.Findings, s)
	} else {
		add(&r.Findings, d.fewestSentence)
	}
	if len(misses) > 1 {
		r.Rest = append(r.Rest, d.otherMisses(misses[1:]))
	}
	add(&r.Rest, d.meetingSentence)
	add(&r.Rest, d.leadersSentence)
	add(&r.Rest, d.twoStepSentence)
	r.Rest = append(r.Rest, d.theilSentences()...)
	add(&r.Rest, d.streetsSentence)
	return r
}

// modelMiss is a model whose overall value misses a standard.
type modelMiss struct {
	ind *indicators.Indicator
	m   model
	v   float64
	rel float64 // shortfall: the gap as a share of the standard
}

// modelMisses lists the models' overall values that miss a standard,
// furthest first (by the gap as a share of the standard; ties in catalog
// and model order), and counts the standards some model has a value for.
func (d *dataset) modelMisses() ([]modelMiss, int) {
	var out []modelMiss
	standards := 0
	for _, ind := range d.catalog {
		if !ind.HasStandard() {
			continue
		}
		valued := false
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			if !ok || !c.v.Valid || d.scopeSuppressed("model", m.id, ind) {
				continue
			}
			valued = true
			if !ind.Meets(c.v.Float64) {
				out = append(out, modelMiss{ind, m, c.v.Float64, shortfall(ind, c.v.Float64)})
			}
		}
		if valued {
			standards++
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].rel) > math.Abs(out[j].rel) })
	return out, standards
}

// gapWords writes how far v is from the standard: the gap's size with its
// unit, and whether it is below or above it.
func (d *dataset) gapWords(ind *indicators.Indicator, v float64) (size, side string) {
	gap := v - ind.StandardValue
	size = formatGap(ind, math.Abs(gap), d.lang)
	if u := d.unit(ind); ind.Format != "percent" && u != "" {
		size += " " + u
	}
	side = rd.Below.in(d.lang)
	if gap > 0 {
		side = rd.Above.in(d.lang)
	}
	return strings.TrimPrefix(size, "+"), side
}

func (d *dataset) missSentence(x modelMiss) string {
	l := d.lang
	size, side := d.gapWords(x.ind, x.v)
	if x.ind.StandardValue == 0 {
		return rd.FindGapAbs.f(l, d.modelName(x.m), d.name(x.ind), d.valueWithUnit(x.ind, x.v), d.standardText(x.ind), side, size)
	}
	return rd.FindGap.f(l, d.modelName(x.m), d.name(x.ind), d.valueWithUnit(x.ind, x.v), d.standardText(x.ind), side, size,
		formatShare(math.Abs(x.rel)))
}

// otherMisses lists the other models missing a standard as a whole,
// grouped by indicator in catalog order.
func (d *dataset) otherMisses(misses []modelMiss) string {
	l := d.lang
	var groups []string
	for _, ind := range d.catalog {
		var parts []string
		for _, x := range misses {
			if x.ind == ind {
				parts = append(parts, rd.MissPart.f(l, d.modelName(x.m), d.valueWithUnit(ind, x.v)))
			}
		}
		if len(parts) > 0 {
			groups = append(groups, rd.MissGroup.f(l, d.name(ind), d.standardText(ind), join(parts, l)))
		}
	}
	return rd.OtherMisses.f(l, strings.Join(groups, ui.RdAnd.in(l)))
}

// unequalSentence names the equalized indicator with the highest
// population-weighted Gini over all communities.
func (d *dataset) unequalSentence() (string, bool) {
	l := d.lang
	var top *indicators.Indicator
	best := -1.0
	for _, ind := range d.equalized() {
		if e, ok := d.eq("all", "all", ind.ID, "gini_weighted"); ok && e.v.Valid && e.v.Float64 > best {
			top, best = ind, e.v.Float64
		}
	}
	switch {
	case top == nil:
		return "", false
	case best < 0.0005:
		return rd.FindNoInequality.in(l), true
	}
	gini := formatIndex(best)
	if t, ok := d.theil[top.ID]; ok && t.total.Valid && t.between.Valid && !theilNone(t.total.Float64) {
		share := math.Max(0, math.Min(1, t.between.Float64/t.total.Float64))
		return rd.FindUnequalTheil.f(l, d.name(top), gini, formatIndex(t.total.Float64), formatShare(share)), true
	}
	return rd.FindUnequal.f(l, d.name(top), gini), true
}

// fewestSentence names the standard the smallest share of all the
// communities with a value meets.
func (d *dataset) fewestSentence() (string, bool) {
	var top *indicators.Indicator
	var s scopeValue
	best := 2.0
	for _, ind := range d.catalog {
		sv, ok := d.scope[scopeKey{"all", "all", ind.ID}]
		if !ind.HasStandard() || !ok || sv.sup || !sv.meet.Valid || !sv.withValue.Valid || sv.withValue.Int64 == 0 {
			continue
		}
		if share := float64(sv.meet.Int64) / float64(sv.withValue.Int64); share < best {
			top, s, best = ind, sv, share
		}
	}
	if top == nil {
		return "", false
	}
	return rd.FindFewest.f(d.lang, d.name(top), d.standardText(top), s.withValue.Int64, s.meet.Int64, formatShare(best)), true
}

// meetingSentence counts, over all communities, those meeting each
// standard.
func (d *dataset) meetingSentence() (string, bool) {
	l := d.lang
	var parts []string
	for _, ind := range d.catalog {
		sv, ok := d.scope[scopeKey{"all", "all", ind.ID}]
		if !ind.HasStandard() || !ok || sv.sup || !sv.meet.Valid || !sv.withValue.Valid || sv.withValue.Int64 == 0 {
			continue
		}
		parts = append(parts, rd.MeetingPart.f(l, d.name(ind), formatCount(sv.meet.Int64), formatCount(sv.withValue.Int64)))
	}
	if len(parts) == 0 {
		return "", false
	}
	return rd.Meeting.f(l, join(parts, l)), true
}

// leadersSentence counts first places: over the indicators with a
// direction and a rank for two or more models, less the two 2SFCA
// indicators, how often each model ranks first alone, and, once per
// indicator, how often models tie for first.
func (d *dataset) leadersSentence() (string, bool) {
	l := d.lang
	ranked, tied, excluded := 0, 0, false
	alone := map[string]int{}
	for _, ind := range d.catalog {
		if ind.Direction != indicators.HigherIsBetter && ind.Direction != indicators.LowerIsBetter {
			continue
		}
		var first []string
		n := 0
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			if !ok || !c.rank.Valid || d.scopeSuppressed("model", m.id, ind) {
				continue
			}
			n++
			if c.rank.Int64 == 1 {
				first = append(first, m.id)
			}
		}
		if n < 2 || len(first) == 0 {
			continue
		}
		if ind.ID == twoStepIDs[0] || ind.ID == twoStepIDs[1] {
			excluded = true
			continue
		}
		ranked++
		if len(first) == 1 {
			alone[first[0]]++
		} else {
			tied++
		}
	}
	if ranked == 0 {
		return "", false
	}
	ms := append([]model{}, d.models...)
	sort.SliceStable(ms, func(i, j int) bool { return alone[ms[i].id] > alone[ms[j].id] })
	var parts []string
	for _, m := range ms {
		if alone[m.id] > 0 {
			parts = append(parts, rd.LeaderPart.f(l, d.modelName(m), alone[m.id]))
		}
	}
	what := rd.LeadersAlone.f(l, join(parts, l))
	if len(parts) == 0 {
		what = rd.LeadersNoneAlone.in(l)
	}
	if tied > 0 {
		what += ui.RdAnd.in(l) + rd.LeadersTied.f(l, tied)
	}
	excl := ""
	if excluded {
		excl = rd.LeadersExcl.in(l)
	}
	return rd.Leaders.f(l, ranked, excl, what), true
}

// twoStepSentence says why the two 2SFCA indicators are not ranked.
// Summed over an area's residents, the two steps cancel: with R_j = S_j ÷
// Σ_k P_k·G(d_kj) and A_i = Σ_j R_j·G(d_ij), Σ_i P_i·A_i = Σ_j R_j·Σ_i
// P_i·G(d_ij) = Σ_j S_j when the sum over i covers every resident point
// within each centre's catchment (internal/access, indicators/
// access_2sfca*.sql). A model's value, Σ_i P_i·A_i ÷ Σ_i P_i × 1,000, is
// then its centres' floor area per 1,000 residents with a location for
// any weight G; where catchments cross a model's boundary it is only
// close to it, and the two indicators differ.
func (d *dataset) twoStepSentence() (string, bool) {
	a, b := d.indicator(twoStepIDs[0]), d.indicator(twoStepIDs[1])
	if a == nil || b == nil {
		return "", false
	}
	equal, shown := true, false
	var first model
	var va, vb float64
	for _, m := range d.models {
		ca, ok1 := d.compare[a.ID][m.id]
		cb, ok2 := d.compare[b.ID][m.id]
		if !ok1 || !ok2 || !ca.v.Valid || !cb.v.Valid || d.scopeSuppressed("model", m.id, a) || d.scopeSuppressed("model", m.id, b) {
			continue
		}
		if !shown {
			first, va, vb, shown = m, ca.v.Float64, cb.v.Float64, true
		}
		if math.Abs(ca.v.Float64-cb.v.Float64) > 1e-9*math.Max(1, math.Abs(ca.v.Float64)) {
			equal = false
		}
	}
	if !shown {
		return "", false
	}
	if equal {
		return rd.TwoStepEqual.f(d.lang, d.modelName(first), d.valueWithUnit(a, va)), true
	}
	return rd.TwoStepDiffer.f(d.lang, d.modelName(first), d.valueWithUnit(a, va), d.valueWithUnit(b, vb)), true
}

// theilSentences say where the gap between communities lies: the
// indicators with the largest and smallest share between the models, and
// those with no inequality at all (theilNone).
func (d *dataset) theilSentences() []string {
	l := d.lang
	type split struct {
		name  string
		share float64
	}
	var splits []split
	var none []string
	for _, ind := range d.equalized() {
		t, ok := d.theil[ind.ID]
		if !ok || !t.total.Valid || !t.between.Valid {
			continue
		}
		if theilNone(t.total.Float64) {
			none = append(none, rd.Named.f(l, d.name(ind)))
			continue
		}
		splits = append(splits, split{d.name(ind), math.Max(0, math.Min(1, t.between.Float64/t.total.Float64))})
	}
	var out []string
	switch {
	case len(splits) == 1:
		out = append(out, rd.TheilOne.f(l, rd.TheilPart.f(l, splits[0].name, formatShare(splits[0].share))))
	case len(splits) >= 2:
		sort.SliceStable(splits, func(i, j int) bool { return splits[i].share > splits[j].share })
		top, last := splits[0], splits[len(splits)-1]
		out = append(out, rd.TheilIntro.f(l, len(splits), rd.TheilPart.f(l, top.name, formatShare(top.share)),
			rd.TheilPart.f(l, last.name, formatShare(last.share))))
	}
	if len(none) > 0 {
		out = append(out, rd.TheilNone.f(l, join(none, l)))
	}
	return out
}

// streetsSentence says, for each model, whether its gap lies mostly
// between its streets or within them (the mean share of Theil T between
// streets over the equalized indicators with any inequality).
func (d *dataset) streetsSentence() (string, bool) {
	l := d.lang
	var parts []string
	for _, m := range d.models {
		if m.streets == 1 {
			parts = append(parts, rd.StreetsOne.f(l, d.modelName(m)))
			continue
		}
		sum, n := 0.0, 0
		for _, ind := range d.equalized() {
			tot, ok1 := d.eq("model", m.id, ind.ID, "theil_t")
			bet, ok2 := d.eq("model", m.id, ind.ID, "theil_t_between")
			if ok1 && ok2 && tot.v.Valid && bet.v.Valid && !theilNone(tot.v.Float64) {
				sum += math.Max(0, math.Min(1, bet.v.Float64/tot.v.Float64))
				n++
			}
		}
		if n == 0 {
			continue
		}
		if share := sum / float64(n); share >= 0.5 {
			parts = append(parts, rd.StreetsBetween.f(l, d.modelName(m), formatShare(share)))
		} else {
			parts = append(parts, rd.StreetsWithin.f(l, d.modelName(m), formatShare(share)))
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	return rd.Streets.f(l, strings.Join(parts, ui.RdAnd.in(l))), true
}

// valueWithUnit writes a value with its unit: "13.0 人/万人", "92.8%".
func (d *dataset) valueWithUnit(ind *indicators.Indicator, v float64) string {
	s := formatValue(ind.Format, v)
	if u := d.unit(ind); u != "" && u != "%" {
		s += " " + u
	}
	return s
}

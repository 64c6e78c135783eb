package reports

import (
	"sort"
	"strings"

	"shequ/indicators"
)

// reading writes the short generated reading of the model comparison:
// plain sentences, each built from the numbers of the dataset (never
// hand-written per period), in the report's language.
func (d *dataset) reading() []string {
	l := d.lang
	if len(d.models) == 0 || len(d.compare) == 0 {
		return []string{ui.RdNoModels.in(l)}
	}
	var out []string
	// Communities meeting each standard, per model.
	for _, ind := range d.catalog {
		if !ind.HasStandard() {
			continue
		}
		var parts []string
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			if !ok || !c.meet.Valid || !c.withValue.Valid || c.withValue.Int64 == 0 {
				continue
			}
			switch c.meet.Int64 {
			case c.withValue.Int64:
				parts = append(parts, ui.RdAllMeet.f(l, d.modelName(m), c.withValue.Int64))
			case 0:
				parts = append(parts, ui.RdNoneMeet.f(l, d.modelName(m), c.withValue.Int64))
			default:
				parts = append(parts, ui.RdSomeBelow.f(l, d.modelName(m), c.withValue.Int64, c.withValue.Int64-c.meet.Int64))
			}
		}
		if len(parts) > 0 {
			out = append(out, ui.RdStdLine.f(l, d.name(ind), d.standardText(ind), strings.Join(parts, ui.RdAnd.in(l))))
		}
	}
	// Models whose overall value misses a standard.
	for _, ind := range d.catalog {
		if !ind.HasStandard() {
			continue
		}
		var below []string
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			if !ok || !c.v.Valid || ind.Meets(c.v.Float64) || d.scopeSuppressed("model", m.id, ind) {
				continue
			}
			below = append(below, ui.RdModelValue.f(l, d.modelName(m), d.valueWithUnit(ind, c.v.Float64)))
		}
		if len(below) > 0 {
			out = append(out, ui.RdModelBelow.f(l, join(below, l), d.name(ind), d.standardText(ind)))
		}
	}
	// Who ranks first how often.
	ranked := 0
	firsts := map[string]int{}
	for _, ind := range d.catalog {
		if ind.Direction == indicators.Neutral {
			continue
		}
		has := false
		for _, m := range d.models {
			if c, ok := d.compare[ind.ID][m.id]; ok && c.rank.Valid {
				has = true
				if c.rank.Int64 == 1 {
					firsts[m.id]++
				}
			}
		}
		if has {
			ranked++
		}
	}
	if ranked > 0 && len(firsts) > 0 {
		ms := append([]model{}, d.models...)
		sort.SliceStable(ms, func(i, j int) bool { return firsts[ms[i].id] > firsts[ms[j].id] })
		var parts []string
		for _, m := range ms {
			if firsts[m.id] > 0 {
				parts = append(parts, ui.RdLeaderPart.f(l, d.modelName(m), firsts[m.id]))
			}
		}
		out = append(out, ui.RdLeaders.f(l, ranked, join(parts, l)))
	}
	// Where the gap lies: between or within models, then between or
	// within the streets of each model.
	type split struct {
		name  string
		share float64
	}
	var splits []split
	for _, ind := range d.equalized() {
		t, ok := d.theil[ind.ID]
		if !ok || !t.total.Valid || !t.between.Valid || t.total.Float64 <= 0 {
			continue
		}
		splits = append(splits, split{d.name(ind), t.between.Float64 / t.total.Float64})
	}
	if len(splits) >= 2 {
		sort.SliceStable(splits, func(i, j int) bool { return splits[i].share > splits[j].share })
		var top []string
		for _, s := range splits[:min(3, len(splits)-1)] {
			top = append(top, ui.RdTheilPart.f(l, s.name, formatShare(s.share)))
		}
		last := splits[len(splits)-1]
		out = append(out, ui.RdTheilIntro.f(l, len(splits), join(top, l), ui.RdTheilPart.f(l, last.name, formatShare(last.share))))
	}
	for _, m := range d.models {
		if m.streets == 1 {
			out = append(out, ui.RdOneStreet.f(l, d.modelName(m)))
			continue
		}
		sum, n := 0.0, 0
		for _, ind := range d.equalized() {
			tot, ok1 := d.eq("model", m.id, ind.ID, "theil_t")
			bet, ok2 := d.eq("model", m.id, ind.ID, "theil_t_between")
			if ok1 && ok2 && tot.v.Valid && bet.v.Valid && tot.v.Float64 > 0 {
				sum += bet.v.Float64 / tot.v.Float64
				n++
			}
		}
		if n == 0 {
			continue
		}
		share := sum / float64(n)
		if share >= 0.5 {
			out = append(out, ui.RdMostlyBetween.f(l, d.modelName(m), n, formatShare(share)))
		} else {
			out = append(out, ui.RdMostlyWithin.f(l, d.modelName(m), n, formatShare(share)))
		}
	}
	return out
}

// valueWithUnit writes a value with its unit: "13.0 人/万人", "92.8%".
func (d *dataset) valueWithUnit(ind *indicators.Indicator, v float64) string {
	s := formatValue(ind.Format, v)
	if u := d.unit(ind); u != "" && u != "%" {
		s += " " + u
	}
	return s
}

package reports

import (
	"context"
	"database/sql"
	"strings"

	"shequ/indicators"
)

// methodsView is the methods section of the HTML report, as data: a title
// and short parts, each a title, paragraphs and a list. Every sentence is
// either fixed wording that describes what the code does (privacy.go,
// visible.go, indicators/interval.go, the aggregation in indicators) or
// built from the warehouse (the period's files, the catalog's standards,
// formulas, aggregations and intervals).
type methodsView struct {
	Title string
	Parts []methodsPart
}

// methodsPart is one part of the methods section.
type methodsPart struct {
	Title string
	Text  []string // paragraphs
	Items []string // a list after the paragraphs
}

// methods writes the methods section: sources, formulas, standards, how
// scopes aggregate, intervals and the suppression of small counts.
func (d *dataset) methods() methodsView {
	l := d.lang
	v := methodsView{Title: rd.Methods.in(l)}
	v.Parts = append(v.Parts, d.methodsSources(), methodsPart{Title: rd.MFormulasTitle.in(l), Text: []string{rd.MFormulas.in(l)}},
		d.methodsStandards(), d.methodsScopes(), d.methodsIntervals(), d.methodsPrivacy())
	return v
}

// methodsSources lists the source tables of the period's files (from
// ingest_files), each with its files and rows in; the data-quality
// section has them file by file.
func (d *dataset) methodsSources() methodsPart {
	l := d.lang
	p := methodsPart{Title: rd.MSources.in(l)}
	type total struct {
		files              int
		rowsIn             int64
		sourceID, sourceNm string
	}
	var order []string
	by := map[string]*total{}
	for _, f := range d.files {
		t, ok := by[f.source]
		if !ok {
			t = &total{sourceID: f.source, sourceNm: sourceName(f.source, l)}
			by[f.source] = t
			order = append(order, f.source)
		}
		t.files++
		t.rowsIn += f.rowsIn
	}
	if len(order) == 0 {
		p.Text = []string{rd.MSourcesNone.in(l)}
		return p
	}
	for _, s := range order {
		t := by[s]
		name := t.sourceNm
		if name != t.sourceID {
			name = rd.MSourceName.f(l, name, t.sourceID)
		}
		p.Items = append(p.Items, rd.MSourceItem.f(l, name, t.files, formatCount(t.rowsIn)))
	}
	return p
}

// methodsStandards lists the documents the standards come from, each
// with how many indicators are held against it, in catalog order (the
// catalog table names them).
func (d *dataset) methodsStandards() methodsPart {
	l := d.lang
	p := methodsPart{Title: rd.MStandardsTitle.in(l)}
	var order []string
	by := map[string]int{}
	n := 0
	for _, ind := range d.catalog {
		if !ind.HasStandard() {
			continue
		}
		n++
		src := strings.TrimSpace(ind.StandardSource)
		if _, ok := by[src]; !ok {
			order = append(order, src)
		}
		by[src]++
	}
	if n == 0 {
		p.Text = []string{rd.MStandardsNone.in(l)}
		return p
	}
	p.Text = []string{rd.MStandards.f(l, n)}
	for _, src := range order {
		name := src
		if name == "" {
			name = rd.MStandardNoSource.in(l)
		}
		p.Items = append(p.Items, rd.MStandardItem.f(l, name, by[src]))
	}
	return p
}

// namedList writes the names of the catalog's indicators that match, as
// a parenthesis ("（「甲」、「乙」）", " (a, b)"), or "" for none.
func (d *dataset) namedList(match func(*indicators.Indicator) bool) string {
	var names []string
	for _, ind := range d.catalog {
		if match(ind) {
			names = append(names, rd.Named.f(d.lang, d.name(ind)))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return rd.Paren.f(d.lang, join(names, d.lang))
}

// methodsScopes says how a scope's value is formed: a ratio of sums, the
// median over all events, or a difference of scope values.
func (d *dataset) methodsScopes() methodsPart {
	l := d.lang
	text := rd.MScopesRatio.in(l)
	if s := d.namedList(func(ind *indicators.Indicator) bool { return ind.Aggregate == indicators.AggregateMedian }); s != "" {
		text += rd.MScopesMedian.f(l, s)
	}
	if s := d.namedList(func(ind *indicators.Indicator) bool { return ind.Aggregate == indicators.AggregateDifference }); s != "" {
		text += rd.MScopesDifference.f(l, s)
	}
	return methodsPart{Title: rd.MScopes.in(l), Text: []string{text}}
}

// methodsIntervals states the rule for shares from a sample, with how
// many indicators have each kind of interval.
func (d *dataset) methodsIntervals() methodsPart {
	l := d.lang
	count := func(kind string) string {
		n := 0
		for _, ind := range d.catalog {
			if ind.Interval == kind {
				n++
			}
		}
		if n == 0 {
			return ""
		}
		return rd.MIntervalsCount.f(l, n)
	}
	text := rd.MIntervalsRule.f(l, count(indicators.IntervalWilson), count(indicators.IntervalNewcombe)) + rd.MIntervalsScope.in(l)
	return methodsPart{Title: rd.MIntervals.in(l), Text: []string{text}}
}

// methodsPrivacy states the small-count rule of privacy.go, with the
// report's threshold.
func (d *dataset) methodsPrivacy() methodsPart {
	l := d.lang
	p := methodsPart{Title: rd.MPrivacy.in(l)}
	if !d.priv.on() {
		p.Text = []string{rd.MPrivacyOff.in(l)}
		return p
	}
	p.Text = []string{rd.MPrivacyRule.f(l, d.priv.below-1, d.priv.mask(), ui.Suppressed.in(l)) + rd.MPrivacyNot.in(l)}
	return p
}

// catalogMethodColumns are the indicator_catalog columns the methods
// section reads besides those loadCatalog reads.
var catalogMethodColumns = []string{"formula_zh", "formula_en", "aggregate", "interval"}

// loadCatalogMethods fills in each indicator's formula, aggregation and
// interval from indicator_catalog, leaving empty what a warehouse built
// before those columns existed lacks.
func (d *dataset) loadCatalogMethods(ctx context.Context, db *sql.DB) error {
	have, err := columnsOf(ctx, db, "indicator_catalog")
	if err != nil {
		return err
	}
	cols := make([]string, len(catalogMethodColumns))
	for i, c := range catalogMethodColumns {
		cols[i] = "''"
		if have[c] {
			cols[i] = `coalesce("` + c + `", '')`
		}
	}
	return scan(ctx, db, `SELECT indicator_id, `+strings.Join(cols, ", ")+` FROM indicator_catalog WHERE kind = 'indicator' ORDER BY indicator_id`, nil,
		func(r *sql.Rows) error {
			var id, fzh, fen, agg, interval string
			if err := r.Scan(&id, &fzh, &fen, &agg, &interval); err != nil {
				return err
			}
			if ind := d.indicator(id); ind != nil {
				ind.FormulaZh, ind.FormulaEn, ind.Aggregate, ind.Interval = fzh, fen, agg, interval
			}
			return nil
		})
}

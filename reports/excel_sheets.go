package reports

import (
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/xuri/excelize/v2"

	"shequ/indicators"
	store "shequ/internal/warehouse"
)

// equalizationSheet: one row per scope and indicator, one column per
// measure, read from the warehouse in order (a national period has about
// 900,000 such rows); undefined measures and their reasons in a block
// below.
func (b *book) equalizationSheet(name string) {
	d, l := b.d, b.d.lang
	var ids []string
	if d.tables["equalization"] {
		b.do(func() error {
			return scan(b.ctx, b.db, `SELECT DISTINCT measure FROM equalization WHERE period = ?`, []any{d.period}, func(r *sql.Rows) error {
				var m string
				err := r.Scan(&m)
				ids = append(ids, m)
				return err
			})
		})
	}
	slices.SortStableFunc(ids, func(a, c string) int {
		if ra, rc := measureRank(a), measureRank(c); ra != rc {
			return ra - rc
		}
		return strings.Compare(a, c)
	})
	heads := []string{ui.Scope.in(l), ui.ScopeID.in(l), ui.ScopeName.in(l), ui.Indicator.in(l), ui.Unit.in(l), ui.GroupsBy.in(l)}
	for _, id := range ids {
		heads = append(heads, measure(id).label.in(l))
	}
	s := b.newSheet(name, heads, 4)
	if len(ids) == 0 {
		s.gap(1)
		s.note(ui.NoteNoEqualization.in(l))
		s.finish()
		return
	}
	ord, ordArgs := d.catalogOrderSQL()
	var cols []string
	args := ordArgs
	for _, m := range ids {
		cols = append(cols, "max(value) FILTER (WHERE measure = ?)", "count(*) FILTER (WHERE measure = ?) > 0")
		args = append(args, m, m)
	}
	args = append(args, d.period)
	q := `WITH ` + ord + `
SELECT e.scope, e.scope_id, e.indicator_id, coalesce(max(e.groups_by), ''), ` + strings.Join(cols, ", ") + `
FROM equalization e JOIN ord USING (indicator_id)
WHERE e.period = ?
GROUP BY e.scope, e.scope_id, e.indicator_id, ord.i
HAVING count(*) FILTER (WHERE measure = 'n') > 0
ORDER BY CASE e.scope WHEN 'all' THEN 0 WHEN 'model' THEN 1 WHEN 'district' THEN 2 WHEN 'street' THEN 3 ELSE 4 END, e.scope_id, ord.i`
	type fmts struct{ style []int }
	perInd := map[string]fmts{}
	for _, ind := range d.catalog {
		f := fmts{}
		for _, m := range ids {
			f.style = append(f.style, b.style(styleNumber, measureFormat(measure(m).kind, ind.Format)))
		}
		perInd[ind.ID] = f
	}
	dash := s.muted("—")
	cells := make([]xc, len(heads))
	b.do(func() error {
		conn, err := b.db.Conn(b.ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		return store.ScanArrow(b.ctx, conn, q, args, func(rdr array.RecordReader) error {
			for rdr.Next() {
				rec := rdr.RecordBatch()
				var strs [4]*array.String
				for i := range strs {
					a, ok := rec.Column(i).(*array.String)
					if !ok {
						return fmt.Errorf("equalization column %d is %s", i, rec.Column(i).DataType())
					}
					strs[i] = a
				}
				vals := make([]*array.Float64, len(ids))
				have := make([]*array.Boolean, len(ids))
				for i := range ids {
					var ok1, ok2 bool
					vals[i], ok1 = rec.Column(4 + 2*i).(*array.Float64)
					have[i], ok2 = rec.Column(5 + 2*i).(*array.Boolean)
					if !ok1 || !ok2 {
						return fmt.Errorf("equalization measure %s: columns %s, %s", ids[i], rec.Column(4+2*i).DataType(), rec.Column(5+2*i).DataType())
					}
				}
				for j := range int(rec.NumRows()) {
					scope, id, indID, groups := strs[0].Value(j), strs[1].Value(j), strs[2].Value(j), strs[3].Value(j)
					ind := d.indicator(indID)
					if ind == nil {
						continue
					}
					clone := func(v string) string {
						if !s.released {
							return strings.Clone(v)
						}
						return v
					}
					cells[0], cells[1], cells[2] = s.text(scopeLabel(scope, l)), s.text(clone(id)), s.text(d.scopeName(scope, id))
					cells[3], cells[4], cells[5] = s.text(d.name(ind)), s.text(d.unit(ind)), s.text(groupsLabel(groups, l))
					for i, m := range ids {
						switch {
						case have[i].IsNull(j) || !have[i].Value(j):
							cells[6+i] = s.empty()
						case vals[i].IsNull(j):
							cells[6+i] = dash
						default:
							v := vals[i].Value(j)
							shown := ""
							if !s.released {
								shown = formatMeasure(measure(m).kind, ind.Format, v)
							}
							cells[6+i] = xc{v: v, style: perInd[indID].style[i], shown: shown}
						}
					}
					s.add(cells...)
				}
			}
			return nil
		})
	})
	// Undefined measures, why, and in how many scopes.
	type undefined struct {
		indicator, measure, reason string
		n                          int64
	}
	var undef []undefined
	b.do(func() error {
		return scan(b.ctx, b.db, `WITH `+ord+`
SELECT e.indicator_id, e.measure, coalesce(e.null_reason, ''), count(*) FROM equalization e JOIN ord USING (indicator_id)
WHERE e.period = ? AND e.value IS NULL GROUP BY ALL ORDER BY min(ord.i), e.measure, 3`, append(slices.Clone(ordArgs), d.period), func(r *sql.Rows) error {
			var u undefined
			err := r.Scan(&u.indicator, &u.measure, &u.reason, &u.n)
			undef = append(undef, u)
			return err
		})
	})
	slices.SortStableFunc(undef, func(a, c undefined) int { return measureRank(a.measure) - measureRank(c.measure) })
	slices.SortStableFunc(undef, func(a, c undefined) int { return d.catalogIndex(a.indicator) - d.catalogIndex(c.indicator) })
	if len(undef) > 0 {
		s.gap(1)
		s.block(ui.UndefinedMeasures.in(l))
		s.blockHeader(ui.Indicator.in(l), ui.Measure.in(l), ui.Reason.in(l), ui.Scopes.in(l))
		for _, u := range undef {
			ind := d.indicator(u.indicator)
			if ind == nil {
				continue
			}
			s.blockRow(s.plain(d.name(ind), ""), s.plain(measure(u.measure).label.in(l), ""), s.plain(u.reason, ""), s.plain(u.n, ""))
		}
	}
	s.finish()
}

// catalogOrderSQL is a VALUES list ord(indicator_id, i) of the catalog's
// indicators in catalog order.
func (d *dataset) catalogOrderSQL() (string, []any) {
	vals := make([]string, 0, len(d.catalog))
	args := make([]any, 0, 2*len(d.catalog))
	for i, ind := range d.catalog {
		vals = append(vals, "(?, ?::INTEGER)")
		args = append(args, ind.ID, i)
	}
	if len(vals) == 0 {
		return "ord(indicator_id, i) AS (SELECT NULL::VARCHAR, NULL::INTEGER WHERE false)", nil
	}
	return "ord(indicator_id, i) AS (VALUES " + strings.Join(vals, ", ") + ")", args
}

// catalogIndex is an indicator's place in the catalog.
func (d *dataset) catalogIndex(id string) int {
	for i, ind := range d.catalog {
		if ind.ID == id {
			return i
		}
	}
	return len(d.catalog)
}

// modelsSheet: the models side by side, with ranks, communities meeting
// the standard and the Theil decomposition between and within models; a
// block of values relative to the standards and a native chart of it.
func (b *book) modelsSheet(name string) {
	d, l := b.d, b.d.lang
	heads := []string{ui.Indicator.in(l), ui.Unit.in(l), ui.Direction.in(l), ui.Standard.in(l)}
	for _, m := range d.models {
		heads = append(heads, ui.ValueOf.f(l, d.modelName(m)))
	}
	for _, m := range d.models {
		heads = append(heads, ui.RankOf.f(l, d.modelName(m)))
	}
	for _, m := range d.models {
		heads = append(heads, ui.MeetingOf.f(l, d.modelName(m)))
	}
	heads = append(heads, ui.TheilBetweenModels.in(l), ui.TheilWithinModels.in(l), ui.TheilTotal.in(l))
	s := b.newSheet(name, heads, 1)
	nm := len(d.models)
	for _, ind := range d.catalog {
		cells := make([]xc, len(heads))
		cells[0], cells[1], cells[2], cells[3] = s.text(d.name(ind)), s.text(d.unit(ind)), s.text(direction(ind.Direction, l)), s.text(d.standardText(ind))
		for i, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			switch {
			case !ok || !c.v.Valid:
				cells[4+i] = s.empty()
			case d.scopeSuppressed("model", m.id, ind):
				cells[4+i] = s.muted(ui.Suppressed.in(l))
			default:
				cells[4+i] = s.number(c.v.Float64, excelFormat(ind.Format), formatValue(ind.Format, c.v.Float64),
					ind.HasStandard() && !ind.Meets(c.v.Float64))
			}
			if ok && c.rank.Valid {
				cells[4+nm+i] = xc{v: c.rank.Int64, style: b.style(styleNumber, "0"), shown: strconv.FormatInt(c.rank.Int64, 10)}
			} else {
				cells[4+nm+i] = s.muted(ui.NotRanked.in(l))
			}
			if ok && ind.HasStandard() && c.meet.Valid && c.withValue.Valid {
				v := fmt.Sprintf("%d/%d", c.meet.Int64, c.withValue.Int64)
				cells[4+2*nm+i] = xc{v: v, style: b.style(styleNumber, "")}
			} else {
				cells[4+2*nm+i] = s.empty()
			}
		}
		t := d.theil[ind.ID]
		for i, v := range []sql.NullFloat64{t.between, t.within, t.total} {
			if v.Valid {
				cells[4+3*nm+i] = s.number(v.Float64, fmtIndex, strconv.FormatFloat(v.Float64, 'f', 4, 64), false)
			} else {
				cells[4+3*nm+i] = s.empty()
			}
		}
		s.add(cells...)
	}
	s.gap(1)
	s.note(ui.NoteRank.in(l))
	s.note(ui.NoteHighlight.in(l))
	if d.fromModelComparison {
		s.note(ui.NoteModelComparison.in(l))
	} else {
		s.note(ui.NoteNoModelComparison.in(l))
	}
	if from := d.standardsFrom(uiPlans.Sheet); from != "" {
		s.note(from)
	}
	s.gap(1)
	b.standardChart(s)
	s.finish()
}

// standardChart writes each model's value as a share of the standard below
// the table, and a native clustered-column chart of it with the standard as
// a line at 100%.
func (b *book) standardChart(s *sheet) {
	d, l := b.d, b.d.lang
	rel := d.relativeToStandard()
	if len(rel) == 0 || len(d.models) == 0 {
		s.note(ui.NoteNoStandards.in(l))
		return
	}
	s.block(ui.ChartDataBlock.in(l))
	heads := []string{ui.Indicator.in(l)}
	for _, m := range d.models {
		heads = append(heads, d.modelName(m))
	}
	heads = append(heads, ui.StandardLine.in(l))
	s.blockHeader(heads...)
	head := s.row
	first := s.row + 1
	for _, r := range rel {
		cells := []xc{s.text(d.name(r.ind))}
		for _, m := range d.models {
			if v, ok := r.byModel[m.id]; ok {
				cells = append(cells, s.number(v, fmtShare, formatShare(v), !r.ind.Meets(v*r.ind.StandardValue)))
			} else {
				cells = append(cells, s.empty())
			}
		}
		cells = append(cells, s.number(1, fmtShare, "100%", false))
		s.blockRow(cells...)
	}
	last := s.row
	q := quoteSheet(s.name)
	cats := fmt.Sprintf("%s!$A$%d:$A$%d", q, first, last)
	var series []excelize.ChartSeries
	for i, m := range d.models {
		c := colName(2 + i)
		series = append(series, excelize.ChartSeries{
			Name:       fmt.Sprintf("%s!$%s$%d", q, c, head),
			Categories: cats,
			Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, c, first, c, last),
			Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{strings.TrimPrefix(m.color, "#")}},
		})
	}
	sc := colName(2 + len(d.models))
	line := excelize.ChartSeries{
		Name:       fmt.Sprintf("%s!$%s$%d", q, sc, head),
		Categories: cats,
		Values:     fmt.Sprintf("%s!$%s$%d:$%s$%d", q, sc, first, sc, last),
		Fill:       excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"C00000"}}, // a line's colour
		Line:       excelize.LineOptions{Width: 2, Dash: excelize.LineDashDash},
		Marker:     excelize.ChartMarker{Symbol: "none"},
	}
	yes, no := true, false
	yAxis := excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"},
		Font: excelize.Font{Color: "404040", Size: 9}}
	// Category labels dark enough to read; the chart starts two rows
	// below the data.
	xAxis := excelize.ChartAxis{Font: excelize.Font{Color: "262626", Size: 9}}
	format := excelize.GraphicOptions{ScaleX: 1, ScaleY: 1, OffsetX: 10, OffsetY: 10, PrintObject: &yes, Locked: &no,
		AltText: ui.ChartTitle.in(l)}
	anchor := cellName(1, last+2)
	// The chart prints on a page of its own: a page break above it.
	b.do(func() error { return b.f.InsertPageBreak(s.name, anchor) })
	b.do(func() error {
		return b.f.AddChart(s.name, anchor, &excelize.Chart{
			Type:       excelize.Col,
			Series:     series,
			VaryColors: &no,
			Format:     format,
			Dimension:  excelize.ChartDimension{Width: 760, Height: 380},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ui.ChartTitle.in(l), Font: &excelize.Font{Bold: true, Size: 12}}}},
			Legend:     excelize.ChartLegend{Position: "bottom"},
			XAxis:      xAxis,
			YAxis:      yAxis,
			PlotArea:   excelize.ChartPlotArea{ShowVal: false},
		}, &excelize.Chart{
			Type:   excelize.Line,
			Series: []excelize.ChartSeries{line},
			Format: format,
			YAxis:  yAxis,
			Legend: excelize.ChartLegend{Position: "bottom"},
		})
	})
	b.charts++
}

// relative is one indicator's model values as shares of its standard.
type relative struct {
	ind     *indicators.Indicator
	byModel map[string]float64
}

// relativeToStandard returns, for every indicator with a non-zero
// standard, each model's value divided by the standard.
func (d *dataset) relativeToStandard() []relative {
	var out []relative
	for _, ind := range d.catalog {
		if !ind.HasStandard() || ind.StandardValue == 0 {
			continue
		}
		r := relative{ind, map[string]float64{}}
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			if ok && c.v.Valid && !d.scopeSuppressed("model", m.id, ind) {
				r.byModel[m.id] = c.v.Float64 / ind.StandardValue
			}
		}
		if len(r.byModel) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// topReasons lists a file's most frequent quarantine reasons.
func (d *dataset) topReasons(f fileRow, n int) string {
	var parts []string
	for _, r := range d.reasons {
		if r.source != f.source || r.file != f.file {
			continue
		}
		if len(parts) == n {
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", d.pick(r.messageZh, r.messageEn), r.rows))
	}
	return strings.Join(parts, d.pick("；", "; "))
}

// formula writes an indicator's formula as its declaration gives it for
// readers (formula_zh, formula_en), or numerator ÷ denominator × scale.
func (d *dataset) formula(ind *indicators.Indicator) string {
	if f := d.pick(ind.FormulaZh, ind.FormulaEn); f != "" {
		return f
	}
	f := d.pick(ind.NumeratorZh, ind.NumeratorEn) + " ÷ " + d.pick(ind.DenominatorZh, ind.DenominatorEn)
	if ind.Scale != 1 {
		f += " × " + group(strconv.FormatFloat(ind.Scale, 'f', -1, 64))
	}
	return f
}

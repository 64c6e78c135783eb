package reports

import (
	"database/sql"
	"strconv"
	"strings"
)

// qualitySheet: per input file of the period, the reconciled row counts
// and the top reasons for quarantine; all reasons in a block below, then
// the totals rows that do not add up and the census reconciliation.
func (b *book) qualitySheet(name string) {
	d, l := b.d, b.d.lang
	s := b.newSheet(name, []string{ui.Source.in(l), ui.File.in(l), ui.RowsIn.in(l), ui.Accepted.in(l), ui.Quarantined.in(l),
		ui.Skipped.in(l), ui.AreaChecked.in(l), ui.Encoding.in(l), ui.SHA256.in(l), ui.TopReasons.in(l)}, 2)
	for _, f := range d.files {
		area := s.empty()
		if f.area != "" {
			area = s.text(d.areaName(f.area))
		}
		s.add(s.text(sourceName(f.source, l)), s.text(f.file), s.count(f.rowsIn), s.count(f.accepted), s.count(f.quarantined),
			s.count(f.skipped), area, s.text(f.encoding), s.text(f.sha256), s.text(d.topReasons(f, 3)))
	}
	s.gap(1)
	if !d.tables["ingest_files"] {
		s.note(ui.NoteNoQuality.in(l))
	}
	if len(d.reasons) > 0 {
		s.gap(1)
		s.block(ui.ReasonsBlock.in(l))
		s.blockHeader(ui.Source.in(l), ui.File.in(l), ui.Rule.in(l), uiQuality.RuleID.in(l), ui.Column.in(l), uiQuality.ColumnID.in(l),
			ui.Message.in(l), ui.Rows.in(l))
		for _, r := range d.reasons {
			s.blockRow(s.plain(sourceName(r.source, l), ""), s.plain(r.file, ""),
				s.plain(d.ruleLabel(r.source, r.rule), ""), s.plain(r.rule, ""),
				s.plain(d.columnLabel(r.source, r.column), ""), s.plain(r.column, ""),
				s.plain(d.pick(r.messageZh, r.messageEn), ""), s.plain(r.rows, ""))
		}
	}
	b.totalsBlock(s)
	b.reconBlock(s)
	s.finish()
}

// ruleLabel names, in the report's language, the rule of a source that a
// quarantine row names: the label its schema declares, or that of a rule
// the ingest applies to every source (schemas.BuiltinRules); an unknown
// rule keeps its id.
func (d *dataset) ruleLabel(source, rule string) string {
	if d.schemas == nil {
		return rule
	}
	return d.schemas.RuleLabel(source, rule, d.lang)
}

// columnLabel names, in the report's language, the column of a source
// that a quarantine row names (columns joined by "+" get their labels
// joined by " + "); an unknown column keeps its name, and "" (a problem of
// the whole row) stays "".
func (d *dataset) columnLabel(source, column string) string {
	if d.schemas == nil {
		return column
	}
	return d.schemas.ColumnLabel(source, column, d.lang)
}

// totalsBlock writes the figures of the period's totals rows that do not
// add up, or a line saying they all do; nothing when no figure was
// checked.
func (b *book) totalsBlock(s *sheet) {
	d, l := b.d, b.d.lang
	if d.totalsChecked == 0 && len(d.totals) == 0 {
		return
	}
	s.gap(1)
	s.block(ui.TotalsBlock.in(l))
	if len(d.totals) == 0 {
		s.note(ui.NoteTotalsAgree.f(l, d.totalsChecked))
		return
	}
	s.note(ui.NoteTotals.f(l, d.totalsChecked, len(d.totals)))
	s.blockHeader(ui.Source.in(l), ui.File.in(l), ui.Sheet.in(l), ui.Line.in(l), ui.TotalsLabel.in(l),
		ui.Column.in(l), ui.Stated.in(l), ui.SumSincePrevious.in(l), ui.SumOfSheet.in(l))
	for _, x := range d.totals {
		cells := []xc{s.plain(sourceName(x.source, l), ""), s.plain(x.file, ""), s.plain(x.sheet, ""), s.plain(x.line, fmtCount),
			s.plain(x.label, ""), s.plain(d.totalsColumn(x), "")}
		stated, since, sheet := d.totalsCells(x)
		for _, v := range []struct {
			n     sql.NullFloat64
			shown string
		}{{sql.NullFloat64{Float64: x.stated, Valid: true}, stated}, {x.sinceSum, since}, {x.sheetSum, sheet}} {
			if v.n.Valid && !d.priv.small(v.n) {
				cells = append(cells, s.plain(v.n.Float64, figureFormat(v.n.Float64)))
			} else {
				cells = append(cells, s.plain(v.shown, ""))
			}
		}
		s.blockRow(cells...)
	}
}

// reconBlock writes the census figures in which a community's census
// table and its person-level totals differ, read in order from the
// warehouse, or a line saying they agree; nothing when no community has
// both.
func (b *book) reconBlock(s *sheet) {
	d, l := b.d, b.d.lang
	if d.reconBoth == 0 {
		return
	}
	s.gap(1)
	s.block(ui.ReconBlock.in(l))
	if d.reconDiffer == 0 {
		s.note(ui.NoteReconSame.f(l, d.reconBoth))
		return
	}
	s.note(ui.NoteRecon.f(l, d.reconBoth, d.reconDiffer))
	s.blockHeader(ui.CommunityCode.in(l), ui.CommunityName.in(l), ui.Figure.in(l), ui.CensusTable.in(l),
		ui.PersonLevel.in(l), ui.Difference.in(l), ui.RelativeDifference.in(l), ui.CensusFile.in(l), ui.PersonFiles.in(l))
	b.do(func() error {
		return d.eachRecon(b.ctx, b.db, 0, func(x reconRow) error {
			cells := []xc{s.plain(x.code, ""), s.plain(x.name, ""), s.plain(d.pick(x.figureZh, x.figureEn), "")}
			if d.reconHidden(x) {
				// The counts as the report may show them ("<5"), and no
				// difference, which would give a hidden count back.
				census, persons, diff, rel := d.reconCells(x)
				for _, v := range []string{census, persons, diff, rel} {
					cells = append(cells, s.plain(v, ""))
				}
			} else {
				for _, n := range []sql.NullInt64{x.census, x.persons, x.diff} {
					if n.Valid {
						cells = append(cells, s.plain(n.Int64, fmtCount))
					} else {
						cells = append(cells, xc{})
					}
				}
				if x.rel.Valid {
					cells = append(cells, s.plain(x.rel.Float64, fmtShare))
				} else {
					cells = append(cells, xc{})
				}
			}
			cells = append(cells, s.plain(x.censusFile, ""), s.plain(x.personsFiles, ""))
			s.blockRow(cells...)
			return nil
		})
	})
}

// catalogSheet: the indicator catalog as the warehouse holds it.
func (b *book) catalogSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.newSheet(name, []string{ui.IndicatorID.in(l), ui.Indicator.in(l), ui.Unit.in(l), ui.Formula.in(l), ui.Numerator.in(l),
		ui.Denominator.in(l), ui.Scale.in(l), ui.Direction.in(l), ui.Standard.in(l), ui.StandardValue.in(l),
		ui.StandardSource.in(l), ui.Equalized.in(l), ui.Description.in(l), ui.DependsOn.in(l), ui.DeclFile.in(l), ui.SQL.in(l)}, 2)
	for _, ind := range d.catalog {
		eq := ui.No.in(l)
		if ind.Equalize {
			eq = ui.Yes.in(l)
		}
		s.add(s.text(ind.ID), s.text(d.name(ind)), s.text(d.unit(ind)), s.text(d.formula(ind)),
			s.text(d.pick(ind.NumeratorZh, ind.NumeratorEn)), s.text(d.pick(ind.DenominatorZh, ind.DenominatorEn)),
			s.number(ind.Scale, fmtCount, group(strconv.FormatFloat(ind.Scale, 'f', -1, 64)), false),
			s.text(direction(ind.Direction, l)), s.text(d.pick(ind.StandardZh, ind.StandardEn)), s.text(d.standardText(ind)),
			s.wrap(ind.StandardSource), s.text(eq), s.wrap(d.pick(ind.DescriptionZh, ind.DescriptionEn)),
			s.text(strings.Join(ind.DependsOn, ", ")), s.text(ind.File), s.text(ind.SQL))
	}
	s.finish()
}

package reports

import (
	"database/sql"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"shequ/indicators"
)

// Colours of the workbook.
const (
	colorHeaderFill = "DCE6F1"
	colorBorder     = "BFBFBF"
	colorBelowFill  = "FFC7CE" // Excel's "light red fill with dark red text"
	colorBelowFont  = "9C0006"
	colorMuted      = "7F7F7F"
)

// Rows of every table sheet: the title, then the header, then the data.
const (
	titleRow  = 1
	headerRow = 2
	firstRow  = 3
)

// Cell kinds, for styles.
const (
	styleText = iota
	styleWrap
	styleNumber
	styleBelow
	styleMuted
	styleHeader
	styleTitle
	styleNote
	styleBlock
)

type styleKey struct {
	kind   int
	numFmt string
}

// book builds one workbook. The first error sticks and is returned by
// workbook; later calls do nothing.
type book struct {
	f      *excelize.File
	d      *dataset
	styles map[styleKey]int
	err    error
	charts int
	sheets []string
}

// workbook builds the Excel workbook of a dataset. The caller must Close
// the returned file.
func workbook(d *dataset, now time.Time, version string) (*excelize.File, *book, error) {
	b := &book{f: excelize.NewFile(), d: d, styles: map[styleKey]int{}}
	l := d.lang
	names := []string{ui.SheetIndicators.in(l), ui.SheetEqualization.in(l), ui.SheetModels.in(l),
		ui.SheetBelow.in(l), ui.SheetQuality.in(l), ui.SheetCatalog.in(l)}
	b.sheets = names
	b.do(func() error { return b.f.SetSheetName("Sheet1", names[0]) })
	for _, n := range names[1:] {
		b.do(func() error { _, err := b.f.NewSheet(n); return err })
	}
	b.indicatorsSheet(names[0])
	b.equalizationSheet(names[1])
	b.modelsSheet(names[2])
	b.belowSheet(names[3])
	b.qualitySheet(names[4])
	b.catalogSheet(names[5])
	b.f.SetActiveSheet(0)
	b.do(func() error {
		return b.f.SetDocProps(&excelize.DocProperties{
			Title:    ui.WorkbookTitle.in(l) + " " + d.period,
			Subject:  d.period,
			Creator:  "shequ " + version,
			Created:  now.UTC().Format(time.RFC3339),
			Modified: now.UTC().Format(time.RFC3339),
			Language: ui.Lang.in(l),
		})
	})
	if b.err != nil {
		b.f.Close()
		return nil, nil, b.err
	}
	return b.f, b, nil
}

func (b *book) do(fn func() error) {
	if b.err == nil {
		b.err = fn()
	}
}

// style returns the style id of a kind of cell with a number format.
func (b *book) style(kind int, numFmt string) int {
	k := styleKey{kind, numFmt}
	if id, ok := b.styles[k]; ok {
		return id
	}
	border := []excelize.Border{
		{Type: "left", Color: colorBorder, Style: 1}, {Type: "right", Color: colorBorder, Style: 1},
		{Type: "top", Color: colorBorder, Style: 1}, {Type: "bottom", Color: colorBorder, Style: 1},
	}
	font := &excelize.Font{Size: 10.5}
	s := &excelize.Style{Border: border, Font: font, Alignment: &excelize.Alignment{Vertical: "center"}}
	switch kind {
	case styleWrap:
		s.Alignment.WrapText = true
	case styleNumber:
		s.Alignment.Horizontal = "right"
	case styleBelow:
		s.Alignment.Horizontal = "right"
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorBelowFill}}
		s.Font = &excelize.Font{Size: 10.5, Color: colorBelowFont}
	case styleMuted:
		s.Alignment.Horizontal = "right"
		s.Font = &excelize.Font{Size: 10.5, Color: colorMuted, Italic: true}
	case styleHeader:
		s.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colorHeaderFill}}
		s.Font = &excelize.Font{Size: 10.5, Bold: true}
	case styleTitle:
		s = &excelize.Style{Font: &excelize.Font{Size: 14, Bold: true}, Alignment: &excelize.Alignment{Vertical: "center"}}
	case styleNote:
		s = &excelize.Style{Font: &excelize.Font{Size: 9.5, Color: colorMuted, Italic: true}}
	case styleBlock:
		s = &excelize.Style{Font: &excelize.Font{Size: 12, Bold: true}}
	}
	if numFmt != "" {
		f := numFmt
		s.CustomNumFmt = &f
	}
	id, err := b.f.NewStyle(s)
	if err != nil && b.err == nil {
		b.err = err
	}
	b.styles[k] = id
	return id
}

// sheet writes one worksheet and remembers how wide each column must be.
type sheet struct {
	b      *book
	name   string
	widths map[int]float64
	heads  map[int]float64
	cols   int // columns of the main table
	last   int // last row of the main table
}

func (b *book) sheet(name string) *sheet {
	return &sheet{b: b, name: name, widths: map[int]float64{}, heads: map[int]float64{}}
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

// set writes v into a cell with a style; shown is the text Excel displays,
// for the column width.
func (s *sheet) set(col, row int, v any, style int, shown string) {
	s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(col, row), v) })
	s.b.do(func() error { return s.b.f.SetCellStyle(s.name, cellName(col, row), cellName(col, row), style) })
	if w := displayWidth(shown); w > s.widths[col] {
		s.widths[col] = w
	}
}

func (s *sheet) text(col, row int, v string) { s.set(col, row, v, s.b.style(styleText, ""), v) }
func (s *sheet) wrap(col, row int, v string) { s.set(col, row, v, s.b.style(styleWrap, ""), v) }

// number writes a number with an Excel format; shown is how it reads.
func (s *sheet) number(col, row int, v float64, numFmt, shown string, below bool) {
	kind := styleNumber
	if below {
		kind = styleBelow
	}
	s.set(col, row, v, s.b.style(kind, numFmt), shown)
}

func (s *sheet) count(col, row int, n int64) {
	s.set(col, row, n, s.b.style(styleNumber, fmtCount), formatCount(n))
}

func (s *sheet) muted(col, row int, v string) { s.set(col, row, v, s.b.style(styleMuted, ""), v) }

// empty writes an empty bordered cell.
func (s *sheet) empty(col, row int) {
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(col, row), cellName(col, row), s.b.style(styleText, ""))
	})
}

// header writes the title row and the header row of the main table.
func (s *sheet) header(heads []string) {
	d := s.b.d
	s.cols = len(heads)
	title := ui.TitleLine.f(d.lang, ui.WorkbookTitle.in(d.lang), s.name, d.period, d.runID())
	s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(1, titleRow), title) })
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(1, titleRow), cellName(1, titleRow), s.b.style(styleTitle, ""))
	})
	s.b.do(func() error { return s.b.f.SetRowHeight(s.name, titleRow, 24) })
	for i, h := range heads {
		s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(i+1, headerRow), h) })
		s.heads[i+1] = displayWidth(h)
	}
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(1, headerRow), cellName(len(heads), headerRow), s.b.style(styleHeader, ""))
	})
	s.b.do(func() error { return s.b.f.SetRowHeight(s.name, headerRow, 36) })
}

// finish freezes the title, the header and freezeCols columns, turns the
// filters on over the main table (rows headerRow..last), sets the column
// widths and the page layout.
func (s *sheet) finish(freezeCols int) {
	f := s.b.f
	if s.last < headerRow {
		s.last = headerRow
	}
	pane := "bottomLeft"
	if freezeCols > 0 {
		pane = "bottomRight"
	}
	s.b.do(func() error {
		return f.SetPanes(s.name, &excelize.Panes{Freeze: true, XSplit: freezeCols, YSplit: headerRow,
			TopLeftCell: cellName(freezeCols+1, firstRow), ActivePane: pane,
			Selection: []excelize.Selection{{SQRef: cellName(freezeCols+1, firstRow), ActiveCell: cellName(freezeCols+1, firstRow), Pane: pane}}})
	})
	s.b.do(func() error {
		return f.AutoFilter(s.name, cellName(1, headerRow)+":"+cellName(s.cols, s.last), nil)
	})
	for col := 1; col <= s.cols; col++ {
		data, head := s.widths[col], s.heads[col]
		w := data + 2
		// Headers wrap onto two lines.
		if hw := math.Min(head, math.Max(12, head/2+1)) + 2; hw > w {
			w = hw
		}
		w = math.Max(8, math.Min(w, 60))
		s.b.do(func() error { return f.SetColWidth(s.name, colName(col), colName(col), w) })
	}
	one, zero := 1, 0
	s.b.do(func() error {
		return f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("landscape"),
			FitToWidth: &one, FitToHeight: &zero})
	})
	s.b.do(func() error { return f.SetSheetProps(s.name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}) })
	s.b.do(func() error {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name,
			RefersTo: quoteSheet(s.name) + "!$1:$2"})
	})
	s.b.do(func() error {
		return f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
			OddFooter: "&L" + escapeHF(s.name) + "&C&P / &N&R" + escapeHF(s.b.d.runID())})
	})
}

// note writes a line of small italic text below a table.
func (s *sheet) note(row int, v string) {
	s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(1, row), v) })
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(1, row), cellName(1, row), s.b.style(styleNote, ""))
	})
}

// block writes the title of a block below the main table.
func (s *sheet) block(row int, v string) {
	s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(1, row), v) })
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(1, row), cellName(1, row), s.b.style(styleBlock, ""))
	})
}

// blockHeader writes a header row of a block; it does not change widths.
func (s *sheet) blockHeader(row int, heads []string) {
	for i, h := range heads {
		s.b.do(func() error { return s.b.f.SetCellValue(s.name, cellName(i+1, row), h) })
	}
	s.b.do(func() error {
		return s.b.f.SetCellStyle(s.name, cellName(1, row), cellName(len(heads), row), s.b.style(styleHeader, ""))
	})
}

func colName(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

func escapeHF(s string) string { return strings.ReplaceAll(s, "&", "&&") }

func intPtr(v int) *int       { return &v }
func strPtr(v string) *string { return &v }
func boolPtr(v bool) *bool    { return &v }

func (d *dataset) runID() string {
	if d.run.found {
		return d.run.id
	}
	return "—"
}

// pickReason takes one language out of a bilingual "中文 / English" reason.
func (d *dataset) pickReason(r string) string {
	zh, en, ok := strings.Cut(r, " / ")
	if !ok {
		return r
	}
	return d.pick(zh, en)
}

// indicatorsSheet: one row per community with codes, names, the model, the
// person-level counts and every indicator.
func (b *book) indicatorsSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
	heads := []string{ui.CommunityCode.in(l), ui.CommunityName.in(l), ui.StreetCode.in(l), ui.Street.in(l),
		ui.DistrictCode.in(l), ui.District.in(l), ui.URClass.in(l), ui.Model.in(l)}
	fixed := len(heads)
	counts := countColumns(d.catalog)
	for _, c := range counts {
		heads = append(heads, d.pick(c.labelZh, c.labelEn))
	}
	for _, ind := range d.catalog {
		heads = append(heads, d.header(ind))
	}
	s.header(heads)
	row := firstRow
	for _, c := range d.comms {
		modelName := ""
		if m, ok := d.modelByID(c.modelID); ok {
			modelName = d.modelName(m)
		}
		for i, v := range []string{c.code, c.name, c.streetCode, c.streetName, c.districtCode, c.districtName, c.urClass, modelName} {
			s.text(i+1, row, v)
		}
		col := fixed + 1
		for _, cc := range counts {
			v := d.values[c.code][cc.indicator]
			switch {
			case !v.den.Valid:
				s.empty(col, row)
			case d.priv.small(v.den):
				s.muted(col, row, d.priv.mask())
			default:
				s.number(col, row, v.den.Float64, fmtCount, formatValue("integer", v.den.Float64), false)
			}
			col++
		}
		for _, ind := range d.catalog {
			v, ok := d.values[c.code][ind.ID]
			switch {
			case !ok || !v.v.Valid:
				s.empty(col, row)
				if v.nullReason != "" {
					reason := d.pickReason(v.nullReason)
					b.do(func() error {
						return b.f.AddComment(name, excelize.Comment{Cell: cellName(col, row), Author: "shequ",
							Paragraph: []excelize.RichTextRun{{Text: reason}}})
					})
				}
			case d.suppressed(c.code, ind):
				s.muted(col, row, ui.Suppressed.in(l))
			default:
				s.number(col, row, v.v.Float64, excelFormat(ind.Format), formatValue(ind.Format, v.v.Float64),
					ind.HasStandard() && !ind.Meets(v.v.Float64))
			}
			col++
		}
		row++
	}
	s.last = row - 1
	row++
	s.note(row, ui.NoteHighlight.in(l))
	row++
	s.note(row, ui.NoteNull.in(l))
	if d.priv.on() {
		row++
		s.note(row, ui.NoteSuppressed.f(l, d.priv.below, d.priv.below, ui.Suppressed.in(l)))
	}
	s.finish(2)
}

// equalizationSheet: one row per scope and indicator, one column per
// measure; undefined measures and their reasons in a block below.
func (b *book) equalizationSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
	ids := d.measureIDs()
	heads := []string{ui.Scope.in(l), ui.ScopeID.in(l), ui.ScopeName.in(l), ui.Indicator.in(l), ui.Unit.in(l), ui.GroupsBy.in(l)}
	fixed := len(heads)
	for _, id := range ids {
		heads = append(heads, measure(id).label.in(l))
	}
	s.header(heads)
	type key struct{ scope, id string }
	var scopes []key
	seen := map[key]bool{}
	groups := map[key]string{}
	for _, e := range d.equal {
		k := key{e.scope, e.scopeID}
		if !seen[k] {
			seen[k] = true
			scopes = append(scopes, k)
		}
		if e.groupsBy != "" {
			groups[k] = e.groupsBy
		}
	}
	order := map[string]int{"all": 0, "model": 1, "district": 2, "street": 3}
	sort.SliceStable(scopes, func(i, j int) bool {
		oi, oj := order[scopes[i].scope], order[scopes[j].scope]
		if oi != oj {
			return oi < oj
		}
		return scopes[i].id < scopes[j].id
	})
	type undefined struct{ indicator, measure, reason string }
	undef := map[undefined]int{}
	var undefOrder []undefined
	row := firstRow
	for _, sc := range scopes {
		for _, ind := range d.equalized() {
			if _, ok := d.eq(sc.scope, sc.id, ind.ID, "n"); !ok {
				continue
			}
			s.text(1, row, scopeLabel(sc.scope, l))
			s.text(2, row, sc.id)
			s.text(3, row, d.scopeName(sc.scope, sc.id))
			s.text(4, row, d.name(ind))
			s.text(5, row, d.unit(ind))
			s.text(6, row, groupsLabel(groups[sc], l))
			for i, m := range ids {
				col := fixed + 1 + i
				e, ok := d.eq(sc.scope, sc.id, ind.ID, m)
				switch {
				case !ok:
					s.empty(col, row)
				case !e.v.Valid:
					s.muted(col, row, "—")
					u := undefined{d.name(ind), measure(m).label.in(l), e.nullReason}
					if undef[u] == 0 {
						undefOrder = append(undefOrder, u)
					}
					undef[u]++
				default:
					info := measure(m)
					s.number(col, row, e.v.Float64, measureFormat(info.kind, ind.Format), formatMeasure(info.kind, ind.Format, e.v.Float64), false)
				}
			}
			row++
		}
	}
	s.last = row - 1
	row++
	if len(d.equal) == 0 {
		s.note(row, ui.NoteNoEqualization.in(l))
		row++
	}
	if len(undefOrder) > 0 {
		row++
		s.block(row, ui.UndefinedMeasures.in(l))
		row++
		s.blockHeader(row, []string{ui.Indicator.in(l), ui.Measure.in(l), ui.Reason.in(l), ui.Scopes.in(l)})
		row++
		for _, u := range undefOrder {
			s.b.do(func() error { return b.f.SetCellValue(name, cellName(1, row), u.indicator) })
			s.b.do(func() error { return b.f.SetCellValue(name, cellName(2, row), u.measure) })
			s.b.do(func() error { return b.f.SetCellValue(name, cellName(3, row), u.reason) })
			s.b.do(func() error { return b.f.SetCellValue(name, cellName(4, row), undef[u]) })
			row++
		}
	}
	s.finish(4)
}

// modelsSheet: the models side by side, with ranks, communities meeting
// the standard and the Theil decomposition between and within models; a
// block of values relative to the standards and a native chart of it.
func (b *book) modelsSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
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
	s.header(heads)
	nm := len(d.models)
	row := firstRow
	for _, ind := range d.catalog {
		s.text(1, row, d.name(ind))
		s.text(2, row, d.unit(ind))
		s.text(3, row, direction(ind.Direction, l))
		s.text(4, row, d.standardText(ind))
		for i, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			col := 5 + i
			switch {
			case !ok || !c.v.Valid:
				s.empty(col, row)
			case d.scopeSuppressed("model", m.id, ind):
				s.muted(col, row, ui.Suppressed.in(l))
			default:
				s.number(col, row, c.v.Float64, excelFormat(ind.Format), formatValue(ind.Format, c.v.Float64),
					ind.HasStandard() && !ind.Meets(c.v.Float64))
			}
			if ok && c.rank.Valid {
				s.set(5+nm+i, row, c.rank.Int64, b.style(styleNumber, "0"), strconv.FormatInt(c.rank.Int64, 10))
			} else {
				s.muted(5+nm+i, row, ui.NotRanked.in(l))
			}
			if ok && ind.HasStandard() && c.meet.Valid && c.withValue.Valid {
				v := fmt.Sprintf("%d/%d", c.meet.Int64, c.withValue.Int64)
				s.set(5+2*nm+i, row, v, b.style(styleNumber, ""), v)
			} else {
				s.empty(5+2*nm+i, row)
			}
		}
		t := d.theil[ind.ID]
		for i, v := range []sql.NullFloat64{t.between, t.within, t.total} {
			col := 5 + 3*nm + i
			if v.Valid {
				s.number(col, row, v.Float64, fmtIndex, strconv.FormatFloat(v.Float64, 'f', 4, 64), false)
			} else {
				s.empty(col, row)
			}
		}
		row++
	}
	s.last = row - 1
	row++
	s.note(row, ui.NoteRank.in(l))
	row++
	s.note(row, ui.NoteHighlight.in(l))
	row++
	if d.fromModelComparison {
		s.note(row, ui.NoteModelComparison.in(l))
	} else {
		s.note(row, ui.NoteNoModelComparison.in(l))
	}
	row += 2
	b.standardChart(s, row)
	s.finish(1)
}

// standardChart writes each model's value as a share of the standard below
// the table, and a native clustered-column chart of it with the standard as
// a line at 100%.
func (b *book) standardChart(s *sheet, row int) {
	d, l := b.d, b.d.lang
	rel := d.relativeToStandard()
	if len(rel) == 0 || len(d.models) == 0 {
		s.note(row, ui.NoteNoStandards.in(l))
		return
	}
	s.block(row, ui.ChartDataBlock.in(l))
	row++
	head := row
	heads := []string{ui.Indicator.in(l)}
	for _, m := range d.models {
		heads = append(heads, d.modelName(m))
	}
	heads = append(heads, ui.StandardLine.in(l))
	s.blockHeader(row, heads)
	row++
	first := row
	for _, r := range rel {
		s.text(1, row, d.name(r.ind))
		for i, m := range d.models {
			if v, ok := r.byModel[m.id]; ok {
				s.number(2+i, row, v, fmtShare, formatShare(v), !r.ind.Meets(v*r.ind.StandardValue))
			} else {
				s.empty(2+i, row)
			}
		}
		s.number(2+len(d.models), row, 1, fmtShare, "100%", false)
		row++
	}
	last := row - 1
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
	format := excelize.GraphicOptions{ScaleX: 1, ScaleY: 1, OffsetX: 10, OffsetY: 10, PrintObject: &yes, Locked: &no,
		AltText: ui.ChartTitle.in(l)}
	b.do(func() error {
		return b.f.AddChart(s.name, cellName(1, row+2), &excelize.Chart{
			Type:       excelize.Col,
			Series:     series,
			VaryColors: &no,
			Format:     format,
			Dimension:  excelize.ChartDimension{Width: 760, Height: 380},
			Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: ui.ChartTitle.in(l), Font: &excelize.Font{Bold: true, Size: 12}}}},
			Legend:     excelize.ChartLegend{Position: "bottom"},
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

// belowRow is a community below a standard.
type belowRow struct {
	ind  *indicators.Indicator
	comm community
	v    float64
	gap  float64 // relative shortfall, signed
}

// below lists, per indicator with a standard, the communities whose value
// does not meet it, worst first; suppressed counts how many were left out
// for privacy.
func (d *dataset) below() (rows []belowRow, suppressed map[string]int) {
	suppressed = map[string]int{}
	for _, ind := range d.catalog {
		if !ind.HasStandard() {
			continue
		}
		var these []belowRow
		for _, c := range d.comms {
			v, ok := d.values[c.code][ind.ID]
			if !ok || !v.v.Valid || ind.Meets(v.v.Float64) {
				continue
			}
			if d.suppressed(c.code, ind) {
				suppressed[ind.ID]++
				continue
			}
			these = append(these, belowRow{ind, c, v.v.Float64, shortfall(ind, v.v.Float64)})
		}
		sort.SliceStable(these, func(i, j int) bool {
			gi, gj := math.Abs(these[i].gap), math.Abs(these[j].gap)
			if gi != gj {
				return gi > gj
			}
			return these[i].comm.code < these[j].comm.code
		})
		rows = append(rows, these...)
	}
	return rows, suppressed
}

// belowSheet: the communities below each standard, worst first.
func (b *book) belowSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
	s.header([]string{ui.Indicator.in(l), ui.Standard.in(l), ui.CommunityCode.in(l), ui.CommunityName.in(l),
		ui.Street.in(l), ui.Model.in(l), ui.Value.in(l), ui.Gap.in(l), ui.GapRelative.in(l)})
	rows, suppressed := d.below()
	row := firstRow
	for _, r := range rows {
		modelName := ""
		if m, ok := d.modelByID(r.comm.modelID); ok {
			modelName = d.modelName(m)
		}
		s.text(1, row, d.name(r.ind))
		s.text(2, row, d.standardText(r.ind))
		s.text(3, row, r.comm.code)
		s.text(4, row, r.comm.name)
		s.text(5, row, r.comm.streetName)
		s.text(6, row, modelName)
		s.number(7, row, r.v, excelFormat(r.ind.Format), formatValue(r.ind.Format, r.v), true)
		gap := r.v - r.ind.StandardValue
		s.number(8, row, gap, excelFormat(r.ind.Format), formatValue(r.ind.Format, gap), false)
		if r.ind.StandardValue != 0 {
			s.number(9, row, r.gap, fmtShare, formatValue("percent", r.gap), false)
		} else {
			s.empty(9, row)
		}
		row++
	}
	s.last = row - 1
	row++
	if len(rows) == 0 {
		s.note(row, ui.NoteNoBelow.in(l))
		row++
	}
	for _, ind := range d.catalog {
		if n := suppressed[ind.ID]; n > 0 {
			s.note(row, d.name(ind)+": "+ui.NoteBelowSuppressed.f(l, n))
			row++
		}
	}
	s.finish(0)
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

// qualitySheet: per input file of the period, the reconciled row counts
// and the top reasons for quarantine; all reasons in a block below.
func (b *book) qualitySheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
	s.header([]string{ui.Source.in(l), ui.File.in(l), ui.RowsIn.in(l), ui.Accepted.in(l), ui.Quarantined.in(l),
		ui.Skipped.in(l), ui.AreaChecked.in(l), ui.Encoding.in(l), ui.SHA256.in(l), ui.TopReasons.in(l)})
	row := firstRow
	for _, f := range d.files {
		s.text(1, row, sourceName(f.source, l))
		s.text(2, row, f.file)
		s.count(3, row, f.rowsIn)
		s.count(4, row, f.accepted)
		s.count(5, row, f.quarantined)
		s.count(6, row, f.skipped)
		if f.area != "" {
			s.text(7, row, d.areaName(f.area))
		} else {
			s.empty(7, row)
		}
		s.text(8, row, f.encoding)
		s.text(9, row, f.sha256)
		s.text(10, row, d.topReasons(f, 3))
		row++
	}
	s.last = row - 1
	row++
	if !d.tables["ingest_files"] {
		s.note(row, ui.NoteNoQuality.in(l))
		row++
	}
	if len(d.reasons) > 0 {
		row++
		s.block(row, ui.ReasonsBlock.in(l))
		row++
		s.blockHeader(row, []string{ui.Source.in(l), ui.File.in(l), ui.Rule.in(l), ui.Column.in(l), ui.Message.in(l), ui.Rows.in(l)})
		row++
		for _, r := range d.reasons {
			for i, v := range []any{sourceName(r.source, l), r.file, r.rule, r.column, d.pick(r.messageZh, r.messageEn), r.rows} {
				s.b.do(func() error { return b.f.SetCellValue(name, cellName(i+1, row), v) })
			}
			row++
		}
	}
	row = b.totalsBlock(s, row+1)
	b.reconBlock(s, row+1)
	s.finish(2)
}

// totalsBlock writes, from row on, the figures of the period's totals rows
// that do not add up, or a line saying they all do; nothing when no
// figure was checked. It returns the last row written.
func (b *book) totalsBlock(s *sheet, row int) int {
	d, l := b.d, b.d.lang
	if d.totalsChecked == 0 && len(d.totals) == 0 {
		return row - 1
	}
	s.block(row, ui.TotalsBlock.in(l))
	row++
	if len(d.totals) == 0 {
		s.note(row, ui.NoteTotalsAgree.f(l, d.totalsChecked))
		return row
	}
	s.note(row, ui.NoteTotals.f(l, d.totalsChecked, len(d.totals)))
	row++
	s.blockHeader(row, []string{ui.Source.in(l), ui.File.in(l), ui.Sheet.in(l), ui.Line.in(l), ui.TotalsLabel.in(l),
		ui.Column.in(l), ui.Stated.in(l), ui.SumSincePrevious.in(l), ui.SumOfSheet.in(l)})
	put := func(col int, v any, numFmt string) {
		s.b.do(func() error { return b.f.SetCellValue(s.name, cellName(col, row), v) })
		if numFmt != "" {
			s.b.do(func() error {
				return b.f.SetCellStyle(s.name, cellName(col, row), cellName(col, row), b.style(styleNumber, numFmt))
			})
		}
	}
	for _, x := range d.totals {
		row++
		put(1, sourceName(x.source, l), "")
		put(2, x.file, "")
		put(3, x.sheet, "")
		put(4, x.line, fmtCount)
		put(5, x.label, "")
		put(6, d.totalsColumn(x), "")
		stated, since, sheet := d.totalsCells(x)
		for i, v := range []struct {
			n     sql.NullFloat64
			shown string
		}{{sql.NullFloat64{Float64: x.stated, Valid: true}, stated}, {x.sinceSum, since}, {x.sheetSum, sheet}} {
			if v.n.Valid && !d.priv.small(v.n) {
				put(7+i, v.n.Float64, figureFormat(v.n.Float64))
			} else {
				put(7+i, v.shown, "")
			}
		}
	}
	return row
}

// reconBlock writes, from row on, the census figures in which a
// community's census table and its person-level totals differ, or a line
// saying they agree; nothing when no community has both.
func (b *book) reconBlock(s *sheet, row int) {
	d, l := b.d, b.d.lang
	if d.reconBoth == 0 {
		return
	}
	s.block(row, ui.ReconBlock.in(l))
	row++
	if len(d.recon) == 0 {
		s.note(row, ui.NoteReconSame.f(l, d.reconBoth))
		return
	}
	s.note(row, ui.NoteRecon.f(l, d.reconBoth, len(d.recon)))
	row++
	s.blockHeader(row, []string{ui.CommunityCode.in(l), ui.CommunityName.in(l), ui.Figure.in(l), ui.CensusTable.in(l),
		ui.PersonLevel.in(l), ui.Difference.in(l), ui.RelativeDifference.in(l), ui.CensusFile.in(l), ui.PersonFiles.in(l)})
	row++
	put := func(col int, v any, numFmt string) {
		s.b.do(func() error { return b.f.SetCellValue(s.name, cellName(col, row), v) })
		if numFmt != "" {
			s.b.do(func() error {
				return b.f.SetCellStyle(s.name, cellName(col, row), cellName(col, row), b.style(styleNumber, numFmt))
			})
		}
	}
	for _, x := range d.recon {
		put(1, x.code, "")
		put(2, x.name, "")
		put(3, d.pick(x.figureZh, x.figureEn), "")
		if d.reconHidden(x) {
			// The counts as the report may show them ("<5"), and no
			// difference, which would give a hidden count back.
			census, persons, diff, rel := d.reconCells(x)
			for i, v := range []string{census, persons, diff, rel} {
				put(4+i, v, "")
			}
		} else {
			for i, n := range []sql.NullInt64{x.census, x.persons, x.diff} {
				if n.Valid {
					put(4+i, n.Int64, fmtCount)
				}
			}
			if x.rel.Valid {
				put(7, x.rel.Float64, fmtShare)
			}
		}
		put(8, x.censusFile, "")
		put(9, x.personsFiles, "")
		row++
	}
}

// formula writes an indicator's formula: numerator ÷ denominator × scale.
func (d *dataset) formula(ind *indicators.Indicator) string {
	f := d.pick(ind.NumeratorZh, ind.NumeratorEn) + " ÷ " + d.pick(ind.DenominatorZh, ind.DenominatorEn)
	if ind.Scale != 1 {
		f += " × " + group(strconv.FormatFloat(ind.Scale, 'f', -1, 64))
	}
	return f
}

// catalogSheet: the indicator catalog as the warehouse holds it.
func (b *book) catalogSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.sheet(name)
	s.header([]string{ui.IndicatorID.in(l), ui.Indicator.in(l), ui.Unit.in(l), ui.Formula.in(l), ui.Numerator.in(l),
		ui.Denominator.in(l), ui.Scale.in(l), ui.Direction.in(l), ui.Standard.in(l), ui.StandardValue.in(l),
		ui.StandardSource.in(l), ui.Equalized.in(l), ui.Description.in(l), ui.DependsOn.in(l), ui.DeclFile.in(l), ui.SQL.in(l)})
	row := firstRow
	for _, ind := range d.catalog {
		eq := ui.No.in(l)
		if ind.Equalize {
			eq = ui.Yes.in(l)
		}
		s.text(1, row, ind.ID)
		s.text(2, row, d.name(ind))
		s.text(3, row, d.unit(ind))
		s.text(4, row, d.formula(ind))
		s.text(5, row, d.pick(ind.NumeratorZh, ind.NumeratorEn))
		s.text(6, row, d.pick(ind.DenominatorZh, ind.DenominatorEn))
		s.number(7, row, ind.Scale, fmtCount, group(strconv.FormatFloat(ind.Scale, 'f', -1, 64)), false)
		s.text(8, row, direction(ind.Direction, l))
		s.text(9, row, d.pick(ind.StandardZh, ind.StandardEn))
		s.text(10, row, d.standardText(ind))
		s.wrap(11, row, ind.StandardSource)
		s.text(12, row, eq)
		s.wrap(13, row, d.pick(ind.DescriptionZh, ind.DescriptionEn))
		s.text(14, row, strings.Join(ind.DependsOn, ", "))
		s.text(15, row, ind.File)
		s.text(16, row, ind.SQL)
		row++
	}
	s.last = row - 1
	s.finish(2)
}

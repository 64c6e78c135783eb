package reports

import (
	"archive/zip"
	"compress/flate"
	"context"
	"database/sql"
	"io"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
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
	// Text that a spreadsheet would take for a formula (formulaLike),
	// stored with a quote prefix: bordered, wrapped, or in a block.
	styleQuoted
	styleQuotedWrap
	styleQuotedPlain
)

type styleKey struct {
	kind   int
	numFmt string
}

// book builds one workbook, sheet after sheet. The first error sticks and
// is returned by writeWorkbook; later calls do nothing.
type book struct {
	ctx     context.Context
	db      *sql.DB
	f       *excelize.File
	d       *dataset
	styles  map[styleKey]int
	err     error
	charts  int
	sheets  []string
	maxRows int // rows of a worksheet: maxSheetRows, less in tests
}

// writeWorkbook writes the Excel workbook of a dataset to w. Its sheets
// are streamed (sheet.go); the package's parts are deflated at the
// fastest level, which for a national workbook of 28 million cells takes
// a third of the time of the default level for a file 20 % larger.
func writeWorkbook(ctx context.Context, db *sql.DB, d *dataset, w io.Writer, now time.Time, version string, maxRows int) (*book, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(w)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	b := &book{ctx: ctx, db: db, f: f, d: d, styles: map[styleKey]int{}, maxRows: cmpOrInt(maxRows, maxSheetRows)}
	l := d.lang
	t := time.Now()
	for _, sh := range []struct {
		name  text
		write func(string)
	}{
		{ui.SheetIndicators, b.indicatorsSheet},
		{ui.SheetEqualization, b.equalizationSheet},
		{ui.SheetModels, b.modelsSheet},
		{uiChange.Sheet, b.changeSheet},
		{ui.SheetBelow, b.belowSheet},
		{uiPlans.Sheet, b.plansSheet},
		{ui.SheetQuality, b.qualitySheet},
		{ui.SheetNulls, b.nullsSheet},
		{ui.SheetCatalog, b.catalogSheet},
	} {
		sh.write(sh.name.in(l))
		t = d.step("sheet "+sh.name.in(LangEn), t)
	}
	f.SetActiveSheet(0)
	b.do(func() error {
		return f.SetDocProps(&excelize.DocProperties{
			Title:    ui.WorkbookTitle.in(l) + " " + d.period,
			Subject:  d.period,
			Creator:  "shequ " + version,
			Created:  now.UTC().Format(time.RFC3339),
			Modified: now.UTC().Format(time.RFC3339),
			Language: ui.Lang.in(l),
		})
	})
	b.do(func() error { _, err := f.WriteTo(w); return err })
	d.step("workbook saved", t)
	return b, b.err
}

func cmpOrInt(v, def int) int {
	if v <= 0 {
		return def
	}
	return v
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
	case styleWrap, styleQuotedWrap:
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
	case styleQuotedPlain:
		s = &excelize.Style{}
	}
	quoted := kind == styleQuoted || kind == styleQuotedWrap || kind == styleQuotedPlain
	if quoted {
		s.NumFmt = 49 // "@", text: what is typed into the cell stays text
	}
	if numFmt != "" {
		f := numFmt
		s.CustomNumFmt = &f
	}
	id, err := b.f.NewStyle(s)
	if err != nil && b.err == nil {
		b.err = err
	}
	// excelize has no option for the quote prefix: it is set on the
	// cell format NewStyle made, which excelize writes as it holds it.
	if quoted && err == nil && b.f.Styles != nil && b.f.Styles.CellXfs != nil && id < len(b.f.Styles.CellXfs.Xf) {
		yes := true
		b.f.Styles.CellXfs.Xf[id].QuotePrefix = &yes
	}
	b.styles[k] = id
	return id
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
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

// shortReason is what an empty indicator cell shows: the reason the value
// is NULL up to its colon ("分母为0", "denominator is 0"), or the first 24
// characters of a reason without one. The Empty cells sheet has the whole
// reason, per indicator.
func (d *dataset) shortReason(r string) string {
	r = d.pickReason(r)
	if head, _, ok := strings.Cut(r, "："); ok {
		return head
	}
	if head, _, ok := strings.Cut(r, ": "); ok {
		return head
	}
	if utf8.RuneCountInString(r) > 24 {
		r = string([]rune(r)[:23]) + "…"
	}
	return r
}

// indicatorsSheet: one row per community with codes, names, the model, the
// person-level counts and every indicator; an empty value shows why it is
// empty, briefly (the Empty cells sheet says it in full).
func (b *book) indicatorsSheet(name string) {
	d, l := b.d, b.d.lang
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
	s := b.newSheet(name, heads, 2)
	// Styles per indicator column, looked up once.
	type colStyle struct{ plain, below int }
	styles := make([]colStyle, len(d.catalog))
	for i, ind := range d.catalog {
		styles[i] = colStyle{b.style(styleNumber, excelFormat(ind.Format)), b.style(styleBelow, excelFormat(ind.Format))}
	}
	countStyle, muted, textStyle := b.style(styleNumber, fmtCount), b.style(styleMuted, ""), b.style(styleText, "")
	reasons := map[string]string{} // the warehouse's reason → the cell's text
	suppressed, mask := ui.Suppressed.in(l), d.priv.mask()
	cells := make([]xc, len(heads))
	err := d.eachCommunity(b.ctx, b.db, "", nil, func(r *communityRow) error {
		c := r.community
		modelName := ""
		if m, ok := d.modelByID(c.modelID); ok {
			modelName = d.modelName(m)
		}
		for i, v := range []string{c.code, c.name, c.streetCode, c.streetName, c.districtCode, c.districtName, c.urClass, modelName} {
			if !s.released {
				v = strings.Clone(v) // held rows outlive the batch
			}
			cells[i] = s.text(v)
		}
		col := fixed
		for _, n := range r.counts {
			switch {
			case !n.Valid:
				cells[col] = xc{style: textStyle}
			case d.priv.small(n):
				cells[col] = xc{v: mask, style: muted}
			default:
				cells[col] = xc{v: n.Float64, style: countStyle, shown: formatValue("integer", n.Float64)}
			}
			col++
		}
		for i, ind := range d.catalog {
			v := r.vals[i]
			switch {
			case !v.ok:
				if v.reason == "" {
					cells[col] = xc{style: textStyle}
					break
				}
				t, ok := reasons[v.reason]
				if !ok {
					t = strings.Clone(d.shortReason(v.reason)) // v.reason lives in the batch
					reasons[strings.Clone(v.reason)] = t
				}
				cells[col] = xc{v: t, style: muted}
			case v.sup:
				cells[col] = xc{v: suppressed, style: muted}
			default:
				st := styles[i].plain
				if v.below {
					st = styles[i].below
				}
				shown := ""
				if s.measured < measuredRows {
					shown = formatValue(ind.Format, v.v)
				}
				cells[col] = xc{v: v.v, style: st, shown: shown}
			}
			col++
		}
		s.add(cells...)
		return nil
	})
	if err != nil && b.err == nil {
		b.err = err
	}
	s.gap(1)
	s.note(ui.NoteHighlight.in(l))
	s.note(ui.NoteNull.f(l, ui.SheetNulls.in(l)))
	if d.priv.on() {
		s.note(ui.NoteSuppressed.f(l, d.priv.below, d.priv.below, ui.Suppressed.in(l)))
	}
	s.finish()
}

// nullsSheet: why indicator values are empty: per indicator, each reason
// the warehouse gives, what the cells show, and how many communities.
func (b *book) nullsSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.newSheet(name, []string{ui.IndicatorID.in(l), ui.Indicator.in(l), ui.CellShows.in(l), ui.Reason.in(l), ui.Communities.in(l)}, 2)
	order := map[string]int{}
	for i, ind := range d.catalog {
		order[ind.ID] = i
	}
	type nullRow struct {
		id, reason string
		n          int64
	}
	var rows []nullRow
	err := scan(b.ctx, b.db, `SELECT indicator_id, null_reason, count(*) FROM indicator_values
WHERE period = ? AND value IS NULL AND null_reason IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, indicator_id, null_reason`,
		[]any{d.period}, func(r *sql.Rows) error {
			var x nullRow
			err := r.Scan(&x.id, &x.reason, &x.n)
			rows = append(rows, x)
			return err
		})
	if err != nil && b.err == nil {
		b.err = err
	}
	slices.SortStableFunc(rows, func(a, c nullRow) int { return order[a.id] - order[c.id] })
	for _, x := range rows {
		ind := d.indicator(x.id)
		if ind == nil {
			continue
		}
		s.add(s.text(x.id), s.text(d.name(ind)), s.muted(d.shortReason(x.reason)), s.wrap(d.pickReason(x.reason)), s.count(x.n))
	}
	if len(rows) == 0 {
		s.gap(1)
		s.note(ui.NoteNoNulls.in(l))
	}
	s.finish()
}

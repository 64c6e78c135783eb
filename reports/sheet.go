package reports

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Every worksheet is written row after row through excelize's
// StreamWriter, so the memory a workbook takes does not grow with the
// number of communities: rows go to a temporary file as they are made.
// The column widths are fitted to the header and to the first
// measuredRows rows, which are held back until the widths are set (a
// stream writer must have them before its first row).

// maxSheetRows is the number of rows of an Excel worksheet.
const maxSheetRows = 1_048_576

// measuredRows is how many rows of a sheet the column widths are fitted to.
const measuredRows = 2000

// xc is one cell of a row: a value (nil for an empty cell), its style, and
// the text Excel shows, for the column width ("" when it is the value).
type xc struct {
	v     any
	style int
	shown string
}

type heldRow struct {
	row    int
	cells  []xc
	height float64
}

// sheet writes one worksheet: a title row, a header row, the main table,
// then notes and blocks below it. When the main table would not fit in a
// worksheet it goes on in another, "<name> (2)", with the same title and
// header.
type sheet struct {
	b        *book
	base     string // the name of the first part
	name     string // the part being written
	part     int
	heads    []string
	freeze   int // columns frozen on the left
	sw       *excelize.StreamWriter
	row      int // the last row written or held
	held     []heldRow
	widths   []float64
	measured int  // rows measured so far
	released bool // the widths are set and the held rows written
	tableEnd int  // last row of the main table, 0 while it goes on
	done     bool // the part is flushed
}

// newSheet starts a worksheet with its title and header rows; freeze
// columns stay in view when scrolling right.
func (b *book) newSheet(name string, heads []string, freeze int) *sheet {
	s := &sheet{b: b, base: name, heads: heads, freeze: freeze}
	s.open(name)
	return s
}

func (s *sheet) open(name string) {
	b := s.b
	s.name, s.row, s.held, s.measured, s.released, s.tableEnd, s.done = name, 0, nil, 0, false, 0, false
	s.widths = make([]float64, len(s.heads))
	b.sheets = append(b.sheets, name)
	b.do(func() error {
		if len(b.sheets) == 1 {
			return b.f.SetSheetName("Sheet1", name)
		}
		_, err := b.f.NewSheet(name)
		return err
	})
	// Sheet properties precede the rows in the part: set before the
	// stream writer starts.
	b.do(func() error { return b.f.SetSheetProps(name, &excelize.SheetPropsOptions{FitToPage: boolPtr(true)}) })
	b.do(func() error {
		sw, err := b.f.NewStreamWriter(name)
		s.sw = sw
		return err
	})
	d := b.d
	title := d.syntheticMark() + ui.TitleLine.f(d.lang, ui.WorkbookTitle.in(d.lang), name, d.period, d.runID())
	s.put(24, xc{v: title, style: b.style(styleTitle, "")})
	head := make([]xc, len(s.heads))
	for i, h := range s.heads {
		head[i] = xc{v: h, style: b.style(styleHeader, "")}
		// Headers wrap onto two lines.
		if w := displayWidth(h); w > 0 {
			s.widths[i] = math.Max(s.widths[i], math.Min(w, math.Max(12, w/2+1)))
		}
	}
	s.put(36, head...)
}

// put adds a row below the last one.
func (s *sheet) put(height float64, cells ...xc) {
	s.row++
	if s.sw == nil {
		return
	}
	if s.tableEnd == 0 && s.row > headerRow && s.measured < measuredRows {
		s.measure(cells)
	}
	r := heldRow{s.row, cells, height}
	if !s.released {
		r.cells = slices.Clone(cells) // callers reuse their slice
		s.held = append(s.held, r)
		if s.measured >= measuredRows {
			s.release()
		}
		return
	}
	s.write(r)
}

func (s *sheet) measure(cells []xc) {
	s.measured++
	for i, c := range cells {
		if i >= len(s.widths) {
			break
		}
		shown := c.shown
		if shown == "" {
			if t, ok := c.v.(string); ok {
				shown = t
			}
		}
		s.widths[i] = math.Max(s.widths[i], displayWidth(shown))
	}
}

// release sets the column widths and the panes, and writes the rows held
// back so far.
func (s *sheet) release() {
	b := s.b
	for i, w := range s.widths {
		w = math.Max(8, math.Min(w+2, 60))
		b.do(func() error { return s.sw.SetColWidth(i+1, i+1, w) })
	}
	pane := "bottomLeft"
	if s.freeze > 0 {
		pane = "bottomRight"
	}
	top := cellName(s.freeze+1, firstRow)
	b.do(func() error {
		return s.sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: s.freeze, YSplit: headerRow, TopLeftCell: top,
			ActivePane: pane, Selection: []excelize.Selection{{SQRef: top, ActiveCell: top, Pane: pane}}})
	})
	held := s.held
	s.held, s.released = nil, true
	for _, r := range held {
		s.write(r)
	}
}

func (s *sheet) write(r heldRow) {
	vals := make([]any, len(r.cells))
	for i, c := range r.cells {
		vals[i] = excelize.Cell{StyleID: c.style, Value: c.v}
	}
	var opts []excelize.RowOpts
	if r.height > 0 {
		opts = append(opts, excelize.RowOpts{Height: r.height})
	}
	s.b.do(func() error { return s.sw.SetRow(cellName(1, r.row), vals, opts...) })
}

// add writes a row of the main table, going on in a new part of the sheet
// when this one is full (room is left for the notes below the table).
func (s *sheet) add(cells ...xc) {
	if s.row+1 > s.b.maxRows-20 {
		s.tableEnd = s.row
		s.flush()
		s.part++
		s.open(partName(s.base, s.part+1))
	}
	s.put(0, cells...)
}

// partName names the n-th part of a sheet: "指标总表 (2)", within Excel's
// 31 characters.
func partName(base string, n int) string {
	suffix := fmt.Sprintf(" (%d)", n)
	for utf8.RuneCountInString(base)+len(suffix) > 31 {
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return base + suffix
}

// endTable marks the end of the main table: filters cover it, and the
// rows below are notes and blocks.
func (s *sheet) endTable() {
	if s.tableEnd == 0 {
		s.tableEnd = s.row
	}
}

// gap leaves n empty rows.
func (s *sheet) gap(n int) { s.row += n }

// note writes a line of small italic text.
func (s *sheet) note(v string) { s.endTable(); s.put(0, xc{v: v, style: s.b.style(styleNote, "")}) }

// block writes the title of a block below the main table.
func (s *sheet) block(v string) { s.endTable(); s.put(0, xc{v: v, style: s.b.style(styleBlock, "")}) }

// blockHeader writes the header row of a block.
func (s *sheet) blockHeader(heads ...string) {
	s.endTable()
	cells := make([]xc, len(heads))
	for i, h := range heads {
		cells[i] = xc{v: h, style: s.b.style(styleHeader, "")}
	}
	s.put(0, cells...)
}

// blockRow writes a row of a block.
func (s *sheet) blockRow(cells ...xc) { s.endTable(); s.put(0, cells...) }

// finish ends the sheet: filters over the main table, the page layout
// (A4 landscape, fitted to one page's width or, past printColumns
// columns, to several; title and header repeated on every page, and on a
// wide sheet the frozen columns too; sheet name, page number and run id in
// the footer).
func (s *sheet) finish() { s.endTable(); s.flush() }

func (s *sheet) flush() {
	if s.done || s.sw == nil {
		return
	}
	s.done = true
	b, f := s.b, s.b.f
	if !s.released {
		s.release()
	}
	last := max(s.tableEnd, headerRow)
	b.do(func() error {
		return f.AutoFilter(s.name, cellName(1, headerRow)+":"+cellName(max(len(s.heads), 1), last), nil)
	})
	wide, zero := printPagesWide(len(s.heads)), 0
	b.do(func() error {
		return f.SetPageLayout(s.name, &excelize.PageLayoutOptions{Size: intPtr(9), Orientation: strPtr("landscape"),
			FitToWidth: &wide, FitToHeight: &zero})
	})
	titles := quoteSheet(s.name) + "!$1:$2"
	if wide > 1 && s.freeze > 0 {
		last, _ := excelize.ColumnNumberToName(s.freeze)
		titles = quoteSheet(s.name) + "!$A:$" + last + "," + titles
	}
	b.do(func() error {
		return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: s.name, RefersTo: titles})
	})
	b.do(func() error {
		return f.SetHeaderFooter(s.name, &excelize.HeaderFooterOptions{
			OddHeader: "&C" + escapeHF(strings.TrimSpace(b.d.syntheticMark())),
			OddFooter: "&L" + escapeHF(s.name) + "&C&P / &N&R" + escapeHF(b.d.runID())})
	})
	b.do(s.sw.Flush)
}

// printColumns is how many columns a printed A4 landscape page holds
// readably; a wider sheet prints on several pages side by side, each
// repeating the title and header rows and the frozen columns (the
// community's code and name).
const printColumns = 12

// printPagesWide is the number of pages a sheet of n columns is printed
// across.
func printPagesWide(n int) int { return max(1, (n+printColumns-1)/printColumns) }

// Cells.

func (s *sheet) text(v string) xc {
	if formulaLike(v) {
		return xc{v: v, style: s.b.style(styleQuoted, "")}
	}
	return xc{v: v, style: s.b.style(styleText, "")}
}

func (s *sheet) wrap(v string) xc {
	if formulaLike(v) {
		return xc{v: v, style: s.b.style(styleQuotedWrap, "")}
	}
	return xc{v: v, style: s.b.style(styleWrap, "")}
}

// number is a number with an Excel format; shown is how it reads.
func (s *sheet) number(v float64, numFmt, shown string, below bool) xc {
	kind := styleNumber
	if below {
		kind = styleBelow
	}
	return xc{v: v, style: s.b.style(kind, numFmt), shown: shown}
}

func (s *sheet) count(n int64) xc {
	return xc{v: n, style: s.b.style(styleNumber, fmtCount), shown: formatCount(n)}
}

func (s *sheet) muted(v string) xc { return xc{v: v, style: s.b.style(styleMuted, "")} }

func (s *sheet) empty() xc { return xc{style: s.b.style(styleText, "")} }

// plain is a cell of a block: a value with no border, an optional number
// format.
func (s *sheet) plain(v any, numFmt string) xc {
	if t, ok := v.(string); ok && formulaLike(t) {
		return xc{v: t, style: s.b.style(styleQuotedPlain, "")}
	}
	if numFmt == "" {
		return xc{v: v}
	}
	return xc{v: v, style: s.b.style(styleNumber, numFmt)}
}

// formulaLike reports text that a spreadsheet would take for a formula
// when the cell is edited or the sheet saved as CSV and opened again: it
// begins with =, +, -, @ (or a tab or carriage return, which some
// programs strip before reading on). Such text is stored with a quote
// prefix (and the text number format), as the quarantine CSV prefixes it
// with an apostrophe.
func formulaLike(v string) bool {
	if v == "" {
		return false
	}
	return strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

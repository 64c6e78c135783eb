package reports

import (
	"archive/zip"
	"database/sql"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetParts writes the workbook with worksheets of at most 80 rows:
// the 161 communities of the demo go on in "指标总表 (2)" and
// "指标总表 (3)", each part with the title and the header, and together
// the parts hold every community once, in code order.
func TestSheetParts(t *testing.T) {
	db := openDB(t, dbPath)
	res := write(t, db, Options{maxRows: 80})
	x := openXLSX(t, res.Workbook)
	// 80 rows less 20 kept for notes: rows 1 to 60, so 58 communities a
	// part after the title and header rows; 161 = 58 + 58 + 45.
	parts := []string{"指标总表", "指标总表 (2)", "指标总表 (3)"}
	wantRows := []int{58, 58, 45}
	list := x.f.GetSheetList()
	for _, p := range parts {
		if !containsString(list, p) {
			t.Fatalf("sheets %q: no %q", list, p)
		}
	}
	if containsString(list, "指标总表 (4)") {
		t.Errorf("sheets %q: a fourth part", list)
	}
	head := x.header(parts[0])
	var codes []string
	for i, p := range parts {
		if got := x.header(p); strings.Join(got, "|") != strings.Join(head, "|") {
			t.Errorf("%s: header %q, want %q", p, got, head)
		}
		if title := x.raw(p, 1, titleRow); !strings.Contains(title, p) {
			t.Errorf("%s: title %q does not name the part", p, title)
		}
		if n := x.dataRows(p); n != wantRows[i] {
			t.Errorf("%s: %d rows, want %d", p, n, wantRows[i])
		}
		for r := firstRow; r < firstRow+x.dataRows(p); r++ {
			codes = append(codes, x.raw(p, 1, r))
		}
	}
	want := rows(t, db, `SELECT community_code FROM communities WHERE period = '2020' ORDER BY community_code`)
	if len(codes) != len(want) {
		t.Fatalf("%d communities in the parts, want %d", len(codes), len(want))
	}
	for i, w := range want {
		if codes[i] != w[0] {
			t.Fatalf("row %d of the parts: %s, want %s", i+1, codes[i], w[0])
		}
	}
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestQuotePrefix gives communities names that a spreadsheet would read
// as formulas and checks that the workbook stores them as text with the
// quote prefix, so that editing the cell or saving as CSV keeps them text.
func TestQuotePrefix(t *testing.T) {
	names := map[string]string{} // community code → name
	path := copyDB(t, dbPath, func(db *sql.DB) {
		for i, name := range []string{"=1+1", "+86 社区", "-居委会", "@SUM(A1)", "=HYPERLINK(\"http://example.com\")"} {
			var code string
			if err := db.QueryRow(`SELECT community_code FROM communities WHERE period = '2020' ORDER BY community_code LIMIT 1 OFFSET ?`, i*7).Scan(&code); err != nil {
				t.Fatal(err)
			}
			mustExec(t, db, `UPDATE communities SET community_name = ? WHERE community_code = ?`, name, code)
			names[code] = name
		}
	})
	db := openDB(t, path)
	res := write(t, db, Options{SuppressBelow: -1})
	x := openXLSX(t, res.Workbook)
	sheet := ui.SheetIndicators.in(LangZh)
	seen := 0
	for r := firstRow; r < firstRow+x.dataRows(sheet); r++ {
		name, ok := names[x.raw(sheet, 1, r)]
		if !ok {
			continue
		}
		seen++
		cell := cellName(2, r)
		if got := x.raw(sheet, 2, r); got != name {
			t.Errorf("%s: %q, want %q", cell, got, name)
		}
		if f, err := x.f.GetCellFormula(sheet, cell); err != nil || f != "" {
			t.Errorf("%s: formula %q (%v), want none", cell, f, err)
		}
		if typ, err := x.f.GetCellType(sheet, cell); err != nil || (typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString) {
			t.Errorf("%s: cell type %v (%v), want a string", cell, typ, err)
		}
		id, err := x.f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		if xf := x.f.Styles.CellXfs.Xf[id]; xf.QuotePrefix == nil || !*xf.QuotePrefix {
			t.Errorf("%s %q: no quote prefix", cell, name)
		}
	}
	if seen != len(names) {
		t.Errorf("found %d of the %d renamed communities", seen, len(names))
	}
	// A plain name has no quote prefix.
	id, _ := x.f.GetCellStyle(sheet, cellName(2, firstRow+1))
	if xf := x.f.Styles.CellXfs.Xf[id]; xf.QuotePrefix != nil && *xf.QuotePrefix {
		if _, renamed := names[x.raw(sheet, 1, firstRow+1)]; !renamed {
			t.Errorf("%s: quote prefix on a plain name", cellName(2, firstRow+1))
		}
	}
}

// TestPrintSettings checks every worksheet's page setup: A4 landscape,
// twelve columns a page (the 45 columns of 指标总表 on four pages side by
// side, with the code and name columns repeated on each), the
// title and header rows repeated on every page, and the page number in the
// footer.
func TestPrintSettings(t *testing.T) {
	db := openDB(t, dbPath)
	res := write(t, db, Options{})
	x := openXLSX(t, res.Workbook)
	titles := map[string]string{}
	for _, dn := range x.f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range x.f.GetSheetList() {
		pl, err := x.f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" {
			t.Errorf("%s: page size %v orientation %v, want A4 (9) landscape", sheet, deref(pl.Size), deref(pl.Orientation))
		}
		cols := len(x.header(sheet))
		// Twelve columns a page: 1–12 columns one page wide, 13–24 two…
		wantWide := (cols + 11) / 12
		wantTitles := fmt.Sprintf("'%s'!$1:$2", sheet)
		panes, err := x.f.GetPanes(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if wantWide > 1 && panes.XSplit > 0 {
			last, _ := excelize.ColumnNumberToName(panes.XSplit)
			wantTitles = fmt.Sprintf("'%s'!$A:$%s,'%s'!$1:$2", sheet, last, sheet)
		}
		if sheet == ui.SheetIndicators.in(LangZh) {
			// The demo's 指标总表 has 49 to 60 columns: five pages, with
			// the code and the name on each.
			if cols <= 48 || cols > 60 {
				t.Fatalf("%s: %d columns; the demo's has 49 to 60", sheet, cols)
			}
			if wantWide != 5 || wantTitles != "'指标总表'!$A:$B,'指标总表'!$1:$2" {
				t.Errorf("%s: %d pages wide, titles %q; want 5 and the code and name columns", sheet, wantWide, wantTitles)
			}
		}
		if pl.FitToWidth == nil || *pl.FitToWidth != wantWide || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: fit to %v wide, %v tall; want %d wide, any number tall", sheet, deref(pl.FitToWidth), deref(pl.FitToHeight), wantWide)
		}
		if titles[sheet] != wantTitles {
			t.Errorf("%s: print titles %q, want %q", sheet, titles[sheet], wantTitles)
		}
		hf, err := x.f.GetHeaderFooter(sheet)
		if err != nil || hf == nil || !strings.Contains(hf.OddFooter, "&P") || !strings.Contains(hf.OddFooter, "&N") {
			t.Errorf("%s: footer %+v (%v), want the page number and the number of pages", sheet, hf, err)
		}
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// TestChartPageBreak: the native chart of 模式比较 prints on a page of its
// own: the sheet has one row break, below the main table, and the
// drawing's anchor starts on the row after it.
func TestChartPageBreak(t *testing.T) {
	db := openDB(t, dbPath)
	res := write(t, db, Options{})
	x := openXLSX(t, res.Workbook)
	sheet := ui.SheetModels.in(LangZh)
	zr, err := zip.OpenReader(res.Workbook)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	read := func(name string) string {
		for _, f := range zr.File {
			if f.Name == name {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				defer rc.Close()
				b, err := io.ReadAll(rc)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("no %s in the workbook", name)
		return ""
	}
	// 模式比较 is the third sheet.
	ws := read("xl/worksheets/sheet3.xml")
	brks := regexp.MustCompile(`<brk id="(\d+)"`).FindAllStringSubmatch(ws, -1)
	if len(brks) != 1 {
		t.Fatalf("%s: row breaks %q, want one", sheet, brks)
	}
	brk, _ := strconv.Atoi(brks[0][1])
	if end := firstRow + x.dataRows(sheet) - 1; brk <= end {
		t.Errorf("%s: page break after row %d, inside the table (rows %d–%d)", sheet, brk, firstRow, end)
	}
	// The drawing's anchor row is zero-based: the chart starts on row
	// brk + 1, the first row of the new page.
	from := regexp.MustCompile(`<xdr:from><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)</xdr:row>`).FindStringSubmatch(read("xl/drawings/drawing1.xml"))
	if from == nil {
		t.Fatal("no chart anchor in drawing1.xml")
	}
	if row, _ := strconv.Atoi(from[1]); row+1 != brk+1 {
		t.Errorf("chart anchored on row %d, want %d (right after the page break)", row+1, brk+1)
	}
}

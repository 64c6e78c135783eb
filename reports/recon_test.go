package reports

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestReconciliation puts three figures into census_reconciliation of a
// copy of the warehouse and checks the block the workbook's data-quality
// sheet and the HTML report show: the two communities that have both
// sources counted, the figure that agrees left out, the two that differ
// listed, and, with the default threshold of 5, the census value 3 shown
// as "<5" with its difference suppressed (3 + 4 would give it back).
func TestReconciliation(t *testing.T) {
	src := openDB(t, dbPath)
	comms := rows(t, src, `SELECT community_code, community_name FROM communities WHERE period = '2020' ORDER BY community_code LIMIT 2`)
	src.Close()
	code1, name1 := comms[0][0].(string), comms[0][1].(string)
	code2, name2 := comms[1][0].(string), comms[1][1].(string)
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `DELETE FROM census_reconciliation`)
		mustExec(t, db, `INSERT INTO census_reconciliation VALUES
			('2020', ?, NULL, 'resident', '常住人口', 'residents', 1000, 990, -10, -0.01, 't.csv', 2, 'p.csv'),
			('2020', ?, NULL, 'households', '户数', 'households', 400, 400, 0, 0, 't.csv', 2, 'p.csv'),
			('2020', ?, NULL, 'resident', '常住人口', 'residents', 3, 7, 4, 4.0 / 3, 't.csv', 3, 'p.csv')`, code1, code1, code2)
	})
	db := openDB(t, path)
	res := write(t, db, Options{})

	x := openXLSX(t, res.Workbook)
	sheet := ui.SheetQuality.in(LangZh)
	all, err := x.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	at := -1
	for i, r := range all {
		if len(r) > 0 && r[0] == ui.ReconBlock.in(LangZh) {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("%s has no block %q", sheet, ui.ReconBlock.in(LangZh))
	}
	want := [][]string{
		{ui.NoteRecon.f(LangZh, 2, 2)},
		{ui.CommunityCode.zh, ui.CommunityName.zh, ui.Figure.zh, ui.CensusTable.zh, ui.PersonLevel.zh, ui.Difference.zh,
			ui.RelativeDifference.zh, ui.CensusFile.zh, ui.PersonFiles.zh},
		{code1, name1, "常住人口", "1000", "990", "-10", "-0.01", "t.csv", "p.csv"},
		{code2, name2, "常住人口", "<5", "7", "已抑制", "已抑制", "t.csv", "p.csv"},
	}
	if got := all[at+1:]; len(got) < len(want) {
		t.Fatalf("block rows %q, want %q", got, want)
	} else if diff := cmp.Diff(want, got[:len(want)]); diff != "" {
		t.Errorf("workbook block (-want +got):\n%s", diff)
	}

	page, err := os.ReadFile(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	for _, s := range []string{
		`<table id="census-reconciliation">`,
		`<tr><td>` + code1 + `</td><td>` + name1 + `</td><td>常住人口</td><td class="num">1,000</td><td class="num">990</td><td class="num">-10</td><td class="num">-1.0%</td></tr>`,
		`<tr><td>` + code2 + `</td><td>` + name2 + `</td><td>常住人口</td><td class="num">&lt;5</td><td class="num">7</td><td class="num">已抑制</td><td class="num">已抑制</td></tr>`,
	} {
		if !strings.Contains(html, s) {
			t.Errorf("the HTML report lacks %s", s)
		}
	}
	if strings.Contains(html, "<td>户数</td>") {
		t.Errorf("the HTML report lists households, where the two sources agree")
	}
}

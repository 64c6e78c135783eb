package reports

import (
	"database/sql"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestTotalsBlock gives two files of a copy of the warehouse totals rows
// that do not add up and checks the block the workbook's data-quality
// sheet and the HTML report show. The census file's 小计 states 3 persons
// where its rows sum to 7 (and the sheet's sum could not be formed): with
// the default threshold of 5, the 3 shows as "<5"; the facilities file's
// 合计 states 1,234.5 m² of a sheet 设施台账 where the rows sum to 1,200
// both ways. 12 figures were checked in all (5 + 7).
func TestTotalsBlock(t *testing.T) {
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `UPDATE ingest_files SET totals_checked = 0 WHERE period = '2020'`)
		mustExec(t, db, `UPDATE ingest_files SET totals_checked = 5, totals_mismatches =
			'[{"line": 9, "label": "坪山街道小计", "column": "resident", "header": "常住人口(人)", "stated": 3, "sum_since_previous": 7}]'
			WHERE period = '2020' AND file = '人口_坪山区.csv'`)
		mustExec(t, db, `UPDATE ingest_files SET totals_checked = 7, totals_mismatches =
			'[{"sheet": "设施台账", "line": 40, "label": "合计", "column": "floor_area_m2", "header": "建筑面积（平方米）", "stated": 1234.5, "sum_since_previous": 1200, "sum_of_sheet": 1200}]'
			WHERE period = '2020' AND file = '服务设施.xlsx'`)
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
		if len(r) > 0 && r[0] == "合计行核对" {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("%s has no block 合计行核对", sheet)
	}
	// Sources in order (人口 census before 服务设施 facilities).
	want := [][]string{
		{"合计、小计行中有12个数字与其合计的行核对过，下列2个既不等于上一合计行以来各行之和，也不等于本表各行之和（允许填报数末位的半个单位）；合计行本身不入库。"},
		{"来源", "文件", "工作表", "行号", "合计行", "列", "填报数", "上一合计行以来各行之和", "本表各行之和"},
		{"人口", "人口_坪山区.csv", "", "9", "坪山街道小计", "常住人口(人)", "<5", "7", "—"},
		{"服务设施", "服务设施.xlsx", "设施台账", "40", "合计", "建筑面积（平方米）", "1234.5", "1200", "1200"},
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
	for _, s := range []string{
		`<tr><td>人口</td><td>人口_坪山区.csv</td><td></td><td class="num">9</td><td>坪山街道小计</td><td>常住人口(人)</td><td class="num">&lt;5</td><td class="num">7</td><td class="num">—</td></tr>`,
		`<tr><td>服务设施</td><td>服务设施.xlsx</td><td>设施台账</td><td class="num">40</td><td>合计</td><td>建筑面积（平方米）</td><td class="num">1,234.5</td><td class="num">1,200</td><td class="num">1,200</td></tr>`,
	} {
		if !strings.Contains(string(page), s) {
			t.Errorf("the HTML report lacks %s", s)
		}
	}
}

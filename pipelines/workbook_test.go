package pipelines

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/values"
)

// TestMillionRowWorkbook ingests a person-level workbook of 1,000,000 data
// rows made at test time, as an office's system exports one: a title row
// merged over the columns, a two-row header whose groups 「基本信息」 and
// 「居住情况」 are merged over their columns (and the single headers merged
// down), then the rows. Every 100,000th row (data rows 99,999, 199,999 …,
// counting from 0) has its check digit changed. Worked out by hand: row 2
// alone lacks 社区代码 (under 居住情况); row 3 alone, with 身份证号 and 户编号
// merged down into it, names all seven columns, and rows 2+3 together name
// no more, so row 3 is the header and rows 1-2 are above it. The sheet has
// 1,000,003 rows, 1 the header; rows_in = 2 (above_header) + 1,000,000;
// quarantined 10 (id_check_digit); accepted 999,990.
func TestMillionRowWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a workbook of a million rows")
	}
	const rows = 1_000_000
	path := filepath.Join(t.TempDir(), "人口个案.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	head := [][]any{
		{"坪山区2020年人口个案", nil, nil, nil, nil, nil, nil},
		{"身份证号", "基本信息", nil, "居住情况", nil, nil, "户编号"},
		{nil, "性别", "出生日期", "社区代码", "户籍类型", "联系电话", nil},
	}
	for i, r := range head {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"A1", "G1"}, {"A2", "A3"}, {"B2", "C2"}, {"D2", "F2"}, {"G2", "G3"}} {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	communities := []string{"440310001001", "440310001002", "440310001003", "440310002001"}
	day := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, 7)
	for i := range rows {
		// A distinct number per row: a birth date and a sequence (3 digits).
		birth := day.AddDate(0, 0, i/1000)
		id := fmt.Sprintf("440310%s%03d", birth.Format("20060102"), i%1000)
		check, _ := values.IDCheckChar(id)
		if i%100_000 == 99_999 {
			if check == '0' {
				check = '1'
			} else {
				check = '0'
			}
		}
		row[0], row[1], row[2] = id+string(check), []string{"男", "女"}[i%2], birth.Format("2006-01-02")
		row[3], row[4], row[5], row[6] = communities[i%4], []string{"户籍", "非户籍"}[i%3/2], "", fmt.Sprintf("H-%d", i/3)
		if err := sw.SetRow(fmt.Sprintf("A%d", i+4), row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()

	ing := newIngester(t)
	res, err := ing.File(context.Background(), Input{Source: "census_persons", Period: "2020", Path: path})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	if got, want := fmt.Sprintf("%d/%d/%d/%d", m.RowsIn, m.Accepted, m.Quarantined, m.Skipped), "1000002/999990/10/2"; got != want {
		t.Errorf("rows_in/accepted/quarantined/skipped = %s, want %s", got, want)
	}
	if got, want := [3]int64{m.Lines, m.HeaderLines, m.JoinedLines}, [3]int64{1_000_003, 1, 0}; got != want {
		t.Errorf("lines/header/joined = %v, want %v", got, want)
	}
	if m.HeaderLine != 3 || m.Area != "440310" {
		t.Errorf("header line %d area %q, want 3 and 440310 (the title names 坪山区)", m.HeaderLine, m.Area)
	}
}

package pipelines

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"shequ/pipelines/decode/decodetest"
)

// TestMillionRowWorkbook ingests a person-level workbook of 1,000,000 data
// rows made at test time (decodetest.PersonWorkbook), as an office's system
// exports one: a title row merged over the columns, a two-row header whose
// groups 「基本信息」 and 「居住情况」 are merged over their columns (and the
// single headers merged down), then the rows. Every 100,000th row (data
// rows 99,999, 199,999 …, counting from 0) has its check digit changed. Worked out by hand: row 2
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
	if err := decodetest.PersonWorkbook(path, rows, 100_000); err != nil {
		t.Fatal(err)
	}

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

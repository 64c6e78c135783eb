package pipelines

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestSyntheticMark ingests small census files with and without the
// synthetic-data mark and checks the manifest's Synthetic and its counts.
// The counts are worked out by hand from the lines written below: the
// mark and the title are rows above the header (rows_in, skipped as
// above_header), the header is a header line, every line is counted once
// (lines = header_lines + rows_in + joined_lines). The title still gives
// the area with the mark above it.
func TestSyntheticMark(t *testing.T) {
	const (
		mark   = "【模拟数据 SYNTHETIC】本文件由 shequ gen 生成，数字均为虚构，仅供测试与演示"
		title  = "坪山区2020年社区人口统计表"
		header = "社区代码,社区名称,常住人口(人),户籍人口(人),非户籍人口(人),户数(户)"
		row1   = "440310001001,六联社区,1000,100,900,400"
		row2   = "440310001002,六和社区,2000,200,1800,800"
	)
	type counts struct {
		synthetic                            bool
		lines, headerLines, rowsIn, accepted int64
		quarantined, aboveHeader, headerLine int64
		area                                 string
	}
	for _, tc := range []struct {
		name  string
		file  string
		write func(path string) error
		want  counts
	}{
		// 1 mark, 2 title, 3 header, 4-5 data: 5 lines = 1 header + 4 rows in.
		{"marked UTF-8", "m.csv", csvFile(false, "", mark, title, header, row1, row2),
			counts{true, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		{"marked UTF-8 with a BOM and CRLF", "m.csv", csvFile(false, "\r\n", "\ufeff"+mark, title, header, row1, row2),
			counts{true, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		{"marked GBK", "m.csv", csvFile(true, "", mark, title, header, row1, row2),
			counts{true, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		// The mark as an office pads a title to the header's width.
		{"marked, padded with empty cells", "m.csv", csvFile(false, "", ",,"+mark+",,,", title, header, row1, row2),
			counts{true, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		// Row 1 mark, 2 title, 3 header, 4-5 data.
		{"marked workbook", "m.xlsx", xlsxFile([][]string{{mark}, {title}, strings.Split(header, ","), strings.Split(row1, ","), strings.Split(row2, ",")}),
			counts{true, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		// 1 title, 2 header, 3-4 data.
		{"unmarked", "u.csv", csvFile(false, "", title, header, row1, row2),
			counts{false, 4, 1, 3, 2, 0, 1, 2, "440310"}},
		// The words inside a title, not opening it, are no mark.
		{"mark not at the start of the title", "u.csv", csvFile(false, "", "说明："+mark, title, header, row1, row2),
			counts{false, 5, 1, 4, 2, 0, 2, 3, "440310"}},
		// A data row is data: the mark below the header is a community
		// name, and the row's 11-digit code is quarantined. 1 title, 2
		// header, 3 data, 4 quarantined.
		{"mark in a data row", "u.csv", csvFile(false, "", title, header, row1, "44031000100,"+mark+",1,1,0,1"),
			counts{false, 4, 1, 3, 1, 1, 1, 2, "440310"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), tc.file)
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			ing := newIngester(t)
			res, err := ing.File(context.Background(), Input{Source: "census", Period: "2020", Path: path})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Manifest
			got := counts{m.Synthetic, m.Lines, m.HeaderLines, m.RowsIn, m.Accepted, m.Quarantined,
				int64(m.SkippedBy[SkipAboveHeader]), int64(m.HeaderLine), m.Area}
			if got != tc.want {
				t.Errorf("synthetic, lines, header lines, rows in, accepted, quarantined, above header, header line, area =\n%+v, want\n%+v", got, tc.want)
			}
			if m.Skipped != int64(m.SkippedBy[SkipAboveHeader]) || m.JoinedLines != 0 {
				t.Errorf("skipped %d (%v), joined %d; want only the rows above the header, none joined", m.Skipped, m.SkippedBy, m.JoinedLines)
			}
			commit(t, ing)
			// The manifest as stored reads back the same.
			back, err := ing.Warehouse.ReadManifest("census", "2020", m.FileID)
			if err != nil || back == nil || back.Synthetic != tc.want.synthetic {
				t.Errorf("stored manifest %+v, %v: want synthetic %v", back, err, tc.want.synthetic)
			}
		})
	}
}

// TestOldManifestNotSynthetic: a manifest written before the mark was
// read has no "synthetic" field and reads as not synthetic.
func TestOldManifestNotSynthetic(t *testing.T) {
	ing := newIngester(t)
	path := filepath.Join(ing.Warehouse.Partition("ingest", "census", "2015"), "old.json")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	old := `{"run_id":"r","source":"census","period":"2015","file_id":"old","file":"a.csv","path":"a.csv","sha256":"00","bytes":1,
"format":"csv","encoding":"utf-8","header_line":1,"rows_in":0,"accepted":0,"quarantined":0,"skipped":0,"skipped_by":{},
"unknown_columns":null,"ingested_at":"2020-01-01T00:00:00Z","lines":1,"header_lines":1,"joined_lines":0,"totals_checked":0}`
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := ing.Warehouse.ReadManifest("census", "2015", "old")
	if err != nil || m == nil {
		t.Fatalf("ReadManifest: %v, %v", m, err)
	}
	if m.Synthetic || m.RowsIn != 0 || m.Lines != 1 {
		t.Errorf("old manifest read as synthetic %v, rows in %d, lines %d; want false, 0, 1", m.Synthetic, m.RowsIn, m.Lines)
	}
}

// csvFile writes lines as a CSV file, in GBK when gbk, with eol ("" is
// LF) after every line.
func csvFile(gbk bool, eol string, lines ...string) func(string) error {
	return func(path string) error {
		if eol == "" {
			eol = "\n"
		}
		data := []byte(strings.Join(lines, eol) + eol)
		if gbk {
			var err error
			if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
				return err
			}
		}
		return os.WriteFile(path, data, 0o644)
	}
}

// xlsxFile writes rows into the first sheet of a workbook, every cell as
// text.
func xlsxFile(rows [][]string) func(string) error {
	return func(path string) error {
		f := excelize.NewFile()
		defer f.Close()
		for r, cells := range rows {
			for c, v := range cells {
				name, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				if err := f.SetCellStr("Sheet1", name, v); err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
			}
		}
		return f.SaveAs(path)
	}
}

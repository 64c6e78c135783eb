package decode

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// update rewrites the fixtures under testdata:
//
//	go test ./pipelines/decode/ -run TestGenerateFixtures -update
//
// The files are committed; without -update the text fixtures are checked
// against what the generator would write, so the two cannot drift apart.
// Workbooks are only written, since excelize's output is not byte-stable.
var update = flag.Bool("update", false, "rewrite the fixtures under testdata")

// censusCSV is the table shared by the utf8, utf8-bom and gbk fixtures.
const censusCSV = "街道,常住人口(人),户数,备注\n" +
	"东城街道,\"12,345\",4021,\n" +
	"西城街道,9876,3010,含流动人口（堃）\n"

// textFixtures returns the bytes of each text fixture, by file name.
func textFixtures(t *testing.T) map[string][]byte {
	t.Helper()
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(bytes.ReplaceAll([]byte(censusCSV), []byte("\n"), []byte("\r\n")))
	if err != nil {
		t.Fatalf("encoding gbk.csv: %v", err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(
		"街道\t常住人口（人）\t备注\r\n" +
			"东城街道\t12345\t\"含\"\"流动\"\"人口\"\r\n" +
			"西城街道\t9876\t\"多行\n备注\"\r\n"))
	if err != nil {
		t.Fatalf("encoding utf16le-bom.txt: %v", err)
	}
	return map[string][]byte{
		"utf8.csv":        []byte(censusCSV),
		"utf8-bom.csv":    append([]byte("\xEF\xBB\xBF"), censusCSV...),
		"gbk.csv":         gbk,
		"utf16le-bom.txt": utf16,
		"crlf-quoted-newline.csv": []byte("编号,地址,说明\r\n" +
			"1,\"和平路1号,2栋\",\"第一行\r\n第二行\"\r\n" +
			"2,\"他说\"\"你好\"\"\",普通\r\n" +
			"3,\"跨\r\n三\r\n行\",end\r\n"),
		"semicolon.csv": []byte("街道;人口;面积(平方公里)\n" +
			"东城;1,234;2.5\n" +
			"西城;\"甲;乙\";7\n"),
		"blank-lines.csv": []byte("\n" +
			"a,b\n" +
			"\n" +
			"  ,  \n" +
			",,,\n" +
			"c,d,,\n" +
			"\r\n" +
			"e,\"f\n\ng\"\n" +
			"\n" +
			"\n"),
	}
}

// workbookFixtures returns a function that builds each workbook fixture, by
// file name.
func workbookFixtures() map[string]func() (*excelize.File, error) {
	return map[string]func() (*excelize.File, error){
		"title-row.xlsx":    titleRowWorkbook,
		"two-sheets.xlsx":   twoSheetsWorkbook,
		"hidden-sheet.xlsx": hiddenSheetWorkbook,
	}
}

// titleRowWorkbook builds a census sheet as offices make them: a merged
// title row, a two-row header with merged cells, numbers stored as text,
// formatted dates and an empty row.
func titleRowWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	const s = "人口统计"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		return nil, err
	}
	day, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	month := "yyyy\"年\"m\"月\""
	monthStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &month})
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() error { return f.SetCellStr(s, "A1", "东城区2020年人口统计表") },
		func() error { return f.MergeCell(s, "A1", "E1") },
		func() error { return f.SetCellStr(s, "A2", "街道") },
		func() error { return f.MergeCell(s, "A2", "A3") },
		func() error { return f.SetCellStr(s, "B2", "人口（人）") },
		func() error { return f.MergeCell(s, "B2", "C2") },
		func() error { return f.SetCellStr(s, "D2", "户数") },
		func() error { return f.MergeCell(s, "D2", "D3") },
		func() error { return f.SetCellStr(s, "E2", "统计日期") },
		func() error { return f.MergeCell(s, "E2", "E3") },
		func() error { return f.SetCellStr(s, "B3", "户籍") },
		func() error { return f.SetCellStr(s, "C3", "常住") },
		func() error { return f.SetCellStr(s, "A4", "东城街道") },
		func() error { return f.SetCellStr(s, "B4", "1234") },
		func() error { return f.SetCellInt(s, "C4", 1500) },
		func() error { return f.SetCellValue(s, "D4", 420) },
		func() error { return f.SetCellValue(s, "E4", time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)) },
		func() error { return f.SetCellStyle(s, "E4", "E4", day) },
		func() error { return f.SetCellStr(s, "A6", "西城街道") },
		func() error { return f.SetCellStr(s, "B6", "2,345") },
		func() error { return f.SetCellFloat(s, "C6", 2600.5, -1, 64) },
		func() error { return f.SetCellValue(s, "D6", 610) },
		func() error { return f.SetCellValue(s, "E6", time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)) },
		func() error { return f.SetCellStyle(s, "E6", "E6", monthStyle) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// twoSheetsWorkbook builds a workbook with one table per month.
func twoSheetsWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "一月"); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("二月"); err != nil {
		return nil, err
	}
	for sheet, rows := range map[string][][]any{
		"一月": {{"街道", "人口"}, {"东城", 100}},
		"二月": {{"街道", "人口"}, {"东城", 110}, {"西城", 90}},
	} {
		for i, row := range rows {
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			if err != nil {
				return nil, err
			}
			if err := f.SetSheetRow(sheet, cell, &row); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// hiddenSheetWorkbook builds a workbook with a visible and a hidden sheet.
func hiddenSheetWorkbook() (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "数据"); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("草稿"); err != nil {
		return nil, err
	}
	for _, c := range []struct{ sheet, cell, value string }{
		{"数据", "A1", "街道"}, {"数据", "A2", "东城"},
		{"草稿", "A1", "不要导入"},
	} {
		if err := f.SetCellStr(c.sheet, c.cell, c.value); err != nil {
			return nil, err
		}
	}
	if err := f.SetSheetVisible("草稿", false); err != nil {
		return nil, err
	}
	return f, nil
}

func TestGenerateFixtures(t *testing.T) {
	for name, want := range textFixtures(t) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (regenerate with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its generator (regenerate with -update)", path)
			}
		})
	}
	for name, build := range workbookFixtures() {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			if !*update {
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("%v (regenerate with -update)", err)
				}
				return
			}
			f, err := build()
			if err != nil {
				t.Fatalf("building %s: %v", name, err)
			}
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

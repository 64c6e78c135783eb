package decode

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// readAll reads every record of path, failing the test on any error.
func readAll(t *testing.T, path string, opts Options) (Reader, []Record) {
	t.Helper()
	r, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	t.Cleanup(func() {
		if err := r.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	var recs []Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return r, recs
		}
		if err != nil {
			t.Fatalf("Next after %d records: %v", len(recs), err)
		}
		recs = append(recs, rec)
	}
}

// located keeps of records where they are and their cells, which is what
// most tests compare (grammar_test.go checks Lines, Fields and Quote).
func located(recs []Record) []Record {
	out := make([]Record, len(recs))
	for i, r := range recs {
		out[i] = Record{Sheet: r.Sheet, Line: r.Line, Cells: r.Cells}
	}
	return out
}

// rec builds a text-file Record.
func rec(line int, cells ...string) Record {
	if cells == nil {
		cells = []string{}
	}
	return Record{Line: line, Cells: cells}
}

// row builds a workbook Record.
func row(sheet string, line int, cells ...string) Record {
	r := rec(line, cells...)
	r.Sheet = sheet
	return r
}

// censusRecords returns what the utf8, utf8-bom and gbk fixtures hold.
func censusRecords() []Record {
	return []Record{
		rec(1, "街道", "常住人口(人)", "户数", "备注"),
		rec(2, "东城街道", "12,345", "4021"),
		rec(3, "西城街道", "9876", "3010", "含流动人口（堃）"),
	}
}

func TestOpenFixtures(t *testing.T) {
	const title = "东城区2020年人口统计表"
	census := censusRecords()
	tests := []struct {
		file     string
		opts     Options
		format   string
		encoding string
		want     []Record
	}{
		{"utf8.csv", Options{}, "csv", "utf-8", census},
		{"utf8-bom.csv", Options{}, "csv", "utf-8-bom", census},
		{"utf8-bom.csv", Options{Encoding: "UTF-8"}, "csv", "utf-8-bom", census},
		{"gbk.csv", Options{}, "csv", "gb18030", census},
		{"gbk.csv", Options{Encoding: "gbk"}, "csv", "gbk", census},
		{"gbk.csv", Options{Encoding: "auto", Delimiter: ','}, "csv", "gb18030", census},
		{"utf16le-bom.txt", Options{}, "tsv", "utf-16le", []Record{
			rec(1, "街道", "常住人口（人）", "备注"),
			rec(2, "东城街道", "12345", `含"流动"人口`),
			rec(3, "西城街道", "9876", "多行\n备注"),
		}},
		{"utf16le-bom.txt", Options{Encoding: "utf-16le", Delimiter: '\t'}, "tsv", "utf-16le", []Record{
			rec(1, "街道", "常住人口（人）", "备注"),
			rec(2, "东城街道", "12345", `含"流动"人口`),
			rec(3, "西城街道", "9876", "多行\n备注"),
		}},
		{"crlf-quoted-newline.csv", Options{}, "csv", "utf-8", []Record{
			rec(1, "编号", "地址", "说明"),
			rec(2, "1", "和平路1号,2栋", "第一行\n第二行"),
			rec(4, "2", `他说"你好"`, "普通"),
			rec(5, "3", "跨\n三\n行", "end"),
		}},
		{"semicolon.csv", Options{}, "csv", "utf-8", []Record{
			rec(1, "街道", "人口", "面积(平方公里)"),
			rec(2, "东城", "1,234", "2.5"),
			rec(3, "西城", "甲;乙", "7"),
		}},
		{"blank-lines.csv", Options{}, "csv", "utf-8", []Record{
			rec(1),
			rec(2, "a", "b"),
			rec(3),
			rec(4),
			rec(5),
			rec(6, "c", "d"),
			rec(7),
			rec(8, "e", "f\n\ng"),
			rec(11),
			rec(12),
		}},
		{"title-row.xlsx", Options{}, "xlsx", "xlsx", []Record{
			row("人口统计", 1, title, title, title, title, title),
			row("人口统计", 2, "街道", "人口（人）", "人口（人）", "户数", "统计日期"),
			row("人口统计", 3, "街道", "户籍", "常住", "户数", "统计日期"),
			row("人口统计", 4, "东城街道", "1234", "1500", "420", "2020-11-01"),
			row("人口统计", 5),
			row("人口统计", 6, "西城街道", "2,345", "2600.5", "610", "2020年11月"),
		}},
		{"two-sheets.xlsx", Options{}, "xlsx", "xlsx", []Record{
			row("一月", 1, "街道", "人口"),
			row("一月", 2, "东城", "100"),
			row("二月", 1, "街道", "人口"),
			row("二月", 2, "东城", "110"),
			row("二月", 3, "西城", "90"),
		}},
		{"two-sheets.xlsx", Options{Sheet: "二月"}, "xlsx", "xlsx", []Record{
			row("二月", 1, "街道", "人口"),
			row("二月", 2, "东城", "110"),
			row("二月", 3, "西城", "90"),
		}},
		{"hidden-sheet.xlsx", Options{}, "xlsx", "xlsx", []Record{
			row("数据", 1, "街道"),
			row("数据", 2, "东城"),
		}},
		{"hidden-sheet.xlsx", Options{Sheet: "草稿"}, "xlsx", "xlsx", []Record{
			row("草稿", 1, "不要导入"),
		}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %+v", tt.file, tt.opts), func(t *testing.T) {
			r, got := readAll(t, filepath.Join("testdata", tt.file), tt.opts)
			if r.Format() != tt.format || r.Encoding() != tt.encoding {
				t.Errorf("got format %q encoding %q, want %q %q", r.Format(), r.Encoding(), tt.format, tt.encoding)
			}
			if !reflect.DeepEqual(located(got), tt.want) {
				t.Errorf("records differ\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name     string
		path     string
		opts     Options
		want     error
		contains []string
	}{
		{"missing csv", filepath.Join(dir, "missing.csv"), Options{}, fs.ErrNotExist, []string{"missing.csv"}},
		{"missing xlsx", filepath.Join(dir, "missing.xlsx"), Options{}, fs.ErrNotExist, []string{"missing.xlsx"}},
		{"old excel", "testdata/census.xls", Options{}, ErrUnsupportedFormat, []string{"census.xls", ".xlsx", ".csv"}},
		{"no extension", "testdata/census", Options{}, ErrUnsupportedFormat, []string{"testdata/census"}},
		{"unknown encoding", "testdata/utf8.csv", Options{Encoding: "big5"}, ErrUnknownEncoding, []string{"utf8.csv", "big5"}},
		{"quote delimiter", "testdata/utf8.csv", Options{Delimiter: '"'}, ErrInvalidDelimiter, []string{"utf8.csv"}},
		{"newline delimiter", "testdata/utf8.csv", Options{Delimiter: '\n'}, ErrInvalidDelimiter, []string{"utf8.csv"}},
		{"missing sheet", "testdata/two-sheets.xlsx", Options{Sheet: "三月"}, ErrSheetNotFound, []string{"two-sheets.xlsx", `"三月"`, `"一月", "二月"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Open(tt.path, tt.opts)
			if err == nil {
				r.Close()
				t.Fatalf("Open(%q) succeeded, want an error wrapping %v", tt.path, tt.want)
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want an error wrapping %v", err, tt.want)
			}
			for _, s := range tt.contains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("got %q, want it to mention %q", err, s)
				}
			}
		})
	}
}

func TestSheetNameIgnoresCase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "case.xlsx")
	f, err := hiddenSheetWorkbook()
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetName("数据", "Data"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, got := readAll(t, path, Options{Sheet: "DATA"})
	want := []Record{row("Data", 1, "街道"), row("Data", 2, "东城")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

// TestInvalidEncoding checks that GBK text after a pure ASCII prefix, which
// detection takes for UTF-8, is reported line by line without stopping the
// reader, and that forcing the encoding reads it cleanly.
func TestInvalidEncoding(t *testing.T) {
	var b strings.Builder
	b.WriteString("编号,街道\n")
	for b.Len() < sniffSize {
		b.WriteString("0,-\n")
	}
	b.WriteString("0,-\n") // a line that starts after the sniffed prefix
	ascii := b.String()
	asciiLines := strings.Count(ascii, "\n")
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("1,东城\n2,西城\n")
	if err != nil {
		t.Fatal(err)
	}
	// The header is UTF-8 so the prefix is valid UTF-8 but not ASCII.
	path := filepath.Join(t.TempDir(), "mixed.csv")
	if err := os.WriteFile(path, []byte(ascii+gbk), 0o644); err != nil {
		t.Fatal(err)
	}

	r, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Encoding() != "utf-8" {
		t.Fatalf("got encoding %q, want utf-8 (detected from the prefix)", r.Encoding())
	}
	var bad []int
	var last Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var le *LineError
		switch {
		case err == nil:
		case errors.Is(err, ErrInvalidEncoding) && errors.As(err, &le):
			bad = append(bad, le.Line)
			if le.Path != path || !strings.Contains(err.Error(), fmt.Sprintf("line %d", le.Line)) {
				t.Errorf("got %q, want it to name %s and the line", err, path)
			}
			if !strings.Contains(rec.Cells[1], "\uFFFD") {
				t.Errorf("got cells %q, want U+FFFD in place of the bad bytes", rec.Cells)
			}
		default:
			t.Fatalf("Next: %v", err)
		}
		last = rec
	}
	if want := []int{asciiLines + 1, asciiLines + 2}; !reflect.DeepEqual(bad, want) {
		t.Errorf("got invalid lines %v, want %v", bad, want)
	}
	if last.Line != asciiLines+2 {
		t.Errorf("got last line %d, want %d", last.Line, asciiLines+2)
	}

	// Forcing GBK reads the GBK lines; the UTF-8 header is now the bad one.
	r2, err := Open(path, Options{Encoding: "gbk"})
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	var got []Record
	for {
		rec, err := r2.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil && !errors.Is(err, ErrInvalidEncoding) {
			t.Fatal(err)
		}
		got = append(got, rec)
	}
	if tail := located(got[len(got)-2:]); !reflect.DeepEqual(tail, []Record{rec(asciiLines+1, "1", "东城"), rec(asciiLines+2, "2", "西城")}) {
		t.Errorf("got %+v with Encoding gbk", tail)
	}
}

func TestDetect(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("街道,人口\n东城,1\n")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, prefix, want string
	}{
		{"empty", "", "utf-8"},
		{"ascii", "a,b\n1,2\n", "utf-8"},
		{"utf-8", "街道,人口\n", "utf-8"},
		{"utf-8 cut mid-character", "街道,人"[:len("街道,人")-1], "utf-8"},
		{"utf-8 bom", "\xEF\xBB\xBFa,b", "utf-8-bom"},
		{"utf-16le bom", "\xFF\xFEa\x00", "utf-16le"},
		{"utf-16be bom", "\xFE\xFF\x00a", "utf-16be"},
		{"utf-16le without bom", "a\x00,\x00b\x00\r\x00\n\x00", "utf-16le"},
		{"utf-16le cjk with 一", "\x00\x4e,\x00\x00\x4e1\x00\n\x00", "utf-16le"},
		{"utf-16be without bom", "\x00a\x00,\x00b\x00\n", "utf-16be"},
		{"gbk", gbk, "gb18030"},
		{"invalid utf-8", "a\xff", "gb18030"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect([]byte(tt.prefix)); got != tt.want {
				t.Errorf("Detect(%q) = %q, want %q", tt.prefix, got, tt.want)
			}
		})
	}
}

func TestDetectDelimiter(t *testing.T) {
	tests := []struct {
		name     string
		text     string
		complete bool
		fallback rune
		want     rune
	}{
		{"comma", "a,b,c\n1,2,3\n", true, ',', ','},
		{"tab", "a\tb\n1\t2\n", true, ',', '\t'},
		{"semicolon beats commas in numbers", "a;b;c\n1,234;5;6\n7;8;9\n", true, ',', ';'},
		{"tab beats commas in numbers", "a\tb\n1,234\t5\n6\t7\n", true, '\t', '\t'},
		{"pipe", "a|b\n1|2\n", true, ',', '|'},
		{"quoted delimiters ignored", "a;\"x,y,z\"\nb;\"p,q,r\"\n", true, ',', ';'},
		{"title row without delimiters", "人口统计表\na,b\n1,2\n", true, '\t', ','},
		{"none gives fallback", "only\none\ncolumn\n", true, '\t', '\t'},
		{"empty gives fallback", "", true, ',', ','},
		{"tie goes to fallback", "a,b;c\n", true, ';', ';'},
		{"partial last record ignored", "a;b\n1;2\n3,4,5,6,7", false, ',', ';'},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := detectDelimiter([]byte(tt.text), tt.complete, tt.fallback); got != tt.want {
				t.Errorf("detectDelimiter(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestCloseTwice(t *testing.T) {
	for _, file := range []string{"utf8.csv", "two-sheets.xlsx"} {
		t.Run(file, func(t *testing.T) {
			r, err := Open(filepath.Join("testdata", file), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := r.Close(); err != nil {
				t.Fatalf("first Close: %v", err)
			}
			if err := r.Close(); err != nil {
				t.Errorf("second Close: %v", err)
			}
			if _, err := r.Next(); err == nil || errors.Is(err, io.EOF) {
				t.Errorf("Next after Close: got %v, want an error", err)
			}
		})
	}
}

package decode

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/decode/decodetest"
)

// saveWorkbook writes the workbook build makes to path, with opts (a
// password, say).
func saveWorkbook(t *testing.T, path string, build func() (*excelize.File, error), opts ...excelize.Options) {
	t.Helper()
	f, err := build()
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := f.SaveAs(path, opts...); err != nil {
		t.Fatal(err)
	}
}

// writeZip writes a zip archive of the given entries, in name order.
func writeZip(t *testing.T, path string, entries map[string]string) {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range sortedKeys(entries) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, entries[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// replacePart rewrites one part of the workbook at path.
func replacePart(t *testing.T, path, part string, edit func([]byte) []byte) {
	t.Helper()
	if err := decodetest.ReplacePart(path, part, edit); err != nil {
		t.Fatal(err)
	}
}

// compound writes an OLE compound file holding the given streams.
func compound(t *testing.T, path string, streams map[string][]byte) {
	t.Helper()
	b, err := decodetest.CompoundFile(streams)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wantUnreadable checks that err is an *UnreadableError for problem that
// wraps ErrUnreadable and whose message starts with path and holds every
// one of contains.
func wantUnreadable(t *testing.T, err error, path string, problem Problem, contains ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %q", problem)
	}
	var ue *UnreadableError
	if !errors.Is(err, ErrUnreadable) || !errors.As(err, &ue) {
		t.Fatalf("got %v (%T), want an *UnreadableError wrapping ErrUnreadable", err, err)
	}
	if ue.Problem != problem {
		t.Errorf("got problem %q, want %q: %v", ue.Problem, problem, err)
	}
	if !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("got %q, want it to start with %q", err, path+": ")
	}
	for _, s := range contains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("got %q, want it to mention %q", err, s)
		}
	}
}

func TestOpenUnreadableWorkbook(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.xlsx")
	saveWorkbook(t, good, twoSheetsWorkbook)
	goodBytes, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	random := make([]byte, 1024)
	for i := range random {
		random[i] = byte(i * 7) // 0x00, 0x07, …: neither a zip nor text
	}
	tests := []struct {
		name    string
		make    func(path string)
		problem Problem
		says    []string
	}{
		{"random bytes", func(p string) { os.WriteFile(p, random, 0o644) },
			ProblemNotWorkbook, []string{"not an Excel workbook", "save it as Excel Workbook (.xlsx)"}},
		{"web page", func(p string) {
			os.WriteFile(p, []byte("\n<!DOCTYPE html>\n<html><body><table><tr><td>街道</td></tr></table></body></html>\n"), 0o644)
		}, ProblemNotWorkbook, []string{"not an Excel workbook", "HTML"}},
		{"csv text", func(p string) { os.WriteFile(p, []byte("街道,常住人口\n东城,100\n"), 0o644) },
			ProblemNotWorkbook, []string{"not an Excel workbook", "plain text"}},
		{"empty", func(p string) { os.WriteFile(p, nil, 0o644) },
			ProblemEmpty, []string{"empty (0 bytes)", "send the workbook again"}},
		{"encrypted", func(p string) { saveWorkbook(t, p, twoSheetsWorkbook, excelize.Options{Password: "secret"}) },
			ProblemEncrypted, []string{"encrypted (password-protected) workbook", "remove the password"}},
		// The BIFF8 BOF record (type 0x0809, 16 bytes, version 0x0600,
		// workbook globals 0x0005) is what a Workbook stream starts with;
		// only the stream's name is looked at.
		{"xls renamed", func(p string) {
			compound(t, p, map[string][]byte{"Workbook": {0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00}, "\x05SummaryInformation": nil})
		}, ProblemOldExcel, []string{"Excel 97-2003 workbook (.xls)", "save it as Excel Workbook (.xlsx)"}},
		{"excel 5 renamed", func(p string) { compound(t, p, map[string][]byte{"Book": nil}) },
			ProblemOldExcel, []string{"Excel 97-2003"}},
		{"compound file of neither kind", func(p string) { compound(t, p, map[string][]byte{"WordDocument": nil}) },
			ProblemEncryptedOrOldExcel, []string{"encrypted (password-protected), or an old Excel 97-2003 .xls",
				"remove the password, or save it as Excel Workbook (.xlsx), and send it again"}},
		{"compound signature only", func(p string) {
			os.WriteFile(p, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), 0o644)
		}, ProblemEncryptedOrOldExcel, []string{"or an old Excel 97-2003 .xls"}},
		{"cut in half", func(p string) { os.WriteFile(p, goodBytes[:len(goodBytes)/2], 0o644) },
			ProblemTruncated, []string{"cut short", "send the file again"}},
		{"cut after 100 bytes", func(p string) { os.WriteFile(p, goodBytes[:100], 0o644) },
			ProblemTruncated, []string{"cut short"}},
		{"zip of a csv", func(p string) { writeZip(t, p, map[string]string{"data.csv": "a,b\n"}) },
			ProblemNoWorkbook, []string{"zip archive but not an Excel workbook", "as .csv"}},
		{"word document", func(p string) {
			writeZip(t, p, map[string]string{
				"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
					`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
				"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
			})
		}, ProblemNoWorkbook, []string{"its main part word/document.xml is a document"}},
		{"broken workbook part", func(p string) {
			os.WriteFile(p, goodBytes, 0o644)
			replacePart(t, p, "xl/workbook.xml", func(b []byte) []byte { return b[:len(b)/2] })
		}, ProblemDamaged, []string{"a damaged workbook", "xl/workbook.xml", "save it again as .xlsx"}},
		{"broken shared strings", func(p string) {
			os.WriteFile(p, goodBytes, 0o644)
			replacePart(t, p, "xl/sharedStrings.xml", func(b []byte) []byte { return bytes.Replace(b, []byte("</si>"), []byte("</t>"), 1) })
		}, ProblemDamaged, []string{"shared strings"}},
		{"broken styles", func(p string) {
			os.WriteFile(p, goodBytes, 0o644)
			replacePart(t, p, "xl/styles.xml", func(b []byte) []byte { return []byte(`<styleSheet><numFmts count="1"><numFmt`) })
		}, ProblemDamaged, []string{"a damaged workbook"}},
		{"corrupt compressed sheet", func(p string) {
			os.WriteFile(p, corruptEntry(t, goodBytes, "xl/worksheets/sheet2.xml"), 0o644)
		}, ProblemDamaged, []string{"a damaged workbook"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.name+".xlsx")
			tt.make(path)
			r, err := Open(path, Options{})
			if err == nil {
				r.Close()
			}
			wantUnreadable(t, err, path, tt.problem, tt.says...)
		})
	}
}

// corruptEntry returns a copy of the zip archive b with the middle byte of
// the compressed data of entry name inverted.
func corruptEntry(t *testing.T, b []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name != name {
			continue
		}
		off, err := zf.DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		c := bytes.Clone(b)
		c[off+int64(zf.CompressedSize64/2)] ^= 0xFF
		return c
	}
	t.Fatalf("no entry %s", name)
	return nil
}

// TestUnreadablePaths checks Open and Stat on paths that are not export
// files, for text and workbooks alike.
func TestUnreadablePaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"folder.csv", "folder.xlsx"} {
		if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"loop.csv", "loop.xlsx"} {
		if err := os.Symlink(name, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(os.DevNull, filepath.Join(dir, "null.csv")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		problem Problem
		says    []string
	}{
		{"folder.csv", ProblemFolder, []string{"a folder, not a file", "2020/*.csv"}},
		{"folder.xlsx", ProblemFolder, []string{"a folder, not a file"}},
		{"loop.csv", ProblemSymlinkLoop, []string{"loops back on itself", "too many levels of symbolic links"}},
		{"loop.xlsx", ProblemSymlinkLoop, []string{"loops back on itself"}},
		{"null.csv", ProblemNotRegular, []string{"not a regular file"}},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		t.Run("Open "+tt.name, func(t *testing.T) {
			r, err := Open(path, Options{})
			if err == nil {
				r.Close()
			}
			wantUnreadable(t, err, path, tt.problem, tt.says...)
		})
		t.Run("Stat "+tt.name, func(t *testing.T) {
			_, err := Stat(path)
			wantUnreadable(t, err, path, tt.problem, tt.says...)
		})
	}
	t.Run("loop is ELOOP", func(t *testing.T) {
		if _, err := Stat(filepath.Join(dir, "loop.csv")); !errors.Is(err, syscall.ELOOP) {
			t.Errorf("got %v, want it to wrap ELOOP", err)
		}
	})
}

func TestUnreadablePermission(t *testing.T) {
	// Whatever the user, an EACCES from the system is a permission problem.
	perm := &fs.PathError{Op: "open", Path: "census.csv", Err: syscall.EACCES}
	err := pathProblem("census.csv", perm)
	wantUnreadable(t, err, "census.csv", ProblemPermission, "cannot be opened for reading (permission denied)", "read access")
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("got %v, want it to wrap fs.ErrPermission", err)
	}
	// A file the system refuses to open; root may open anything.
	if os.Geteuid() == 0 {
		t.Log("running as root, which may open any file: only the classification above is checked")
		return
	}
	for _, name := range []string{"locked.csv", "locked.xlsx"} {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, []byte("a,b\n"), 0o000); err != nil {
			t.Fatal(err)
		}
		_, err := Stat(path)
		wantUnreadable(t, err, path, ProblemPermission, "permission denied")
		r, err := Open(path, Options{})
		if err == nil {
			r.Close()
		}
		wantUnreadable(t, err, path, ProblemPermission, "permission denied")
	}
}

func TestStat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "census.csv")
	// 街道,人口\n is 6 + 1 + 6 + 1 bytes in UTF-8 (3 per Chinese character).
	if err := os.WriteFile(path, []byte("街道,人口\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if size, err := Stat(path); err != nil || size != 14 {
		t.Errorf("Stat(%q) = %d, %v, want 14, nil", path, size, err)
	}
	// A link to the file is the file.
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("census.csv", link); err != nil {
		t.Fatal(err)
	}
	if size, err := Stat(link); err != nil || size != 14 {
		t.Errorf("Stat(%q) = %d, %v, want 14, nil", link, size, err)
	}
	missing := filepath.Join(dir, "missing.xlsx")
	if _, err := Stat(missing); !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrUnreadable) || !strings.Contains(err.Error(), missing) {
		t.Errorf("Stat(%q) = %v, want an error wrapping fs.ErrNotExist that names the path", missing, err)
	}
}

// sheetXML is a worksheet part with inline strings, for rewriting sheets:
// rows holds the <row> elements; tail goes after </sheetData>.
func sheetXML(rows, tail string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
		rows + `</sheetData>` + tail + `</worksheet>`)
}

// str and num are the cells of sheetXML rows.
func str(ref, s string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + s + `</t></is></c>`
}
func num(ref, v string) string { return `<c r="` + ref + `"><v>` + v + `</v></c>` }

// TestBrokenSheetXML rewrites the second sheet (二月) of two-sheets.xlsx
// and checks where reading stops: the rows before the break are returned,
// then a *LineError naming the sheet and the row where the XML breaks.
func TestBrokenSheetXML(t *testing.T) {
	row1 := `<row r="1">` + str("A1", "街道") + str("B1", "人口") + `</row>`
	row2 := `<row r="2">` + str("A2", "东城") + num("B2", "110") + `</row>`
	row3 := `<row r="3">` + str("A3", "西城") + num("B3", "90") + `</row>`
	january := []Record{row("一月", 1, "街道", "人口"), row("一月", 2, "东城", "100")}
	tests := []struct {
		name    string
		part    []byte
		want    []Record // after the first sheet
		errLine int      // 0: no error
		says    string
	}{
		{"well formed", sheetXML(row1+row2+row3, ""),
			[]Record{row("二月", 1, "街道", "人口"), row("二月", 2, "东城", "110"), row("二月", 3, "西城", "90")}, 0, ""},
		{"mismatched tag in row 3", sheetXML(row1+row2+strings.Replace(row3, "90</v></c>", "90</c>", 1), ""),
			[]Record{row("二月", 1, "街道", "人口"), row("二月", 2, "东城", "110")}, 3, "</c> closes <v>"},
		{"part cut inside row 2", cutAfter(sheetXML(row1+row2+row3, ""), "<t>东"),
			[]Record{row("二月", 1, "街道", "人口")}, 2, "unexpected end of the part inside <t>"},
		{"stray end tag between rows 2 and 3", sheetXML(row1+row2+`</col>`+row3, ""),
			[]Record{row("二月", 1, "街道", "人口"), row("二月", 2, "东城", "110")}, 3, "</col> closes <sheetData>"},
		{"broken after the rows", sheetXML(row1+row2+row3, `<pageMargins left="0.7">`),
			[]Record{row("二月", 1, "街道", "人口"), row("二月", 2, "东城", "110"), row("二月", 3, "西城", "90")}, 4,
			"</worksheet> closes <pageMargins>"},
		{"broken before the first row", bytes.Replace(sheetXML(row1+row2+row3, ""), []byte("<sheetData>"),
			[]byte(`<sheetViews><sheetView workbookViewId="0"></sheetViews><sheetData>`), 1),
			nil, 1, "</sheetViews> closes <sheetView>"},
		{"invalid character", sheetXML(row1+strings.Replace(row2, "东城", "东\x01城", 1)+row3, ""),
			[]Record{row("二月", 1, "街道", "人口")}, 2, "illegal character code U+0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "two-sheets.xlsx")
			saveWorkbook(t, path, twoSheetsWorkbook)
			replacePart(t, path, "xl/worksheets/sheet2.xml", func([]byte) []byte { return tt.part })
			for _, opts := range []Options{{}, {Sheet: "二月"}} {
				r, err := Open(path, opts)
				if err != nil {
					t.Fatalf("Open: %v", err)
				}
				defer r.Close()
				var got []Record
				for {
					var next Record
					if next, err = r.Next(); err != nil {
						break
					}
					got = append(got, next)
				}
				want := tt.want
				if opts.Sheet == "" {
					want = append(append([]Record{}, january...), want...)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%+v: records differ\n got %+v\nwant %+v", opts, got, want)
				}
				if tt.errLine == 0 {
					if !errors.Is(err, io.EOF) {
						t.Errorf("%+v: got %v, want io.EOF", opts, err)
					}
					continue
				}
				var le *LineError
				var ue *UnreadableError
				if !errors.As(err, &le) || !errors.As(err, &ue) || !errors.Is(err, ErrUnreadable) {
					t.Fatalf("%+v: got %v, want a *LineError wrapping an *UnreadableError", opts, err)
				}
				if le.Path != path || le.Sheet != "二月" || le.Line != tt.errLine || ue.Problem != ProblemBrokenSheet {
					t.Errorf("%+v: got %s sheet %q row %d problem %q, want %s sheet 二月 row %d problem %q",
						opts, le.Path, le.Sheet, le.Line, ue.Problem, path, tt.errLine, ProblemBrokenSheet)
				}
				prefix := path + ` sheet "二月" row ` + strconv.Itoa(tt.errLine) + ": the sheet is damaged: its XML is broken ("
				if msg := err.Error(); !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tt.says) || !strings.HasSuffix(msg, "send it again") {
					t.Errorf("%+v: got %q, want %q… mentioning %q", opts, msg, prefix, tt.says)
				}
				if _, again := r.Next(); again != err {
					t.Errorf("%+v: Next after the error: got %v, want the same error", opts, again)
				}
			}
		})
	}
}

// cutAfter returns b up to the end of the first s in it.
func cutAfter(b []byte, s string) []byte {
	return b[:bytes.Index(b, []byte(s))+len(s)]
}

// TestMergedRangesStreamed reads merged ranges from a hand-written sheet
// whose <mergeCells> lists them out of row order: a title over four
// columns, a two-row header (街道 and 户数 down two rows, 人口（人） over
// 户籍 and 常住), a street down two data rows, a horizontal merge in a data
// row and a block of two rows by four columns at the bottom. A second
// sheet, written with a namespace prefix, has a merge of its own and must
// not see the first sheet's; a hidden sheet's merges are read when it is
// asked for.
func TestMergedRangesStreamed(t *testing.T) {
	people := sheetXML(
		`<row r="1">`+str("A1", "东城区人口统计")+`</row>`+
			`<row r="2">`+str("A2", "街道")+str("B2", "人口（人）")+str("D2", "户数")+`</row>`+
			`<row r="3">`+str("B3", "户籍")+str("C3", "常住")+`</row>`+
			`<row r="4">`+str("A4", "东城街道")+num("B4", "100")+num("C4", "150")+num("D4", "40")+`</row>`+
			`<row r="5">`+num("B5", "200")+num("C5", "210")+num("D5", "70")+`</row>`+
			`<row r="6">`+str("A6", "西城街道")+num("B6", "300")+str("C6", "暂缺")+`</row>`+
			`<row r="8">`+str("A8", "备注")+`</row>`+
			`<row r="9"><c r="A9"/></row>`,
		`<mergeCells count="7"><mergeCell ref="A8:D9"/><mergeCell ref="C6:D6"/><mergeCell ref="A4:A5"/>`+
			`<mergeCell ref="D2:D3"/><mergeCell ref="B2:C2"/><mergeCell ref="A2:A3"/><mergeCell ref="A1:D1"/></mergeCells>`)
	annex := []byte(`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` +
		`<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row>` +
		`<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>y</x:t></x:is></x:c></x:row>` +
		`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A2:B2"/></x:mergeCells></x:worksheet>`)
	draft := sheetXML(`<row r="1">`+str("A1", "草稿数据")+`</row><row r="2"/>`, `<mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells>`)

	path := filepath.Join(t.TempDir(), "merged.xlsx")
	saveWorkbook(t, path, func() (*excelize.File, error) {
		f := excelize.NewFile()
		if err := f.SetSheetName("Sheet1", "人口"); err != nil {
			return nil, err
		}
		for _, s := range []string{"附表", "草稿"} {
			if _, err := f.NewSheet(s); err != nil {
				return nil, err
			}
		}
		return f, f.SetSheetVisible("草稿", false)
	})
	replacePart(t, path, "xl/worksheets/sheet1.xml", func([]byte) []byte { return people })
	replacePart(t, path, "xl/worksheets/sheet2.xml", func([]byte) []byte { return annex })
	replacePart(t, path, "xl/worksheets/sheet3.xml", func([]byte) []byte { return draft })

	const title = "东城区人口统计"
	tests := []struct {
		opts Options
		want []Record
	}{
		{Options{}, []Record{
			row("人口", 1, title, title, title, title),
			row("人口", 2, "街道", "人口（人）", "人口（人）", "户数"),
			row("人口", 3, "街道", "户籍", "常住", "户数"),
			row("人口", 4, "东城街道", "100", "150", "40"),
			row("人口", 5, "东城街道", "200", "210", "70"),
			row("人口", 6, "西城街道", "300", "暂缺", "暂缺"),
			row("人口", 7), // no <row r="7">: excelize yields it empty
			row("人口", 8, "备注", "备注", "备注", "备注"),
			row("人口", 9, "备注", "备注", "备注", "备注"),
			row("附表", 1, "x"),
			row("附表", 2, "y", "y"),
		}},
		{Options{Sheet: "草稿"}, []Record{
			row("草稿", 1, "草稿数据", "草稿数据"),
			row("草稿", 2, "草稿数据", "草稿数据"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.opts.Sheet, func(t *testing.T) {
			_, got := readAll(t, path, tt.opts)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("records differ\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCompoundFile checks the test's own compound files against the
// reader excelize uses: the streams are where their names say.
func TestCompoundFile(t *testing.T) {
	b, err := decodetest.CompoundFile(map[string][]byte{"Workbook": []byte("BIFF"), "Book": nil})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.xls")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Book sorts before Workbook; 3 sectors of header, FAT and directory,
	// then 8 of 512 bytes for each 4,096-byte stream.
	if len(b) != 512*(3+8+8) {
		t.Errorf("got %d bytes, want %d", len(b), 512*(3+8+8))
	}
	err = compoundProblem(path, f)
	var ue *UnreadableError
	if !errors.As(err, &ue) || ue.Problem != ProblemOldExcel {
		t.Errorf("got %v, want ProblemOldExcel", err)
	}
}

// TestLargeSharedStrings reads a workbook whose shared-string table is
// larger than xmlInMemory, so that excelize reads it through a temporary
// file, where it stops quietly at broken XML: the table is checked when
// the workbook is opened.
func TestLargeSharedStrings(t *testing.T) {
	const n = 60000 // "社区第00001号" is 17 bytes, 33 with <si><t>…</t></si>: about 2 MB
	name := func(i int) string { return fmt.Sprintf("社区第%05d号", i) }
	path := filepath.Join(t.TempDir(), "large.xlsx")
	saveWorkbook(t, path, func() (*excelize.File, error) {
		f := excelize.NewFile()
		for i := 1; i <= n; i++ {
			if err := f.SetCellStr("Sheet1", fmt.Sprintf("A%d", i), name(i)); err != nil {
				return nil, err
			}
		}
		return f, nil
	})
	if size := partSize(t, path, "xl/sharedStrings.xml"); size <= xmlInMemory {
		t.Fatalf("shared strings of %d bytes: want more than %d", size, xmlInMemory)
	}

	_, got := readAll(t, path, Options{})
	if len(got) != n {
		t.Fatalf("got %d records, want %d", len(got), n)
	}
	for _, i := range []int{1, 30000, n} {
		if want := row("Sheet1", i, name(i)); !reflect.DeepEqual(got[i-1], want) {
			t.Errorf("got %+v, want %+v", got[i-1], want)
		}
	}

	// Cut in the middle, the table would give its first 30,000 or so
	// strings and empty cells after them.
	replacePart(t, path, "xl/sharedStrings.xml", func(b []byte) []byte { return b[:len(b)/2] })
	r, err := Open(path, Options{})
	if err == nil {
		r.Close()
	}
	wantUnreadable(t, err, path, ProblemDamaged, "shared strings xl/sharedStrings.xml", "unexpected EOF")
}

// partSize returns the uncompressed size of a part of the zip archive at
// path.
func partSize(t *testing.T, path, part string) int {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	for _, zf := range zr.File {
		if zf.Name == part {
			return int(zf.UncompressedSize64)
		}
	}
	t.Fatalf("%s has no %s", path, part)
	return 0
}

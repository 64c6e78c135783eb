package samplegen

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The synthetic-data mark as the ingest looks for it, written out here
// rather than taken from the generator: in UTF-8, and in GBK byte by byte
// from the GB2312 table (【 A1BE, 模 C4A3, 拟 C4E2, 数 CAFD, 据 BEDD,
// 】 A1BF; the ASCII part as is).
var (
	markUTF8 = []byte("【模拟数据 SYNTHETIC】")
	markGBK  = []byte{0xA1, 0xBE, 0xC4, 0xA3, 0xC4, 0xE2, 0xCA, 0xFD, 0xBE, 0xDD,
		' ', 'S', 'Y', 'N', 'T', 'H', 'E', 'T', 'I', 'C', 0xA1, 0xBF}
)

// TestSyntheticMark checks that every export Generate writes, in every
// format — CSV in UTF-8 (with and without a BOM, LF and CRLF), CSV in
// GBK, the workbook, the person-level file in UTF-8 and in GBK — opens
// with the synthetic-data mark on a line (row) of its own, above the
// header, and that the workbook also says so in its document properties.
func TestSyntheticMark(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, enc := range []string{"utf-8", "gbk"} {
		out := filepath.Join(dir, enc)
		s, err := Generate(context.Background(), Options{Out: out, Seed: 2, Persons: 30, PersonsEncoding: enc})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range s.Files {
			files = append(files, path.Join(enc, f.Path))
		}
	}
	// The GBK files: Tianning's census, the social-organisation register of
	// 2015, and the person file asked for in GBK.
	gbk := map[string]bool{"utf-8/2015/人口_天宁区.csv": true, "utf-8/2020/人口_天宁区.csv": true,
		"gbk/2015/人口_天宁区.csv": true, "gbk/2020/人口_天宁区.csv": true, "gbk/persons/人口个案.csv": true,
		"utf-8/2015/社区社会组织.csv": true, "gbk/2015/社区社会组织.csv": true}
	// 2 periods × (10 CSV files, the facility ledger, the volunteers CSV
	// and the affairs list), the social-organisation register (a CSV in
	// 2015, a workbook in 2020) and the person file, twice.
	seen := map[string]int{}
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f))
		switch path.Ext(f) {
		case ".csv":
			seen["csv"]++
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			data = bytes.TrimPrefix(data, []byte("\ufeff"))
			want := markUTF8
			if gbk[f] {
				want = markGBK
			}
			first, rest, _ := bytes.Cut(data, []byte("\n"))
			if !bytes.HasPrefix(first, want) {
				t.Errorf("%s: line 1 is %q, want it to start with the mark % X", f, first, want)
			}
			// The mark is one field alone on its line: no comma, no quote.
			if bytes.ContainsAny(first, `,"`) {
				t.Errorf("%s: line 1 %q is not a single unquoted field", f, first)
			}
			if bytes.Contains(rest, want) {
				t.Errorf("%s: the mark appears again below line 1", f)
			}
		case ".xlsx":
			seen["xlsx"]++
			wb, err := excelize.OpenFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, sh := range wb.GetSheetList() {
				a1, err := wb.GetCellValue(sh, "A1")
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(a1, string(markUTF8)) {
					t.Errorf("%s sheet %s: A1 is %q, want the mark", f, sh, a1)
				}
				if b1, _ := wb.GetCellValue(sh, "B1"); b1 != "" {
					t.Errorf("%s sheet %s: B1 is %q, want the mark alone on its row", f, sh, b1)
				}
			}
			props, err := wb.GetDocProps()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(props.Keywords, "synthetic") || !strings.HasPrefix(props.Description, string(markUTF8)) {
				t.Errorf("%s: document keywords %q, description %q; want them to say synthetic", f, props.Keywords, props.Description)
			}
			wb.Close()
		}
	}
	if want := map[string]int{"csv": 2 * (2*11 + 1 + 1), "xlsx": 2 * (2*2 + 1)}; seen["csv"] != want["csv"] || seen["xlsx"] != want["xlsx"] {
		t.Errorf("checked %v files, want %v", seen, want)
	}
}

package main

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"shequ/pipelines/decode/decodetest"
)

// censusWorkbook writes a census workbook: a title row merged over the
// three columns, the header, then one row per community.
func censusWorkbook(t *testing.T, path string, rows [][]any, opts ...excelize.Options) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	const s = "人口"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		t.Fatal(err)
	}
	all := append([][]any{{"招商街道2020年人口统计"}, {"社区代码", "常住人口", "户数"}}, rows...)
	for i, r := range all {
		if err := f.SetSheetRow(s, fmt.Sprintf("A%d", i+1), &r); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.MergeCell(s, "A1", "C1"); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path, opts...); err != nil {
		t.Fatal(err)
	}
}

// TestUnreadableInputs runs a batch whose census files mix two good ones
// (a CSV and a workbook) with one of every kind of file that cannot be
// read. Each bad file is reported as failed with its message; the good
// files are ingested, built and published; the run exits 3; a second run
// changes nothing and says the same.
func TestUnreadableInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("reg.csv", []byte("社区代码,社区名称\n440305006002,水湾\n440305006003,五湾\n440305006004,赤湾\n"))
	write("c.csv", []byte("社区代码,常住人口,户数\n440305006002,100,40\n"))
	censusWorkbook(t, filepath.Join(dir, "c.xlsx"), [][]any{{"440305006003", 200, 80}})

	// One file of each kind that cannot be read.
	write("random.xlsx", []byte("\x00\x07\x0e\x15\x1c\x23\x2a\x31\x38\x3f\x46\x4d\x54\x5b\x62\x69\x70\x77\x7e\x85"))
	write("page.xlsx", []byte("<!DOCTYPE html>\n<html><body><table><tr><td>社区代码</td></tr></table></body></html>\n"))
	censusWorkbook(t, filepath.Join(dir, "encrypted.xlsx"), [][]any{{"440305006004", 300, 90}}, excelize.Options{Password: "secret"})
	old, err := decodetest.CompoundFile(map[string][]byte{"Workbook": {0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00}})
	if err != nil {
		t.Fatal(err)
	}
	write("old.xlsx", old)
	censusWorkbook(t, filepath.Join(dir, "full.xlsx"), [][]any{{"440305006004", 300, 90}})
	full, err := os.ReadFile(filepath.Join(dir, "full.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	write("truncated.xlsx", full[:len(full)*2/3])
	zf, err := os.Create(filepath.Join(dir, "nowb.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	w, _ := zw.Create("census.csv")
	fmt.Fprint(w, "社区代码,常住人口\n440305006004,300\n")
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zf.Close()
	// Rows 1–3 are whole (row 3 is 赤湾); the XML of row 4 is broken, so
	// row 3 must not be published either: the file fails as a whole.
	censusWorkbook(t, filepath.Join(dir, "brokenxml.xlsx"), [][]any{{"440305006004", 300, 90}})
	if err := decodetest.ReplacePart(filepath.Join(dir, "brokenxml.xlsx"), "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "</sheetData>", `<row r="4"><c r="A4"><v>1</c></row></sheetData>`, 1))
	}); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "folder.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("loop.csv", filepath.Join(dir, "loop.csv")); err != nil {
		t.Fatal(err)
	}

	// What the report says of each bad file (after its path).
	bad := map[string]string{
		"random.xlsx":    "not an Excel workbook",
		"page.xlsx":      "it holds HTML or XML text",
		"encrypted.xlsx": "an encrypted (password-protected) workbook: open it in Excel, remove the password",
		"old.xlsx":       "an old Excel 97-2003 workbook (.xls)",
		"truncated.xlsx": "an incomplete workbook: the file is cut short",
		"nowb.xlsx":      "a zip archive but not an Excel workbook: it has no workbook part",
		"brokenxml.xlsx": `sheet "人口" row 4: the sheet is damaged: its XML is broken (</c> closes <v>)`,
		"folder.csv":     "a folder, not a file",
		"loop.csv":       "a symbolic link that loops back on itself",
	}
	if os.Geteuid() != 0 { // root may open any file
		write("locked.csv", []byte("社区代码,常住人口\n440305006004,300\n"))
		if err := os.Chmod(filepath.Join(dir, "locked.csv"), 0o000); err != nil {
			t.Fatal(err)
		}
		bad["locked.csv"] = "cannot be opened for reading (permission denied)"
	}
	files := []string{"c.csv", "c.xlsx"}
	for name := range bad {
		files = append(files, name)
	}
	slices.Sort(files)
	config := "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n" +
		"  - source: census\n    period: \"2020\"\n    files: [" + strings.Join(files, ", ") + "]\nreports:\n  skip: true\n"
	write("s.yaml", []byte(config))
	wh := filepath.Join(dir, "wh")

	for run, wantGood := range []string{"ingested", "unchanged"} {
		t.Run(fmt.Sprintf("run %d", run+1), func(t *testing.T) {
			stdout, stderr, code := shequ(t, "run", "--config", filepath.Join(dir, "s.yaml"), "--json")
			if code != exitBadInput {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, exitBadInput, stdout, stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
			var rep struct {
				Files []struct{ Source, File, Status, Error string }
				Build *struct{ Database string }
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("report is not JSON: %v\n%s", err, stdout)
			}
			if rep.Build == nil {
				t.Errorf("no build in the report: the good files were not published\n%s", stdout)
			}
			got := map[string]string{}
			for _, f := range rep.Files {
				name := filepath.Base(f.File)
				got[name] = f.Status
				if want, isBad := bad[name]; isBad {
					if f.Status != "failed" || !strings.HasPrefix(f.Error, f.File+": ") && !strings.HasPrefix(f.Error, f.File+" sheet") ||
						!strings.Contains(f.Error, want) {
						t.Errorf("%s: got status %q error %q, want failed with an error naming the file and saying %q", name, f.Status, f.Error, want)
					}
				}
			}
			want := map[string]string{"reg.csv": wantGood, "c.csv": wantGood, "c.xlsx": wantGood}
			for name := range bad {
				want[name] = "failed"
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("file statuses (-want +got):\n%s", diff)
			}
			// The two good census files, and nothing of the bad ones (赤湾
			// 440305006004 is only in bad files).
			rows := query(t, wh, `SELECT community_code, resident, households, source_file FROM census ORDER BY community_code`)
			wantRows := []map[string]any{
				{"community_code": "440305006002", "resident": float64(100), "households": float64(40), "source_file": "c.csv"},
				{"community_code": "440305006003", "resident": float64(200), "households": float64(80), "source_file": "c.xlsx"},
			}
			if diff := cmp.Diff(wantRows, rows); diff != "" {
				t.Errorf("census (-want +got):\n%s", diff)
			}
			rows = query(t, wh, `SELECT file FROM ingest_files ORDER BY file`)
			if diff := cmp.Diff([]map[string]any{{"file": "c.csv"}, {"file": "c.xlsx"}, {"file": "reg.csv"}}, rows); diff != "" {
				t.Errorf("ingest_files (-want +got):\n%s", diff)
			}
		})
	}

	// shequ ingest reports every bad file given to it and exits 3.
	t.Run("ingest", func(t *testing.T) {
		args := []string{"ingest", "--warehouse", filepath.Join(dir, "wh-ingest"), "--source", "census", "--period", "2020"}
		for name := range bad {
			args = append(args, filepath.Join(dir, name))
		}
		_, stderr, code := shequ(t, args...)
		if code != exitBadInput {
			t.Errorf("exit %d, want %d\n%s", code, exitBadInput, stderr)
		}
		for name, want := range bad {
			if !strings.Contains(stderr, filepath.Join(dir, name)) || !strings.Contains(stderr, want) {
				t.Errorf("stderr does not name %s or say %q:\n%s", name, want, stderr)
			}
		}
	})
}

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// totalsCensus is a census table of Pingshan whose 合计 row is off in one
// column. Worked by hand:
//
//	line 1  title 坪山区2020年社区人口统计表 (skipped above the header; it
//	        names 坪山区, so the file covers district 440310)
//	line 2  header
//	line 3  六联 200,000 residents, 20,000 registered, 70,000 households
//	line 4  六和 180,000, 18,000, 60,000
//	line 5  坪山 158,861, 15,886, 50,000
//	line 6  合计 529,861, 53,886, 180,000 (skipped: a totals row)
//
// Residents sum to 200,000 + 180,000 + 158,861 = 538,861, not the stated
// 529,861 (a 9 typed for an 8); registered 20,000 + 18,000 + 15,886 =
// 53,886 and households 70,000 + 60,000 + 50,000 = 180,000 add up. So 3
// figures are checked and 1 does not add up; with no totals row before it,
// both the sum since the previous totals row and the sum of the sheet are
// 538,861. Lines: 6 = 1 header line + 5 rows in (3 accepted, 2 skipped) +
// 0 joined.
const totalsCensus = "坪山区2020年社区人口统计表\n" +
	"社区代码,社区名称,常住人口(人),户籍人口(人),户数(户)\n" +
	"440310001001,六联社区,200000,20000,70000\n" +
	"440310001002,六和社区,180000,18000,60000\n" +
	"440310001003,坪山社区,158861,15886,50000\n" +
	"合计,,529861,53886,180000\n"

// TestTotalsMismatch runs the batch over a census table whose 合计 row is
// off (totalsCensus) and finds the mismatch in ingest_files, in the run's
// summary and --json report, and in the workbook's 数据质量 sheet, Chinese
// and English.
func TestTotalsMismatch(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run")
	}
	dir := t.TempDir()
	files := map[string]string{
		"reg.csv": "社区代码,社区名称,区县代码,区县名称\n" +
			"440310001001,六联社区居委会,440310,坪山区\n440310001002,六和社区居委会,440310,坪山区\n440310001003,坪山社区居委会,440310,坪山区\n",
		"人口_坪山区.csv": totalsCensus,
		"s.yaml": `warehouse: wh
sources:
  - source: communities
    period: "2020"
    files: [reg.csv]
  - source: census
    period: "2020"
    files: [人口_坪山区.csv]
models:
  - id: pingshan
    name_zh: 坪山
    name_en: Pingshan
    areas: ["440310"]
reports:
  languages: [zh, en]
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(dir, "s.yaml")
	out := mustShequ(t, "run", "--config", cfg)
	wh := filepath.Join(dir, "wh")

	t.Run("ingest_files", func(t *testing.T) {
		got := cells(t, wh, `SELECT lines, header_lines, joined_lines, rows_in, accepted, skipped, area,
			starts_with(area_from, 'its title 「坪山区2020年社区人口统计表」')::VARCHAR AS from_title, totals_checked,
			json_array_length(totals_mismatches) AS mismatches, raw_parquet.rows AS raw_rows,
			(quarantine_parquet IS NULL)::VARCHAR AS no_quarantine
			FROM ingest_files WHERE source = 'census'`,
			"lines", "header_lines", "joined_lines", "rows_in", "accepted", "skipped", "area", "from_title", "totals_checked",
			"mismatches", "raw_rows", "no_quarantine")
		want := []string{"6|1|0|5|3|2|440310|true|3|1|3|true"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ingest_files (-want +got):\n%s", diff)
		}
		got = cells(t, wh, `SELECT m->>'sheet' AS sheet, m->>'line' AS line, m->>'label' AS label, m->>'column' AS col,
			m->>'header' AS header, m->>'stated' AS stated, m->>'sum_since_previous' AS since, m->>'sum_of_sheet' AS sheet_sum
			FROM (SELECT unnest(CAST(totals_mismatches AS JSON[])) AS m FROM ingest_files WHERE source = 'census')`,
			"sheet", "line", "label", "col", "header", "stated", "since", "sheet_sum")
		want = []string{"NULL|6|合计|resident|常住人口(人)|529861|538861|538861"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("totals_mismatches (-want +got):\n%s", diff)
		}
	})

	t.Run("every table and column has its comment", func(t *testing.T) {
		got := cells(t, wh, `SELECT
			(SELECT count(*) FROM duckdb_tables() WHERE coalesce(comment, '') = '') AS tables,
			(SELECT count(*) FROM duckdb_columns() c JOIN duckdb_tables() t USING (table_oid) WHERE coalesce(c.comment, '') = '') AS columns`,
			"tables", "columns")
		if diff := cmp.Diff([]string{"0|0"}, got); diff != "" {
			t.Errorf("tables|columns without a comment (-want +got):\n%s", diff)
		}
	})

	t.Run("the summary", func(t *testing.T) {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "totals do not add up: ") {
				if line != "" {
					t.Errorf("a second totals line: %q", l)
				}
				line = l
			}
		}
		want := "人口_坪山区.csv line 6 「合计」, 常住人口(人): stated 529,861; " +
			"the rows since the previous totals row sum to 538,861, the rows of the sheet to 538,861"
		if !strings.HasSuffix(line, want) {
			t.Errorf("summary line %q\nwant one ending %q\nin:\n%s", line, want, out)
		}
		if table, _, _ := strings.Cut(out, "totals do not add up"); !strings.Contains(table, "rows_in") {
			t.Errorf("the totals line does not follow the per-file table:\n%s", out)
		}
		// The same in the --json report (a second run: the files are
		// unchanged, and their manifests still say so).
		var rep struct {
			Files []struct {
				Source           string
				Area             string
				TotalsChecked    int `json:"totals_checked"`
				TotalsMismatches []struct {
					Line             int
					Label, Column    string
					Header           string
					Stated           float64
					SumSincePrevious *float64 `json:"sum_since_previous"`
					SumOfSheet       *float64 `json:"sum_of_sheet"`
				} `json:"totals_mismatches"`
			}
		}
		js := mustShequ(t, "run", "--config", cfg, "--json")
		if err := json.Unmarshal([]byte(js), &rep); err != nil {
			t.Fatalf("run --json: %v\n%s", err, js)
		}
		for _, f := range rep.Files {
			if f.Source != "census" {
				continue
			}
			if f.Area != "440310" || f.TotalsChecked != 3 || len(f.TotalsMismatches) != 1 {
				t.Fatalf("census: area %q, %d checked, mismatches %+v; want 440310, 3, one", f.Area, f.TotalsChecked, f.TotalsMismatches)
			}
			m := f.TotalsMismatches[0]
			if m.Line != 6 || m.Label != "合计" || m.Column != "resident" || m.Header != "常住人口(人)" || m.Stated != 529861 ||
				m.SumSincePrevious == nil || *m.SumSincePrevious != 538861 || m.SumOfSheet == nil || *m.SumOfSheet != 538861 {
				t.Errorf("census mismatch %+v, want line 6 合计 resident 常住人口(人) 529861 vs 538861 and 538861", m)
			}
		}
	})

	t.Run("the HTML report's data-quality section", func(t *testing.T) {
		page, err := os.ReadFile(filepath.Join(dir, "reports", "2020", "report_2020.html"))
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{
			`<table id="totals-mismatches">`,
			`<tr><td>人口</td><td>人口_坪山区.csv</td><td></td><td class="num">6</td><td>合计</td><td>常住人口(人)</td>` +
				`<td class="num">529,861</td><td class="num">538,861</td><td class="num">538,861</td></tr>`,
			`<td class="num">2</td><td>440310 坪山区</td>`, // the census file's row: 2 skipped, then the area
		} {
			if !strings.Contains(string(page), want) {
				t.Errorf("the HTML report lacks %s", want)
			}
		}
	})

	t.Run("the workbook's data-quality sheet", func(t *testing.T) {
		for _, tc := range []struct {
			file, sheet string
			block       string
			want        [][]string
		}{
			{
				file: "指标汇总_2020.xlsx", sheet: "数据质量", block: "合计行核对",
				want: [][]string{
					{"合计、小计行中有3个数字与其合计的行核对过，下列1个既不等于上一合计行以来各行之和，也不等于本表各行之和（允许填报数末位的半个单位）；合计行本身不入库。"},
					{"来源", "文件", "工作表", "行号", "合计行", "列", "填报数", "上一合计行以来各行之和", "本表各行之和"},
					{"人口", "人口_坪山区.csv", "", "6", "合计", "常住人口(人)", "529861", "538861", "538861"},
				},
			},
			{
				file: "indicators_2020.xlsx", sheet: "Data quality", block: "Totals rows against the rows they total",
				want: [][]string{
					{"3 figures of totals rows (合计, 小计) were checked against the rows they total; the 1 below equal neither the sum of the rows since the previous totals row nor that of all the sheet's rows (within half a unit of the last digit written). Totals rows themselves are not stored."},
					{"Source", "File", "Sheet", "Line", "Totals row", "Column", "Stated", "Sum since the previous totals row", "Sum of the sheet's rows"},
					{"census", "人口_坪山区.csv", "", "6", "合计", "常住人口(人) (resident)", "529861", "538861", "538861"},
				},
			},
		} {
			t.Run(tc.file, func(t *testing.T) {
				f, err := excelize.OpenFile(filepath.Join(dir, "reports", "2020", tc.file))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				rows, err := f.GetRows(tc.sheet, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				at := -1
				for i, r := range rows {
					if len(r) > 0 && r[0] == tc.block {
						at = i
					}
				}
				if at < 0 || len(rows) < at+1+len(tc.want) {
					t.Fatalf("%s: no block %q with %d rows in %q", tc.sheet, tc.block, len(tc.want), rows)
				}
				if diff := cmp.Diff(tc.want, rows[at+1:at+1+len(tc.want)]); diff != "" {
					t.Errorf("block (-want +got):\n%s", diff)
				}
				// The per-file table: the census file's area, by code and
				// the district's name in the register.
				head := rows[1]
				col := -1
				for i, h := range head {
					if h == map[string]string{"数据质量": "核对区域", "Data quality": "Area checked"}[tc.sheet] {
						col = i
					}
				}
				found := false
				for _, r := range rows[2:] {
					if len(r) == 0 {
						break // the end of the per-file table
					}
					if len(r) > col && col >= 0 && len(r) > 1 && r[1] == "人口_坪山区.csv" {
						found = true
						if r[col] != "440310 坪山区" {
							t.Errorf("area checked %q, want 440310 坪山区", r[col])
						}
					}
				}
				if !found {
					t.Errorf("no row of 人口_坪山区.csv with an area column in %q", rows)
				}
			})
		}
	})
}

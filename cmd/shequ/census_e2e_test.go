package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"shequ/pipelines/values"
)

// testID returns a valid 18-character identity number: a Futian
// (440304) birth code, the birth date 19900101, sequence n, and its
// check character.
func testID(t *testing.T, n int) string {
	t.Helper()
	s17 := "44030419900101" + strconv.Itoa(100+n)
	c, ok := values.IDCheckChar(s17)
	if !ok {
		t.Fatalf("no check character for %s", s17)
	}
	return s17 + string(c)
}

// cells writes the rows of a query as "a|b|c" lines, NULL as "NULL" and
// numbers as written in the JSON.
func cells(t *testing.T, wh, sql string, cols ...string) []string {
	t.Helper()
	var out []string
	for _, r := range query(t, wh, sql) {
		var parts []string
		for _, c := range cols {
			switch v := r[c].(type) {
			case nil:
				parts = append(parts, "NULL")
			case float64:
				parts = append(parts, strconv.FormatFloat(v, 'f', -1, 64))
			case string:
				parts = append(parts, v)
			default:
				t.Fatalf("column %s: %v (%T)", c, v, v)
			}
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

// TestCensusCombined runs census tables and person-level extracts of one
// period together. Every expected row is worked out by hand from the files
// below (ages in full years on 2020-12-31; communities A 440305006002 水湾,
// B …003 五湾, C …004 赤湾, D …005 沿山; persons are numbered as in
// testID, the first data row of a file is line 2).
//
// "table and persons overlap": the table covers A and B; the persons file
// has persons 1–3 in B and 4–6 in C. B keeps its table row; C (no table)
// is counted from persons 4 (born 2010-06-01: 10, 0–14, 户籍, h3), 5 (born
// 1960-12-31: exactly 60, 60+, 非户籍, h4) and 6 (born 1961-01-01: 59,
// 15–59, 户籍, h4): 3 residents, 2 registered, 1 not, 2 households, one
// in each age band. B's persons (1 户籍 h1, 2 非户籍 h1, 3 户籍 h2) give
// 3, 2, 1 and 2 households against the table's 5, 3, 2 and 3: differences
// −2 (−40%), −1 (−1/3), −1 (−50%), −1 (−1/3). The table has no age bands,
// so they are not compared.
//
// "two person files, one person in both": person 1 is in p1 (line 2) and p2
// (line 3): both rows go to quarantine, so B is person 2 alone (非户籍, h2,
// born 1985-05-05: 35). C is persons 3 and 4 of p1 (h3; born 2010-06-01:
// 10, and 1950-01-01: 70) and 5 of p2 (h3 too; born 2000-02-29: 20): 3
// residents, 2 registered, and 1 household, as h3 is one household across
// the files (counting per file would give 2). D is person 6 of p2 (非户籍,
// h9, born 1970-07-07: 50).
//
// "a table and two person files": as above, with a table that covers C
// (3 residents, 2 registered, 1 non-registered, 2 households): C keeps the
// table row, and its persons across both files agree on everything but
// households, 1 against 2 (−1, −50%).
func TestCensusCombined(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end runs with person-level files")
	}
	const (
		a, b, c, d  = "440305006002", "440305006003", "440305006004", "440305006005"
		personsHead = "身份证号,社区代码,出生日期,户籍类型,户编号\n"
	)
	person := func(n int, code, born, hukou, household string) string {
		return strings.Join([]string{testID(t, n), code, born, hukou, household}, ",") + "\n"
	}
	p1 := personsHead + person(1, b, "1990-01-01", "户籍", "h1") + person(2, b, "1985-05-05", "非户籍", "h2") +
		person(3, c, "2010-06-01", "户籍", "h3") + person(4, c, "1950-01-01", "户籍", "h3")
	p2 := personsHead + person(5, c, "2000-02-29", "非户籍", "h3") + person(1, b, "1990-01-01", "户籍", "h1") +
		person(6, d, "1970-07-07", "非户籍", "h9")
	twoFileQuarantine := []string{"p1.csv|2|id_number|duplicate_key", "p2.csv|3|id_number|duplicate_key"}
	for _, tc := range []struct {
		name       string
		files      map[string]string
		census     []string // the census sources of the configuration
		wantCensus []string // community|resident|registered|non_registered|households|age_0_14|age_15_59|age_60_plus|source_file|source_line
		wantRecon  []string // community|figure|census_value|persons_value|difference|relative_difference|census_file|persons_files
		wantQuar   []string // file|line|column|rule
	}{
		{
			name: "table and persons overlap",
			files: map[string]string{
				"reg.csv": "社区代码,社区名称\n" + a + ",水湾\n" + b + ",五湾\n" + c + ",赤湾\n",
				"t.csv":   "社区代码,常住人口,户籍人口,非户籍人口,户数\n" + a + ",100,60,40,40\n" + b + ",5,3,2,3\n",
				"p.csv": personsHead + person(1, b, "1990-01-01", "户籍", "h1") + person(2, b, "1990-01-01", "非户籍", "h1") +
					person(3, b, "2015-01-01", "户籍", "h2") + person(4, c, "2010-06-01", "户籍", "h3") +
					person(5, c, "1960-12-31", "非户籍", "h4") + person(6, c, "1961-01-01", "户籍", "h4"),
			},
			census: []string{"census: [t.csv]", "census_persons: [p.csv]"},
			wantCensus: []string{
				a + "|100|60|40|40|NULL|NULL|NULL|t.csv|2",
				b + "|5|3|2|3|NULL|NULL|NULL|t.csv|3",
				c + "|3|2|1|2|1|1|1|p.csv|NULL",
			},
			wantRecon: []string{
				b + "|resident|5|3|-2|-0.4|t.csv|p.csv",
				b + "|registered|3|2|-1|" + strconv.FormatFloat(-1.0/3, 'f', -1, 64) + "|t.csv|p.csv",
				b + "|non_registered|2|1|-1|-0.5|t.csv|p.csv",
				b + "|households|3|2|-1|" + strconv.FormatFloat(-1.0/3, 'f', -1, 64) + "|t.csv|p.csv",
			},
		},
		{
			name: "two person files, one person in both",
			files: map[string]string{
				"reg.csv": "社区代码,社区名称\n" + b + ",五湾\n" + c + ",赤湾\n" + d + ",沿山\n",
				"p1.csv":  p1,
				"p2.csv":  p2,
			},
			census: []string{"census_persons: [p1.csv, p2.csv]"},
			wantCensus: []string{
				b + "|1|0|1|1|0|1|0|p1.csv|NULL",
				c + "|3|2|1|1|1|1|1|p1.csv, p2.csv|NULL",
				d + "|1|0|1|1|0|1|0|p2.csv|NULL",
			},
			wantQuar: twoFileQuarantine,
		},
		{
			name: "a table and two person files",
			files: map[string]string{
				"reg.csv": "社区代码,社区名称\n" + b + ",五湾\n" + c + ",赤湾\n" + d + ",沿山\n",
				"t.csv":   "社区代码,常住人口,户籍人口,非户籍人口,户数\n" + c + ",3,2,1,2\n",
				"p1.csv":  p1,
				"p2.csv":  p2,
			},
			census: []string{"census: [t.csv]", "census_persons: [p1.csv, p2.csv]"},
			wantCensus: []string{
				b + "|1|0|1|1|0|1|0|p1.csv|NULL",
				c + "|3|2|1|2|NULL|NULL|NULL|t.csv|2",
				d + "|1|0|1|1|0|1|0|p2.csv|NULL",
			},
			wantRecon: []string{
				c + "|resident|3|3|0|0|t.csv|p1.csv, p2.csv",
				c + "|registered|2|2|0|0|t.csv|p1.csv, p2.csv",
				c + "|non_registered|1|1|0|0|t.csv|p1.csv, p2.csv",
				c + "|households|2|1|-1|-0.5|t.csv|p1.csv, p2.csv",
			},
			wantQuar: twoFileQuarantine,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			cfg := "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n"
			for _, s := range tc.census {
				src, files, _ := strings.Cut(s, ": ")
				cfg += "  - source: " + src + "\n    period: \"2020\"\n    files: " + files + "\n"
			}
			tc.files["s.yaml"] = cfg + "reports:\n  skip: true\n"
			for name, text := range tc.files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, logs, code := shequEnv(t, []string{piiKeyEnv + "=a secret of more than enough bytes for hashing"},
				"run", "--config", filepath.Join(dir, "s.yaml"))
			if code != 0 {
				t.Fatalf("run: exit %d\n%s", code, logs)
			}
			wh := filepath.Join(dir, "wh")
			got := cells(t, wh, `SELECT * FROM census ORDER BY community_code`, "community_code", "resident", "registered",
				"non_registered", "households", "age_0_14", "age_15_59", "age_60_plus", "source_file", "source_line")
			if diff := cmp.Diff(tc.wantCensus, got); diff != "" {
				t.Errorf("census (-want +got):\n%s", diff)
			}
			got = cells(t, wh, `SELECT * FROM census_reconciliation ORDER BY community_code,
				list_position(['resident', 'registered', 'non_registered', 'households'], figure)`,
				"community_code", "figure", "census_value", "persons_value", "difference", "relative_difference", "census_file", "persons_files")
			if diff := cmp.Diff(tc.wantRecon, got); diff != "" {
				t.Errorf("census_reconciliation (-want +got):\n%s", diff)
			}
			got = cells(t, wh, `SELECT * FROM quarantine ORDER BY file, line`, "file", "line", "column", "rule")
			if diff := cmp.Diff(tc.wantQuar, got); diff != "" {
				t.Errorf("quarantine (-want +got):\n%s", diff)
			}
			// Every indicator has one row per community of the register.
			rows := query(t, wh, `SELECT count(*) AS n, count(DISTINCT (indicator_id, community_code)) AS d FROM indicator_values`)
			if n, dn := rows[0]["n"], rows[0]["d"]; n != dn {
				t.Errorf("indicator_values has %v rows for %v indicator × community pairs", n, dn)
			}
		})
	}
}

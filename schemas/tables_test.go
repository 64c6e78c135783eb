package schemas

import (
	"errors"
	"flag"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// update rewrites the README's table list: go test ./schemas -run TestREADMETables -update
var update = flag.Bool("update", false, "rewrite the table list of ../README.md from the declarations")

// Every declared table and column has a lowercase name, a known type and
// comments in both languages, once.
func TestTablesDeclared(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{Varchar: true, Bigint: true, Integer: true, Double: true, Boolean: true, Date: true,
		Timestamp: true, TimestampTZ: true, JSON: true, VarcharList: true, ParquetDigest: true}
	seen := map[string]bool{}
	for _, tb := range set.Tables() {
		t.Run(tb.Name, func(t *testing.T) {
			if seen[tb.Name] {
				t.Errorf("declared twice")
			}
			seen[tb.Name] = true
			if !identifier.MatchString(tb.Name) {
				t.Errorf("name %q is not a lowercase identifier", tb.Name)
			}
			for what, s := range map[string]string{"RowZh": tb.RowZh, "RowEn": tb.RowEn, "CommentZh": tb.CommentZh, "CommentEn": tb.CommentEn} {
				if strings.TrimSpace(s) == "" || strings.Contains(s, "|") || strings.Contains(s, "\n") {
					t.Errorf("%s = %q: want one line of text without |", what, s)
				}
			}
			cols := map[string]bool{}
			for _, c := range tb.Columns {
				if cols[c.Name] {
					t.Errorf("column %s declared twice", c.Name)
				}
				cols[c.Name] = true
				if !identifier.MatchString(c.Name) {
					t.Errorf("column %q is not a lowercase identifier", c.Name)
				}
				if !known[c.Type] {
					t.Errorf("column %s: type %q is not one of the declared DuckDB types", c.Name, c.Type)
				}
				if c.CommentZh == "" || c.CommentEn == "" {
					t.Errorf("column %s: comment in Chinese or English missing", c.Name)
				}
			}
			for _, k := range tb.Key {
				if !cols[k] {
					t.Errorf("key column %s is not declared", k)
				}
			}
		})
	}
	// The tables shequ.duckdb holds after a build of the sample (SELECT
	// table_name FROM duckdb_tables()), every one of them declared.
	want := []string{"activities", "census", "census_persons", "census_reconciliation", "communities", "community_affairs",
		"community_register", "community_scopes", "equalization", "facilities", "funding", "grid", "grid_events", "indicator_catalog", "indicator_changes",
		"indicator_scope_values", "indicator_values", "ingest_files", "lorenz_points", "model_comparison", "models",
		"plan_attainment", "plan_communities", "quarantine", "resident_points", "runs", "social_orgs", "staff", "standard_plans",
		"standard_targets", "survey", "volunteers"}
	got := set.TableNames()
	if diff := cmp.Diff(want, slices.Sorted(slices.Values(got))); diff != "" {
		t.Errorf("declared tables (-want +got):\n%s", diff)
	}
}

// A source's table is the period, its declared columns with their SQL
// types, then the lineage; communities' is community_register.
func TestSourceTable(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		source, table string
		want          []string // name type, from schemas/<source>.yaml
		codeComment   string   // community_code's description_zh in the yaml
	}{
		{"census", "census", []string{"period VARCHAR", "community_code VARCHAR", "community_name VARCHAR", "resident BIGINT",
			"registered BIGINT", "non_registered BIGINT", "households BIGINT", "age_0_14 BIGINT", "age_15_59 BIGINT",
			"age_60_plus BIGINT", "source_file VARCHAR", "source_sheet VARCHAR", "source_line BIGINT"}, "12位统计用区划代码"},
		{"grid_events", "grid_events", []string{"period VARCHAR", "event_id VARCHAR", "grid_id VARCHAR", "community_code VARCHAR",
			"category VARCHAR", "reported_at TIMESTAMP", "closed_at TIMESTAMP", "status VARCHAR",
			"source_file VARCHAR", "source_sheet VARCHAR", "source_line BIGINT"}, "所属社区12位代码"},
		{"communities", "community_register", []string{"period VARCHAR", "community_code VARCHAR", "community_name VARCHAR",
			"street_code VARCHAR", "street_name VARCHAR", "district_code VARCHAR", "district_name VARCHAR",
			"urban_rural_class VARCHAR", "area_km2 DOUBLE", "lat DOUBLE", "lon DOUBLE",
			"source_file VARCHAR", "source_sheet VARCHAR", "source_line BIGINT"}, "12位统计用区划代码"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			s, err := set.Get(tc.source)
			if err != nil {
				t.Fatal(err)
			}
			tb := s.Table()
			if tb.Name != tc.table || TableName(tc.source) != tc.table {
				t.Errorf("table %q, TableName %q, want %q", tb.Name, TableName(tc.source), tc.table)
			}
			var got []string
			for _, c := range tb.Columns {
				got = append(got, c.Name+" "+c.Type)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			if c, _ := tb.Column("community_code"); c.CommentZh != tc.codeComment {
				t.Errorf("community_code comment %q, want %q", c.CommentZh, tc.codeComment)
			}
		})
	}
}

func TestDDL(t *testing.T) {
	tb := Table{Name: "t", Key: []string{"id"}, Columns: []TableColumn{
		{"id", Varchar, false, "编号", "id"},
		{"column", Bigint, true, "列", "a keyword as a name"},
		{"digest", ParquetDigest, false, "摘要", "digest"},
	}}
	want := "CREATE TABLE \"t\" (\n\t\"id\" VARCHAR,\n\t\"column\" BIGINT NOT NULL,\n\t\"digest\" STRUCT(bytes BIGINT, xxh3_128 VARCHAR, \"rows\" BIGINT),\n\tPRIMARY KEY (\"id\")\n)"
	if got := tb.DDL(); got != want {
		t.Errorf("DDL:\n%s\nwant:\n%s", got, want)
	}
}

// A column or source name that is not a lowercase identifier is refused:
// it names a warehouse column or table.
func TestLoadChecksNames(t *testing.T) {
	_, err := LoadFS(fstest.MapFS{"Bad-Source.yaml": {Data: []byte(`source: Bad-Source
name_zh: 坏
name_en: Bad
columns:
  - name: Bad Name
    type: text
    aliases: [甲]
    description_zh: 甲
    description_en: a
`)}})
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load error = %v, want *DeclarationError", err)
	}
	for _, want := range []string{`source "Bad-Source": want lowercase letters`, "column 1 (Bad Name): the name must be lowercase"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

// The README's table list is generated from the declarations, between
// the markers below; this test fails when it differs, and -update
// rewrites it.
func TestREADMETables(t *testing.T) {
	const (
		begin = "<!-- tables: generated from the declarations (schemas/tables.go, schemas/*.yaml); go test ./schemas -run TestREADMETables -update -->\n"
		end   = "<!-- end of tables -->\n"
	)
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("| table | one row per | 每行 |\n|---|---|---|\n")
	for _, tb := range set.Tables() {
		b.WriteString("| `" + tb.Name + "` | " + tb.RowEn + " | " + tb.RowZh + " |\n")
	}
	want := b.String()
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	i, j := strings.Index(text, begin), strings.Index(text, end)
	if i < 0 || j < i {
		t.Fatalf("../README.md has no block between %q and %q", strings.TrimSpace(begin), strings.TrimSpace(end))
	}
	got := text[i+len(begin) : j]
	if got == want {
		return
	}
	if *update {
		if err := os.WriteFile("../README.md", []byte(text[:i+len(begin)]+want+text[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's table list differs from the declarations (-want +got); run go test ./schemas -run TestREADMETables -update:\n%s", cmp.Diff(want, got))
}

package pipelines

import (
	"bytes"
	"context"
	"encoding/csv"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"shequ/internal/warehouse"
)

func TestReadQuarantine(t *testing.T) {
	ing := newIngesterWith(t, corpusSchemas(t))
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()

	// Nothing ingested yet: no rows, no error.
	if rows, err := ReadQuarantine(ctx, db, ing.Warehouse, QuarantineFilter{}); err != nil || len(rows) != 0 {
		t.Fatalf("empty warehouse: %v, %v", rows, err)
	}
	for _, in := range []Input{
		{Source: "census", Period: "2015", Path: filepath.Join("testdata", "corpus", "fullwidth-digits.csv")},           // 2 rows
		{Source: "census_persons", Period: "2020", Path: filepath.Join("testdata", "corpus", "bad-id-check-digit.csv")}, // 4 rows
	} {
		if _, err := ing.File(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	commit(t, ing)

	count := func(f QuarantineFilter) int {
		rows, err := ReadQuarantine(ctx, db, ing.Warehouse, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(rows)
	}
	for _, tc := range []struct {
		f    QuarantineFilter
		want int
	}{
		{QuarantineFilter{}, 6},
		{QuarantineFilter{Source: "census"}, 2},
		{QuarantineFilter{Source: "census_persons", RunID: "test-run"}, 4},
		{QuarantineFilter{RunID: "another-run"}, 0},
		{QuarantineFilter{Source: "funding"}, 0},
	} {
		if got := count(tc.f); got != tc.want {
			t.Errorf("ReadQuarantine(%+v) has %d rows, want %d", tc.f, got, tc.want)
		}
	}
}

func TestWriteQuarantineCSV(t *testing.T) {
	rows := []QuarantineRow{
		{RunID: "r1", Source: "census", Period: "2015", File: "人口.csv", Line: 5, Column: "resident", Value: "-5",
			Rule: "range", MessageZh: "「常住人口」小于最小值 0", MessageEn: "常住人口 (resident) is below the minimum 0"},
		{RunID: "r1", Source: "census", Period: "2015", File: "人口.xlsx", Sheet: "Sheet1", Line: 7, Column: "community_name",
			Value: "=HYPERLINK(\"http://x\")", Rule: "type", MessageZh: "多行\n说明", MessageEn: "two, lines"},
	}
	var b bytes.Buffer
	if err := WriteQuarantineCSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\uFEFF文件,工作表,行号,列,原始值,规则,问题说明,Problem (English),来源,统计期,运行编号\r\n") {
		t.Errorf("CSV does not start with a BOM and the Chinese header:\n%q", out)
	}
	got, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		QuarantineCSVHeader,
		{"人口.csv", "", "5", "resident", "-5", "range", "「常住人口」小于最小值 0", "常住人口 (resident) is below the minimum 0", "census", "2015", "r1"},
		{"人口.xlsx", "Sheet1", "7", "community_name", "'=HYPERLINK(\"http://x\")", "type", "多行\n说明", "two, lines", "census", "2015", "r1"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}

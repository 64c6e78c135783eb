package indicators

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

var sources = []string{"communities", "census", "facilities", "staff", "grid", "funding", "activities",
	"grid_events", "survey", "resident_points"}

func TestLoadEmbedded(t *testing.T) {
	cat, err := Load(sources)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, ind := range cat.All {
		pos[ind.ID] = i
	}
	// Every declaration comes after what it depends on.
	for _, ind := range cat.All {
		for _, d := range ind.DependsOn {
			if p, ok := pos[d]; ok && p > pos[ind.ID] {
				t.Errorf("%s runs before its dependency %s", ind.ID, d)
			}
		}
	}
	gap, err := cat.Get("satisfaction_gap")
	if err != nil {
		t.Fatal(err)
	}
	if gap.Aggregate != AggregateDifference || !slices.Equal(gap.DifferenceOf, []string{"satisfied_share_registered", "satisfied_share_non_registered"}) {
		t.Errorf("satisfaction_gap = %+v", gap)
	}
	area, _ := cat.Get("floor_area_per_100hh")
	if !area.HasStandard() || area.StandardOp != ">=" || area.StandardValue != 30 || !area.Meets(30) || area.Meets(29.9) {
		t.Errorf("floor_area_per_100hh standard = %s %v", area.StandardOp, area.StandardValue)
	}
	// Only the satisfaction shares come from a sample (survey respondents);
	// every other indicator counts a whole population (residents,
	// households, centres, staff, grids, events, yuan, communities) and is
	// exact.
	intervals := map[string]string{}
	for _, ind := range cat.Indicators() {
		if ind.Interval != "" {
			intervals[ind.ID] = ind.Interval
		}
	}
	if diff := cmp.Diff(map[string]string{
		"satisfied_share": IntervalWilson, "satisfied_share_registered": IntervalWilson,
		"satisfied_share_non_registered": IntervalWilson, "satisfaction_gap": IntervalNewcombe,
	}, intervals); diff != "" {
		t.Errorf("indicators with an interval (-want +got):\n%s", diff)
	}
	if _, err := cat.Get("nope"); !errors.Is(err, ErrUnknownIndicator) {
		t.Errorf("Get(nope) = %v, want ErrUnknownIndicator", err)
	}
}

// A broken declaration reports every problem at once.
func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"a.sql": {Data: []byte("-- id: a\n-- name_zh: 甲\n-- name_en: A\n-- direction: up\n-- colour: red\n-- scale: -1\n-- depends_on: census, b\nSELECT 1\n")},
		"b.sql": {Data: []byte("-- id: b\n-- kind: view\n-- name_zh: 乙\n-- name_en: B\n-- depends_on: a\nSELECT 1\n")},
		"c.sql": {Data: []byte("-- id: d\n-- kind: view\n-- name_zh: 丙\n-- name_en: C\n-- depends_on: nowhere\n")},
	}
	_, err := load(fsys, []string{"census"})
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		`a.sql: line 4: direction: "up" is not`,
		`a.sql: line 5: unknown header key "colour"`,
		`a.sql: line 6: scale: "-1" is not a positive number`,
		`a.sql: missing header "unit_zh"`,
		`c.sql: no SELECT after the header`,
		`c.sql: id "d" does not match the file name`,
		`c.sql: depends_on "nowhere"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	// With the other problems fixed, the cycle a → b → a is found.
	fsys = fstest.MapFS{
		"a.sql": {Data: []byte("-- id: a\n-- kind: view\n-- name_zh: 甲\n-- name_en: A\n-- depends_on: b\nSELECT 1\n")},
		"b.sql": {Data: []byte("-- id: b\n-- kind: view\n-- name_zh: 乙\n-- name_en: B\n-- depends_on: a\nSELECT 1\n")},
	}
	if _, err := load(fsys, nil); err == nil || !strings.Contains(err.Error(), "dependency cycle: a → b → a") {
		t.Errorf("load with a cycle = %v, want a dependency cycle a → b → a", err)
	}
}

// An interval must fit the way the value is formed.
func TestLoadIntervalProblems(t *testing.T) {
	share := func(id, extra string) *fstest.MapFile {
		if !strings.Contains(extra, "depends_on") {
			extra += "-- depends_on: survey\n"
		}
		return decl(id, extra, "SELECT 1")
	}
	fsys := fstest.MapFS{
		"a.sql": share("a", "-- interval: wilson\n"),
		"b.sql": share("b", ""),
		"c.sql": share("c", "-- interval: exact\n"),
		"d.sql": share("d", "-- interval: newcombe\n"),
		"e.sql": share("e", "-- interval: wilson\n-- aggregate: difference\n-- difference_of: a, b\n-- depends_on: a, b\n"),
		"f.sql": share("f", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, b\n-- depends_on: a, b\n"),
		"g.sql": share("g", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, h\n-- depends_on: a, h\n"),
		"h.sql": share("h", "-- interval: wilson\n-- scale: 100\n"),
		"i.sql": share("i", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, a\n-- depends_on: a\n"),
	}
	_, err := load(fsys, []string{"survey"})
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		`c.sql: line 14: interval: "exact" is not wilson or newcombe`,
		`d.sql: interval newcombe is for an indicator whose value is a difference`,
		`e.sql: interval wilson is for an indicator whose value is a ratio`,
		`f.sql: interval newcombe needs difference_of: two indicators with interval wilson`,
		`g.sql: interval newcombe needs difference_of: two indicators with interval wilson and the same scale`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	for _, ok := range []string{"a.sql", "b.sql", "h.sql", "i.sql"} {
		if strings.Contains(err.Error(), ok+":") {
			t.Errorf("%s is a valid declaration, but the error mentions it:\n%v", ok, err)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		format string
		v      float64
		want   string
	}{
		{"percent", 0.928, "92.8%"},
		{"decimal1", 33.214, "33.2"},
		{"decimal2", 0.43531, "0.44"},
		{"integer", 889.25, "889"},
	} {
		if got := FormatValue(tc.format, tc.v); got != tc.want {
			t.Errorf("FormatValue(%s, %v) = %q, want %q", tc.format, tc.v, got, tc.want)
		}
	}
}

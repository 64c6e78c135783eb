package indicators

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
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

// TestDisplayStep checks that the step of each format is one unit of the
// last digit FormatValue shows: 1.000 and 1.000 + step are shown one unit
// apart, worked out by hand for each format.
func TestDisplayStep(t *testing.T) {
	for _, tc := range []struct {
		format     string
		step       float64
		base, next string
	}{
		{"percent", 0.001, "100.0%", "100.1%"},
		{"decimal1", 0.1, "1.0", "1.1"},
		{"decimal2", 0.01, "1.00", "1.01"},
		{"integer", 1, "1", "2"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			if got := DisplayStep(tc.format); got != tc.step {
				t.Errorf("DisplayStep(%s) = %v, want %v", tc.format, got, tc.step)
			}
			if got := FormatValue(tc.format, 1); got != tc.base {
				t.Errorf("FormatValue(%s, 1) = %q, want %q", tc.format, got, tc.base)
			}
			if got := FormatValue(tc.format, 1+tc.step); got != tc.next {
				t.Errorf("FormatValue(%s, 1 + step) = %q, want %q", tc.format, got, tc.next)
			}
		})
	}
}

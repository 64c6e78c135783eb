package schemas

import (
	"strings"
	"testing"
	"unicode"
)

// hasHan reports whether s holds a Chinese character.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// checkLabels: a label in Chinese has Chinese in it; one in English has
// none and is not an identifier (a name with _, or the rule id itself,
// which is what the lookups fall back to).
func checkLabels(t *testing.T, what, id, zh, en string) {
	t.Helper()
	if !hasHan(zh) {
		t.Errorf("%s: Chinese label %q has no Chinese character", what, zh)
	}
	if en == "" || hasHan(en) || strings.Contains(en, "_") || (id != "" && en == id) {
		t.Errorf("%s: English label %q is empty, holds Chinese or is an identifier", what, en)
	}
}

// TestEveryColumnAndRuleHasLabels checks every column of every declared
// source, every declared rule and every rule the ingest applies to all
// sources for a Chinese and an English label, as ColumnLabel and RuleLabel
// return them.
func TestEveryColumnAndRuleHasLabels(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range set.Sources() {
		s, _ := set.Get(src)
		for _, c := range s.Columns {
			checkLabels(t, src+"."+c.Name, "", set.ColumnLabel(src, c.Name, "zh"), set.ColumnLabel(src, c.Name, "en"))
		}
		for _, r := range s.Rules {
			checkLabels(t, src+" rule "+r.ID, r.ID, set.RuleLabel(src, r.ID, "zh"), set.RuleLabel(src, r.ID, "en"))
		}
	}
	seen := map[string]bool{}
	for _, r := range BuiltinRules() {
		if seen[r.ID] {
			t.Errorf("builtin rule %s is listed twice", r.ID)
		}
		seen[r.ID] = true
		checkLabels(t, "builtin rule "+r.ID, r.ID, set.RuleLabel("census", r.ID, "zh"), set.RuleLabel("census", r.ID, "en"))
	}
}

func TestColumnLabel(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		source, column, lang, want string
	}{
		{"activities", "non_registered_participants", "zh", "非户籍参与人次"},
		{"activities", "non_registered_participants", "en", "non-registered participants"},
		{"facilities", "floor_area_m2", "zh", "建筑面积（平方米）"},
		{"facilities", "floor_area_m2", "en", "floor area (m²)"},
		// the operands of census's age_bands_sum, as a quarantine row names them
		{"census", "age_0_14+age_15_59+age_60_plus", "zh", "0–14岁人口 + 15–59岁人口 + 60岁及以上人口"},
		{"census", "resident", "", "常住人口"}, // any language but en is Chinese
		{"census", "", "zh", ""},           // a problem of the whole row
		{"census", "no_such_column", "zh", "no_such_column"},
		{"census", "resident+no_such_column", "en", "resident population + no_such_column"},
		{"no_such_source", "resident", "zh", "resident"},
	} {
		t.Run(tc.source+"/"+tc.column+"/"+tc.lang, func(t *testing.T) {
			if got := set.ColumnLabel(tc.source, tc.column, tc.lang); got != tc.want {
				t.Errorf("ColumnLabel(%q, %q, %q) = %q, want %q", tc.source, tc.column, tc.lang, got, tc.want)
			}
		})
	}
}

func TestRuleLabel(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		source, rule, lang, want string
	}{
		{"activities", "non_registered_le_participants", "zh", "非户籍参与人次不超过参与人次"},
		{"activities", "non_registered_le_participants", "en", "non-registered participants at most all participants"},
		{"census", "age_bands_sum", "zh", "各年龄段人口之和等于常住人口（相差不超过1%）"},
		{"census", "field_count", "zh", "列数与表头一致"},
		{"grid_events", "duplicate_key", "en", "key not repeated"},
		{"no_such_source", "range", "zh", "数值在本列的合理范围内"},
		// a rule of another source is not this source's
		{"census", "non_registered_le_participants", "zh", "non_registered_le_participants"},
		{"census", "no_such_rule", "en", "no_such_rule"},
	} {
		t.Run(tc.source+"/"+tc.rule+"/"+tc.lang, func(t *testing.T) {
			if got := set.RuleLabel(tc.source, tc.rule, tc.lang); got != tc.want {
				t.Errorf("RuleLabel(%q, %q, %q) = %q, want %q", tc.source, tc.rule, tc.lang, got, tc.want)
			}
		})
	}
}

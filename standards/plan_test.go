package standards

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestShippedFacts holds the shipped plans to their documents: number,
// title and each target, as the texts give them (國办发〔2021〕56号: urban
// community service facility coverage 100 %, rural 80 %, at least 30 m² per
// 100 households, 18 community workers per 10,000 urban residents;
// 民发〔2017〕191号: by 2020, at least 10 community social organisations
// per urban community and 5 per rural one; 苏政办发〔2022〕60号 of 23 July
// 2022: 30 m² per 100 households, more than 18 community workers per
// 10,000 urban residents).
func TestShippedFacts(t *testing.T) {
	shipped := Shipped()
	if len(shipped) != 3 || shipped[0].ID != National || shipped[2].Kind != KindBenchmark {
		t.Fatalf("shipped plans = %v", shipped)
	}
	_, js, err := Example("js-2022-60.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		plan     *Plan
		document string
		title    string
		targets  map[string]string
	}{
		{shipped[0], "国办发〔2021〕56号", "“十四五”城乡社区服务体系建设规划", map[string]string{
			"centre_coverage_urban": ">= 1", "centre_coverage_rural": ">= 0.8",
			"floor_area_per_100hh": ">= 30", "community_workers_per_10k_urban": ">= 18"}},
		{shipped[1], "民发〔2017〕191号", "民政部关于大力培育发展社区社会组织的意见", map[string]string{
			"social_orgs_per_urban_community": ">= 10", "social_orgs_per_rural_community": ">= 5"}},
		{js, "苏政办发〔2022〕60号", "江苏省“十四五”城乡社区服务体系建设规划", map[string]string{
			"floor_area_per_100hh": ">= 30", "community_workers_per_10k_urban": "> 18"}},
	} {
		p := tc.plan
		if p.Document != tc.document || p.TitleZh != tc.title {
			t.Errorf("%s: document %q title %q", p.ID, p.Document, p.TitleZh)
		}
		if len(p.Targets) != len(tc.targets) {
			t.Errorf("%s: %d targets, want %d", p.ID, len(p.Targets), len(tc.targets))
		}
		for id, want := range tc.targets {
			tg := p.Target(id)
			if tg == nil {
				t.Errorf("%s: no target for %s", p.ID, id)
				continue
			}
			if got := tg.Op + " " + trimFloat(tg.Value); got != want {
				t.Errorf("%s %s: %s, want %s", p.ID, id, got, want)
			}
			b, y := p.Years(tg)
			if want := [2]int{2020, 2025}; p.ID == "cn-2017-191" {
				want = [2]int{0, 2020} // a goal for 2020, no baseline
				if b != want[0] || y != want[1] {
					t.Errorf("%s %s: years %d → %d, want none → 2020", p.ID, id, b, y)
				}
			} else if b != want[0] || y != want[1] {
				t.Errorf("%s %s: years %d → %d, want 2020 → 2025", p.ID, id, b, y)
			}
		}
	}
	if js.Issued != "2022-07-23" || !js.Covers("320402001001") || js.Covers("440310001001") {
		t.Errorf("js-2022-60: issued %q, scope %+v", js.Issued, js.Scope)
	}
	if got := shipped[0].Name(true); got != "国办发〔2021〕56号《“十四五”城乡社区服务体系建设规划》" {
		t.Errorf("national plan named %q", got)
	}
	// Exactly at 18, the national target is met and the Jiangsu one is not.
	if !shipped[0].Target("community_workers_per_10k_urban").Holds(18) || js.Target("community_workers_per_10k_urban").Holds(18) {
		t.Error("18 per 10,000 should meet ≥ 18 and miss > 18")
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// TestParseProblems: every problem of a plan file is named, with the
// target it is in.
func TestParseProblems(t *testing.T) {
	good := `id: x-1
title_zh: 规划
document: 某政发〔2022〕1号
scope: {level: city, code: "3204"}
baseline_year: 2020
target_year: 2025
targets:
  - {indicator: floor_area_per_100hh, op: ">=", value: 30, text_zh: 三十, where_zh: 表1}
`
	if _, err := Parse("good.yaml", []byte(good)); err != nil {
		t.Fatalf("good plan: %v", err)
	}
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", good + "extra: 1\n", []string{"field extra not found"}},
		{"bad scope", strings.Replace(good, `code: "3204"`, `code: "32"`, 1), []string{"scope.code \"32\": a city plan needs the 4-digit code"}},
		{"national with code", strings.Replace(good, `level: city`, `level: national`, 1), []string{"a national plan has no code"}},
		{"no document", strings.Replace(good, "document: 某政发〔2022〕1号\n", "", 1), []string{"document is missing"}},
		{"years", strings.Replace(good, "target_year: 2025", "target_year: 2019", 1), []string{"target_year 2019 is not after baseline_year 2020", "target 1 (floor_area_per_100hh): target year 2019"}},
		{"bad target", strings.Replace(good, `op: ">=", value: 30, text_zh: 三十, where_zh: 表1`, `op: "=>", value: 30`, 1),
			[]string{`target 1 (floor_area_per_100hh): op "=>"`, "text_zh is missing", "where_zh is missing"}},
		{"twice", good + "  - {indicator: floor_area_per_100hh, op: \">=\", value: 20, text_zh: 二十, where_zh: 表1}\n", []string{"target 2 (floor_area_per_100hh): the indicator has a target already"}},
		{"baseline without year", strings.Replace(strings.Replace(good, "baseline_year: 2020\n", "", 1), "value: 30,", "value: 30, baseline: 22,", 1), []string{"a baseline value needs a baseline_year"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("plan.yaml", []byte(tc.yaml))
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want *Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

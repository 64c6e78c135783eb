package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestStandardsCmd: shequ standards list and show, with and without a
// configuration, and a plan file checked before it is added.
func TestStandardsCmd(t *testing.T) {
	dir := t.TempDir()
	plan, err := os.ReadFile("../../standards/examples/js-2022-60.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	js := write("js.yaml", string(plan))
	cfg := write("shequ.yaml", `warehouse: wh
sources:
  - {source: communities, period: "2020", files: [x.csv]}
models:
  - {id: tianning, name_zh: 天宁, name_en: Tianning, areas: ["320402"]}
standards:
  plans: [js.yaml]
  apply:
    - {plan: js-2022-60, models: [tianning]}
`)
	bad := write("bad.yaml", strings.Replace(string(plan), "indicator: floor_area_per_100hh", "indicator: floor_area_per_household", 1))
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"list", []string{"standards", "list"}, 0, []string{"cn-2021-56", "国办发〔2021〕56号", "shequ-benchmarks", "all communities"}},
		{"list with a config", []string{"standards", "list", "--config", cfg}, 0, []string{"js-2022-60", "苏政办发〔2022〕60号", "province 32", "models tianning"}},
		{"show", []string{"standards", "show", "cn-2021-56"}, 0, []string{"floor_area_per_100hh", ">= 30", "每百户居民拥有社区综合服务设施面积不低于30平方米", "2020→2025"}},
		{"show in English", []string{"standards", "show", "--lang", "en", "shequ-benchmarks"}, 0, []string{"satisfied_share", ">= 0.75", "民政部"}},
		{"show a file", []string{"standards", "show", js}, 0, []string{"community_workers_per_10k", "> 18", "超过18人"}},
		{"a file with an unknown indicator", []string{"standards", "show", bad}, 3, []string{`"floor_area_per_household": no such indicator`}},
		{"unknown id", []string{"standards", "show", "js-2022-60"}, 2, []string{"no plan \"js-2022-60\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := run(tc.args, strings.NewReader(""), &out, &errb)
			if code != tc.code {
				t.Fatalf("exit %d, want %d: %s%s", code, tc.code, out.String(), errb.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String()+errb.String(), w) {
					t.Errorf("output does not say %q:\n%s%s", w, out.String(), errb.String())
				}
			}
		})
	}
}

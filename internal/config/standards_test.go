package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shequ/standards"
)

// TestStandards: added plan files are read relative to the configuration,
// applied to models and areas inside their scope, and every mistake is
// named.
func TestStandards(t *testing.T) {
	dir := t.TempDir()
	plan, _, err := standards.Example("js-2022-60.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "standards"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "standards", "js.yaml"), plan, 0o644); err != nil {
		t.Fatal(err)
	}
	base := good + `  - id: tianning
    name_zh: 天宁
    name_en: Tianning
    areas: ["320402"]
standards:
  plans: ["standards/js.yaml"]
`
	write := func(t *testing.T, extra string) (*Config, error) {
		t.Helper()
		p := filepath.Join(dir, "shequ.yaml")
		if err := os.WriteFile(p, []byte(base+extra), 0o644); err != nil {
			t.Fatal(err)
		}
		return Load(p)
	}
	t.Run("whole scope", func(t *testing.T) {
		c, err := write(t, "")
		if err != nil {
			t.Fatal(err)
		}
		hs := c.Holdings()
		// The three shipped plans hold everyone; the added one, without an
		// apply entry, its province.
		if len(hs) != 4 || !hs[0].All || !hs[1].All || !hs[2].All || hs[3].Plan.ID != "js-2022-60" || strings.Join(hs[3].Areas, ",") != "32" {
			t.Errorf("holdings = %+v", hs)
		}
		if hs[3].Plan.File != filepath.Join(dir, "standards", "js.yaml") {
			t.Errorf("plan file = %q", hs[3].Plan.File)
		}
		if err := c.CheckTargets([]string{"floor_area_per_100hh"}); err == nil || !strings.Contains(err.Error(), `"community_workers_per_10k_urban": no such indicator`) {
			t.Errorf("CheckTargets = %v", err)
		}
	})
	t.Run("a model", func(t *testing.T) {
		c, err := write(t, "  apply:\n    - plan: js-2022-60\n      models: [tianning]\n      areas: [\"320402001\"]\n")
		if err != nil {
			t.Fatal(err)
		}
		h := c.Holdings()[3]
		if h.All || strings.Join(h.Models, ",") != "tianning" || strings.Join(h.Areas, ",") != "320402001" {
			t.Errorf("holding = %+v", h)
		}
	})
	for _, tc := range []struct{ name, extra, want string }{
		{"unknown plan", "  apply:\n    - plan: zj-2022-1\n      models: [tianning]\n", `no plan "zj-2022-1"`},
		{"shipped plan", "  apply:\n    - plan: cn-2021-56\n      models: [tianning]\n", "holds every community already"},
		{"outside the province", "  apply:\n    - plan: js-2022-60\n      models: [pingshan]\n", "model pingshan has area 440310, outside the plan's scope (province 32)"},
		{"area outside", "  apply:\n    - plan: js-2022-60\n      areas: [\"44\"]\n", "area 44 is outside the plan's scope"},
		{"bad area", "  apply:\n    - plan: js-2022-60\n      areas: [\"3204021\"]\n", `area "3204021" is not a 2-, 4-, 6- or 9-digit code`},
		{"nobody", "  apply:\n    - plan: js-2022-60\n", "name the models or areas the plan holds"},
		{"unknown model", "  apply:\n    - plan: js-2022-60\n      models: [wuxi]\n", `no model "wuxi"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := write(t, tc.extra)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to say %q", err, tc.want)
			}
		})
	}
	t.Run("missing and broken files", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "standards", "bad.yaml"), []byte("id: Bad\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "shequ.yaml")
		cfg := good + "standards:\n  plans: [\"standards/none.yaml\", \"standards/bad.yaml\"]\n"
		if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(p)
		for _, want := range []string{"standards.plans[0]: plan file: open", "standards.plans[1]:", `id "Bad"`, "title_zh is missing", "no targets"} {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("err = %v, want it to say %q", err, want)
			}
		}
	})
}

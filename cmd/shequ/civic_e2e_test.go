package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// The civic fixture (testdata/civic), worked out by hand. Four communities
// of street 320402001 (Tianning) and one of Pingshan, whose district has
// neither a social-organisation register nor a volunteer extract:
//
//	community          class residents staff  orgs: active (contracted)   volunteers (hours)
//	…001001 朝阳花园    111   8000      3      O1 是, O2, O4 → 3 (1)        3 (10 + 0 + 6.5 = 16.5)
//	…001002 水岸        111   12000     5      O5 是, O6 是 → 2 (2)          1 (20)
//	…001204 朝阳村      220   2000      1      O8 → 1 (0)                   0
//	…001205 清溪村      220   3000      —      none → 0                     1 (hours empty: 0)
//	440310001001 六联   111   10000     4      no register in 440310        no extract in 440310
//
// Not counted: O3 (注销, though 是) and O7 (停止活动) are not active; O4's
// 承接政府购买服务 is empty (not contracted); O9's code has 11 digits and
// 赵磊's hours are −4: both rows are quarantined.
//
// Community values:
//
//	orgs per urban community   朝阳花园 3, 水岸 2; villages 0/0 (NULL); 六联 NULL (no register)
//	orgs per rural community   朝阳村 1, 清溪村 0; urban communities 0/0 (NULL)
//	orgs per 10k               3/8000×1e4 = 3.75, 2/12000×1e4 = 5/3, 1/2000×1e4 = 5, 0; 六联 NULL
//	contracted share           1/3, 2/2 = 1, 0/1 = 0, 0/0 (NULL)
//	social workers / community 3, 5, 1, NULL (no staff return), 4
//	volunteer share            3/8000, 1/12000, 0, 1/3000; 六联 NULL
//	hours per resident         16.5/8000, 20/12000, 0, 0; 六联 NULL
//
// Street 320402001 (= model tianning), ratios of sums over the
// communities with both a numerator and a denominator:
//
//	orgs per urban community   (3+2)/(1+1)             = 2.5
//	orgs per rural community   (1+0)/(1+1)             = 0.5
//	orgs per 10k               6/25000×1e4             = 2.4
//	contracted share           (1+2+0)/(3+2+1)         = 0.5
//	social workers / community (3+5+1)/3               = 3
//	volunteer share            5/25000                 = 0.0002
//	hours per resident         36.5/25000              = 0.00146
//
// All communities: social workers (3+5+1+4)/4 = 3.25; the orgs per urban
// community leave 六联 out (no numerator): 5/2 = 2.5.
func TestCivicHandCalculated(t *testing.T) {
	dir := copyDir(t, "testdata/civic")
	out := mustShequ(t, "run", "--config", filepath.Join(dir, "shequ.yaml"))
	wh := filepath.Join(dir, "warehouse")
	if strings.Contains(out, "13812340001") {
		t.Errorf("the run's output shows a phone number:\n%s", out)
	}

	for _, w := range []struct {
		community, indicator string
		value                float64
		null                 string // expected part of null_reason when the value is NULL
	}{
		{"320402001001", "social_orgs_per_urban_community", 3, ""},
		{"320402001002", "social_orgs_per_urban_community", 2, ""},
		{"320402001204", "social_orgs_per_urban_community", 0, "denominator is 0"},
		{"440310001001", "social_orgs_per_urban_community", 0, "missing numerator"},
		{"320402001204", "social_orgs_per_rural_community", 1, ""},
		{"320402001205", "social_orgs_per_rural_community", 0, ""},
		{"320402001001", "social_orgs_per_rural_community", 0, "denominator is 0"},
		{"320402001001", "social_orgs_per_10k", 3.75, ""},
		{"320402001002", "social_orgs_per_10k", 5.0 / 3, ""},
		{"320402001204", "social_orgs_per_10k", 5, ""},
		{"320402001205", "social_orgs_per_10k", 0, ""},
		{"440310001001", "social_orgs_per_10k", 0, "missing numerator"},
		{"320402001001", "social_orgs_contracted_share", 1.0 / 3, ""},
		{"320402001002", "social_orgs_contracted_share", 1, ""},
		{"320402001204", "social_orgs_contracted_share", 0, ""},
		{"320402001205", "social_orgs_contracted_share", 0, "denominator is 0"},
		{"320402001001", "social_workers_per_community", 3, ""},
		{"320402001002", "social_workers_per_community", 5, ""},
		{"320402001204", "social_workers_per_community", 1, ""},
		{"320402001205", "social_workers_per_community", 0, "missing denominator"},
		{"440310001001", "social_workers_per_community", 4, ""},
		{"320402001001", "volunteer_share", 3.0 / 8000, ""},
		{"320402001002", "volunteer_share", 1.0 / 12000, ""},
		{"320402001204", "volunteer_share", 0, ""},
		{"320402001205", "volunteer_share", 1.0 / 3000, ""},
		{"440310001001", "volunteer_share", 0, "missing numerator"},
		{"320402001001", "volunteer_hours_per_resident", 16.5 / 8000, ""},
		{"320402001002", "volunteer_hours_per_resident", 20.0 / 12000, ""},
		{"320402001204", "volunteer_hours_per_resident", 0, ""},
		{"320402001205", "volunteer_hours_per_resident", 0, ""},
		{"440310001001", "volunteer_hours_per_resident", 0, "missing numerator"},
	} {
		checkValue(t, wh, "2020", w.community, w.indicator, w.value, w.null)
	}

	for _, w := range []struct {
		scope, id, indicator string
		value                float64
	}{
		{"street", "320402001", "social_orgs_per_urban_community", 2.5},
		{"street", "320402001", "social_orgs_per_rural_community", 0.5},
		{"street", "320402001", "social_orgs_per_10k", 2.4},
		{"street", "320402001", "social_orgs_contracted_share", 0.5},
		{"street", "320402001", "social_workers_per_community", 3},
		{"street", "320402001", "volunteer_share", 0.0002},
		{"street", "320402001", "volunteer_hours_per_resident", 0.00146},
		{"model", "tianning", "social_orgs_per_urban_community", 2.5},
		{"model", "tianning", "volunteer_hours_per_resident", 0.00146},
		{"all", "all", "social_workers_per_community", 3.25},
		{"all", "all", "social_orgs_per_urban_community", 2.5},
	} {
		checkScopeValue(t, wh, "2020", w.scope, w.id, w.indicator, w.value, false)
	}

	t.Run("quarantine and personal data", func(t *testing.T) {
		rows := query(t, wh, `SELECT source || ' ' || line || ' ' || "column" || ' ' || rule AS q, value FROM quarantine ORDER BY source, line`)
		var got []string
		for _, r := range rows {
			got = append(got, r["q"].(string))
		}
		if want := "social_orgs 10 community_code code_format\nvolunteers 7 service_hours range"; strings.Join(got, "\n") != want {
			t.Errorf("quarantine:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
		}
		// Organisation names are kept; the volunteers' identity numbers are
		// 64-hex hashes, their names and phones NULL.
		rows = query(t, wh, `SELECT (SELECT count(*) FROM social_orgs WHERE org_name LIKE '朝阳花园社区%') AS named,
			(SELECT count(*) FILTER (WHERE regexp_full_match(id_number, '[0-9a-f]{64}') AND name IS NULL AND phone IS NULL) FROM volunteers) AS hashed,
			(SELECT count(*) FROM volunteers WHERE id_number LIKE '320402%') AS clear`)
		for col, want := range map[string]float64{"named": 4, "hashed": 5, "clear": 0} {
			if got, _ := value(t, rows[0], col); got != want {
				t.Errorf("%s = %v, want %v", col, got, want)
			}
		}
	})
}

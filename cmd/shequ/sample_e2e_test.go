package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleExports runs the nightly batch over the committed sample
// exports (../../testdata/exports) and checks the warehouse against facts
// known without shequ: the published totals the sample is calibrated to,
// the rows the generator was made to break, and one community worked out
// by hand from the raw files.
func TestSampleExports(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run over the sample exports")
	}
	dir := copyDir(t, "../../testdata/exports")
	cfg := filepath.Join(dir, "shequ.yaml")
	out := mustShequ(t, "run", "--config", cfg, "--json")
	var rep struct {
		Files []struct {
			Source, Period, File, Status string
			RowsIn                       int64 `json:"rows_in"`
			Accepted                     int64
			Quarantined                  int64
			Skipped                      int64
			Synthetic                    bool
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("run --json: %v\n%s", err, out)
	}
	// 14 files a period: the register, 3 census files, facilities, staff,
	// grid, funding, activities, grid events, the survey, the
	// social-organisation register (a CSV in 2015, a workbook in 2020),
	// the volunteer extract and the affairs list.
	if len(rep.Files) != 28 {
		t.Errorf("run ingested %d files, want 28 (14 per period)", len(rep.Files))
	}
	for _, f := range rep.Files {
		if f.RowsIn != f.Accepted+f.Quarantined+f.Skipped {
			t.Errorf("%s: rows_in %d != accepted %d + quarantined %d + skipped %d", f.File, f.RowsIn, f.Accepted, f.Quarantined, f.Skipped)
		}
	}
	wh := filepath.Join(dir, "warehouse")

	t.Run("a row per community, period and indicator", func(t *testing.T) {
		// 161 communities: Pingshan 24 + 1 virtual, Tianning 125, Zhaoshang 11
		// (2023 codes); 2 periods; one indicator per declaration file in
		// ../../indicators that is not a helper view.
		nind := countIndicatorFiles(t)
		rows := query(t, wh, `SELECT (SELECT count(*) FROM indicator_values) AS n,
			(SELECT count(*) FROM (SELECT DISTINCT period, community_code FROM indicator_values)) AS pc,
			(SELECT count(*) FROM indicator_values WHERE value IS NULL AND null_reason IS NULL) AS unexplained`)
		if n, _ := value(t, rows[0], "n"); n != float64(161*2*nind) {
			t.Errorf("indicator_values has %v rows, want %d", n, 161*2*nind)
		}
		if pc, _ := value(t, rows[0], "pc"); pc != 161*2 {
			t.Errorf("%v community-periods, want %d", pc, 161*2)
		}
		if u, _ := value(t, rows[0], "unexplained"); u != 0 {
			t.Errorf("%v NULL values without a reason", u)
		}
	})

	t.Run("quarantine holds the broken rows", func(t *testing.T) {
		// The generator breaks exactly these rows (internal/samplegen); line
		// 1 of every file is the synthetic-data mark. In the workbooks, read
		// by hand (testdata/exports/2015): 服务设施.xlsx row 342, the last of
		// 338 rows under the header on row 4, is 320402004001-98, activity
		// area 150 on a floor area of 130; 社区工作事项清单.xlsx row 1281 has
		// the 11-digit code 44031000200 and row 2055 「待定」 for the access
		// review.
		want := []string{
			"activities 2015 社区活动.csv 814 non_registered_participants non_registered_le_participants",
			"census 2015 人口_坪山区.csv 10 community_code code_format",
			"census 2015 人口_坪山区.csv 16 registered registered_le_resident",
			"census 2015 人口_坪山区.csv 19 resident range",
			"community_affairs 2015 社区工作事项清单.xlsx 1281 community_code code_format",
			"community_affairs 2015 社区工作事项清单.xlsx 2055 access_reviewed enum",
			"facilities 2015 服务设施.xlsx 171 floor_area_m2 range",
			"facilities 2015 服务设施.xlsx 342 activity_area_m2 activity_area_le_floor_area",
			"funding 2015 资金项目.csv 665 community_code code_unknown",
			"grid_events 2015 网格事件.csv 174 closed_at closed_after_reported",
			"social_orgs 2015 社区社会组织.csv 219 community_code code_format",
			"social_orgs 2015 社区社会组织.csv 683 founded type",
			"social_orgs 2015 社区社会组织.csv 1108 registration enum",
			"survey 2015 满意度调查.csv 3960 quality range",
			"volunteers 2015 志愿者注册.csv 138 service_hours range",
			"volunteers 2015 志愿者注册.csv 390 id_number id_check_digit",
		}
		rows := query(t, wh, `SELECT source || ' ' || period || ' ' || file || ' ' || line || ' ' || "column" || ' ' || rule AS q,
			message_zh, message_en FROM quarantine ORDER BY source, period, file, line`)
		var got []string
		for _, r := range rows {
			got = append(got, r["q"].(string))
			if r["message_zh"] == "" || r["message_en"] == "" {
				t.Errorf("%v: empty message", r["q"])
			}
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("quarantine:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})

	t.Run("model totals match the published figures", func(t *testing.T) {
		// Pingshan: 24 service centres (model-facts.csv) for 670,000 residents
		// in 2015 and for the census's 551,333 in 2020; every community with
		// residents covered.
		for _, w := range []struct {
			period, indicator string
			want              float64
		}{
			{"2015", "centres_per_10k", 24.0 / 670000 * 10000},
			{"2020", "centres_per_10k", 24.0 / 551333 * 10000},
			{"2015", "centre_coverage", 1},
			{"2020", "centre_coverage", 1},
		} {
			rows := query(t, wh, fmt.Sprintf(`SELECT value, denominator FROM indicator_scope_values
				WHERE scope = 'model' AND scope_id = 'pingshan' AND period = '%s' AND indicator_id = '%s'`, w.period, w.indicator))
			if len(rows) != 1 {
				t.Fatalf("%s %s: %d rows", w.period, w.indicator, len(rows))
			}
			if got, _ := value(t, rows[0], "value"); !near(got, w.want) {
				t.Errorf("pingshan %s %s = %v, want %v", w.period, w.indicator, got, w.want)
			}
		}
		// Census county totals of 2020 reach the district scope whole.
		for district, residents := range map[string]float64{"440310": 551333, "320402": 668906} {
			rows := query(t, wh, fmt.Sprintf(`SELECT denominator FROM indicator_scope_values
				WHERE scope = 'district' AND scope_id = '%s' AND period = '2020' AND indicator_id = 'centres_per_10k'`, district))
			if got, _ := value(t, rows[0], "denominator"); got != residents {
				t.Errorf("district %s residents = %v, want %v", district, got, residents)
			}
		}
	})

	t.Run("every file is marked synthetic", func(t *testing.T) {
		// Every export of shequ gen opens with the synthetic-data mark, and
		// the 招商 census of 2020, read by hand (testdata/exports/2020/
		// 人口_招商街道.csv), has 13 lines: the mark (skipped above the
		// header), the header and 11 communities: 13 lines = 1 header line
		// + 12 rows in (11 accepted + 1 skipped).
		rows := query(t, wh, `SELECT count(*) FILTER (WHERE synthetic) AS marked, count(*) AS n FROM ingest_files`)
		if m, _ := value(t, rows[0], "marked"); m != 28 {
			t.Errorf("%v of %v files marked synthetic, want 28", m, rows[0]["n"])
		}
		rows = query(t, wh, `SELECT lines, header_lines, rows_in, accepted, skipped, skipped_by->>'above_header' AS above
			FROM ingest_files WHERE period = '2020' AND file = '人口_招商街道.csv'`)
		if len(rows) != 1 {
			t.Fatalf("%d rows for 人口_招商街道.csv", len(rows))
		}
		got := fmt.Sprint(rows[0]["lines"], rows[0]["header_lines"], rows[0]["rows_in"], rows[0]["accepted"], rows[0]["skipped"], rows[0]["above"])
		if want := fmt.Sprint(13.0, 1.0, 12.0, 11.0, 1.0, "1"); got != want {
			t.Errorf("lines, header_lines, rows_in, accepted, skipped, above_header = %s, want %s", got, want)
		}
		for _, f := range rep.Files {
			if !f.Synthetic {
				t.Errorf("run --json: %s %s not synthetic", f.Period, f.File)
			}
		}
	})

	t.Run("zhaoshang: 159 affairs in 15 projects", func(t *testing.T) {
		// model-facts.csv: the 2012 reform merged the community
		// workstation's 159 affairs into 15 projects contracted to social
		// organisations. Every one of the street's 11 communities lists
		// them, in both periods (2 × 11 rows), all contracted; the model's
		// indicators are 159 affairs and 15 projects per community, 100%
		// contracted.
		rows := query(t, wh, `SELECT period, community_code, count(*) AS affairs, count(DISTINCT project_name) AS projects,
			count(*) FILTER (WHERE contracted = '是') AS contracted
			FROM community_affairs WHERE community_code LIKE '440305006%' GROUP BY ALL ORDER BY ALL`)
		if len(rows) != 22 {
			t.Errorf("%d community-periods with a list, want 22", len(rows))
		}
		for _, r := range rows {
			if got := fmt.Sprint(r["affairs"], r["projects"], r["contracted"]); got != fmt.Sprint(159.0, 15.0, 159.0) {
				t.Errorf("%v %v: affairs, projects, contracted = %s, want 159 15 159", r["period"], r["community_code"], got)
			}
		}
		for _, w := range []struct {
			indicator string
			want      float64
		}{{"affairs_per_community", 159}, {"affair_projects_per_community", 15}, {"affairs_contracted_share", 1}} {
			for _, period := range []string{"2015", "2020"} {
				rows := query(t, wh, fmt.Sprintf(`SELECT value FROM indicator_scope_values
					WHERE scope = 'model' AND scope_id = 'zhaoshang' AND period = '%s' AND indicator_id = '%s'`, period, w.indicator))
				if len(rows) != 1 {
					t.Fatalf("%s %s: %d rows", period, w.indicator, len(rows))
				}
				if got, ok := value(t, rows[0], "value"); !ok || got != w.want {
					t.Errorf("zhaoshang %s %s = %v, want %v", period, w.indicator, got, w.want)
				}
			}
		}
	})

	t.Run("community workers per 10,000 urban residents", func(t *testing.T) {
		// The national plan's target is per 10,000 urban residents: each
		// model's value is formed here from the source tables, over the
		// urban communities (class 1xx) with both a staff return and a
		// census row, and every rural community has no value.
		for _, r := range query(t, wh, `
WITH u AS (SELECT c.period, c.model_id, s.community_workers AS w, p.resident AS r
           FROM communities c JOIN staff s USING (period, community_code) JOIN census p USING (period, community_code)
           WHERE starts_with(c.urban_rural_class, '1') AND s.community_workers IS NOT NULL AND p.resident IS NOT NULL)
SELECT u.period, u.model_id, sum(u.w)::DOUBLE / sum(u.r) * 10000 AS want, any_value(v.value) AS got
FROM u JOIN indicator_scope_values v ON v.period = u.period AND v.scope = 'model' AND v.scope_id = u.model_id
     AND v.indicator_id = 'community_workers_per_10k_urban'
GROUP BY u.period, u.model_id`) {
			want, _ := value(t, r, "want")
			got, ok := value(t, r, "got")
			if !ok || math.Abs(got-want) > 1e-9*want {
				t.Errorf("%v %v: community_workers_per_10k_urban = %v, want %v", r["period"], r["model_id"], got, want)
			}
		}
		n, _ := value(t, query(t, wh, `SELECT count(*) AS n FROM indicator_values v JOIN communities c USING (period, community_code)
WHERE v.indicator_id = 'community_workers_per_10k_urban' AND starts_with(c.urban_rural_class, '2') AND v.value IS NOT NULL`)[0], "n")
		if n != 0 {
			t.Errorf("%v rural communities have a value per 10,000 urban residents", n)
		}
	})

	t.Run("one community by hand", func(t *testing.T) {
		// 440310001001 六联社区, 2020, read off the raw files:
		// 人口_坪山区.csv: 常住人口 10,924, 户数 3,800; 社区工作力量.csv: 25 workers,
		// 11 social workers; 服务设施.xlsx: 党群服务中心 869.6 m², 社康中心 390.4 m²,
		// 文体活动室 232.1 m² (1,492.1 m²); 资金项目.csv: 3,204,500 yuan, none
		// non-government; 网格.csv: 8 grids, 11 grid workers, 3,800 households;
		// 社区社会组织.xlsx (sheet rows 5–20): 16 organisations, 12 of them
		// 正常, one of those (PSSO0011) contracted; 志愿者注册.csv: 6
		// volunteers with 58.5 hours in all.
		want := map[string]float64{
			"centre_coverage":           1,
			"centres_per_10k":           1.0 / 10924 * 10000,
			"floor_area_per_100hh":      1492.1 / 3800 * 100,
			"community_workers_per_10k": 25.0 / 10924 * 10000,
			// 六联 is urban (urban-rural class 111): the plans' per
			// urban residents is the same.
			"community_workers_per_10k_urban": 25.0 / 10924 * 10000,
			"social_workers_per_10k":          11.0 / 10924 * 10000,
			"funding_per_resident":            3204500.0 / 10924,
			"non_gov_funding_share":           0,
			"residents_per_grid_worker":       10924.0 / 11,
			"households_per_grid":             3800.0 / 8,

			"social_orgs_per_urban_community": 12,
			"social_orgs_per_10k":             12.0 / 10924 * 10000,
			"social_orgs_contracted_share":    1.0 / 12,
			"social_workers_per_community":    11,
			"volunteer_share":                 6.0 / 10924,
			"volunteer_hours_per_resident":    58.5 / 10924,
		}
		var ids []string
		for id := range want {
			ids = append(ids, "'"+id+"'")
		}
		rows := query(t, wh, `SELECT indicator_id, value FROM indicator_values
			WHERE period = '2020' AND community_code = '440310001001' AND indicator_id IN (`+strings.Join(ids, ", ")+`)`)
		if len(rows) != len(want) {
			t.Fatalf("%d indicator rows, want %d", len(rows), len(want))
		}
		for _, r := range rows {
			id := r["indicator_id"].(string)
			got, ok := value(t, r, "value")
			if !ok || !near(got, want[id]) {
				t.Errorf("%s = %v (null=%v), want %v", id, got, !ok, want[id])
			}
		}
	})

	t.Run("changes since 2015", func(t *testing.T) {
		// Both periods hold the same 161 communities, so 2020 has a row per
		// community and indicator against 2015, each value and previous value
		// those of indicator_values, and a row per scope of
		// indicator_scope_values whose community counts add up to the
		// scope's communities there; 2015, the first period, has none.
		nind := countIndicatorFiles(t)
		rows := query(t, wh, `SELECT
			(SELECT count(*) FROM indicator_changes WHERE scope = 'community' AND period = '2020' AND previous_period = '2015') AS communities,
			(SELECT count(*) FROM indicator_changes WHERE scope <> 'community' AND period = '2020' AND previous_period = '2015') AS scopes,
			(SELECT count(*) FROM indicator_scope_values WHERE period = '2020') AS scope_values,
			(SELECT count(*) FROM indicator_changes WHERE period <> '2020') AS other,
			(SELECT count(*) FROM indicator_changes c
			 LEFT JOIN indicator_values v ON v.period = c.period AND v.community_code = c.scope_id AND v.indicator_id = c.indicator_id
			 LEFT JOIN indicator_values p ON p.period = c.previous_period AND p.community_code = c.scope_id AND p.indicator_id = c.indicator_id
			 WHERE c.scope = 'community' AND (v.value IS DISTINCT FROM c.value OR p.value IS DISTINCT FROM c.previous_value)) AS wrong_values,
			(SELECT count(*) FROM indicator_changes c JOIN indicator_scope_values s USING (period, scope, scope_id, indicator_id)
			 WHERE c.communities_improved + c.communities_held + c.communities_declined + c.communities_not_comparable
			       IS DISTINCT FROM s.communities) AS wrong_counts,
			(SELECT count(*) FROM indicator_changes WHERE (status IS NULL) = (null_reason IS NULL)) AS unexplained,
			(SELECT count(*) FROM indicator_changes JOIN indicator_catalog USING (indicator_id)
			 WHERE direction = 'neutral' AND status IS NOT NULL) AS neutral_status,
			(SELECT count(DISTINCT status) FROM indicator_changes) AS statuses`)
		for col, want := range map[string]float64{
			"communities": float64(161 * nind), "other": 0, "wrong_values": 0, "wrong_counts": 0,
			"unexplained": 0, "neutral_status": 0, "statuses": 3,
		} {
			if got, _ := value(t, rows[0], col); got != want {
				t.Errorf("%s = %v, want %v", col, got, want)
			}
		}
		scopes, _ := value(t, rows[0], "scopes")
		if sv, _ := value(t, rows[0], "scope_values"); scopes != sv || scopes == 0 {
			t.Errorf("%v scope rows of changes, want one per 2020 row of indicator_scope_values (%v)", scopes, sv)
		}
	})

	t.Run("a second run changes nothing", func(t *testing.T) {
		before := query(t, wh, `SELECT sum(value) AS s, count(*) AS n FROM indicator_values`)
		out := mustShequ(t, "run", "--config", cfg, "--json")
		var rep2 struct{ Files []struct{ Status string } }
		if err := json.Unmarshal([]byte(out), &rep2); err != nil {
			t.Fatal(err)
		}
		for i, f := range rep2.Files {
			if f.Status != "unchanged" {
				t.Errorf("file %d status %q on the second run, want unchanged", i, f.Status)
			}
		}
		after := query(t, wh, `SELECT sum(value) AS s, count(*) AS n FROM indicator_values`)
		if fmt.Sprint(before) != fmt.Sprint(after) {
			t.Errorf("indicator values changed: %v → %v", before, after)
		}
		runs := query(t, wh, `SELECT count(*) AS n FROM runs WHERE status = 'ok'`)
		if n, _ := value(t, runs[0], "n"); n != 2 {
			t.Errorf("runs has %v ok runs, want 2", n)
		}
	})
}

// countIndicatorFiles counts the indicator declarations (SQL files that are
// not helper views) in ../../indicators.
func countIndicatorFiles(t *testing.T) int {
	t.Helper()
	paths, err := filepath.Glob("../../indicators/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), "-- kind: view") {
			n++
		}
	}
	return n
}

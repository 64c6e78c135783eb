package main

// End-to-end tests: they build the shequ binary once and drive it as a user
// would, over the files in testdata/handcalc (small enough to work out by
// hand) and ../../testdata/exports (the committed sample exports).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

var shequBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shequ-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	shequBin = filepath.Join(dir, "shequ")
	build := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", shequBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// execCommand prepares a run of the binary.
func execCommand(args ...string) *exec.Cmd { return exec.Command(shequBin, args...) }

// shequ runs the binary and returns stdout, stderr and the exit code.
func shequ(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := execCommand(args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run shequ %v: %v", args, err)
	}
	return out.String(), errb.String(), code
}

// mustShequ runs the binary and fails the test on a non-zero exit.
func mustShequ(t *testing.T, args ...string) string {
	t.Helper()
	out, errs, code := shequ(t, args...)
	if code != 0 {
		t.Fatalf("shequ %v: exit %d\nstdout:\n%s\nstderr:\n%s", args, code, out, errs)
	}
	return out
}

// query runs a query through `shequ query --format json`.
func query(t *testing.T, wh, sql string) []map[string]any {
	t.Helper()
	out := mustShequ(t, "query", "--warehouse", wh, "--format", "json", sql)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("query output is not JSON: %v\n%s", err, out)
	}
	return rows
}

// copyDir copies a test fixture to a temporary folder, so that runs do not
// write into the source tree.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

const tol = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// value reads a numeric JSON cell; ok is false for NULL.
func value(t *testing.T, row map[string]any, col string) (float64, bool) {
	t.Helper()
	v, present := row[col]
	if !present {
		t.Fatalf("no column %q in %v", col, row)
	}
	if v == nil {
		return 0, false
	}
	f, isNum := v.(float64)
	if !isNum {
		t.Fatalf("column %q = %v (%T), want a number", col, v, v)
	}
	return f, true
}

// The hand fixture (testdata/handcalc), worked out by hand:
//
//	community      residents households centres floor m²  workers  social  funding (non-gov)
//	…006002 水湾   10000     4000       1       600      20       5       150000 (50000)
//	…006003 五湾   30000     10000      1       1200+300 45       6       300000 (0)
//	…006004 赤湾   20000     5000       0       0        —        —       —
//	…401498 虚拟   0         0          0       0        —        —       —
//
// Street 440305006 (= model zhaoshang = district 440305), ratios of sums:
//
//	centres per 10k   (1+1+0)/60000×1e4           = 1/3   (the mean of ratios would be (1+1/3+0)/3 = 4/9)
//	floor area/100hh  (600+1500+0)/19000×100      = 2100/190
//	coverage          2 covered of 3 with residents = 2/3
//	social workers    (5+6)/(10000+30000)×1e4     = 2.75  (赤湾 has no staff return: left out)
//	funding/resident  450000/60000                = 7.5
//
// Walking distance: every point below lies on meridian 113.91°E, so its
// great-circle distance to a centre is the arc R·Δφ (R = 6,371,008.8 m):
// 0.001° of latitude is 111.195 m.
//
//	centre F1 (水湾, 600 m²) at 22.480°N; centre F2 (五湾, 1200 m²) at 22.500°N
//	grid G1 水湾 3000 hh → 7500 residents at 22.482: 222.4 m from F1, 2001 m from F2
//	grid G2 水湾 1000 hh → 2500 residents at 22.486: 667.2 m from F1, 1557 m from F2
//	grid G3 五湾 → 30000 residents at 22.504: 444.8 m from F2, 2669 m from F1
//	grid G4 赤湾 → 20000 residents at 22.490: 1112 m from both (outside 1000 m)
//
// Shares within 300/500/1000 m: 水湾 7500/10000, 7500/10000, 1; 五湾 0, 1, 1;
// 赤湾 0, 0, 0; street 500 m: 37500/60000.
// 2SFCA (catchment 1000 m): F1 reaches only G1 and G2, F2 only G3, so for
// any weight W: R1 = 600/(7500·W1 + 2500·W2), and 水湾's resident-weighted
// accessibility is (7500·R1·W1 + 2500·R1·W2)/10000 = 600/10000 m² per
// resident = 60 per 1,000; 五湾's is 1200/30000 = 40 per 1,000; 赤湾 0.
//
// Activities (participants, of which non-registered): 水湾 3000 (600) and
// 1000 (200), 五湾 6000 (3000), 赤湾 none. Reach = participants ÷ residents:
// 0.4, 0.2, 0; street 10000/60000. Parity = observed ÷ expected
// non-registered participants, expected = participants × non-registered ÷
// residents: 水湾 800 ÷ (4000·6000/10000 = 2400) = 1/3, 五湾 3000 ÷
// (6000·24000/30000 = 4800) = 0.625; street 3800/7200.
// Grid events: 水湾 closed after 10 h and 24 h, one open → closure 2/3,
// median 17 h; 五湾 closed after 4 h, one returned (not counted) → 1, 4 h;
// street: closure 3/4, median of 10, 24, 4 = 10 h.
// Survey (4 or 5 = satisfied): 水湾 registered 5, 3 and non-registered 4,
// 2, 1 → 2/5, registered 1/2, non-registered 1/3, gap 16.7 points; 五湾
// registered 4, non-registered 4 → 1, gap 0; street 4/7, registered 2/3,
// non-registered 2/4, gap 16.7 points.
// Funding by channel: 水湾 政府购买服务 100000 and 社区基金 50000 → 10 and 5
// yuan per resident; 五湾 民生微实事 300000 proposed by residents → 10 yuan
// per resident and 1 resident-proposed project per 30000 = 1/3 per 10k.
//
// Weighted Gini of centres per 10k over the street (values 1, 1/3, 0;
// weights 10000, 30000, 20000): mean μ = 20000/60000 = 1/3;
// Σᵢ Σⱼ wᵢwⱼ|yᵢ−yⱼ| = 2(3e8·2/3 + 2e8·1 + 6e8·1/3) = 1.2e9;
// G = 1.2e9 / (2·W²·μ) = 1.2e9 / (2·3.6e9/3) = 0.5.
func TestHandCalculated(t *testing.T) {
	dir := copyDir(t, "testdata/handcalc")
	mustShequ(t, "run", "--config", filepath.Join(dir, "shequ.yaml"))
	wh := filepath.Join(dir, "warehouse")

	type want struct {
		community, indicator string
		value                float64
		null                 string // expected part of null_reason when the value is NULL
	}
	for _, w := range []want{
		{"440305006002", "centres_per_10k", 1, ""},
		{"440305006003", "centres_per_10k", 1.0 / 3, ""},
		{"440305006004", "centres_per_10k", 0, ""},
		{"440310401498", "centres_per_10k", 0, "denominator is 0"},
		{"440305006002", "floor_area_per_100hh", 15, ""},
		{"440305006003", "floor_area_per_100hh", 15, ""},
		{"440305006004", "floor_area_per_100hh", 0, ""},
		{"440305006002", "centre_coverage", 1, ""},
		{"440305006004", "centre_coverage_urban", 0, ""},
		{"440305006002", "centre_coverage_rural", 0, "denominator is 0"}, // class 111 is urban
		{"440305006004", "centre_coverage", 0, ""},
		{"440310401498", "centre_coverage", 0, "denominator is 0"},
		{"440305006002", "social_workers_per_10k", 5, ""},
		{"440305006003", "social_workers_per_10k", 2, ""},
		{"440305006004", "social_workers_per_10k", 0, "missing numerator"},
		{"440305006002", "community_workers_per_10k", 20, ""},
		{"440305006003", "community_workers_per_10k", 15, ""},
		{"440305006002", "funding_per_resident", 15, ""},
		{"440305006003", "funding_per_resident", 10, ""},
		{"440305006004", "funding_per_resident", 0, ""},
		{"440305006002", "non_gov_funding_share", 1.0 / 3, ""},
		{"440305006003", "non_gov_funding_share", 0, ""},
		{"440305006004", "non_gov_funding_share", 0, "missing denominator"},
		{"440305006002", "residents_per_grid_worker", 10000.0 / 2, ""},
		{"440305006003", "households_per_grid", 10000, ""},
		{"440310401498", "households_per_grid", 0, "missing denominator"},
		// Walking distance and 2SFCA (see the grid and centre layout above).
		{"440305006002", "walk_300m_share", 0.75, ""},
		{"440305006002", "walk_500m_share", 0.75, ""},
		{"440305006002", "walk_1000m_share", 1, ""},
		{"440305006003", "walk_300m_share", 0, ""},
		{"440305006003", "walk_500m_share", 1, ""},
		{"440305006004", "walk_1000m_share", 0, ""},
		{"440305006002", "access_2sfca", 60, ""},
		{"440305006003", "access_2sfca", 40, ""},
		{"440305006004", "access_2sfca", 0, ""},
		{"440305006002", "access_2sfca_uniform", 60, ""},
		{"440305006003", "access_2sfca_uniform", 40, ""},
		{"440310401498", "walk_500m_share", 0, "denominator is 0"},
		// Activities, grid events, the survey and funding by channel (see
		// the worked figures above).
		{"440305006002", "activity_reach", 0.4, ""},
		{"440305006003", "activity_reach", 0.2, ""},
		{"440305006004", "activity_reach", 0, ""},
		{"440305006002", "reach_parity", 1.0 / 3, ""},
		{"440305006003", "reach_parity", 0.625, ""},
		{"440305006004", "reach_parity", 0, "missing denominator"},
		{"440305006002", "event_closure_rate", 2.0 / 3, ""},
		{"440305006003", "event_closure_rate", 1, ""},
		{"440305006004", "event_closure_rate", 0, "missing denominator"},
		{"440305006002", "median_hours_to_close", 17, ""},
		{"440305006003", "median_hours_to_close", 4, ""},
		{"440305006004", "median_hours_to_close", 0, "denominator is 0"},
		{"440305006002", "satisfied_share", 0.4, ""},
		{"440305006003", "satisfied_share", 1, ""},
		{"440305006004", "satisfied_share", 0, "missing denominator"},
		{"440305006002", "satisfied_share_registered", 0.5, ""},
		{"440305006002", "satisfied_share_non_registered", 1.0 / 3, ""},
		{"440305006002", "satisfaction_gap", 100 * (0.5 - 1.0/3), ""},
		{"440305006003", "satisfaction_gap", 0, ""},
		{"440305006003", "micro_projects_per_10k", 1.0 / 3, ""},
		{"440305006002", "micro_projects_per_10k", 0, ""},
		{"440305006002", "funding_gov_purchase_per_resident", 10, ""},
		{"440305006002", "funding_community_fund_per_resident", 5, ""},
		{"440305006003", "funding_micro_projects_per_resident", 10, ""},
		{"440305006003", "funding_donations_per_resident", 0, ""},
	} {
		checkValue(t, wh, "2020", w.community, w.indicator, w.value, w.null)
	}

	for _, w := range []struct {
		scope, id, indicator string
		value                float64
		null                 bool
	}{
		{"street", "440305006", "centres_per_10k", 1.0 / 3, false},
		{"model", "zhaoshang", "centres_per_10k", 1.0 / 3, false},
		{"district", "440305", "floor_area_per_100hh", 2100.0 / 190, false},
		{"model", "zhaoshang", "centre_coverage", 2.0 / 3, false},
		{"model", "zhaoshang", "centre_coverage_urban", 2.0 / 3, false},
		{"model", "zhaoshang", "centre_coverage_rural", 0, true}, // no rural community
		{"model", "zhaoshang", "social_workers_per_10k", 2.75, false},
		{"model", "zhaoshang", "funding_per_resident", 7.5, false},
		{"model", "pingshan", "centres_per_10k", 0, true}, // only the virtual community: 0 residents
		{"all", "all", "centres_per_10k", 1.0 / 3, false}, // the virtual community adds 0 to both sums
		{"street", "440305006", "walk_500m_share", 37500.0 / 60000, false},
		{"street", "440305006", "activity_reach", 10000.0 / 60000, false},
		{"street", "440305006", "reach_parity", 3800.0 / 7200, false},
		{"street", "440305006", "event_closure_rate", 3.0 / 4, false},
		{"street", "440305006", "median_hours_to_close", 10, false}, // median of 10, 24, 4: not the mean of 17 and 4
		{"street", "440305006", "satisfied_share", 4.0 / 7, false},
		{"street", "440305006", "satisfaction_gap", 100 * (2.0/3 - 0.5), false}, // registered 2/3, non-registered 2/4
	} {
		checkScopeValue(t, wh, "2020", w.scope, w.id, w.indicator, w.value, w.null)
	}

	rows := query(t, wh, `SELECT measure, value FROM equalization
		WHERE period = '2020' AND scope = 'model' AND scope_id = 'zhaoshang' AND indicator_id = 'centres_per_10k'
		AND measure IN ('gini_weighted', 'gini', 'n') ORDER BY measure`)
	got := map[string]float64{}
	for _, r := range rows {
		v, _ := value(t, r, "value")
		got[r["measure"].(string)] = v
	}
	// Unweighted Gini of 1, 1/3, 0: Σᵢ Σⱼ |yᵢ−yⱼ| = 2(2/3 + 1 + 1/3) = 4, n = 3,
	// μ = 4/9, G = 4 / (2·9·4/9) = 0.5.
	for m, want := range map[string]float64{"gini_weighted": 0.5, "gini": 0.5, "n": 3} {
		if !near(got[m], want) {
			t.Errorf("equalization %s = %v, want %v", m, got[m], want)
		}
	}

	// The nearest centre of grid G1 is F1, 0.002° of latitude away.
	rows = query(t, wh, `SELECT nearest_centre_m FROM resident_points WHERE period = '2020' AND point_id = 'G1'`)
	if got, _ := value(t, rows[0], "nearest_centre_m"); !near(got, 6371008.8*0.002*math.Pi/180) {
		t.Errorf("G1 nearest centre = %v m, want %v", got, 6371008.8*0.002*math.Pi/180)
	}

	// Model comparison. Only zhaoshang has a value (pingshan holds just the
	// virtual community), so it ranks 1 and pingshan has no rank. Theil T of
	// centres per 10k over all communities: Σwy = 1e4·1 + 3e4·(1/3) + 0 = 2e4,
	// shares s = 1/2, 1/2, 0 and ȳ = 1/3, so T = ½·ln(1/(1/3)) + ½·ln 1 = ½·ln 3;
	// with one model it is all within-model: between 0, within ½·ln 3.
	rows = query(t, wh, `SELECT model_id, value, rank, theil_t_between_models, theil_t_within_models, theil_t_total
		FROM model_comparison WHERE period = '2020' AND indicator_id = 'centres_per_10k' ORDER BY model_id`)
	if len(rows) != 2 {
		t.Fatalf("model_comparison has %d rows for centres_per_10k, want 2", len(rows))
	}
	if v, ok := value(t, rows[0], "value"); ok || rows[0]["rank"] != nil {
		t.Errorf("pingshan value %v rank %v, want NULL and NULL", v, rows[0]["rank"])
	}
	half := 0.5 * math.Log(3)
	for col, want := range map[string]float64{"value": 1.0 / 3, "rank": 1, "theil_t_between_models": 0,
		"theil_t_within_models": half, "theil_t_total": half} {
		if got, ok := value(t, rows[1], col); !ok || !near(got, want) {
			t.Errorf("zhaoshang %s = %v (null=%v), want %v", col, got, !ok, want)
		}
	}
}

// TestCrossFileDuplicates: two census files of one period both list 五湾.
// Each file alone is clean, so the ingest accepts both; the build takes
// neither row, puts both in quarantine naming the two files, and keeps
// 水湾, which only one file has.
func TestCrossFileDuplicates(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"reg.csv": "社区代码,社区名称\n440305006002,水湾\n440305006003,五湾\n",
		"c1.csv":  "社区代码,常住人口,户数\n440305006002,100,40\n440305006003,200,80\n",
		"c2.csv":  "社区代码,常住人口,户数\n440305006003,210,81\n",
		"s.yaml": "warehouse: wh\nsources:\n  - source: communities\n    period: \"2020\"\n    files: [reg.csv]\n" +
			"  - source: census\n    period: \"2020\"\n    files: [c1.csv, c2.csv]\nreports:\n  skip: true\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mustShequ(t, "run", "--config", filepath.Join(dir, "s.yaml"))
	wh := filepath.Join(dir, "wh")
	rows := query(t, wh, `SELECT file, line, rule, message_en FROM quarantine ORDER BY file, line`)
	if len(rows) != 2 || rows[0]["file"] != "c1.csv" || rows[0]["line"] != float64(3) || rows[1]["file"] != "c2.csv" || rows[1]["line"] != float64(2) {
		t.Fatalf("quarantine = %v, want c1.csv line 3 and c2.csv line 2", rows)
	}
	for _, r := range rows {
		if r["rule"] != "duplicate_key" || !strings.Contains(r["message_en"].(string), "c1.csv, c2.csv") {
			t.Errorf("quarantine row %v: want rule duplicate_key naming both files", r)
		}
	}
	rows = query(t, wh, `SELECT community_code, resident FROM census ORDER BY community_code`)
	if len(rows) != 1 || rows[0]["community_code"] != "440305006002" {
		t.Errorf("census = %v, want only 440305006002", rows)
	}
}

// checkValue checks one community's value of an indicator: want, or, when
// null is not "", NULL with a reason containing null.
func checkValue(t *testing.T, wh, period, community, indicator string, want float64, null string) {
	t.Helper()
	t.Run(period+"/"+community+"/"+indicator, func(t *testing.T) {
		rows := query(t, wh, fmt.Sprintf(`SELECT value, null_reason FROM indicator_values
			WHERE period = '%s' AND community_code = '%s' AND indicator_id = '%s'`, period, community, indicator))
		if len(rows) != 1 {
			t.Fatalf("got %d rows, want 1", len(rows))
		}
		got, ok := value(t, rows[0], "value")
		if null != "" {
			reason, _ := rows[0]["null_reason"].(string)
			if ok || !strings.Contains(reason, null) {
				t.Errorf("got value %v (null=%v) reason %q, want NULL with a reason containing %q", got, !ok, reason, null)
			}
			return
		}
		if !ok || !near(got, want) {
			t.Errorf("got %v (null=%v), want %v", got, !ok, want)
		}
	})
}

// checkScopeValue checks one scope's value of an indicator: want, or NULL.
func checkScopeValue(t *testing.T, wh, period, scope, id, indicator string, want float64, null bool) {
	t.Helper()
	t.Run(period+"/"+scope+"/"+id+"/"+indicator, func(t *testing.T) {
		rows := query(t, wh, fmt.Sprintf(`SELECT value FROM indicator_scope_values
			WHERE period = '%s' AND scope = '%s' AND scope_id = '%s' AND indicator_id = '%s'`, period, scope, id, indicator))
		if len(rows) != 1 {
			t.Fatalf("got %d rows, want 1", len(rows))
		}
		got, ok := value(t, rows[0], "value")
		if null {
			if ok {
				t.Errorf("got %v, want NULL", got)
			}
			return
		}
		if !ok || !near(got, want) {
			t.Errorf("got %v (null=%v), want %v", got, !ok, want)
		}
	})
}

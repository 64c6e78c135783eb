package build

import (
	"context"
	"database/sql"
	"math"
	"testing"

	"shequ/indicators"
	"shequ/schemas"
	"shequ/standards"
)

// TestPlanAttainment holds three communities to two plans and checks
// plan_attainment against values worked out by hand. Communities a and b
// are model tn (district 320402), c is model ps (440310). workers (scale
// 10,000) per community, numerator/denominator:
//
//	      2020          2023
//	a     18/10000=18   18/10000=18
//	b     9/10000=9     15/10000=15
//	c     30/10000=30   30/10000=30
//
// The national plan (all communities) sets ≥ 18, the provincial one (model
// tn only) > 18; both have baseline year 2020 and no published baseline. A
// third plan, on tn, publishes a baseline of 10 for ≥ 18.
//
//   - national, all, 2020: the plan holds the whole scope, so the value is
//     the scope's own, (18+9+30)/30000×10,000 = 19; a and c meet ≥ 18, b is
//     below: status meets, meeting 2, below 1.
//   - provincial, model tn, 2020: (18+9)/20000×10,000 = 13.5; a (18) does not
//     meet > 18: meeting 0, below 2; baseline (measured) 13.5, progress 0.
//   - provincial, model tn, 2023: (18+15)/20000×10,000 = 16.5; progress
//     (16.5 − 13.5) ÷ (18 − 13.5) = 2/3.
//   - provincial, all, 2020: the plan holds 2 of the 3 communities: ratio of
//     their sums, 13.5 (not the scope's 19).
//   - national, model ps, 2023: baseline 30 met ≥ 18 already: no progress.
//   - published baseline, model tn, 2023: (16.5 − 10) ÷ (18 − 10) = 0.8125,
//     baseline_source plan.
//
// sat is a share from a sample against ≥ 0.75: a's value 0.7 with interval
// 0.5–0.85 neither meets nor is surely below; the whole scope's 0.7 with
// interval 0.6–0.8 is uncertain, and at its own baseline (progress 0).
func TestPlanAttainment(t *testing.T) {
	ctx := context.Background()
	conn := testConn(t, "")
	for _, q := range []string{indicators.ValuesDDL()} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := createTables(ctx, conn, "communities", "indicator_catalog"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `
INSERT INTO communities (period, community_code, district_code, model_id)
SELECT p, c, d, m FROM (VALUES ('320402001001', '320402', 'tn'), ('320402001002', '320402', 'tn'), ('440310001001', '440310', 'ps')) x(c, d, m),
     (VALUES ('2020'), ('2023')) y(p);
CREATE TABLE community_scopes AS
SELECT period, community_code, 'all' AS scope, 'all' AS scope_id FROM communities
UNION ALL SELECT period, community_code, 'model', model_id FROM communities
UNION ALL SELECT period, community_code, 'district', district_code FROM communities;
INSERT INTO indicator_catalog (indicator_id, kind, scale, aggregate, run_order) VALUES
	('workers', 'indicator', 10000, 'ratio', 1), ('sat', 'indicator', 1, 'ratio', 2);
INSERT INTO indicator_values (period, community_code, indicator_id, value, numerator, denominator, ci_low, ci_high) VALUES
	('2020', '320402001001', 'workers', 18, 18, 10000, NULL, NULL),
	('2020', '320402001002', 'workers', 9, 9, 10000, NULL, NULL),
	('2020', '440310001001', 'workers', 30, 30, 10000, NULL, NULL),
	('2023', '320402001001', 'workers', 18, 18, 10000, NULL, NULL),
	('2023', '320402001002', 'workers', 15, 15, 10000, NULL, NULL),
	('2023', '440310001001', 'workers', 30, 30, 10000, NULL, NULL),
	('2020', '320402001001', 'sat', 0.7, 14, 20, 0.5, 0.85),
	('2020', '320402001002', 'sat', NULL, NULL, NULL, NULL, NULL),
	('2020', '440310001001', 'sat', NULL, NULL, NULL, NULL, NULL);
INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, ci_low, ci_high) VALUES
	('2020', 'all', 'all', 'workers', 19, NULL, NULL),
	('2020', 'model', 'tn', 'workers', 13.5, NULL, NULL),
	('2023', 'model', 'tn', 'workers', 16.5, NULL, NULL),
	('2023', 'model', 'ps', 'workers', 30, NULL, NULL),
	('2020', 'model', 'ps', 'workers', 30, NULL, NULL),
	('2020', 'all', 'all', 'sat', 0.7, 0.6, 0.8);
`); err != nil {
		t.Fatal(err)
	}
	ten := 10.0
	plan := func(id string, targets ...standards.Target) *standards.Plan {
		return &standards.Plan{ID: id, Kind: standards.KindPlan, TitleZh: id, BaselineYear: 2020, TargetYear: 2025,
			Scope: standards.Scope{Level: standards.LevelNational}, Targets: targets, File: "test"}
	}
	holdings := []standards.Holding{
		{Plan: plan("national", standards.Target{Indicator: "workers", Op: ">=", Value: 18, TextZh: "≥18"},
			standards.Target{Indicator: "sat", Op: ">=", Value: 0.75, TextZh: "≥0.75"}), All: true},
		{Plan: plan("province", standards.Target{Indicator: "workers", Op: ">", Value: 18, TextZh: ">18"}), Models: []string{"tn"}},
		{Plan: plan("published", standards.Target{Indicator: "workers", Op: ">=", Value: 18, Baseline: &ten, TextZh: "≥18"}), Areas: []string{"320402"}},
	}
	cat := &indicators.Catalog{All: []*indicators.Indicator{
		{ID: "workers", Kind: indicators.KindIndicator}, {ID: "sat", Kind: indicators.KindIndicator}}}
	if err := planTables(ctx, conn, holdings, cat); err != nil {
		t.Fatal(err)
	}
	var decls []schemas.Table
	for _, name := range []string{"communities", "indicator_catalog", "indicator_values", "indicator_scope_values",
		"standard_plans", "standard_targets", "plan_communities", "plan_attainment"} {
		d, _ := schemas.DerivedTable(name)
		decls = append(decls, d)
	}
	if _, err := conn.ExecContext(ctx, "DROP TABLE community_scopes"); err != nil {
		t.Fatal(err)
	}
	if err := checkTables(ctx, conn, decls); err != nil {
		t.Errorf("tables differ from their declarations: %v", err)
	}
	var held int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM plan_communities WHERE plan_id = 'province'`).Scan(&held); err != nil {
		t.Fatal(err)
	}
	if held != 4 { // a and b in two periods
		t.Errorf("province holds %d community-periods, want 4", held)
	}
	const none = math.MaxFloat64
	for _, tc := range []struct {
		plan, indicator, period, scope, id string
		value                              float64
		status                             string
		meeting, below                     int
		baseline                           float64
		source                             string
		progress                           float64
	}{
		{"national", "workers", "2020", "all", "all", 19, "meets", 2, 1, 19, "measured", none},
		{"province", "workers", "2020", "model", "tn", 13.5, "below", 0, 2, 13.5, "measured", 0},
		{"province", "workers", "2023", "model", "tn", 16.5, "below", 0, 2, 13.5, "measured", 2.0 / 3},
		{"province", "workers", "2020", "all", "all", 13.5, "below", 0, 2, 13.5, "measured", 0},
		{"national", "workers", "2023", "model", "ps", 30, "meets", 1, 0, 30, "measured", none},
		{"published", "workers", "2023", "model", "tn", 16.5, "below", 1, 1, 10, "plan", 0.8125},
		{"national", "sat", "2020", "all", "all", 0.7, "uncertain", 0, 0, 0.7, "measured", 0},
	} {
		var value, baseline, progress sql.NullFloat64
		var status, source sql.NullString
		var meeting, below int
		err := conn.QueryRowContext(ctx, `SELECT value, status, communities_meeting, communities_below, baseline_value, baseline_source, progress
FROM plan_attainment WHERE plan_id = ? AND indicator_id = ? AND period = ? AND scope = ? AND scope_id = ?`,
			tc.plan, tc.indicator, tc.period, tc.scope, tc.id).Scan(&value, &status, &meeting, &below, &baseline, &source, &progress)
		if err != nil {
			t.Errorf("%+v: %v", tc, err)
			continue
		}
		name := tc.plan + " " + tc.indicator + " " + tc.period + " " + tc.id
		if !value.Valid || math.Abs(value.Float64-tc.value) > 1e-9 {
			t.Errorf("%s: value %v, want %v", name, value, tc.value)
		}
		if status.String != tc.status || meeting != tc.meeting || below != tc.below {
			t.Errorf("%s: status %q meeting %d below %d, want %q %d %d", name, status.String, meeting, below, tc.status, tc.meeting, tc.below)
		}
		if !baseline.Valid || math.Abs(baseline.Float64-tc.baseline) > 1e-9 || source.String != tc.source {
			t.Errorf("%s: baseline %v (%s), want %v (%s)", name, baseline, source.String, tc.baseline, tc.source)
		}
		if tc.progress == none {
			if progress.Valid {
				t.Errorf("%s: progress %v, want NULL", name, progress.Float64)
			}
		} else if !progress.Valid || math.Abs(progress.Float64-tc.progress) > 1e-9 {
			t.Errorf("%s: progress %v, want %v", name, progress, tc.progress)
		}
	}
	// A plan that sets a target for an indicator shequ does not have stops
	// the build with what to do.
	bad := []standards.Holding{{Plan: plan("bad", standards.Target{Indicator: "nope", Op: ">=", Value: 1, TextZh: "x"}), All: true}}
	conn2 := testConn(t, "")
	if err := planTables(ctx, conn2, bad, cat); err == nil {
		t.Error("a target for an unknown indicator was accepted")
	}
}

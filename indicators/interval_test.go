package indicators

import (
	"context"
	"database/sql"
	"math"
	"testing"
	"testing/fstest"
)

// The expected intervals below are worked by hand from Wilson's formula
// with z = 1.959963984540054, on a calculator carried to 40 significant
// digits, so a tolerance of 1e-12 is far wider than their error:
//
//	z² = 3.841458820694125035, z²/2 = 1.920729410347062518, z²/4 = 0.960364705173531259
//	low, high = (x + z²/2 ∓ z·√(x(n−x)/n + z²/4)) ÷ (n + z²)
//
//	x/n    x + z²/2             n + z²               x(n−x)/n + z²/4     z·√(…)               low                  high
//	15/20  16.92072941034706252 23.84145882069412504  4.710364705173531    4.253783262623419481 0.5312991223812560   0.8881382985923343
//	0/25    1.92072941034706252 28.84145882069412504  0.960364705173531    1.920729410347062518 0 (exactly)          0.1331922509390485
//	25/25  26.92072941034706252 28.84145882069412504  0.960364705173531    1.920729410347062518 0.8668077490609515   1 (exactly)
//	14/20  15.92072941034706252 23.84145882069412504  5.160364705173531    4.452339667488038768 0.4810271816464766   0.8545227551323957
//	8/25    9.92072941034706252 28.84145882069412504  6.400364705173531    4.958501532958139024 0.1720519030690798   0.5158973072689776
//	23/45  24.92072941034706252 48.84145882069412504 12.204809149617976    6.847209049144646641 0.3700446464458319   0.6504297624712150
//	56/70  57.92072941034706252 73.84145882069412504 12.160364705173531    6.834730445273344857 0.6918335550374694   0.8769526075163705
//	48/80  49.92072941034706252 83.84145882069412504 20.160364705173531    8.800296064627563151 0.4904546500516039   0.7003817240412906
//	39/70  40.92072941034706252 73.84145882069412504 18.231793276602103    8.368792212707577504 0.4408355105318800   0.6675047109069467
//	65/80  66.92072941034706252 83.84145882069412504 13.147864705173531    7.106826355341871116 0.7134167737100688   0.8829468953302268
//	51/90  52.92072941034706252 93.84145882069412504 23.060364705173531    9.411983925034739335 0.4636409752372443   0.6642342746875122
//
// (15/20 is 0.5313 to 0.8881 and 0/25 is 0 to 0.1332, as every Wilson
// table has them.) Newcombe's hybrid score interval (method 10 of
// Newcombe 1998) of p1 − p2 from the Wilson intervals [l1, u1], [l2, u2]:
//
//	low  = d − √((p1 − l1)² + (u2 − p2)²)
//	high = d + √((u1 − p1)² + (p2 − l2)²)
//
//	56/70 − 48/80: d = 0.8 − 0.6 = 0.2
//	  p1 − l1 = 0.1081664449625306, u2 − p2 = 0.1003817240412906 → low  = 0.2 − 0.1475685275976351 = 0.0524314724023649
//	  u1 − p1 = 0.0769526075163705, p2 − l2 = 0.1095453499483961 → high = 0.2 + 0.1338726540369060 = 0.3338726540369060
//	  Newcombe 1998, Table II, example (a), method 10: 0.0524 to 0.3339.
//	9/10 − 3/10: d = 0.9 − 0.3 = 0.6, with 9/10 0.5958499732047615 to 0.9821237869049271
//	  and 3/10 0.1077912674063010 to 0.6032218525388546 (Wilson, as above)
//	  p1 − l1 = 0.3041500267952385, u2 − p2 = 0.3032218525388546 → low  = 0.6 − 0.4294772760654971 = 0.1705227239345029
//	  u1 − p1 = 0.0821237869049271, p2 − l2 = 0.1922087325936990 → high = 0.6 + 0.2090179735354880 = 0.8090179735354880
//	65/80 − 51/90: d = 0.8125 − 0.5666666666666667 = 0.2458333333333333
//	  p1 − l1 = 0.0990832262899312, u2 − p2 = 0.0975676080208455 → low  = 0.2458333333333333 − 0.1390572682995429 = 0.1067760650337904
//	  u1 − p1 = 0.0704468953302268, p2 − l2 = 0.1030256914294224 → high = 0.2458333333333333 + 0.1248080852997052 = 0.3706414186330385
//
// The gap indicator has scale 100 (percentage points), so its value and
// ends are these times 100.
const intervalFixture = `
CREATE TABLE communities (period VARCHAR, community_code VARCHAR, street VARCHAR);
INSERT INTO communities VALUES ('2020', 'a', 's1'), ('2020', 'e', 's1'),
	('2020', 'b', 's2'), ('2020', 'c', 's2'), ('2020', 'd', 's2'),
	('2020', 'f', 's3'), ('2020', 'g', 's4'), ('2020', 'h', 's4');
CREATE TABLE community_scopes AS SELECT period, community_code, 'street' AS scope, street AS scope_id FROM communities;
-- satisfied / respondents, and of them registered and non-registered
CREATE TABLE answers (period VARCHAR, community_code VARCHAR, yes BIGINT, n BIGINT, reg_yes BIGINT, reg_n BIGINT, non_yes BIGINT, non_n BIGINT);
INSERT INTO answers VALUES
	('2020', 'a', 15, 20, NULL, NULL, NULL, NULL),
	('2020', 'e',  8, 25, NULL, NULL, NULL, NULL),
	('2020', 'b',  0, 25, NULL, NULL, NULL, NULL),
	('2020', 'c', 25, 25, NULL, NULL, NULL, NULL),
	('2020', 'd', 14, 20, NULL, NULL, NULL, NULL),
	('2020', 'f',  0,  0, NULL, NULL, NULL, NULL),
	('2020', 'g', 104, 150, 56, 70, 48, 80),
	('2020', 'h', 12,  20,  9, 10,  3, 10);
CREATE TABLE measured (period VARCHAR, community_code VARCHAR, x DOUBLE, y DOUBLE);
INSERT INTO measured SELECT period, community_code, 4, 10 FROM communities WHERE street = 's1';
INSERT INTO measured SELECT period, community_code, 5, 10 FROM communities WHERE street <> 's1';
`

// intervalCatalog declares, over the fixture: share (Wilson, standard ≥
// 0.75), low_share (the same counts, Wilson, standard ≤ 0.3: lower is
// better), exact (x ÷ y with no interval, standard ≥ 0.5), strict (the
// same, standard > 0.5), reg and non (Wilson) and gap = (reg − non) × 100
// (Newcombe, standard ≤ 10 percentage points).
func intervalCatalog(t *testing.T) *Catalog {
	t.Helper()
	share := func(id, extra, yes, n string) *fstest.MapFile {
		return decl(id, "-- interval: wilson\n-- depends_on: communities, answers\n"+extra,
			"SELECT c.period, c.community_code, a."+yes+" AS numerator, a."+n+" AS denominator\n"+
				"FROM communities c LEFT JOIN answers a USING (period, community_code)")
	}
	fsys := fstest.MapFS{
		"share.sql":     share("share", "", "yes", "n"),
		"low_share.sql": share("low_share", "", "yes", "n"),
		"reg.sql":       share("reg", "", "reg_yes", "reg_n"),
		"non.sql":       share("non", "", "non_yes", "non_n"),
		"exact.sql": decl("exact", "-- depends_on: communities, measured\n",
			`SELECT c.period, c.community_code, e.x AS numerator, e.y AS denominator FROM communities c LEFT JOIN measured e USING (period, community_code)`),
		"strict.sql": decl("strict", "-- depends_on: communities, measured\n",
			`SELECT c.period, c.community_code, e.x AS numerator, e.y AS denominator FROM communities c LEFT JOIN measured e USING (period, community_code)`),
		"gap.sql": decl("gap", "-- aggregate: difference\n-- difference_of: reg, non\n-- interval: newcombe\n-- scale: 100\n-- depends_on: communities, reg, non\n",
			`SELECT c.period, c.community_code, r.value AS numerator, n.value AS denominator FROM communities c
LEFT JOIN indicator_values r ON r.indicator_id = 'reg' AND r.period = c.period AND r.community_code = c.community_code
LEFT JOIN indicator_values n ON n.indicator_id = 'non' AND n.period = c.period AND n.community_code = c.community_code`),
	}
	cat, err := load(fsys, []string{"communities", "answers", "measured"})
	if err != nil {
		t.Fatal(err)
	}
	cat.applyStandards(testPlan(target("share", ">=", 0.75), target("low_share", "<=", 0.3), target("exact", ">=", 0.5),
		target("strict", ">", 0.5), target("gap", "<=", 10)))
	return cat
}

func TestRunIntervals(t *testing.T) {
	db := openFixture(t)
	ctx := context.Background()
	if _, err := db.Exec(`DROP TABLE communities; DROP TABLE community_scopes;` + intervalFixture); err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, db, intervalCatalog(t)); err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	null := math.NaN()
	t.Run("communities", func(t *testing.T) {
		for _, tc := range []struct {
			indicator, community string
			value, low, high     float64 // NaN: NULL
			below                string  // "": NULL
		}{
			// 0.75 meets ≥ 0.75, but the interval reaches down to 0.531.
			{"share", "a", 0.75, 0.5312991223812560, 0.8881382985923343, Uncertain},
			{"share", "b", 0, 0, 0.1331922509390485, Below},
			{"share", "c", 1, 0.8668077490609515, 1, Meets},
			// 0.70 misses 0.75, but the interval reaches up to 0.855: not surely below.
			{"share", "d", 0.7, 0.4810271816464766, 0.8545227551323957, Uncertain},
			// 0.32: even the high end 0.516 is below 0.75.
			{"share", "e", 0.32, 0.1720519030690798, 0.5158973072689776, Below},
			{"share", "f", null, null, null, ""},
			// Lower is better (≤ 0.3): the best end is the low one.
			{"low_share", "b", 0, 0, 0.1331922509390485, Meets},
			{"low_share", "c", 1, 0.8668077490609515, 1, Below},
			{"low_share", "e", 0.32, 0.1720519030690798, 0.5158973072689776, Uncertain},
			// Exact: the value alone decides, never uncertain.
			{"exact", "a", 0.4, null, null, Below},
			{"exact", "b", 0.5, null, null, Meets},
			// 0.5 is not > 0.5.
			{"strict", "b", 0.5, null, null, Below},
			// 20 misses ≤ 10, but the interval reaches down to 5.24.
			{"gap", "g", 20, 5.24314724023649, 33.38726540369060, Uncertain},
			// Even the low end 17.05 misses ≤ 10.
			{"gap", "h", 60, 17.05227239345029, 80.90179735354880, Below},
			{"gap", "a", null, null, null, ""},
		} {
			t.Run(tc.indicator+"/"+tc.community, func(t *testing.T) {
				var v, lo, hi sql.NullFloat64
				var below sql.NullString
				if err := db.QueryRow(`SELECT value, ci_low, ci_high, below_standard FROM indicator_values
					WHERE indicator_id = ? AND community_code = ?`, tc.indicator, tc.community).Scan(&v, &lo, &hi, &below); err != nil {
					t.Fatal(err)
				}
				checkFloat(t, "value", v, tc.value, tol)
				checkFloat(t, "ci_low", lo, tc.low, tol)
				checkFloat(t, "ci_high", hi, tc.high, tol)
				if below.String != tc.below {
					t.Errorf("below_standard = %q, want %q", below.String, tc.below)
				}
			})
		}
	})
	t.Run("published", func(t *testing.T) {
		// Newcombe 1998, Table II, method 10, to the paper's four decimals:
		// (a) 56/70 − 48/80: 0.0524 to 0.3339.
		var lo, hi float64
		if err := db.QueryRow(`SELECT ci_low / 100, ci_high / 100 FROM indicator_values WHERE indicator_id = 'gap' AND community_code = 'g'`).Scan(&lo, &hi); err != nil {
			t.Fatal(err)
		}
		if math.Abs(lo-0.0524) > 0.00005 || math.Abs(hi-0.3339) > 0.00005 {
			t.Errorf("56/70 − 48/80: %.6f to %.6f, want 0.0524 to 0.3339", lo, hi)
		}
	})
	t.Run("scopes", func(t *testing.T) {
		for _, tc := range []struct {
			indicator, street string
			value, low, high  float64
			meeting, below    int64 // -1: NULL
		}{
			// s1 pools a and e: (15 + 8) ÷ (20 + 25) = 23/45. a meets by its
			// value (0.75), e is surely below.
			{"share", "s1", 23.0 / 45, 0.3700446464458319, 0.6504297624712150, 1, 1},
			// s2 pools b, c and d: (0 + 25 + 14) ÷ (25 + 25 + 20) = 39/70; b is
			// surely below, c meets, d misses by its value but its interval
			// reaches 0.75: counted in neither.
			{"share", "s2", 39.0 / 70, 0.4408355105318800, 0.6675047109069467, 1, 1},
			{"exact", "s1", 0.4, null, null, 0, 2},
			{"exact", "s2", 0.5, null, null, 3, 0},
			{"strict", "s2", 0.5, null, null, 0, 3},
			// s3 holds only f, nobody surveyed: no value, nothing counted.
			{"share", "s3", null, null, null, 0, 0},
			{"reg", "s4", 65.0 / 80, 0.7134167737100688, 0.8829468953302268, -1, -1},
			{"non", "s4", 51.0 / 90, 0.4636409752372443, 0.6642342746875122, -1, -1},
			// s4 pools g and h: 65/80 − 51/90.
			// g is uncertain and h surely below ≤ 10; neither meets it.
			{"gap", "s4", 24.58333333333333, 10.67760650337904, 37.06414186330385, 0, 1},
			// s1 has no reg or non values: no gap, no interval.
			{"gap", "s1", null, null, null, 0, 0},
		} {
			t.Run(tc.indicator+"/"+tc.street, func(t *testing.T) {
				var v, lo, hi sql.NullFloat64
				var meeting, below sql.NullInt64
				if err := db.QueryRow(`SELECT value, ci_low, ci_high, communities_meeting_standard, communities_below_standard
					FROM indicator_scope_values WHERE indicator_id = ? AND scope = 'street' AND scope_id = ?`,
					tc.indicator, tc.street).Scan(&v, &lo, &hi, &meeting, &below); err != nil {
					t.Fatal(err)
				}
				checkFloat(t, "value", v, tc.value, tol)
				checkFloat(t, "ci_low", lo, tc.low, tol)
				checkFloat(t, "ci_high", hi, tc.high, tol)
				checkCount(t, "communities_meeting_standard", meeting, tc.meeting)
				checkCount(t, "communities_below_standard", below, tc.below)
			})
		}
	})
}

// checkFloat compares a nullable number with want (NaN: NULL).
func checkFloat(t *testing.T, name string, got sql.NullFloat64, want, tol float64) {
	t.Helper()
	switch {
	case math.IsNaN(want) && got.Valid:
		t.Errorf("%s = %v, want NULL", name, got.Float64)
	case !math.IsNaN(want) && (!got.Valid || math.Abs(got.Float64-want) > tol):
		t.Errorf("%s = %v (valid %v), want %v", name, got.Float64, got.Valid, want)
	}
}

// checkCount compares a nullable count with want (-1: NULL).
func checkCount(t *testing.T, name string, got sql.NullInt64, want int64) {
	t.Helper()
	if (want < 0 && got.Valid) || (want >= 0 && (!got.Valid || got.Int64 != want)) {
		t.Errorf("%s = %v (valid %v), want %d", name, got.Int64, got.Valid, want)
	}
}

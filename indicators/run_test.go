package indicators

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strings"
	"testing"
	"testing/fstest"

	"shequ/internal/warehouse"
	"shequ/standards"
)

// fixture: three communities of one street, with events whose hours to
// close are worked out by hand below.
const fixtureSQL = `
CREATE TABLE communities (period VARCHAR, community_code VARCHAR);
INSERT INTO communities VALUES ('2020', 'a'), ('2020', 'b'), ('2020', 'c');
CREATE TABLE community_scopes (period VARCHAR, community_code VARCHAR, scope VARCHAR, scope_id VARCHAR);
INSERT INTO community_scopes SELECT period, community_code, 'street', 's1' FROM communities;
CREATE TABLE events (period VARCHAR, community_code VARCHAR, hours DOUBLE);
-- a: 1, 2, 3 (median 2); b: 10 (median 10); c: none
INSERT INTO events VALUES ('2020', 'a', 1), ('2020', 'a', 2), ('2020', 'a', 3), ('2020', 'b', 10);
CREATE TABLE shares (period VARCHAR, community_code VARCHAR, x DOUBLE, y DOUBLE);
INSERT INTO shares VALUES ('2020', 'a', 3, 4), ('2020', 'b', 1, 4), ('2020', 'c', 0, 0);
`

func decl(id, extra, body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("-- id: " + id + `
-- name_zh: 测试
-- name_en: test
-- unit_zh: 个
-- unit_en: unit
-- format: decimal2
-- direction: higher_is_better
-- numerator_zh: 分子
-- numerator_en: numerator
-- denominator_zh: 分母
-- denominator_en: denominator
-- formula_zh: 分子 ÷ 分母
-- formula_en: numerator ÷ denominator
-- description_zh: 测试
-- description_en: test
` + extra + body)}
}

func openFixture(t *testing.T) *sql.DB {
	t.Helper()
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(fixtureSQL + ValuesDDL()); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestRunAggregates(t *testing.T) {
	fsys := fstest.MapFS{
		"event_hours.sql": {Data: []byte("-- id: event_hours\n-- kind: view\n-- name_zh: 用时\n-- name_en: hours\n-- depends_on: events\nSELECT period, community_code, hours AS x FROM events\n")},
		// Median hours: a 2 (of 1, 2, 3), b 10, c none. The street's median
		// is over all four events, 1 2 3 10 → 2.5, not the mean of the
		// community medians (6). Against the standard ≤ 5, a (2) meets it
		// and b (10) is below it.
		"median_hours.sql": decl("median_hours", "-- aggregate: median\n-- detail: event_hours\n-- depends_on: communities, event_hours\n",
			`SELECT c.period, c.community_code, h.m AS numerator, coalesce(h.n, 0) AS denominator
FROM communities c LEFT JOIN (SELECT period, community_code, median(x) AS m, count(*) AS n FROM event_hours GROUP BY ALL) h USING (period, community_code)`),
		// Shares x/y: a 3/4, b 1/4; the street's ratio of sums is 4/8 = 0.5.
		"share_x.sql": decl("share_x", "-- depends_on: communities, shares\n",
			`SELECT period, community_code, x AS numerator, y AS denominator FROM shares`),
		// Difference of share_x and itself scaled: a (0.75 − 0.75) = 0.
		// Against the strict standard > 0, a and b (both 0) are below it.
		"diff.sql": decl("diff", "-- aggregate: difference\n-- difference_of: share_x, share_x\n-- scale: 100\n-- depends_on: communities, share_x\n",
			`SELECT c.period, c.community_code, v.value AS numerator, v.value AS denominator FROM communities c
LEFT JOIN indicator_values v ON v.indicator_id = 'share_x' AND v.period = c.period AND v.community_code = c.community_code`),
		// Leaves community c out: it gets a "not computed" row.
		"partial.sql": decl("partial", "-- depends_on: communities, shares\n",
			`SELECT period, community_code, x AS numerator, y AS denominator FROM shares WHERE community_code <> 'c'`),
	}
	cat, err := load(fsys, []string{"communities", "events", "shares"})
	if err != nil {
		t.Fatal(err)
	}
	cat.applyStandards(testPlan(target("median_hours", "<=", 5), target("diff", ">", 0)))
	db := openFixture(t)
	ctx := context.Background()
	if err := CreateViews(ctx, db, cat); err != nil {
		t.Fatal(err)
	}
	if err := Run(ctx, db, cat); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		indicator, community string
		want                 float64 // NaN: NULL
		reason               string
	}{
		{"median_hours", "a", 2, ""},
		{"median_hours", "b", 10, ""},
		{"median_hours", "c", math.NaN(), "denominator is 0"},
		{"share_x", "a", 0.75, ""},
		{"share_x", "c", math.NaN(), "denominator is 0"},
		{"diff", "a", 0, ""},
		{"diff", "c", math.NaN(), "missing denominator"},
		{"partial", "c", math.NaN(), "not computed"},
	} {
		var v sql.NullFloat64
		var reason sql.NullString
		err := db.QueryRow(`SELECT value, null_reason FROM indicator_values WHERE indicator_id = ? AND community_code = ?`,
			tc.indicator, tc.community).Scan(&v, &reason)
		if err != nil {
			t.Fatalf("%s %s: %v", tc.indicator, tc.community, err)
		}
		if math.IsNaN(tc.want) {
			if v.Valid || !contains(reason.String, tc.reason) {
				t.Errorf("%s %s = %v (reason %q), want NULL with %q", tc.indicator, tc.community, v.Float64, reason.String, tc.reason)
			}
		} else if !v.Valid || math.Abs(v.Float64-tc.want) > 1e-12 {
			t.Errorf("%s %s = %v (valid %v), want %v", tc.indicator, tc.community, v.Float64, v.Valid, tc.want)
		}
	}
	for id, want := range map[string]float64{"median_hours": 2.5, "share_x": 0.5, "diff": 0} {
		var v float64
		if err := db.QueryRow(`SELECT value FROM indicator_scope_values WHERE indicator_id = ? AND scope_id = 's1'`, id).Scan(&v); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if math.Abs(v-want) > 1e-12 {
			t.Errorf("street value of %s = %v, want %v", id, v, want)
		}
	}
	// Exact values: below_standard follows the value alone, and the street
	// counts the communities meeting and below the standard.
	for _, tc := range []struct {
		indicator, community, below string // "": NULL
	}{
		{"median_hours", "a", Meets}, {"median_hours", "b", Below}, {"median_hours", "c", ""},
		{"diff", "a", Below}, {"diff", "b", Below}, {"diff", "c", ""},
		{"share_x", "a", ""}, // no standard
	} {
		var below sql.NullString
		if err := db.QueryRow(`SELECT below_standard FROM indicator_values WHERE indicator_id = ? AND community_code = ?`,
			tc.indicator, tc.community).Scan(&below); err != nil {
			t.Fatalf("%s %s: %v", tc.indicator, tc.community, err)
		}
		if below.String != tc.below {
			t.Errorf("%s %s: below_standard = %q, want %q", tc.indicator, tc.community, below.String, tc.below)
		}
	}
	for _, tc := range []struct {
		indicator      string
		meeting, below int64 // -1: NULL
	}{
		{"median_hours", 1, 1},
		{"diff", 0, 2},
		{"share_x", -1, -1},
	} {
		var meeting, below sql.NullInt64
		if err := db.QueryRow(`SELECT communities_meeting_standard, communities_below_standard FROM indicator_scope_values
			WHERE indicator_id = ? AND scope_id = 's1'`, tc.indicator).Scan(&meeting, &below); err != nil {
			t.Fatalf("%s: %v", tc.indicator, err)
		}
		checkCount(t, tc.indicator+" communities_meeting_standard", meeting, tc.meeting)
		checkCount(t, tc.indicator+" communities_below_standard", below, tc.below)
	}
}

func TestRunDuplicateRows(t *testing.T) {
	fsys := fstest.MapFS{
		"twice.sql": decl("twice", "-- depends_on: communities\n",
			`SELECT period, community_code, 1 AS numerator, 1 AS denominator FROM communities
UNION ALL SELECT period, community_code, 1, 1 FROM communities WHERE community_code = 'b'`),
	}
	cat, err := load(fsys, []string{"communities"})
	if err != nil {
		t.Fatal(err)
	}
	db := openFixture(t)
	if err := Run(context.Background(), db, cat); !errors.Is(err, ErrDuplicateRows) {
		t.Fatalf("Run = %v, want ErrDuplicateRows", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestRunOutOfRange feeds one ratio indicator (x ÷ y) inputs that are not
// finite or beyond ±2^53 and checks that no value is ±Inf or NaN, that
// each such value is NULL with a reason naming the community, and that
// scopes whose sums go out of range are NULL with a reason naming the
// scope. Worked by hand (2^53 = 9007199254740992):
//
//	community  street  x       y                     value
//	a          s1      3       4                     0.75
//	b          s1      +Inf    4                     NULL: numerator out of range in b
//	c          s1      1       9223372036854775807   NULL: denominator out of range in c (> 2^53)
//	d          s1      1e300   1                     NULL: numerator out of range in d
//	h          s1      NaN     1                     NULL: numerator out of range in h
//	e          s2      2^53    1                     2^53 (at the bound: in range)
//	f          s2      2^53    1                     2^53
//	g          s3      1       1e-320                NULL: 1 ÷ 1e-320 is +Inf
//
// Scopes sum the numerators of communities with a denominator and the
// denominators of those with a numerator (out-of-range inputs are NULL):
// s1 = 3 ÷ 4 = 0.75; s2: the numerators sum
// to 2^54 > 2^53 → NULL; s3: 1 ÷ 1e-320 = +Inf → NULL; all: 3 + 2^54 + 1
// > 2^53 → NULL.
func TestRunOutOfRange(t *testing.T) {
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`
CREATE TABLE communities (period VARCHAR, community_code VARCHAR, street VARCHAR);
INSERT INTO communities VALUES ('2020', 'a', 's1'), ('2020', 'b', 's1'), ('2020', 'c', 's1'), ('2020', 'd', 's1'),
	('2020', 'h', 's1'), ('2020', 'e', 's2'), ('2020', 'f', 's2'), ('2020', 'g', 's3');
CREATE TABLE community_scopes AS
	SELECT period, community_code, 'street' AS scope, street AS scope_id FROM communities
	UNION ALL SELECT period, community_code, 'all', 'all' FROM communities;
CREATE TABLE extreme (period VARCHAR, community_code VARCHAR, x DOUBLE, y DOUBLE);
INSERT INTO extreme VALUES ('2020', 'a', 3, 4), ('2020', 'b', 'inf', 4), ('2020', 'c', 1, 9223372036854775807),
	('2020', 'd', 1e300, 1), ('2020', 'h', 'nan', 1), ('2020', 'e', 9007199254740992, 1), ('2020', 'f', 9007199254740992, 1),
	('2020', 'g', 1, 1e-320);
` + ValuesDDL()); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"ratio.sql": decl("ratio", "-- depends_on: communities, extreme\n",
			`SELECT c.period, c.community_code, e.x AS numerator, e.y AS denominator
FROM communities c LEFT JOIN extreme e USING (period, community_code)`),
	}
	cat, err := load(fsys, []string{"communities", "extreme"})
	if err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), db, cat); err != nil {
		t.Fatalf("Run: %v", err)
	}
	// A case with a reason wants a NULL value with that reason.
	for _, tc := range []struct {
		community string
		want      float64
		reason    string
	}{
		{"a", 0.75, ""},
		{"b", 0, "numerator out of range in community b"},
		{"c", 0, "denominator out of range in community c"},
		{"d", 0, "numerator out of range in community d"},
		{"h", 0, "numerator out of range in community h"},
		{"e", 9007199254740992, ""},
		{"f", 9007199254740992, ""},
		{"g", 0, "the value of community g is not a finite number"},
	} {
		t.Run(tc.community, func(t *testing.T) {
			var v, num, den sql.NullFloat64
			var reason sql.NullString
			if err := db.QueryRow(`SELECT value, numerator, denominator, null_reason FROM indicator_values
				WHERE indicator_id = 'ratio' AND community_code = ?`, tc.community).Scan(&v, &num, &den, &reason); err != nil {
				t.Fatal(err)
			}
			for _, x := range []sql.NullFloat64{v, num, den} {
				if x.Valid && (math.IsInf(x.Float64, 0) || math.IsNaN(x.Float64)) {
					t.Errorf("got a non-finite number in value %v numerator %v denominator %v", v, num, den)
				}
			}
			if tc.reason != "" {
				if v.Valid || !strings.Contains(reason.String, tc.reason) {
					t.Errorf("got %v (reason %q), want NULL with a reason containing %q", v.Float64, reason.String, tc.reason)
				}
				return
			}
			if !v.Valid || v.Float64 != tc.want || reason.Valid {
				t.Errorf("got %v (valid %v, reason %q), want %v", v.Float64, v.Valid, reason.String, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		scope, id string
		want      float64
		reason    string
	}{
		{"street", "s1", 0.75, ""},
		{"street", "s2", 0, "the sum of numerators in street s2 is out of range"},
		{"street", "s3", 0, "the value in street s3 is not a finite number"},
		{"all", "all", 0, "the sum of numerators in all all is out of range"},
	} {
		t.Run(tc.scope+"/"+tc.id, func(t *testing.T) {
			var v, num sql.NullFloat64
			var reason sql.NullString
			if err := db.QueryRow(`SELECT value, numerator, null_reason FROM indicator_scope_values
				WHERE indicator_id = 'ratio' AND scope = ? AND scope_id = ?`, tc.scope, tc.id).Scan(&v, &num, &reason); err != nil {
				t.Fatal(err)
			}
			if num.Valid && (math.IsInf(num.Float64, 0) || math.IsNaN(num.Float64)) {
				t.Errorf("numerator %v is not finite", num.Float64)
			}
			if tc.reason != "" {
				if v.Valid || !strings.Contains(reason.String, tc.reason) {
					t.Errorf("got %v (reason %q), want NULL with a reason containing %q", v.Float64, reason.String, tc.reason)
				}
				return
			}
			if !v.Valid || v.Float64 != tc.want || reason.Valid {
				t.Errorf("got %v (valid %v, reason %q), want %v", v.Float64, v.Valid, reason.String, tc.want)
			}
		})
	}
}

// TestValuesDDL creates the two tables Run fills from their declarations,
// with the columns Run writes, in order.
func TestValuesDDL(t *testing.T) {
	db := openFixture(t)
	got := map[string]string{}
	rows, err := db.Query(`SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY column_index)
		FROM duckdb_columns() WHERE table_name LIKE 'indicator_%' GROUP BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, cols string
		if err := rows.Scan(&table, &cols); err != nil {
			t.Fatal(err)
		}
		got[table] = cols
	}
	for table, want := range map[string]string{
		"indicator_values": "period VARCHAR, community_code VARCHAR, indicator_id VARCHAR, value DOUBLE, numerator DOUBLE, denominator DOUBLE, " +
			"ci_low DOUBLE, ci_high DOUBLE, below_standard VARCHAR, null_reason VARCHAR",
		"indicator_scope_values": "period VARCHAR, scope VARCHAR, scope_id VARCHAR, indicator_id VARCHAR, value DOUBLE, numerator DOUBLE, " +
			"denominator DOUBLE, ci_low DOUBLE, ci_high DOUBLE, communities BIGINT, communities_with_value BIGINT, " +
			"communities_meeting_standard BIGINT, communities_below_standard BIGINT, null_reason VARCHAR",
	} {
		if got[table] != want {
			t.Errorf("%s: %s\nwant %s", table, got[table], want)
		}
	}
}

// testPlan is a plan of the given targets, for fixtures.
func testPlan(targets ...standards.Target) []*standards.Plan {
	return []*standards.Plan{{ID: "test", Kind: standards.KindPlan, TitleZh: "test", Targets: targets}}
}

// target is a target of testPlan.
func target(indicator, op string, v float64) standards.Target {
	return standards.Target{Indicator: indicator, Op: op, Value: v, TextZh: op}
}

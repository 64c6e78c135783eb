package build

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/google/go-cmp/cmp"

	"shequ/indicators"
	"shequ/internal/inequality"
	"shequ/internal/warehouse"
)

// countingAllocator counts the allocations made through it, so a test can
// tell that the columns really were built in the allocator it checks.
type countingAllocator struct {
	memory.Allocator
	n atomic.Int64
}

func (a *countingAllocator) Allocate(size int) []byte {
	a.n.Add(1)
	return a.Allocator.Allocate(size)
}

// testConn opens an in-memory database, runs setup ("" for none) and
// returns a connection to it; both close when the test ends.
func testConn(t *testing.T, setup string) *sql.Conn {
	t.Helper()
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if setup == "" {
		return conn
	}
	if _, err := conn.ExecContext(context.Background(), setup); err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestAccessibilityColumns runs the accessibility step on a hand-made
// database and checks resident_points, with the points' columns built in a
// checked allocator that must end empty.
func TestAccessibilityColumns(t *testing.T) {
	conn := testConn(t, `
CREATE TABLE grid (period VARCHAR, community_code VARCHAR, grid_id VARCHAR, lat DOUBLE, lon DOUBLE, households BIGINT);
CREATE TABLE census (period VARCHAR, community_code VARCHAR, resident BIGINT);
CREATE TABLE communities (period VARCHAR, community_code VARCHAR, lat DOUBLE, lon DOUBLE);
CREATE TABLE service_centres (period VARCHAR, facility_id VARCHAR, lat DOUBLE, lon DOUBLE, floor_area_m2 DOUBLE);
INSERT INTO grid VALUES ('2020', 'A', 'G1', 0.002, 0, 30), ('2020', 'A', 'G2', 0, 0.5, 10);
INSERT INTO census VALUES ('2020', 'A', 400), ('2020', 'B', 100), ('2021', 'B', 50);
INSERT INTO communities VALUES ('2020', 'A', 1, 1), ('2020', 'B', 0, 0), ('2021', 'B', 0, 0);
INSERT INTO service_centres VALUES ('2020', 'F1', 0, 0, 500);`)
	checked := memory.NewCheckedAllocator(memory.NewGoAllocator())
	mem := &countingAllocator{Allocator: checked}
	if err := accessibility(context.Background(), conn, 1000, mem); err != nil {
		t.Fatal(err)
	}
	checked.AssertSize(t, 0)
	if mem.n.Load() == 0 {
		t.Error("no column was built in the allocator: the check above proves nothing")
	}

	// Working, catchment d0 = 1000 m, R = 6,371,008.8 m:
	// - A's 400 residents go to its grids by households: G1 400·30/40 = 300,
	//   G2 400·10/40 = 100; B has no grid, so its 100 sit on its centroid.
	// - G1 is 0.002° of latitude north of F1: d = R·0.002·π/180 = 222.39 m.
	//   B is on F1: d = 0. G2 is 0.5° of longitude east on the equator:
	//   R·0.5·π/180 = 55,597 m, beyond the nearest-centre search (50·d0),
	//   so NULL, and outside the catchment, so its access is 0.
	// - Uniform 2SFCA: F1 serves 300 + 100 = 400 residents: 500/400 = 1.25
	//   m² each for G1 and B.
	// - Gaussian 2SFCA (Dai 2010): G(d) = (e^(−½(d/d0)²) − e^(−½))/(1 − e^(−½)),
	//   F1's ratio r = 500 / (300·G(d1) + 100·G(0)), G1 gets G(d1)·r, B gets r.
	// - 2021 has no centre: distance and access are NULL.
	d1 := 6371008.8 * 0.002 * math.Pi / 180
	g := func(d float64) float64 {
		x := d / 1000
		return (math.Exp(-0.5*x*x) - math.Exp(-0.5)) / (1 - math.Exp(-0.5))
	}
	r := 500 / (300*g(d1) + 100*g(0))
	f := func(v float64) string { return fmt.Sprintf("%.9g", v) }
	want := []string{
		"2020 A G1 grid 300 " + f(d1) + " " + f(g(d1)*r) + " 1.25",
		"2020 A G2 grid 100 NULL 0 0",
		"2020 B B community 100 0 " + f(r) + " 1.25",
		"2021 B B community 50 NULL NULL NULL",
	}
	rows, err := conn.QueryContext(context.Background(), `SELECT period, community_code, point_id, kind, residents,
		nearest_centre_m, access_gaussian, access_uniform FROM resident_points ORDER BY ALL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var p, c, id, kind string
		var res float64
		var d, ga, u sql.NullFloat64
		if err := rows.Scan(&p, &c, &id, &kind, &res, &d, &ga, &u); err != nil {
			t.Fatal(err)
		}
		s := func(v sql.NullFloat64) string {
			if !v.Valid {
				return "NULL"
			}
			return f(v.Float64)
		}
		got = append(got, strings.Join([]string{p, c, id, kind, f(res), s(d), s(ga), s(u)}, " "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("resident_points (-want +got):\n%s", diff)
	}
}

// TestEqualizeOneAcrossBatches reads more rows than one Arrow batch (2,048)
// holds, so that a street, a district and a model continue from one batch
// into the next, and checks every scope gets all of its communities.
func TestEqualizeOneAcrossBatches(t *testing.T) {
	// 2020: district D1 with street S1 (communities 0–2999, model m) and
	// street S2 (3000–3099, no model); district D2 with street S3
	// (3100–3199, model m). 2021: one community in D1/S1. Community i has
	// value i+1 and weight 1; one NULL value in 2020 is skipped.
	conn := testConn(t, `
CREATE TABLE communities AS
SELECT '2020' AS period, printf('%05d', i) AS community_code,
       CASE WHEN i < 3000 THEN 'S1' WHEN i < 3100 THEN 'S2' ELSE 'S3' END AS street_code,
       CASE WHEN i < 3100 THEN 'D1' ELSE 'D2' END AS district_code,
       CASE WHEN i < 3000 OR i >= 3100 THEN 'm' END AS model_id
FROM range(3200) t(i)
UNION ALL SELECT '2021', '00000', 'S1', 'D1', 'm';
CREATE TABLE indicator_values AS
SELECT period, community_code, 'x' AS indicator_id,
       CASE WHEN period = '2020' AND community_code = '03199' THEN NULL ELSE community_code::INTEGER + 1 END::DOUBLE AS value,
       1::DOUBLE AS denominator
FROM communities;`)
	type scope struct {
		period, scope, id string
		n                 int
		sum               float64
		groups            string
	}
	var got []scope
	emit := func(period, sc, id string, obs []inequality.Obs) {
		if len(obs) == 0 {
			return
		}
		s := scope{period: period, scope: sc, id: id, n: len(obs)}
		seen := map[string]bool{}
		for _, o := range obs {
			s.sum += o.Value
			if !seen[o.Group] {
				seen[o.Group] = true
				s.groups += "[" + o.Group + "]"
			}
		}
		got = append(got, s)
	}
	if err := equalizeOne(context.Background(), conn, &indicators.Indicator{ID: "x"}, emit); err != nil {
		t.Fatal(err)
	}
	// Sums of values i+1: S1 = 1..3000 = 3000·3001/2 = 4,501,500;
	// S2 = 3001..3100 = 100·(3001+3100)/2 = 305,050; S3 = 3101..3199 (3200
	// is NULL) = 99·(3101+3199)/2 = 311,850. Streets are not grouped; the
	// others group by street, and "all" by model ("" for no model).
	want := []scope{
		{"2020", "street", "S1", 3000, 4501500, "[]"},
		{"2020", "street", "S2", 100, 305050, "[]"},
		{"2020", "district", "D1", 3100, 4501500 + 305050, "[S1][S2]"},
		{"2020", "street", "S3", 99, 311850, "[]"},
		{"2020", "district", "D2", 99, 311850, "[S3]"},
		{"2020", "all", "all", 3199, 4501500 + 305050 + 311850, "[m][]"},
		{"2020", "model", "m", 3099, 4501500 + 311850, "[S1][S3]"},
		{"2021", "street", "S1", 1, 1, "[]"},
		{"2021", "district", "D1", 1, 1, "[S1]"},
		{"2021", "all", "all", 1, 1, "[m]"},
		{"2021", "model", "m", 1, 1, "[S1]"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(scope{})); diff != "" {
		t.Errorf("scopes emitted (-want +got):\n%s", diff)
	}
}

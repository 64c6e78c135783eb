package reports

import (
	"context"
	"fmt"
	"math"
	"testing"
)

// TestDistributionsAndExtremes checks what a period too large to draw
// community by community shows, on the demo's 2020 values with
// suppression off: the quantiles of each indicator over all communities,
// each model and each province, against DuckDB's quantile_cont computed
// one quantile and one group at a time, and the best and worst
// extremesShown communities against a plain sort of the values.
func TestDistributionsAndExtremes(t *testing.T) {
	db := openDB(t, dbPath)
	ctx := context.Background()
	opts, err := Options{Period: "2020", OutDir: t.TempDir(), SuppressBelow: -1}.normalize()
	if err != nil {
		t.Fatal(err)
	}
	d, err := load(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.loadDistributions(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := d.loadExtremes(ctx, db); err != nil {
		t.Fatal(err)
	}
	// Shown for the indicators with a standard but not the 0/1 coverage
	// ones.
	shown := map[string]bool{}
	for _, r := range rows(t, db, `SELECT indicator_id FROM indicator_catalog WHERE kind = 'indicator'
AND standard_op IS NOT NULL AND indicator_id NOT LIKE 'centre_coverage%'`) {
		shown[r[0].(string)] = true
	}
	checked := 0
	for _, ind := range d.catalog {
		if !shown[ind.ID] {
			if len(d.dists2[ind.ID]) != 0 || len(d.extremes[ind.ID]) != 0 {
				t.Errorf("%s: distributions or extremes of an indicator the report does not show them for", ind.ID)
			}
			continue
		}
		if len(d.dists2[ind.ID]) == 0 {
			t.Errorf("%s: no distribution", ind.ID)
		}
		for _, x := range d.dists2[ind.ID] {
			cond := "true"
			switch {
			case len(x.group) > 6 && x.group[:6] == "model:":
				cond = fmt.Sprintf("c.model_id = '%s'", x.group[6:])
			case len(x.group) > 9 && x.group[:9] == "province:":
				cond = fmt.Sprintf("left(v.community_code, 2) = '%s'", x.group[9:])
			}
			for i, q := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
				r := rows(t, db, fmt.Sprintf(`SELECT quantile_cont(v.value, %g), count(*) FROM indicator_values v
JOIN communities c ON c.period = v.period AND c.community_code = v.community_code
WHERE v.period = '2020' AND v.indicator_id = ? AND v.value IS NOT NULL AND %s`, q, cond), ind.ID)[0]
				got := []float64{x.p05, x.p25, x.p50, x.p75, x.p95}[i]
				if want := r[0].(float64); math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) || x.n != r[1].(int64) {
					t.Errorf("%s %s P%g: %v of %d, want %v of %d", ind.ID, x.group, q*100, got, x.n, want, r[1])
				}
				checked++
			}
		}
		if ind.Direction == "neutral" {
			if len(d.extremes[ind.ID]) != 0 {
				t.Errorf("%s is neutral but has best and worst communities", ind.ID)
			}
			continue
		}
		for _, top := range []bool{true, false} {
			order := "value DESC, community_code DESC"
			if !top {
				order = "value ASC, community_code ASC"
			}
			want := rows(t, db, fmt.Sprintf(`SELECT community_code FROM indicator_values
WHERE period = '2020' AND indicator_id = ? AND value IS NOT NULL ORDER BY %s LIMIT %d`, order, extremesShown), ind.ID)
			best := top == (ind.Direction == "higher_is_better")
			var got []string
			for _, e := range d.extremes[ind.ID] {
				if e.best == best {
					got = append(got, e.comm.code)
					if int(e.rank) != len(got) {
						t.Errorf("%s: rank %d in place %d", ind.ID, e.rank, len(got))
					}
				}
			}
			if len(got) != len(want) {
				t.Fatalf("%s best=%v: %d communities, want %d", ind.ID, best, len(got), len(want))
			}
			for i, w := range want {
				if got[i] != w[0] {
					t.Errorf("%s best=%v place %d: %s, want %s", ind.ID, best, i+1, got[i], w[0])
				}
			}
		}
	}
	if checked < len(shown)*5*4 {
		t.Errorf("only %d quantiles checked for %d indicators", checked, len(shown))
	}
}

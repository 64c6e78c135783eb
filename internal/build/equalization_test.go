package build

import (
	"context"
	"database/sql"
	"math"
	"testing"

	"shequ/indicators"
	"shequ/internal/warehouse"
)

// TestEqualizationSkipsNonFinite writes indicator values that
// indicators.Run never writes — a value of +Inf, a weight of NaN — beside
// ordinary ones, and checks that the equalization step leaves those
// communities out instead of failing or letting them void the measures.
// Street s1 holds:
//
//	community  value  weight
//	a          1      10
//	b          +Inf   5     left out
//	c          2      NaN   left out
//	d          3      20
//	e          NULL   7     left out (no value, as always)
//
// so its measures are over a and d: n = 2; gini (dividing by n) of 1 and 3
// = Σ(2i−n−1)·y_(i) / (n·Σy) = (−1·1 + 1·3) / (2·4) = 0.25; weighted by 10
// and 20, the population shares are 1/3 and 2/3 and the value shares
// 10/70 and 60/70, so gini_weighted = 1 − (1/3·1/7 + 2/3·(1/7 + 1)) = 4/21.
func TestEqualizationSkipsNonFinite(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, indicators.ValuesDDL()+`
CREATE TABLE communities (period VARCHAR, community_code VARCHAR, street_code VARCHAR, district_code VARCHAR, model_id VARCHAR);
INSERT INTO communities VALUES ('2020', 'a', 's1', 'd1', 'm'), ('2020', 'b', 's1', 'd1', 'm'), ('2020', 'c', 's1', 'd1', 'm'),
	('2020', 'd', 's1', 'd1', 'm'), ('2020', 'e', 's1', 'd1', 'm');
INSERT INTO indicator_values (period, community_code, indicator_id, value, numerator, denominator, null_reason)
	VALUES ('2020', 'a', 'x', 1, 1, 10, NULL), ('2020', 'b', 'x', 'inf', 1, 5, NULL),
	('2020', 'c', 'x', 2, 1, 'nan', NULL), ('2020', 'd', 'x', 3, 1, 20, NULL), ('2020', 'e', 'x', NULL, NULL, 7, 'missing');
`); err != nil {
		t.Fatal(err)
	}
	cat := &indicators.Catalog{All: []*indicators.Indicator{{ID: "x", Kind: indicators.KindIndicator, Equalize: true}}}
	if err := equalization(ctx, db, conn, cat); err != nil {
		t.Fatalf("equalization: %v", err)
	}
	for _, tc := range []struct {
		measure string
		want    float64
	}{
		{"n", 2},
		{"gini", 0.25},
		{"gini_weighted", 4.0 / 21},
		{"min", 1},
		{"max", 3},
	} {
		t.Run(tc.measure, func(t *testing.T) {
			var v sql.NullFloat64
			var reason sql.NullString
			if err := conn.QueryRowContext(ctx, `SELECT value, null_reason FROM equalization
				WHERE scope = 'street' AND scope_id = 's1' AND indicator_id = 'x' AND measure = ?`, tc.measure).Scan(&v, &reason); err != nil {
				t.Fatal(err)
			}
			if !v.Valid || math.Abs(v.Float64-tc.want) > 1e-12 {
				t.Errorf("got %v (valid %v, reason %q), want %v", v.Float64, v.Valid, reason.String, tc.want)
			}
		})
	}
}

package build

import (
	"context"
	"database/sql"
	"math"
	"testing"

	"shequ/indicators"
	"shequ/schemas"
)

// TestModelComparison builds model_comparison from scope values written
// by hand and checks that each model's counts of communities meeting and
// surely below the standard come from its own scope row, with its rank,
// and that the table has exactly its declared columns. The fixture, per
// model (scope = model):
//
//	indicator  direction         model  value  with_value  meeting  below
//	share      higher_is_better  m1     0.6    4           1        2
//	share      higher_is_better  m2     0.8    3           2        0
//	exact      lower_is_better   m1     10     4           3        1
//	exact      lower_is_better   m2     20     5           0        5
//	plain      neutral           m1     7      2           NULL     NULL
//
// so share ranks m2 first and exact m1 first (lower is better); plain has
// no rank and no standard. share_meeting_standard = meeting ÷ with_value:
// 1/4, 2/3, 3/4, 0/5. A row of scope street for share (below 9) must not
// reach the table.
func TestModelComparison(t *testing.T) {
	ctx := context.Background()
	conn := testConn(t, "")
	if _, err := conn.ExecContext(ctx, indicators.ValuesDDL()); err != nil {
		t.Fatal(err)
	}
	if err := createTables(ctx, conn, "indicator_catalog", "equalization"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `
INSERT INTO indicator_catalog (indicator_id, kind, direction, run_order) VALUES
	('share', 'indicator', 'higher_is_better', 1), ('exact', 'indicator', 'lower_is_better', 2), ('plain', 'indicator', 'neutral', 3);
INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, numerator, denominator, ci_low, ci_high,
	communities, communities_with_value, communities_meeting_standard, communities_below_standard) VALUES
	('2020', 'model', 'm1', 'share', 0.6, 60, 100, 0.5, 0.7, 5, 4, 1, 2),
	('2020', 'model', 'm2', 'share', 0.8, 80, 100, 0.7, 0.9, 3, 3, 2, 0),
	('2020', 'street', 's1', 'share', 0.1, 1, 10, 0.0, 0.4, 9, 9, 0, 9),
	('2020', 'model', 'm1', 'exact', 10, 10, 1, NULL, NULL, 5, 4, 3, 1),
	('2020', 'model', 'm2', 'exact', 20, 20, 1, NULL, NULL, 5, 5, 0, 5),
	('2020', 'model', 'm1', 'plain', 7, 7, 1, NULL, NULL, 2, 2, NULL, NULL);
`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, modelComparisonSQL); err != nil {
		t.Fatalf("model_comparison: %v", err)
	}
	var tables []schemas.Table
	for _, name := range []string{"indicator_values", "indicator_scope_values", "indicator_catalog", "equalization", "model_comparison"} {
		decl, ok := schemas.DerivedTable(name)
		if !ok {
			t.Fatalf("%s is not declared", name)
		}
		tables = append(tables, decl)
	}
	if err := checkTables(ctx, conn, tables); err != nil {
		t.Errorf("tables differ from their declarations: %v", err)
	}
	var n int
	if err := conn.QueryRowContext(ctx, `SELECT count(*) FROM model_comparison`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("model_comparison has %d rows, want 5 (one per indicator and model, no street)", n)
	}
	const null = -1
	for _, tc := range []struct {
		indicator, model     string
		rank, meeting, below int64 // null: NULL
		shareMeeting, value  float64
	}{
		{"share", "m1", 2, 1, 2, 1.0 / 4, 0.6},
		{"share", "m2", 1, 2, 0, 2.0 / 3, 0.8},
		{"exact", "m1", 1, 3, 1, 3.0 / 4, 10},
		{"exact", "m2", 2, 0, 5, 0, 20},
		{"plain", "m1", null, null, null, math.NaN(), 7},
	} {
		t.Run(tc.indicator+"/"+tc.model, func(t *testing.T) {
			var rank, meeting, below sql.NullInt64
			var share, value sql.NullFloat64
			if err := conn.QueryRowContext(ctx, `SELECT rank, communities_meeting_standard, communities_below_standard,
				share_meeting_standard, value FROM model_comparison WHERE indicator_id = ? AND model_id = ?`,
				tc.indicator, tc.model).Scan(&rank, &meeting, &below, &share, &value); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				name string
				got  sql.NullInt64
				want int64
			}{{"rank", rank, tc.rank}, {"communities_meeting_standard", meeting, tc.meeting}, {"communities_below_standard", below, tc.below}} {
				if (c.want == null && c.got.Valid) || (c.want != null && (!c.got.Valid || c.got.Int64 != c.want)) {
					t.Errorf("%s = %v (valid %v), want %d (-1: NULL)", c.name, c.got.Int64, c.got.Valid, c.want)
				}
			}
			if math.IsNaN(tc.shareMeeting) != !share.Valid || (share.Valid && math.Abs(share.Float64-tc.shareMeeting) > 1e-15) {
				t.Errorf("share_meeting_standard = %v (valid %v), want %v (NaN: NULL)", share.Float64, share.Valid, tc.shareMeeting)
			}
			if !value.Valid || value.Float64 != tc.value {
				t.Errorf("value = %v (valid %v), want %v", value.Float64, value.Valid, tc.value)
			}
		})
	}
}

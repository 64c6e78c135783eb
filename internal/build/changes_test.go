package build

import (
	"context"
	"database/sql"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"shequ/indicators"
	"shequ/schemas"
)

// changesWarehouse is a warehouse of three periods, 2015, 2020 and
// 2020-06 (five years, then six months), and three indicators:
//
//	up    higher_is_better  percent   held below 0.0005
//	down  lower_is_better   integer   held below 0.5
//	n     neutral           decimal1  held below 0.05 (never used)
//
// n was not computed in 2020, so its previous period in 2020-06 is 2015.
// Community x is only in 2015, e only in 2020 and 2020-06. Streets s1
// (a, b), s2 (c) and s3 (e, new in 2020); model m1 (a, b, c; e has none).
// The scope values are given as they are (changes reads them, it does not
// recompute them).
const changesWarehouse = `
INSERT INTO indicator_catalog (indicator_id, kind, format, direction) VALUES
	('up', 'indicator', 'percent', 'higher_is_better'),
	('down', 'indicator', 'integer', 'lower_is_better'),
	('n', 'indicator', 'decimal1', 'neutral'),
	('service_centres', 'view', NULL, NULL);
INSERT INTO indicator_values (period, community_code, indicator_id, value) VALUES
	('2015', 'a', 'up', 0.5), ('2015', 'b', 'up', 0.3), ('2015', 'c', 'up', 0.2), ('2015', 'x', 'up', 0.9),
	('2020', 'a', 'up', 0.5004), ('2020', 'b', 'up', 0.3006), ('2020', 'c', 'up', 0.1), ('2020', 'e', 'up', 0.5),
	('2020-06', 'a', 'up', 0.4), ('2020-06', 'b', 'up', 0.3006), ('2020-06', 'c', 'up', NULL), ('2020-06', 'e', 'up', 0.5005),
	('2015', 'a', 'down', 10), ('2015', 'b', 'down', 10), ('2015', 'c', 'down', NULL), ('2015', 'x', 'down', 5),
	('2020', 'a', 'down', 9.51), ('2020', 'b', 'down', 9.49), ('2020', 'c', 'down', 12), ('2020', 'e', 'down', 3),
	('2020-06', 'a', 'down', 10.2), ('2020-06', 'b', 'down', 9.49), ('2020-06', 'c', 'down', 11), ('2020-06', 'e', 'down', 3.6),
	('2015', 'a', 'n', 1), ('2015', 'b', 'n', NULL), ('2015', 'c', 'n', 3), ('2015', 'x', 'n', 4),
	('2020-06', 'a', 'n', 1.5), ('2020-06', 'b', 'n', NULL), ('2020-06', 'c', 'n', 3), ('2020-06', 'e', 'n', 7);
INSERT INTO community_scopes
SELECT period, community_code, scope, scope_id FROM (VALUES
	('2015', 'a', 's1', 'm1'), ('2015', 'b', 's1', 'm1'), ('2015', 'x', 's1', 'm1'), ('2015', 'c', 's2', 'm1'),
	('2020', 'a', 's1', 'm1'), ('2020', 'b', 's1', 'm1'), ('2020', 'c', 's2', 'm1'), ('2020', 'e', 's3', NULL),
	('2020-06', 'a', 's1', 'm1'), ('2020-06', 'b', 's1', 'm1'), ('2020-06', 'c', 's2', 'm1'), ('2020-06', 'e', 's3', NULL)
) c(period, community_code, street, model),
LATERAL (VALUES ('all', 'all'), ('street', street), ('model', model)) s(scope, scope_id)
WHERE scope_id IS NOT NULL;
INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value) VALUES
	('2015', 'all', 'all', 'up', 0.4), ('2015', 'street', 's1', 'up', 0.45), ('2015', 'street', 's2', 'up', 0.2), ('2015', 'model', 'm1', 'up', 0.35),
	('2020', 'all', 'all', 'up', 0.4003), ('2020', 'street', 's1', 'up', 0.4), ('2020', 'street', 's2', 'up', 0.1),
	('2020', 'street', 's3', 'up', 0.5), ('2020', 'model', 'm1', 'up', 0.36),
	('2020-06', 'all', 'all', 'up', 0.45), ('2020-06', 'street', 's1', 'up', NULL), ('2020-06', 'street', 's2', 'up', 0.1),
	('2020-06', 'street', 's3', 'up', 0.5005), ('2020-06', 'model', 'm1', 'up', 0.36),
	('2015', 'all', 'all', 'n', 2.5), ('2020-06', 'all', 'all', 'n', 3);
`

// changeRow is a row of indicator_changes; nil is NULL, and so is an
// empty status or reason.
type changeRow struct {
	Period, Previous, Scope, ScopeID, Indicator string
	Value, PreviousValue, Change, HeldBelow     *float64
	Status, Reason                              string
	Improved, Held, Declined, NotComparable     *int64
}

// TestChanges fills indicator_changes from changesWarehouse and compares
// every row with the changes worked out by hand:
//
//   - up (percent, held below 0.0005): a +0.0004 from 2015 to 2020 is
//     held (just under half a display unit), b +0.0006 improved (just
//     over), c −0.1 declined; from 2020 to 2020-06 e +0.0005, exactly half
//     a unit (0.5005 − 0.5 is 0.00049999999999994 in floating point), is
//     not held but improved.
//   - down (integer, held below 0.5, lower is better): a −0.49 held, b
//     −0.51 improved, a +0.69 declined, c −1 improved.
//   - n (neutral): a change is given, never a status; its 2020-06 rows
//     compare with 2015, the latest period it has.
//   - community e, new in 2020, and street s3 have no previous value; x,
//     only in 2015, has no row; c's NULLs give the reason of the side
//     that is missing.
//   - each scope row counts its communities of the current period by
//     status: up in 2020, a held, b improved, c declined, e not
//     comparable, so all 1/1/1/1, s1 (a, b) 1/1/0/0, m1 (a, b, c) 1/1/1/0.
func TestChanges(t *testing.T) {
	ctx := context.Background()
	conn := testConn(t, "")
	if err := createTables(ctx, conn, "indicator_catalog", "community_scopes"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, indicators.ValuesDDL()+changesWarehouse); err != nil {
		t.Fatal(err)
	}
	if err := changes(ctx, conn); err != nil {
		t.Fatalf("changes: %v", err)
	}
	var decl []schemas.Table
	for _, name := range []string{"indicator_catalog", "community_scopes", "indicator_values", "indicator_scope_values", "indicator_changes"} {
		d, _ := schemas.DerivedTable(name)
		decl = append(decl, d)
	}
	if err := checkTables(ctx, conn, decl); err != nil {
		t.Errorf("the tables are not as declared: %v", err)
	}

	f := func(v float64) *float64 { return &v }
	n := func(v int64) *int64 { return &v }
	const (
		pct, integer, dec1 = 0.0005, 0.5, 0.05
		newE               = "社区 e 不在上期（2015）的社区名录中 / community e is not in the register of 2015"
		neutral            = "中性指标：变化无所谓改善或下降 / neutral indicator: a change is neither an improvement nor a decline"
	)
	want := []changeRow{
		// 2020 against 2015
		{"2020", "2015", "community", "a", "down", f(9.51), f(10), f(-0.49), f(integer), "held", "", nil, nil, nil, nil},
		{"2020", "2015", "community", "b", "down", f(9.49), f(10), f(-0.51), f(integer), "improved", "", nil, nil, nil, nil},
		{"2020", "2015", "community", "c", "down", f(12), nil, nil, f(integer), "", "上期（2015）无值 / no value in 2015", nil, nil, nil, nil},
		{"2020", "2015", "community", "e", "down", f(3), nil, nil, f(integer), "", newE, nil, nil, nil, nil},
		{"2020", "2015", "all", "all", "up", f(0.4003), f(0.4), f(0.0003), f(pct), "held", "", n(1), n(1), n(1), n(1)},
		{"2020", "2015", "community", "a", "up", f(0.5004), f(0.5), f(0.0004), f(pct), "held", "", nil, nil, nil, nil},
		{"2020", "2015", "community", "b", "up", f(0.3006), f(0.3), f(0.0006), f(pct), "improved", "", nil, nil, nil, nil},
		{"2020", "2015", "community", "c", "up", f(0.1), f(0.2), f(-0.1), f(pct), "declined", "", nil, nil, nil, nil},
		{"2020", "2015", "community", "e", "up", f(0.5), nil, nil, f(pct), "", newE, nil, nil, nil, nil},
		{"2020", "2015", "model", "m1", "up", f(0.36), f(0.35), f(0.01), f(pct), "improved", "", n(1), n(1), n(1), n(0)},
		{"2020", "2015", "street", "s1", "up", f(0.4), f(0.45), f(-0.05), f(pct), "declined", "", n(1), n(1), n(0), n(0)},
		{"2020", "2015", "street", "s2", "up", f(0.1), f(0.2), f(-0.1), f(pct), "declined", "", n(0), n(0), n(1), n(0)},
		{"2020", "2015", "street", "s3", "up", f(0.5), nil, nil, f(pct), "",
			"范围 street s3 在上期（2015）没有社区 / street s3 had no communities in 2015", n(0), n(0), n(0), n(1)},
		// 2020-06 against 2020, and n against 2015
		{"2020-06", "2020", "community", "a", "down", f(10.2), f(9.51), f(0.69), f(integer), "declined", "", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "b", "down", f(9.49), f(9.49), f(0), f(integer), "held", "", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "c", "down", f(11), f(12), f(-1), f(integer), "improved", "", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "e", "down", f(3.6), f(3), f(0.6), f(integer), "declined", "", nil, nil, nil, nil},
		{"2020-06", "2015", "all", "all", "n", f(3), f(2.5), f(0.5), f(dec1), "", neutral, n(0), n(0), n(0), n(4)},
		{"2020-06", "2015", "community", "a", "n", f(1.5), f(1), f(0.5), f(dec1), "", neutral, nil, nil, nil, nil},
		{"2020-06", "2015", "community", "b", "n", nil, nil, nil, f(dec1), "", "两期（2015、2020-06）均无值 / no value in 2015 or in 2020-06", nil, nil, nil, nil},
		{"2020-06", "2015", "community", "c", "n", f(3), f(3), f(0), f(dec1), "", neutral, nil, nil, nil, nil},
		{"2020-06", "2015", "community", "e", "n", f(7), nil, nil, f(dec1), "", newE, nil, nil, nil, nil},
		{"2020-06", "2020", "all", "all", "up", f(0.45), f(0.4003), f(0.0497), f(pct), "improved", "", n(1), n(1), n(1), n(1)},
		{"2020-06", "2020", "community", "a", "up", f(0.4), f(0.5004), f(-0.1004), f(pct), "declined", "", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "b", "up", f(0.3006), f(0.3006), f(0), f(pct), "held", "", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "c", "up", nil, f(0.1), nil, f(pct), "", "本期（2020-06）无值 / no value in 2020-06", nil, nil, nil, nil},
		{"2020-06", "2020", "community", "e", "up", f(0.5005), f(0.5), f(0.0005), f(pct), "improved", "", nil, nil, nil, nil},
		{"2020-06", "2020", "model", "m1", "up", f(0.36), f(0.36), f(0), f(pct), "held", "", n(0), n(1), n(1), n(1)},
		{"2020-06", "2020", "street", "s1", "up", nil, f(0.4), nil, f(pct), "", "本期（2020-06）无值 / no value in 2020-06", n(0), n(1), n(1), n(0)},
		{"2020-06", "2020", "street", "s2", "up", f(0.1), f(0.1), f(0), f(pct), "held", "", n(0), n(0), n(0), n(1)},
		{"2020-06", "2020", "street", "s3", "up", f(0.5005), f(0.5), f(0.0005), f(pct), "improved", "", n(1), n(0), n(0), n(0)},
	}
	rows, err := conn.QueryContext(ctx, `SELECT period, previous_period, scope, scope_id, indicator_id, value, previous_value, change, held_below,
		coalesce(status, ''), coalesce(null_reason, ''), communities_improved, communities_held, communities_declined, communities_not_comparable
		FROM indicator_changes ORDER BY period, indicator_id, scope, scope_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []changeRow
	for rows.Next() {
		var r changeRow
		var v, pv, c, h sql.NullFloat64
		var ni, nh, nd, nn sql.NullInt64
		if err := rows.Scan(&r.Period, &r.Previous, &r.Scope, &r.ScopeID, &r.Indicator, &v, &pv, &c, &h, &r.Status, &r.Reason, &ni, &nh, &nd, &nn); err != nil {
			t.Fatal(err)
		}
		fl := func(x sql.NullFloat64) *float64 {
			if x.Valid {
				return &x.Float64
			}
			return nil
		}
		in := func(x sql.NullInt64) *int64 {
			if x.Valid {
				return &x.Int64
			}
			return nil
		}
		r.Value, r.PreviousValue, r.Change, r.HeldBelow = fl(v), fl(pv), fl(c), fl(h)
		r.Improved, r.Held, r.Declined, r.NotComparable = in(ni), in(nh), in(nd), in(nn)
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
		t.Errorf("indicator_changes (-want +got):\n%s", diff)
	}
}

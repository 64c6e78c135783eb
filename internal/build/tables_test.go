package build

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"shequ/schemas"
)

// TestCheckTables builds small databases against two declared tables and
// checks that every way a built table can differ from its declaration is
// found, named with the table and the difference.
func TestCheckTables(t *testing.T) {
	decl := []schemas.Table{
		{Name: "a", Columns: []schemas.TableColumn{
			{Name: "period", Type: schemas.Varchar, NotNull: true},
			{Name: "n", Type: schemas.Bigint},
			{Name: "share", Type: schemas.Double},
		}},
		{Name: "b", Columns: []schemas.TableColumn{
			{Name: "digest", Type: schemas.ParquetDigest},
			{Name: "at", Type: schemas.TimestampTZ},
			{Name: "tags", Type: schemas.VarcharList},
		}},
	}
	// b as declared, made by CREATE TABLE AS SELECT: its types come from
	// the SELECT.
	const bAsSelect = `CREATE TABLE b AS SELECT {'bytes': 1::BIGINT, 'xxh3_128': 'x', 'rows': 2::BIGINT} AS digest,
		now() AS at, ['x'] AS tags`
	for _, tc := range []struct {
		name string
		sql  string
		want []ShapeError // nil: the check passes
	}{
		{
			name: "as declared",
			sql:  `CREATE TABLE a (period VARCHAR NOT NULL, n BIGINT, share DOUBLE); ` + bAsSelect,
		},
		{
			name: "temporary tables and views are not the warehouse's",
			sql: `CREATE TABLE a AS SELECT 'x' AS period, 1::BIGINT AS n, 0.5::DOUBLE AS share; ` + bAsSelect + `;
				CREATE TEMP TABLE scratch (x INTEGER); CREATE VIEW v AS SELECT 1 AS one`,
		},
		{
			// The literal 1 is an INTEGER, where BIGINT is declared.
			name: "a type differs",
			sql:  `CREATE TABLE a AS SELECT 'x' AS period, 1 AS n, 0.5::DOUBLE AS share; ` + bAsSelect,
			want: []ShapeError{{Table: "a", Differences: []string{"column n is INTEGER, declared BIGINT"}}},
		},
		{
			name: "a column missing and one not declared",
			sql:  `CREATE TABLE a (period VARCHAR, n BIGINT, ratio DOUBLE); ` + bAsSelect,
			want: []ShapeError{{Table: "a", Differences: []string{"no column share (declared DOUBLE)", "column ratio DOUBLE is not declared"}}},
		},
		{
			name: "columns out of order",
			sql:  `CREATE TABLE a (n BIGINT, period VARCHAR, share DOUBLE); ` + bAsSelect,
			want: []ShapeError{{Table: "a", Differences: []string{"columns in the order n, period, share, declared period, n, share"}}},
		},
		{
			name: "a struct with another field type, a table missing, one not declared",
			sql: `CREATE TABLE b AS SELECT {'bytes': 1::INTEGER, 'xxh3_128': 'x', 'rows': 2::BIGINT} AS digest, now() AS at, ['x'] AS tags;
				CREATE TABLE c (x INTEGER)`,
			want: []ShapeError{
				{Table: "a", Differences: []string{"declared, but the build made no such table"}},
				{Table: "b", Differences: []string{`column digest is STRUCT(bytes INTEGER, xxh3_128 VARCHAR, "rows" BIGINT), declared STRUCT(bytes BIGINT, xxh3_128 VARCHAR, "rows" BIGINT)`}},
				{Table: "c", Differences: []string{"made by the build, but not declared"}},
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			conn := testConn(t, "")
			if _, err := conn.ExecContext(ctx, tc.sql); err != nil {
				t.Fatal(err)
			}
			err := checkTables(ctx, conn, decl)
			var got []ShapeError
			for _, e := range unjoin(err) {
				var se *ShapeError
				if !errors.As(e, &se) {
					t.Fatalf("error %v is not a *ShapeError", e)
				}
				got = append(got, *se)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("checkTables (-want +got):\n%s", diff)
			}
		})
	}
}

// unjoin lists the errors joined in err (none for nil).
func unjoin(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// The error says which table and what differs, and that it is a bug.
func TestShapeErrorMessage(t *testing.T) {
	err := &ShapeError{Table: "model_comparison", Differences: []string{"column rank is INTEGER, declared BIGINT"}}
	want := "table model_comparison is not as declared in schemas/tables.go: column rank is INTEGER, declared BIGINT (a bug in shequ: please report it)"
	if got := err.Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// newInserter binds values by column name: a missing or an undeclared
// column is an error, not a row with values in the wrong columns.
func TestInserter(t *testing.T) {
	ctx := context.Background()
	conn := testConn(t, "")
	tb := schemas.Table{Name: "t", Columns: []schemas.TableColumn{
		{Name: "a", Type: schemas.Varchar}, {Name: "j", Type: schemas.JSON}, {Name: "d", Type: schemas.ParquetDigest},
	}}
	if _, err := conn.ExecContext(ctx, tb.DDL()); err != nil {
		t.Fatal(err)
	}
	in := newInserter(tb)
	if err := in.insert(ctx, conn, map[string]any{"j": `[1, 2]`, "a": "x", "d": `{"bytes": 10, "xxh3_128": "ab", "rows": 3}`}); err != nil {
		t.Fatal(err)
	}
	if err := in.insert(ctx, conn, map[string]any{"a": "y", "j": "[]", "d": nil}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string]any{{"a": "z", "j": "[]"}, {"a": "z", "j": "[]", "d": nil, "e": 1}} {
		if err := in.insert(ctx, conn, bad); !errors.Is(err, ErrUndeclaredTable) {
			t.Errorf("insert %v: error %v, want ErrUndeclaredTable", bad, err)
		}
	}
	var got []string
	rows, err := conn.QueryContext(ctx, `SELECT a || ' ' || json_array_length(j) || ' ' || coalesce(d.xxh3_128 || ':' || d.rows, 'NULL') FROM t ORDER BY a`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	if diff := cmp.Diff([]string{"x 2 ab:3", "y 0 NULL"}, got); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

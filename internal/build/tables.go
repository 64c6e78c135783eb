package build

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"shequ/indicators"
	"shequ/internal/warehouse"
	"shequ/schemas"
)

// Every table of shequ.duckdb is declared once, in schemas (Set.Tables):
// the build creates the empty ones from their declarations (createTables,
// Schema.Table for the source tables), inserts rows by column name
// (inserter), comments every table and column from them (comment), and,
// last, checks that every table has exactly its declared columns
// (checkTables), so that the SQL of the tables made by CREATE TABLE AS
// SELECT cannot drift from what users are told.

// createTables creates, empty, tables whose declarations do not depend on
// the sources (schemas.DerivedTable).
func createTables(ctx context.Context, conn *sql.Conn, names ...string) error {
	for _, name := range names {
		t, ok := schemas.DerivedTable(name)
		if !ok {
			return fmt.Errorf("%w: table %s is not declared in schemas/tables.go", ErrUndeclaredTable, name)
		}
		if _, err := conn.ExecContext(ctx, t.DDL()); err != nil {
			return fmt.Errorf("create table %s: %w", name, err)
		}
	}
	return nil
}

// inserter adds rows to a declared table, each given as its values by
// column name: a value for every declared column and for no other. JSON
// columns take JSON text, STRUCT columns JSON text or nil.
type inserter struct {
	table schemas.Table
	sql   string
}

func newInserter(t schemas.Table) inserter {
	marks := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		switch {
		case c.Type == schemas.JSON:
			marks[i] = "?::JSON"
		case strings.HasPrefix(c.Type, "STRUCT("):
			marks[i] = "CAST(?::JSON AS " + c.Type + ")"
		default:
			marks[i] = "?"
		}
	}
	return inserter{t, "INSERT INTO " + schemas.QuoteName(t.Name) + " VALUES (" + strings.Join(marks, ", ") + ")"}
}

// insert adds one row.
func (in inserter) insert(ctx context.Context, conn *sql.Conn, row map[string]any) error {
	args := make([]any, len(in.table.Columns))
	for i, c := range in.table.Columns {
		v, ok := row[c.Name]
		if !ok {
			return fmt.Errorf("%w: table %s: no value for the declared column %s", ErrUndeclaredTable, in.table.Name, c.Name)
		}
		args[i] = v
	}
	if len(row) != len(args) {
		var extra []string
		for name := range row {
			if _, ok := in.table.Column(name); !ok {
				extra = append(extra, name)
			}
		}
		sort.Strings(extra)
		return fmt.Errorf("%w: table %s: no declared column %s", ErrUndeclaredTable, in.table.Name, strings.Join(extra, ", "))
	}
	_, err := conn.ExecContext(ctx, in.sql, args...)
	return err
}

// comment writes the COMMENT ON of every declared table and column, and
// of the indicator catalog's helper views.
func comment(ctx context.Context, conn *sql.Conn, tables []schemas.Table, cat *indicators.Catalog) error {
	var stmts []string
	for _, t := range tables {
		stmts = append(stmts, "COMMENT ON TABLE "+schemas.QuoteName(t.Name)+" IS "+warehouse.QuoteString(t.Comment()))
		for _, c := range t.Columns {
			stmts = append(stmts, "COMMENT ON COLUMN "+schemas.QuoteName(t.Name)+"."+schemas.QuoteName(c.Name)+" IS "+warehouse.QuoteString(c.Comment()))
		}
	}
	for _, ind := range cat.All {
		if ind.Kind == indicators.KindView {
			stmts = append(stmts, "COMMENT ON VIEW "+schemas.QuoteName(ind.ID)+" IS "+warehouse.QuoteString(
				strings.Join([]string{ind.NameZh, ind.DescriptionZh, "/", ind.NameEn, ind.DescriptionEn}, " ")))
		}
	}
	_, err := conn.ExecContext(ctx, strings.Join(stmts, ";\n"))
	return err
}

// checkTables checks that the database holds exactly the declared tables,
// each with exactly its declared columns: names, order and types, as
// duckdb_columns() gives them. A difference is a bug in shequ (a CREATE
// TABLE AS SELECT or a declaration changed without the other), reported
// as a *ShapeError per table, naming what differs.
func checkTables(ctx context.Context, conn *sql.Conn, tables []schemas.Table) error {
	rows, err := conn.QueryContext(ctx, `SELECT t.table_name, c.column_name, c.data_type
		FROM duckdb_tables() t JOIN duckdb_columns() c USING (table_oid)
		WHERE NOT t.temporary AND t.database_name = current_database()
		ORDER BY t.table_name, c.column_index`)
	if err != nil {
		return err
	}
	built := map[string][]schemas.TableColumn{}
	for rows.Next() {
		var table string
		var c schemas.TableColumn
		if err := rows.Scan(&table, &c.Name, &c.Type); err != nil {
			rows.Close()
			return err
		}
		built[table] = append(built[table], c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var errs []error
	declared := map[string]bool{}
	for _, t := range tables {
		declared[t.Name] = true
		got, ok := built[t.Name]
		if !ok {
			errs = append(errs, &ShapeError{Table: t.Name, Differences: []string{"declared, but the build made no such table"}})
			continue
		}
		if diff := columnDiff(t.Columns, got); len(diff) > 0 {
			errs = append(errs, &ShapeError{Table: t.Name, Differences: diff})
		}
	}
	var undeclared []string
	for name := range built {
		if !declared[name] {
			undeclared = append(undeclared, name)
		}
	}
	sort.Strings(undeclared)
	for _, name := range undeclared {
		errs = append(errs, &ShapeError{Table: name, Differences: []string{"made by the build, but not declared"}})
	}
	return errors.Join(errs...)
}

// columnDiff lists how the columns a table has (got) differ from its
// declared ones (want): missing and undeclared columns, types, and then
// the order.
func columnDiff(want, got []schemas.TableColumn) []string {
	var diff []string
	gotType := map[string]string{}
	for _, c := range got {
		gotType[c.Name] = c.Type
	}
	wantType := map[string]string{}
	for _, c := range want {
		wantType[c.Name] = c.Type
		typ, ok := gotType[c.Name]
		switch {
		case !ok:
			diff = append(diff, fmt.Sprintf("no column %s (declared %s)", c.Name, c.Type))
		case typ != c.Type:
			diff = append(diff, fmt.Sprintf("column %s is %s, declared %s", c.Name, typ, c.Type))
		}
	}
	for _, c := range got {
		if _, ok := wantType[c.Name]; !ok {
			diff = append(diff, fmt.Sprintf("column %s %s is not declared", c.Name, c.Type))
		}
	}
	if len(diff) == 0 {
		names := func(cs []schemas.TableColumn) []string {
			out := make([]string, len(cs))
			for i, c := range cs {
				out[i] = c.Name
			}
			return out
		}
		if w, g := names(want), names(got); !slices.Equal(w, g) {
			diff = append(diff, fmt.Sprintf("columns in the order %s, declared %s", strings.Join(g, ", "), strings.Join(w, ", ")))
		}
	}
	return diff
}

package warehouse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// newDB writes a database with one table of a VARCHAR, a JSON and a
// BIGINT column.
func newDB(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), DBFile)
	db, err := OpenDB(path, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`CREATE TABLE runs (run_id VARCHAR, inputs JSON, n BIGINT);
		INSERT INTO runs VALUES ('r1', '[{"file": "a.csv"}]', 3)`)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReaderCheck(t *testing.T) {
	ctx := context.Background()
	path := newDB(t)
	outside := filepath.Join(t.TempDir(), "x.csv")
	r, err := OpenReader(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()

	st, err := r.Check(ctx, "SELECT run_id, inputs, n + 1 AS m FROM runs")
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{{Name: "run_id"}, {Name: "inputs", JSON: true}, {Name: "m"}}
	if diff := cmp.Diff(want, st.Columns); diff != "" {
		t.Errorf("columns (-want +got):\n%s", diff)
	}

	for _, tc := range []struct {
		sql  string
		kind string // the StatementError's Kind; "-" for a QueryError
		file bool   // the QueryError wraps ErrFileAccess
	}{
		{"COPY runs TO " + QuoteString(path+".wal"), "COPY", false},
		{"COPY runs TO " + QuoteString(outside), "-", true},
		{"ATTACH " + QuoteString(path) + " AS again", "ATTACH", false},
		{"DETACH runs", "DETACH", false},
		{"INSTALL spatial", "INSTALL/LOAD", false},
		{"SET threads = 1", "SET/RESET/USE", false},
		{"USE memory", "SET/RESET/USE", false},
		{"PRAGMA enable_profiling", "PRAGMA", false},
		{"CALL checkpoint()", "CALL/CHECKPOINT", false},
		{"CREATE TABLE t (a INTEGER)", "CREATE", false},
		{"INSERT INTO runs VALUES ('r2', NULL, 1)", "INSERT", false},
		{"DELETE FROM runs", "DELETE", false},
		{"EXPLAIN SELECT 1", "EXPLAIN", false},
		{"BEGIN", "BEGIN/COMMIT/ROLLBACK", false},
		{"SELECT 1; SELECT 2", "", false},
		{"SELECT * FROM read_text('/etc/passwd')", "-", true},
		{"SELECT * FROM nosuch", "-", false},
	} {
		t.Run(tc.sql, func(t *testing.T) {
			_, err := r.Check(ctx, tc.sql)
			var se *StatementError
			var qe *QueryError
			switch {
			case tc.kind != "-":
				if !errors.As(err, &se) || se.Kind != tc.kind {
					t.Errorf("got %v, want a StatementError of kind %q", err, tc.kind)
				}
			case !errors.As(err, &qe):
				t.Errorf("got %v (%T), want a QueryError", err, err)
			case errors.Is(err, ErrFileAccess) != tc.file:
				t.Errorf("got %v: wraps ErrFileAccess = %v, want %v", err, !tc.file, tc.file)
			}
		})
	}
	if _, err := os.Stat(path + ".wal"); err == nil {
		t.Error("a WAL appeared beside the database")
	}
	if _, err := os.Stat(outside); err == nil {
		t.Error("COPY wrote outside the database")
	}

	temp := r.temp
	if _, err := os.Stat(temp); err != nil {
		t.Errorf("temporary folder: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	r.conn, r.db = nil, nil // closed: the deferred Close only removes the folder again
	if _, err := os.Stat(temp); err == nil {
		t.Errorf("temporary folder %s left after Close", temp)
	}
}

// TestReaderLocked checks the settings stay as OpenReader left them even
// through the connection itself, past Check.
func TestReaderLocked(t *testing.T) {
	ctx := context.Background()
	r, err := OpenReader(ctx, newDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, q := range []string{"SET enable_external_access = true", "SET lock_configuration = false", "SET temp_directory = '/tmp'"} {
		if _, err := r.Conn().ExecContext(ctx, q); err == nil {
			t.Errorf("%s: accepted, want refused", q)
		}
	}
	var access, locked string
	if err := r.Conn().QueryRowContext(ctx, "SELECT current_setting('enable_external_access')::VARCHAR, current_setting('lock_configuration')::VARCHAR").Scan(&access, &locked); err != nil {
		t.Fatal(err)
	}
	if access != "false" || locked != "true" {
		t.Errorf("enable_external_access = %s, lock_configuration = %s; want false, true", access, locked)
	}
}

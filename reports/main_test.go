package reports

// The tests build the shequ binary once, run `shequ demo` into a temporary
// folder, and write reports from the warehouse it makes. Every value a
// test checks in a workbook or report is compared with a query of its own
// against shequ.duckdb, not with what the report code read.
//
// Regenerate testdata/screenshot.png (the HTML report as headless Chromium
// shows it; README material) with:
//
//	CGO_ENABLED=1 go test ./reports/ -run TestBrowser -update

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/screenshot.png")

var (
	shequBin  string // the built binary
	demoDir   string // where `shequ demo` wrote
	warehouse string // demoDir/warehouse
	dbPath    string // the demo's shequ.duckdb
)

// fixedNow is the clock of every report the tests write.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "shequ-reports-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := setup(dir)
	if code == 0 {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func setup(dir string) int {
	shequBin = filepath.Join(dir, "shequ")
	build := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", shequBin, "../cmd/shequ")
	build.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
		return 1
	}
	demoDir = filepath.Join(dir, "demo")
	demo := exec.Command(shequBin, "demo", "--out", demoDir)
	if out, err := demo.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "shequ demo: %v\n%s", err, out)
		return 1
	}
	warehouse = filepath.Join(demoDir, "warehouse")
	dbPath = filepath.Join(warehouse, "shequ.duckdb")
	return 0
}

// openDB opens a DuckDB file read-only, straight through the driver.
func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// copyDB copies a DuckDB file into a temporary folder and opens it for
// writing, so a test can change it; run is applied, then the copy is
// closed and its path returned.
func copyDB(t *testing.T, src string, run func(db *sql.DB)) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "shequ.duckdb")
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("duckdb", dst)
	if err != nil {
		t.Fatal(err)
	}
	run(db)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dst
}

func mustExec(t *testing.T, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// write writes the reports of a period from a database file.
func write(t *testing.T, db *sql.DB, opts Options) Result {
	t.Helper()
	if opts.OutDir == "" {
		opts.OutDir = t.TempDir()
	}
	if opts.Period == "" {
		opts.Period = "2020"
	}
	if opts.Version == "" {
		opts.Version = "test-version"
	}
	opts.Now = func() time.Time { return fixedNow }
	res, err := Write(context.Background(), db, opts)
	if err != nil {
		t.Fatalf("Write(%+v): %v", opts, err)
	}
	return res
}

// rows runs a query and returns every row as strings (NULL as "<nil>").
func rows(t *testing.T, db *sql.DB, q string, args ...any) [][]any {
	t.Helper()
	r, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer r.Close()
	cols, _ := r.Columns()
	var out [][]any
	for r.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// runShequ runs the built binary and returns its output and exit code.
func runShequ(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(shequBin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("shequ %v: %v", args, err)
	}
	return out.String(), 0
}

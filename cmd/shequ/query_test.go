package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/ipc"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	duckdb "github.com/duckdb/duckdb-go/v2"
	"github.com/google/go-cmp/cmp"

	"shequ/internal/warehouse"
)

// handcalcWarehouse runs the hand fixture (testdata/handcalc) into a
// warehouse of its own and returns the warehouse folder.
func handcalcWarehouse(t *testing.T) string {
	t.Helper()
	dir := copyDir(t, "testdata/handcalc")
	mustShequ(t, "run", "--config", filepath.Join(dir, "shequ.yaml"))
	return filepath.Join(dir, "warehouse")
}

// digests maps every file under dir to its sha256.
func digests(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// openDuckDB opens an in-memory DuckDB with full access, for a test to
// look at files and databases the way a researcher's own DuckDB would.
func openDuckDB(t *testing.T) *sql.Conn {
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
	return conn
}

// TestQuerySandbox tries every way out of `shequ query` we know of: each
// must be refused with exit 3 and a message saying why, and leave the
// warehouse, the files around it and another database as they were; then
// every table must still answer an ordinary query.
func TestQuerySandbox(t *testing.T) {
	wh := handcalcWarehouse(t)
	db := filepath.Join(wh, warehouse.DBFile)
	raws, _ := filepath.Glob(filepath.Join(wh, "raw", "census", "*", "*.parquet"))
	if len(raws) != 1 {
		t.Fatalf("%d census Parquet files, want 1", len(raws))
	}
	raw := raws[0]
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("not for shequ query\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(outside, "other.duckdb")
	data, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, data, 0o644); err != nil {
		t.Fatal(err)
	}
	before := digests(t, wh)
	beforeOutside := digests(t, outside)

	const (
		refused  = "statement refused"
		notOne   = "not exactly one statement"
		noFiles  = "reads only the tables in shequ.duckdb, no files"
		readOnly = "read-only mode"
	)
	q := warehouse.QuoteString
	for _, tc := range []struct{ name, sql, want string }{
		{"COPY TO over a raw Parquet file", "COPY census TO " + q(raw) + " (FORMAT parquet)", noFiles},
		{"COPY TO a new file in raw/", "COPY census TO " + q(filepath.Join(wh, "raw", "census", "x.parquet")), noFiles},
		{"COPY TO elsewhere", "COPY census TO " + q(filepath.Join(outside, "census.csv")), noFiles},
		{"COPY TO the database's WAL (a path DuckDB allows)", "COPY (SELECT 1) TO " + q(db+".wal"), refused},
		{"COPY FROM into a table", "COPY census FROM " + q(secret), noFiles},
		{"EXPLAIN ANALYZE runs what it explains", "EXPLAIN ANALYZE COPY (SELECT 1) TO " + q(db+".wal"), refused},
		{"EXPORT DATABASE", "EXPORT DATABASE " + q(filepath.Join(outside, "export")), noFiles},
		{"ATTACH another database read-write", "ATTACH " + q(other) + " AS o (READ_WRITE)", refused},
		{"ATTACH then DELETE", "ATTACH " + q(other) + " AS o (READ_WRITE); DELETE FROM o.census", notOne},
		{"ATTACH the database itself read-write", "ATTACH " + q(db) + " AS again (READ_WRITE)", refused},
		{"DELETE from the database", "DELETE FROM census", refused},
		{"UPDATE the database", "UPDATE census SET resident = 0", refused},
		{"CREATE TABLE in the database", "CREATE TABLE t AS SELECT 1", refused},
		{"CREATE TEMP TABLE", "CREATE TEMP TABLE t AS SELECT 1", refused},
		{"DROP TABLE", "DROP TABLE census", refused},
		{"read_csv of /etc/passwd", "SELECT * FROM read_csv('/etc/passwd')", noFiles},
		{"read_text of /etc/passwd", "SELECT * FROM read_text('/etc/passwd')", noFiles},
		{"read_text of a file outside the warehouse", "SELECT content FROM read_text(" + q(secret) + ")", noFiles},
		{"read_parquet of the warehouse's Parquet", "SELECT count(*) FROM read_parquet(" + q(raw) + ")", noFiles},
		{"a file named as a table", "SELECT * FROM " + q(secret), "does not exist"},
		{"glob", "SELECT * FROM glob(" + q(filepath.Join(outside, "*")) + ")", noFiles},
		{"INSTALL", "INSTALL spatial", refused},
		{"LOAD", "LOAD parquet", refused},
		{"SET to re-enable file access", "SET enable_external_access = true", refused},
		{"SET allowed_directories", "SET allowed_directories = ['/']", refused},
		{"RESET the lock", "RESET lock_configuration", refused},
		{"PRAGMA that sets", "PRAGMA enable_profiling", refused},
		{"PRAGMA writing a profile", "PRAGMA profiling_output = " + q(filepath.Join(outside, "p.json")), refused},
		{"CALL", "CALL checkpoint()", refused},
		{"CHECKPOINT", "CHECKPOINT", refused},
		{"a SELECT before a COPY", "SELECT 1; COPY census TO " + q(filepath.Join(outside, "c.csv")), notOne},
		{"no statement", " ", notOne},
		{"a SELECT that changes the read-only database", "SELECT nextval('nosuch')", "Catalog Error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := shequ(t, "query", "--warehouse", wh, tc.sql)
			if code != exitBadInput {
				t.Errorf("exit %d, want %d\n%s", code, exitBadInput, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr does not say %q:\n%s", tc.want, stderr)
			}
			if strings.Contains(stderr, "goroutine ") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
	// A SELECT that sets up logging to a file is a SELECT; it must still
	// write nothing.
	shequ(t, "query", "--warehouse", wh, "SELECT * FROM enable_logging(storage = 'file', storage_path = "+q(db+".wal")+")")
	shequ(t, "query", "--warehouse", wh, "SELECT * FROM enable_logging(storage = 'file', storage_path = "+q(outside)+")")

	if diff := cmp.Diff(before, digests(t, wh)); diff != "" {
		t.Errorf("the warehouse changed (-before +after):\n%s", diff)
	}
	if diff := cmp.Diff(beforeOutside, digests(t, outside)); diff != "" {
		t.Errorf("files outside the warehouse changed (-before +after):\n%s", diff)
	}

	// Every table still answers, with as many rows as DuckDB itself counts.
	conn := openDuckDB(t)
	ctx := context.Background()
	if _, err := conn.ExecContext(ctx, "ATTACH "+q(db)+" AS w (READ_ONLY)"); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, "SELECT table_name, estimated_size FROM duckdb_tables() WHERE database_name = 'w' ORDER BY table_name")
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int64{}
	for rows.Next() {
		var name string
		var n int64
		if err := rows.Scan(&name, &n); err != nil {
			t.Fatal(err)
		}
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM w."+warehouse.QuoteIdent(name)).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[name] = n
	}
	rows.Close()
	if len(counts) < 20 {
		t.Fatalf("%d tables in the database, want the 20 or more the README lists", len(counts))
	}
	// In process (run, as main calls it), for speed: every table in every
	// text format, each holding all of the table's rows.
	for name, n := range counts {
		for _, f := range []string{"table", "csv", "json"} {
			t.Run(f+" of "+name, func(t *testing.T) {
				var out, errb bytes.Buffer
				if code := run([]string{"query", "--warehouse", wh, "--format", f, "SELECT * FROM " + warehouse.QuoteIdent(name)}, nil, &out, &errb); code != 0 {
					t.Fatalf("exit %d\n%s", code, errb.String())
				}
				var got int64
				switch f {
				case "table":
					lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
					fmt.Sscanf(lines[len(lines)-1], "(%d rows)", &got)
				case "csv":
					recs, err := csv.NewReader(&out).ReadAll()
					if err != nil {
						t.Fatal(err)
					}
					got = int64(len(recs) - 1)
				case "json":
					var rows []map[string]any
					if err := json.Unmarshal(out.Bytes(), &rows); err != nil {
						t.Fatal(err)
					}
					got = int64(len(rows))
				}
				if got != n {
					t.Errorf("%d rows, want %d", got, n)
				}
			})
		}
	}
}

// TestQueryOut checks --out: refused inside the warehouse, required for
// the binary formats.
func TestQueryOut(t *testing.T) {
	wh := handcalcWarehouse(t)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"parquet into raw/", []string{"--format", "parquet", "--out", filepath.Join(wh, "raw", "census", "x.parquet")}, exitUsage, "inside the warehouse"},
		{"csv beside the database", []string{"--format", "csv", "--out", filepath.Join(wh, "x.csv")}, exitUsage, "inside the warehouse"},
		{"arrow without --out", []string{"--format", "arrow"}, exitUsage, "--out"},
		{"unknown format", []string{"--format", "xlsx"}, exitUsage, "want table, csv, json, arrow or parquet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"query", "--warehouse", wh}, tc.args...)
			_, stderr, code := shequ(t, append(args, "FROM census")...)
			if code != tc.code || !strings.Contains(stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(wh, "raw", "census", "x.parquet")); err == nil {
		t.Error("the refused --out was written")
	}
}

// TestQueryTypedJSON runs one row of DuckDB values of many types through
// `shequ query --format json` and compares it with JSON written by hand.
// It checks what DuckDB hands to Arrow, which the export package's own
// tests take as given.
func TestQueryTypedJSON(t *testing.T) {
	wh := handcalcWarehouse(t)
	out := mustShequ(t, "query", "--warehouse", wh, "--format", "json", `
SELECT
  (SELECT sum(resident) FROM census) AS residents,        -- HUGEINT: 10000 + 30000 + 20000 + 0
  9223372036854775807::HUGEINT + 1 AS wide,               -- 2^63: outside int64
  -9223372036854775808::HUGEINT AS low,                   -- −2^63: inside
  12.50::DECIMAL(10, 2) AS money,
  1 / 4 AS quarter,
  'nan'::DOUBLE AS nan, 'inf'::DOUBLE AS inf,
  NULL::INTEGER AS nothing,
  '{"a": [1, 2.5, null], "b": {"c": "社区"}}'::JSON AS doc,
  [1, 2, NULL] AS list,
  {'k': 1, 'v': 'x'} AS struct,
  MAP {'a': 1} AS map,
  DATE '2020-12-31' AS day,
  TIMESTAMP '2020-01-02 03:04:05.123456' AS at,
  TIMESTAMPTZ '2020-01-02 11:04:05+08' AS at_tz,
  TIME '12:34:56' AS clock,
  INTERVAL 3 DAY AS wait,
  'b'::ENUM('a', 'b') AS choice,
  true AS yes,
  'ab'::BLOB AS blob`)
	// 1/4 is DOUBLE division in DuckDB: 0.25. 11:04:05+08 is 03:04:05 UTC.
	// 'ab' is YWI= in base64.
	want := `[
  {"residents":60000, "wide":"9223372036854775808", "low":-9223372036854775808, "money":12.50, "quarter":0.25, "nan":null, "inf":null, "nothing":null, "doc":{"a":[1,2.5,null],"b":{"c":"社区"}}, "list":[1,2,null], "struct":{"k":1,"v":"x"}, "map":{"a":1}, "day":"2020-12-31", "at":"2020-01-02T03:04:05.123456Z", "at_tz":"2020-01-02T03:04:05Z", "clock":"12:34:56", "wait":{"months":0,"days":3,"nanoseconds":0}, "choice":"b", "yes":true, "blob":"YWI="}
]
`
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("typed JSON (-want +got):\n%s", diff)
	}
	// A JSON column of the warehouse: runs.inputs holds one object per
	// ingested file, 9 in the hand fixture's config.
	rows := query(t, wh, "SELECT inputs FROM runs")
	inputs, ok := rows[0]["inputs"].([]any)
	if !ok || len(inputs) != 9 {
		t.Fatalf("runs.inputs = %v (%T), want an array of 9 objects", rows[0]["inputs"], rows[0]["inputs"])
	}
	if f, ok := inputs[0].(map[string]any); !ok || f["sha256"] == nil {
		t.Errorf("runs.inputs[0] = %v, want an object with a sha256", inputs[0])
	}
}

// TestQueryFiles writes query results as Arrow IPC and Parquet and reads
// them back with arrow-go and with DuckDB: the rows must be the query's.
func TestQueryFiles(t *testing.T) {
	wh := handcalcWarehouse(t)
	db := filepath.Join(wh, warehouse.DBFile)
	out := t.TempDir()
	queries := map[string]string{
		"indicator values": "SELECT * FROM indicator_values ORDER BY ALL",
		"runs":             "SELECT run_id, started_at, status, inputs, removed FROM runs",
		"census with nested and wide values": `SELECT period, community_code, resident,
			sum(resident) OVER () AS total, [resident, households] AS pair, {'r': resident, 'n': community_name} AS rec,
			DATE '2020-12-31' AS day, resident / NULLIF(households, 0) AS per_household
			FROM census ORDER BY community_code`,
	}
	for name, sql := range queries {
		for _, format := range []string{"arrow", "parquet"} {
			t.Run(name+" "+format, func(t *testing.T) {
				path := filepath.Join(out, strings.ReplaceAll(name, " ", "_")+"."+format)
				_, stderr, code := shequ(t, "query", "--warehouse", wh, "--format", format, "--out", path, sql)
				if code != 0 {
					t.Fatalf("exit %d\n%s", code, stderr)
				}
				entries, _ := os.ReadDir(out)
				for _, e := range entries {
					if strings.Contains(e.Name(), ".tmp-") {
						t.Errorf("temporary file %s left behind", e.Name())
					}
				}
				// The query's own rows, from the database as DuckDB reads it.
				conn := openDuckDB(t)
				ctx := context.Background()
				if _, err := conn.ExecContext(ctx, "ATTACH "+warehouse.QuoteString(db)+" AS w (READ_ONLY); USE w; "+
					"CREATE TEMP TABLE want AS "+sql+"; USE memory"); err != nil {
					t.Fatal(err)
				}
				var want int64
				if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM want").Scan(&want); err != nil {
					t.Fatal(err)
				}
				if want == 0 {
					t.Fatal("the query has no rows: the comparison would prove nothing")
				}
				mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
				defer mem.AssertSize(t, 0)
				// arrow-go reads the file back; DuckDB gets its batches as a view.
				recs, schema := readBack(t, path, format, mem)
				defer func() {
					for _, r := range recs {
						r.Release()
					}
				}()
				var got int64
				for _, r := range recs {
					got += r.NumRows()
				}
				if got != want {
					t.Errorf("arrow-go reads %d rows, the query has %d", got, want)
				}
				rdr, err := array.NewRecordReader(schema, recs)
				if err != nil {
					t.Fatal(err)
				}
				defer rdr.Release()
				var release func()
				err = conn.Raw(func(dc any) error {
					a, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
					if err != nil {
						return err
					}
					release, err = a.RegisterView(rdr, "back")
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				// An Arrow stream is read once: keep its rows.
				_, err = conn.ExecContext(ctx, "CREATE TEMP TABLE got AS FROM back")
				release()
				if err != nil {
					t.Fatal(err)
				}
				compare(t, conn, "arrow-go", "FROM got", "FROM want")
				if format == "parquet" {
					compare(t, conn, "DuckDB read_parquet", "FROM read_parquet("+warehouse.QuoteString(path)+")", "FROM want")
				}
			})
		}
	}
}

// readBack reads an Arrow IPC or Parquet file with arrow-go into batches
// built in mem; the caller releases them.
func readBack(t *testing.T, path, format string, mem memory.Allocator) ([]arrow.RecordBatch, *arrow.Schema) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var recs []arrow.RecordBatch
	switch format {
	case "arrow":
		fr, err := ipc.NewFileReader(bytes.NewReader(data), ipc.WithAllocator(mem))
		if err != nil {
			t.Fatal(err)
		}
		defer fr.Close()
		for i := range fr.NumRecords() {
			r, err := fr.RecordBatch(i)
			if err != nil {
				t.Fatal(err)
			}
			r.Retain()
			recs = append(recs, r)
		}
		return recs, fr.Schema()
	}
	pf, err := file.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(pf, pqarrow.ArrowReadProperties{BatchSize: 1000}, mem)
	if err != nil {
		t.Fatal(err)
	}
	rr, err := fr.GetRecordReader(context.Background(), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rr.Release()
	// arrow-go reads Parquet's JSON type as binary; the bytes are the JSON
	// text, so they are read as the string they are.
	fields := rr.Schema().Fields()
	for i, f := range fields {
		if f.Type.ID() == arrow.BINARY {
			fields[i].Type = arrow.BinaryTypes.String
		}
	}
	schema := arrow.NewSchema(fields, nil)
	for rr.Next() {
		r := rr.RecordBatch()
		cols := make([]arrow.Array, r.NumCols())
		for i, c := range r.Columns() {
			if c.DataType().ID() == arrow.BINARY {
				d := array.NewData(arrow.BinaryTypes.String, c.Len(), c.Data().Buffers(), nil, c.NullN(), c.Data().Offset())
				cols[i] = array.NewStringData(d)
				d.Release()
				defer cols[i].Release()
			} else {
				cols[i] = c
			}
		}
		recs = append(recs, array.NewRecordBatch(schema, cols, r.NumRows()))
	}
	if err := rr.Err(); err != nil && !errors.Is(err, io.EOF) {
		t.Fatal(err)
	}
	return recs, schema
}

// compare checks that the rows of read (a file read back) are the rows of
// want (the query's), as multisets, with every value cast to text so that a JSON or
// binary column compares with the VARCHAR it was written from.
func compare(t *testing.T, conn *sql.Conn, who, read, want string) {
	t.Helper()
	var missing, extra int64
	text := func(from string) string { return "SELECT COLUMNS(*)::VARCHAR FROM (" + from + ")" }
	err := conn.QueryRowContext(context.Background(), fmt.Sprintf(
		"SELECT (SELECT count(*) FROM (%s EXCEPT ALL %s)), (SELECT count(*) FROM (%s EXCEPT ALL %s))",
		text(want), text(read), text(read), text(want))).Scan(&missing, &extra)
	if err != nil {
		t.Fatalf("%s: %v", who, err)
	}
	if missing != 0 || extra != 0 {
		t.Errorf("%s: %d of the query's rows are not in the file, and %d rows of the file are not the query's", who, missing, extra)
	}
}

// TestQueryJSONUnchanged keeps what scripts read from --format json: an
// array of objects keyed by column, numbers as numbers.
func TestQueryJSONUnchanged(t *testing.T) {
	wh := handcalcWarehouse(t)
	out := mustShequ(t, "query", "--warehouse", wh, "--format", "json",
		"SELECT community_code, resident FROM census WHERE resident > 20000")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	want := []map[string]any{{"community_code": "440305006003", "resident": 30000.0}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// countingAllocator counts allocations, so a leak check can tell the
// writer allocated through it at all.
type countingAllocator struct {
	memory.Allocator
	n int
}

func (a *countingAllocator) Allocate(size int) []byte {
	a.n++
	return a.Allocator.Allocate(size)
}

// TestQueryReleases runs the query command in process with a checked
// allocator: the Arrow and Parquet writers must release every buffer.
func TestQueryReleases(t *testing.T) {
	wh := handcalcWarehouse(t)
	for _, format := range []string{"arrow", "parquet", "json"} {
		t.Run(format, func(t *testing.T) {
			checked := memory.NewCheckedAllocator(memory.NewGoAllocator())
			mem := &countingAllocator{Allocator: checked}
			var out, errb bytes.Buffer
			f := &factory{stdout: &out, stderr: &errb, alloc: mem}
			path := filepath.Join(t.TempDir(), "values."+format)
			err := runQuery(context.Background(), f, queryOptions{warehouse: wh, format: format, out: path,
				sql: "SELECT v.*, r.inputs FROM indicator_values v, runs r ORDER BY ALL"})
			if err != nil {
				t.Fatal(err)
			}
			checked.AssertSize(t, 0)
			if format != "json" && mem.n == 0 {
				t.Error("the writer allocated nothing through the allocator: the check proves nothing")
			}
			if !strings.HasPrefix(errb.String(), "wrote ") {
				t.Errorf("stderr %q, want the rows written", errb.String())
			}
		})
	}
}

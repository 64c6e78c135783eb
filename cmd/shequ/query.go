package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/spf13/cobra"

	"shequ/internal/export"
	"shequ/internal/warehouse"
)

type queryOptions struct {
	warehouse string
	format    string
	out       string
	sql       string
}

func newQueryCmd(f *factory) *cobra.Command {
	var opts queryOptions
	cmd := &cobra.Command{
		Use:   "query --warehouse DIR [--format table|csv|json|arrow|parquet] [--out FILE] SQL",
		Short: "Run a read-only SQL query against the warehouse database",
		Long: `Query runs one SELECT on warehouse/shequ.duckdb and prints or writes the
result. Any DuckDB SELECT works — FROM, WITH, VALUES, DESCRIBE, SHOW,
SUMMARIZE included — over the tables of the database, and nothing else:

  - the database is opened read-only;
  - no file can be read or written from SQL (read_csv, read_parquet,
    read_text, glob, COPY … TO, EXPORT DATABASE, ATTACH): the tables hold
    everything the warehouse's Parquet does, so a query needs no file, and
    no query can overwrite the Parquet the next run builds from;
  - statements other than SELECT are refused before they run (COPY,
    EXPORT, ATTACH, INSTALL, LOAD, SET, PRAGMA that sets, CALL, CREATE,
    INSERT, UPDATE, DELETE, EXPLAIN), as are two statements at once (a
    PIVOT without an IN list counts as two: list the values);
  - the configuration is locked, so nothing can switch this back.
A refused query exits 3 with the reason. To read the Parquet under raw/
itself, open it with DuckDB, Python or R.

Formats (--format):
  table    aligned text with NULL shown as NULL (the default)
  csv      a header and one record per row; NULL is an empty field
  json     an array of one object per row, typed: numbers are numbers,
           NULL is null, JSON columns (runs.inputs) are nested JSON, lists
           are arrays and structs objects, DATE is "2006-01-02", TIMESTAMP
           an RFC 3339 time in UTC; NaN and ±Inf are null; an integer
           outside the 64-bit range (a HUGEINT sum beyond ±9.2×10^18) is a
           string, as most JSON readers would round it
  arrow    an Arrow IPC file (Feather v2) for pandas, polars, R or Arrow;
           needs --out
  parquet  a Parquet file (zstd); needs --out
--out writes to FILE (any format) through a temporary file renamed into
place when complete; it may not be inside the warehouse.

` + tablesHelp(f),
		Example: `  shequ query --warehouse wh "SELECT indicator_id, name_zh, unit_zh FROM indicator_catalog"
  shequ query --warehouse wh --format csv "SELECT * FROM indicator_scope_values WHERE scope = 'model' ORDER BY ALL"
  shequ query --warehouse wh --format json "SELECT rule, count(*) AS n FROM quarantine GROUP BY rule ORDER BY n DESC"
  shequ query --warehouse wh --format json "SELECT run_id, inputs FROM runs ORDER BY started_at"
  shequ query --warehouse wh --format parquet --out values.parquet "FROM indicator_values WHERE period = '2020'"
  shequ query --warehouse wh --format arrow --out eq.arrow "FROM equalization"
  shequ query --warehouse wh "DESCRIBE census"`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if err := requireFlags(cmd, "warehouse"); err != nil {
				return err
			}
			opts.sql = a[0]
			return runQuery(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.warehouse, "warehouse", "", "warehouse folder")
	cmd.Flags().StringVar(&opts.format, "format", "table", "output format: table, csv, json, arrow or parquet")
	cmd.Flags().StringVar(&opts.out, "out", "", "write the result to this file (needed for arrow and parquet)")
	return cmd
}

func runQuery(ctx context.Context, f *factory, opts queryOptions) error {
	format := export.Format(opts.format)
	if !formatKnown(format) {
		return &usageError{fmt.Errorf("--format %q: want table, csv, json, arrow or parquet", opts.format)}
	}
	if format.Binary() && opts.out == "" {
		return &usageError{fmt.Errorf("--format %s writes a binary file: give it with --out FILE", format)}
	}
	w, err := warehouse.Open(opts.warehouse)
	if err != nil {
		return err
	}
	if opts.out != "" {
		if err := outsideWarehouse(w, opts.out); err != nil {
			return err
		}
	}
	if _, err := os.Stat(w.DBPath()); errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("%s: no database yet: run `shequ build --warehouse %s` first", w.DBPath(), opts.warehouse)}
	}
	if w.Pending() {
		fmt.Fprintf(f.stderr, "note: %s holds an interrupted run; the next shequ run or build completes or discards it, and this query reads the database as it was before\n", w.Dir)
	}
	r, err := warehouse.OpenReader(ctx, w.DBPath())
	if err != nil {
		return err
	}
	defer r.Close()
	st, err := r.Check(ctx, opts.sql)
	if err != nil {
		return err
	}
	var jsonCols []int
	for i, c := range st.Columns {
		if c.JSON {
			jsonCols = append(jsonCols, i)
		}
	}
	var rows int64
	write := func(out io.Writer) error {
		err := warehouse.ScanArrow(ctx, r.Conn(), opts.sql, nil, func(rdr array.RecordReader) error {
			rdr.Retain() // MarkJSON takes over a reference; ScanArrow releases its own
			marked, err := export.MarkJSON(rdr, jsonCols)
			if err != nil {
				rdr.Release()
				return err
			}
			defer marked.Release()
			rows, err = export.Write(out, format, marked, f.alloc)
			return err
		})
		return warehouse.Explain(err)
	}
	if opts.out == "" {
		return write(f.stdout)
	}
	if err := warehouse.WriteAtomic(opts.out, write); err != nil {
		return err
	}
	fmt.Fprintf(f.stderr, "wrote %d rows to %s\n", rows, opts.out)
	return nil
}

func formatKnown(f export.Format) bool {
	for _, k := range export.Formats {
		if f == k {
			return true
		}
	}
	return false
}

// outsideWarehouse refuses an --out inside the warehouse folder, where a
// result could take the place of a file the warehouse is built from.
func outsideWarehouse(w *warehouse.Warehouse, out string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return &inputError{fmt.Errorf("--out %s: %w", out, err)}
	}
	wdir, err := filepath.EvalSymlinks(w.Dir)
	if err != nil {
		return err
	}
	rel, err := filepath.Rel(wdir, filepath.Join(dir, filepath.Base(abs)))
	if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return &usageError{fmt.Errorf("--out %s is inside the warehouse %s: write query results elsewhere", out, w.Dir)}
	}
	return nil
}

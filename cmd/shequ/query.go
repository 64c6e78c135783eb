package main

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"shequ/internal/warehouse"
)

type queryOptions struct {
	warehouse string
	format    string
	sql       string
}

func newQueryCmd(f *factory) *cobra.Command {
	var opts queryOptions
	cmd := &cobra.Command{
		Use:   "query --warehouse DIR [--format table|csv|json] SQL",
		Short: "Run a read-only SQL query against the warehouse database",
		Long: `Query opens warehouse/shequ.duckdb read-only and prints the result. Any DuckDB
SQL works; the database cannot be changed through this command.

` + tablesHelp(f),
		Example: `  shequ query --warehouse wh "SELECT indicator_id, name_zh, unit_zh FROM indicator_catalog"
  shequ query --warehouse wh --format csv "SELECT * FROM indicator_scope_values WHERE scope = 'model' ORDER BY ALL"
  shequ query --warehouse wh --format json "SELECT rule, count(*) AS n FROM quarantine GROUP BY rule ORDER BY n DESC"`,
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
	cmd.Flags().StringVar(&opts.format, "format", "table", "output format: table, csv or json")
	return cmd
}

func runQuery(ctx context.Context, f *factory, opts queryOptions) error {
	switch opts.format {
	case "table", "csv", "json":
	default:
		return &usageError{fmt.Errorf("--format %q: want table, csv or json", opts.format)}
	}
	w, err := warehouse.Open(opts.warehouse)
	if err != nil {
		return err
	}
	if _, err := os.Stat(w.DBPath()); errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("%s: no database yet: run `shequ build --warehouse %s` first", w.DBPath(), opts.warehouse)}
	}
	if w.Pending() {
		fmt.Fprintf(f.stderr, "note: %s holds an interrupted run; the next shequ run or build completes or discards it, and this query reads the database as it was before\n", w.Dir)
	}
	db, err := warehouse.OpenDB(w.DBPath(), true)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, opts.sql)
	if err != nil {
		return &inputError{fmt.Errorf("query: %w", err)}
	}
	defer rows.Close()
	return writeRows(f.stdout, rows, opts.format)
}

// writeRows prints a result set in one of the formats.
func writeRows(w io.Writer, rows *sql.Rows, format string) error {
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var records [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		records = append(records, vals)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "json":
		out := make([]map[string]any, 0, len(records))
		for _, r := range records {
			m := map[string]any{}
			for i, c := range cols {
				m[c] = jsonValue(r[i])
			}
			out = append(out, m)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "csv":
		cw := csv.NewWriter(w)
		if err := cw.Write(cols); err != nil {
			return err
		}
		for _, r := range records {
			line := make([]string, len(r))
			for i, v := range r {
				line[i] = text(v)
			}
			if err := cw.Write(line); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range records {
		line := make([]string, len(r))
		for i, v := range r {
			line[i] = text(v)
			if v == nil {
				line[i] = "NULL"
			}
		}
		fmt.Fprintln(tw, strings.Join(line, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "(%d rows)\n", len(records))
	return nil
}

func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case time.Time:
		return x.Format(time.RFC3339)
	case float64:
		return fmt.Sprintf("%.10g", x)
	}
	return fmt.Sprint(v)
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case float64, float32, int64, int32, int, bool, string, nil, time.Time:
		return x
	}
	return fmt.Sprint(v)
}

// Command duckcopy times SQL statements in an in-memory DuckDB, for the
// ingest benchmark (bench/ingest.sh): each argument is one statement, and
// its wall time in seconds goes to standard output.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"shequ/internal/warehouse"
)

func main() { os.Exit(run(os.Args[1:])) }

func run(stmts []string) int {
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer db.Close()
	ctx := context.Background()
	for _, q := range stmts {
		start := time.Now()
		rows, err := db.QueryContext(ctx, q)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			if n < 5 {
				fmt.Fprintln(os.Stderr, vals...)
			}
			n++
		}
		if err := rows.Err(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		rows.Close()
		fmt.Printf("%.3f\n", time.Since(start).Seconds())
	}
	return 0
}

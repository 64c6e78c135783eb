// Command national writes a benchmark warehouse holding every one of the
// 620,573 community codes of China (2023) with generated figures for every
// source, plus CSV copies of the inputs (for the pandas comparison) and a
// configuration, OUT/run.yaml, that makes `shequ run` ingest those copies
// into a warehouse of its own (OUT/run-warehouse, reports to
// OUT/run-reports), with the same models. It is used by bench/run.sh; see
// BENCHMARKS.md. The generator is package internal/nationalgen.
//
//	go run ./bench/national --out /tmp/shequ-national [--communities N] [--periods 2015,2020]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"shequ/internal/nationalgen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("national", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "folder to write (the warehouse goes to OUT/warehouse, CSVs to OUT/csv)")
	n := fs.Int("communities", 0, "use only the first N communities (0 = all 620,573)")
	periods := fs.String("periods", nationalgen.DefaultPeriod, "the years to write, comma-separated, in increasing order; each but the last has figures of its own")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: national --out DIR [--communities N] [--periods 2015,2020]")
		return 2
	}
	opts := nationalgen.Options{Communities: *n, Periods: strings.Split(*periods, ",")}
	several := len(opts.Periods) > 1
	opts.Progress = func(f nationalgen.File) {
		if several {
			fmt.Fprintf(stdout, "%-12s %s %10d rows\n", f.Source, f.Period, f.Rows)
		} else {
			fmt.Fprintf(stdout, "%-12s %10d rows\n", f.Source, f.Rows)
		}
	}
	start := time.Now()
	res, err := nationalgen.Write(context.Background(), *out, opts)
	if err != nil {
		fmt.Fprintln(stderr, "national:", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d communities, %d rows in all, written to %s in %.1f s\n", res.Communities, res.Rows(), *out, time.Since(start).Seconds())
	return 0
}

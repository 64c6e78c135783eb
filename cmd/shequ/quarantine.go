package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"shequ/internal/warehouse"
	"shequ/pipelines"
)

type quarantineOptions struct {
	warehouse string
	source    string
	run       string
	format    string
}

func newQuarantineCmd(f *factory) *cobra.Command {
	var opts quarantineOptions
	cmd := &cobra.Command{
		Use:   "quarantine --warehouse DIR [--source S] [--run ID] [--format table|csv]",
		Short: "List the rejected rows and why, for the office that sent them",
		Long: `Quarantine lists every broken rule of every rejected row: file, sheet, line,
column, the value as written (personal data masked), the rule, and what is
wrong in Chinese and English. It reads the warehouse's quarantine Parquet
directly, so it works before 'shequ build'.

--format csv writes UTF-8 with a byte-order mark and Chinese column names,
which Excel opens as it is: send it back to the street office.`,
		Example: `  shequ quarantine --warehouse wh
  shequ quarantine --warehouse wh --source census --format csv > 人口_问题行.csv
  shequ quarantine --warehouse wh --run 20260101T020000Z-a1b2c3`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "warehouse"); err != nil {
				return err
			}
			return runQuarantine(cmd.Context(), f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.warehouse, "warehouse", "", "warehouse folder")
	fl.StringVar(&opts.source, "source", "", "only this source")
	fl.StringVar(&opts.run, "run", "", "only rows of files ingested by this run")
	fl.StringVar(&opts.format, "format", "table", "output format: table or csv")
	return cmd
}

func runQuarantine(ctx context.Context, f *factory, opts quarantineOptions) error {
	if opts.format != "table" && opts.format != "csv" {
		return &usageError{fmt.Errorf("--format %q: want table or csv", opts.format)}
	}
	w, err := warehouse.Open(opts.warehouse)
	if err != nil {
		return err
	}
	if opts.source != "" {
		set, err := f.schemas()
		if err != nil {
			return err
		}
		if _, err := set.Get(opts.source); err != nil {
			return err
		}
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := pipelines.ReadQuarantine(ctx, db, w, pipelines.QuarantineFilter{Source: opts.source, RunID: opts.run})
	if err != nil {
		return err
	}
	if opts.format == "csv" {
		return pipelines.WriteQuarantineCSV(f.stdout, rows)
	}
	tw := tabwriter.NewWriter(f.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "source\tperiod\tfile\tsheet\tline\tcolumn\tvalue\trule\tmessage")
	for _, q := range rows {
		fmt.Fprintln(tw, strings.Join([]string{q.Source, q.Period, q.File, q.Sheet, strconv.FormatInt(q.Line, 10),
			q.Column, oneLine(q.Value), q.Rule, q.MessageZh}, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err = fmt.Fprintf(f.stdout, "(%d rows)\n", len(rows))
	return err
}

// oneLine keeps a value with line breaks or tabs on one table row.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", "⏎", "\n", "⏎", "\r", "⏎", "\t", " ").Replace(s)
}

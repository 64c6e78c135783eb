package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"shequ/internal/warehouse"
	"shequ/reports"
)

type reportOptions struct {
	warehouse     string
	period        string
	lang          string
	out           string
	suppressBelow int
}

func newReportCmd(f *factory) *cobra.Command {
	var opts reportOptions
	cmd := &cobra.Command{
		Use:   "report --warehouse DIR --period P [--lang zh|en] [--out DIR] [--suppress-below N]",
		Short: "Write the Excel workbook and the HTML report of a period",
		Long: `Report writes, for one period, files a policy office can read without help
and without a network, into OUT/<period>/:

  指标汇总_<period>.xlsx (indicators_<period>.xlsx with --lang en)
      sheets 指标总表 (every community and indicator), 均等化 (every
      equalization measure per scope), 模式比较 (the models side by side,
      with ranks and a chart against the standards), 变化 (each
      indicator's change since the previous period, for the whole period,
      each model and each district), 达标情况 (communities below each
      standard, worst first), 数据质量 (rows in, accepted, quarantined,
      skipped per file, quarantine reasons by rule and column), 空值说明
      (why cells are empty) and 指标说明 (the indicator catalog);
  report_<period>.html (report_<period>_en.html with --lang en)
      one self-contained file with inline SVG charts: Lorenz curves, each
      community against the standard, the Theil decomposition, walking-
      distance coverage (when the warehouse has it), the model comparison
      with a reading generated from the numbers, data quality, the catalog
      and the provenance (run, input files with sha256, shequ version).

Counts of people or households from 1 to N-1 (residents, households,
respondents, participants) are published as "<N", and indicator values
computed from them as "suppressed"; the warehouse keeps the exact values.
--suppress-below 0 turns this off.

OUT defaults to a folder "reports" beside the warehouse folder.`,
		Example: `  shequ report --warehouse shequ-demo/warehouse --period 2020
  shequ report --warehouse wh --period 2020 --lang en --out /srv/reports
  shequ report --warehouse wh --period 2020-06 --suppress-below 10`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "warehouse", "period"); err != nil {
				return err
			}
			return runReport(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.warehouse, "warehouse", "", "warehouse folder")
	cmd.Flags().StringVar(&opts.period, "period", "", "period to report on, e.g. 2020")
	cmd.Flags().StringVar(&opts.lang, "lang", "zh", "language: zh or en")
	cmd.Flags().StringVar(&opts.out, "out", "", "output folder (default: reports beside the warehouse folder)")
	cmd.Flags().IntVar(&opts.suppressBelow, "suppress-below", reports.DefaultSuppressBelow,
		"publish person-level counts below N as \"<N\" (0 turns suppression off)")
	return cmd
}

func runReport(ctx context.Context, f *factory, opts reportOptions) error {
	if opts.lang != reports.LangZh && opts.lang != reports.LangEn {
		return &usageError{fmt.Errorf("--lang %q: want zh or en", opts.lang)}
	}
	if opts.suppressBelow < 0 {
		return &usageError{fmt.Errorf("--suppress-below %d: want 0 or more", opts.suppressBelow)}
	}
	suppress := opts.suppressBelow
	if suppress == 0 {
		suppress = -1 // reports.Options takes 0 as the default
	}
	w, err := warehouse.Open(opts.warehouse)
	if err != nil {
		return err
	}
	if _, err := os.Stat(w.DBPath()); errors.Is(err, fs.ErrNotExist) {
		return &inputError{fmt.Errorf("%s: no database yet: run `shequ build --warehouse %s` first", w.DBPath(), opts.warehouse)}
	}
	out := opts.out
	if out == "" {
		out = filepath.Join(filepath.Dir(filepath.Clean(w.Dir)), "reports")
	}
	db, err := warehouse.OpenDB(w.DBPath(), true)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := reports.Write(ctx, db, reports.Options{Period: opts.period, Lang: opts.lang, OutDir: out,
		SuppressBelow: suppress, Version: version, Now: f.now, Log: f.log})
	if errors.Is(err, reports.ErrUnknownPeriod) || errors.Is(err, reports.ErrNotBuilt) {
		return &inputError{err}
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(f.stdout, "wrote %s\n  sheets: %s\n  native charts: %d\n", res.Workbook, strings.Join(res.Sheets, ", "), res.WorkbookCharts)
	fmt.Fprintf(f.stdout, "wrote %s\n  charts: %s\n", res.HTML, strings.Join(res.Charts, ", "))
	for _, n := range res.Notes {
		fmt.Fprintf(f.stdout, "note: %s\n", n)
	}
	return nil
}

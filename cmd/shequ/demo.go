package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"shequ/indicators"
	"shequ/internal/batch"
	"shequ/internal/config"
	"shequ/internal/samplegen"
	"shequ/internal/warehouse"
)

// demoMarker marks a folder written by `shequ demo`, which a later demo may
// replace.
const demoMarker = ".shequ-demo"

type demoOptions struct {
	out  string
	seed int64
}

func newDemoCmd(f *factory) *cobra.Command {
	var opts demoOptions
	cmd := &cobra.Command{
		Use:   "demo [--out DIR]",
		Short: "Generate sample exports and run the whole pipeline on them",
		Long: `Demo writes the sample exports (see 'shequ gen') to DIR/exports, runs the
nightly batch on them into DIR/warehouse, writes the Excel workbooks and HTML
reports of each period in Chinese and English to DIR/reports, and prints
where everything is and the models side by side. The sample data is synthetic,
on real community names and codes, so every page of the demo's reports says
that it is synthetic. A folder left by an earlier demo is replaced; any other
non-empty folder is refused.`,
		Example: `  shequ demo
  shequ demo --out /tmp/shequ-demo`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runDemo(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().StringVar(&opts.out, "out", "shequ-demo", "folder for the sample exports and the warehouse")
	cmd.Flags().Int64Var(&opts.seed, "seed", 1, "random seed of the sample data")
	return cmd
}

func runDemo(ctx context.Context, f *factory, opts demoOptions) error {
	if err := prepareDemoDir(opts.out); err != nil {
		return err
	}
	exports := filepath.Join(opts.out, "exports")
	fmt.Fprintf(f.stdout, "1/2 writing sample exports to %s\n", exports)
	if _, err := samplegen.Generate(ctx, samplegen.Options{Out: exports, Seed: opts.seed, Scale: 1}); err != nil {
		return err
	}
	cfg, err := config.Load(filepath.Join(exports, "shequ.yaml"))
	if err != nil {
		return err
	}
	cfg.Warehouse = filepath.Join(opts.out, "warehouse")
	cfg.Reports.Out = filepath.Join(opts.out, "reports")
	cfg.Reports.Languages = []string{"zh", "en"}
	fmt.Fprintf(f.stdout, "2/2 running the batch (%s) into %s\n", filepath.Join(exports, "shequ.yaml"), cfg.Warehouse)
	env, err := f.env()
	if err != nil {
		return err
	}
	// The sample's key file hashes the synthetic identity numbers of its
	// volunteer extract, as `shequ run` would read it from shequ.yaml.
	if env.PIIKey, err = piiKey(cfg.PIIKeyFile); err != nil {
		return err
	}
	env.OnCommit = func(rep *batch.Report) error { return printReport(f.stdout, rep, false) }
	if _, err := batch.Nightly(ctx, env, cfg); err != nil {
		return err
	}
	return demoSummary(ctx, f, cfg.Warehouse)
}

func prepareDemoDir(out string) error {
	entries, err := os.ReadDir(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		if _, err := os.Stat(filepath.Join(out, demoMarker)); err != nil {
			return &inputError{fmt.Errorf("%s is not empty and was not made by shequ demo; choose another --out", out)}
		}
		if err := os.RemoveAll(out); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, demoMarker), []byte("made by shequ demo; the next demo replaces this folder\n"), 0o644)
}

// demoSummary prints the models side by side for the latest period.
func demoSummary(ctx context.Context, f *factory, dir string) error {
	w, err := warehouse.Open(dir)
	if err != nil {
		return err
	}
	db, err := warehouse.OpenDB(w.DBPath(), true)
	if err != nil {
		return err
	}
	defer db.Close()
	var models []string
	mrows, err := db.QueryContext(ctx, `SELECT model_id, any_value(name_zh) FROM models GROUP BY model_id ORDER BY model_id`)
	if err != nil {
		return err
	}
	var ids []string
	for mrows.Next() {
		var id, name string
		if err := mrows.Scan(&id, &name); err != nil {
			mrows.Close()
			return err
		}
		ids = append(ids, id)
		models = append(models, name)
	}
	mrows.Close()
	rows, err := db.QueryContext(ctx, `
SELECT c.indicator_id, c.name_zh, c.unit_zh, c.format, m.period, m.model_id, m.value, m.rank
FROM model_comparison m JOIN indicator_catalog c USING (indicator_id)
WHERE m.period = (SELECT max(period) FROM model_comparison)
ORDER BY c.run_order, m.model_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	type line struct {
		name, unit, period string
		cells              map[string]string
	}
	var order []string
	lines := map[string]*line{}
	for rows.Next() {
		var id, name, unit, format, period, model string
		var value *float64
		var rank *int64
		if err := rows.Scan(&id, &name, &unit, &format, &period, &model, &value, &rank); err != nil {
			return err
		}
		l, ok := lines[id]
		if !ok {
			if unit == "%" {
				unit = ""
			}
			l = &line{name: name, unit: unit, period: period, cells: map[string]string{}}
			lines[id] = l
			order = append(order, id)
		}
		cell := "—"
		if value != nil {
			cell = indicators.FormatValue(format, *value)
			if rank != nil && *rank == 1 {
				cell += " ★"
			}
		}
		l.cells[model] = cell
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(order) > 0 {
		fmt.Fprintf(f.stdout, "\nmodels side by side, period %s (ratio of sums over communities; ★ = best):\n", lines[order[0]].period)
		table := [][]string{append([]string{"indicator", "unit"}, models...)}
		for _, id := range order {
			l := lines[id]
			row := []string{l.name, l.unit}
			for _, m := range ids {
				row = append(row, l.cells[m])
			}
			table = append(table, row)
		}
		if err := writeTable(f.stdout, "  ", table); err != nil {
			return err
		}
	}
	fmt.Fprintf(f.stdout, "\nwarehouse: %s\ndatabase:  %s\ntry:       shequ query --warehouse %s \"SELECT * FROM model_comparison\"\n", w.Dir, w.DBPath(), dir)
	return nil
}

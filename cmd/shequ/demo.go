package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/tabwriter"

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
nightly batch on them into DIR/warehouse, and prints where everything is and a
short summary. A folder left by an earlier demo is replaced; any other
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
	fmt.Fprintf(f.stdout, "2/2 running the batch (%s) into %s\n", filepath.Join(exports, "shequ.yaml"), cfg.Warehouse)
	env, err := f.env()
	if err != nil {
		return err
	}
	rep, err := batch.Nightly(ctx, env, cfg)
	if err != nil {
		return err
	}
	if err := printReport(f.stdout, rep, false); err != nil {
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

// demoSummary prints the model comparison of the latest period.
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
	rows, err := db.QueryContext(ctx, `
SELECT c.name_zh, m.name_zh, s.period, s.value, c.unit_zh, c.format, s.communities_with_value, s.communities
FROM indicator_scope_values s
JOIN indicator_catalog c USING (indicator_id)
JOIN (SELECT DISTINCT model_id, name_zh FROM models) m ON m.model_id = s.scope_id
WHERE s.scope = 'model' AND s.period = (SELECT max(period) FROM indicator_scope_values)
ORDER BY c.run_order, s.scope_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintln(f.stdout, "\nmodels, latest period (ratio of sums over communities):")
	tw := tabwriter.NewWriter(f.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  indicator\tmodel\tperiod\tvalue\tunit\tcommunities")
	for rows.Next() {
		var ind, model, period, unit, format string
		var value *float64
		var with, all int
		if err := rows.Scan(&ind, &model, &period, &value, &unit, &format, &with, &all); err != nil {
			return err
		}
		if unit == "%" {
			unit = ""
		}
		v := "NULL"
		if value != nil {
			v = indicators.FormatValue(format, *value)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%d/%d\n", ind, model, period, v, unit, with, all)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(f.stdout, "\nwarehouse: %s\ndatabase:  %s\ntry:       shequ query --warehouse %s \"SELECT * FROM quarantine\"\n", w.Dir, w.DBPath(), dir)
	return nil
}

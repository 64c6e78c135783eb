package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"shequ/internal/inequality"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
)

type equalizationOptions struct {
	input, value, weight, group, format string
	standard                            float64
	lowerIsBetter                       bool
}

func newEqualizationCmd(f *factory) *cobra.Command {
	var opts equalizationOptions
	cmd := &cobra.Command{
		Use:   "equalization --input FILE.csv --value COL [--weight COL] [--group COL]",
		Short: "Compute every equalization measure on any table",
		Long: `Equalization reads a CSV, TSV or XLSX table (any encoding shequ reads) and
computes the measures shequ publishes in its equalization table: Gini
(unweighted, corrected and population-weighted), Theil T and L with their
between/within decomposition by --group, coefficient of variation, Atkinson
(ε = 0.5, 1, 2), Wolfson, max/min and P90/P10 ratios, and, with --standard,
the share of rows below it. Definitions: internal/inequality/doc.go.

Without --weight every row weighs 1. A row whose value is empty is left out
and counted; a value that is not a number is an error naming the line.`,
		Example: `  shequ equalization --input communities.csv --value centres_per_10k --weight residents --group model
  shequ equalization --input x.csv --value income --format json
  shequ equalization --input area.csv --value m2_per_100hh --weight households --standard 30`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "input", "value"); err != nil {
				return err
			}
			switch opts.format {
			case "table", "csv", "json":
			default:
				return &usageError{fmt.Errorf("--format %q: want table, csv or json", opts.format)}
			}
			return runEqualization(f, opts, cmd.Flags().Changed("standard"))
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.input, "input", "", "table to read (.csv, .tsv, .txt, .xlsx)")
	fl.StringVar(&opts.value, "value", "", "column holding the values")
	fl.StringVar(&opts.weight, "weight", "", "column holding the weights (population); default 1 per row")
	fl.StringVar(&opts.group, "group", "", "column holding the groups for the Theil decomposition")
	fl.StringVar(&opts.format, "format", "table", "output format: table, csv or json")
	fl.Float64Var(&opts.standard, "standard", 0, "also report the share of rows failing this standard")
	fl.BoolVar(&opts.lowerIsBetter, "lower-is-better", false, "with --standard: values above it fail (default: below it fails)")
	return cmd
}

type measureRow struct {
	Measure string   `json:"measure"`
	Value   *float64 `json:"value"`
	Reason  string   `json:"reason,omitempty"`
}

func runEqualization(f *factory, opts equalizationOptions, withStandard bool) error {
	obs, skipped, err := readObservations(opts)
	if err != nil {
		return err
	}
	var out []measureRow
	add := func(id string, r inequality.Result) {
		row := measureRow{Measure: id, Reason: r.Reason}
		if r.Valid {
			v := r.Value
			row.Value = &v
		}
		out = append(out, row)
	}
	for _, m := range inequality.Measures(obs) {
		add(m.ID, m.Result)
	}
	if withStandard {
		add("share_below_standard", inequality.ShareBelow(obs, opts.standard, !opts.lowerIsBetter))
		add("population_share_below_standard", inequality.PopulationShareBelow(obs, opts.standard, !opts.lowerIsBetter))
	}
	if skipped > 0 {
		fmt.Fprintf(f.stderr, "note: %d rows with an empty value were left out\n", skipped)
	}
	switch opts.format {
	case "json":
		enc := json.NewEncoder(f.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "csv":
		w := csv.NewWriter(f.stdout)
		_ = w.Write([]string{"measure", "value", "reason"})
		for _, r := range out {
			v := ""
			if r.Value != nil {
				v = fmt.Sprintf("%.17g", *r.Value)
			}
			_ = w.Write([]string{r.Measure, v, r.Reason})
		}
		w.Flush()
		return w.Error()
	}
	tw := tabwriter.NewWriter(f.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tvalue\tnote")
	for _, r := range out {
		v := "NULL"
		if r.Value != nil {
			v = fmt.Sprintf("%.10g", *r.Value)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Measure, v, r.Reason)
	}
	return tw.Flush()
}

// readObservations reads the value, weight and group columns of a table.
func readObservations(opts equalizationOptions) ([]inequality.Obs, int, error) {
	r, err := decode.Open(opts.input, decode.Options{})
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	var header []string
	col := map[string]int{}
	var obs []inequality.Obs
	skipped := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		if len(rec.Cells) == 0 {
			continue
		}
		if header == nil {
			header = rec.Cells
			for i, h := range header {
				col[strings.TrimSpace(h)] = i
			}
			for _, want := range []string{opts.value, opts.weight, opts.group} {
				if _, ok := col[want]; want != "" && !ok {
					return nil, 0, &inputError{fmt.Errorf("%s: no column %q (columns: %s)", opts.input, want, strings.Join(header, ", "))}
				}
			}
			continue
		}
		cell := func(name string) string {
			if i := col[name]; i < len(rec.Cells) {
				return rec.Cells[i]
			}
			return ""
		}
		raw := cell(opts.value)
		if values.IsNull(raw) {
			skipped++
			continue
		}
		o := inequality.Obs{Weight: 1}
		if o.Value, err = values.ParseFloat(raw, false, true); err != nil {
			return nil, 0, &inputError{fmt.Errorf("%s line %d column %q: %w", opts.input, rec.Line, opts.value, err)}
		}
		if opts.weight != "" {
			if o.Weight, err = values.ParseFloat(cell(opts.weight), false, false); err != nil {
				return nil, 0, &inputError{fmt.Errorf("%s line %d column %q: %w", opts.input, rec.Line, opts.weight, err)}
			}
		}
		if opts.group != "" {
			o.Group = strings.TrimSpace(cell(opts.group))
		}
		obs = append(obs, o)
	}
	if header == nil {
		return nil, 0, &inputError{fmt.Errorf("%s: the table is empty", opts.input)}
	}
	return obs, skipped, nil
}

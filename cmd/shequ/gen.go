package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"shequ/internal/samplegen"
)

func newGenCmd(f *factory) *cobra.Command {
	var opts samplegen.Options
	cmd := &cobra.Command{
		Use:   "gen --out DIR [--seed N] [--scale F]",
		Short: "Write realistic sample exports and a shequ.yaml for them",
		Long: `Gen writes synthetic exports for 2015 and 2020 on the real 2023 community codes
of Pingshan (坪山区 440310), Tianning (天宁区 320402) and Zhaoshang street
(招商街道 440305006), calibrated to published totals (Pingshan 670,000
residents in 2015 of whom 51,500 registered, 24 service centres; 2020 census
county totals). The files are messy the way real exports are: Chinese headers,
a GBK-encoded CSV, an XLSX with a title row, a few rows that must be rejected.
The figures are synthetic; only the codes, names and totals are real.`,
		Example: `  shequ gen --out exports
  shequ gen --out big --scale 10 --seed 7`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "out"); err != nil {
				return err
			}
			if opts.Scale <= 0 {
				return &usageError{fmt.Errorf("--scale must be positive")}
			}
			sum, err := samplegen.Generate(cmd.Context(), opts)
			if err != nil {
				return err
			}
			rows := 0
			for _, fl := range sum.Files {
				rows += fl.Rows
			}
			fmt.Fprintf(f.stdout, "wrote %d files (%d data rows, %d of them made to be rejected) to %s\n", len(sum.Files), rows, len(sum.BadRows), opts.Out)
			fmt.Fprintf(f.stdout, "next: shequ run --config %s/shequ.yaml\n", opts.Out)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.Out, "out", "", "output folder")
	cmd.Flags().Int64Var(&opts.Seed, "seed", 1, "random seed: the same seed writes the same files")
	cmd.Flags().Float64Var(&opts.Scale, "scale", 1, "size: 1 = published populations; 10 = ten times the rows")
	return cmd
}

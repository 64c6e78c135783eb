package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"shequ/internal/samplegen"
)

func newGenCmd(f *factory) *cobra.Command {
	var opts samplegen.Options
	cmd := &cobra.Command{
		Use:   "gen --out DIR [--seed N] [--scale F] [--persons N [--persons-encoding utf-8|gbk]]",
		Short: "Write realistic sample exports and a shequ.yaml for them",
		Long: `Gen writes synthetic exports for 2015 and 2020 on the real 2023 community codes
of Pingshan (坪山区 440310), Tianning (天宁区 320402) and Zhaoshang street
(招商街道 440305006), calibrated to published totals (Pingshan 670,000
residents in 2015 of whom 51,500 registered, 24 service centres; 2020 census
county totals). Each period has a community register, population exports,
a facility ledger, staff, grids, funding projects, community activities,
grid events, a satisfaction survey, a register of community social
organisations, a volunteer extract (a 1% sample, with synthetic identity
numbers hashed under the fixed key of pii.key, fit for synthetic data only)
and a community affairs list (社区工作事项清单: in Zhaoshang 159 affairs per
community merged into 15 contracted projects). The files are messy the way real
exports are: Chinese headers, a GBK-encoded CSV, an XLSX with a title row,
dates written three ways, a few rows that must be rejected. The figures are
synthetic; only the codes, names and totals are real. The first line of every
file (the first row of every sheet) says so: 「【模拟数据 SYNTHETIC】…」. The
ingest records the mark (ingest_files.synthetic), and every page of a report
built on such files says that its data is synthetic.

--persons N also writes persons/人口个案.csv, a person-level census of 2020
with exactly N rows for benchmarks (synthetic ID numbers with valid check
digits, names and phones; about 95 bytes a row, so 10,000,000 rows is about
0.9 GB). It is streamed, so memory does not grow with N, and it is not listed
in shequ.yaml.`,
		Example: `  shequ gen --out exports
  shequ gen --out big --scale 10 --seed 7
  shequ gen --out bench --persons 10000000 --persons-encoding gbk`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "out"); err != nil {
				return err
			}
			if opts.Scale <= 0 {
				return &usageError{fmt.Errorf("--scale must be positive")}
			}
			if opts.Persons < 0 {
				return &usageError{fmt.Errorf("--persons must not be negative")}
			}
			switch opts.PersonsEncoding {
			case "utf-8", "gbk":
			default:
				return &usageError{fmt.Errorf("--persons-encoding must be utf-8 or gbk, not %q", opts.PersonsEncoding)}
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
	cmd.Flags().IntVar(&opts.Persons, "persons", 0, "also write persons/人口个案.csv with this many person rows (0 = none)")
	cmd.Flags().StringVar(&opts.PersonsEncoding, "persons-encoding", "utf-8", "encoding of the person file: utf-8 or gbk")
	return cmd
}

package main

import (
	"github.com/spf13/cobra"

	"shequ/internal/batch"
)

type buildOptions struct {
	warehouse string
	json      bool
}

func newBuildCmd(f *factory) *cobra.Command {
	var opts buildOptions
	cmd := &cobra.Command{
		Use:   "build --warehouse DIR",
		Short: "Rebuild shequ.duckdb: source tables, indicators and equalization",
		Long: `Build recreates warehouse/shequ.duckdb from the warehouse's Parquet: one table
per source, communities with their governance model, the indicators and
their equalization measures, and the records of the ingest (quarantine,
ingest_files, runs). The new database replaces the old one only when it is
complete, and only when every table has exactly the columns declared for it
in schemas/tables.go.

` + tablesHelp(f) + `

Census tables and person-level extracts of a period make one census: a
census-table row wins, person-level totals fill the other communities, and
census_reconciliation lists how the two differ where both exist. What the
input holds never fails a build: repeated keys go to quarantine, and an
indicator whose input is not finite or beyond ±2^53 is NULL with a reason.

Before reading them, it checks every raw and quarantine Parquet file against
the manifest of the export it came from (size, sha256, row count). A file
changed, cut short or deleted after shequ wrote it is refused with its name,
what differs and how to ingest the export again (exit 3; nothing is
published): 'shequ run' re-reads such files by itself.`,
		Example: `  shequ build --warehouse wh`,
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "warehouse"); err != nil {
				return err
			}
			env, err := f.env()
			if err != nil {
				return err
			}
			rep, err := batch.Build(cmd.Context(), env, opts.warehouse)
			if perr := printReport(f.stdout, rep, opts.json); err == nil {
				err = perr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&opts.warehouse, "warehouse", "", "warehouse folder")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the summary as JSON")
	return cmd
}

package main

import (
	"github.com/spf13/cobra"

	"shequ/internal/batch"
	"shequ/internal/config"
)

type runOptions struct {
	config string
	json   bool
	force  bool
}

func newRunCmd(f *factory) *cobra.Command {
	var opts runOptions
	cmd := &cobra.Command{
		Use:   "run --config shequ.yaml",
		Short: "The nightly batch: ingest every configured source, then build",
		Long: `Run reads a configuration file (see README.md, "Configuration"), ingests every
file it lists (unchanged files are skipped by their sha256), removes from the
warehouse the files the configuration no longer lists, and rebuilds the
database. Safe to run again: a second run with the same inputs changes
nothing but the run log.

A file is known by its path, so two files of one name in different folders
are two files. An unchanged file is read again when the Parquet it left in
the warehouse no longer matches what was recorded (changed, cut short or
deleted since: a warning says so), or with --force. The build checks every
Parquet file against its record before reading it.

A file that cannot be read as a whole is reported and the rest of the batch
goes on; the command then exits 3.

Once the database is committed, the run prints its summary (the files, the
build, and the reports it is about to write), then writes the workbook and
the HTML report of every period and configured language (unless the
configuration says "reports: skip: true"). The log on standard error says
when each report is written. A report that cannot be written does not undo
the database: the command says so and exits non-zero (1, or 3 when a file
was bad as well). With --json the summary is one JSON document on standard
output; its "reports" lists the report files and "reports_status" is
"pending" (written after the summary: the exit code says whether they all
were) or "skipped".`,
		Example: `  shequ run --config exports/shequ.yaml
  shequ run --config shequ.yaml --json > run.json
  shequ run --config shequ.yaml --force`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "config"); err != nil {
				return err
			}
			cfg, err := config.Load(opts.config)
			if err != nil {
				return err
			}
			if err := checkTargets(f, cfg); err != nil {
				return err
			}
			env, err := f.env()
			if err != nil {
				return err
			}
			if env.PIIKey, err = piiKey(cfg.PIIKeyFile); err != nil {
				return err
			}
			env.Force = opts.force
			printed := false
			env.OnCommit = func(rep *batch.Report) error {
				printed = true
				return printReport(f.stdout, rep, opts.json)
			}
			rep, err := batch.Nightly(cmd.Context(), env, cfg)
			if !printed { // the run did not commit
				if perr := printReport(f.stdout, rep, opts.json); err == nil {
					err = perr
				}
			}
			return err
		},
	}
	cmd.Flags().StringVar(&opts.config, "config", "", "configuration file (shequ.yaml)")
	cmd.Flags().BoolVar(&opts.force, "force", false, "read every listed file again, even when it is unchanged")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the run's summary as JSON (once the database is committed, before the reports are written)")
	return cmd
}

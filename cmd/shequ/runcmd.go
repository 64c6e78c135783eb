package main

import (
	"github.com/spf13/cobra"

	"shequ/internal/batch"
	"shequ/internal/config"
)

type runOptions struct {
	config string
	json   bool
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

A file that cannot be read as a whole is reported and the rest of the batch
goes on; the command then exits 3.`,
		Example: `  shequ run --config exports/shequ.yaml
  shequ run --config shequ.yaml --json > run.json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := requireFlags(cmd, "config"); err != nil {
				return err
			}
			cfg, err := config.Load(opts.config)
			if err != nil {
				return err
			}
			env, err := f.env()
			if err != nil {
				return err
			}
			if env.PIIKey, err = piiKey(cfg.PIIKeyFile); err != nil {
				return err
			}
			rep, err := batch.Nightly(cmd.Context(), env, cfg)
			if perr := printReport(f.stdout, rep, opts.json); err == nil {
				err = perr
			}
			return err
		},
	}
	cmd.Flags().StringVar(&opts.config, "config", "", "configuration file (shequ.yaml)")
	cmd.Flags().BoolVar(&opts.json, "json", false, "print the run report as JSON")
	return cmd
}

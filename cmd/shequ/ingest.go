package main

import (
	"github.com/spf13/cobra"

	"shequ/internal/batch"
)

type ingestOptions struct {
	batch.IngestOptions
	json       bool
	piiKeyFile string
	force      bool
}

func newIngestCmd(f *factory) *cobra.Command {
	var opts ingestOptions
	cmd := &cobra.Command{
		Use:   "ingest --warehouse DIR --source NAME --period P FILE...",
		Short: "Ingest export files of one source and period into the warehouse",
		Long: `Ingest decodes each file (CSV/TSV in UTF-8, GBK/GB18030 or UTF-16; XLSX), finds
the header row, maps Chinese or English headers to the source's declared
columns, validates every row, and writes accepted rows to
warehouse/raw/<source>/period=<P>/ and rejected rows, with the rule they break,
to quarantine. A file is known by its path (two files of one name in
different folders are two files): ingesting it again replaces what it
contributed before. A file already ingested with the same content is
skipped, unless the Parquet it left in the warehouse no longer matches
what was recorded (changed, cut short or deleted since: a warning says so)
or --force is given; then it is read again.

Bad rows do not fail the command; a file that cannot be read as a whole does
(exit 3). Run 'shequ build' afterwards to refresh the indicator tables.

Sources: communities, census, census_persons, facilities, staff, grid,
grid_events, activities, funding, survey, social_orgs, volunteers,
community_affairs (the columns each takes, with their Chinese and English
header names, are declared in schemas/*.yaml).

Every file is read on every core, in flat memory: a 10-million-row CSV of
~1 GB takes a few seconds. Every physical line is accounted for: a line whose
quotes are not well formed, or whose fields do not line up with the header,
is quarantined alone and the lines after it are read as rows of their own.

--area names the district (6 digits) or street (9 digits) the files cover:
a row of a community outside it is quarantined (outside_area). Without it,
the area named in a file's title row (「坪山区2020年…」) is used, when the
name is of one place only.

Person-level files (census_persons) carry 身份证号, names and phones: the
number is stored only as a keyed hash (HMAC-SHA-256) and names and phones
are dropped. The key comes from --pii-key-file or the SHEQU_PII_KEY
environment variable; keep it secret and the same from run to run, or the
same person gets a different hash.`,
		Example: `  shequ ingest --warehouse wh --source census --period 2020 exports/2020/人口_坪山区.csv
  shequ ingest --warehouse wh --source facilities --period 2020 --sheet 设施台账 exports/2020/服务设施.xlsx
  shequ ingest --warehouse wh --source census --period 2015 --encoding gbk --json 人口.csv
  shequ ingest --warehouse wh --source census --period 2020 --area 440310 人口_坪山区.csv

  shequ ingest --warehouse wh --source census --period 2020 --force exports/2020/人口_坪山区.csv`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			if err := requireFlags(cmd, "warehouse", "source", "period"); err != nil {
				return err
			}
			opts.Files = a
			return runIngest(cmd, f, &opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Warehouse, "warehouse", "", "warehouse folder (created if it does not exist)")
	fl.StringVar(&opts.Source, "source", "", "source name (one of the sources listed above)")
	fl.StringVar(&opts.Period, "period", "", "period the files describe: a year (2020) or year-month (2020-06)")
	fl.StringVar(&opts.Sheet, "sheet", "", "XLSX: read only this sheet (default: every visible sheet)")
	fl.StringVar(&opts.Encoding, "encoding", "auto", "text encoding: auto, utf-8, gbk, gb18030, utf-16le, utf-16be")
	fl.StringVar(&opts.piiKeyFile, "pii-key-file", "", "file holding the key for hashing 身份证号 (default: the SHEQU_PII_KEY environment variable)")
	fl.StringVar(&opts.Area, "area", "", "district (6-digit) or street (9-digit) code the files cover (default: from their title rows)")
	fl.BoolVar(&opts.force, "force", false, "read every file again, even when it is unchanged")
	fl.BoolVar(&opts.json, "json", false, "print a JSON summary per file (rows_in, accepted, quarantined, skipped)")
	return cmd
}

func runIngest(cmd *cobra.Command, f *factory, opts *ingestOptions) error {
	env, err := f.env()
	if err != nil {
		return err
	}
	if env.PIIKey, err = piiKey(opts.piiKeyFile); err != nil {
		return err
	}
	env.Force = opts.force
	rep, err := batch.Ingest(cmd.Context(), env, opts.IngestOptions)
	if perr := printReport(f.stdout, rep, opts.json); err == nil {
		err = perr
	}
	return err
}

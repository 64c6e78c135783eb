package nationalgen

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"gopkg.in/yaml.v3"

	"shequ/internal/config"
	"shequ/internal/divisions"
	"shequ/internal/warehouse"
)

// DefaultPeriod is the one period written when Options.Periods is empty.
const DefaultPeriod = "2020"

// Options says what Write generates.
type Options struct {
	// Communities keeps only the first N communities in code order; 0
	// keeps all 620,573.
	Communities int
	// Periods are the years written, in increasing order ("2015",
	// "2020"); empty means DefaultPeriod alone. The last is the latest
	// period, whose figures are the same whatever the others.
	Periods []string
	// Models are the governance models written to the warehouse's
	// settings; nil means the provinces of Guangdong, Jiangsu and Beijing
	// (those with communities in the selection). Each area should hold
	// communities of the selection.
	Models []config.Model
	// Now is the clock of the warehouse and the manifests; nil means
	// time.Now.
	Now func() time.Time
	// Progress, when not nil, is called after each file is published to
	// the transaction.
	Progress func(File)
}

// File is one generated source of one period.
type File struct {
	Source, Period string
	CSV            string // the CSV copy
	Rows           int64
}

// Result describes what Write wrote.
type Result struct {
	Communities int
	Periods     []string
	Files       []File // in the order written: by period, then source
	Warehouse   string // OUT/warehouse
	RunConfig   string // OUT/run.yaml
}

// Rows is the number of rows of every file.
func (r Result) Rows() int64 {
	var n int64
	for _, f := range r.Files {
		n += f.Rows
	}
	return n
}

var yearPattern = regexp.MustCompile(`^[12][0-9]{3}$`)

// Write replaces the folder out with a generated warehouse (out/warehouse),
// the CSV copies of its inputs (out/csv) and a run configuration over them
// (out/run.yaml). The warehouse is published in one transaction; it is not
// built.
func Write(ctx context.Context, out string, opts Options) (Result, error) {
	periods, err := checkOptions(out, opts)
	if err != nil {
		return Result{}, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	ix, err := divisions.Load()
	if err != nil {
		return Result{}, err
	}
	all := ix.All()
	if opts.Communities > 0 && opts.Communities < len(all) {
		all = all[:opts.Communities]
	}
	if err := os.RemoveAll(out); err != nil {
		return Result{}, err
	}
	res := Result{Communities: len(all), Periods: periods, Warehouse: filepath.Join(out, "warehouse"), RunConfig: filepath.Join(out, "run.yaml")}
	w, err := warehouse.Create(res.Warehouse, now())
	if err != nil {
		return res, err
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		return res, err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer conn.Close()
	if err := loadDivisions(ctx, conn, all); err != nil {
		return res, err
	}
	tx, err := w.Begin("national-" + now().UTC().Format("20060102T150405Z"))
	if err != nil {
		return res, err
	}
	// Until the commit starts, an error discards the staged files; a
	// failed commit is left to the warehouse's recovery.
	committing := false
	defer func() {
		if !committing {
			tx.Rollback()
		}
	}()
	for i, period := range periods {
		salt := ""
		if i < len(periods)-1 {
			salt = "@" + period
		}
		csvDir := filepath.Join(out, "csv")
		if salt != "" {
			csvDir = filepath.Join(csvDir, period)
		}
		if err := os.MkdirAll(csvDir, 0o755); err != nil {
			return res, err
		}
		// period is a year and salt "" or "@" and that year (checkOptions),
		// so both are safe to write into the macros.
		for _, q := range []string{
			`CREATE OR REPLACE MACRO hp(s) AS h(s || ` + warehouse.QuoteString(salt) + `)`,
			`CREATE OR REPLACE MACRO yr() AS ` + period,
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return res, err
			}
		}
		for _, s := range sources() {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			f, err := writeSource(ctx, conn, w, tx, s, period, filepath.Join(csvDir, s.name+".csv"), now)
			if err != nil {
				return res, err
			}
			res.Files = append(res.Files, f)
			if opts.Progress != nil {
				opts.Progress(f)
			}
		}
	}
	models := opts.Models
	if models == nil {
		if models, err = provinceModels(ctx, conn); err != nil {
			return res, err
		}
	}
	if err := putSettings(tx, models); err != nil {
		return res, err
	}
	committing = true
	if err := tx.Commit(nil); err != nil {
		return res, err
	}
	return res, writeRunConfig(out, res, models)
}

// checkOptions returns the periods to write, or what is wrong.
func checkOptions(out string, opts Options) ([]string, error) {
	if out == "" {
		return nil, &OptionsError{"out", out, "no output folder"}
	}
	if opts.Communities < 0 {
		return nil, &OptionsError{"communities", strconv.Itoa(opts.Communities), "not a number of communities (0 for all)"}
	}
	periods := opts.Periods
	if len(periods) == 0 {
		periods = []string{DefaultPeriod}
	}
	for i, p := range periods {
		if !yearPattern.MatchString(p) {
			return nil, &OptionsError{"periods", p, "not a year (YYYY)"}
		}
		if i > 0 && p <= periods[i-1] {
			return nil, &OptionsError{"periods", p, "periods must be given in increasing order, each once"}
		}
	}
	return append([]string(nil), periods...), nil
}

// writeSource writes one source of one period: its Parquet file, staged
// in tx with its manifest, and its CSV copy at csvPath.
func writeSource(ctx context.Context, conn *sql.Conn, w *warehouse.Warehouse, tx *warehouse.Tx, s source, period, csvPath string, now func() time.Time) (File, error) {
	f := File{Source: s.name, Period: period, CSV: csvPath}
	staged := tx.TempPath(s.name + ".parquet")
	q := fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", s.sql, warehouse.QuoteString(staged))
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return f, fmt.Errorf("%s %s: %w", s.name, period, err)
	}
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet("+warehouse.QuoteString(staged)+")").Scan(&f.Rows); err != nil {
		return f, fmt.Errorf("%s %s: %w", s.name, period, err)
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("COPY (SELECT * FROM read_parquet(%s)) TO %s (HEADER)",
		warehouse.QuoteString(staged), warehouse.QuoteString(csvPath))); err != nil {
		return f, fmt.Errorf("%s: %w", csvPath, err)
	}
	id, err := w.FileID(csvPath)
	if err != nil {
		return f, err
	}
	digest, err := tx.PutParquet(staged, warehouse.RawTarget(s.name, period, id), f.Rows)
	if err != nil {
		return f, err
	}
	err = tx.PutManifest(&warehouse.FileManifest{RunID: "national", Source: s.name, Period: period, FileID: id,
		File: s.name + ".csv", Path: csvPath, Format: "generated", RowsIn: f.Rows, Accepted: f.Rows,
		SkippedBy: map[string]int{}, IngestedAt: now().UTC(), RawParquet: digest})
	return f, err
}

// loadDivisions fills the table div with the communities and a plausible
// location: each county at a point inside China's extent, its communities
// scattered within about 10 km of it. It defines the macro h.
func loadDivisions(ctx context.Context, conn *sql.Conn, all []divisions.Community) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE div (code VARCHAR, name VARCHAR, street_code VARCHAR, street_name VARCHAR,
		district_code VARCHAR, district_name VARCHAR)`); err != nil {
		return err
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "div")
		if err != nil {
			return err
		}
		for _, x := range all {
			if err := a.AppendRow(x.Code, x.Name, x.StreetCode, x.StreetName, x.DistrictCode, x.DistrictName); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		return err
	}
	// h is a signed pseudo-random number from a string, so offsets can go
	// below zero.
	if _, err := conn.ExecContext(ctx, `CREATE MACRO h(s) AS (hash(s) % 1000000007)::BIGINT`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `CREATE OR REPLACE TABLE div AS
		SELECT *, 22 + (h(district_code) % 2200) / 100.0 + ((h(code || 'y') % 2000) - 1000) / 10000.0 AS lat,
		          100 + (h(district_code || 'x') % 2200) / 100.0 + ((h(code || 'x') % 2000) - 1000) / 10000.0 AS lon
		FROM div ORDER BY code`)
	return err
}

// provinceModels groups the districts of three provinces into models
// (those in the selection).
func provinceModels(ctx context.Context, conn *sql.Conn) ([]config.Model, error) {
	var models []config.Model
	for _, p := range []struct {
		m      config.Model
		prefix string
	}{
		{config.Model{ID: "guangdong", NameZh: "广东", NameEn: "Guangdong"}, "44"},
		{config.Model{ID: "jiangsu", NameZh: "江苏", NameEn: "Jiangsu"}, "32"},
		{config.Model{ID: "beijing", NameZh: "北京", NameEn: "Beijing"}, "11"},
	} {
		m := p.m
		rows, err := conn.QueryContext(ctx, "SELECT DISTINCT district_code FROM div WHERE starts_with(district_code, ?) ORDER BY 1", p.prefix)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				rows.Close()
				return nil, err
			}
			m.Areas = append(m.Areas, a)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if len(m.Areas) > 0 {
			models = append(models, m)
		}
	}
	return models, nil
}

// settings is the warehouse's settings file (warehouse.SettingsFile) as
// package build reads it (build.Settings, which this package does not
// import: build needs the duckdb_arrow tag, and the reports' tests, which
// use this package, must compile without it). The accessibility settings
// are left out, so the build uses its defaults.
type settings struct {
	Models []config.Model `json:"models"`
}

func putSettings(tx *warehouse.Tx, models []config.Model) error {
	data, err := json.MarshalIndent(settings{Models: models}, "", "  ")
	if err != nil {
		return err
	}
	p := tx.TempPath(warehouse.SettingsFile)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	return tx.Put(p, warehouse.SettingsFile)
}

// writeRunConfig writes the configuration of a `shequ run` over the CSV
// copies (their lineage columns, source_file, source_sheet and
// source_line, are not in the schemas: the ingest leaves them out, with a
// warning, and records its own), with the same models.
func writeRunConfig(out string, res Result, models []config.Model) error {
	type source struct {
		Source string   `yaml:"source"`
		Period string   `yaml:"period"`
		Files  []string `yaml:"files"`
	}
	cfg := struct {
		Warehouse string         `yaml:"warehouse"`
		Sources   []source       `yaml:"sources"`
		Models    []config.Model `yaml:"models"`
		Reports   map[string]any `yaml:"reports"`
	}{Warehouse: "run-warehouse", Models: models, Reports: map[string]any{"out": "run-reports", "languages": []string{"zh"}}}
	for _, f := range res.Files {
		rel, err := filepath.Rel(out, f.CSV)
		if err != nil {
			return err
		}
		cfg.Sources = append(cfg.Sources, source{Source: f.Source, Period: f.Period, Files: []string{filepath.ToSlash(rel)}})
	}
	data, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	head := "# `shequ run --config run.yaml` over the CSV copies of the generated inputs (written by bench/national)\n"
	return os.WriteFile(res.RunConfig, append([]byte(head), data...), 0o644)
}

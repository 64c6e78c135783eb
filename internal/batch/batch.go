package batch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"shequ/indicators"
	"shequ/internal/build"
	"shequ/internal/config"
	"shequ/internal/divisions"
	"shequ/internal/warehouse"
	"shequ/pipelines"
	"shequ/schemas"
)

// Env is what every stage needs.
type Env struct {
	Schemas *schemas.Set
	// Divisions returns the division codes, loading them at the first
	// call; it must be safe for concurrent use.
	Divisions func() (*divisions.Index, error)
	Catalog   *indicators.Catalog
	Now       func() time.Time
	Log       *slog.Logger
	Version   string
	// PIIKey is the secret for hashing direct identifiers; files with such
	// a column are refused without it.
	PIIKey []byte
	// Progress, when not nil, follows each file's ingest.
	Progress func(pipelines.Progress)
	// Failpoint, when not nil, is called at named points of a run
	// ("ingest:file", "build:done", "commit:journal", "commit:op",
	// "commit:cleanup", "recover:op", "recover:cleanup", and
	// "reports:write" before each workbook and HTML report of a period
	// and language) so that tests can kill or pause the process there.
	// Production leaves it nil.
	Failpoint func(name string)
	// Force makes every input file be read again, even when it is
	// unchanged (`--force`).
	Force bool
	// OnCommit, when not nil, is called by Nightly once the run's
	// database is committed and before the reports are written, with the
	// run's report (its Reports lists the files about to be written). It
	// must not keep the report: Nightly fills in the reports' outcome
	// afterwards. Its error is returned with the run's, and the reports
	// are written all the same.
	OnCommit func(*Report) error
}

func (env Env) hit(name string) {
	if env.Failpoint != nil {
		env.Failpoint(name)
	}
}

// FileReport is the outcome of one input file.
type FileReport struct {
	Source      string         `json:"source"`
	Period      string         `json:"period"`
	File        string         `json:"file"`
	Status      string         `json:"status"` // ingested, unchanged, failed
	SHA256      string         `json:"sha256,omitempty"`
	Encoding    string         `json:"encoding,omitempty"`
	RowsIn      int64          `json:"rows_in"`
	Accepted    int64          `json:"accepted"`
	Quarantined int64          `json:"quarantined"`
	Skipped     int64          `json:"skipped"`
	SkippedBy   map[string]int `json:"skipped_by,omitempty"`
	Unknown     []string       `json:"unknown_columns,omitempty"`
	// Area is the district or street code whose communities the file was
	// checked to hold (empty when none), AreaFrom where it came from.
	Area     string `json:"area,omitempty"`
	AreaFrom string `json:"area_from,omitempty"`
	// TotalsChecked counts the figures of totals rows (合计, 小计) compared
	// with the rows they total; TotalsMismatches lists those that do not
	// add up.
	TotalsChecked    int                        `json:"totals_checked"`
	TotalsMismatches []warehouse.TotalsMismatch `json:"totals_mismatches,omitempty"`
	// Synthetic is true for a file that carries the synthetic-data mark of
	// `shequ gen` (warehouse.FileManifest.Synthetic).
	Synthetic bool   `json:"synthetic,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Report is the outcome of a run.
type Report struct {
	RunID     string         `json:"run_id"`
	Warehouse string         `json:"warehouse"`
	Files     []FileReport   `json:"files"`
	Removed   []string       `json:"removed,omitempty"`
	Build     *build.Summary `json:"build,omitempty"`
	// Reports lists the workbooks and HTML reports of the run, one of
	// each per period and language, and ReportsStatus where they stand:
	// ReportsPending while the run has committed its database and is
	// about to write them (what OnCommit sees), ReportsWritten or
	// ReportsFailed once it has tried, ReportsSkipped when the
	// configuration says "reports: skip: true"; both are empty when the
	// run did not commit.
	Reports       []string `json:"reports,omitempty"`
	ReportsStatus string   `json:"reports_status,omitempty"`
}

// The values of Report.ReportsStatus.
const (
	ReportsPending = "pending" // to be written after the summary
	ReportsWritten = "written"
	ReportsFailed  = "failed" // some or all of them could not be written
	ReportsSkipped = "skipped"
)

// session is one locked run against a warehouse.
type session struct {
	env    Env
	w      *warehouse.Warehouse
	run    warehouse.Run
	tx     *warehouse.Tx
	unlock func()
	report *Report
}

func start(env Env, w *warehouse.Warehouse, command string) (*session, error) {
	unlock, err := w.Lock()
	if err != nil {
		return nil, err
	}
	recovered, err := w.Recover(env.Failpoint)
	for _, line := range recovered {
		env.Log.Warn(line, "warehouse", w.Dir)
	}
	if err != nil {
		unlock()
		return nil, fmt.Errorf("recover %s: %w", w.Dir, err)
	}
	now := env.Now()
	id := warehouse.NewRunID(now)
	tx, err := w.Begin(id)
	if err != nil {
		unlock()
		return nil, err
	}
	return &session{
		env: env, w: w, unlock: unlock, tx: tx,
		run:    warehouse.Run{ID: id, Command: command, Version: env.Version, Started: now.UTC()},
		report: &Report{RunID: id, Warehouse: w.Dir},
	}, nil
}

// finish commits the run's changes with its record, or — when the run
// failed as a whole — discards them and records the failure; then it
// releases the lock. Files that failed alone (an *InputsError) do not stop
// the others from being published.
func (s *session) finish(err error) error {
	defer s.unlock()
	s.close(err)
	var ie *InputsError
	if err == nil || errors.As(err, &ie) {
		cerr := s.commit()
		if cerr == nil {
			return err
		}
		err = errors.Join(err, cerr)
		s.close(err)
	}
	if rerr := s.tx.Rollback(); rerr != nil {
		err = errors.Join(err, rerr)
	}
	if werr := s.w.WriteRun(&s.run); werr != nil {
		err = errors.Join(err, werr)
	}
	return err
}

func (s *session) commit() error {
	data, err := json.MarshalIndent(&s.run, "", "  ")
	if err != nil {
		return err
	}
	p := s.tx.TempPath("run.json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if err := s.tx.Put(p, "runs/"+s.run.ID+".json"); err != nil {
		return err
	}
	return s.tx.Commit(s.env.Failpoint)
}

// ingest ingests inputs, continuing past files that fail as a whole.
func (s *session) ingest(ctx context.Context, inputs []pipelines.Input) error {
	ing := &pipelines.Ingester{Schemas: s.env.Schemas, LoadDivisions: s.env.Divisions, Warehouse: s.w, Tx: s.tx,
		RunID: s.run.ID, Now: s.env.Now, Log: s.env.Log, PIIKey: s.env.PIIKey, Progress: s.env.Progress,
		Version: s.env.Version, Failpoint: s.env.Failpoint}
	defer ing.Close()
	var failed []FailedInput
	for _, in := range inputs {
		if err := ctx.Err(); err != nil {
			return err
		}
		in, err := s.mustRead(in)
		if err != nil {
			return err
		}
		res, err := ing.File(ctx, in)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var pe *pipelines.HeaderError
			if !isInputProblem(err) && !errors.As(err, &pe) {
				return err // the warehouse itself is in trouble: stop
			}
			s.env.Log.Error("file not ingested", "source", in.Source, "period", in.Period, "file", in.Path, "error", err)
			failed = append(failed, FailedInput{Source: in.Source, Period: in.Period, Path: in.Path, Err: err})
			s.report.Files = append(s.report.Files, FileReport{Source: in.Source, Period: in.Period, File: in.Path, Status: "failed", Error: err.Error()})
			continue
		}
		s.env.hit("ingest:file")
		if res.Status == pipelines.StatusUnchanged {
			s.env.Log.Info("unchanged, skipped", "source", in.Source, "period", in.Period, "file", in.Path)
		} else if err := s.replaceLegacy(in, res.Manifest.FileID); err != nil {
			return err
		}
		m := res.Manifest
		s.run.Files = append(s.run.Files, m)
		s.report.Files = append(s.report.Files, FileReport{Source: m.Source, Period: m.Period, File: in.Path, Status: res.Status,
			SHA256: m.SHA256, Encoding: m.Encoding, RowsIn: m.RowsIn, Accepted: m.Accepted, Quarantined: m.Quarantined,
			Skipped: m.Skipped, SkippedBy: m.SkippedBy, Unknown: m.UnknownColumns, Area: m.Area, AreaFrom: m.AreaFrom,
			TotalsChecked: m.TotalsChecked, TotalsMismatches: m.TotalsMismatches, Synthetic: m.Synthetic})
	}
	if len(failed) > 0 {
		return &InputsError{Failed: failed}
	}
	return nil
}

// mustRead decides whether in must be read even if it is unchanged: with
// --force; when its manifest predates Parquet digests (reading it records
// them); and when the Parquet it published no longer matches its manifest
// (changed, cut short or deleted since), which a warning says.
func (s *session) mustRead(in pipelines.Input) (pipelines.Input, error) {
	if s.env.Force {
		in.Force = true
		return in, nil
	}
	id, err := s.w.FileID(in.Path)
	if err != nil {
		return in, err
	}
	prev, err := s.tx.Manifest(in.Source, in.Period, id)
	if err != nil || prev == nil {
		return in, err
	}
	if !prev.Verifiable() {
		s.env.Log.Info("ingested before shequ recorded Parquet digests: read again to record them",
			"source", in.Source, "period", in.Period, "file", in.Path)
		in.Force = true
		return in, nil
	}
	bad, err := s.tx.Verify(prev, nil)
	if err != nil {
		return in, err
	}
	for _, b := range bad {
		var diffs []string
		for _, d := range b.Differences {
			diffs = append(diffs, d.String())
		}
		s.env.Log.Warn("the warehouse's Parquet of this file no longer matches its manifest: the file is read again, even if unchanged",
			"source", in.Source, "period", in.Period, "file", in.Path, "parquet", b.Target, "differs", strings.Join(diffs, "; "))
		in.Force = true
	}
	return in, nil
}

// replaceLegacy removes, once in has been ingested under id, the entry
// that a warehouse written before file identifiers took the path holds
// for a file of in's name in its source and period: that entry stood for
// the one file of that name, and ingesting a file of that name replaced it.
func (s *session) replaceLegacy(in pipelines.Input, id string) error {
	legacy := warehouse.LegacyFileID(in.Path)
	if legacy == id {
		return nil
	}
	m, err := s.tx.Manifest(in.Source, in.Period, legacy)
	if err != nil || m == nil {
		return err
	}
	s.tx.RemoveFile(in.Source, in.Period, legacy)
	s.env.Log.Info("replaced the entry recorded under the file's name alone (identifiers now come from the path)",
		"source", in.Source, "period", in.Period, "file", in.Path, "replaced", m.Path)
	return nil
}

// isInputProblem reports errors caused by an input file rather than by
// the warehouse: the nightly batch reports them and goes on.
func isInputProblem(err error) bool {
	var pe *pipelines.HeaderError
	return errors.As(err, &pe) || errors.Is(err, pipelines.ErrNoHeader) || errors.Is(err, pipelines.ErrNoPIIKey) || errors.Is(err, pipelines.ErrBadArea) || isDecodeProblem(err)
}

// close sets the run's end time and status.
func (s *session) close(err error) {
	s.run.Finished = s.env.Now().UTC()
	s.run.Status = "ok"
	s.run.Error = ""
	if err != nil {
		s.run.Status = "failed"
		s.run.Error = err.Error()
	}
}

// build rebuilds the database as the last step of a run; prior is the
// run's outcome so far, recorded in the runs table as the run's status.
func (s *session) build(ctx context.Context, prior error) error {
	current := s.run
	s.close(prior)
	current, s.run = s.run, current
	t0 := time.Now()
	sum, err := build.Run(ctx, build.Options{Warehouse: s.w, Schemas: s.env.Schemas, Catalog: s.env.Catalog,
		RunID: s.run.ID, Version: s.env.Version, Now: s.env.Now, Current: &current, Tx: s.tx, Log: s.env.Log})
	if err != nil {
		return fmt.Errorf("build: %w", err)
	}
	s.env.hit("build:done")
	logPhase(s.env, "build", t0)
	s.report.Build = sum
	return nil
}

// IngestOptions are the arguments of `shequ ingest`.
type IngestOptions struct {
	Warehouse string
	Source    string
	Period    string
	Sheet     string
	Encoding  string
	Area      string // district or street code the files cover; "" = from their titles
	Files     []string
}

// Ingest ingests files into one source and period. It creates the
// warehouse if the folder does not exist. The report is returned even
// when some files failed (with an *InputsError).
func Ingest(ctx context.Context, env Env, opts IngestOptions) (*Report, error) {
	if _, err := env.Schemas.Get(opts.Source); err != nil {
		return nil, err
	}
	if !config.PeriodPattern.MatchString(opts.Period) {
		return nil, fmt.Errorf("%w: %q is not a year (2015) or a year and month (2015-12)", ErrBadPeriod, opts.Period)
	}
	w, err := warehouse.Create(opts.Warehouse, env.Now())
	if err != nil {
		return nil, err
	}
	s, err := start(env, w, "ingest")
	if err != nil {
		return nil, err
	}
	var inputs []pipelines.Input
	for _, f := range opts.Files {
		inputs = append(inputs, pipelines.Input{Source: opts.Source, Period: opts.Period, Path: f, Sheet: opts.Sheet, Encoding: opts.Encoding, Area: opts.Area})
	}
	err = s.ingest(ctx, inputs)
	return s.report, s.finish(err)
}

// Build rebuilds shequ.duckdb of an existing warehouse.
func Build(ctx context.Context, env Env, dir string) (*Report, error) {
	w, err := warehouse.Open(dir)
	if err != nil {
		return nil, err
	}
	s, err := start(env, w, "build")
	if err != nil {
		return nil, err
	}
	err = s.build(ctx, nil)
	return s.report, s.finish(err)
}

// Nightly runs a configuration: every source's files, then removal of
// files no longer configured, then the build. Files that fail as a whole
// are reported (an *InputsError) after everything else has run.
func Nightly(ctx context.Context, env Env, cfg *config.Config) (*Report, error) {
	inputs, err := Expand(cfg, env.Schemas)
	if err != nil {
		return nil, err
	}
	w, err := warehouse.Create(cfg.Warehouse, env.Now())
	if err != nil {
		return nil, err
	}
	s, err := start(env, w, "run "+cfg.Path)
	if err != nil {
		return nil, err
	}
	t0 := time.Now()
	ingErr := s.ingest(ctx, inputs)
	var ie *InputsError
	if ingErr != nil && !errors.As(ingErr, &ie) {
		return s.report, s.finish(ingErr)
	}
	if err := s.removeUnlisted(inputs); err != nil {
		return s.report, s.finish(err)
	}
	if err := s.putSettings(build.Settings{Models: cfg.Models, Access: cfg.Access, Standards: cfg.Holdings()}); err != nil {
		return s.report, s.finish(err)
	}
	logPhase(env, "ingest", t0, "files", len(inputs))
	if err := s.build(ctx, ingErr); err != nil {
		return s.report, s.finish(errors.Join(ingErr, err))
	}
	t0 = time.Now()
	if err := s.finish(ingErr); err != ingErr {
		return s.report, err // the commit failed
	}
	logPhase(env, "commit", t0)
	rep := s.report
	if cfg.Reports.Skip {
		rep.ReportsStatus = ReportsSkipped
	} else {
		rep.Reports, rep.ReportsStatus = ReportFiles(cfg.Reports, rep.Build.Periods), ReportsPending
	}
	err = ingErr
	if env.OnCommit != nil {
		if cerr := env.OnCommit(rep); cerr != nil {
			err = errors.Join(err, cerr)
		}
	}
	if cfg.Reports.Skip {
		return rep, err
	}
	if _, rerr := Reports(ctx, env, w, cfg.Reports); rerr != nil {
		rep.ReportsStatus = ReportsFailed
		return rep, errors.Join(err, &ReportsError{RunID: rep.RunID, Warehouse: w.Dir, Periods: rep.Build.Periods, Err: rerr})
	}
	rep.ReportsStatus = ReportsWritten
	return rep, err
}

// removeUnlisted deletes the contribution of files that the configuration
// no longer lists.
func (s *session) removeUnlisted(inputs []pipelines.Input) error {
	keep := map[string]bool{}
	for _, in := range inputs {
		id, err := s.w.FileID(in.Path)
		if err != nil {
			return err
		}
		keep[in.Source+"\x00"+in.Period+"\x00"+id] = true
		// An entry from before identifiers took the path stays while its
		// file is listed: ingesting it replaced that entry (replaceLegacy)
		// unless the file failed, which keeps what it contributed.
		keep[in.Source+"\x00"+in.Period+"\x00"+warehouse.LegacyFileID(in.Path)] = true
	}
	ms, err := s.tx.Manifests()
	if err != nil {
		return err
	}
	for _, m := range ms {
		if keep[m.Source+"\x00"+m.Period+"\x00"+m.FileID] {
			continue
		}
		s.tx.RemoveFile(m.Source, m.Period, m.FileID)
		what := fmt.Sprintf("%s %s %s", m.Source, m.Period, m.Path)
		s.env.Log.Info("removed: no longer in the configuration", "source", m.Source, "period", m.Period, "file", m.Path)
		s.run.Removed = append(s.run.Removed, what)
		s.report.Removed = append(s.report.Removed, what)
	}
	return nil
}

// Expand resolves the configuration's file patterns into inputs, checking
// every source name and that every pattern matches at least one file. A
// file that two patterns of one source and period match is listed once;
// files of one name in different folders are different files.
func Expand(cfg *config.Config, set *schemas.Set) ([]pipelines.Input, error) {
	var inputs []pipelines.Input
	var problems []error
	seen := map[string]bool{}
	for i, src := range cfg.Sources {
		where := fmt.Sprintf("%s sources[%d] (line %d)", cfg.Path, i, src.Line)
		if _, err := set.Get(src.Source); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", where, err))
			continue
		}
		for _, pat := range src.Files {
			matches, err := filepath.Glob(pat)
			if err != nil {
				problems = append(problems, fmt.Errorf("%s: bad pattern %q: %w", where, pat, err))
				continue
			}
			if len(matches) == 0 {
				problems = append(problems, &PatternError{Where: where, Pattern: pat})
				continue
			}
			sort.Strings(matches)
			for _, m := range matches {
				abs, err := filepath.Abs(m)
				if err != nil {
					problems = append(problems, fmt.Errorf("%s: %s: %w", where, m, err))
					continue
				}
				k := src.Source + "\x00" + src.Period + "\x00" + abs
				if seen[k] {
					continue
				}
				seen[k] = true
				inputs = append(inputs, pipelines.Input{Source: src.Source, Period: src.Period, Path: m, Sheet: src.Sheet, Encoding: src.Encoding, Area: src.Area})
			}
		}
	}
	if len(problems) > 0 {
		return nil, &ConfigInputsError{Problems: problems}
	}
	return inputs, nil
}

// ConfigInputsError lists every problem with the files a configuration names.
type ConfigInputsError struct {
	Problems []error
}

func (e *ConfigInputsError) Error() string {
	msg := "the configuration names inputs that cannot be used:"
	for _, p := range e.Problems {
		msg += "\n  " + p.Error()
	}
	return msg
}

// Unwrap returns the problems.
func (e *ConfigInputsError) Unwrap() []error { return e.Problems }

// putSettings stages what later builds need of the configuration.
func (s *session) putSettings(settings build.Settings) error {
	data, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		return err
	}
	p := s.tx.TempPath(warehouse.SettingsFile)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	return s.tx.Put(p, warehouse.SettingsFile)
}

package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	store "shequ/internal/warehouse" // as store: the tests name the demo's warehouse folder "warehouse"
)

// Options say which report to write and where.
type Options struct {
	// Period is the period to report on, as in the warehouse ("2020").
	Period string
	// Lang is "zh" (the default when empty) or "en".
	Lang string
	// OutDir is the folder the period's folder is made in.
	OutDir string
	// SuppressBelow: person-level counts n with 1 ≤ n < SuppressBelow are
	// suppressed in the outputs (see privacy). 0 means DefaultSuppressBelow;
	// a negative value or 1 switches suppression off.
	SuppressBelow int
	// Version is the shequ version written into the provenance.
	Version string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives a line per step with its time ("report step=…
	// seconds=…"); nil logs nothing.
	Log *slog.Logger
	// maxRows bounds the rows of a worksheet (tests; 0 means Excel's
	// 1,048,576).
	maxRows int
}

// Result says what Write wrote.
type Result struct {
	Dir      string   // OutDir/<period>
	Workbook string   // path of the Excel workbook
	HTML     string   // path of the HTML report
	Sheets   []string // the workbook's sheets, in order
	// WorkbookCharts counts the native Excel charts.
	WorkbookCharts int
	// Charts are the data-chart ids of the SVG charts in the HTML report.
	Charts []string
	// Notes say what the warehouse lacked and how the report made do, in
	// the report's language.
	Notes []string
}

// FileNames returns the names of a period's workbook and HTML report in
// a language.
func FileNames(period, lang string) (workbook, html string) {
	if lang == LangEn {
		return "indicators_" + period + ".xlsx", "report_" + period + "_en.html"
	}
	return "指标汇总_" + period + ".xlsx", "report_" + period + ".html"
}

// Write writes the period's Excel workbook and HTML report into
// OutDir/<period>/, each through a temporary file renamed into place, so a
// reader never sees half a file. db is an open shequ.duckdb (read-only is
// enough); Write does not close it.
func Write(ctx context.Context, db *sql.DB, opts Options) (Result, error) {
	opts, err := opts.normalize()
	if err != nil {
		return Result{}, err
	}
	d, err := load(ctx, db, opts)
	if err != nil {
		return Result{}, err
	}
	now := opts.Now()
	res := Result{Dir: filepath.Join(opts.OutDir, opts.Period), Notes: d.notes}
	if err := os.MkdirAll(res.Dir, 0o755); err != nil {
		return Result{}, err
	}
	xlsxName, htmlName := FileNames(opts.Period, opts.Lang)
	res.Workbook = filepath.Join(res.Dir, xlsxName)
	res.HTML = filepath.Join(res.Dir, htmlName)

	d.log = opts.Log.With("period", opts.Period, "lang", opts.Lang)
	err = store.WriteAtomic(res.Workbook, func(w io.Writer) error {
		b, err := writeWorkbook(ctx, db, d, w, now, opts.Version, opts.maxRows)
		if b != nil {
			res.Sheets, res.WorkbookCharts = b.sheets, b.charts
		}
		return err
	})
	if err != nil {
		return Result{}, fmt.Errorf("workbook %s: %w", res.Workbook, err)
	}

	if err := d.loadHTML(ctx, db); err != nil {
		return Result{}, fmt.Errorf("report %s: %w", res.HTML, err)
	}
	var buf bytes.Buffer
	charts, err := renderHTML(&buf, d, htmlPage{now: now, version: opts.Version, workbook: xlsxName})
	if err != nil {
		return Result{}, fmt.Errorf("report %s: %w", res.HTML, err)
	}
	if err := store.WriteAtomic(res.HTML, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); err != nil {
		return Result{}, fmt.Errorf("report %s: %w", res.HTML, err)
	}
	res.Charts = charts
	return res, nil
}

func (o Options) normalize() (Options, error) {
	switch o.Lang {
	case "":
		o.Lang = LangZh
	case LangZh, LangEn:
	default:
		return o, fmt.Errorf("%w %q: want zh or en", ErrBadLang, o.Lang)
	}
	if o.Period == "" || o.Period != filepath.Base(o.Period) || strings.ContainsAny(o.Period, `/\`) || o.Period == "." || o.Period == ".." {
		return o, fmt.Errorf("%w %q", ErrUnknownPeriod, o.Period)
	}
	if o.OutDir == "" {
		return o, ErrNoOutDir
	}
	if o.SuppressBelow == 0 {
		o.SuppressBelow = DefaultSuppressBelow
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Version == "" {
		o.Version = "dev"
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// step logs how long a step of the report took since start, and returns
// the time it ended.
func (d *dataset) step(name string, start time.Time) time.Time {
	now := time.Now()
	d.log.Info("report", "step", name, "seconds", fmt.Sprintf("%.2f", now.Sub(start).Seconds()))
	return now
}

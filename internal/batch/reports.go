package batch

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"shequ/internal/config"
	"shequ/internal/warehouse"
	"shequ/reports"
)

// Reports writes the workbook and the HTML report of every period in the
// warehouse's database, in each configured language, and returns the
// files written (those written before an error, with it). It logs each
// period's files as they are written, and the time of the whole.
func Reports(ctx context.Context, env Env, w *warehouse.Warehouse, rc config.Reports) ([]string, error) {
	t0 := time.Now()
	db, err := warehouse.OpenDB(w.DBPath(), true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT DISTINCT period FROM communities ORDER BY period")
	if err != nil {
		return nil, err
	}
	var periods []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return nil, err
		}
		periods = append(periods, p)
	}
	rows.Close()
	suppress := 0 // the reports' default
	if rc.SuppressBelow != nil {
		suppress = *rc.SuppressBelow
		if suppress == 0 {
			suppress = -1 // off
		}
	}
	var files []string
	for _, p := range periods {
		for _, lang := range rc.Languages {
			env.hit("reports:write")
			res, err := reports.Write(ctx, db, reports.Options{Period: p, Lang: lang, OutDir: rc.Out,
				SuppressBelow: suppress, Version: env.Version, Now: env.Now, Log: env.Log})
			if err != nil {
				return files, fmt.Errorf("period %s (%s): %w", p, lang, err)
			}
			files = append(files, res.Workbook, res.HTML)
			env.Log.Info("report written", "period", p, "lang", lang, "workbook", res.Workbook, "html", res.HTML)
		}
	}
	logPhase(env, "reports", t0, "files", len(files))
	return files, nil
}

// ReportFiles returns the paths of the files Reports writes for periods,
// in the order it writes them: for each period and configured language,
// the workbook, then the HTML report.
func ReportFiles(rc config.Reports, periods []string) []string {
	var files []string
	for _, p := range periods {
		for _, lang := range rc.Languages {
			xlsx, html := reports.FileNames(p, lang)
			files = append(files, filepath.Join(rc.Out, p, xlsx), filepath.Join(rc.Out, p, html))
		}
	}
	return files
}

// logPhase logs that a phase of a run (ingest, build, commit, reports)
// ended: its time since t0 and the process's peak resident memory so far.
func logPhase(env Env, phase string, t0 time.Time, attrs ...any) {
	attrs = append([]any{"phase", phase, "seconds", fmt.Sprintf("%.2f", time.Since(t0).Seconds())}, attrs...)
	if mib, ok := peakRSSMiB(); ok {
		attrs = append(attrs, "peak_rss_mib", mib)
	}
	env.Log.Info("run", attrs...)
}

// peakRSSMiB is the process's peak resident set size so far, in MiB; ok
// is false where the system does not say.
func peakRSSMiB() (mib int64, ok bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	kib := ru.Maxrss // KiB on Linux and the BSDs, bytes on macOS
	if runtime.GOOS == "darwin" {
		kib /= 1024
	}
	return kib / 1024, true
}

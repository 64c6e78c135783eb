package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shequ/pipelines"
)

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newProgress returns how ingest progress is shown: on a terminal, a bar
// per file redrawn in place; elsewhere a structured log line every few
// seconds for a long file (the per-file summary line is logged anyway).
func newProgress(w io.Writer, log *slog.Logger, now func() time.Time) func(pipelines.Progress) {
	if isTerminal(w) {
		return terminalProgress(w, now)
	}
	var last time.Time
	var file string
	return func(p pipelines.Progress) {
		t := now()
		if p.File != file {
			file, last = p.File, t
			return
		}
		if p.Done || t.Sub(last) < 5*time.Second {
			return
		}
		last = t
		args := []any{"source", p.Source, "period", p.Period, "file", p.File, "records", p.Records}
		if p.Total > 0 {
			args = append(args, "bytes", p.Bytes, "of", p.Total)
		}
		log.Info("reading", args...)
	}
}

// terminalProgress draws "[census 2020] 人口_坪山区.csv ████░░░░ 52% 1,234,567 rows 48.1/92.0 MB".
func terminalProgress(w io.Writer, now func() time.Time) func(pipelines.Progress) {
	var last time.Time
	return func(p pipelines.Progress) {
		t := now()
		if !p.Done && t.Sub(last) < 100*time.Millisecond {
			return
		}
		last = t
		const width = 24
		bar := strings.Repeat("·", width)
		pct := ""
		if p.Total > 0 {
			frac := min(float64(p.Bytes)/float64(p.Total), 1)
			if p.Done {
				frac = 1
			}
			full := int(frac * width)
			bar = strings.Repeat("█", full) + strings.Repeat("·", width-full)
			pct = fmt.Sprintf(" %3.0f%%", frac*100)
		}
		size := ""
		if p.Total > 0 {
			size = fmt.Sprintf(" %.1f/%.1f MB", float64(p.Bytes)/1e6, float64(p.Total)/1e6)
		}
		fmt.Fprintf(w, "\r\033[K[%s %s] %s %s%s %s rows%s", p.Source, p.Period, filepath.Base(p.File), bar, pct, thousands(p.Records), size)
		if p.Done {
			fmt.Fprint(w, "\r\033[K")
		}
	}
}

// thousands writes n with thousands separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

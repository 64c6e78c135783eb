package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runSummary is what `shequ run --json` prints, in the parts these tests read.
type runSummary struct {
	RunID         string   `json:"run_id"`
	Reports       []string `json:"reports"`
	ReportsStatus string   `json:"reports_status"`
	Build         *struct {
		Periods []string `json:"periods"`
	} `json:"build"`
}

// handcalcWith copies the hand fixture and appends a reports section to
// its configuration; it returns the folder and the configuration's path.
func handcalcWith(t *testing.T, reports string) (dir, cfg string) {
	t.Helper()
	dir = copyDir(t, "testdata/handcalc")
	cfg = filepath.Join(dir, "shequ.yaml")
	f, err := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(reports); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, cfg
}

// decodeSummary decodes standard output as exactly one JSON document.
func decodeSummary(t *testing.T, out []byte) runSummary {
	t.Helper()
	var s runSummary
	if err := json.Unmarshal(out, &s); err != nil { // fails on anything after the document, too
		t.Fatalf("standard output is not one JSON document: %v\n%s", err, out)
	}
	return s
}

// TestRunSummaryBeforeReports pauses `shequ run --json` just before it
// writes its first report and checks that by then the summary is on
// standard output, whole, and the database committed, while no report
// file exists; then lets it finish and checks that the files it announced
// are the ones written, and that standard output still holds one document.
func TestRunSummaryBeforeReports(t *testing.T) {
	dir, cfg := handcalcWith(t, "reports:\n  languages: [zh, en]\n")
	// The hand fixture has one period, 2020; reports go to "reports"
	// beside the warehouse folder, one workbook and one page per language.
	want := []string{
		filepath.Join(dir, "reports", "2020", "指标汇总_2020.xlsx"),
		filepath.Join(dir, "reports", "2020", "report_2020.html"),
		filepath.Join(dir, "reports", "2020", "indicators_2020.xlsx"),
		filepath.Join(dir, "reports", "2020", "report_2020_en.html"),
	}
	gate := filepath.Join(t.TempDir(), "go")
	stdoutPath := filepath.Join(t.TempDir(), "stdout")
	stdout, err := os.Create(stdoutPath)
	if err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	var stderr bytes.Buffer
	cmd := exec.Command(shequBin, "run", "--config", cfg, "--json")
	cmd.Env = append(os.Environ(), failpointEnv+"=reports:write:pause="+gate)
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, cmd, gate+".reached", &stderr)

	out, err := os.ReadFile(stdoutPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := decodeSummary(t, out)
	if sum.ReportsStatus != "pending" {
		t.Errorf("reports_status %q before the reports, want pending", sum.ReportsStatus)
	}
	if strings.Join(sum.Reports, "\n") != strings.Join(want, "\n") {
		t.Errorf("reports announced:\n%s\nwant:\n%s", strings.Join(sum.Reports, "\n"), strings.Join(want, "\n"))
	}
	for _, f := range want {
		if _, err := os.Stat(f); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s: %v before the first report is written, want it not to exist", f, err)
		}
	}
	// The database is committed: the run's record is in the warehouse and
	// in the database, with status ok.
	wh := filepath.Join(dir, "warehouse")
	if _, err := os.Stat(filepath.Join(wh, "runs", sum.RunID+".json")); err != nil {
		t.Errorf("run record of %s: %v", sum.RunID, err)
	}
	rows := query(t, wh, "SELECT run_id, status FROM runs ORDER BY started_at DESC LIMIT 1")
	if len(rows) != 1 || rows[0]["run_id"] != sum.RunID || rows[0]["status"] != "ok" {
		t.Errorf("latest run in the database: %v, want %s with status ok", rows, sum.RunID)
	}

	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	after, err := os.ReadFile(stdoutPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(after, out) {
		t.Errorf("standard output grew after the summary:\n%s", after[len(out):])
	}
	for _, f := range want {
		if fi, err := os.Stat(f); err != nil || fi.Size() == 0 {
			t.Errorf("%s after the run: %v", f, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "reports", "2020"))
	if len(entries) != len(want) {
		t.Errorf("%d files in reports/2020, want the %d announced", len(entries), len(want))
	}
	for _, line := range []string{"phase=ingest", "phase=build", "phase=commit", "phase=reports", "report written"} {
		if !strings.Contains(stderr.String(), line) {
			t.Errorf("the log has no %q:\n%s", line, stderr.String())
		}
	}
}

// waitFor waits until the running command has created file, and fails the
// test if it ends or takes more than two minutes first.
func waitFor(t *testing.T, cmd *exec.Cmd, file string, stderr *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := os.Stat(file); err == nil {
			return
		}
		if time.Now().After(deadline) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			t.Fatalf("the run never reached %s:\n%s", file, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRunReportsOutcome: what `shequ run` prints, and how it exits, when
// the reports are skipped and when they cannot be written (their folder
// is a file): the summary is printed whole either way, the database is
// committed, and a failure exits 1 with a message naming the reports,
// the committed run and how to write them again.
func TestRunReportsOutcome(t *testing.T) {
	for _, tc := range []struct {
		name, reports string
		json          bool
		wantCode      int
		wantStatus    string   // in the JSON summary
		wantOut       []string // in the text summary
		wantErr       []string // in standard error
	}{
		{name: "skipped, json", reports: "reports:\n  skip: true\n", json: true, wantCode: exitOK, wantStatus: "skipped"},
		{name: "skipped, text", reports: "reports:\n  skip: true\n", wantCode: exitOK,
			wantOut: []string{"reports skipped (reports: skip: true in the configuration)"}},
		{name: "cannot be written, json", reports: "reports:\n  out: blocked\n", json: true, wantCode: exitFailure, wantStatus: "pending",
			wantErr: []string{"shequ: reports: period 2020 (zh):", "blocked: not a directory", "is committed", "shequ report --warehouse", "--period P` for P in 2020)"}},
		{name: "cannot be written, text", reports: "reports:\n  out: blocked\n", wantCode: exitFailure,
			wantOut: []string{"writing the reports (the log says when each is written):\n  ", "blocked/2020/指标汇总_2020.xlsx\n  ", "blocked/2020/report_2020.html\n"},
			wantErr: []string{"shequ: reports: period 2020 (zh):", "is committed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir, cfg := handcalcWith(t, tc.reports)
			if err := os.WriteFile(filepath.Join(dir, "blocked"), []byte("a file where the reports' folder should be\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			args := []string{"run", "--config", cfg}
			if tc.json {
				args = append(args, "--json")
			}
			out, stderr, code := shequ(t, args...)
			if code != tc.wantCode {
				t.Fatalf("exit %d, want %d\n%s", code, tc.wantCode, stderr)
			}
			var runID string
			if tc.json {
				sum := decodeSummary(t, []byte(out))
				if sum.ReportsStatus != tc.wantStatus {
					t.Errorf("reports_status %q, want %q", sum.ReportsStatus, tc.wantStatus)
				}
				if tc.wantStatus == "skipped" && len(sum.Reports) > 0 {
					t.Errorf("reports %v when skipped, want none", sum.Reports)
				}
				runID = sum.RunID
			} else {
				for _, s := range tc.wantOut {
					if !strings.Contains(out, s) {
						t.Errorf("standard output has no %q:\n%s", s, out)
					}
				}
				i := strings.LastIndex(out, "run ")
				runID = strings.TrimSpace(out[i+len("run "):])
			}
			for _, s := range tc.wantErr {
				if !strings.Contains(stderr, s) {
					t.Errorf("standard error has no %q:\n%s", s, stderr)
				}
			}
			if tc.wantErr != nil && !strings.Contains(stderr, runID) {
				t.Errorf("standard error does not name the committed run %s:\n%s", runID, stderr)
			}
			rows := query(t, filepath.Join(dir, "warehouse"), "SELECT run_id, status FROM runs ORDER BY started_at DESC LIMIT 1")
			if len(rows) != 1 || rows[0]["run_id"] != runID || rows[0]["status"] != "ok" {
				t.Errorf("latest run in the database: %v, want %s with status ok", rows, runID)
			}
			if entries, err := os.ReadDir(filepath.Join(dir, "reports")); err == nil || !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("a reports folder beside the warehouse (%d entries, %v), want none", len(entries), err)
			}
		})
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput checks that bad input gets a clear message that names the
// problem and a non-zero exit, never a stack trace.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	census := write("census.csv", "社区代码,常住人口\n440310001001,100\n")
	typo := write("typo.yaml", "warehouse: wh\nsoruces:\n  - source: census\n    period: \"2020\"\n    files: [census.csv]\n")
	missingFile := write("missing.yaml", "warehouse: wh\nsources:\n  - source: census\n    period: \"2020\"\n    files: [nope.csv]\n")
	badSource := write("badsource.yaml", "warehouse: wh\nsources:\n  - source: censsu\n    period: \"2020\"\n    files: [census.csv]\n")
	notWH := filepath.Join(dir, "papers")
	write("papers/letter.txt", "not a warehouse")
	wh := filepath.Join(dir, "wh")

	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"missing file", []string{"ingest", "--warehouse", wh, "--source", "census", "--period", "2020", filepath.Join(dir, "nope.csv")},
			exitBadInput, []string{"nope.csv", "no such file"}},
		{"unknown source", []string{"ingest", "--warehouse", wh, "--source", "censsu", "--period", "2020", census},
			exitBadInput, []string{`unknown source "censsu"`, "census, communities"}},
		{"bad period", []string{"ingest", "--warehouse", wh, "--source", "census", "--period", "20", census},
			exitBadInput, []string{`bad period: "20"`}},
		{"config typo key", []string{"run", "--config", typo}, exitBadInput, []string{"typo.yaml", "soruces", "line 2"}},
		{"config names a missing file", []string{"run", "--config", missingFile}, exitBadInput, []string{"no file matches", "nope.csv", "line 3"}},
		{"config names an unknown source", []string{"run", "--config", badSource}, exitBadInput, []string{`unknown source "censsu"`, "line 3"}},
		{"missing config", []string{"run", "--config", filepath.Join(dir, "none.yaml")}, exitBadInput, []string{"none.yaml"}},
		{"not a warehouse", []string{"build", "--warehouse", notWH}, exitBadInput, []string{"papers", "not a shequ warehouse"}},
		{"ingest into a foreign folder", []string{"ingest", "--warehouse", notWH, "--source", "census", "--period", "2020", census},
			exitBadInput, []string{"not a shequ warehouse"}},
		{"no warehouse", []string{"query", "--warehouse", filepath.Join(dir, "void"), "SELECT 1"}, exitBadInput, []string{"no warehouse here"}},
		{"missing flag", []string{"build"}, exitUsage, []string{"--warehouse is required"}},
		{"unknown flag", []string{"build", "--warehous", "x"}, exitUsage, []string{"unknown flag"}},
		{"unknown indicator", []string{"indicators", "show", "gini"}, exitBadInput, []string{`unknown indicator "gini"`, "centres_per_10k"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := shequ(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr does not mention %q:\n%s", w, stderr)
				}
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("stack trace on stderr:\n%s", stderr)
			}
		})
	}
}

package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEqualizationCommand checks `shequ equalization` against the published
// values in ../shared/reference/oracles.md (R ineq and PySAL inequality),
// to the 1e-7 they are printed with.
func TestEqualizationCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ineq := write("ineq.csv", "x\n541\n1463\n2445\n3438\n4437\n5401\n6392\n8304\n11904\n22261\n")
	pysal := write("pysal.csv", "y\n10\n20\n30\n40\n50\n")
	theil := write("theil.csv", "y,g\n0,0\n0,0\n0,0\n10,1\n10,1\n10,1\n")
	corr := write("corr.csv", "v\n"+strings.Repeat("5.555555555555555555\n", 9)+"50\n")

	for _, tc := range []struct {
		name string
		args []string
		want map[string]float64
	}{
		{"ineq example", []string{"--input", ineq, "--value", "x"},
			map[string]float64{"gini": 0.4620911, "atkinson_0.5": 0.1796591, "n": 10}},
		{"ineq corrected Gini", []string{"--input", corr, "--value", "v"},
			map[string]float64{"gini_corrected": 0.4444444}},
		{"pysal atkinson", []string{"--input", pysal, "--value", "y"},
			map[string]float64{"atkinson_1": 0.1316096}},
		{"pysal theil decomposition", []string{"--input", theil, "--value", "y", "--group", "g"},
			map[string]float64{"theil_t": math.Ln2, "theil_t_between": math.Ln2, "theil_t_within": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := mustShequ(t, append([]string{"equalization", "--format", "json"}, tc.args...)...)
			var rows []measureRow
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			got := map[string]*float64{}
			for _, r := range rows {
				got[r.Measure] = r.Value
			}
			for m, want := range tc.want {
				if got[m] == nil || math.Abs(*got[m]-want) > 1e-7 {
					t.Errorf("%s = %v, want %v", m, got[m], want)
				}
			}
		})
	}

	// MLD is undefined with a zero value: NULL with the reason, not a number.
	out := mustShequ(t, "equalization", "--format", "json", "--input", theil, "--value", "y")
	var rows []measureRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Measure == "theil_l" && (r.Value != nil || !strings.Contains(r.Reason, "zero")) {
			t.Errorf("theil_l = %v reason %q, want NULL with a reason about the zero value", r.Value, r.Reason)
		}
	}

	_, stderr, code := shequ(t, "equalization", "--input", ineq, "--value", "nope")
	if code != exitBadInput || !strings.Contains(stderr, `no column "nope"`) {
		t.Errorf("unknown column: exit %d, stderr %q", code, stderr)
	}
}

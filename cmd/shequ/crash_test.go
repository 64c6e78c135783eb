package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashFixture prepares the sample exports and two configurations: A (the
// 2015 sources) and B (what the next night brings: 2020 added, the 2015
// staff return corrected, the 2015 funding ledger withdrawn). It runs A
// into a warehouse and returns the folder, B's path and the warehouse.
func crashFixture(t *testing.T) (dir, cfgB, wh string) {
	t.Helper()
	dir = copyDir(t, "../../testdata/exports")
	full, err := os.ReadFile(filepath.Join(dir, "shequ.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	head, rest, _ := strings.Cut(string(full), "sources:\n")
	entries, models, _ := strings.Cut(rest, "models:\n")
	var a, b []string
	for _, e := range strings.SplitAfter(entries, "  - source:") {
		e = strings.TrimSuffix(e, "  - source:")
		if strings.TrimSpace(e) == "" {
			continue
		}
		e = "  - source:" + e
		if strings.Contains(e, `"2015"`) {
			a = append(a, e)
			if !strings.Contains(e, "资金项目") {
				b = append(b, e)
			}
		} else {
			b = append(b, e)
		}
	}
	write := func(name string, entries []string) string {
		p := filepath.Join(dir, name)
		text := head + "sources:\n" + strings.Join(entries, "") + "models:\n" + models
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfgA := write("a.yaml", a)
	cfgB = write("b.yaml", b)
	mustShequ(t, "run", "--config", cfgA)
	// The corrected staff return: the first community gets one more social worker.
	staff := filepath.Join(dir, "2015", "社区工作力量.csv")
	data, err := os.ReadFile(staff)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	f := strings.Split(lines[1], ",")
	var n int
	fmt.Sscan(f[3], &n)
	f[3] = fmt.Sprint(n + 1)
	lines[1] = strings.Join(f, ",")
	if err := os.WriteFile(staff, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, cfgB, filepath.Join(dir, "warehouse")
}

// snapshot hashes every file of a warehouse except the lock and the
// staging folder of unfinished runs.
func snapshot(t *testing.T, wh string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(wh, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(wh, p)
		if d.IsDir() {
			if rel == ".staging" {
				return filepath.SkipDir
			}
			return nil
		}
		if rel == ".lock" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func diffSnapshots(a, b map[string]string) string {
	var d []string
	for k, v := range a {
		if b[k] != v {
			d = append(d, "changed or gone: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			d = append(d, "new: "+k)
		}
	}
	sort.Strings(d)
	return strings.Join(d, "\n")
}

// contents summarises what a warehouse holds, independent of run ids and
// times: the indicator values, the quarantine, the inputs and the files.
func contents(t *testing.T, wh string) string {
	t.Helper()
	rows := query(t, wh, `SELECT
		(SELECT md5(string_agg(period || community_code || indicator_id || coalesce(value::VARCHAR, 'N') || coalesce(null_reason, ''), ',' ORDER BY period, community_code, indicator_id)) FROM indicator_values) AS iv,
		(SELECT md5(string_agg(source || period || file || line || "column" || rule, ',' ORDER BY source, period, file, line, "column", rule)) FROM quarantine) AS q,
		(SELECT md5(string_agg(source || period || file || sha256 || rows_in || accepted || quarantined || skipped, ',' ORDER BY source, period, file)) FROM ingest_files) AS f,
		(SELECT count(*) FROM census) AS census, (SELECT count(*) FROM funding) AS funding, (SELECT count(*) FROM staff) AS staff`)
	var files []string
	for k := range snapshot(t, wh) {
		if !strings.HasPrefix(k, "runs/") && k != "shequ.duckdb" {
			files = append(files, k)
		}
	}
	sort.Strings(files)
	return fmt.Sprint(rows) + "\n" + strings.Join(files, "\n")
}

// runKilled runs the batch with a failpoint armed and checks it died by SIGKILL.
func runKilled(t *testing.T, cfg, failpoint string) {
	t.Helper()
	killedAt(t, failpoint, "run", "--config", cfg)
}

// killedAt runs shequ with a failpoint armed and checks it died by SIGKILL.
func killedAt(t *testing.T, failpoint string, args ...string) {
	t.Helper()
	cmd := exec.Command(shequBin, args...)
	cmd.Env = append(os.Environ(), failpointEnv+"="+failpoint)
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("%v with %s: %v, want killed by SIGKILL\n%s", args, failpoint, err, out)
	}
}

// TestKillAnywhere kills the nightly batch with SIGKILL at many points and
// checks, each time, that the warehouse is exactly as before the run (when
// the run had not committed) and that the next run completes to the same
// contents as a run that was never interrupted. Some cases kill the
// recovery of a committed run as well (recover:op, recover:cleanup, in the
// next writer), and recover again. (internal/warehouse's
// TestRecoverAfterEveryStep interrupts every step of both.)
func TestKillAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("kills runs of the batch many times")
	}
	dir, _, wh := crashFixture(t)
	before := snapshot(t, wh)
	wantBefore := contents(t, wh)

	// The reference: run B on a copy, uninterrupted.
	ref := copyDir(t, dir)
	refCfg := filepath.Join(ref, "b.yaml")
	mustShequ(t, "run", "--config", refCfg)
	want := contents(t, filepath.Join(ref, "warehouse"))
	if strings.Contains(want, "funding/period=2015") || !strings.Contains(want, "period=2020") {
		t.Fatalf("reference run did not withdraw 2015 funding or add 2020:\n%s", want)
	}

	for _, tc := range []struct {
		failpoint string
		committed bool
		recoverAt string // kill the first recovery there too ("": do not)
	}{
		{"ingest:file#1", false, ""},
		{"ingest:file#4", false, ""},
		{"ingest:file#13", false, ""},
		{"build:done", false, ""},
		{"commit:journal", true, ""},
		{"commit:op#1", true, ""},
		{"commit:op#7", true, ""},
		{"commit:op#30", true, ""},
		{"commit:cleanup", true, ""},
		{"commit:journal", true, "recover:op#1"},
		{"commit:op#7", true, "recover:op#3"},
		{"commit:op#7", true, "recover:op#30"},
		{"commit:op#30", true, "recover:cleanup"},
	} {
		name := tc.failpoint
		if tc.recoverAt != "" {
			name += "+" + tc.recoverAt
		}
		t.Run(name, func(t *testing.T) {
			work := copyDir(t, dir)
			wwh := filepath.Join(work, "warehouse")
			cfg := filepath.Join(work, "b.yaml")
			runKilled(t, cfg, tc.failpoint)
			if tc.recoverAt != "" {
				killedAt(t, tc.recoverAt, "build", "--warehouse", wwh)
			}
			if !tc.committed {
				if d := diffSnapshots(before, snapshot(t, wwh)); d != "" {
					t.Errorf("warehouse changed by a run killed before it committed:\n%s", d)
				}
			}
			// A reader is told that an interrupted run awaits the next writer.
			if _, stderr, code := shequ(t, "query", "--warehouse", wwh, "SELECT 1"); code != 0 || !strings.Contains(stderr, "interrupted run") {
				t.Errorf("query after the kill: exit %d, stderr %q; want exit 0 and a note about the interrupted run", code, stderr)
			}
			// The next writer (here a plain build) discards an uncommitted
			// run and completes a committed one, whole.
			mustShequ(t, "build", "--warehouse", wwh)
			expect := wantBefore
			if tc.committed {
				expect = want
			}
			if got := contents(t, wwh); got != expect {
				t.Errorf("after recovery:\n%s\nwant:\n%s", got, expect)
			}
			mustShequ(t, "run", "--config", cfg)
			if got := contents(t, wwh); got != want {
				t.Errorf("after the next run:\n%s\nwant:\n%s", got, want)
			}
			if _, err := os.Stat(filepath.Join(wwh, ".staging")); err == nil {
				entries, _ := os.ReadDir(filepath.Join(wwh, ".staging"))
				if len(entries) > 0 {
					t.Errorf("%d staging folders left after a clean run", len(entries))
				}
			}
		})
	}

	// And at moments no failpoint names: kill after a random delay.
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range 4 {
		t.Run(fmt.Sprintf("random-%d", i), func(t *testing.T) {
			work := copyDir(t, dir)
			wwh := filepath.Join(work, "warehouse")
			cfg := filepath.Join(work, "b.yaml")
			cmd := exec.Command(shequBin, "run", "--config", cfg)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.IntN(1500)) * time.Millisecond)
			_ = cmd.Process.Signal(syscall.SIGKILL)
			_ = cmd.Wait()
			// Either nothing changed, or the run had committed: the next
			// run must end in the same contents either way.
			mustShequ(t, "run", "--config", cfg)
			if got := contents(t, wwh); got != want {
				t.Errorf("after the next run:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// TestConcurrentRuns starts a second run while the first holds the
// warehouse: the second exits 4 with a clear message, readers keep reading
// the previous database, and the first completes.
func TestConcurrentRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the batch twice at once")
	}
	dir, cfgB, wh := crashFixture(t)
	gate := filepath.Join(dir, "go")
	first := exec.Command(shequBin, "run", "--config", cfgB)
	first.Env = append(os.Environ(), failpointEnv+"=ingest:file#2:pause="+gate)
	var firstOut strings.Builder
	first.Stdout, first.Stderr = &firstOut, &firstOut
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if _, err := os.Stat(gate + ".reached"); err == nil {
			break
		}
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatalf("the first run never reached its pause:\n%s", firstOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, stderr, code := shequ(t, "run", "--config", cfgB)
	if code != exitLocked || !strings.Contains(stderr, "in use by another shequ run") {
		t.Errorf("second run: exit %d, stderr %q; want exit %d and a message that the warehouse is in use", code, stderr, exitLocked)
	}
	// A reader is not blocked and sees the database of the previous run.
	rows := query(t, wh, "SELECT count(DISTINCT period) AS periods FROM communities")
	if n, _ := value(t, rows[0], "periods"); n != 1 {
		t.Errorf("reader saw %v periods during the run, want 1 (the previous run's)", n)
	}
	if err := os.WriteFile(gate, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err != nil {
		t.Fatalf("first run: %v\n%s", err, firstOut.String())
	}
	rows = query(t, wh, "SELECT count(DISTINCT period) AS periods FROM communities")
	if n, _ := value(t, rows[0], "periods"); n != 2 {
		t.Errorf("after the run: %v periods, want 2", n)
	}
}

// TestKillInsideAFile kills an ingest in the middle of a large person file,
// just after its second row group is written (of two: 8 MiB each): the warehouse is as it was, and the next ingest completes with
// the same Parquet, byte for byte, as an ingest that was never
// interrupted, leaving nothing staged.
func TestKillInsideAFile(t *testing.T) {
	if testing.Short() {
		t.Skip("kills an ingest of a 14 MB file")
	}
	dir := t.TempDir()
	mustShequ(t, "gen", "--out", dir, "--persons", "150000") // 14 MB: two chunks, two row groups
	persons := filepath.Join(dir, "persons", "人口个案.csv")
	register := filepath.Join(dir, "2020", "社区名录.csv")
	key := []string{piiKeyEnv + "=a secret of more than enough bytes for hashing"}
	rawOf := func(wh string) string {
		files, _ := filepath.Glob(filepath.Join(wh, "raw", "census_persons", "period=2020", "*.parquet"))
		if len(files) != 1 {
			t.Fatalf("%s: %d raw files of census_persons, want 1", wh, len(files))
		}
		data, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:])
	}
	{
		t.Run("persons", func(t *testing.T) {
			ingest := func(wh string) []string {
				return []string{"ingest", "--warehouse", wh, "--source", "census_persons", "--period", "2020", persons}
			}
			ref := filepath.Join(t.TempDir(), "ref")
			if _, stderr, code := shequEnv(t, key, ingest(ref)...); code != 0 {
				t.Fatalf("reference ingest: exit %d\n%s", code, stderr)
			}
			wh := filepath.Join(t.TempDir(), "wh")
			mustShequ(t, "ingest", "--warehouse", wh, "--source", "communities", "--period", "2020", register)
			before := snapshot(t, wh)

			cmd := execCommand(ingest(wh)...)
			cmd.Env = append(append(os.Environ(), key...), failpointEnv+"=ingest:rowgroup#2")
			out, err := cmd.CombinedOutput()
			if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
				t.Fatalf("ingest with the failpoint: %v, want killed by SIGKILL\n%s", err, out)
			}
			if d := diffSnapshots(before, snapshot(t, wh)); d != "" {
				t.Errorf("warehouse changed by an ingest killed inside a file:\n%s", d)
			}
			if _, stderr, code := shequEnv(t, key, ingest(wh)...); code != 0 {
				t.Fatalf("ingest after the kill: exit %d\n%s", code, stderr)
			}
			if got, want := rawOf(wh), rawOf(ref); got != want {
				t.Errorf("Parquet after the kill and a new ingest: sha256 %s, want %s as uninterrupted", got, want)
			}
			if entries, _ := os.ReadDir(filepath.Join(wh, ".staging")); len(entries) > 0 {
				t.Errorf("%d staging folders left after the ingest that recovered", len(entries))
			}
		})
	}
}

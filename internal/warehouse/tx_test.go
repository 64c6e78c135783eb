package warehouse

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Targets of the journal scenario: three files of the census of 2020 (A,
// B, C) live before the run, a new one (D), the database and a run record.
const (
	rawA  = "raw/census/period=2020/fA.parquet"
	quarA = "quarantine/census/period=2020/fA.parquet"
	manA  = "ingest/census/period=2020/fA.json"
	rawB  = "raw/census/period=2020/fB.parquet"
	quarB = "quarantine/census/period=2020/fB.parquet"
	manB  = "ingest/census/period=2020/fB.json"
	rawC  = "raw/census/period=2020/fC.parquet"
	quarC = "quarantine/census/period=2020/fC.parquet"
	manC  = "ingest/census/period=2020/fC.json"
	rawD  = "raw/census/period=2020/fD.parquet"
	manD  = "ingest/census/period=2020/fD.json"
	runR  = "runs/r.json"
)

// liveFiles is the warehouse before the run (besides its marker).
var liveFiles = map[string]string{
	rawA: "A-old", quarA: "qA-old", manA: "mA-old",
	rawB: "B-old", quarB: "qB-old", manB: "mB-old",
	rawC: "C-old", quarC: "qC-old", manC: "mC-old",
	DBFile: "db-old", SettingsFile: "settings-old",
}

// afterRun is the warehouse the scenario's run leaves, worked out from
// the steps of stageScenario by the rule "the last change of a target
// wins":
//
//	A: ingested three times; its quarantine put, removed, put again → A3, qA3, mA3
//	B: removed → nothing of B
//	C: removed, then ingested again without quarantined rows → C1, mC1, no quarantine
//	D: new, then removed in the same run → nothing of D
//	shequ.duckdb: put twice → db2; runs/r.json new; settings.json untouched
var afterRun = map[string]string{
	rawA: "A3", quarA: "qA3", manA: "mA3",
	rawC: "C1", manC: "mC1",
	DBFile: "db2", SettingsFile: "settings-old", runR: "run",
}

// newScenarioWarehouse creates a warehouse holding liveFiles.
func newScenarioWarehouse(t *testing.T) *Warehouse {
	t.Helper()
	w, err := Create(filepath.Join(t.TempDir(), "wh"), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for rel, text := range liveFiles {
		writeFile(t, filepath.Join(w.Dir, rel), text)
	}
	return w
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// stageScenario stages a run that replaces and removes files, with
// several changes of one target: what a nightly run does when a file is
// ingested again within the run, withdrawn, or withdrawn and re-put.
func stageScenario(t *testing.T, w *Warehouse) *Tx {
	t.Helper()
	tx, err := w.Begin("r")
	if err != nil {
		t.Fatal(err)
	}
	put := func(target, text string) {
		p := tx.TempPath(filepath.Base(target))
		writeFile(t, p, text)
		if err := tx.Put(p, target); err != nil {
			t.Fatal(err)
		}
	}
	// A, with quarantined rows, then none, then some again.
	put(rawA, "A1")
	put(quarA, "qA1")
	put(manA, "mA1")
	put(rawA, "A2")
	tx.Remove(quarA)
	put(manA, "mA2")
	put(rawA, "A3")
	put(quarA, "qA3")
	put(manA, "mA3")
	// B withdrawn.
	tx.RemoveFile("census", "2020", "fB")
	// C withdrawn, then put again.
	tx.RemoveFile("census", "2020", "fC")
	put(rawC, "C1")
	put(manC, "mC1")
	// D new, then withdrawn.
	put(rawD, "D1")
	put(manD, "mD1")
	tx.RemoveFile("census", "2020", "fD")
	// The database twice, and the run record.
	put(DBFile, "db1")
	put(DBFile, "db2")
	put(runR, "run")
	return tx
}

// scenarioTargets is the number of targets the scenario changes, so the
// number of ops of its journal: A 3, B 3, C 3, D 3 (raw, quarantine and
// manifest each), the database and the run record.
const scenarioTargets = 14

// commitSteps is the number of failpoint calls of an uninterrupted
// commit: the journal, each op, the cleanup.
const commitSteps = 1 + scenarioTargets + 1

// errCrash stands for the process dying at a failpoint.
var errCrash = errors.New("crash")

// crashAt returns a failpoint that stops apply at its nth call (never when
// n is 0), counting in *calls.
func crashAt(n int, calls *int) func(string) error {
	return func(string) error {
		*calls++
		if *calls == n {
			return errCrash
		}
		return nil
	}
}

// contents reads every file under dir (the staging folder's too), except
// the marker and the lock.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == MarkerFile || rel == ".lock" {
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// copyWarehouse copies the folder of w, staging included, to a new folder.
func copyWarehouse(t *testing.T, w *Warehouse) *Warehouse {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "wh")
	err := filepath.WalkDir(w.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(w.Dir, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return &Warehouse{Dir: dst}
}

func TestCommitUninterrupted(t *testing.T) {
	w := newScenarioWarehouse(t)
	tx := stageScenario(t, w)
	// The run's view before commit.
	for target, want := range map[string]string{rawA: "A3", quarA: "qA3", rawB: "", rawD: "", DBFile: "db2", SettingsFile: "settings-old"} {
		got := ""
		if p := tx.Path(target); p != "" {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			got = string(data)
		}
		if got != want {
			t.Errorf("Path(%s) holds %q before commit, want %q", target, got, want)
		}
	}
	if err := tx.Commit(nil); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(afterRun, contents(t, w.Dir)); diff != "" {
		t.Errorf("warehouse after commit (-want +got):\n%s", diff)
	}
}

// TestJournalOneOpPerTarget reads the journal of the scenario: one op per
// target, the last change of each.
func TestJournalOneOpPerTarget(t *testing.T) {
	w := newScenarioWarehouse(t)
	tx := stageScenario(t, w)
	calls := 0
	if err := tx.commit(crashAt(1, &calls)); !errors.Is(err, errCrash) {
		t.Fatalf("commit stopped at the journal: %v, want the crash", err)
	}
	data, err := os.ReadFile(filepath.Join(w.Dir, stagingDir, "r", journalFile))
	if err != nil {
		t.Fatal(err)
	}
	var ops []journalOp
	if err := json.Unmarshal(data, &ops); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{} // target → the content moved there, or "remove"
	for _, op := range ops {
		if _, dup := got[op.To]; dup {
			t.Errorf("the journal holds two ops for %s", op.To)
		}
		got[op.To] = "remove"
		if op.From != "" {
			content, err := os.ReadFile(filepath.Join(w.Dir, stagingDir, "r", op.From))
			if err != nil {
				t.Fatal(err)
			}
			got[op.To] = string(content)
		}
	}
	want := map[string]string{
		rawA: "A3", quarA: "qA3", manA: "mA3",
		rawB: "remove", quarB: "remove", manB: "remove",
		rawC: "C1", quarC: "remove", manC: "mC1",
		rawD: "remove", "quarantine/census/period=2020/fD.parquet": "remove", manD: "remove",
		DBFile: "db2", runR: "run",
	}
	if len(want) != scenarioTargets {
		t.Fatalf("the test's own want has %d targets, want %d", len(want), scenarioTargets)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("journal (-want +got):\n%s", diff)
	}
}

// TestRecoverAfterEveryStep interrupts the scenario's commit at every step
// (after the journal, after each op, after the cleanup), and each time
// recovers the warehouse: at once; after a recovery itself interrupted at
// each of its steps; and after recoveries interrupted one step further each
// time. The warehouse must end as the uninterrupted run leaves it — the
// same files with the same bytes, nothing staged — and a further recovery
// must change nothing. A run interrupted before its journal was written
// must leave the warehouse as it was.
func TestRecoverAfterEveryStep(t *testing.T) {
	// Step 0: killed before the journal was written.
	t.Run("before the journal", func(t *testing.T) {
		w := newScenarioWarehouse(t)
		stageScenario(t, w)
		if _, err := w.Recover(nil); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(liveFiles, contents(t, w.Dir)); diff != "" {
			t.Errorf("warehouse after discarding an uncommitted run (-want +got):\n%s", diff)
		}
	})
	for k := 1; k <= commitSteps; k++ {
		w := newScenarioWarehouse(t)
		tx := stageScenario(t, w)
		calls := 0
		err := tx.commit(crashAt(k, &calls))
		if !errors.Is(err, errCrash) {
			t.Fatalf("commit with a crash at step %d: %v", k, err)
		}
		recoverAndCheck := func(t *testing.T, w *Warehouse) {
			t.Helper()
			if _, err := w.recover(crashAt(0, new(int))); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(afterRun, contents(t, w.Dir)); diff != "" {
				t.Fatalf("warehouse after recovery (-want +got):\n%s", diff)
			}
			if _, err := w.Recover(nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(afterRun, contents(t, w.Dir)); diff != "" {
				t.Errorf("a second recovery changed the warehouse (-want +got):\n%s", diff)
			}
		}
		t.Run("commit step "+strconv.Itoa(k), func(t *testing.T) {
			t.Run("recovered", func(t *testing.T) { recoverAndCheck(t, copyWarehouse(t, w)) })
			// The recovery applies every op again (done ones are no-ops):
			// scenarioTargets ops and the cleanup.
			for j := 1; j <= scenarioTargets+1; j++ {
				t.Run("recovery interrupted at step "+strconv.Itoa(j), func(t *testing.T) {
					c := copyWarehouse(t, w)
					if _, err := c.recover(crashAt(j, new(int))); !errors.Is(err, errCrash) {
						t.Fatalf("recovery with a crash at step %d: %v", j, err)
					}
					recoverAndCheck(t, c)
				})
			}
			t.Run("recoveries interrupted one step further each time", func(t *testing.T) {
				c := copyWarehouse(t, w)
				for j := 1; j <= scenarioTargets+1; j++ {
					if _, err := c.recover(crashAt(j, new(int))); !errors.Is(err, errCrash) {
						t.Fatalf("recovery with a crash at step %d: %v", j, err)
					}
				}
				recoverAndCheck(t, c)
			})
		})
	}
}

// TestRecoverOldJournal recovers journals written before the Tx kept one op
// per target, which can hold several ops for one target, in the states an
// interrupted apply could leave them. Each must end with the last op of
// every target applied.
func TestRecoverOldJournal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		staged map[string]string // files still in the staging folder
		live   map[string]string // the warehouse before recovery
		want   map[string]string
	}{
		{
			// Put q1, remove, put q3 all applied, then killed before the
			// staging folder was deleted: replaying the removal would
			// delete q3 while the manifest counts its rows.
			name:   "every op applied",
			staged: map[string]string{},
			live:   map[string]string{quarA: "q3", manA: "m3"},
			want:   map[string]string{quarA: "q3", manA: "m3"},
		},
		{
			name:   "killed after the removal",
			staged: map[string]string{"0003-q3": "q3", "0004-m3": "m3"},
			live:   map[string]string{},
			want:   map[string]string{quarA: "q3", manA: "m3"},
		},
		{
			name:   "killed before anything",
			staged: map[string]string{"0001-q1": "q1", "0003-q3": "q3", "0004-m3": "m3"},
			live:   map[string]string{quarA: "q0", manA: "m0"},
			want:   map[string]string{quarA: "q3", manA: "m3"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Create(filepath.Join(t.TempDir(), "wh"), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			for rel, text := range tc.live {
				writeFile(t, filepath.Join(w.Dir, rel), text)
			}
			dir := filepath.Join(w.Dir, stagingDir, "old")
			for name, text := range tc.staged {
				writeFile(t, filepath.Join(dir, name), text)
			}
			ops := []journalOp{{From: "0001-q1", To: quarA}, {To: quarA}, {From: "0003-q3", To: quarA}, {From: "0004-m3", To: manA}}
			data, err := json.Marshal(ops)
			if err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, journalFile), string(data))
			if _, err := w.Recover(nil); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, contents(t, w.Dir)); diff != "" {
				t.Errorf("after recovery (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCommitRefusesMissingStagedFile: a staged file deleted before commit
// would pass, when applied, for a move done already; commit refuses it and
// publishes nothing.
func TestCommitRefusesMissingStagedFile(t *testing.T) {
	w := newScenarioWarehouse(t)
	tx := stageScenario(t, w)
	if err := os.Remove(tx.Path(rawA)); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(nil); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("commit with a staged file missing: %v, want fs.ErrNotExist", err)
	}
	if _, err := os.Stat(filepath.Join(w.Dir, stagingDir, "r", journalFile)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a journal was written: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(liveFiles, contents(t, w.Dir)); diff != "" {
		t.Errorf("warehouse after a refused commit (-want +got):\n%s", diff)
	}
}

package warehouse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// A run changes the warehouse through a Tx. Every new file is written under
// .staging/<run-id>/ first; Commit writes a journal listing the moves and
// removals (one atomic rename makes the run committed), then applies them
// and deletes the staging folder. Until the journal exists nothing visible
// has changed, so a run killed at any point before it leaves the warehouse
// exactly as it was; a run killed after it is finished by the next writer
// (Recover), which re-applies the journal (every step is idempotent).
//
// The caller must hold the warehouse lock for the life of the Tx.
type Tx struct {
	w         *Warehouse
	runID     string
	dir       string
	ops       []journalOp
	manifests map[string]*FileManifest // staged manifests by key; nil = removed
	staged    map[string]string        // target (relative) → staged absolute path
	removed   map[string]bool          // targets removed by this Tx
	seq       int
}

// journalOp is one step of a commit: move From (relative to the staging
// folder) to To (relative to the warehouse), or remove To when From is "".
type journalOp struct {
	From string `json:"from,omitempty"`
	To   string `json:"to"`
}

const (
	stagingDir  = ".staging"
	journalFile = "COMMIT.json"
)

// Begin starts a transaction for a run.
func (w *Warehouse) Begin(runID string) (*Tx, error) {
	dir := filepath.Join(w.Dir, stagingDir, runID)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &Tx{w: w, runID: runID, dir: dir, manifests: map[string]*FileManifest{},
		staged: map[string]string{}, removed: map[string]bool{}}, nil
}

// TempPath returns a new path inside the staging folder for a file the run
// is about to write; name only makes it readable.
func (tx *Tx) TempPath(name string) string {
	tx.seq++
	return filepath.Join(tx.dir, fmt.Sprintf("%04d-%s", tx.seq, name))
}

// Put stages the file at staged (a TempPath) to become target, a path
// relative to the warehouse.
func (tx *Tx) Put(staged, target string) error {
	rel, err := filepath.Rel(tx.dir, staged)
	if err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("staged file %s is outside the staging folder %s", staged, tx.dir)
	}
	tx.ops = append(tx.ops, journalOp{From: rel, To: filepath.ToSlash(target)})
	tx.staged[filepath.ToSlash(target)] = staged
	delete(tx.removed, filepath.ToSlash(target))
	return nil
}

// Remove stages the removal of target (relative to the warehouse). A target
// that does not exist is fine.
func (tx *Tx) Remove(target string) {
	t := filepath.ToSlash(target)
	tx.ops = append(tx.ops, journalOp{To: t})
	delete(tx.staged, t)
	tx.removed[t] = true
}

// Path returns where target currently is in the run's view: the staged
// file, the live one, or "" when the run removed it or it does not exist.
func (tx *Tx) Path(target string) string {
	t := filepath.ToSlash(target)
	if p, ok := tx.staged[t]; ok {
		return p
	}
	if tx.removed[t] {
		return ""
	}
	p := filepath.Join(tx.w.Dir, filepath.FromSlash(t))
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// RawTarget and QuarantineTarget are the warehouse-relative paths of a
// file's accepted and rejected rows.
func RawTarget(source, period, fileID string) string {
	return filepath.ToSlash(filepath.Join("raw", source, "period="+period, fileID+".parquet"))
}

// QuarantineTarget: see RawTarget.
func QuarantineTarget(source, period, fileID string) string {
	return filepath.ToSlash(filepath.Join("quarantine", source, "period="+period, fileID+".parquet"))
}

func manifestTarget(source, period, fileID string) string {
	return filepath.ToSlash(filepath.Join("ingest", source, "period="+period, fileID+".json"))
}

func manifestKey(source, period, fileID string) string {
	return source + "\x00" + period + "\x00" + fileID
}

// PutManifest stages a file's manifest.
func (tx *Tx) PutManifest(m *FileManifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	p := tx.TempPath(m.FileID + ".json")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	cp := *m
	tx.manifests[manifestKey(m.Source, m.Period, m.FileID)] = &cp
	return tx.Put(p, manifestTarget(m.Source, m.Period, m.FileID))
}

// RemoveFile stages the removal of a file's whole contribution.
func (tx *Tx) RemoveFile(source, period, fileID string) {
	tx.manifests[manifestKey(source, period, fileID)] = nil
	tx.Remove(manifestTarget(source, period, fileID))
	tx.Remove(RawTarget(source, period, fileID))
	tx.Remove(QuarantineTarget(source, period, fileID))
}

// Manifest returns a file's manifest in the run's view, or nil.
func (tx *Tx) Manifest(source, period, fileID string) (*FileManifest, error) {
	if m, ok := tx.manifests[manifestKey(source, period, fileID)]; ok {
		return m, nil
	}
	return tx.w.ReadManifest(source, period, fileID)
}

// Manifests returns every manifest in the run's view, ordered by source,
// period and file.
func (tx *Tx) Manifests() ([]FileManifest, error) {
	live, err := tx.w.Manifests()
	if err != nil {
		return nil, err
	}
	var out []FileManifest
	for _, m := range live {
		if _, overridden := tx.manifests[manifestKey(m.Source, m.Period, m.FileID)]; !overridden {
			out = append(out, m)
		}
	}
	for _, m := range tx.manifests {
		if m != nil {
			out = append(out, *m)
		}
	}
	sortManifests(out)
	return out, nil
}

func sortManifests(ms []FileManifest) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		return a.File < b.File
	})
}

// Commit publishes every staged change. Failpoint, if not nil, is called
// with "commit:journal" after the journal is written and "commit:op" after
// each applied step (for crash tests).
func (tx *Tx) Commit(failpoint func(string)) error {
	data, err := json.MarshalIndent(tx.ops, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(tx.dir, ".journal.tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, filepath.Join(tx.dir, journalFile)); err != nil {
		return err
	}
	if err := syncDir(tx.dir); err != nil {
		return err
	}
	if failpoint != nil {
		failpoint("commit:journal")
	}
	return tx.w.apply(tx.dir, tx.ops, failpoint)
}

// Rollback discards every staged change.
func (tx *Tx) Rollback() error {
	return os.RemoveAll(tx.dir)
}

// apply carries out a committed journal. Each step is idempotent: a move
// whose source is gone was done already.
func (w *Warehouse) apply(dir string, ops []journalOp, failpoint func(string)) error {
	for _, op := range ops {
		target := filepath.Join(w.Dir, filepath.FromSlash(op.To))
		if op.From == "" {
			if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		} else {
			from := filepath.Join(dir, filepath.FromSlash(op.From))
			if _, err := os.Stat(from); errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			if err := os.Rename(from, target); err != nil {
				return err
			}
		}
		if failpoint != nil {
			failpoint("commit:op")
		}
	}
	return os.RemoveAll(dir)
}

// Recover finishes or discards what interrupted runs left: a staging folder
// with a journal is applied (the run had committed), one without is
// deleted. It returns a line per folder handled. The caller must hold the
// lock.
func (w *Warehouse) Recover() ([]string, error) {
	base := filepath.Join(w.Dir, stagingDir)
	entries, err := os.ReadDir(base)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var done []string
	for _, e := range entries {
		dir := filepath.Join(base, e.Name())
		data, err := os.ReadFile(filepath.Join(dir, journalFile))
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.RemoveAll(dir); err != nil {
				return done, err
			}
			done = append(done, "discarded the unfinished run "+e.Name())
			continue
		}
		if err != nil {
			return done, err
		}
		var ops []journalOp
		if err := json.Unmarshal(data, &ops); err != nil {
			return done, fmt.Errorf("%s: %w", filepath.Join(dir, journalFile), err)
		}
		if err := w.apply(dir, ops, nil); err != nil {
			return done, err
		}
		done = append(done, "completed the committed run "+e.Name())
	}
	return done, nil
}

// Pending reports whether an interrupted run awaits recovery (readers use
// it to warn that the next writer will finish or discard it).
func (w *Warehouse) Pending() bool {
	entries, err := os.ReadDir(filepath.Join(w.Dir, stagingDir))
	return err == nil && len(entries) > 0
}

func syncFile(p string) error {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func syncDir(p string) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

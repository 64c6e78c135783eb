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
// .staging/<run-id>/ first, and the Tx keeps, for each target (a path
// relative to the warehouse), the one change the run makes to it: move a
// staged file there, or remove it. A later Put or Remove of the same target
// replaces the earlier one (last write wins), so the journal never holds
// two ops for one target. Commit checks that every staged file is there,
// writes that journal (one atomic rename makes the run committed), applies
// it, deletes the staging files and then the journal. Until the journal
// exists nothing visible has changed, so a run killed at any point before
// it leaves the warehouse exactly as it was; a run killed after it is
// finished by the next writer (Recover), which applies the journal again.
//
// Applying is idempotent in every order because each target has one op: a
// move whose staged file is gone was done (nothing later in the journal
// touches its target), and a removal of a target that is not there was
// done. Apply and Recover can therefore be interrupted and re-run any
// number of times and end in the same warehouse.
//
// The caller must hold the warehouse lock for the life of the Tx.
type Tx struct {
	w         *Warehouse
	runID     string
	dir       string
	seq       int                      // names TempPaths and orders ops
	ops       map[string]txOp          // the final op of each target, by target
	manifests map[string]*FileManifest // staged manifests by key; nil = removed
	checked   map[string]ParquetDigest // targets whose file matches this digest, in this run's view
}

// journalOp is one step of a commit: move From (relative to the staging
// folder) to To (relative to the warehouse), or remove To when From is "".
type journalOp struct {
	From string `json:"from,omitempty"`
	To   string `json:"to"`
}

// txOp is a journalOp with the moment of its last write.
type txOp struct {
	journalOp
	seq int
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
	return &Tx{w: w, runID: runID, dir: dir, ops: map[string]txOp{},
		manifests: map[string]*FileManifest{}, checked: map[string]ParquetDigest{}}, nil
}

// TempPath returns a new path inside the staging folder for a file the run
// is about to write; name only makes it readable.
func (tx *Tx) TempPath(name string) string {
	tx.seq++
	return filepath.Join(tx.dir, fmt.Sprintf("%04d-%s", tx.seq, name))
}

// set records op as the one change of its target, replacing any earlier one.
func (tx *Tx) set(op journalOp) {
	tx.seq++
	tx.ops[op.To] = txOp{journalOp: op, seq: tx.seq}
	delete(tx.checked, op.To)
}

// Put stages the file at staged (a TempPath) to become target, a path
// relative to the warehouse. It replaces any earlier Put or Remove of
// target in this Tx.
func (tx *Tx) Put(staged, target string) error {
	rel, err := filepath.Rel(tx.dir, staged)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("staged file %s is outside the staging folder %s", staged, tx.dir)
	}
	tx.set(journalOp{From: filepath.ToSlash(rel), To: filepath.ToSlash(target)})
	return nil
}

// PutParquet stages the Parquet file at staged (a TempPath) to become
// target, like Put, and returns its digest: its size, its sha256 and rows,
// the number of rows the caller wrote to it. The caller records the digest
// in the file's manifest, against which the build and later runs check the
// published file.
func (tx *Tx) PutParquet(staged, target string, rows int64) (ParquetDigest, error) {
	d, err := Digest(staged, rows)
	if err != nil {
		return ParquetDigest{}, err
	}
	if err := tx.Put(staged, target); err != nil {
		return ParquetDigest{}, err
	}
	tx.checked[filepath.ToSlash(target)] = d
	return d, nil
}

// PutDigested is PutParquet for a file whose digest the caller computed
// as it wrote the file, saving a second reading.
func (tx *Tx) PutDigested(staged, target string, d ParquetDigest) error {
	if err := tx.Put(staged, target); err != nil {
		return err
	}
	tx.checked[filepath.ToSlash(target)] = d
	return nil
}

// Remove stages the removal of target (relative to the warehouse). A target
// that does not exist is fine. It replaces any earlier Put or Remove of
// target in this Tx.
func (tx *Tx) Remove(target string) {
	tx.set(journalOp{To: filepath.ToSlash(target)})
}

// Path returns where target currently is in the run's view: the staged
// file, the live one, or "" when the run removed it or it does not exist.
func (tx *Tx) Path(target string) string {
	t := filepath.ToSlash(target)
	if op, ok := tx.ops[t]; ok {
		if op.From == "" {
			return ""
		}
		return filepath.Join(tx.dir, filepath.FromSlash(op.From))
	}
	p := filepath.Join(tx.w.Dir, filepath.FromSlash(t))
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// journal returns the Tx's ops in the order of their last write.
func (tx *Tx) journal() []journalOp {
	ops := make([]txOp, 0, len(tx.ops))
	for _, op := range tx.ops {
		ops = append(ops, op)
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].seq < ops[j].seq })
	out := make([]journalOp, len(ops))
	for i, op := range ops {
		out[i] = op.journalOp
	}
	return out
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

// sortManifests orders manifests by source, period and file name; files
// of one name (in different folders) by path, then identifier.
func sortManifests(ms []FileManifest) {
	sort.Slice(ms, func(i, j int) bool {
		a, b := ms[i], ms[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Period != b.Period {
			return a.Period < b.Period
		}
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.FileID < b.FileID
	})
}

// Commit publishes every staged change. Failpoint, if not nil, is called
// with "commit:journal" after the journal is written, "commit:op" after
// each applied step and "commit:cleanup" once the staging files are gone
// and only the journal is left (for crash tests).
func (tx *Tx) Commit(failpoint func(string)) error {
	return tx.commit(continuing(failpoint))
}

// continuing adapts a failpoint that returns (or kills the process) to the
// form apply takes, whose error stops it as a crash would.
func continuing(failpoint func(string)) func(string) error {
	return func(name string) error {
		if failpoint != nil {
			failpoint(name)
		}
		return nil
	}
}

func (tx *Tx) commit(failpoint func(string) error) error {
	ops := tx.journal()
	// A move whose staged file is missing would pass, when applied, for a
	// move done already: refuse it before anything is published.
	for _, op := range ops {
		if op.From == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(tx.dir, filepath.FromSlash(op.From))); err != nil {
			return fmt.Errorf("commit: the staged file for %s: %w", op.To, err)
		}
	}
	data, err := json.MarshalIndent(ops, "", "  ")
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
	if err := failpoint("commit:journal"); err != nil {
		return err
	}
	return tx.w.apply(tx.dir, ops, "commit", failpoint)
}

// Rollback discards every staged change.
func (tx *Tx) Rollback() error {
	return os.RemoveAll(tx.dir)
}

// finalOps keeps the last op of each target, in the order of those last
// ops. A journal written by this Tx has one op per target already; older
// journals could hold several, and replaying an earlier one after a later
// one had been applied (a removal after a move) undid the later.
func finalOps(ops []journalOp) []journalOp {
	last := make(map[string]int, len(ops))
	for i, op := range ops {
		last[op.To] = i
	}
	out := make([]journalOp, 0, len(last))
	for i, op := range ops {
		if last[op.To] == i {
			out = append(out, op)
		}
	}
	return out
}

// apply carries out the committed journal of the staging folder dir, then
// deletes the folder: the staging files first, the journal last, so that
// until the journal is gone a recovery applies it again. Each op is
// idempotent (see Tx). Failpoint is called with phase+":op" after each op
// and phase+":cleanup" before the journal is deleted; an error from it
// stops apply there, as a crash would.
func (w *Warehouse) apply(dir string, ops []journalOp, phase string, failpoint func(string) error) error {
	for _, op := range finalOps(ops) {
		target := filepath.Join(w.Dir, filepath.FromSlash(op.To))
		if op.From == "" {
			if err := os.Remove(target); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		} else {
			from := filepath.Join(dir, filepath.FromSlash(op.From))
			_, err := os.Stat(from)
			switch {
			case errors.Is(err, fs.ErrNotExist):
				// moved already
			case err != nil:
				return err
			default:
				if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
					return err
				}
				if err := os.Rename(from, target); err != nil {
					return err
				}
			}
		}
		if err := failpoint(phase + ":op"); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() == journalFile {
			continue
		}
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	if err := failpoint(phase + ":cleanup"); err != nil {
		return err
	}
	if err := os.Remove(filepath.Join(dir, journalFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.RemoveAll(dir)
}

// Recover finishes or discards what interrupted runs left: a staging folder
// with a journal is applied again (the run had committed), one without is
// deleted. It returns a line per folder handled. Failpoint, if not nil, is
// called with "recover:op" after each applied step and "recover:cleanup"
// before a journal is deleted (for crash tests). The caller must hold the
// lock.
func (w *Warehouse) Recover(failpoint func(string)) ([]string, error) {
	return w.recover(continuing(failpoint))
}

func (w *Warehouse) recover(failpoint func(string) error) ([]string, error) {
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
		if err := w.apply(dir, ops, "recover", failpoint); err != nil {
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

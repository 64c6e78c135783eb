package warehouse

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// MarkerFile names the file that marks a folder as a warehouse.
const MarkerFile = "shequ-warehouse.json"

// FormatVersion is the layout version written in the marker.
const FormatVersion = 1

// DBFile is the DuckDB file inside the warehouse.
const DBFile = "shequ.duckdb"

// Warehouse is an opened warehouse folder.
type Warehouse struct {
	Dir string // absolute path
}

type marker struct {
	Format  string    `json:"format"`
	Version int       `json:"version"`
	Created time.Time `json:"created"`
}

// Create opens the warehouse at dir, making it first if dir does not exist
// or is empty. A non-empty folder without the marker is refused with
// ErrNotWarehouse, so shequ never writes into a folder it does not own.
func Create(dir string, now time.Time) (*Warehouse, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	case len(entries) > 0:
		return Open(abs)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, err
	}
	data, err := json.MarshalIndent(marker{Format: "shequ-warehouse", Version: FormatVersion, Created: now.UTC()}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := WriteFileAtomic(filepath.Join(abs, MarkerFile), data); err != nil {
		return nil, err
	}
	return &Warehouse{Dir: abs}, nil
}

// Open opens an existing warehouse.
func Open(dir string) (*Warehouse, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (run `shequ ingest` or `shequ run` to create one)", dir, ErrNoWarehouse)
	}
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s: %w: it is a file, not a folder", dir, ErrNotWarehouse)
	}
	data, err := os.ReadFile(filepath.Join(abs, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w: %s is missing (choose an empty or new folder for a warehouse)", dir, ErrNotWarehouse, MarkerFile)
	}
	if err != nil {
		return nil, err
	}
	var m marker
	if err := json.Unmarshal(data, &m); err != nil || m.Format != "shequ-warehouse" {
		return nil, fmt.Errorf("%s: %w: %s is not a shequ marker", dir, ErrNotWarehouse, MarkerFile)
	}
	if m.Version != FormatVersion {
		return nil, fmt.Errorf("%s: %w: layout version %d, this shequ reads version %d", dir, ErrNotWarehouse, m.Version, FormatVersion)
	}
	return &Warehouse{Dir: abs}, nil
}

// DBPath is the path of the DuckDB file.
func (w *Warehouse) DBPath() string { return filepath.Join(w.Dir, DBFile) }

// FileID is the stable identifier of an input file within a source and
// period: a re-ingested file with the same name replaces its own earlier
// contribution.
func FileID(name string) string {
	sum := sha256.Sum256([]byte(filepath.Base(name)))
	return "f" + hex.EncodeToString(sum[:8])
}

// Partition returns the folder of a layer ("raw", "quarantine", "ingest")
// for a source and period.
func (w *Warehouse) Partition(layer, source, period string) string {
	return filepath.Join(w.Dir, layer, source, "period="+period)
}

// FileManifest records one ingested input file. It is written after the
// file's Parquet is in place, so it is the commit marker of that file.
type FileManifest struct {
	RunID          string         `json:"run_id"`
	Source         string         `json:"source"`
	Period         string         `json:"period"`
	FileID         string         `json:"file_id"`
	File           string         `json:"file"` // base name
	Path           string         `json:"path"` // as given on the command line or in the config
	SHA256         string         `json:"sha256"`
	Bytes          int64          `json:"bytes"`
	Format         string         `json:"format"`
	Encoding       string         `json:"encoding"`
	HeaderLine     int            `json:"header_line"`
	RowsIn         int64          `json:"rows_in"`
	Accepted       int64          `json:"accepted"`
	Quarantined    int64          `json:"quarantined"`
	Skipped        int64          `json:"skipped"`
	SkippedBy      map[string]int `json:"skipped_by"`
	UnknownColumns []string       `json:"unknown_columns"`
	IngestedAt     time.Time      `json:"ingested_at"`
}

// ManifestPath is where the manifest of a file lives.
func (w *Warehouse) ManifestPath(source, period, fileID string) string {
	return filepath.Join(w.Partition("ingest", source, period), fileID+".json")
}

// ReadManifest returns the manifest of a file, or nil if it was never ingested.
func (w *Warehouse) ReadManifest(source, period, fileID string) (*FileManifest, error) {
	data, err := os.ReadFile(w.ManifestPath(source, period, fileID))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var m FileManifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", w.ManifestPath(source, period, fileID), err)
	}
	return &m, nil
}

// Manifests returns every file manifest, ordered by source, period and file.
func (w *Warehouse) Manifests() ([]FileManifest, error) {
	paths, err := filepath.Glob(filepath.Join(w.Dir, "ingest", "*", "period=*", "*.json"))
	if err != nil {
		return nil, err
	}
	var out []FileManifest
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var m FileManifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, m)
	}
	sortManifests(out)
	return out, nil
}

// Run is the record of one shequ invocation that changed the warehouse.
type Run struct {
	ID       string         `json:"run_id"`
	Command  string         `json:"command"`
	Version  string         `json:"version"`
	Started  time.Time      `json:"started_at"`
	Finished time.Time      `json:"finished_at"`
	Status   string         `json:"status"` // "ok" or "failed"
	Error    string         `json:"error,omitempty"`
	Files    []FileManifest `json:"files"` // inputs of this run, ingested or unchanged
	Removed  []string       `json:"removed,omitempty"`
}

// NewRunID returns a sortable, unique run identifier.
func NewRunID(now time.Time) string {
	var b [3]byte
	_, _ = io.ReadFull(rand.Reader, b[:])
	return now.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}

// WriteRun publishes a run record.
func (w *Warehouse) WriteRun(r *Run) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Join(w.Dir, "runs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, r.ID+".json"), data)
}

// Lock takes the warehouse's exclusive writer lock without waiting. The
// caller must call the returned function to release it. If another process
// holds it, the error wraps ErrLocked and names that process.
func (w *Warehouse) Lock() (func(), error) {
	p := filepath.Join(w.Dir, ".lock")
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := io.ReadAll(f)
		f.Close()
		who := strings.TrimSpace(string(holder))
		if who == "" {
			who = "unknown"
		}
		return nil, fmt.Errorf("%s: %w (process %s); wait for it to finish and try again", w.Dir, ErrLocked, who)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		_ = f.Truncate(0)
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// WriteFileAtomic writes data to path through a temporary file in the same
// folder, synced and renamed into place.
func WriteFileAtomic(path string, data []byte) error {
	return WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteAtomic publishes a file written by write: write fills a temporary
// file in path's folder, which is synced and renamed to path only when
// write succeeds, and removed otherwise. A reader of path sees the old
// file or the whole new one, never part of it.
func WriteAtomic(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	name := tmp.Name()
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, 0o644)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
	}
	return err
}

// SettingsFile holds the parts of the last run's configuration that the
// build needs (the governance models, the accessibility catchment), so
// that `shequ build` alone knows them.
const SettingsFile = "settings.json"

// ReadSettings decodes the file at path (the live SettingsFile, or a run's
// staged one) into dst; it leaves dst alone when path is "".
func ReadSettings(path string, dst any) error {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := json.Unmarshal(data, dst); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Runs returns every run record, oldest first.
func (w *Warehouse) Runs() ([]Run, error) {
	paths, err := filepath.Glob(filepath.Join(w.Dir, "runs", "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var out []Run
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var r Run
		if err := json.Unmarshal(data, &r); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, r)
	}
	return out, nil
}

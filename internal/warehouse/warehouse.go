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

// FileID is the identifier of the input file at path: the first 128 bits
// of the sha256 of its cleaned absolute path, written relative to the
// warehouse folder. It is the same whether the file is named relative to
// the working folder, to a configuration or absolutely, so `shequ ingest`
// and `shequ run` agree: ingesting a file again replaces its own earlier
// contribution, and two files of one name in different folders are two
// files. Moving the exports together with the warehouse keeps every
// identifier; moving one without the other makes every file a new one.
// (Relative to a fixed folder, two different absolute paths stay different.)
func (w *Warehouse) FileID(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	rel, err := filepath.Rel(w.Dir, abs)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	sum := sha256.Sum256([]byte(filepath.ToSlash(rel)))
	return "f" + hex.EncodeToString(sum[:16]), nil
}

// LegacyFileID is the identifier that warehouses written before FileID
// took the path gave a file: from its base name alone. A manifest under
// it stands for the one file of that name in its source and period; the
// batch replaces it when a file of that name is ingested again.
func LegacyFileID(path string) string {
	sum := sha256.Sum256([]byte(filepath.Base(path)))
	return "f" + hex.EncodeToString(sum[:8])
}

// Partition returns the folder of a layer ("raw", "quarantine", "ingest")
// for a source and period.
func (w *Warehouse) Partition(layer, source, period string) string {
	return filepath.Join(w.Dir, layer, source, "period="+period)
}

// FileManifest records one ingested input file. It is published by the
// same commit as the file's Parquet, and records what that Parquet must be.
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
	// RawParquet and QuarantineParquet describe the Parquet files of the
	// accepted and the rejected rows as published (see Tx.PutParquet):
	// the build and later runs check the files against them (Tx.Verify).
	// Each is zero when there are no such rows, and in manifests written
	// before shequ recorded digests (see Verifiable).
	RawParquet        ParquetDigest `json:"raw_parquet,omitzero"`
	QuarantineParquet ParquetDigest `json:"quarantine_parquet,omitzero"`

	// Line accounting: Lines = HeaderLines + RowsIn + JoinedLines.
	Lines       int64 `json:"lines"`        // physical lines of a text file; rows of the sheets read of a workbook
	HeaderLines int64 `json:"header_lines"` // of them, header rows
	JoinedLines int64 `json:"joined_lines"` // of them, lines that continue a record (a quoted cell with line breaks)

	Area     string `json:"area,omitempty"`      // the district or street code the file covers
	AreaFrom string `json:"area_from,omitempty"` // where that came from: the configuration or the file's title

	TotalsChecked    int              `json:"totals_checked"` // figures of totals rows compared with the rows they total
	TotalsMismatches []TotalsMismatch `json:"totals_mismatches,omitempty"`

	// Synthetic is true when a row above the file's header opens with
	// the synthetic-data mark 「【模拟数据 SYNTHETIC】」 (values.SyntheticMark),
	// as every export of `shequ gen` does; manifests written before the
	// mark was read have no such field and read as false.
	Synthetic bool `json:"synthetic"`
}

// TotalsMismatch is a figure of a totals row (合计, 小计) that is neither
// the sum of the data rows since the previous totals row nor the sum of
// all the data rows of its sheet so far.
type TotalsMismatch struct {
	Sheet            string   `json:"sheet,omitempty"`
	Line             int      `json:"line"`
	Label            string   `json:"label"`  // the totals label as written, 「全区合计」
	Column           string   `json:"column"` // canonical name
	Header           string   `json:"header"` // as written in the file
	Stated           float64  `json:"stated"`
	SumSincePrevious *float64 `json:"sum_since_previous,omitempty"` // nil when a row of that span could not be read
	SumOfSheet       *float64 `json:"sum_of_sheet,omitempty"`
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

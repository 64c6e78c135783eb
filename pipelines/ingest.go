package pipelines

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zeebo/xxh3"

	"shequ/internal/divisions"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/schemas"
)

// Input is one export file to ingest.
type Input struct {
	Source   string
	Period   string
	Path     string
	Sheet    string // XLSX: only this sheet
	Encoding string // "" or "auto" to detect
	// Area is the 6-digit district or 9-digit street code the file covers;
	// "" takes it from the file's title, if that names one (see area.go).
	Area  string
	Force bool // read the file even when it is unchanged
}

// Status values of a Result.
const (
	StatusIngested  = "ingested"
	StatusUnchanged = "unchanged" // same file and sha256 as already ingested
)

// Result is what happened to one input file.
type Result struct {
	Status   string
	Manifest warehouse.FileManifest
}

// Ingester writes export files into a warehouse. It is not safe for
// concurrent use; each file is read on every core.
type Ingester struct {
	Schemas   *schemas.Set
	Divisions *divisions.Index
	// LoadDivisions, when Divisions is nil, returns them; it is called
	// once, when the first file that is not unchanged is read.
	LoadDivisions func() (*divisions.Index, error)
	Warehouse     *warehouse.Warehouse
	Tx            *warehouse.Tx // the run's transaction: every file written goes through it
	RunID         string
	Version       string // written into the Parquet files' created_by
	Now           func() time.Time
	Log           *slog.Logger

	// PIIKey is the secret under which columns declared pii: hash (such
	// as the identity numbers of census_persons) are stored, as the hex
	// HMAC-SHA-256 of their canonical value. The same number gives the
	// same hash under the same key, so records link across files and
	// runs; keep the key stable and secret. A file with such a column is
	// refused (ErrNoPIIKey) when the key is shorter than MinPIIKeyLen.
	// Identity and phone numbers found in free text are hashed under it
	// too, or masked without it (see redact.go).
	PIIKey []byte

	// Progress, when not nil, is called as each batch of a file is
	// written and at the end of each file, with the records read so far
	// and the bytes of the file read and in all (0, 0 for workbooks).
	Progress func(p Progress)

	// Failpoint, when not nil, is called with "ingest:rowgroup" after each
	// row group of accepted rows is written (for crash tests).
	Failpoint func(name string)

	// ChunkBytes is how much of a text file makes a batch and a row group;
	// 0 means DefaultChunkBytes.
	ChunkBytes int
}

// Progress is a moment of one file's ingest.
type Progress struct {
	Source, Period, File string
	Records              int64
	Bytes, Total         int64
	Done                 bool
}

// Close releases what the Ingester holds. The staged files belong to the
// Tx, which the caller commits or rolls back.
func (ing *Ingester) Close() error { return nil }

// File ingests one file. Bad rows are not errors: they go to quarantine.
// An error means the file as a whole could not be read (missing, wrong
// format, header not found) or the warehouse could not be written.
func (ing *Ingester) File(ctx context.Context, in Input) (*Result, error) {
	schema, err := ing.Schemas.Get(in.Source)
	if err != nil {
		return nil, err
	}
	size, err := decode.Stat(in.Path)
	if err != nil {
		return nil, err
	}
	fileID, err := ing.Warehouse.FileID(in.Path)
	if err != nil {
		return nil, err
	}
	prev, err := ing.Tx.Manifest(in.Source, in.Period, fileID)
	if err != nil {
		return nil, err
	}
	// A file of the size it had may be unchanged: its sha256 says. Any
	// other is read at once, and hashed as it is read.
	sum := ""
	if prev != nil && prev.Bytes == size && !in.Force {
		if sum, err = hashFile(in.Path); err != nil {
			return nil, err
		}
		if prev.SHA256 == sum {
			return &Result{Status: StatusUnchanged, Manifest: *prev}, nil
		}
	}
	if ing.Divisions == nil && ing.LoadDivisions != nil {
		if ing.Divisions, err = ing.LoadDivisions(); err != nil {
			return nil, err
		}
	}
	m := warehouse.FileManifest{
		RunID: ing.RunID, Source: in.Source, Period: in.Period, FileID: fileID,
		File: filepath.Base(in.Path), Path: in.Path, SHA256: sum, Bytes: size,
		SkippedBy: map[string]int{}, IngestedAt: ing.Now().UTC(),
	}
	t := &staged{raw: ing.Tx.TempPath(fileID + ".parquet"), quarantine: ing.Tx.TempPath(fileID + "-quarantine.parquet")}
	if err := ing.read(ctx, schema, in, &m, t); err != nil {
		t.remove()
		return nil, err
	}
	if m.RowsIn != m.Accepted+m.Quarantined+m.Skipped {
		t.remove()
		return nil, fmt.Errorf("%s: %w: rows in %d, accepted %d, quarantined %d, skipped %d",
			in.Path, ErrUnreconciled, m.RowsIn, m.Accepted, m.Quarantined, m.Skipped)
	}
	if m.Lines != m.HeaderLines+m.RowsIn+m.JoinedLines {
		t.remove()
		return nil, fmt.Errorf("%s: %w: %d lines, %d header lines, %d rows in, %d lines joined to the record above",
			in.Path, ErrUnreconciled, m.Lines, m.HeaderLines, m.RowsIn, m.JoinedLines)
	}
	if err := ing.publish(t, &m); err != nil {
		return nil, err
	}
	if len(m.UnknownColumns) > 0 {
		ing.Log.Warn("columns not in the schema were not stored", "source", in.Source, "file", in.Path,
			"columns", strings.Join(m.UnknownColumns, " | "))
	}
	for _, tm := range m.TotalsMismatches {
		ing.Log.Warn("a totals row does not add up", "file", in.Path, "sheet", tm.Sheet, "line", tm.Line, "label", tm.Label,
			"column", tm.Header, "stated", tm.Stated, "sum_since_previous", deref(tm.SumSincePrevious), "sum_of_sheet", deref(tm.SumOfSheet))
	}
	ing.Log.Info("ingested", "source", in.Source, "period", in.Period, "file", in.Path,
		"rows_in", m.RowsIn, "accepted", m.Accepted, "quarantined", m.Quarantined, "skipped", m.Skipped)
	return &Result{Status: StatusIngested, Manifest: m}, nil
}

func deref(p *float64) any {
	if p == nil {
		return "unreadable"
	}
	return *p
}

// staged are the two Parquet files of one file's rows, in the run's
// staging folder until publish, with their digests once written.
type staged struct {
	raw, quarantine             string // the accepted rows, and the quarantined rows' broken rules
	rawDigest, quarantineDigest warehouse.ParquetDigest
}

// hashedFile is a file being written, its checksum taken on the way
// (warehouse.ParquetDigest).
type hashedFile struct {
	f   *os.File
	sum *xxh3.Hasher
	n   int64
}

func createHashed(path string) (*hashedFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &hashedFile{f: f, sum: xxh3.New()}, nil
}

func (h *hashedFile) Write(p []byte) (int, error) {
	n, err := h.f.Write(p)
	h.sum.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// digest closes the file and returns its digest, for rows rows.
func (h *hashedFile) digest(rows int64) (warehouse.ParquetDigest, error) {
	if err := h.f.Close(); err != nil {
		return warehouse.ParquetDigest{}, err
	}
	return warehouse.ParquetDigest{Bytes: h.n, XXH3: warehouse.Checksum(h.sum), Rows: rows}, nil
}

func (t staged) remove() {
	os.Remove(t.raw)
	os.Remove(t.quarantine)
}

// read scans the file into the staged files and fills the counts of m.
func (ing *Ingester) read(ctx context.Context, schema *schemas.Schema, in Input, m *warehouse.FileManifest, t *staged) error {
	src, err := decode.Open(in.Path, decode.Options{Encoding: in.Encoding, Sheet: in.Sheet})
	if err != nil {
		return err
	}
	defer src.Close()
	m.Format, m.Encoding = src.Format(), src.Encoding()

	rawFile, err := createHashed(t.raw)
	if err != nil {
		return err
	}
	defer rawFile.f.Close()
	rejFile, err := createHashed(t.quarantine)
	if err != nil {
		return err
	}
	defer rejFile.f.Close()
	raw := newRawWriter(rawFile, schema, ing.Version)
	rej := newQuarantineWriter(rejFile, ing.Version)
	spill := newKeySpill(ing.Tx.TempPath("keys"))
	defer spill.close()

	s := &scan{ctx: ctx, ing: ing, in: in, schema: schema, m: m, div: ing.Divisions, aliases: newAliasIndex(schema),
		chunkBytes: ing.ChunkBytes}
	if s.chunkBytes <= 0 {
		s.chunkBytes = DefaultChunkBytes
	}
	out, err := s.run(src, raw, rej, spill)
	if err != nil {
		return err
	}
	if err := raw.Close(); err != nil {
		return fmt.Errorf("write %s: %w", t.raw, err)
	}
	if t.rawDigest, err = rawFile.digest(out.counts.accepted); err != nil {
		return err
	}
	moved, rewritten, err := s.resolveDuplicates(t.raw, spill, rej)
	if err != nil {
		return err
	}
	out.counts.accepted -= moved
	out.counts.quarantined += moved
	if moved > 0 {
		t.rawDigest = rewritten
	}
	if err := rej.Close(); err != nil {
		return fmt.Errorf("write %s: %w", t.quarantine, err)
	}
	if t.quarantineDigest, err = rejFile.digest(s.rejected); err != nil {
		return err
	}

	c := out.counts
	m.RowsIn, m.Accepted, m.Quarantined, m.Skipped = c.rowsIn, c.accepted, c.quarantined, c.skipped
	for k, n := range c.skippedBy {
		m.SkippedBy[k] += n
	}
	m.Lines, m.HeaderLines, m.JoinedLines = out.lines, out.headerRows, c.joined
	m.TotalsChecked, m.TotalsMismatches = out.totals.checked, out.totals.mismatches
	if tr, ok := src.(*decode.TextReader); ok && m.SHA256 == "" {
		m.SHA256 = tr.SHA256()
	}
	if m.SHA256 == "" {
		if m.SHA256, err = hashFile(in.Path); err != nil {
			return err
		}
	}
	if p := ing.Progress; p != nil {
		p(Progress{Source: in.Source, Period: in.Period, File: in.Path, Records: m.RowsIn, Bytes: m.Bytes, Total: m.Bytes, Done: true})
	}
	return nil
}

// hashFile returns the hex sha256 of the file at path.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	// Large reads: a 1 GB file hashes in about half a second.
	if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, 1<<20)); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// publish stages the file's Parquet files, with its manifest, in the
// run's transaction.
func (ing *Ingester) publish(t *staged, m *warehouse.FileManifest) error {
	for _, layer := range []struct {
		staged, target string
		rows           int64
		digest         warehouse.ParquetDigest
		into           *warehouse.ParquetDigest
	}{
		{t.raw, warehouse.RawTarget(m.Source, m.Period, m.FileID), m.Accepted, t.rawDigest, &m.RawParquet},
		{t.quarantine, warehouse.QuarantineTarget(m.Source, m.Period, m.FileID), m.Quarantined, t.quarantineDigest, &m.QuarantineParquet},
	} {
		if layer.rows == 0 {
			os.Remove(layer.staged)
			ing.Tx.Remove(layer.target)
			continue
		}
		if err := ing.Tx.PutDigested(layer.staged, layer.target, layer.digest); err != nil {
			return err
		}
		*layer.into = layer.digest
	}
	return ing.Tx.PutManifest(m)
}

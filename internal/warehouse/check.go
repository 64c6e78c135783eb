package warehouse

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/zeebo/xxh3"
)

// ParquetDigest is what a published Parquet file must be: its size in
// bytes, its XXH3-128 checksum and the number of rows its footer counts.
//
// XXH3 rather than sha256: the checksum is there to find a file changed,
// cut short or overwritten after shequ wrote it, not to resist someone who
// can also rewrite the manifest beside it, and it is ten times faster — a
// 700 MB raw file of ten million persons costs 1.4 s of sha256 as it is
// written and again at every build. The input files keep their sha256,
// which users can check with sha256sum.
type ParquetDigest struct {
	Bytes int64  `json:"bytes"`
	XXH3  string `json:"xxh3_128"` // hex, as xxhsum -H2 prints it
	Rows  int64  `json:"rows"`
}

// Checksum returns the hex XXH3-128 of what h has been given, as xxhsum
// -H2 prints it.
func Checksum(h *xxh3.Hasher) string {
	b := h.Sum128().Bytes()
	return hex.EncodeToString(b[:])
}

// Digest hashes the file at path and returns its digest; rows is the
// number of rows the caller wrote to it (taken as given).
func Digest(path string, rows int64) (ParquetDigest, error) {
	f, err := os.Open(path)
	if err != nil {
		return ParquetDigest{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return ParquetDigest{}, err
	}
	h := xxh3.New()
	// Large reads for large files; small files get a buffer of their size.
	n, err := io.CopyBuffer(h, struct{ io.Reader }{f}, make([]byte, min(1<<20, st.Size()+1)))
	if err != nil {
		return ParquetDigest{}, fmt.Errorf("%s: %w", path, err)
	}
	return ParquetDigest{Bytes: n, XXH3: Checksum(h), Rows: rows}, nil
}

// published is one Parquet file that a manifest says its input published.
type published struct {
	target string        // relative to the warehouse
	rows   int64         // the manifest's accepted or quarantined count
	digest ParquetDigest // zero in manifests written before digests
}

// published lists the Parquet files m's input published: the raw file
// when it had accepted rows, the quarantine file when it had rejected ones.
func (m *FileManifest) published() []published {
	var out []published
	if m.Accepted > 0 {
		out = append(out, published{RawTarget(m.Source, m.Period, m.FileID), m.Accepted, m.RawParquet})
	}
	if m.Quarantined > 0 {
		// The quarantine file has a line per broken rule: as many as its
		// digest counts, and at least one per quarantined row.
		rows := m.Quarantined
		if m.QuarantineParquet.XXH3 != "" {
			rows = m.QuarantineParquet.Rows
		}
		out = append(out, published{QuarantineTarget(m.Source, m.Period, m.FileID), rows, m.QuarantineParquet})
	}
	return out
}

// Verifiable reports whether m records the digest of every Parquet file it
// published. Manifests written before shequ recorded digests do not: their
// files can be checked for presence and row count, not for their bytes.
func (m *FileManifest) Verifiable() bool {
	for _, p := range m.published() {
		if p.digest.XXH3 == "" {
			return false
		}
	}
	return true
}

// FooterRows returns the number of rows the footer of the Parquet file at
// path counts (the build reads it with DuckDB's parquet_file_metadata).
type FooterRows func(path string) (int64, error)

// Verify checks, in the run's view, the Parquet files m's input published:
// each must be there, with the size and checksum the manifest records, and —
// when rows is not nil — with the manifest's row count in its footer. A
// manifest written before digests is checked for presence and row count
// only (see Verifiable). Verify returns one *IntegrityError per file that
// does not match; the error is for trouble other than the files' own
// (a file that cannot be read for lack of permission, say). A file
// found good, or staged by PutParquet, is not hashed again in this Tx.
func (tx *Tx) Verify(m *FileManifest, rows FooterRows) ([]*IntegrityError, error) {
	var bad []*IntegrityError
	for _, p := range m.published() {
		problem := func(diffs ...Difference) {
			bad = append(bad, &IntegrityError{Warehouse: tx.w.Dir, Source: m.Source, Period: m.Period, File: m.File, Path: m.Path,
				Target: p.target, Differences: diffs})
		}
		path := tx.Path(p.target)
		if path == "" {
			problem(Difference{What: DiffMissing, Want: fmt.Sprint(p.rows)})
			continue
		}
		var diffs []Difference
		if d := p.digest; d.XXH3 != "" && tx.checked[p.target] != d {
			st, err := os.Stat(path)
			if errors.Is(err, fs.ErrNotExist) {
				problem(Difference{What: DiffMissing, Want: fmt.Sprint(p.rows)})
				continue
			}
			if err != nil {
				return bad, err
			}
			if st.Size() != d.Bytes {
				// A file of another size is not the file written: no need to read it all.
				diffs = append(diffs, Difference{What: DiffSize, Got: fmt.Sprint(st.Size()), Want: fmt.Sprint(d.Bytes)})
			} else {
				got, err := Digest(path, d.Rows)
				if err != nil {
					return bad, err
				}
				if got.XXH3 != d.XXH3 {
					diffs = append(diffs, Difference{What: DiffChecksum, Got: got.XXH3, Want: d.XXH3})
				}
			}
		}
		if rows != nil {
			n, err := rows(path)
			switch {
			case err != nil:
				diffs = append(diffs, Difference{What: DiffUnreadable, Got: err.Error()})
			case n != p.rows && !(p.digest.XXH3 == "" && strings.HasPrefix(p.target, "quarantine/") && n > p.rows):
				// (an old manifest counts a quarantine file's rows, not its lines)
				diffs = append(diffs, Difference{What: DiffRows, Got: fmt.Sprint(n), Want: fmt.Sprint(p.rows)})
			}
		}
		if len(diffs) > 0 {
			problem(diffs...)
			continue
		}
		if p.digest.XXH3 != "" {
			tx.checked[p.target] = p.digest
		}
	}
	return bad, nil
}

package warehouse

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestFileID: a file is known by its cleaned absolute path, written
// relative to the warehouse folder; its base name alone no longer decides.
func TestFileID(t *testing.T) {
	base := t.TempDir()
	w := &Warehouse{Dir: filepath.Join(base, "project", "wh")}
	moved := &Warehouse{Dir: filepath.Join(base, "archive", "wh")}
	t.Chdir(base)
	id := func(w *Warehouse, p string) string {
		t.Helper()
		got, err := w.FileID(p)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// `printf %s '../d1/人口.csv' | sha256sum`, its first 16 bytes.
	if got, want := id(w, "project/d1/人口.csv"), "f7b9ced6b65c8fec2adffe49fb0e342cb"; got != want {
		t.Errorf("FileID(project/d1/人口.csv) = %s, want %s", got, want)
	}
	// `printf %s '人口.csv' | sha256sum`, its first 8 bytes.
	if got, want := LegacyFileID("project/d1/人口.csv"), "f3c8977b3958a3171"; got != want {
		t.Errorf("LegacyFileID(project/d1/人口.csv) = %s, want %s", got, want)
	}
	for _, tc := range []struct {
		name     string
		a, b     string
		wa, wb   *Warehouse
		sameFile bool
	}{
		{"one name in two folders", filepath.Join(base, "project/d1/人口.csv"), filepath.Join(base, "project/d2/人口.csv"), w, w, false},
		{"relative to the working folder and absolute", "project/d1/人口.csv", filepath.Join(base, "project/d1/人口.csv"), w, w, true},
		{"not cleaned and cleaned", "project/./d2/../d1//人口.csv", "project/d1/人口.csv", w, w, true},
		{"exports moved with the warehouse", "project/d1/人口.csv", "archive/d1/人口.csv", w, moved, true},
		{"exports moved without the warehouse", "project/d1/人口.csv", "archive/d1/人口.csv", w, w, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := id(tc.wa, tc.a), id(tc.wb, tc.b)
			if (a == b) != tc.sameFile {
				t.Errorf("FileID(%s) = %s, FileID(%s) = %s; same file %v, want %v", tc.a, a, tc.b, b, a == b, tc.sameFile)
			}
		})
	}
}

// TestPutParquetDigest: the digest of a staged file is its size, its
// XXH3-128 and the rows the caller counts. "abc": 3 bytes, and
// `printf abc | xxhsum -H2` (xxhash 0.8.1, Debian) prints 06b05ab6….
func TestPutParquetDigest(t *testing.T) {
	w, err := Create(filepath.Join(t.TempDir(), "wh"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tx, err := w.Begin("r")
	if err != nil {
		t.Fatal(err)
	}
	p := tx.TempPath("a.parquet")
	writeFile(t, p, "abc")
	got, err := tx.PutParquet(p, rawA, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := ParquetDigest{Bytes: 3, XXH3: "06b05ab6733a618578af5f94892f3950", Rows: 7}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("digest (-want +got):\n%s", diff)
	}
	if got := tx.Path(rawA); got != p {
		t.Errorf("Path(%s) = %s, want the staged file %s", rawA, got, p)
	}
}

// TestVerify publishes one input's raw and quarantine files with their
// digests, changes them as a researcher or a full disk might, and checks
// what Verify reports for each.
func TestVerify(t *testing.T) {
	const raw, quar = "raw rows: 5 of them", "quarantined: 2"
	// footer stands for the Parquet footer: the count written in the file.
	footer := func(path string) (int64, error) {
		data, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		var n int64
		if _, err := fmt.Sscanf(string(data), "raw rows: %d", &n); err == nil {
			return n, nil
		}
		if _, err := fmt.Sscanf(string(data), "quarantined: %d", &n); err == nil {
			return n, nil
		}
		return 0, errors.New("no magic bytes")
	}
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, w *Warehouse)
		legacy bool // the manifest has no digests
		want   []string
	}{
		{name: "untouched", change: func(*testing.T, *Warehouse) {}},
		{name: "overwritten with fewer rows", change: func(t *testing.T, w *Warehouse) {
			writeFile(t, filepath.Join(w.Dir, rawA), "raw rows: 3")
		}, want: []string{rawA + " size 11 19; rows 3 5"}},
		{name: "same size, other bytes", change: func(t *testing.T, w *Warehouse) {
			writeFile(t, filepath.Join(w.Dir, rawA), "raw rows: 5 of THEM")
			// `printf %s 'raw rows: 5 of THEM' | xxhsum -H2`, and of "… of them".
		}, want: []string{rawA + " checksum 357c320c99d353d50b2ba136844b0d9e cfa023d8def2bbc8949297392aa66349"}},
		{name: "cut short", change: func(t *testing.T, w *Warehouse) {
			if err := os.Truncate(filepath.Join(w.Dir, quarA), 4); err != nil {
				t.Fatal(err)
			}
		}, want: []string{quarA + " size 4 14; unreadable no magic bytes "}},
		{name: "deleted", change: func(t *testing.T, w *Warehouse) {
			if err := os.Remove(filepath.Join(w.Dir, rawA)); err != nil {
				t.Fatal(err)
			}
		}, want: []string{rawA + " missing  5"}},
		{name: "legacy manifest, untouched", legacy: true, change: func(*testing.T, *Warehouse) {}},
		{name: "legacy manifest, fewer rows", legacy: true, change: func(t *testing.T, w *Warehouse) {
			writeFile(t, filepath.Join(w.Dir, rawA), "raw rows: 3")
		}, want: []string{rawA + " rows 3 5"}},
		{name: "legacy manifest, deleted", legacy: true, change: func(t *testing.T, w *Warehouse) {
			if err := os.Remove(filepath.Join(w.Dir, quarA)); err != nil {
				t.Fatal(err)
			}
		}, want: []string{quarA + " missing  2"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Create(filepath.Join(t.TempDir(), "wh"), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			tx, err := w.Begin("r1")
			if err != nil {
				t.Fatal(err)
			}
			m := &FileManifest{Source: "census", Period: "2020", FileID: "fA", File: "人口.csv", Path: "d1/人口.csv",
				Accepted: 5, Quarantined: 2}
			for _, l := range []struct {
				target, text string
				rows         int64
				digest       *ParquetDigest
			}{{rawA, raw, 5, &m.RawParquet}, {quarA, quar, 2, &m.QuarantineParquet}} {
				p := tx.TempPath("x")
				writeFile(t, p, l.text)
				if *l.digest, err = tx.PutParquet(p, l.target, l.rows); err != nil {
					t.Fatal(err)
				}
			}
			if tc.legacy {
				m.RawParquet, m.QuarantineParquet = ParquetDigest{}, ParquetDigest{}
			}
			if got := m.Verifiable(); got != !tc.legacy {
				t.Errorf("Verifiable() = %v, want %v", got, !tc.legacy)
			}
			if err := tx.PutManifest(m); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(nil); err != nil {
				t.Fatal(err)
			}
			tc.change(t, w)
			// A new run checks the live files.
			tx, err = w.Begin("r2")
			if err != nil {
				t.Fatal(err)
			}
			bad, err := tx.Verify(m, footer)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, b := range bad {
				var diffs []string
				for _, d := range b.Differences {
					diffs = append(diffs, d.What+" "+d.Got+" "+d.Want)
				}
				got = append(got, b.Target+" "+strings.Join(diffs, "; "))
				if !strings.Contains(b.Error(), "d1/人口.csv") || !strings.Contains(b.Error(), "shequ ingest --warehouse "+w.Dir+" --source census --period 2020 d1/人口.csv") {
					t.Errorf("message %q does not name the export and how to ingest it again", b.Error())
				}
				var ie *IntegrityError
				if !errors.As(&CheckError{Files: bad}, &ie) {
					t.Errorf("errors.As does not find the *IntegrityError in a *CheckError")
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Verify (-want +got):\n%s", diff)
			}
		})
	}
}

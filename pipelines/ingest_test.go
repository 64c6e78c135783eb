package pipelines

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"shequ/internal/divisions"
	"shequ/internal/samplegen"
	"shequ/internal/warehouse"
	"shequ/schemas"
)

func newIngester(t *testing.T) *Ingester {
	t.Helper()
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	return newIngesterWith(t, set)
}

// testDivisions loads the division codes once for all tests.
var testDivisions = sync.OnceValues(divisions.Load)

// newIngesterWith returns an Ingester over a new warehouse, reading the
// sources of set, with a PII key.
func newIngesterWith(t testing.TB, set *schemas.Set) *Ingester {
	t.Helper()
	div, err := testDivisions()
	if err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Create(filepath.Join(t.TempDir(), "wh"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	tx, err := w.Begin("test-run")
	if err != nil {
		t.Fatal(err)
	}
	ing := &Ingester{Schemas: set, Divisions: div, Warehouse: w, Tx: tx, RunID: "test-run",
		Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), PIIKey: testKey}
	t.Cleanup(func() { ing.Close() })
	return ing
}

// testKey is the PII key of the tests.
var testKey = []byte("test key: 32 bytes, never reused")

// commit publishes what the ingester staged and starts a new transaction.
func commit(t *testing.T, ing *Ingester) {
	t.Helper()
	if err := ing.Tx.Commit(nil); err != nil {
		t.Fatal(err)
	}
	tx, err := ing.Warehouse.Begin("test-run-2")
	if err != nil {
		t.Fatal(err)
	}
	ing.Tx = tx
}

// testdata/census_messy.csv, read by hand:
//
//	line 1 title, line 2 unit row           -> skipped (above header)
//	line 3 header (备注 is unknown)
//	lines 4, 5 good ("12,000" and full-width ８０００ parse)  -> accepted 2
//	line 6 empty                             -> skipped (empty)
//	line 7 11-digit code                     -> quarantined: code_format
//	line 8 resident -5                       -> quarantined: range
//	line 9 registered 600 > resident 500     -> quarantined: registered_le_resident
//	line 10 code 440310999999 is not real    -> quarantined: code_unknown
//	line 11 resident "—" (null), required    -> quarantined: required
//	line 12 合计                              -> skipped (totals)
//
// rows_in = 11 records - 1 header = 11; accepted 2, quarantined 5, skipped 4.
func TestIngestMessyCSV(t *testing.T) {
	ing := newIngester(t)
	ctx := context.Background()
	res, err := ing.File(ctx, Input{Source: "census", Period: "2015", Path: "testdata/census_messy.csv"})
	if err != nil {
		t.Fatal(err)
	}
	m := res.Manifest
	if m.RowsIn != 11 || m.Accepted != 2 || m.Quarantined != 5 || m.Skipped != 4 {
		t.Errorf("counts in/acc/quar/skip = %d/%d/%d/%d, want 11/2/5/4", m.RowsIn, m.Accepted, m.Quarantined, m.Skipped)
	}
	if m.SkippedBy["above_header"] != 2 || m.SkippedBy["empty"] != 1 || m.SkippedBy["totals"] != 1 {
		t.Errorf("SkippedBy = %v, want above_header 2, empty 1, totals 1", m.SkippedBy)
	}
	if m.HeaderLine != 3 {
		t.Errorf("HeaderLine = %d, want 3", m.HeaderLine)
	}
	if len(m.UnknownColumns) != 1 || m.UnknownColumns[0] != "备注" {
		t.Errorf("UnknownColumns = %v, want [备注]", m.UnknownColumns)
	}
	commit(t, ing)

	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := filepath.Join(ing.Warehouse.Partition("raw", "census", "2015"), m.FileID+".parquet")
	var sumResident, sumRegistered int64
	if err := db.QueryRow("SELECT sum(resident)::BIGINT, sum(registered)::BIGINT FROM read_parquet("+warehouse.QuoteString(raw)+")").Scan(&sumResident, &sumRegistered); err != nil {
		t.Fatal(err)
	}
	if sumResident != 20000 || sumRegistered != 1800 {
		t.Errorf("accepted resident/registered sums = %d/%d, want 20000/1800", sumResident, sumRegistered)
	}
	quar := filepath.Join(ing.Warehouse.Partition("quarantine", "census", "2015"), m.FileID+".parquet")
	rows, err := db.Query("SELECT line, rule FROM read_parquet(" + warehouse.QuoteString(quar) + ") ORDER BY line")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	want := []struct {
		line int
		rule string
	}{{7, RuleCodeFormat}, {8, RuleRange}, {9, "registered_le_resident"}, {10, RuleCodeUnknown}, {11, RuleRequired}}
	var i int
	for rows.Next() {
		var line int
		var rule string
		if err := rows.Scan(&line, &rule); err != nil {
			t.Fatal(err)
		}
		if i >= len(want) || want[i].line != line || want[i].rule != rule {
			t.Errorf("quarantine row %d = line %d rule %s, want %+v", i, line, rule, want[min(i, len(want)-1)])
		}
		i++
	}
	if i != len(want) {
		t.Errorf("quarantine has %d rows, want %d", i, len(want))
	}

	// The same file again is recognised by its sha256 and not re-read.
	res2, err := ing.File(ctx, Input{Source: "census", Period: "2015", Path: "testdata/census_messy.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if res2.Status != StatusUnchanged {
		t.Errorf("second ingest status = %s, want %s", res2.Status, StatusUnchanged)
	}
}

func TestIngestFileErrors(t *testing.T) {
	ing := newIngester(t)
	dir := t.TempDir()
	noHeader := filepath.Join(dir, "noheader.csv")
	if err := os.WriteFile(noHeader, []byte("a,b,c\n1,2,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing_resident.csv")
	if err := os.WriteFile(missing, []byte("社区代码,社区名称,户数\n440310001001,六联,10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   Input
		is   error
		as   any
	}{
		{"missing file", Input{Source: "census", Period: "2015", Path: filepath.Join(dir, "nope.csv")}, os.ErrNotExist, nil},
		{"unknown source", Input{Source: "censsu", Period: "2015", Path: noHeader}, schemas.ErrUnknownSource, nil},
		{"no header", Input{Source: "census", Period: "2015", Path: noHeader}, ErrNoHeader, nil},
		{"missing required column", Input{Source: "census", Period: "2015", Path: missing}, nil, new(*HeaderError)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ing.File(context.Background(), tc.in)
			if err == nil {
				t.Fatal("no error")
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error = %v, want %v", err, tc.is)
			}
			if tc.as != nil && !errors.As(err, tc.as) {
				t.Errorf("error = %T %v, want %T", err, err, tc.as)
			}
		})
	}
}

var _ = sql.ErrNoRows

// TestStrayQuoteSwallowsNothing: in a 3.8 MB person-level file a
// household id typed 「"H-1"2」 on line 100 opens a quote that, read
// loosely, runs to the end of the file (within the 4 MiB a loose reading
// is followed). That line alone is rejected, its message names the lines
// it would have taken, and the other 39,999 rows are each read as
// themselves. Line 1 is the synthetic-data mark (skipped above the
// header), line 2 the header, lines 3-40,002 the persons: rows_in =
// 40,001 (39,999 accepted, 1 quarantined, the mark skipped), lines =
// 40,002 = 1 header line + 40,001 rows in, every physical line accounted
// for.
func TestStrayQuoteSwallowsNothing(t *testing.T) {
	const persons = 40_000
	dir := t.TempDir()
	if _, err := samplegen.Generate(context.Background(), samplegen.Options{Out: dir, Seed: 3, Persons: persons}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "persons", "人口个案.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	if len(lines) != persons+3 || len(lines[persons+2]) != 0 { // the mark, the header, the rows, and nothing after the last line end
		t.Fatalf("%d lines, want %d and a final line end", len(lines)-1, persons+2)
	}
	if bytes.IndexByte(data, '"') >= 0 {
		t.Fatal("the generated file already holds a quote")
	}
	// Line 100 (lines[99]): its last cell, the household id, gets the quote.
	l := lines[99]
	cut := bytes.LastIndexByte(l, ',') + 1
	lines[99] = append(append(append([]byte{}, l[:cut]...), []byte(`"H-1"2`)...), '\n')
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, chunk := range []int{64 << 10, DefaultChunkBytes} {
		t.Run(fmt.Sprintf("chunks of %d bytes", chunk), func(t *testing.T) {
			ing := newIngester(t)
			ing.ChunkBytes = chunk
			res, err := ing.File(context.Background(), Input{Source: "census_persons", Period: "2020", Path: path})
			if err != nil {
				t.Fatal(err)
			}
			m := res.Manifest
			if got, want := fmt.Sprintf("%d/%d/%d/%d", m.RowsIn, m.Accepted, m.Quarantined, m.Skipped), "40001/39999/1/1"; got != want {
				t.Errorf("rows_in/accepted/quarantined/skipped = %s, want %s", got, want)
			}
			if got := [3]int64{m.Lines, m.HeaderLines, m.JoinedLines}; got != [3]int64{persons + 2, 1, 0} {
				t.Errorf("lines/header/joined = %v, want [%d 1 0]", got, persons+2)
			}
			if !m.Synthetic || m.SkippedBy[SkipAboveHeader] != 1 {
				t.Errorf("synthetic %v, skipped %v; want the mark read and skipped above the header", m.Synthetic, m.SkippedBy)
			}
			commit(t, ing)
			db, err := warehouse.OpenDB("", false)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			rows, err := ReadQuarantine(context.Background(), db, ing.Warehouse, QuarantineFilter{})
			if err != nil {
				t.Fatal(err)
			}
			// Loosely the quote would have run from line 100 to the last,
			// line 40,002.
			if len(rows) != 1 || rows[0].Line != 100 || rows[0].Rule != RuleUnbalancedQuote ||
				!strings.Contains(rows[0].MessageEn, "lines 100–40002 would have become one record") {
				t.Errorf("quarantine = %+v, want line 100 unbalanced_quote naming lines 100–40002", rows)
			}
		})
	}
}

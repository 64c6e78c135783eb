package pipelines

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"
	pqfile "github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/parquet-go/parquet-go"

	"shequ/internal/warehouse"
	"shequ/schemas"
)

// TestSecondReaders reads every Parquet file the ingest writes for the
// corpus with three readers that share no code: parquet-go (the writer's
// own library, which checks each page's CRC), arrow-go's pqarrow, and
// DuckDB. All must give the manifest's row count, and the statistics the
// writer put in every column chunk (read through arrow-go) must be the
// minimum, maximum and null count that DuckDB computes from the rows of
// that row group.
func TestSecondReaders(t *testing.T) {
	set := corpusSchemas(t)
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := 0
	for _, tc := range corpus {
		if tc.errIs != nil || tc.errAs != nil {
			continue
		}
		t.Run(tc.file, func(t *testing.T) {
			ing := newIngesterWith(t, set)
			if tc.noKey {
				ing.PIIKey = nil
			}
			in := Input{Source: tc.source, Period: "2015", Path: filepath.Join("testdata", "corpus", tc.file), Sheet: tc.sheet, Encoding: tc.encoding, Area: tc.area}
			res, err := ing.File(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			commit(t, ing)
			m := res.Manifest
			if m.Quarantined > 0 && m.QuarantineParquet.Rows < m.Quarantined {
				t.Errorf("%d quarantine lines for %d quarantined rows: each row has a line per broken rule", m.QuarantineParquet.Rows, m.Quarantined)
			}
			for _, f := range []struct {
				target string
				rows   int64
			}{
				{warehouse.RawTarget(m.Source, m.Period, m.FileID), m.Accepted},
				{warehouse.QuarantineTarget(m.Source, m.Period, m.FileID), m.QuarantineParquet.Rows},
			} {
				if f.rows == 0 {
					continue
				}
				files++
				checkReaders(t, db, filepath.Join(ing.Warehouse.Dir, f.target), f.rows)
			}
		})
	}
	if files < 40 {
		t.Errorf("%d Parquet files read, want the corpus's 40 or more", files)
	}
}

// checkReaders reads one Parquet file with the three readers.
func checkReaders(t *testing.T, db *sql.DB, path string, rows int64) {
	t.Helper()
	// parquet-go: every page decoded, its CRC checked; a page index (column
	// and offset index) for every column chunk, and a bloom filter on the
	// community code and the hashed identity numbers.
	if n, err := readAllParquetGo(path); err != nil || n != rows {
		t.Errorf("%s: parquet-go read %d rows (%v), want %d", path, n, err, rows)
	}
	checkPageIndex(t, path)
	// arrow-go: the whole file as an Arrow table, every buffer released.
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rdr, err := pqfile.OpenParquetFile(path, false)
	if err != nil {
		t.Fatalf("%s: arrow-go: %v", path, err)
	}
	defer rdr.Close()
	fr, err := pqarrow.NewFileReader(rdr, pqarrow.ArrowReadProperties{BatchSize: 1024}, alloc)
	if err != nil {
		t.Fatal(err)
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		t.Fatalf("%s: arrow-go: %v", path, err)
	}
	if tbl.NumRows() != rows {
		t.Errorf("%s: arrow-go read %d rows, want %d", path, tbl.NumRows(), rows)
	}
	tbl.Release()
	// DuckDB: the rows, and the statistics against them.
	var n int64
	if err := db.QueryRow("SELECT count(*) FROM read_parquet(" + warehouse.QuoteString(path) + ")").Scan(&n); err != nil || n != rows {
		t.Errorf("%s: DuckDB counted %d rows (%v), want %d", path, n, err, rows)
	}
	md := rdr.MetaData()
	if md.GetCreatedBy() == "" || !bytes.HasPrefix([]byte(md.GetCreatedBy()), []byte("shequ")) {
		t.Errorf("%s: created_by %q, want shequ's", path, md.GetCreatedBy())
	}
	first := int64(0)
	for g := range md.NumRowGroups() {
		rg := md.RowGroup(g)
		last := first + rg.NumRows() - 1
		for c := range rg.NumColumns() {
			chunk, err := rg.ColumnChunk(c)
			if err != nil {
				t.Fatal(err)
			}
			ok, err := chunk.StatsSet()
			if err != nil || !ok {
				t.Errorf("%s row group %d column %s: no statistics (%v)", path, g, chunk.PathInSchema(), err)
				continue
			}
			stats, err := chunk.Statistics()
			if err != nil {
				t.Fatal(err)
			}
			checkStats(t, db, path, chunk.PathInSchema().String(), stats, first, last)
		}
		first = last + 1
	}
}

// readAllParquetGo reads every row of a file with parquet-go.
func readAllParquetGo(path string) (int64, error) {
	f, pf, err := openStaged(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	var n int64
	buf := make([]parquet.Row, 128)
	for _, rg := range pf.RowGroups() {
		rows := rg.Rows()
		for {
			k, err := rows.ReadRows(buf)
			n += int64(k)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				rows.Close()
				return n, err
			}
		}
		if err := rows.Close(); err != nil {
			return n, err
		}
	}
	return n, nil
}

// checkStats compares a column chunk's statistics with what DuckDB finds
// in the rows first to last of the file.
func checkStats(t *testing.T, db *sql.DB, path, col string, stats metadata.TypedStatistics, first, last int64) {
	t.Helper()
	q := fmt.Sprintf(`SELECT count(*) - count(%[1]s), min(%[1]s)::VARCHAR, max(%[1]s)::VARCHAR
		FROM read_parquet(%[2]s, file_row_number = true) WHERE file_row_number BETWEEN ? AND ?`,
		warehouse.QuoteIdent(col), warehouse.QuoteString(path))
	var nulls int64
	var lo, hi sql.NullString
	if err := db.QueryRow(q, first, last).Scan(&nulls, &lo, &hi); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	where := fmt.Sprintf("%s rows %d-%d column %s", filepath.Base(path), first, last, col)
	if !stats.HasNullCount() || stats.NullCount() != nulls {
		t.Errorf("%s: null count %d (set %v), DuckDB counts %d", where, stats.NullCount(), stats.HasNullCount(), nulls)
	}
	if !lo.Valid { // no value: no bounds to check
		return
	}
	if !stats.HasMinMax() {
		t.Errorf("%s: no min and max", where)
		return
	}
	gotLo, gotHi := statText(stats, true), statText(stats, false)
	if gotLo != lo.String || gotHi != hi.String {
		t.Errorf("%s: statistics min %q max %q, DuckDB finds %q %q", where, gotLo, gotHi, lo.String, hi.String)
	}
}

// statText writes a statistic as DuckDB casts the value to VARCHAR.
func statText(s metadata.TypedStatistics, min bool) string {
	pick := func(lo, hi any) any {
		if min {
			return lo
		}
		return hi
	}
	switch st := s.(type) {
	case *metadata.ByteArrayStatistics:
		return string(pick(st.Min(), st.Max()).(interface{ Bytes() []byte }).Bytes())
	case *metadata.Int64Statistics:
		x := pick(st.Min(), st.Max()).(int64)
		if st.Descr().LogicalType().String() == "Timestamp(isAdjustedToUTC=false, timeUnit=microseconds, is_from_converted_type=false, force_set_converted_type=false)" {
			return time.UnixMicro(x).UTC().Format("2006-01-02 15:04:05")
		}
		return fmt.Sprint(x)
	case *metadata.Int32Statistics:
		days := pick(st.Min(), st.Max()).(int32)
		return time.Unix(int64(days)*86400, 0).UTC().Format("2006-01-02")
	case *metadata.Float64Statistics:
		x := pick(st.Min(), st.Max()).(float64)
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return fmt.Sprintf("%.1f", x)
		}
		return fmt.Sprint(x)
	}
	return fmt.Sprintf("%v", s)
}

// TestFlippedByte: a byte changed in a data page of a raw Parquet file is
// found by the page's CRC when the file is read.
func TestFlippedByte(t *testing.T) {
	ing := newIngesterWith(t, corpusSchemas(t))
	res, err := ing.File(context.Background(), Input{Source: "census_persons", Period: "2015", Path: filepath.Join("testdata", "corpus", "bad-id-check-digit.csv")})
	if err != nil {
		t.Fatal(err)
	}
	commit(t, ing)
	m := res.Manifest
	path := filepath.Join(ing.Warehouse.Dir, warehouse.RawTarget(m.Source, m.Period, m.FileID))
	if _, err := readAllParquetGo(path); err != nil {
		t.Fatalf("before the flip: %v", err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// The id_number chunk is stored uncompressed: its page holds the three
	// hashes as written, 64 hex digits each. Flip a bit in the middle one.
	rdr, err := pqfile.NewParquetReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	chunk, err := rdr.MetaData().RowGroup(0).ColumnChunk(0)
	if err != nil {
		t.Fatal(err)
	}
	rdr.Close()
	if chunk.PathInSchema().String() != "id_number" {
		t.Fatalf("first column %s, want id_number", chunk.PathInSchema())
	}
	at := chunk.DataPageOffset() + chunk.TotalCompressedSize() - 100 // inside the page data, past its header
	data[at] ^= 0x01
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := readAllParquetGo(path); !errors.Is(err, parquet.ErrCorrupted) {
		t.Errorf("reading the file with a flipped byte: %v, want a CRC mismatch (parquet.ErrCorrupted)", err)
	}
}

// TestQuarantineParquetDeclared writes a quarantine file and reads its
// schema back with DuckDB: the columns are those of the quarantine table
// (schemas.Quarantine), in its order and with its types, and each field
// of QuarantineRow lands in the column its tag names.
func TestQuarantineParquetDeclared(t *testing.T) {
	path := filepath.Join(t.TempDir(), "q.parquet")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := newQuarantineWriter(f, "test")
	row := QuarantineRow{RunID: "r1", Source: "census", Period: "2020", File: "人口.csv", Sheet: "", Line: 7,
		Column: "resident", Value: "-3", Rule: "range", MessageZh: "小于0", MessageEn: "below 0"}
	if _, err := w.Write([]quarantineRecord{row}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))`, path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			t.Fatal(err)
		}
		got = append(got, name+" "+typ)
	}
	rows.Close()
	// The declaration: strings but line, a BIGINT.
	want := []string{"run_id VARCHAR", "source VARCHAR", "period VARCHAR", "file VARCHAR", "sheet VARCHAR", "line BIGINT",
		"column VARCHAR", "value VARCHAR", "rule VARCHAR", "message_zh VARCHAR", "message_en VARCHAR"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("columns %v\nwant %v", got, want)
	}
	var decl []string
	for _, c := range schemas.Quarantine().Columns {
		decl = append(decl, c.Name+" "+c.Type)
	}
	if fmt.Sprint(decl) != fmt.Sprint(want) {
		t.Errorf("declared %v\nwant %v", decl, want)
	}
	var line int64
	var file, value, msg string
	if err := db.QueryRow(`SELECT file, line, value, message_en FROM read_parquet(?)`, path).Scan(&file, &line, &value, &msg); err != nil {
		t.Fatal(err)
	}
	if file != "人口.csv" || line != 7 || value != "-3" || msg != "below 0" {
		t.Errorf("row read back: file %q line %d value %q message_en %q, want 人口.csv, 7, -3, below 0", file, line, value, msg)
	}
	// Every field is bound to a declared column.
	if _, err := new(QuarantineRow).fields(schemas.Quarantine().ColumnNames()); err != nil {
		t.Error(err)
	}
	if n := reflect.TypeOf(QuarantineRow{}).NumField(); n != len(want) {
		t.Errorf("QuarantineRow has %d fields for %d declared columns", n, len(want))
	}
}

// checkPageIndex checks that every column chunk of a file has a column
// index and an offset index, and that the community code and the hashed
// identity number have a bloom filter.
func checkPageIndex(t *testing.T, path string) {
	t.Helper()
	f, pf, err := openStaged(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for g, rg := range pf.Metadata().RowGroups {
		for _, c := range rg.Columns {
			name := strings.Join(c.MetaData.PathInSchema, ".")
			if c.ColumnIndexOffset == 0 || c.OffsetIndexOffset == 0 {
				t.Errorf("%s row group %d column %s: no page index (column index at %d, offset index at %d)",
					filepath.Base(path), g, name, c.ColumnIndexOffset, c.OffsetIndexOffset)
			}
			if (name == "community_code" || name == "id_number") && c.MetaData.BloomFilterOffset == 0 {
				t.Errorf("%s row group %d column %s: no bloom filter", filepath.Base(path), g, name)
			}
		}
	}
}

package pipelines

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"shequ/internal/warehouse"
)

// persons are the people of the person-level file of TestNoIdentifierSurvives.
var persons = []struct{ id, name, phone string }{
	{"440310199001011230", "张伟", "13800138000"},
	{"440310198512314562", "王芳", "13700137000"},
	{"440307197006157899", "刘强", "13600136000"},
	{"11010519491231002X", "陈静", "010-12345678"},
	{"440310197511112227", "杨军", "13500135000"}, // typed twice
	{"440310199001011231", "李娜", "13900139000"}, // bad check digit
	{"440310198808083337", "赵敏", "13300133000"}, // name in GBK in a UTF-8 file
}

// spare is a phone number in a column the schema does not know.
const spare = "18600186000"

// TestNoIdentifierSurvives ingests a person-level file with known
// identity numbers, names and phone numbers — good rows, a bad check
// digit, a number typed twice, a row with bytes invalid in the encoding, a
// column the schema does not know holding more phone numbers — and looks
// for each of them, and for the first 17 digits of each identity number,
// in everything the ingest leaves behind: every value of every Parquet
// file under the warehouse read through DuckDB as text, the Parquet
// statistics, the raw bytes of every file (manifests, journal, Parquet),
// the log, and the errors of the same file ingested without a key or
// without its header. It does so reading the file as one chunk and as one
// chunk per record.
func TestNoIdentifierSurvives(t *testing.T) {
	for _, chunk := range []int{1, DefaultChunkBytes} {
		t.Run(fmt.Sprintf("chunks of %d bytes", chunk), func(t *testing.T) { noIdentifierSurvives(t, chunk) })
	}
}

func noIdentifierSurvives(t *testing.T, chunk int) {
	dir := t.TempDir()
	var b bytes.Buffer
	b.WriteString("身份证号,姓名,联系电话,社区代码,性别,出生日期,户籍类型,备用电话\n")
	for i, p := range persons {
		name := []byte(p.name)
		if i == 6 {
			gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes(name)
			if err != nil {
				t.Fatal(err)
			}
			name = gbk
		}
		b.WriteString(p.id + ",")
		b.Write(name)
		b.WriteString("," + p.phone + ",440310001001,男,1990-01-01,户籍," + spare + "\n")
		if i == 4 {
			b.WriteString(strings.ToLower(p.id) + "," + p.name + "," + p.phone + ",440310001002,男,1975-11-11,户籍,\n")
		}
	}
	path := filepath.Join(dir, "人口个案.csv")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	headless := filepath.Join(dir, "无表头.csv")
	if err := os.WriteFile(headless, b.Bytes()[bytes.IndexByte(b.Bytes(), '\n')+1:], 0o644); err != nil {
		t.Fatal(err)
	}

	var log bytes.Buffer
	ing := newIngesterWith(t, corpusSchemas(t))
	ing.Log = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ing.ChunkBytes = chunk
	res, err := ing.File(context.Background(), Input{Source: "census_persons", Period: "2020", Path: path, Encoding: "utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	// Lines 2-5 good (张伟, 王芳, 刘强, 陈静); 6 and 7 carry the same
	// number (杨军, typed twice): duplicate_key, both; 8 a bad check digit
	// (李娜); 9 invalid bytes (赵敏 in GBK).
	m := res.Manifest
	if m.Accepted != 4 || m.Quarantined != 4 || m.Skipped != 0 {
		t.Errorf("accepted/quarantined/skipped = %d/%d/%d, want 4/4/0", m.Accepted, m.Quarantined, m.Skipped)
	}
	commit(t, ing)

	var outputs []string // every text the ingest produced
	outputs = append(outputs, log.String())
	for _, bad := range []Input{
		{Source: "census_persons", Period: "2020", Path: path, Encoding: "utf-8"},
		{Source: "census_persons", Period: "2020", Path: headless, Encoding: "utf-8"},
	} {
		other := newIngesterWith(t, corpusSchemas(t))
		if bad.Path == path {
			other.PIIKey = nil
		}
		_, err := other.File(context.Background(), bad)
		if err == nil {
			t.Fatalf("%s: no error", bad.Path)
		}
		if !errors.Is(err, ErrNoPIIKey) && !errors.Is(err, ErrNoHeader) {
			t.Errorf("%s: error %v, want ErrNoPIIKey or ErrNoHeader", bad.Path, err)
		}
		outputs = append(outputs, err.Error())
	}

	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	files := 0
	err = filepath.WalkDir(ing.Warehouse.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		outputs = append(outputs, string(data))
		if strings.HasSuffix(p, ".parquet") {
			outputs = append(outputs, parquetText(t, db, p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 4 { // marker, raw, quarantine, manifest
		t.Fatalf("only %d files under the warehouse", files)
	}
	all := strings.Join(outputs, "\n")
	if !strings.Contains(all, "[身份证号 18位, 已隐藏]") || !strings.Contains(all, "duplicate_key") {
		t.Fatalf("the quarantine was not read:\n%s", all)
	}
	for _, p := range persons {
		for _, needle := range []string{p.id, strings.ToLower(p.id), p.id[:17], p.name, p.phone, spare} {
			if i := strings.Index(all, needle); i >= 0 {
				t.Errorf("%q survives: …%s…", needle, all[max(0, i-80):min(len(all), i+80)])
			}
		}
	}
}

// parquetText returns every value of a Parquet file as text, and the
// file's column statistics.
func parquetText(t *testing.T, db *sql.DB, path string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT COLUMNS(*)::VARCHAR FROM read_parquet(" + warehouse.QuoteString(path) + ")",
		"SELECT path_in_schema::VARCHAR, stats_min::VARCHAR, stats_max::VARCHAR, stats_min_value::VARCHAR, stats_max_value::VARCHAR FROM parquet_metadata(" + warehouse.QuoteString(path) + ")",
		"SELECT key::VARCHAR, value::VARCHAR FROM parquet_kv_metadata(" + warehouse.QuoteString(path) + ")",
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				b.WriteString(v.String)
				b.WriteByte('\t')
			}
			b.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

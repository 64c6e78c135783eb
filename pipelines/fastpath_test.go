package pipelines

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shequ/internal/warehouse"
	"shequ/pipelines/values"
)

// fastVsGo ingests one file twice, through the fast path (taken for any
// size) and through the Go path, and returns the two results as text:
// the manifest counts, the error, and the accepted and quarantined rows
// in line order. It also reports whether the fast path was taken.
func fastVsGo(t *testing.T, db *sql.DB, source, path, encoding string) (fast, slow string, took bool) {
	t.Helper()
	one := func(disable bool) (string, bool) {
		ing := newIngester(t)
		ing.DisableFastPath = disable
		ing.FastPathMinBytes = 1
		res, err := ing.File(context.Background(), Input{Source: source, Period: "2020", Path: path, Encoding: encoding})
		if err != nil {
			return "error: " + err.Error(), ing.fastFiles > 0
		}
		commit(t, ing)
		m := res.Manifest
		var b strings.Builder
		fmt.Fprintf(&b, "rows_in=%d accepted=%d quarantined=%d skipped=%d skipped_by=%v header=%d unknown=%v format=%s encoding=%s sha256=%s bytes=%d\n",
			m.RowsIn, m.Accepted, m.Quarantined, m.Skipped, m.SkippedBy, m.HeaderLine, m.UnknownColumns, m.Format, m.Encoding, m.SHA256, m.Bytes)
		for _, layer := range []struct{ dir, order string }{
			{"raw", "source_sheet, source_line"},
			{"quarantine", `sheet, line, "column", rule, message_en`},
		} {
			p := filepath.Join(ing.Warehouse.Partition(layer.dir, m.Source, m.Period), m.FileID+".parquet")
			if _, err := os.Stat(p); err != nil {
				fmt.Fprintf(&b, "%s: none\n", layer.dir)
				continue
			}
			rows, err := db.Query("SELECT COLUMNS(* EXCLUDE (run_id))::VARCHAR FROM read_parquet(" + warehouse.QuoteString(p) + ") ORDER BY " + layer.order)
			if err != nil {
				// raw has no run_id column
				rows, err = db.Query("SELECT COLUMNS(*)::VARCHAR FROM read_parquet(" + warehouse.QuoteString(p) + ") ORDER BY " + layer.order)
			}
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			fmt.Fprintf(&b, "%s: %v\n", layer.dir, cols)
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
					if v.Valid {
						b.WriteString(v.String)
					} else {
						b.WriteString("NULL")
					}
					b.WriteByte('\t')
				}
				b.WriteByte('\n')
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
		}
		return b.String(), ing.fastFiles > 0
	}
	fast, took = one(false)
	slow, _ = one(true)
	return fast, slow, took
}

// TestFastPathSameAsGoPath ingests every text file of the corpus and of
// the sample exports through both paths and requires the same counts,
// errors, accepted rows and quarantine.
func TestFastPathSameAsGoPath(t *testing.T) {
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	type file struct{ source, path, encoding string }
	var files []file
	for _, tc := range corpus {
		if tc.sheet != "" || tc.noKey || strings.HasSuffix(tc.file, ".xlsx") {
			continue
		}
		files = append(files, file{tc.source, filepath.Join("testdata", "corpus", tc.file), tc.encoding})
	}
	sources := map[string]string{"人口": "census", "满意度调查": "survey", "社区名录": "communities", "社区工作力量": "staff",
		"社区活动": "activities", "网格": "grid", "网格事件": "grid_events", "资金项目": "funding"}
	exports, _ := filepath.Glob(filepath.Join("..", "testdata", "exports", "*", "*.csv"))
	for _, p := range exports {
		base := strings.TrimSuffix(filepath.Base(p), ".csv")
		base, _, _ = strings.Cut(base, "_")
		if s, ok := sources[base]; ok {
			files = append(files, file{s, p, ""})
		}
	}
	for _, f := range files {
		t.Run(f.path, func(t *testing.T) {
			fast, slow, _ := fastVsGo(t, db, f.source, f.path, f.encoding)
			if diff := cmp.Diff(slow, fast); diff != "" {
				t.Errorf("fast path differs from the Go path (-go +fast):\n%s", diff)
			}
		})
	}
}

// TestFastPathMessyPersons ingests a person-level file whose clean rows
// are mixed with messy ones (full-width digits, 万, thousands separators,
// bad check digits, lower-case x, nulls, totals rows, duplicates between
// clean and messy rows) in UTF-8 and GBK, and requires the fast path to
// be taken and to give what the Go path gives.
func TestFastPathMessyPersons(t *testing.T) {
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	div, err := testDivisions()
	if err != nil {
		t.Fatal(err)
	}
	codes := div.All()
	id := func(n int) string {
		s := fmt.Sprintf("44031019%02d%02d%02d%03d", 50+n%40, 1+n%12, 1+n%28, n%1000)
		check, _ := values.IDCheckChar(s)
		return s + string(check)
	}
	var b strings.Builder
	b.WriteString("人口个案登记表\n身份证号,姓名,联系电话,社区代码,性别,出生日期,户籍类型,户编号\n")
	for n := 0; n < 3000; n++ {
		code := codes[n%len(codes)].Code
		fmt.Fprintf(&b, "%s,王%d,1380000%04d,%s,%s,19%02d-%02d-%02d,%s,H-%d\n", id(n), n, n, code,
			[]string{"男", "女"}[n%2], 50+n%40, 1+n%12, 1+n%28, []string{"户籍", "非户籍"}[n%3/2], n/3)
	}
	code := codes[0].Code
	messy := []string{
		id(3001) + ",张三,13800000000,４４" + code[2:] + ",男,1980-01-01,户籍,H-1", // full-width digits in the code
		id(3002) + ",张三,13800000000," + code + ",男,1980/01/01,户籍,H-2",       // another date spelling
		id(3003) + ",张三,13800000000," + code + ",男,1980年1月1日,户籍,H-3",
		id(3004)[:17] + "0,李四,13800000000," + code + ",女,1980-01-01,户籍,H-4", // bad check digit (unless 0 is right)
		strings.ToLower(id(3005)) + ",李四,,," + "女,1980-02-30,户籍,H-5",        // missing code, impossible date
		id(10) + ",重复,13800000000," + code + ",男,1980-01-01,户籍,H-6",         // duplicate of a clean row
		" " + id(20) + " ,重复,13800000000," + code + ",男,1980-01-01,户籍,H-7",  // duplicate of a clean row, with spaces
		"合计,,,,,,,",
		",,,,,,,",
		id(3007) + ",赵六,13800000000," + code + ",未知,1980-01-01,户籍,H-8", // not an enum value
		id(3008) + ",赵六,13800000000," + code + ",男,—,无,H-9",            // nulls
		id(3009) + ",赵六,13800000000,1.2万,男,1980-01-01,户籍,H-10",         // 万 in a code
		id(3010) + ",孙七,13800000000," + code + ",男,1980-01-01,户籍,null",
		id(3011) + ",总计,13800000000," + code + ",男,1980-01-01,户籍,H-11",
		id(3012) + ",孙七,13800000000,440310999999,男,1980-01-01,户籍,H-12", // not a division
		id(3012) + ",孙七,13800000000," + code + ",男,1980-01-01,户籍,H-13", // same id as a rejected row: kept
		id(3013) + ",周八,13800000000," + code + ",男,1980-01-01,户籍,H-14",
		id(3013) + ",周八,13800000000," + code + ",男,1980-01-01,户籍,H-15", // clean duplicates of each other
		id(3013) + ",周八,13800000000," + code + ",男,1980-1-1,户籍,H-16",   // and a third, messy
	}
	for i, l := range messy {
		lines := strings.Split(b.String(), "\n")
		at := 300 + i*97
		lines = append(lines[:at], append([]string{l}, lines[at:]...)...)
		b.Reset()
		b.WriteString(strings.Join(lines, "\n"))
	}
	dir := t.TempDir()
	utf := filepath.Join(dir, "persons.csv")
	if err := os.WriteFile(utf, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	gb, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(b.String(), "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	gbPath := filepath.Join(dir, "persons-gbk.csv")
	if err := os.WriteFile(gbPath, gb, 0o644); err != nil {
		t.Fatal(err)
	}
	// A line with an extra field: that row goes through the Go validator.
	extra := filepath.Join(dir, "persons-extra-field.csv")
	if err := os.WriteFile(extra, []byte(strings.Replace(b.String(), ",H-14\n", ",H-14,1,200\n", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	// Every cell quoted, as some systems export, with quotes, delimiters
	// and line breaks inside cells; a multi-line header; quotes kept
	// where encoding/csv keeps them.
	var q strings.Builder
	for i, l := range strings.Split(b.String(), "\n") {
		if l == "" {
			continue
		}
		if i == 0 {
			q.WriteString(l + "\n")
			continue
		}
		cells := strings.Split(l, ",")
		for j, c := range cells {
			if i == 1 && j == 1 {
				c = "姓名\r\n(中文)" // a header cell with a line break
			}
			if i%50 == 7 && j == 1 {
				c = "王\"小\"明, 又名\n王明" // quotes, a comma and a line break in a name
			}
			if i%70 == 9 && j == 7 {
				c = "H\"Q" // a quote in a household id: messy
			}
			cells[j] = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
		}
		if i%90 == 11 {
			cells[2] = `13"5"`                 // a bare quote: kept as it is
			cells[7] = `"H-x"y` + cells[7][1:] // a quote inside a quoted cell
		}
		q.WriteString(strings.Join(cells, ",") + "\n")
	}
	quoted := filepath.Join(dir, "persons-quoted.csv")
	if err := os.WriteFile(quoted, []byte(q.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Blank lines in the middle and at the end: skipped as empty rows.
	blank := filepath.Join(dir, "persons-blank-lines.csv")
	withBlanks := strings.Replace(b.String(), ",H-14\n", ",H-14\n\n\n", 1) + "\n\r\n"
	if err := os.WriteFile(blank, []byte(withBlanks), 0o644); err != nil {
		t.Fatal(err)
	}
	// Bytes invalid in the encoding, in a name (a column never read) and in
	// a code: both rows go to quarantine for their bytes.
	badUTF := filepath.Join(dir, "persons-bad-bytes.csv")
	bad := strings.Replace(b.String(), ",王1000,", ",王\xff1000,", 1) // past the 64 KiB the encoding is detected from
	bad = strings.Replace(bad, ",赵六,", ",赵\xc3\x28六,", 1)
	if err := os.WriteFile(badUTF, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	badGB := filepath.Join(dir, "persons-bad-bytes-gbk.csv")
	badLine, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte("X,赵六,13800000000," + code + ",男,1980-01-01,户籍,H-99\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	badLine[0] = 0xff
	if err := os.WriteFile(badGB, append(gb, badLine...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A blank line and a short totals row first below the header: the
	// number of fields comes from the rows after them.
	odd := filepath.Join(dir, "persons-odd-first.csv")
	head, rest, _ := strings.Cut(b.String(), "户编号\n")
	if err := os.WriteFile(odd, []byte(head+"户编号\n\n合计,3000\n"+rest), 0o644); err != nil {
		t.Fatal(err)
	}
	// The whole file sent twice over: every key repeats.
	twice := filepath.Join(dir, "persons-twice.csv")
	_, body, _ := strings.Cut(b.String(), "户编号\n")
	if err := os.WriteFile(twice, []byte(b.String()+body), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{utf, gbPath, extra, quoted, blank, badUTF, badGB, odd, twice} {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if p == twice {
				// Read the repeated rows in one more pass, not one by one.
				defer func(n int) { manyCandidates = n }(manyCandidates)
				manyCandidates = 100
			}
			fast, slow, took := fastVsGo(t, db, "census_persons", p, "")
			if !took {
				t.Fatalf("the fast path was not taken")
			}
			if diff := cmp.Diff(slow, fast); diff != "" {
				t.Errorf("fast path differs from the Go path (-go +fast):\n%s", diff)
			}
			content, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if sum := fmt.Sprintf("sha256=%x bytes=%d", sha256.Sum256(content), len(content)); !strings.Contains(fast, sum) {
				t.Errorf("the manifest lacks %s:\n%.300s", sum, fast)
			}
			if (p == badUTF || p == badGB) && !strings.Contains(slow, "\tencoding\t") {
				t.Errorf("no row quarantined for its bytes:\n%.2000s", slow)
			}
			if !strings.Contains(slow, "duplicate_key") || !strings.Contains(slow, "id_check_digit") {
				t.Errorf("the file lacks the duplicates or bad check digits it should have:\n%.2000s", slow)
			}
		})
	}
}

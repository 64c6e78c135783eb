package samplegen

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestPersons checks a small person-level census: the row count, every ID
// number well formed with a valid MOD 11-2 check digit and agreeing with
// the birth date, sex and district, every community real, phones of the
// right shape, households of the district's size, and the GBK variant
// decoding to exactly the UTF-8 file.
func TestPersons(t *testing.T) {
	const n = 20000
	dir := t.TempDir()
	s, err := Generate(context.Background(), Options{Out: filepath.Join(dir, "utf8"), Seed: 3, Persons: n})
	if err != nil {
		t.Fatal(err)
	}
	last := s.Files[len(s.Files)-1]
	if last.Path != personsFile || last.Rows != n {
		t.Errorf("last file %+v, want %s with %d rows", last, personsFile, n)
	}
	if _, err := Generate(context.Background(), Options{Out: filepath.Join(dir, "gbk"), Seed: 3, Persons: n, PersonsEncoding: "gbk"}); err != nil {
		t.Fatal(err)
	}
	utf, err := os.ReadFile(filepath.Join(dir, "utf8", personsFile))
	if err != nil {
		t.Fatal(err)
	}
	gbk, err := os.ReadFile(filepath.Join(dir, "gbk", personsFile))
	if err != nil {
		t.Fatal(err)
	}

	t.Run("gbk decodes to the utf-8 file", func(t *testing.T) {
		if utf8.Valid(gbk) {
			t.Error("GBK file is valid UTF-8")
		}
		dec, err := simplifiedchinese.GBK.NewDecoder().Bytes(gbk)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(dec, utf) {
			t.Errorf("decoded GBK differs from UTF-8: %s", firstDiff(utf, dec))
		}
	})

	ix, err := loadDivisions()
	if err != nil {
		t.Fatal(err)
	}
	tb := readCSV(t, filepath.Join(dir, "utf8", personsFile), false)
	if got := strings.Join(tb.header, ","); got != strings.Join(headerPersons, ",") {
		t.Errorf("header %q", got)
	}
	if len(tb.rows) != n {
		t.Fatalf("%d rows, want %d", len(tb.rows), n)
	}
	idRE := regexp.MustCompile(`^\d{17}[\dX]$`)
	phoneRE := regexp.MustCompile(`^1[3-9]\d{9}$`)
	dateRE := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	persons, households := map[string]int{}, map[string]map[string]bool{}
	registered := map[string]int{}
	ids := map[string]bool{}
	for k, r := range tb.rows {
		id, name, phone, code, sex, birth, hukou, hh := r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]
		line := tb.lines[k]
		if !idRE.MatchString(id) || idCheck([]byte(id)) != id[17] {
			t.Fatalf("line %d: ID %q malformed or bad check digit", line, id)
		}
		if ids[id] {
			t.Errorf("line %d: ID %s repeated", line, id)
		}
		ids[id] = true
		c, ok := ix.Lookup(code)
		if !ok || strings.Contains(c.Name, "虚拟") {
			t.Fatalf("line %d: community %q not a real, populated community", line, code)
		}
		if id[:6] != c.DistrictCode {
			t.Errorf("line %d: ID region %s, community's district %s", line, id[:6], c.DistrictCode)
		}
		if !dateRE.MatchString(birth) || id[6:14] != strings.ReplaceAll(birth, "-", "") || birth > "2020-11-01" {
			t.Errorf("line %d: birth date %q, ID %s", line, birth, id)
		}
		if male := (id[16]-'0')%2 == 1; (sex == "男") != male || (sex != "男" && sex != "女") {
			t.Errorf("line %d: sex %q, ID sequence %s", line, sex, id[14:17])
		}
		if n := utf8.RuneCountInString(name); n < 2 || n > 4 {
			t.Errorf("line %d: name %q", line, name)
		}
		if !phoneRE.MatchString(phone) {
			t.Errorf("line %d: phone %q", line, phone)
		}
		if hukou != "户籍" && hukou != "非户籍" {
			t.Errorf("line %d: 户籍类型 %q", line, hukou)
		}
		if !strings.HasPrefix(hh, c.StreetCode+"-") {
			t.Errorf("line %d: 户编号 %q not under street %s", line, hh, c.StreetCode)
		}
		d := c.DistrictCode
		persons[d]++
		if households[d] == nil {
			households[d] = map[string]bool{}
		}
		households[d][hh] = true
		if hukou == "户籍" {
			registered[d]++
		}
	}

	// Published 2020 figures: census county residents per household and
	// registered shares (checked in TestGenerate and TestGenerateScale).
	for _, want := range []struct {
		district      string
		perHousehold  float64
		registeredPct float64
	}{
		{"440310", 551333.0 / 209256, 84590.0 / 551333},
		{"320402", 668906.0 / 250802, 343337.0 / 668906},
	} {
		d := want.district
		got := float64(persons[d]) / float64(len(households[d]))
		if math.Abs(got/want.perHousehold-1) > 0.05 {
			t.Errorf("district %s: %.2f persons per household, want about %.2f", d, got, want.perHousehold)
		}
		share := float64(registered[d]) / float64(persons[d])
		if math.Abs(share-want.registeredPct) > 0.04 {
			t.Errorf("district %s: registered share %.3f, want about %.3f", d, share, want.registeredPct)
		}
	}
	if persons["440305"] == 0 {
		t.Error("no persons in Zhaoshang")
	}
}

func TestPersonsOptions(t *testing.T) {
	for _, opts := range []Options{{Out: t.TempDir(), Persons: -1}, {Out: t.TempDir(), Persons: 1, PersonsEncoding: "latin1"}} {
		if _, err := Generate(context.Background(), opts); !errors.Is(err, ErrOptions) {
			t.Errorf("Generate(%+v) error = %v, want ErrOptions", opts, err)
		}
	}
}

func TestIDCheck(t *testing.T) {
	// The example of GB 11643-1999: 11010519491231002X.
	for _, id := range []string{"11010519491231002X", "440524188001010014"} {
		if got := idCheck([]byte(id)); got != id[17] {
			t.Errorf("idCheck(%s) = %c, want %c", id[:17], got, id[17])
		}
	}
}

// BenchmarkPersons writes a million person rows to a file, as `shequ gen
// --persons 1000000` does, and reports rows per second.
func BenchmarkPersons(b *testing.B) {
	plans, err := buildPlans(1, 1)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1_000_000
	for _, enc := range []string{"utf-8", "gbk"} {
		b.Run(enc, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "persons.csv")
			var size int64
			for b.Loop() {
				f, err := os.Create(path)
				if err != nil {
					b.Fatal(err)
				}
				cw := &countingWriter{w: f}
				if err := writePersons(context.Background(), cw, plans, n, enc == "gbk", 1); err != nil {
					b.Fatal(err)
				}
				if err := f.Close(); err != nil {
					b.Fatal(err)
				}
				size = cw.n
			}
			b.SetBytes(size)
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

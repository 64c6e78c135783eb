package samplegen

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"gopkg.in/yaml.v3"

	"shequ/internal/divisions"
)

// The expected totals below are published figures, not read from the
// generator: Pingshan 2015 from model-facts (670,000 residents, 51,500
// registered, 24 service centres), Pingshan and Tianning 2020 from the 2020
// census (checked with awk in ../census2020/census2020_test.go).

// sample is one generated sample read back from disk.
type sample struct {
	dir     string
	summary Summary
	ix      *divisions.Index
}

func generate(t *testing.T, dir string, seed int64, scale float64) *sample {
	t.Helper()
	s, err := Generate(context.Background(), Options{Out: dir, Seed: seed, Scale: scale})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := loadDivisions()
	if err != nil {
		t.Fatal(err)
	}
	return &sample{dir: dir, summary: s, ix: ix}
}

// loadDivisions loads the division index once for all tests.
var loadDivisions = sync.OnceValues(divisions.Load)

// table is a CSV file read back: its header and its data rows by line.
type table struct {
	header []string
	rows   [][]string
	lines  []int
}

// readCSV reads a generated CSV the way ingest must: strip a BOM, decode
// GBK when asked, accept CRLF.
func readCSV(t *testing.T, path string, gbk bool) table {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if gbk {
		if data, err = simplifiedchinese.GBK.NewDecoder().Bytes(data); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1 // the mark line has one field
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// Line 1 is the synthetic-data mark (TestSyntheticMark), line 2 the
	// header.
	if len(recs) < 2 || len(recs[0]) != 1 || !strings.HasPrefix(recs[0][0], "【模拟数据 SYNTHETIC】") {
		t.Fatalf("%s: line 1 is %q, want the synthetic-data mark", path, recs[0])
	}
	tb := table{header: recs[1], rows: recs[2:]}
	for i := range tb.rows {
		tb.lines = append(tb.lines, i+3) // no field spans lines
	}
	return tb
}

func (tb table) col(t *testing.T, name string) int {
	t.Helper()
	i := slices.Index(tb.header, name)
	if i < 0 {
		t.Fatalf("no column %q in %q", name, tb.header)
	}
	return i
}

// num parses a count, with or without thousands separators.
func num(t *testing.T, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(strings.ReplaceAll(s, ",", ""), 10, 64)
	if err != nil {
		t.Fatalf("count %q: %v", s, err)
	}
	return v
}

type censusFile struct {
	name string
	gbk  bool
}

var censusFiles = []censusFile{{"人口_坪山区.csv", false}, {"人口_天宁区.csv", true}, {"人口_招商街道.csv", false}}

// censusRow is a population row with its verdict under the ingest rules.
type censusRow struct {
	line                                   int
	code                                   string
	residents, registered, nonRegistered   int64
	households, age0to14, age15to59, age60 int64
	problem                                string // "" for a good row
}

// readCensus reads a population export and judges each row by the census
// schema's rules: a real 12-digit code, counts ≥ 0, registered ≤ residents.
func (s *sample) readCensus(t *testing.T, period string, f censusFile) []censusRow {
	t.Helper()
	tb := readCSV(t, filepath.Join(s.dir, period, f.name), f.gbk)
	var out []censusRow
	for k, rec := range tb.rows {
		r := censusRow{line: tb.lines[k], code: rec[0],
			residents: num(t, rec[2]), registered: num(t, rec[3]), nonRegistered: num(t, rec[4]),
			households: num(t, rec[5]), age0to14: num(t, rec[6]), age15to59: num(t, rec[7]), age60: num(t, rec[8])}
		switch _, real := s.ix.Lookup(r.code); {
		case !real:
			r.problem = "code"
		case r.residents < 0:
			r.problem = "negative"
		case r.registered > r.residents:
			r.problem = "registered"
		}
		out = append(out, r)
	}
	return out
}

// sheet is the facility ledger of one period read back with excelize.
type sheetData struct {
	header []string
	rows   [][]string // data rows, from sheet row sheetHeaderRow+1
}

func (s *sample) readSheet(t *testing.T, period string) sheetData {
	t.Helper()
	return s.readWorkbook(t, period, "服务设施.xlsx", "设施台账", period+"年社区服务设施台账")
}

// readWorkbook reads the one sheet of a generated workbook, checking its
// title row.
func (s *sample) readWorkbook(t *testing.T, period, file, sheet, title string) sheetData {
	t.Helper()
	f, err := excelize.OpenFile(filepath.Join(s.dir, period, file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	if got := rows[1][0]; got != title {
		t.Errorf("%s title = %q, want %q", file, got, title)
	}
	return sheetData{header: rows[sheetHeaderRow-1], rows: rows[sheetHeaderRow:]}
}

// readAffairs reads the community affairs list of a period.
func (s *sample) readAffairs(t *testing.T, period string) sheetData {
	t.Helper()
	return s.readWorkbook(t, period, "社区工作事项清单.xlsx", "事项清单", period+"年社区工作事项清单")
}

func TestGenerate(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	for _, tc := range []struct {
		name  string
		check func(t *testing.T, s *sample)
	}{
		{"pingshan 2015 calibrated to model-facts", func(t *testing.T, s *sample) {
			res, reg, _ := s.censusTotals(t, "2015", censusFiles[0])
			if res != 670000 || reg != 51500 {
				t.Errorf("residents, registered = %d, %d; want 670000, 51500", res, reg)
			}
		}},
		{"pingshan 2020 calibrated to the census", func(t *testing.T, s *sample) {
			res, _, hh := s.censusTotals(t, "2020", censusFiles[0])
			if res != 551333 || hh != 209256 {
				t.Errorf("residents, households = %d, %d; want 551333, 209256", res, hh)
			}
		}},
		{"tianning 2015 calibrated to model-facts", func(t *testing.T, s *sample) {
			if res, _, _ := s.censusTotals(t, "2015", censusFiles[1]); res != 690000 {
				t.Errorf("residents = %d, want 690000", res)
			}
		}},
		{"tianning 2020 calibrated to the census", func(t *testing.T, s *sample) {
			res, _, hh := s.censusTotals(t, "2020", censusFiles[1])
			if res != 668906 || hh != 250802 {
				t.Errorf("residents, households = %d, %d; want 668906, 250802", res, hh)
			}
		}},
		{"zhaoshang 2015 calibrated to model-facts", func(t *testing.T, s *sample) {
			if res, _, _ := s.censusTotals(t, "2015", censusFiles[2]); res != 150000 {
				t.Errorf("residents = %d, want 150000", res)
			}
		}},
		{"24 pingshan party-mass centres in 2015", func(t *testing.T, s *sample) {
			sh := s.readSheet(t, "2015")
			code, typ, area := slices.Index(sh.header, "社区代码"), slices.Index(sh.header, "设施类型"), slices.Index(sh.header, "建筑面积(平方米)")
			var n int
			for _, r := range sh.rows {
				a, err := strconv.ParseFloat(r[area], 64)
				if err != nil || a < 0 {
					continue
				}
				if strings.HasPrefix(r[code], "440310") && r[typ] == "党群服务中心" {
					n++
				}
			}
			if n != 24 {
				t.Errorf("pingshan 党群服务中心 = %d, want 24", n)
			}
		}},
		{"every code is real except the injected rows", func(t *testing.T, s *sample) {
			var fake []BadRow
			for _, period := range []string{"2015", "2020"} {
				for _, f := range slices.Concat(censusFiles, []censusFile{{"社区名录.csv", false}, {"社区工作力量.csv", false},
					{"网格.csv", false}, {"资金项目.csv", false}, {"社区活动.csv", false}, {"网格事件.csv", false}, {"满意度调查.csv", false}}) {
					tb := readCSV(t, filepath.Join(s.dir, period, f.name), f.gbk)
					c := tb.col(t, "社区代码")
					for k, r := range tb.rows {
						if _, ok := s.ix.Lookup(r[c]); !ok {
							fake = append(fake, BadRow{File: period + "/" + f.name, Line: tb.lines[k]})
						}
					}
				}
				for file, sh := range map[string]sheetData{"服务设施.xlsx": s.readSheet(t, period), "社区工作事项清单.xlsx": s.readAffairs(t, period)} {
					c := slices.Index(sh.header, "社区代码")
					for k, r := range sh.rows {
						if _, ok := s.ix.Lookup(r[c]); !ok {
							fake = append(fake, BadRow{File: period + "/" + file, Line: sheetHeaderRow + 1 + k})
						}
					}
				}
			}
			sortRows(fake)
			want := []BadRow{{File: "2015/人口_坪山区.csv"}, {File: "2015/社区工作事项清单.xlsx"}, {File: "2015/资金项目.csv"}}
			for i := range want {
				want[i].Line = s.badLine(t, want[i].File, "digits", "not a real")
			}
			if !slices.Equal(fake, want) {
				t.Errorf("rows with unknown codes = %v, want %v", fake, want)
			}
		}},
		{"age bands sum to residents in every good row", func(t *testing.T, s *sample) {
			for _, period := range []string{"2015", "2020"} {
				for _, f := range censusFiles {
					for _, r := range s.readCensus(t, period, f) {
						if r.problem != "" {
							continue
						}
						if sum := r.age0to14 + r.age15to59 + r.age60; sum != r.residents {
							t.Errorf("%s/%s line %d: ages sum to %d, residents %d", period, f.name, r.line, sum, r.residents)
						}
						if r.registered+r.nonRegistered != r.residents {
							t.Errorf("%s/%s line %d: registered + non-registered = %d, residents %d", period, f.name, r.line, r.registered+r.nonRegistered, r.residents)
						}
						if r.households > r.residents {
							t.Errorf("%s/%s line %d: %d households for %d residents", period, f.name, r.line, r.households, r.residents)
						}
					}
				}
			}
		}},
		{"bad rows found by the rules are the ones listed", func(t *testing.T, s *sample) {
			var found []BadRow
			for _, period := range []string{"2015", "2020"} {
				for _, f := range censusFiles {
					for _, r := range s.readCensus(t, period, f) {
						if r.problem != "" {
							found = append(found, BadRow{File: period + "/" + f.name, Line: r.line})
						}
					}
				}
				sh := s.readSheet(t, period)
				area, activity := slices.Index(sh.header, "建筑面积(平方米)"), slices.Index(sh.header, "居民活动用房面积(平方米)")
				for k, r := range sh.rows {
					a, err := strconv.ParseFloat(r[area], 64)
					act, aerr := strconv.ParseFloat(at(r, activity), 64)
					if err != nil || a < 0 || aerr == nil && act > a {
						found = append(found, BadRow{File: period + "/服务设施.xlsx", Line: sheetHeaderRow + 1 + k})
					}
				}
				// The affairs list: a real code, and 是 or 否 where the
				// schema allows nothing else.
				af := s.readAffairs(t, period)
				code, reviewed, contracted := slices.Index(af.header, "社区代码"), slices.Index(af.header, "是否经准入审核"), slices.Index(af.header, "是否委托社会组织")
				for k, r := range af.rows {
					_, real := s.ix.Lookup(r[code])
					if !real || !slices.Contains([]string{"是", "否"}, r[reviewed]) || !slices.Contains([]string{"是", "否"}, r[contracted]) {
						found = append(found, BadRow{File: period + "/社区工作事项清单.xlsx", Line: sheetHeaderRow + 1 + k})
					}
				}
				tb := readCSV(t, filepath.Join(s.dir, period, "资金项目.csv"), false)
				for k, r := range tb.rows {
					if _, ok := s.ix.Lookup(r[tb.col(t, "社区代码")]); !ok {
						found = append(found, BadRow{File: period + "/资金项目.csv", Line: tb.lines[k]})
					}
				}
				for _, src := range append(s.newSources(t, period), s.readOrgs(t, period), s.readVolunteers(t, period)) {
					for _, r := range src.rows {
						if r.problem != "" {
							found = append(found, BadRow{File: period + "/" + src.name, Line: r.line})
						}
					}
				}
			}
			var listed []BadRow
			for _, b := range s.summary.BadRows {
				if b.Problem == "" {
					t.Errorf("bad row %s:%d has no problem", b.File, b.Line)
				}
				listed = append(listed, BadRow{File: b.File, Line: b.Line})
			}
			sortRows(found)
			sortRows(listed)
			if !slices.Equal(found, listed) {
				t.Errorf("bad rows in the files %v, listed in Summary %v", found, listed)
			}
			if len(listed) != 16 {
				t.Errorf("%d bad rows, want 16 (3 census, 2 facility, 1 funding, 1 activity, 1 grid event, 1 survey, 3 social organisations, 2 volunteers, 2 affairs)", len(listed))
			}
		}},
		{"the virtual community has no residents and nothing else", func(t *testing.T, s *sample) {
			const virtual = "440310401498"
			for _, period := range []string{"2015", "2020"} {
				var seen bool
				for _, r := range s.readCensus(t, period, censusFiles[0]) {
					if r.code == virtual {
						seen = true
						if r.residents != 0 || r.households != 0 {
							t.Errorf("%s: virtual community has %d residents, %d households", period, r.residents, r.households)
						}
					}
				}
				if !seen {
					t.Errorf("%s: virtual community missing from the census", period)
				}
				for _, name := range []string{"社区工作力量.csv", "网格.csv", "资金项目.csv", "社区活动.csv", "网格事件.csv", "满意度调查.csv"} {
					tb := readCSV(t, filepath.Join(s.dir, period, name), false)
					for _, r := range tb.rows {
						if r[tb.col(t, "社区代码")] == virtual {
							t.Errorf("%s/%s has a row for the virtual community", period, name)
						}
					}
				}
			}
		}},
		{"community register lists all 161 communities with a BOM", func(t *testing.T, s *sample) {
			raw, err := os.ReadFile(filepath.Join(s.dir, "2020", "社区名录.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(raw, []byte("\ufeff【模拟数据 SYNTHETIC】")) || !bytes.Contains(raw, []byte("\n社区代码,")) {
				t.Errorf("社区名录.csv starts %q, want a BOM, the synthetic-data mark and the header", raw[:40])
			}
			tb := readCSV(t, filepath.Join(s.dir, "2020", "社区名录.csv"), false)
			class := tb.col(t, "城乡分类代码")
			counts := map[string]int{}
			for _, r := range tb.rows {
				counts[r[class]]++
			}
			// 161 = 25 Pingshan + 125 Tianning + 11 Zhaoshang; 45 of Tianning's are 村委会.
			if len(tb.rows) != 161 || counts["111"] != 116 || counts["220"] != 45 {
				t.Errorf("%d communities, classes %v; want 161 of which 116 urban, 45 villages", len(tb.rows), counts)
			}
		}},
		{"GBK file is not UTF-8 but decodes", func(t *testing.T, s *sample) {
			raw, err := os.ReadFile(filepath.Join(s.dir, "2020", "人口_天宁区.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if utf8.Valid(raw) {
				t.Error("人口_天宁区.csv is valid UTF-8, want GBK")
			}
			tb := readCSV(t, filepath.Join(s.dir, "2020", "人口_天宁区.csv"), true)
			if tb.header[1] != "社区名称" || tb.rows[0][1] != "朝阳花园社区" {
				t.Errorf("decoded header %q, first row %q", tb.header, tb.rows[0])
			}
		}},
		{"line ends and number formats as exported", func(t *testing.T, s *sample) {
			zs, err := os.ReadFile(filepath.Join(s.dir, "2020", "人口_招商街道.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if n, crlf := bytes.Count(zs, []byte("\n")), bytes.Count(zs, []byte("\r\n")); n != 13 || crlf != n {
				t.Errorf("招商 file has %d lines, %d CRLF; want 13 (mark, header, 11 communities), all CRLF", n, crlf)
			}
			ps, err := os.ReadFile(filepath.Join(s.dir, "2020", "人口_坪山区.csv"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(ps, []byte(`,"`)) || bytes.Contains(ps, []byte("\r")) {
				t.Error("坪山 file has no quoted thousands-separated numbers, or has CR")
			}
		}},
		{"shequ.yaml lists every file and the three models", func(t *testing.T, s *sample) {
			var cfg struct {
				Warehouse  string
				PIIKeyFile string `yaml:"pii_key_file"`
				Sources    []struct {
					Source, Period, Sheet string
					Files                 []string
				}
				Models []struct {
					ID     string `yaml:"id"`
					NameZh string `yaml:"name_zh"`
					Areas  []string
				}
			}
			raw, err := os.ReadFile(filepath.Join(s.dir, "shequ.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			if err := yaml.Unmarshal(raw, &cfg); err != nil {
				t.Fatal(err)
			}
			if len(cfg.Sources) != 24 || len(cfg.Models) != 3 || cfg.Models[2].Areas[0] != "440305006" {
				t.Errorf("config has %d sources, models %+v", len(cfg.Sources), cfg.Models)
			}
			var sources []string
			for _, src := range cfg.Sources[:10] {
				sources = append(sources, src.Source)
			}
			if want := "communities census facilities staff grid funding activities grid_events survey community_affairs"; strings.Join(sources, " ") != want {
				t.Errorf("sources of 2015 %q, want %q", sources, want)
			}
			// The civic sources follow the affairs list: the register as a
			// CSV in 2015 and a workbook sheet in 2020, and the volunteers,
			// hashed under the sample's key file.
			var civic []string
			for _, src := range append(cfg.Sources[10:12:12], cfg.Sources[22:]...) {
				civic = append(civic, src.Period+" "+src.Source+" "+strings.Join(src.Files, ",")+" "+src.Sheet)
			}
			if want := []string{"2015 social_orgs 2015/社区社会组织.csv ", "2015 volunteers 2015/志愿者注册.csv ",
				"2020 social_orgs 2020/社区社会组织.xlsx 社会组织台账", "2020 volunteers 2020/志愿者注册.csv "}; !slices.Equal(civic, want) {
				t.Errorf("civic sources %q, want %q", civic, want)
			}
			if cfg.PIIKeyFile != "pii.key" {
				t.Errorf("pii_key_file %q, want pii.key", cfg.PIIKeyFile)
			}
			if key, err := os.ReadFile(filepath.Join(s.dir, "pii.key")); err != nil || len(bytes.TrimSpace(key)) < 16 {
				t.Errorf("pii.key: %q, %v; want a key of at least 16 bytes", key, err)
			}
			var matched int
			for _, src := range cfg.Sources {
				for _, pat := range src.Files {
					m, err := filepath.Glob(filepath.Join(s.dir, filepath.FromSlash(pat)))
					if err != nil || len(m) == 0 {
						t.Errorf("source %s %s: %q matches nothing", src.Source, src.Period, pat)
					}
					matched += len(m)
				}
			}
			if want := len(s.summary.Files) - 4; matched != want { // all but shequ.yaml, README.txt, pii.key and the Jiangsu plan
				t.Errorf("config matches %d files, want %d", matched, want)
			}
		}},
		{"summary row counts match the files", func(t *testing.T, s *sample) {
			for _, f := range s.summary.Files {
				var got int
				switch {
				case strings.HasSuffix(f.Path, orgsCSV) || strings.HasSuffix(f.Path, orgsWorkbook):
					got = len(s.readOrgs(t, filepath.Dir(f.Path)).rows)
				case strings.HasSuffix(f.Path, ".csv"):
					got = len(readCSV(t, filepath.Join(s.dir, f.Path), strings.Contains(f.Path, "天宁")).rows)
				case strings.HasSuffix(f.Path, "社区工作事项清单.xlsx"):
					got = len(s.readAffairs(t, filepath.Dir(f.Path)).rows)
				case strings.HasSuffix(f.Path, ".xlsx"):
					got = len(s.readSheet(t, filepath.Dir(f.Path)).rows)
				default:
					continue
				}
				if got != f.Rows {
					t.Errorf("%s: %d rows, Summary says %d", f.Path, got, f.Rows)
				}
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, s) })
	}
}

// censusTotals sums the good rows of one population export.
func (s *sample) censusTotals(t *testing.T, period string, f censusFile) (residents, registered, households int64) {
	t.Helper()
	for _, r := range s.readCensus(t, period, f) {
		if r.problem == "" {
			residents += r.residents
			registered += r.registered
			households += r.households
		}
	}
	return residents, registered, households
}

// badLine returns the line Summary gives for the bad row of file whose
// problem mentions one of words.
func (s *sample) badLine(t *testing.T, file string, words ...string) int {
	t.Helper()
	for _, b := range s.summary.BadRows {
		for _, w := range words {
			if b.File == file && strings.Contains(b.Problem, w) {
				return b.Line
			}
		}
	}
	t.Fatalf("no bad row in %s mentioning %q", file, words)
	return 0
}

func sortRows(rows []BadRow) {
	slices.SortFunc(rows, func(a, b BadRow) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

// TestSignatures checks, on the files, that each model shows the indicator
// signature models.md describes.
func TestSignatures(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	const period = "2020"
	model := func(code string) string {
		switch {
		case strings.HasPrefix(code, "440310"):
			return "pingshan"
		case strings.HasPrefix(code, "320402"):
			return "tianning"
		case strings.HasPrefix(code, "440305006"):
			return "zhaoshang"
		}
		return ""
	}
	residents := map[string]int64{}
	households := map[string]int64{}
	for _, f := range censusFiles {
		for _, r := range s.readCensus(t, period, f) {
			residents[r.code] = r.residents
			households[r.code] = r.households
		}
	}
	workers, res := map[string]int64{}, map[string]int64{}
	staff := readCSV(t, filepath.Join(s.dir, period, "社区工作力量.csv"), false)
	for _, r := range staff.rows {
		m := model(r[0])
		workers[m] += num(t, r[staff.col(t, "社区工作者(人)")])
		res[m] += residents[r[0]]
	}
	nonGov, total := map[string]int64{}, map[string]int64{}
	funding := readCSV(t, filepath.Join(s.dir, period, "资金项目.csv"), false)
	for _, r := range funding.rows {
		m, a := model(r[1]), num(t, r[funding.col(t, "金额(元)")])
		total[m] += a
		switch r[funding.col(t, "资金渠道")] {
		case "社区基金", "企业/个人捐赠", "服务收费":
			nonGov[m] += a
		}
	}
	sh := s.readSheet(t, period)
	hasCentre, area := map[string]bool{}, map[string]float64{}
	for _, r := range sh.rows {
		a, _ := strconv.ParseFloat(r[4], 64)
		area[r[1]] += a
		if r[3] == "党群服务中心" || r[3] == "社区服务中心" {
			hasCentre[r[1]] = true
		}
	}
	register := readCSV(t, filepath.Join(s.dir, period, "社区名录.csv"), false)
	var zhenglu, zhengluCovered, urbanUncovered, villagesBelow int
	for _, r := range register.rows {
		code, village := r[0], r[6] == "220"
		if model(code) != "tianning" {
			continue
		}
		switch {
		case strings.HasPrefix(code, "320402109") && village:
			zhenglu++
			if hasCentre[code] {
				zhengluCovered++
			}
		case !hasCentre[code]:
			urbanUncovered++
		}
		if village && area[code]/float64(households[code])*100 < areaStandard {
			villagesBelow++
		}
	}

	density := func(m string) float64 { return float64(workers[m]) / float64(res[m]) * 10000 }
	share := func(m string) float64 { return float64(nonGov[m]) / float64(total[m]) }
	for _, tc := range []struct {
		name string
		ok   bool
		got  any
	}{
		{"pingshan community workers at or above the standard", density("pingshan") >= communityWorkerStandard, density("pingshan")},
		{"tianning community workers at or above the standard", density("tianning") >= communityWorkerStandard, density("tianning")},
		{"zhaoshang community workers below the standard", density("zhaoshang") < communityWorkerStandard, density("zhaoshang")},
		{"zhaoshang non-government funding 30-40%", share("zhaoshang") >= 0.30 && share("zhaoshang") <= 0.40, share("zhaoshang")},
		{"pingshan funding mostly government", share("pingshan") < 0.05, share("pingshan")},
		{"zhenglu villages about 60% covered", zhenglu == 23 && zhengluCovered == 14, fmt.Sprintf("%d of %d", zhengluCovered, zhenglu)},
		{"tianning streets fully covered", urbanUncovered == 0, urbanUncovered},
		{"some tianning villages below 30 m² per 100 households", villagesBelow > 0 && villagesBelow < 45, villagesBelow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.ok {
				t.Errorf("got %v", tc.got)
			}
		})
	}
}

func TestGenerateScale(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 0.1)
	for _, tc := range []struct {
		period       string
		file         censusFile
		res, reg, hh int64
	}{
		{"2015", censusFiles[0], 67000, 5150, 25430},  // 670,000 × 0.1; 51,500 × 0.1; 67,000 × 209,256 / 551,333
		{"2020", censusFiles[0], 55133, 8459, 20926},  // census × 0.1, registered 84,590 × 55,133 / 551,333
		{"2020", censusFiles[1], 66891, 34334, 25080}, // census × 0.1
	} {
		t.Run(tc.period+"/"+tc.file.name, func(t *testing.T) {
			res, reg, hh := s.censusTotals(t, tc.period, tc.file)
			if res != tc.res || reg != tc.reg || hh != tc.hh {
				t.Errorf("residents, registered, households = %d, %d, %d; want %d, %d, %d", res, reg, hh, tc.res, tc.reg, tc.hh)
			}
		})
	}
}

func TestGenerateOptions(t *testing.T) {
	for _, opts := range []Options{{}, {Out: t.TempDir(), Scale: -1}} {
		if _, err := Generate(context.Background(), opts); !errors.Is(err, ErrOptions) {
			t.Errorf("Generate(%+v) error = %v, want ErrOptions", opts, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Generate(ctx, Options{Out: t.TempDir()}); !errors.Is(err, context.Canceled) {
		t.Errorf("Generate with a cancelled context: error = %v, want context.Canceled", err)
	}
}

func TestDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	generate(t, a, 1, 1)
	generate(t, b, 1, 1)
	generate(t, c, 2, 1)
	if diffs := compareDirs(t, a, b); len(diffs) > 0 {
		t.Errorf("same seed, different output:\n%s", strings.Join(diffs, "\n"))
	}
	diffs := compareDirs(t, a, c)
	var csvDiffs int
	for _, d := range diffs {
		if strings.Contains(d, ".csv") {
			csvDiffs++
		}
	}
	if csvDiffs == 0 {
		t.Error("seeds 1 and 2 give identical CSV files")
	}
}

var update = flag.Bool("update", false, "rewrite ../../testdata/exports from seed 1")

// fixtureDir holds the sample exports that other packages' tests read.
const fixtureDir = "../../testdata/exports"

// TestFixture keeps ../../testdata/exports equal to what Generate writes for
// seed 1 at scale 1: every CSV, YAML and text file byte for byte and every
// workbook cell by cell. After changing the generator on purpose, rewrite
// the fixture with
//
//	go test ./internal/samplegen -run TestFixture -update
func TestFixture(t *testing.T) {
	if *update {
		if err := os.RemoveAll(fixtureDir); err != nil {
			t.Fatal(err)
		}
		generate(t, fixtureDir, 1, 1)
	}
	got := t.TempDir()
	generate(t, got, 1, 1)
	if diffs := compareDirs(t, fixtureDir, got); len(diffs) > 0 {
		t.Errorf("%s is stale (rerun with -update if the change is intended):\n%s", fixtureDir, strings.Join(diffs, "\n"))
	}
	var size int64
	err := filepath.WalkDir(fixtureDir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		size += info.Size()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if size > 1750<<10 {
		t.Errorf("fixture is %d bytes, keep it well under 2 MB", size)
	}
}

// compareDirs lists the differences between two generated samples.
func compareDirs(t *testing.T, want, got string) []string {
	t.Helper()
	wantFiles, gotFiles := listFiles(t, want), listFiles(t, got)
	var diffs []string
	for _, f := range wantFiles {
		if !slices.Contains(gotFiles, f) {
			diffs = append(diffs, f+": missing from "+got)
		}
	}
	for _, f := range gotFiles {
		if !slices.Contains(wantFiles, f) {
			diffs = append(diffs, f+": not in "+want)
			continue
		}
		a, b := filepath.Join(want, f), filepath.Join(got, f)
		if strings.HasSuffix(f, ".xlsx") {
			diffs = append(diffs, compareWorkbooks(t, f, a, b)...)
			continue
		}
		da, err := os.ReadFile(a)
		if err != nil {
			t.Fatal(err)
		}
		db, err := os.ReadFile(b)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(da, db) {
			diffs = append(diffs, f+": "+firstDiff(da, db))
		}
	}
	return diffs
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func firstDiff(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range max(len(la), len(lb)) {
		var x, y []byte
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if !bytes.Equal(x, y) {
			return fmt.Sprintf("line %d: want %q, got %q", i+1, x, y)
		}
	}
	return "differs"
}

// compareWorkbooks compares sheet names, merged ranges, and every cell's
// raw value and type.
func compareWorkbooks(t *testing.T, name, want, got string) []string {
	t.Helper()
	open := func(p string) *excelize.File {
		f, err := excelize.OpenFile(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	fa, fb := open(want), open(got)
	if a, b := fa.GetSheetList(), fb.GetSheetList(); !slices.Equal(a, b) {
		return []string{fmt.Sprintf("%s: sheets %q, got %q", name, a, b)}
	}
	var diffs []string
	for _, sh := range fa.GetSheetList() {
		ma, err := fa.GetMergeCells(sh)
		if err != nil {
			t.Fatal(err)
		}
		mb, err := fb.GetMergeCells(sh)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(ma) != fmt.Sprint(mb) {
			diffs = append(diffs, fmt.Sprintf("%s %s: merged cells %v, got %v", name, sh, ma, mb))
		}
		ra, err := fa.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		rb, err := fb.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := range max(len(ra), len(rb)) {
			var a, b []string
			if r < len(ra) {
				a = ra[r]
			}
			if r < len(rb) {
				b = rb[r]
			}
			for c := range max(len(a), len(b)) {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				va, vb := at(a, c), at(b, c)
				if va != vb {
					diffs = append(diffs, fmt.Sprintf("%s %s!%s: want %q, got %q", name, sh, cell, va, vb))
					continue
				}
				ta, err := fa.GetCellType(sh, cell)
				if err != nil {
					t.Fatal(err)
				}
				tb, err := fb.GetCellType(sh, cell)
				if err != nil {
					t.Fatal(err)
				}
				if ta != tb {
					diffs = append(diffs, fmt.Sprintf("%s %s!%s: type %v, got %v", name, sh, cell, ta, tb))
				}
			}
		}
	}
	return diffs
}

func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

func TestAllocate(t *testing.T) {
	for _, tc := range []struct {
		name    string
		total   int64
		weights []float64
		caps    []int64
		want    []int64
		wantErr bool
	}{
		{name: "proportional", total: 10, weights: []float64{1, 1, 2}, want: []int64{3, 2, 5}},
		{name: "largest remainder", total: 7, weights: []float64{1, 1, 1}, want: []int64{3, 2, 2}},
		{name: "zero weight gets nothing", total: 5, weights: []float64{0, 1}, want: []int64{0, 5}},
		{name: "capped share spills over", total: 10, weights: []float64{9, 1}, caps: []int64{4, 10}, want: []int64{4, 6}},
		{name: "zero total", total: 0, weights: []float64{1}, want: []int64{0}},
		{name: "over capacity", total: 10, weights: []float64{1, 1}, caps: []int64{3, 3}, wantErr: true},
		{name: "no weight", total: 1, weights: []float64{0, 0}, wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := allocate(tc.total, tc.weights, tc.caps)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error = %v, want error %v", err, tc.wantErr)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("allocate(%d, %v, %v) = %v, want %v", tc.total, tc.weights, tc.caps, got, tc.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct{ community, typ, short, facility string }{
		{"六联社区居委会", "党群服务中心", "六联社区", "六联社区党群服务中心"},
		{"红梅假日花苑社区居委会", "社区服务中心", "红梅假日花苑社区", "红梅假日花苑社区服务中心"},
		{"徐家村村委会", "社区服务站", "徐家村", "徐家村社区服务站"},
		{"东青社区居委会（含东青村村委）", "文体活动室", "东青社区", "东青社区文体活动室"},
		{"雕庄街道园区(管理区）", "社康中心", "雕庄街道园区", "雕庄街道园区社康中心"},
	} {
		if got := shortName(tc.community); got != tc.short {
			t.Errorf("shortName(%q) = %q, want %q", tc.community, got, tc.short)
		}
		if got := facilityName(tc.community, tc.typ); got != tc.facility {
			t.Errorf("facilityName(%q, %q) = %q, want %q", tc.community, tc.typ, got, tc.facility)
		}
	}
}

func TestThousands(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {12345, "12,345"}, {1234567, "1,234,567"}, {-29771, "-29,771"}} {
		if got := thousands(tc.in); got != tc.want {
			t.Errorf("thousands(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// judgedRow is a data row of one of the sources 社区活动, 网格事件 and
// 满意度调查 with its verdict under the source's rules: "" for a good row.
type judgedRow struct {
	line    int
	cells   []string
	problem string
}

type judgedFile struct {
	name  string
	table table
	rows  []judgedRow
}

var (
	activityTypes   = []string{"文体活动", "志愿服务", "议事协商", "教育培训", "便民服务", "节日活动"}
	activityOrgs    = []string{"社区", "社会组织", "居民自组织"}
	eventCategories = []string{"治安隐患", "环境卫生", "矛盾纠纷", "消防安全", "市政设施", "民生服务"}
	dateISORE       = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	dateSlashRE     = regexp.MustCompile(`^(\d{4})/(\d{1,2})/(\d{1,2})$`)
	dateChineseRE   = regexp.MustCompile(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`)
)

// parseActivityDate reads the three date styles of the activity ledgers
// and names the style.
func parseActivityDate(s string) (time.Time, string, bool) {
	for _, f := range []struct {
		style string
		re    *regexp.Regexp
	}{{"iso", dateISORE}, {"slash", dateSlashRE}, {"chinese", dateChineseRE}} {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		tm := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if tm.Year() != y || int(tm.Month()) != mo || tm.Day() != d {
			return time.Time{}, "", false
		}
		return tm, f.style, true
	}
	return time.Time{}, "", false
}

// newSources reads 社区活动, 网格事件 and 满意度调查 of period and judges each
// row by the rules their ingest schemas hold them to: a real community,
// known categories, dates in the period, counts ≥ 0 with non-registered ≤
// all, a grid of the same period's 网格.csv in the same community, 办结时间
// given exactly for 已办结 and not before 上报时间, scores 1–5.
func (s *sample) newSources(t *testing.T, period string) []judgedFile {
	t.Helper()
	year, _ := strconv.Atoi(period)
	grids := map[string]string{} // grid → community
	gt := readCSV(t, filepath.Join(s.dir, period, "网格.csv"), false)
	for _, r := range gt.rows {
		grids[r[0]] = r[1]
	}
	real := func(code string) bool { _, ok := s.ix.Lookup(code); return ok }
	count := func(v string) (int64, bool) {
		n, err := strconv.ParseInt(v, 10, 64)
		return n, err == nil && n >= 0
	}
	rules := map[string]func(r []string) string{
		"社区活动.csv": func(r []string) string {
			day, _, ok := parseActivityDate(r[4])
			visits, okV := count(r[5])
			nonReg, okN := count(r[6])
			switch {
			case !real(r[1]):
				return "community"
			case !slices.Contains(activityTypes, r[3]) || !slices.Contains(activityOrgs, r[7]) || r[2] == "":
				return "category"
			case !ok || day.Year() != year:
				return "date"
			case !okV || !okN:
				return "count"
			case nonReg > visits:
				return "non-registered exceeds all"
			}
			return ""
		},
		"网格事件.csv": func(r []string) string {
			reported, errR := time.Parse("2006-01-02 15:04", r[4])
			switch {
			case !real(r[2]):
				return "community"
			case grids[r[1]] != r[2]:
				return "grid"
			case !slices.Contains(eventCategories, r[3]):
				return "category"
			case errR != nil || reported.Year() != year:
				return "reported"
			}
			switch r[6] {
			case "已办结":
				closed, err := time.Parse("2006-01-02 15:04", r[5])
				if err != nil {
					return "closed"
				}
				if closed.Before(reported) {
					return "closed before reported"
				}
			case "办理中", "已退回":
				if r[5] != "" {
					return "closed time on an open event"
				}
			default:
				return "status"
			}
			return ""
		},
		"满意度调查.csv": func(r []string) string {
			if !real(r[1]) {
				return "community"
			}
			if r[2] != "户籍" && r[2] != "非户籍" {
				return "hukou"
			}
			for _, v := range r[3:7] {
				if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 5 {
					return "score"
				}
			}
			return ""
		},
	}
	var out []judgedFile
	for _, f := range []struct {
		name   string
		header []string
	}{{"社区活动.csv", headerActivities}, {"网格事件.csv", headerEvents}, {"满意度调查.csv", headerSurvey}} {
		tb := readCSV(t, filepath.Join(s.dir, period, f.name), false)
		if !slices.Equal(tb.header, f.header) {
			t.Fatalf("%s/%s header %q, want %q", period, f.name, tb.header, f.header)
		}
		jf := judgedFile{name: f.name, table: tb}
		for k, r := range tb.rows {
			if len(r) != len(f.header) {
				t.Fatalf("%s/%s line %d has %d cells", period, f.name, tb.lines[k], len(r))
			}
			jf.rows = append(jf.rows, judgedRow{line: tb.lines[k], cells: r, problem: rules[f.name](r)})
		}
		out = append(out, jf)
	}
	return out
}

// TestSources checks the activity, grid-event and survey exports beyond
// their rules: who has rows, how many, the mixed date styles, the unique
// numbers, and that each injected bad row breaks the rule it names.
func TestSources(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	for _, period := range []string{"2015", "2020"} {
		populated := map[string]bool{}
		for _, f := range censusFiles {
			for _, r := range s.readCensus(t, period, f) {
				if r.problem == "" && r.residents > 0 {
					populated[r.code] = true
				}
			}
		}
		files := s.newSources(t, period)
		for _, f := range files {
			t.Run(period+"/"+f.name, func(t *testing.T) {
				perCommunity := map[string]int{}
				ids := map[string]bool{}
				for _, r := range f.rows {
					if ids[r.cells[0]] {
						t.Errorf("line %d: number %s repeated", r.line, r.cells[0])
					}
					ids[r.cells[0]] = true
					if r.problem == "" {
						perCommunity[r.cells[slices.Index(f.table.header, "社区代码")]]++
					}
				}
				for code := range perCommunity {
					if !populated[code] {
						t.Errorf("rows for %s, which has no residents", code)
					}
				}
				switch f.name {
				case "社区活动.csv":
					for code := range populated {
						if perCommunity[code] < minActivities {
							t.Errorf("community %s has %d activities, want at least %d", code, perCommunity[code], minActivities)
						}
					}
					styles := map[string]int{}
					for _, r := range f.rows {
						_, style, _ := parseActivityDate(r.cells[4])
						styles[style]++
					}
					if styles["slash"] == 0 || styles["chinese"] == 0 || styles["iso"] < 10*(styles["slash"]+styles["chinese"]) {
						t.Errorf("date styles %v, want mostly ISO and a few of the others", styles)
					}
				case "网格事件.csv":
					if len(f.rows) < 500 {
						t.Errorf("%d events, want hundreds", len(f.rows))
					}
				case "满意度调查.csv":
					for code := range populated {
						if n := perCommunity[code]; n < respondentsPerCommunity[0] || n > respondentsPerCommunity[1] {
							t.Errorf("community %s has %d respondents, want %d–%d", code, n, respondentsPerCommunity[0], respondentsPerCommunity[1])
						}
					}
				}
			})
		}
	}
	t.Run("bad rows break the rule they name", func(t *testing.T) {
		want := map[string]string{
			"2015/社区活动.csv":  "non-registered exceeds all",
			"2015/网格事件.csv":  "closed before reported",
			"2015/满意度调查.csv": "score",
		}
		for _, f := range s.newSources(t, "2015") {
			line := s.badLine(t, "2015/"+f.name, "exceeds", "before", "outside")
			for _, r := range f.rows {
				if r.line == line && r.problem != want["2015/"+f.name] {
					t.Errorf("2015/%s line %d breaks %q, want %q", f.name, line, r.problem, want["2015/"+f.name])
				}
			}
		}
	})
}

// TestServiceSignatures checks, on the files, the signatures the models are
// given in activities, grid events and the satisfaction survey (models.md
// and the assumptions in models.go): reach of non-registered residents,
// resident self-organisation, event handling and satisfaction.
func TestServiceSignatures(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	model := func(code string) string {
		switch {
		case strings.HasPrefix(code, "440310"):
			return "pingshan"
		case strings.HasPrefix(code, "320402"):
			return "tianning"
		case strings.HasPrefix(code, "440305006"):
			return "zhaoshang"
		}
		return ""
	}
	type stats struct {
		residents, registered     int64
		visits, nonRegVisits      int64
		activities, selfOrganised int
		events, closed            int
		hours                     []float64
		satisfied, respondents    [2]int // registered, non-registered
	}
	got := map[string]map[string]*stats{} // period → model
	for _, period := range []string{"2015", "2020"} {
		got[period] = map[string]*stats{}
		for _, m := range []string{"pingshan", "tianning", "zhaoshang"} {
			got[period][m] = &stats{}
		}
		for _, f := range censusFiles {
			for _, r := range s.readCensus(t, period, f) {
				if r.problem == "" {
					st := got[period][model(r.code)]
					st.residents += r.residents
					st.registered += r.registered
				}
			}
		}
		for _, f := range s.newSources(t, period) {
			for _, r := range f.rows {
				if r.problem != "" {
					continue
				}
				c := r.cells
				switch f.name {
				case "社区活动.csv":
					st := got[period][model(c[1])]
					st.visits += num(t, c[5])
					st.nonRegVisits += num(t, c[6])
					st.activities++
					if c[7] == "居民自组织" {
						st.selfOrganised++
					}
				case "网格事件.csv":
					st := got[period][model(c[2])]
					st.events++
					if c[6] == "已办结" {
						st.closed++
						a, _ := time.Parse("2006-01-02 15:04", c[4])
						b, _ := time.Parse("2006-01-02 15:04", c[5])
						st.hours = append(st.hours, b.Sub(a).Hours())
					}
				case "满意度调查.csv":
					st := got[period][model(c[1])]
					g := 0
					if c[2] == "非户籍" {
						g = 1
					}
					st.respondents[g]++
					if c[3] == "4" || c[3] == "5" {
						st.satisfied[g]++
					}
				}
			}
		}
	}
	median := func(v []float64) float64 {
		v = slices.Clone(v)
		slices.Sort(v)
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	share := func(a, b int) float64 { return float64(a) / float64(b) }
	satisfied := func(st *stats) float64 {
		return share(st.satisfied[0]+st.satisfied[1], st.respondents[0]+st.respondents[1])
	}
	type check struct {
		name string
		ok   bool
		got  any
	}
	var checks []check
	for _, period := range []string{"2015", "2020"} {
		for _, m := range []string{"pingshan", "tianning", "zhaoshang"} {
			st := got[period][m]
			perResident := float64(st.visits) / float64(st.residents)
			parity := float64(st.nonRegVisits) / float64(st.visits) / (float64(st.residents-st.registered) / float64(st.residents))
			checks = append(checks,
				check{period + " " + m + " 0.5–3 person-visits per resident", perResident >= 0.5 && perResident <= 3, perResident},
				check{period + " " + m + " non-registered reach below parity", parity > 0.4 && parity < 1, parity},
				check{period + " " + m + " over 75% satisfied (2005 national baseline)", satisfied(st) > 0.75, satisfied(st)},
			)
		}
		ps, tn, zs := got[period]["pingshan"], got[period]["tianning"], got[period]["zhaoshang"]
		parity := float64(ps.nonRegVisits) / float64(ps.visits) / (float64(ps.residents-ps.registered) / float64(ps.residents))
		gap := share(ps.satisfied[0], ps.respondents[0]) - share(ps.satisfied[1], ps.respondents[1])
		self := func(st *stats) float64 { return share(st.selfOrganised, st.activities) }
		checks = append(checks,
			check{period + " pingshan reach parity 0.6–0.8", parity >= 0.6 && parity <= 0.8, parity},
			check{period + " self-organised activities: zhaoshang > tianning > pingshan", self(zs) > self(tn) && self(tn) > self(ps),
				[]float64{self(ps), self(tn), self(zs)}},
			check{period + " tianning closes events in 20–30 h", median(tn.hours) >= 20 && median(tn.hours) <= 30, median(tn.hours)},
			check{period + " pingshan closes events in 30–40 h", median(ps.hours) >= 30 && median(ps.hours) <= 40, median(ps.hours)},
			check{period + " zhaoshang closes events in about 40 h", median(zs.hours) >= 35 && median(zs.hours) <= 45, median(zs.hours)},
			check{period + " closure rates about 95%, 92%, 90%", math.Abs(share(tn.closed, tn.events)-0.95) < 0.01 &&
				math.Abs(share(ps.closed, ps.events)-0.92) < 0.01 && math.Abs(share(zs.closed, zs.events)-0.90) < 0.02,
				[]float64{share(tn.closed, tn.events), share(ps.closed, ps.events), share(zs.closed, zs.events)}},
			check{period + " tianning most satisfied", satisfied(tn) > satisfied(ps) && satisfied(tn) > satisfied(zs),
				[]float64{satisfied(ps), satisfied(tn), satisfied(zs)}},
			check{period + " pingshan non-registered a few points less satisfied", gap >= 0.02 && gap <= 0.10, gap},
		)
	}
	tn15, tn20 := satisfied(got["2015"]["tianning"]), satisfied(got["2020"]["tianning"])
	checks = append(checks, check{"tianning satisfaction rises 2015 → 2020", tn20 > tn15+0.03, []float64{tn15, tn20}})
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if !c.ok {
				t.Errorf("got %v", c.got)
			}
		})
	}
}

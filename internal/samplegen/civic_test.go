package samplegen

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/values"
)

// readOrgs reads the social-organisation register of a period back: the
// GBK CSV of 2015 or the workbook of 2020, each row judged by the
// social_orgs schema's rules (a real 12-digit code, 登记 or 备案, a status
// of the enum, a calendar date, 是 or 否). Workbook dates come back as the
// reader formats them and are parsed from that.
func (s *sample) readOrgs(t *testing.T, period string) judgedFile {
	t.Helper()
	year, _ := strconv.Atoi(period)
	file, sheet := orgsFile(year)
	var tb table
	if sheet == "" {
		tb = readCSV(t, filepath.Join(s.dir, period, file), true)
	} else {
		f, err := excelize.OpenFile(filepath.Join(s.dir, period, file), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := rows[1][0], period+"年社区社会组织登记备案台账"; got != want {
			t.Errorf("title = %q, want %q", got, want)
		}
		tb.header = rows[sheetHeaderRow-1]
		for k, r := range rows[sheetHeaderRow:] {
			// Excel's day 1 is 1900-01-01 and counts the 29 February 1900
			// that never was: serial 25569 is 1970-01-01.
			if serial, err := strconv.Atoi(r[foundedCell]); err == nil {
				r[foundedCell] = time.Unix(int64(serial-25569)*86400, 0).UTC().Format(time.DateOnly)
			}
			tb.rows = append(tb.rows, r)
			tb.lines = append(tb.lines, sheetHeaderRow+1+k)
		}
	}
	if !slices.Equal(tb.header, headerOrgs) {
		t.Fatalf("%s/%s header %q, want %q", period, file, tb.header, headerOrgs)
	}
	jf := judgedFile{name: file, table: tb}
	for k, r := range tb.rows {
		problem := ""
		_, dateErr := time.Parse(time.DateOnly, r[5])
		switch {
		case !s.real(r[2]):
			problem = "community"
		case r[4] != "登记" && r[4] != "备案":
			problem = "registration"
		case dateErr != nil:
			problem = "date"
		case !slices.Contains([]string{"正常", "停止活动", "注销", "撤销"}, r[6]) || (r[7] != "是" && r[7] != "否"):
			problem = "enum"
		}
		jf.rows = append(jf.rows, judgedRow{line: tb.lines[k], cells: r, problem: problem})
	}
	return jf
}

func (s *sample) real(code string) bool { _, ok := s.ix.Lookup(code); return ok }

// readVolunteers reads the volunteer extract of a period back, each row
// judged by the volunteers schema's rules: an 18-character identity number
// with the right check character, a real code, a date, hours 0–3000.
func (s *sample) readVolunteers(t *testing.T, period string) judgedFile {
	t.Helper()
	tb := readCSV(t, filepath.Join(s.dir, period, volunteersCSV), false)
	if !slices.Equal(tb.header, headerVolunteers) {
		t.Fatalf("%s/%s header %q, want %q", period, volunteersCSV, tb.header, headerVolunteers)
	}
	jf := judgedFile{name: volunteersCSV, table: tb}
	for k, r := range tb.rows {
		problem := ""
		hours, err := strconv.ParseFloat(r[5], 64)
		_, dateErr := time.Parse(time.DateOnly, r[4])
		if dateErr != nil {
			_, dateErr = time.Parse("2006/1/2", r[4])
		}
		var check byte
		ok := len(r[0]) == 18
		if ok {
			check, ok = values.IDCheckChar(r[0][:17])
		}
		switch {
		case !ok:
			problem = "id format"
		case check != r[0][17]:
			problem = "id check"
		case !s.real(r[3]):
			problem = "community"
		case dateErr != nil:
			problem = "date"
		case err != nil || hours < 0 || hours > 3000:
			problem = "hours"
		}
		jf.rows = append(jf.rows, judgedRow{line: tb.lines[k], cells: r, problem: problem})
	}
	return jf
}

// TestCivic checks the social-organisation registers and the volunteer
// extracts: their formats, the bad rows, stable organisations across the
// periods, unique identity numbers, and the models' signatures against
// the assumptions in models.go and models_civic.go.
func TestCivic(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	model := func(code string) string {
		switch {
		case strings.HasPrefix(code, "440310"):
			return "pingshan"
		case strings.HasPrefix(code, "320402"):
			return "tianning"
		}
		return "zhaoshang"
	}
	params := map[string]modelParams{}
	for _, m := range models() {
		params[m.id] = m
	}
	t.Run("formats", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(s.dir, "2015", orgsCSV))
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(raw) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
			t.Errorf("2015/%s: want GBK with CRLF line ends", orgsCSV)
		}
		raw, err = os.ReadFile(filepath.Join(s.dir, "2020", volunteersCSV))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(raw, []byte("\ufeff")) {
			t.Errorf("2020/%s: want a UTF-8 byte-order mark", volunteersCSV)
		}
	})
	t.Run("bad rows break the rule they name", func(t *testing.T) {
		want := map[string]string{
			"11 digits": "community", "已备案": "registration", "not a date": "date",
			"check digit": "id check", "negative": "hours",
		}
		got := map[string]string{}
		for _, f := range []judgedFile{s.readOrgs(t, "2015"), s.readVolunteers(t, "2015")} {
			for word := range want {
				for _, b := range s.summary.BadRows {
					if b.File != "2015/"+f.name || !strings.Contains(b.Problem, word) {
						continue
					}
					for _, r := range f.rows {
						if r.line == b.Line {
							got[word] = r.problem
						}
					}
				}
			}
			for _, r := range f.rows {
				if r.problem != "" && !slices.ContainsFunc(s.summary.BadRows, func(b BadRow) bool { return b.File == "2015/"+f.name && b.Line == r.line }) {
					t.Errorf("2015/%s line %d breaks %q but is not listed", f.name, r.line, r.problem)
				}
			}
		}
		for word, rule := range want {
			if got[word] != rule {
				t.Errorf("bad row %q breaks %q, want %q", word, got[word], rule)
			}
		}
		for _, period := range []string{"2020"} {
			for _, f := range []judgedFile{s.readOrgs(t, period), s.readVolunteers(t, period)} {
				for _, r := range f.rows {
					if r.problem != "" {
						t.Errorf("%s/%s line %d: %s; want the clean period clean", period, f.name, r.line, r.problem)
					}
				}
			}
		}
	})
	t.Run("organisations", func(t *testing.T) {
		type key struct{ model, period string }
		active, contracted := map[key]int{}, map[key]int{}
		urban, village := map[key]int{}, map[key]int{}
		villages := map[string]bool{}
		tb := readCSV(t, filepath.Join(s.dir, "2020", "社区名录.csv"), false)
		for _, r := range tb.rows {
			if r[tb.col(t, "城乡分类代码")] == "220" {
				villages[r[0]] = true
			}
		}
		names := map[string]string{}
		for _, period := range []string{"2015", "2020"} {
			ids := map[string]bool{}
			for _, r := range s.readOrgs(t, period).rows {
				id := r.cells[0]
				if ids[id] {
					t.Errorf("%s line %d: organisation %s repeated", period, r.line, id)
				}
				ids[id] = true
				if r.problem != "" {
					continue
				}
				// The same organisation keeps its name in both registers.
				if n, ok := names[id]; ok && n != r.cells[1] {
					t.Errorf("%s: %s named %q in 2015, %q in 2020", period, id, n, r.cells[1])
				}
				names[id] = r.cells[1]
				if r.cells[6] != "正常" {
					if r.cells[7] != "否" {
						t.Errorf("%s line %d: a closed organisation runs a contracted service", period, r.line)
					}
					continue
				}
				k := key{model(r.cells[2]), period}
				active[k]++
				if r.cells[7] == "是" {
					contracted[k]++
				}
				if villages[r.cells[2]] {
					village[k]++
				} else {
					urban[k]++
				}
			}
		}
		// Communities with residents: Pingshan 24 (the virtual one has
		// none), Tianning 80 urban and 45 villages, Zhaoshang 11.
		urbanN := map[string]float64{"pingshan": 24, "tianning": 80, "zhaoshang": 11}
		for _, m := range []string{"pingshan", "tianning", "zhaoshang"} {
			for i, period := range []string{"2015", "2020"} {
				k := key{m, period}
				// The mean of a uniform draw per community, within 15%.
				if got, want := float64(urban[k])/urbanN[m], (params[m].orgsUrban[i][0]+params[m].orgsUrban[i][1])/2; math.Abs(got-want) > 0.15*want {
					t.Errorf("%s %s: %.2f active organisations per urban community, want about %.2f", m, period, got, want)
				}
				if got, want := float64(contracted[k])/float64(active[k]), params[m].orgsContracted[i]; math.Abs(got-want) > 0.08 {
					t.Errorf("%s %s: %.3f of active organisations contracted, want about %.2f", m, period, got, want)
				}
			}
		}
		// Tianning: incubation puts its urban communities above the 2020
		// target of 10, its villages around the rural target of 5.
		if got := float64(urban[key{"tianning", "2020"}]) / 80; got < orgTargetUrban {
			t.Errorf("tianning 2020: %.2f per urban community, want at least %d", got, orgTargetUrban)
		}
		if got := float64(village[key{"tianning", "2020"}]) / 45; math.Abs(got-orgTargetRural) > 1 {
			t.Errorf("tianning 2020: %.2f per village, want about %d", got, orgTargetRural)
		}
	})
	t.Run("volunteers", func(t *testing.T) {
		residents := map[string]map[string]int64{}
		for _, period := range []string{"2015", "2020"} {
			residents[period] = map[string]int64{}
			for _, f := range censusFiles {
				for _, r := range s.readCensus(t, period, f) {
					if r.problem == "" {
						residents[period][model(r.code)] += r.residents
					}
				}
			}
		}
		for i, period := range []string{"2015", "2020"} {
			ids := map[string]bool{}
			count := map[string]int{}
			for _, r := range s.readVolunteers(t, period).rows {
				if ids[r.cells[0]] {
					t.Errorf("%s line %d: identity number repeated", period, r.line)
				}
				ids[r.cells[0]] = true
				if r.problem == "" {
					count[model(r.cells[3])]++
				}
			}
			for m, n := range count {
				// The modelled share × the export share, within 30%: each
				// community's count is jittered (σ 0.3) and drawn, so with
				// Zhaoshang's 11 communities and under 200 rows the relative
				// spread of a model's total is about 12%.
				want := float64(residents[period][m]) * params[m].volunteerShare[i] * volunteerExportShare
				if math.Abs(float64(n)-want) > 0.3*want {
					t.Errorf("%s %s: %d volunteers, want about %.0f", m, period, n, want)
				}
			}
		}
	})
}

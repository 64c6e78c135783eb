package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// expectedCharts are the data-chart ids the HTML report must have, worked
// out from the warehouse.
func expectedCharts(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var want []string
	// A 0/1 coverage indicator (centre_coverage*, with a standard or, the
	// one of all communities, against the urban and rural targets) is
	// drawn as the share of communities covered per model and per street;
	// the others with a standard community by community (the demo's 161
	// communities are few enough).
	for _, r := range rows(t, db, `
SELECT c.indicator_id FROM indicator_catalog c
WHERE c.kind = 'indicator' AND (c.standard_op IS NOT NULL OR starts_with(c.indicator_id, 'centre_coverage'))
  AND EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = c.indicator_id AND v.period = '2020' AND v.value IS NOT NULL)`) {
		if id := r[0].(string); strings.HasPrefix(id, "centre_coverage") {
			want = append(want, "coverage-models-"+id, "coverage-streets-"+id)
		} else {
			want = append(want, "bars-"+id)
		}
	}
	// A dumbbell of the change since 2015 for every indicator with a
	// better direction.
	for _, r := range rows(t, db, `SELECT DISTINCT x.indicator_id FROM indicator_changes x JOIN indicator_catalog c USING (indicator_id)
WHERE x.period = '2020' AND x.scope = 'all' AND c.direction <> 'neutral'`) {
		want = append(want, "change-"+r[0].(string))
	}
	// The maps of the share within 10 minutes' walk and of the facility
	// area, when the communities have coordinates.
	if rows(t, db, `SELECT count(lat) FROM communities WHERE period = '2020'`)[0][0].(int64) > 0 {
		want = append(want, "map-walk_500m_share", "map-floor_area_per_100hh")
	}
	if len(want) > 0 {
		want = append(want, "model-standard")
	}
	for _, r := range rows(t, db, `SELECT DISTINCT indicator_id FROM lorenz_points WHERE period = '2020' AND scope = 'model'`) {
		want = append(want, "lorenz-"+r[0].(string))
	}
	// One Theil chart per theilPerChart indicators: theil, theil-2, …
	n := rows(t, db, `
SELECT count(DISTINCT t.indicator_id) FROM equalization t
JOIN equalization b ON b.period = t.period AND b.scope = t.scope AND b.scope_id = t.scope_id AND b.indicator_id = t.indicator_id
                    AND b.measure = 'theil_t_between' AND b.value IS NOT NULL
WHERE t.period = '2020' AND t.measure = 'theil_t' AND t.value > 0 AND t.scope IN ('all', 'model')`)[0][0].(int64)
	for i := int64(0); i*theilPerChart < n; i++ {
		if i == 0 {
			want = append(want, "theil")
		} else {
			want = append(want, fmt.Sprintf("theil-%d", i+1))
		}
	}
	if rows(t, db, `SELECT count(*) FROM indicator_scope_values WHERE period = '2020' AND value IS NOT NULL
		AND indicator_id IN ('walk_300m_share', 'walk_500m_share', 'walk_1000m_share')`)[0][0].(int64) > 0 {
		want = append(want, "walk")
	}
	sort.Strings(want)
	return want
}

var (
	chartAttr = regexp.MustCompile(`<svg[^>]* data-chart="([^"]+)"`)
	linkAttr  = regexp.MustCompile(`(?i)\s(src|href|xlink:href|srcset|poster|action|data)\s*=\s*"([^"]*)"`)
)

// chartIDs are the data-chart ids of the svg elements in a page.
func chartIDs(page string) []string {
	var ids []string
	for _, m := range chartAttr.FindAllStringSubmatch(page, -1) {
		ids = append(ids, m[1])
	}
	sort.Strings(ids)
	return ids
}

// TestHTMLSelfContained checks the HTML report as text: nothing loaded
// from anywhere, print rules, every expected chart, labels from the
// catalog, and the provenance footer.
func TestHTMLSelfContained(t *testing.T) {
	db := openDB(t, dbPath)
	cat := readCatalog(t, db)
	want := expectedCharts(t, db)
	runID := rows(t, db, `SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1`)[0][0].(string)
	for _, lang := range []string{LangZh, LangEn} {
		t.Run(lang, func(t *testing.T) {
			res := write(t, db, Options{Lang: lang})
			wantName := map[string]string{LangZh: "report_2020.html", LangEn: "report_2020_en.html"}[lang]
			if filepath.Base(res.HTML) != wantName {
				t.Errorf("report %s, want %s", res.HTML, wantName)
			}
			b, err := os.ReadFile(res.HTML)
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			lower := strings.ToLower(page)
			for _, banned := range []string{"<script", "<iframe", "<object", "<embed", "<img", "@import", "url(", "<base"} {
				if strings.Contains(lower, banned) {
					t.Errorf("the report contains %q", banned)
				}
			}
			for _, m := range linkAttr.FindAllStringSubmatch(page, -1) {
				if v := m[2]; !strings.HasPrefix(v, "#") && v != "data:," {
					t.Errorf("the report refers to %s=%q", m[1], v)
				}
			}
			for _, s := range []string{"@page", "size: A4", "break-inside: avoid", `<meta charset="utf-8">`} {
				if !strings.Contains(page, s) {
					t.Errorf("the report lacks %q", s)
				}
			}
			if got := chartIDs(page); !slices.Equal(got, want) {
				t.Errorf("charts %q, want %q", got, want)
			}
			got := append([]string{}, res.Charts...)
			sort.Strings(got)
			if !slices.Equal(got, want) {
				t.Errorf("Result.Charts %q, want %q", got, want)
			}
			for _, c := range cat {
				if !strings.Contains(page, c.name(lang)) {
					t.Errorf("the report does not name indicator %s (%q)", c.id, c.name(lang))
				}
			}
			footer := page[strings.Index(page, `<footer id="provenance">`):]
			for _, s := range []string{runID, "test-version"} {
				if !strings.Contains(footer, s) {
					t.Errorf("the provenance lacks %q", s)
				}
			}
			for _, r := range rows(t, db, `SELECT file, sha256 FROM ingest_files WHERE period = '2020'`) {
				if !strings.Contains(footer, r[1].(string)) {
					t.Errorf("the provenance lacks %s sha256 %s", r[0], r[1])
				}
			}
			start := strings.Index(page, `<ul class="reading">`)
			reading := page[start : start+strings.Index(page[start:], "</ul>")]
			for _, r := range rows(t, db, `SELECT min(name_zh), min(name_en) FROM models GROUP BY model_id`) {
				name := r[0].(string)
				if lang == LangEn {
					name = r[1].(string)
				}
				if !strings.Contains(reading, name) {
					t.Errorf("the reading does not mention %s", name)
				}
			}
			if n := strings.Count(reading, "<li>"); n < 4 {
				t.Errorf("the reading has %d sentences", n)
			}
			if strings.Contains(page, "ZgotmplZ") {
				t.Error("html/template rejected a value (ZgotmplZ)")
			}
		})
	}
}

// TestWithoutModelComparison drops model_comparison from a copy of the
// warehouse: the model sheet is computed from the scope values instead,
// with the same numbers and ranks, and the report says so.
func TestWithoutModelComparison(t *testing.T) {
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `DROP TABLE IF EXISTS model_comparison`)
	})
	db := openDB(t, path)
	res := write(t, db, Options{})
	if !slices.Contains(res.Notes, ui.NoteNoModelComparison.in(LangZh)) {
		t.Errorf("notes %q lack the missing model_comparison", res.Notes)
	}
	x := openXLSX(t, res.Workbook)
	checkModels(t, db, x, ui.SheetModels.in(LangZh), readCatalog(t, db), LangZh)
}

// TestWithWalk adds the walking-distance indicators to a copy of the
// warehouse (when it does not have them yet): the report then draws the
// 5/10/15-minute walk chart.
func TestWithWalk(t *testing.T) {
	path := copyDB(t, dbPath, func(db *sql.DB) {
		for i, w := range walkIndicators {
			var n int
			if err := db.QueryRow(`SELECT count(*) FROM indicator_catalog WHERE indicator_id = ?`, w.id).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n > 0 {
				continue
			}
			mustExec(t, db, `INSERT INTO indicator_catalog (indicator_id, kind, name_zh, name_en, unit_zh, unit_en, format, direction, scale,
				numerator_zh, numerator_en, denominator_zh, denominator_en, equalize, run_order)
				VALUES (?, 'indicator', ?, ?, '%', '%', 'percent', 'higher_is_better', 1, '步行范围内常住人口', 'residents within walking distance',
				'常住人口', 'resident population', false, 1000 + ?)`, w.id, "步行测试"+w.id, "walk test "+w.id, i)
			mustExec(t, db, `INSERT INTO indicator_scope_values (period, scope, scope_id, indicator_id, value, numerator, denominator, communities, communities_with_value)
				SELECT period, scope, scope_id, ?, 0.3 + 0.2 * ?, denominator * (0.3 + 0.2 * ?), denominator, communities, communities_with_value
				FROM indicator_scope_values WHERE indicator_id = 'centres_per_10k' AND scope IN ('all', 'model')`, w.id, i, i)
		}
	})
	db := openDB(t, path)
	res := write(t, db, Options{})
	if !slices.Contains(res.Charts, "walk") {
		t.Errorf("charts %q lack walk", res.Charts)
	}
	if slices.Contains(res.Notes, ui.NoteNoWalk.in(LangZh)) {
		t.Errorf("notes %q still say the walk indicators are missing", res.Notes)
	}
	b, err := os.ReadFile(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := chartIDs(string(b)), expectedCharts(t, db); !slices.Equal(got, want) {
		t.Errorf("charts %q, want %q", got, want)
	}
}

// TestWriteErrors checks the errors a caller can act on.
func TestWriteErrors(t *testing.T) {
	db := openDB(t, dbPath)
	for _, tc := range []struct {
		name string
		opts Options
		want error
	}{
		{"unknown period", Options{Period: "1999", OutDir: t.TempDir()}, ErrUnknownPeriod},
		{"period with a slash", Options{Period: "../2020", OutDir: t.TempDir()}, ErrUnknownPeriod},
		{"no period", Options{OutDir: t.TempDir()}, ErrUnknownPeriod},
		{"bad language", Options{Period: "2020", Lang: "fr", OutDir: t.TempDir()}, ErrBadLang},
		{"no output folder", Options{Period: "2020"}, ErrNoOutDir},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Write(context.Background(), db, tc.opts)
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCommand drives `shequ report` as a user would.
func TestCommand(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		args  []string
		code  int
		files []string
	}{
		{[]string{"--period", "2020", "--out", out}, 0, []string{"2020/指标汇总_2020.xlsx", "2020/report_2020.html"}},
		{[]string{"--period", "2020", "--out", out, "--lang", "en"}, 0, []string{"2020/indicators_2020.xlsx", "2020/report_2020_en.html"}},
		{[]string{"--period", "2015", "--out", out, "--suppress-below", "10"}, 0, []string{"2015/指标汇总_2015.xlsx", "2015/report_2015.html"}},
		{[]string{"--period", "1999", "--out", out}, 3, nil},
		{[]string{"--period", "2020", "--out", out, "--lang", "fr"}, 2, nil},
		{[]string{"--period", "2020", "--out", out, "--suppress-below", "-1"}, 2, nil},
		{[]string{"--out", out}, 2, nil},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			stdout, code := runShequ(t, append([]string{"report", "--warehouse", warehouse}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, stdout)
			}
			for _, f := range tc.files {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s: %v\n%s", f, err, stdout)
				}
			}
		})
	}
	// Nothing half-written is left behind.
	err := filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".") {
			t.Errorf("left behind: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Without --out the reports go beside the warehouse.
	if _, code := runShequ(t, "report", "--warehouse", warehouse, "--period", "2020"); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(demoDir, "reports", "2020", "report_2020.html")); err != nil {
		t.Error(err)
	}
}

// TestLabels checks that every label has both languages and that sheet
// names are ones Excel takes.
func TestLabels(t *testing.T) {
	v := reflect.ValueOf(ui)
	for i := 0; i < v.NumField(); i++ {
		l := v.Field(i).Interface().(text)
		if l.zh == "" || l.en == "" {
			t.Errorf("label %s: %+v", v.Type().Field(i).Name, l)
		}
	}
	for _, m := range measures {
		if m.label.zh == "" || m.label.en == "" {
			t.Errorf("measure %s: %+v", m.id, m.label)
		}
	}
	for _, s := range []text{ui.SheetIndicators, ui.SheetEqualization, ui.SheetModels, ui.SheetBelow, ui.SheetQuality, ui.SheetCatalog} {
		for _, name := range []string{s.zh, s.en} {
			if len([]rune(name)) > 31 || strings.ContainsAny(name, `:\/?*[]`) {
				t.Errorf("sheet name %q is not allowed in Excel", name)
			}
		}
	}
}

func TestGroup(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "889": "889", "1165": "1,165", "-1234567.5%": "-1,234,567.5%", "200.93": "200.93", "92.8%": "92.8%", "100000": "100,000",
	} {
		if got := group(in); got != want {
			t.Errorf("group(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[float64]float64{0.93: 1, 1.35: 2, 2.1: 2.5, 33: 50, 77.6: 100, 0: 1} {
		if got := niceMax(in); got != want {
			t.Errorf("niceMax(%v) = %v, want %v", in, got, want)
		}
	}
}

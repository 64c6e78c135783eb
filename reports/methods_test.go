package reports

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// methodsText is the whole methods section as text, one line per title,
// paragraph and item.
func methodsText(m methodsView) string {
	lines := []string{m.Title}
	for _, p := range m.Parts {
		lines = append(lines, p.Title)
		lines = append(lines, p.Text...)
		lines = append(lines, p.Items...)
	}
	return strings.Join(lines, "\n")
}

// TestMethodsDemo writes the methods of the demo's 2020 report and checks
// them against the warehouse: every document a standard comes from, with
// how many indicators use it; every source table with its files and rows
// in; the threshold of the suppression; the median, difference and
// interval indicators the catalog declares. And it stays short: at most
// 220 words in English besides the list of sources, which has a line per
// source (the demo's twelve sources add about 60).
func TestMethodsDemo(t *testing.T) {
	db := openDB(t, dbPath)
	for _, lang := range []string{LangZh, LangEn} {
		t.Run(lang, func(t *testing.T) {
			d, err := load(context.Background(), db, Options{Period: "2020", Lang: lang, SuppressBelow: 5})
			if err != nil {
				t.Fatal(err)
			}
			if err := d.loadCatalogMethods(context.Background(), db); err != nil {
				t.Fatal(err)
			}
			m := d.methods()
			text := methodsText(m)
			var standards []string
			for _, r := range rows(t, db, `SELECT standard_source, count(*) FROM indicator_catalog
				WHERE kind = 'indicator' AND standard_op IS NOT NULL GROUP BY ALL ORDER BY min(run_order)`) {
				standards = append(standards, rd.MStandardItem.f(lang, r[0].(string), r[1].(int64)))
			}
			if len(standards) < 2 {
				t.Fatalf("the demo catalog has %d standard documents", len(standards))
			}
			if got := m.Parts[2].Items; !reflect.DeepEqual(got, standards) {
				t.Errorf("standards:\ngot  %q\nwant %q", got, standards)
			}
			for _, r := range rows(t, db, `SELECT source, count(*), sum(rows_in)::BIGINT FROM ingest_files WHERE period = '2020' GROUP BY ALL ORDER BY source`) {
				id, rest := r[0].(string), fmt.Sprintf(": %d file(s), %s rows", r[1], formatCount(r[2].(int64)))
				if lang == LangZh {
					id, rest = "（"+id+"）", fmt.Sprintf("：%d个文件，%s行", r[1], formatCount(r[2].(int64)))
				}
				if !strings.Contains(text, id+rest) && !strings.Contains(text, "("+id+")"+rest) {
					t.Errorf("the sources lack %s%s", id, rest)
				}
			}
			for _, r := range rows(t, db, `SELECT name_zh, name_en FROM indicator_catalog WHERE aggregate IN ('median', 'difference') ORDER BY ALL`) {
				name := r[0].(string)
				if lang == LangEn {
					name = r[1].(string)
				}
				if !strings.Contains(m.Parts[3].Text[0], name) {
					t.Errorf("the aggregation does not name %q", name)
				}
			}
			counts := rows(t, db, `SELECT count(*) FILTER (WHERE interval = 'wilson'), count(*) FILTER (WHERE interval = 'newcombe') FROM indicator_catalog`)[0]
			for _, n := range counts {
				if want := rd.MIntervalsCount.f(lang, n.(int64)); !strings.Contains(m.Parts[4].Text[0], want) {
					t.Errorf("the intervals lack %q", want)
				}
			}
			if !strings.Contains(m.Parts[5].Text[0], "“<5”") && !strings.Contains(m.Parts[5].Text[0], `"<5"`) {
				t.Errorf("the suppression does not give the threshold: %q", m.Parts[5].Text[0])
			}
			if lang == LangEn {
				// The list of sources grows by one line a source; the rest
				// is prose that must stay short.
				count := func(s string) int {
					return len(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '—' }))
				}
				words := count(text) - count(strings.Join(m.Parts[0].Items, "\n"))
				if words > 220 {
					t.Errorf("the methods have %d words besides the list of sources, want at most 220", words)
				}
			}
		})
	}
}

// TestMethodsHandMade: a catalog with one standard without a document,
// no files and suppression off.
func TestMethodsHandMade(t *testing.T) {
	d := testDataset(LangEn, []model{modelA}, testIndicator("p1", "higher_is_better", "percent", 1), testIndicator("x1", "neutral", "decimal2", 0))
	d.priv = privacy{below: 1}
	m := d.methods()
	want := []methodsPart{
		{Title: "Sources", Text: []string{"The warehouse lists no input files for the period (ingest_files)."}},
		{Title: "Formulas", Text: []string{rd.MFormulas.en}},
		{Title: "Standards", Text: []string{"Indicators with a standard: 1. Documents:"}, Items: []string{"(no document given) (1)"}},
		{Title: "How scopes aggregate", Text: []string{rd.MScopesRatio.en}},
		{Title: "Samples and 95% intervals", Text: []string{"Shares from a sample come with a 95% Wilson interval, their differences with Newcombe's; a community is flagged below a standard (below_standard) only when the whole interval misses it, and uncertain when the interval straddles it." + rd.MIntervalsScope.en}},
		{Title: "Suppression of small counts", Text: []string{"Suppression is off for this report: every figure is shown as it is."}},
	}
	if !reflect.DeepEqual(m.Parts, want) {
		t.Errorf("methods:\ngot  %q\nwant %q", m.Parts, want)
	}
}

// TestLoadModelChanges compares the models' changes since 2015 with the
// warehouse's own: the rows of indicator_changes (scope model) that
// improved or declined, none suppressed in the demo.
func TestLoadModelChanges(t *testing.T) {
	db := openDB(t, dbPath)
	d, err := load(context.Background(), db, Options{Period: "2020", Lang: LangZh, SuppressBelow: 5})
	if err != nil {
		t.Fatal(err)
	}
	got, err := d.loadModelChanges(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	want := rows(t, db, `SELECT indicator_id, scope_id, previous_period, previous_value, value, change, status FROM indicator_changes
		WHERE period = '2020' AND scope = 'model' AND status IN ('improved', 'declined') ORDER BY indicator_id, scope_id`)
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d changes, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.indicator != w[0] || g.model != w[1] || g.previousPeriod != w[2] || g.status != w[6] ||
			math.Abs(g.previous-w[3].(float64)) > 1e-12 || math.Abs(g.value-w[4].(float64)) > 1e-12 || math.Abs(g.change-w[5].(float64)) > 1e-12 {
			t.Errorf("change %d: got %+v, want %v", i, g, w)
		}
	}
	// The 2015 report has no earlier period: no change.
	d15, err := load(context.Background(), db, Options{Period: "2015", Lang: LangZh, SuppressBelow: 5})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := d15.loadModelChanges(context.Background(), db); err != nil || len(got) != 0 {
		t.Errorf("2015: %d changes (%v), want none", len(got), err)
	}
}

// TestReadingLabels: every label of the reading and the methods has both
// languages.
func TestReadingLabels(t *testing.T) {
	v := reflect.ValueOf(rd)
	for i := 0; i < v.NumField(); i++ {
		l := v.Field(i).Interface().(text)
		if l.zh == "" || l.en == "" {
			t.Errorf("label %s: %+v", v.Type().Field(i).Name, l)
		}
	}
}

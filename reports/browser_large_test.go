//go:build unix

package reports

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"shequ/internal/config"
	"shequ/internal/nationalgen"
)

// largeCommunities is the size of the warehouse TestBrowserLarge reports
// on: the first 10,000 community codes of China, Beijing's 7,535 and
// 2,465 of Tianjin.
const largeCommunities = 10000

// largeHTMLMax bounds the size of the HTML report of largeCommunities
// communities. Measured: 419,378 bytes (zh; 426,637 in English) with the
// report code of 2026-12 (sections on change, streets, map, uncertainty
// and distributions). The report's size should not grow with the number
// of communities, so the bound leaves room for sections to come, not for
// output per community: drawing every community one by one makes it
// 4.7 MB.
const largeHTMLMax = 1 << 20

// largeModels are the governance models of the large warehouse: one
// district far above perCommunityMax communities (Chaoyang, Beijing, 768)
// and one well below it (Heping, Tianjin, 64); the other communities are
// in no model.
var largeModels = []config.Model{
	{ID: "chaoyang", NameZh: "朝阳", NameEn: "Chaoyang", Areas: []string{"110105"}},
	{ID: "heping", NameZh: "和平", NameEn: "Heping", Areas: []string{"120101"}},
}

// TestBrowserLarge writes the HTML report of a warehouse of 10,000 real
// communities with two periods (2015 and 2020, from internal/nationalgen,
// built by `shequ build`), opens it in headless Chromium with networking
// off, and checks that it renders as TestBrowser does (no request but the
// page, no console error, every chart at a visible and sensible size, it
// prints to PDF), that the sections on change, streets, map, uncertainty
// and distributions are there and not empty, that the charts of those
// sections are the ones the database calls for (worked out here from the
// database, not by the report code), that communities are drawn one by one
// only for the model small enough, and that the page stays under
// largeHTMLMax. It takes 33 to 45 s on a shared 2-core machine
// (generation 3 s, build 11 to 19 s, workbook and HTML 11 s, Chromium
// 8 s).
func TestBrowserLarge(t *testing.T) {
	path := chromium(t)
	db := largeDB(t)
	want := expectedLargeCharts(t, db)
	small := smallModelCommunities(t, db)
	t0 := time.Now()
	res := write(t, db, Options{Lang: LangZh})
	t.Logf("reports written in %.1f s", time.Since(t0).Seconds())
	data, err := os.ReadFile(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	page := string(data)
	t.Logf("%s: %d bytes, %d charts", filepath.Base(res.HTML), len(data), len(res.Charts))
	if len(data) > largeHTMLMax {
		t.Errorf("the report of %d communities is %d bytes, more than %d", largeCommunities, len(data), largeHTMLMax)
	}
	for _, family := range []string{"box-", "map-", "coverage-", "change-", "bars-"} {
		got := withPrefix(chartIDs(page), family)
		if w := withPrefix(want, family); !slices.Equal(got, w) {
			t.Errorf("%s* charts %q, want %q", family, got, w)
		}
	}
	checkBars(t, page, small)

	abs, err := filepath.Abs(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: abs}).String()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b := startBrowser(t, path)
	s := openPage(ctx, t, b, pageURL)
	var pc pageCheck
	evaluate(ctx, t, b, s, pageCheckJS, &pc)
	got := append([]string(nil), res.Charts...)
	sort.Strings(got)
	if !slices.Equal(pc.Charts, got) {
		t.Errorf("charts in the page %q, want the report's %q", pc.Charts, got)
	}
	for id, wh := range pc.Sizes {
		// At most about two screens high: a chart that grows with the
		// communities or streets it shows would be far taller.
		if len(wh) != 2 || wh[0] < 200 || wh[1] < 100 || wh[1] > 2400 {
			t.Errorf("chart %s is drawn %v px: not a sensible size", id, wh)
		}
	}
	if pc.Scripts != 0 {
		t.Errorf("%d scripts in the page", pc.Scripts)
	}
	if !strings.Contains(pc.Title, "2020") || pc.Text < 2000 || pc.Height < 3000 {
		t.Errorf("the page does not look rendered: %+v", pc)
	}
	var sections map[string]sectionCheck
	evaluate(ctx, t, b, s, sectionsJS, &sections)
	checkSections(t, sections, want)
	pdf, err := b.call(ctx, s, "Page.printToPDF", map[string]any{"printBackground": true, "preferCSSPageSize": true})
	if err != nil {
		t.Fatalf("%v\nchromium log:\n%s", err, b.log())
	}
	var printed struct {
		Data []byte `json:"data"`
	}
	if err := json.Unmarshal(pdf, &printed); err != nil || !strings.HasPrefix(string(printed.Data), "%PDF") {
		t.Errorf("print to PDF: %v (%.8q)", err, printed.Data)
	}
	t.Logf("PDF: %d bytes", len(printed.Data))
	checkEvents(t, b.events, s, pageURL)
}

// largeDB generates the large warehouse in a temporary folder, builds it
// with the shequ binary (`shequ build`, as a user would) and opens its
// database.
func largeDB(t *testing.T) *sql.DB {
	t.Helper()
	dir := t.TempDir()
	t0 := time.Now()
	gen, err := nationalgen.Write(context.Background(), filepath.Join(dir, "national"), nationalgen.Options{
		Communities: largeCommunities, Periods: []string{"2015", "2020"}, Models: largeModels})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d communities, %d rows in %.1f s", gen.Communities, gen.Rows(), time.Since(t0).Seconds())
	t0 = time.Now()
	if out, code := runShequ(t, "build", "--warehouse", gen.Warehouse); code != 0 {
		t.Fatalf("shequ build exit %d:\n%s", code, out)
	}
	t.Logf("built in %.1f s", time.Since(t0).Seconds())
	return openDB(t, filepath.Join(gen.Warehouse, "shequ.duckdb"))
}

// expectedLargeCharts are the ids of the charts of the sections on
// change, streets, map and distributions, and the per-community bars,
// that the large report must draw, worked out from the database:
//   - box-<id> per indicator with a standard, not a 0/1 coverage one
//     (centre_coverage*), with a published value;
//   - map-walk_500m_share and map-floor_area_per_100hh when they have a
//     value;
//   - coverage-models-<id> and coverage-streets-<id> per centre_coverage*
//     indicator with a value in a model, and with a value;
//   - change-<id> per indicator with a direction, not neutral, that has a
//     change for all communities since an earlier period;
//   - bars-<id> per indicator with a standard, not a 0/1 one, with a
//     published value in a model of at most perCommunityMax communities.
//
// A value counts as published when neither its numerator nor its
// denominator is a count from 1 to DefaultSuppressBelow − 1: a
// conservative reading of the suppression rule (it would count
// communities or centres as people), enough here, where every indicator
// has communities with large counts.
func expectedLargeCharts(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var want []string
	add := func(format, q string, args ...any) {
		for _, r := range rows(t, db, q, args...) {
			want = append(want, fmt.Sprintf(format, r[0]))
		}
	}
	const published = `v.period = '2020' AND v.value IS NOT NULL
  AND coalesce(v.numerator NOT BETWEEN 1 AND ? - 1, true) AND coalesce(v.denominator NOT BETWEEN 1 AND ? - 1, true)`
	add("box-%s", `
SELECT c.indicator_id FROM indicator_catalog c
WHERE c.kind = 'indicator' AND c.standard_op IS NOT NULL AND NOT starts_with(c.indicator_id, 'centre_coverage')
  AND EXISTS (SELECT 1 FROM indicator_values v WHERE v.indicator_id = c.indicator_id AND `+published+`)
ORDER BY 1`, DefaultSuppressBelow, DefaultSuppressBelow)
	add("map-%s", `
SELECT DISTINCT indicator_id FROM indicator_values
WHERE indicator_id IN ('walk_500m_share', 'floor_area_per_100hh') AND period = '2020' AND value IS NOT NULL
ORDER BY 1`)
	add("coverage-models-%s", `
SELECT DISTINCT v.indicator_id FROM indicator_values v JOIN communities c USING (period, community_code)
WHERE starts_with(v.indicator_id, 'centre_coverage') AND v.period = '2020' AND v.value IS NOT NULL AND c.model_id IS NOT NULL
ORDER BY 1`)
	add("coverage-streets-%s", `
SELECT DISTINCT indicator_id FROM indicator_values
WHERE starts_with(indicator_id, 'centre_coverage') AND period = '2020' AND value IS NOT NULL
ORDER BY 1`)
	add("change-%s", `
SELECT DISTINCT x.indicator_id FROM indicator_changes x JOIN indicator_catalog c USING (indicator_id)
WHERE x.period = '2020' AND x.scope = 'all' AND c.direction <> 'neutral' AND (x.value IS NOT NULL OR x.previous_value IS NOT NULL)
ORDER BY 1`)
	add("bars-%s", `
SELECT c.indicator_id FROM indicator_catalog c
WHERE c.kind = 'indicator' AND c.standard_op IS NOT NULL AND NOT starts_with(c.indicator_id, 'centre_coverage')
  AND EXISTS (SELECT 1 FROM indicator_values v JOIN communities m USING (period, community_code)
              WHERE v.indicator_id = c.indicator_id AND `+published+`
                AND m.model_id IN (SELECT model_id FROM communities WHERE period = '2020' GROUP BY ALL HAVING count(*) <= ?))
ORDER BY 1`, DefaultSuppressBelow, DefaultSuppressBelow, perCommunityMax)
	for _, prefix := range []string{"box-", "map-", "coverage-models-", "coverage-streets-", "change-"} {
		if len(withPrefix(want, prefix)) == 0 {
			t.Fatalf("the large warehouse calls for no %s* chart: the test would not test it", prefix)
		}
	}
	sort.Strings(want)
	return want
}

// smallModelCommunities are the codes of the communities of 2020 in a
// model of at most perCommunityMax communities. It fails the test unless
// the warehouse has both such a model and a larger one.
func smallModelCommunities(t *testing.T, db *sql.DB) map[string]bool {
	t.Helper()
	var big, small int
	codes := map[string]bool{}
	for _, r := range rows(t, db, `SELECT model_id, list(community_code) FROM communities WHERE period = '2020' AND model_id IS NOT NULL GROUP BY ALL`) {
		list := r[1].([]any)
		if len(list) > perCommunityMax {
			big++
			continue
		}
		small++
		for _, c := range list {
			codes[c.(string)] = true
		}
	}
	if big == 0 || small == 0 {
		t.Fatalf("%d models above %d communities and %d at most: the test needs both", big, perCommunityMax, small)
	}
	return codes
}

var (
	chartElement  = regexp.MustCompile(`(?s)<svg[^>]* data-chart="([^"]+)".*?</svg>`)
	communityCode = regexp.MustCompile(`\b[0-9]{12}\b`)
)

// checkBars checks that every per-community bar chart draws communities
// of the small models only, and at least one.
func checkBars(t *testing.T, page string, small map[string]bool) {
	t.Helper()
	for _, m := range chartElement.FindAllStringSubmatch(page, -1) {
		if !strings.HasPrefix(m[1], "bars-") {
			continue
		}
		codes := communityCode.FindAllString(m[0], -1)
		if len(codes) == 0 {
			t.Errorf("chart %s names no community", m[1])
		}
		for _, c := range codes {
			if !small[c] {
				t.Errorf("chart %s draws community %s, which is in no model of at most %d communities", m[1], c, perCommunityMax)
				break
			}
		}
	}
}

func withPrefix(ids []string, prefix string) []string {
	var out []string
	for _, id := range ids {
		if strings.HasPrefix(id, prefix) {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// openPage opens pageURL in a new tab of b with the page, network,
// runtime and log events on, at 900 × 1280 px, waits for it to load and
// returns the tab's session.
func openPage(ctx context.Context, t *testing.T, b *browser, pageURL string) string {
	t.Helper()
	must := func(r json.RawMessage, err error) json.RawMessage {
		t.Helper()
		if err != nil {
			t.Fatalf("%v\nchromium log:\n%s", err, b.log())
		}
		return r
	}
	var target struct {
		TargetID string `json:"targetId"`
	}
	json.Unmarshal(must(b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"})), &target)
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	json.Unmarshal(must(b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})), &attached)
	s := attached.SessionID
	for _, m := range []string{"Page.enable", "Network.enable", "Runtime.enable", "Log.enable"} {
		must(b.call(ctx, s, m, nil))
	}
	must(b.call(ctx, s, "Emulation.setDeviceMetricsOverride", map[string]any{"width": 900, "height": 1280, "deviceScaleFactor": 1, "mobile": false}))
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	json.Unmarshal(must(b.call(ctx, s, "Page.navigate", map[string]any{"url": pageURL})), &nav)
	if nav.ErrorText != "" {
		t.Fatalf("navigate %s: %s", pageURL, nav.ErrorText)
	}
	if err := b.wait(ctx, s, "Page.loadEventFired"); err != nil {
		t.Fatalf("%v\nchromium log:\n%s", err, b.log())
	}
	return s
}

// evaluate runs a script that returns JSON text (or a promise of it) in
// the page of session s, and decodes its result into dst.
func evaluate(ctx context.Context, t *testing.T, b *browser, s, script string, dst any) {
	t.Helper()
	r, err := b.call(ctx, s, "Runtime.evaluate", map[string]any{"expression": script, "returnByValue": true, "awaitPromise": true})
	if err != nil {
		t.Fatalf("%v\nchromium log:\n%s", err, b.log())
	}
	var eval struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails json.RawMessage `json:"exceptionDetails"`
	}
	if err := json.Unmarshal(r, &eval); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(eval.Result.Value), dst); err != nil {
		t.Fatalf("page script: %v (%s)", err, eval.ExceptionDetails)
	}
}

// sectionCheck is what the page says of one of its sections.
type sectionCheck struct {
	Text      int      `json:"text"`      // characters of text
	Height    float64  `json:"height"`    // px
	Charts    []string `json:"charts"`    // data-chart ids inside it
	TableRows int      `json:"tableRows"` // rows of its tables' bodies
}

const sectionsJS = `JSON.stringify(Object.fromEntries([...document.querySelectorAll('section[id]')].map(s => [s.id, {
  text: s.innerText.length,
  height: s.getBoundingClientRect().height,
  charts: [...s.querySelectorAll('svg[data-chart]')].map(c => c.dataset.chart).sort(),
  tableRows: s.querySelectorAll('tbody tr').length,
}])))`

// checkSections checks that the sections on change, streets, map,
// uncertainty and distributions are shown, hold more than their heading
// and introduction, and hold the charts of their own kind.
func checkSections(t *testing.T, sections map[string]sectionCheck, want []string) {
	t.Helper()
	for _, c := range []struct {
		id       string
		prefixes []string // the charts of the section
		rows     bool     // whether it must have a table with rows
	}{
		{"change", []string{"change-"}, true},
		{"streets", []string{"coverage-"}, true},
		{"map", []string{"map-"}, false},
		{"intervals", nil, true},
		{"distributions", []string{"box-"}, true},
	} {
		s, ok := sections[c.id]
		if !ok {
			t.Errorf("no section %q", c.id)
			continue
		}
		if s.Text < 200 || s.Height < 200 {
			t.Errorf("section %q is nearly empty: %d characters, %.0f px high", c.id, s.Text, s.Height)
		}
		if c.rows && s.TableRows == 0 {
			t.Errorf("section %q has no table row", c.id)
		}
		var wantCharts []string
		for _, p := range c.prefixes {
			wantCharts = append(wantCharts, withPrefix(want, p)...)
		}
		sort.Strings(wantCharts)
		if got := orEmptyList(s.Charts); !slices.Equal(got, orEmptyList(wantCharts)) {
			t.Errorf("section %q has charts %q, want %q", c.id, got, wantCharts)
		}
	}
}

func orEmptyList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

package reports

import (
	"database/sql"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestPlanTargets: the demo holds every community to the national plan and
// Tianning also to Jiangsu's (苏政办发〔2022〕60号). For community workers
// per 10,000 residents in 2020, the 规划目标 sheet and the HTML section must
// show Tianning under both plans and Pingshan and Zhaoshang under the
// national one only, with the communities meeting each target counted here
// straight from indicator_values: value ≥ 18 for the national plan, > 18
// for Jiangsu's. Zhaoshang's baseline is its own 2020 value (the demo's
// latest period is the baseline year) and below 18, so its progress is 0 %;
// Tianning's met the target already.
func TestPlanTargets(t *testing.T) {
	db := openDB(t, dbPath)
	const id = "community_workers_per_10k_urban"
	name := rows(t, db, `SELECT name_zh FROM indicator_catalog WHERE indicator_id = ?`, id)[0][0].(string)
	want := map[string]string{} // "model|document" → "meeting/with value"
	for _, r := range rows(t, db, `
SELECT m.name_zh, count(v.value) FILTER (WHERE v.value >= 18), count(v.value) FILTER (WHERE v.value > 18), count(v.value)
FROM indicator_values v JOIN communities c USING (period, community_code) JOIN (SELECT DISTINCT model_id, name_zh FROM models) m USING (model_id)
WHERE v.period = '2020' AND v.indicator_id = ? GROUP BY ALL`, id) {
		model := r[0].(string)
		want[model+"|国办发〔2021〕56号"] = fmt.Sprintf("%d/%d", r[1], r[3])
		if model == "天宁" {
			want[model+"|苏政办发〔2022〕60号"] = fmt.Sprintf("%d/%d", r[2], r[3])
		}
	}
	if len(want) != 4 {
		t.Fatalf("expected rows %v: the demo should have three models", want)
	}
	models := map[string]bool{"坪山": true, "天宁": true, "招商": true}
	res := write(t, db, Options{Lang: LangZh, SuppressBelow: -1})

	// The sheet: indicator, scope, plan, target, value, status, meeting, baseline, progress.
	x := openXLSX(t, res.Workbook)
	all, err := x.f.GetRows(uiPlans.Sheet.zh)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	progress := map[string]string{}
	for _, r := range all {
		if len(r) < 9 || r[0] != name || !strings.HasPrefix(r[1], ui.ScopeModel.zh) {
			continue
		}
		model := strings.TrimSpace(strings.TrimPrefix(r[1], ui.ScopeModel.zh))
		got[model+"|"+r[2]] = r[6]
		progress[model+"|"+r[2]] = r[8]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sheet rows (model|plan → meeting/with value) = %v, want %v", got, want)
	}
	if p := progress["招商|国办发〔2021〕56号"]; p != "0%" {
		t.Errorf("Zhaoshang's progress = %q, want 0%%", p)
	}
	if p := progress["天宁|苏政办发〔2022〕60号"]; p != uiPlans.BaselineMet.zh {
		t.Errorf("Tianning's progress under Jiangsu's plan = %q, want %q", p, uiPlans.BaselineMet.zh)
	}

	// The 达标情况 sheet lists, besides the communities below the national
	// standards, Tianning's communities that miss Jiangsu's > 18: every one
	// with a value of at most 18.
	wantBelow := rows(t, db, `SELECT count(*) FROM indicator_values v JOIN communities c USING (period, community_code)
WHERE v.period = '2020' AND v.indicator_id = ? AND c.model_id = 'tianning' AND v.value <= 18`, id)[0][0].(int64)
	below, err := x.f.GetRows(ui.SheetBelow.zh)
	if err != nil {
		t.Fatal(err)
	}
	var gotBelow int64
	for _, r := range below {
		if len(r) > 2 && r[0] == "苏政办发〔2022〕60号" && r[1] == name {
			gotBelow++
		}
	}
	if gotBelow != wantBelow || wantBelow == 0 {
		t.Errorf("达标情况 lists %d Tianning communities below Jiangsu's target, want %d (and more than none)", gotBelow, wantBelow)
	}

	// The HTML section.
	b, err := os.ReadFile(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	i := strings.Index(page, `<section id="plans">`)
	if i < 0 {
		t.Fatal("no plans section")
	}
	section := page[i : i+strings.Index(page[i:], "</section>")]
	tags := regexp.MustCompile(`<[^>]+>`)
	got = map[string]string{}
	tables := 0
	for _, chunk := range strings.Split(section, "<h3>")[1:] {
		if !strings.HasPrefix(chunk, name) { // a table per indicator, titled by its name and unit
			continue
		}
		tables++
		for _, m := range regexp.MustCompile(`(?s)<tr>(.*?)</tr>`).FindAllStringSubmatch(chunk, -1) {
			var cells []string
			for _, c := range regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(m[1], -1) {
				cells = append(cells, tags.ReplaceAllString(c[1], ""))
			}
			if len(cells) == 8 && models[cells[0]] {
				got[cells[0]+"|"+cells[1]] = cells[5]
			}
		}
	}
	if tables != 1 {
		t.Errorf("%d tables for %s in the plans section, want 1", tables, name)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("HTML rows (model|plan → meeting/with value) = %v, want %v", got, want)
	}
	for _, s := range []string{"天宁：同时受 苏政办发〔2022〕60号", "国办发〔2021〕56号《“十四五”城乡社区服务体系建设规划》"} {
		if !strings.Contains(section, s) {
			t.Errorf("the plans section does not say %q", s)
		}
	}
	// The model comparison names where its standards come from.
	if !strings.Contains(page, "标准取自：国办发〔2021〕56号") {
		t.Error("the report does not name the plan its standards come from")
	}
}

// checkPlans: the 规划目标 sheet has a row for every plan holding each of
// all communities, each model and each district in 2020, for each target
// (TestPlanTargets checks the rows themselves).
func checkPlans(t *testing.T, db *sql.DB, x xlsx, sheet string) {
	t.Helper()
	want := rows(t, db, `SELECT count(*) FROM plan_attainment WHERE period = '2020' AND scope IN ('all', 'model', 'district')`)[0][0].(int64)
	if got := x.dataRows(sheet); int64(got) != want {
		t.Errorf("%s: %d rows, want %d (one per scope, target and plan holding the scope)", sheet, got, want)
	}
}

package reports

import (
	"database/sql"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The test's own words for the scopes and statuses of the Change sheet.
var (
	wantScopeWord  = map[string]map[string]string{LangZh: {"all": "全部", "model": "治理模式", "district": "区县"}, LangEn: {"all": "all", "model": "model", "district": "district"}}
	wantStatusWord = map[string]map[string]string{LangZh: {"improved": "改善", "held": "持平", "declined": "下降"}, LangEn: {"improved": "improved", "held": "held", "declined": "declined"}}
	// wantChangeFmt is the signed format of a change in display units,
	// with the decimals of the indicator's own format.
	wantChangeFmt = map[string]string{"percent": "+#,##0.0;-#,##0.0;0.0", "decimal1": "+#,##0.0;-#,##0.0;0.0",
		"decimal2": "+#,##0.00;-#,##0.00;0.00", "integer": "+#,##0;-#,##0;0"}
	// wantStep is one unit of the last digit the reports show, in stored
	// units (a percent indicator shows 0.1 % of a share).
	wantStep = map[string]float64{"percent": 0.001, "decimal1": 0.1, "decimal2": 0.01, "integer": 1}
)

// checkChange reads the Change sheet back: one row per indicator (in
// catalog order) and scope (all, the models, the districts, by id), each
// against its row of indicator_changes; the change in percentage points
// for percent indicators; the status as the test works it out from the
// two values, the indicator's direction and half its display step; the
// community counts adding up to the scope's communities in the
// communities table; and the notes on the held rule and on what is
// compared.
func checkChange(t *testing.T, db *sql.DB, x xlsx, sheet string, cat []catalogRow, lang string) {
	head := x.header(sheet)
	pp := map[string]string{LangZh: "个百分点", LangEn: "pp"}[lang]
	changeCol := 0
	for i, h := range head {
		if strings.Contains(h, pp) {
			changeCol = i + 1
		}
	}
	if changeCol == 0 {
		t.Fatalf("%s: no header says %q: %q", sheet, pp, head)
	}
	byID := map[string]catalogRow{}
	order := map[string]int{}
	for i, c := range cat {
		byID[c.id], order[c.id] = c, i
	}
	want := rows(t, db, `SELECT scope, scope_id, indicator_id, previous_period, previous_value, value, change, status,
		communities_improved, communities_held, communities_declined, communities_not_comparable
		FROM indicator_changes WHERE period = '2020' AND scope IN ('all', 'model', 'district')`)
	rank := map[string]int{"all": 0, "model": 1, "district": 2}
	slices.SortFunc(want, func(a, b []any) int {
		if oa, ob := order[a[2].(string)], order[b[2].(string)]; oa != ob {
			return oa - ob
		}
		if ra, rb := rank[a[0].(string)], rank[b[0].(string)]; ra != rb {
			return ra - rb
		}
		return strings.Compare(a[1].(string), b[1].(string))
	})
	if len(want) == 0 {
		t.Fatal("indicator_changes has no 2020 rows; the demo has 2015 and 2020")
	}
	if n := x.dataRows(sheet); n != len(want) {
		t.Fatalf("%s: %d rows, want %d", sheet, n, len(want))
	}
	// The communities of each scope in 2020, counted here.
	comms := map[[2]string]int64{}
	for _, r := range rows(t, db, `SELECT 'all', 'all', count(*) FROM communities WHERE period = '2020'
		UNION ALL SELECT 'model', model_id, count(*) FROM communities WHERE period = '2020' AND model_id IS NOT NULL GROUP BY ALL
		UNION ALL SELECT 'district', district_code, count(*) FROM communities WHERE period = '2020' GROUP BY ALL`) {
		comms[[2]string{r[0].(string), r[1].(string)}] = r[2].(int64)
	}
	c := func(name string) int { return col(t, head, name) }
	scopeC, idC, indC, nameC := c(ui.Scope.in(lang)), c(ui.ScopeID.in(lang)), c(ui.IndicatorID.in(lang)), c(ui.Indicator.in(lang))
	prevPC, prevC, curC, statusC := c(uiChange.PreviousPeriod.in(lang)), c(uiChange.PreviousValue.in(lang)), c(uiChange.CurrentValue.in(lang)), c(uiChange.Status.in(lang))
	countC := []int{c(uiChange.CommImproved.in(lang)), c(uiChange.CommHeld.in(lang)), c(uiChange.CommDeclined.in(lang)), c(uiChange.CommNotCompared.in(lang))}
	statuses, pps := map[string]int{}, 0
	for i, w := range want {
		row := firstRow + i
		scope, scopeID, id := w[0].(string), w[1].(string), w[2].(string)
		ind := byID[id]
		where := sheet + " " + scope + " " + scopeID + " " + id
		for _, tc := range []struct {
			col  int
			want string
		}{{scopeC, wantScopeWord[lang][scope]}, {idC, scopeID}, {indC, id}, {nameC, ind.name(lang)}, {prevPC, w[3].(string)}} {
			if got := x.raw(sheet, tc.col, row); got != tc.want {
				t.Errorf("%s row %d column %d: %q, want %q", where, row, tc.col, got, tc.want)
			}
		}
		for _, v := range []struct {
			col  int
			want any
		}{{prevC, w[4]}, {curC, w[5]}} {
			got, ok := x.float(sheet, v.col, row)
			wv, valid := v.want.(float64)
			if ok != valid || (ok && !near(got, wv)) {
				t.Errorf("%s: column %d %q, want %v", where, v.col, x.raw(sheet, v.col, row), v.want)
			} else if ok && x.numFmt(sheet, v.col, row) != wantNumFmt[ind.format] {
				t.Errorf("%s: column %d format %q, want %q", where, v.col, x.numFmt(sheet, v.col, row), wantNumFmt[ind.format])
			}
		}
		got, ok := x.float(sheet, changeCol, row)
		wc, valid := w[6].(float64)
		if ind.format == "percent" && valid {
			wc *= 100 // percentage points
			pps++
		}
		if ok != valid || (ok && !near(got, wc)) {
			t.Errorf("%s: change %q, want %v (stored %v)", where, x.raw(sheet, changeCol, row), wc, w[6])
		} else if ok && x.numFmt(sheet, changeCol, row) != wantChangeFmt[ind.format] {
			t.Errorf("%s: change format %q, want %q", where, x.numFmt(sheet, changeCol, row), wantChangeFmt[ind.format])
		}
		status, _ := w[7].(string)
		if got := x.raw(sheet, statusC, row); got != wantStatusWord[lang][status] {
			t.Errorf("%s: status %q, want %q (%s)", where, got, wantStatusWord[lang][status], status)
		}
		statuses[status]++
		// The status worked out here: held below half a display step,
		// else by direction; left alone within a hair of the limit.
		if prev, ok1 := w[4].(float64); ok1 {
			if cur, ok2 := w[5].(float64); ok2 && ind.direction != "neutral" {
				d, half := cur-prev, wantStep[ind.format]/2
				derived := ""
				switch {
				case math.Abs(d) < half-1e-9:
					derived = "held"
				case math.Abs(d) > half+1e-9 && (d > 0) == (ind.direction == "higher_is_better"):
					derived = "improved"
				case math.Abs(d) > half+1e-9:
					derived = "declined"
				}
				if derived != "" && status != derived {
					t.Errorf("%s: %v → %v is %q, want %s", where, prev, cur, status, derived)
				}
			}
		}
		var sum int64
		for j, cc := range countC {
			g, _ := x.float(sheet, cc, row)
			if int64(g) != w[8+j].(int64) {
				t.Errorf("%s: count column %d %v, want %v", where, cc, g, w[8+j])
			}
			sum += int64(g)
		}
		if n := comms[[2]string{scope, scopeID}]; sum != n {
			t.Errorf("%s: the four counts add up to %d, want the scope's %d communities", where, sum, n)
		}
	}
	for _, s := range []string{"improved", "held", "declined", ""} {
		if statuses[s] == 0 {
			t.Errorf("%s: no row of status %q; the demo has some", sheet, s)
		}
	}
	if pps == 0 {
		t.Errorf("%s: no change of a percent indicator checked", sheet)
	}
	notes := sheetText(t, x, sheet, firstRow+len(want))
	for _, w := range map[string][]string{
		LangZh: {"0.05 个百分点", "0.005", "整数 0.5", "两期都有的社区"},
		LangEn: {"0.05 pp", "0.005", "0.5 for whole numbers", "present in both periods"},
	}[lang] {
		if !strings.Contains(notes, w) {
			t.Errorf("%s: the notes do not say %q:\n%s", sheet, w, notes)
		}
	}
}

// sheetText is the text of column A from row on, a line a row.
func sheetText(t *testing.T, x xlsx, sheet string, row int) string {
	t.Helper()
	rs, err := x.f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i := row - 1; i < len(rs); i++ {
		if len(rs[i]) > 0 {
			lines = append(lines, rs[i][0])
		}
	}
	return strings.Join(lines, "\n")
}

// TestWorkbookFirstPeriod writes the workbook of 2015, the demo's first
// period: the Change sheet has no rows and says there is no earlier
// period, and the Data quality sheet names the rules and columns of the
// quarantine reasons by their labels in schemas/*.yaml, with their ids
// beside them.
func TestWorkbookFirstPeriod(t *testing.T) {
	db := openDB(t, dbPath)
	for _, tc := range []struct {
		lang, change, quality, noPrevious string
		want                              [][5]string // rule label, rule id, column label, column id, source name
	}{
		{LangZh, "变化", "数据质量", "没有早于本统计期（2015）", [][5]string{
			{"非户籍参与人次不超过参与人次", "non_registered_le_participants", "非户籍参与人次", "non_registered_participants", "活动"},
			{"数值在本列的合理范围内", "range", "建筑面积（平方米）", "floor_area_m2", "服务设施"},
			{"代码位数正确", "code_format", "社区代码", "community_code", "人口"},
		}},
		{LangEn, "Change", "Data quality", "no period before 2015", [][5]string{
			{"non-registered participants at most all participants", "non_registered_le_participants", "non-registered participants", "non_registered_participants", "activities"},
			{"number within the column's range", "range", "floor area (m²)", "floor_area_m2", "facilities"},
			{"code of the right number of digits", "code_format", "community code", "community_code", "census"},
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := write(t, db, Options{Period: "2015", Lang: tc.lang})
			x := openXLSX(t, res.Workbook)
			if n := x.dataRows(tc.change); n != 0 {
				t.Errorf("%s: %d rows, want none", tc.change, n)
			}
			if notes := sheetText(t, x, tc.change, firstRow); !strings.Contains(notes, tc.noPrevious) {
				t.Errorf("%s: notes %q do not say %q", tc.change, notes, tc.noPrevious)
			}
			rs, err := x.f.GetRows(tc.quality)
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, w := range tc.want {
				for _, r := range rs {
					if len(r) > 5 && r[0] == w[4] && r[3] == w[1] && r[5] == w[3] {
						found++
						if r[2] != w[0] || r[4] != w[2] {
							t.Errorf("%s: rule %s column %s labelled %q, %q; want %q, %q", tc.quality, w[1], w[3], r[2], r[4], w[0], w[2])
						}
					}
				}
			}
			if found != len(tc.want) {
				t.Errorf("%s: %d of the %d quarantine reasons found", tc.quality, found, len(tc.want))
			}
		})
	}
}

// TestChangeSuppressed makes one model's value of centres_per_10k rest on
// 3 residents in 2015 and another's in 2020, and checks that the Change
// sheet hides those values, the change and the status with them, and
// nothing else of the indicator.
func TestChangeSuppressed(t *testing.T) {
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `UPDATE indicator_scope_values SET denominator = 3
			WHERE indicator_id = 'centres_per_10k' AND scope = 'model' AND ((scope_id = 'pingshan' AND period = '2015') OR (scope_id = 'zhaoshang' AND period = '2020'))`)
	})
	db := openDB(t, path)
	res := write(t, db, Options{})
	x := openXLSX(t, res.Workbook)
	sheet := uiChange.Sheet.in(LangZh)
	head := x.header(sheet)
	c := func(name string) int { return col(t, head, name) }
	prevC, curC, changeC, statusC := c(uiChange.PreviousValue.in(LangZh)), c(uiChange.CurrentValue.in(LangZh)), c(uiChange.Change.in(LangZh)), c(uiChange.Status.in(LangZh))
	hidden := "已抑制"
	seen := 0
	for row := firstRow; row < firstRow+x.dataRows(sheet); row++ {
		if x.raw(sheet, c(ui.IndicatorID.in(LangZh)), row) != "centres_per_10k" {
			continue
		}
		seen++
		scope, id := x.raw(sheet, 1, row), x.raw(sheet, 2, row)
		want := map[int]bool{} // columns hidden
		switch {
		case scope == "治理模式" && id == "pingshan":
			want = map[int]bool{prevC: true, changeC: true, statusC: true}
		case scope == "治理模式" && id == "zhaoshang":
			want = map[int]bool{curC: true, changeC: true, statusC: true}
		}
		for _, cc := range []int{prevC, curC, changeC, statusC} {
			got := x.raw(sheet, cc, row)
			if (got == hidden) != want[cc] {
				t.Errorf("%s %s column %d: %q, want hidden %v", scope, id, cc, got, want[cc])
			}
		}
	}
	if seen != 7 {
		t.Errorf("%d rows of centres_per_10k, want 7 (all, 3 models, 3 districts)", seen)
	}
}

// TestChangeLabels checks that every label of the Change sheet and of the
// Data quality sheet's ids has both languages, and that the sheet name is
// one Excel takes.
func TestChangeLabels(t *testing.T) {
	for _, v := range []reflect.Value{reflect.ValueOf(uiChange), reflect.ValueOf(uiQuality)} {
		for i := 0; i < v.NumField(); i++ {
			if l := v.Field(i).Interface().(text); l.zh == "" || l.en == "" {
				t.Errorf("label %s: %+v", v.Type().Field(i).Name, l)
			}
		}
	}
	for _, name := range []string{uiChange.Sheet.zh, uiChange.Sheet.en} {
		if len([]rune(name)) > 31 || strings.ContainsAny(name, `:\/?*[]`) {
			t.Errorf("sheet name %q is not allowed in Excel", name)
		}
	}
	for _, tc := range []struct {
		format string
		v      float64
		want   string
	}{
		{"percent", 2.5, "+2.5"}, {"percent", -1.26, "-1.3"}, {"decimal2", 0.2, "+0.20"}, {"integer", -1234, "-1,234"}, {"decimal1", 0, "0.0"},
	} {
		if got := formatChange(tc.format, tc.v); got != tc.want {
			t.Errorf("formatChange(%s, %v) = %q, want %q", tc.format, tc.v, got, tc.want)
		}
	}
}

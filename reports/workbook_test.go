package reports

import (
	"archive/zip"
	"database/sql"
	"html"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// catalogRow is an indicator as the test reads it from indicator_catalog.
type catalogRow struct {
	id, nameZh, nameEn, unitZh, unitEn, format, direction string
	op                                                    sql.NullString
	std                                                   sql.NullFloat64
	denZh, denEn, source                                  string
	interval, formulaZh, formulaEn                        string
}

func (c catalogRow) name(lang string) string {
	if lang == LangEn {
		return c.nameEn
	}
	return c.nameZh
}

// header is the column header the spec asks for: name with unit.
func (c catalogRow) header(lang string) string {
	if lang == LangEn {
		return c.nameEn + " (" + c.unitEn + ")"
	}
	return c.nameZh + "（" + c.unitZh + "）"
}

// meets is the test's own reading of a standard.
func (c catalogRow) meets(v float64) bool {
	switch c.op.String {
	case ">=":
		return v >= c.std.Float64
	case ">":
		return v > c.std.Float64
	case "<=":
		return v <= c.std.Float64
	case "<":
		return v < c.std.Float64
	}
	return true
}

func readCatalog(t *testing.T, db *sql.DB) []catalogRow {
	t.Helper()
	r, err := db.Query(`SELECT indicator_id, name_zh, name_en, unit_zh, unit_en, format, direction, standard_op, standard_value,
		denominator_zh, denominator_en, coalesce(standard_source, ''), coalesce(interval, ''), formula_zh, formula_en
		FROM indicator_catalog WHERE kind = 'indicator' ORDER BY run_order`)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []catalogRow
	for r.Next() {
		var c catalogRow
		if err := r.Scan(&c.id, &c.nameZh, &c.nameEn, &c.unitZh, &c.unitEn, &c.format, &c.direction, &c.op, &c.std,
			&c.denZh, &c.denEn, &c.source, &c.interval, &c.formulaZh, &c.formulaEn); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		t.Fatal("empty indicator catalog")
	}
	return out
}

// wantNumFmt is the Excel number format each catalog format must get.
var wantNumFmt = map[string]string{"percent": "0.0%", "decimal1": "#,##0.0", "decimal2": "#,##0.00", "integer": "#,##0"}

type xlsx struct {
	t *testing.T
	f *excelize.File
}

func openXLSX(t *testing.T, path string) xlsx {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return xlsx{t, f}
}

func (x xlsx) raw(sheet string, col, row int) string {
	x.t.Helper()
	v, err := x.f.GetCellValue(sheet, cellName(col, row), excelize.Options{RawCellValue: true})
	if err != nil {
		x.t.Fatal(err)
	}
	return v
}

func (x xlsx) float(sheet string, col, row int) (float64, bool) {
	v, err := strconv.ParseFloat(x.raw(sheet, col, row), 64)
	return v, err == nil
}

func (x xlsx) style(sheet string, col, row int) *excelize.Style {
	x.t.Helper()
	id, err := x.f.GetCellStyle(sheet, cellName(col, row))
	if err != nil {
		x.t.Fatal(err)
	}
	s, err := x.f.GetStyle(id)
	if err != nil {
		x.t.Fatal(err)
	}
	return s
}

func (x xlsx) numFmt(sheet string, col, row int) string {
	s := x.style(sheet, col, row)
	if s.CustomNumFmt != nil {
		return *s.CustomNumFmt
	}
	return "builtin " + strconv.Itoa(s.NumFmt)
}

func (x xlsx) highlighted(sheet string, col, row int) bool {
	s := x.style(sheet, col, row)
	return s.Fill.Type == "pattern" && len(s.Fill.Color) > 0 && strings.EqualFold(s.Fill.Color[0], colorBelowFill)
}

// header returns the header row of a sheet.
func (x xlsx) header(sheet string) []string {
	x.t.Helper()
	rs, err := x.f.GetRows(sheet)
	if err != nil {
		x.t.Fatal(err)
	}
	if len(rs) < headerRow {
		x.t.Fatalf("%s: no header row", sheet)
	}
	return rs[headerRow-1]
}

// dataRows counts the rows of the main table: from firstRow to the first
// empty row.
func (x xlsx) dataRows(sheet string) int {
	n := 0
	for x.raw(sheet, 1, firstRow+n) != "" {
		n++
	}
	return n
}

func col(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i + 1
		}
	}
	t.Fatalf("no column %q in %q", name, header)
	return 0
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestWorkbook writes the workbook in both languages and reads it back
// with excelize: sheets, headers, every value against the warehouse, the
// number formats, the highlighted cells, frozen panes, filters and the
// native chart.
func TestWorkbook(t *testing.T) {
	db := openDB(t, dbPath)
	cat := readCatalog(t, db)
	runID := rows(t, db, `SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1`)[0][0].(string)
	for _, lang := range []string{LangZh, LangEn} {
		t.Run(lang, func(t *testing.T) {
			// Suppression off: every published value is the warehouse's.
			// TestSuppressionConsistent checks the default.
			res := write(t, db, Options{Lang: lang, SuppressBelow: -1})
			wantName := map[string]string{LangZh: "指标汇总_2020.xlsx", LangEn: "indicators_2020.xlsx"}[lang]
			if filepath.Base(res.Workbook) != wantName {
				t.Errorf("workbook %s, want %s", res.Workbook, wantName)
			}
			x := openXLSX(t, res.Workbook)
			want := map[string][]string{
				LangZh: {"指标总表", "均等化", "模式比较", "变化", "达标情况", "规划目标", "数据质量", "空值说明", "指标说明"},
				LangEn: {"Indicators", "Equalization", "Model comparison", "Change", "Below standard", "Plan targets", "Data quality", "Empty cells", "Indicator catalog"},
			}[lang]
			if got := x.f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Fatalf("sheets %q, want %q", got, want)
			}
			filters := map[string]bool{}
			for _, dn := range x.f.GetDefinedName() {
				if dn.Name == "_xlnm._FilterDatabase" {
					filters[dn.Scope] = true
				}
			}
			for _, sheet := range want {
				title := x.raw(sheet, 1, titleRow)
				if !strings.Contains(title, "2020") || !strings.Contains(title, runID) {
					t.Errorf("%s: title %q lacks the period or run id %s", sheet, title, runID)
				}
				p, err := x.f.GetPanes(sheet)
				if err != nil || !p.Freeze || p.YSplit != headerRow {
					t.Errorf("%s: panes %+v (%v), want the first %d rows frozen", sheet, p, err, headerRow)
				}
				if !filters[sheet] {
					t.Errorf("%s: no filter", sheet)
				}
				for i := range x.header(sheet) {
					w, err := x.f.GetColWidth(sheet, colName(i+1))
					if err != nil || w < 8 || w > 60 {
						t.Errorf("%s column %d: width %v (%v), want 8 to 60", sheet, i+1, w, err)
					}
				}
			}
			checkIndicators(t, db, x, want[0], cat, lang)
			checkEqualization(t, db, x, want[1], cat, lang)
			checkModels(t, db, x, want[2], cat, lang)
			checkChange(t, db, x, want[3], cat, lang)
			checkBelow(t, db, x, want[4], cat, lang)
			checkPlans(t, db, x, want[5])
			checkQuality(t, db, x, want[6])
			checkNulls(t, db, x, want[7], lang)
			checkCatalogSheet(t, x, want[8], cat, lang)
			checkChart(t, res.Workbook, want[2], db)
		})
	}
}

func checkIndicators(t *testing.T, db *sql.DB, x xlsx, sheet string, cat []catalogRow, lang string) {
	head := x.header(sheet)
	// The indicators are the last columns, in catalog order.
	first := len(head) - len(cat) + 1
	for i, c := range cat {
		if got := head[first-1+i]; got != c.header(lang) {
			t.Errorf("%s header %d: %q, want %q", sheet, first+i, got, c.header(lang))
		}
	}
	// Between the model column and the indicators: person-level counts,
	// each labelled with a catalog denominator.
	counts := map[int]catalogRow{}
	for i := 9; i < first; i++ {
		found := false
		for _, c := range cat {
			if (lang == LangZh && head[i-1] == c.denZh) || (lang == LangEn && head[i-1] == c.denEn) {
				counts[i], found = c, true
				break
			}
		}
		if !found {
			t.Errorf("%s column %d %q is not a catalog denominator", sheet, i, head[i-1])
		}
	}
	comms := rows(t, db, `SELECT community_code, community_name, street_name, model_id FROM communities WHERE period = '2020' ORDER BY community_code`)
	if n := x.dataRows(sheet); n != len(comms) {
		t.Fatalf("%s: %d rows, want %d communities", sheet, n, len(comms))
	}
	vals := map[[2]string][3]sql.NullFloat64{}
	reasons, surelyBelow := map[[2]string]string{}, map[[2]string]bool{}
	r, err := db.Query(`SELECT community_code, indicator_id, value, numerator, denominator, coalesce(null_reason, ''),
	coalesce(below_standard = 'below', false) FROM indicator_values WHERE period = '2020'`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var code, id, reason string
		var v [3]sql.NullFloat64
		var sb bool
		if err := r.Scan(&code, &id, &v[0], &v[1], &v[2], &reason, &sb); err != nil {
			t.Fatal(err)
		}
		vals[[2]string{code, id}] = v
		reasons[[2]string{code, id}] = reason
		surelyBelow[[2]string{code, id}] = sb
	}
	r.Close()
	highlighted := 0
	for i, c := range comms {
		row := firstRow + i
		if got := x.raw(sheet, 1, row); got != c[0] {
			t.Fatalf("%s row %d: code %s, want %s", sheet, row, got, c[0])
		}
		if got := x.raw(sheet, 2, row); got != c[1] {
			t.Errorf("%s row %d: name %s, want %s", sheet, row, got, c[1])
		}
		for colN, ind := range counts {
			v := vals[[2]string{c[0].(string), ind.id}][2]
			got, ok := x.float(sheet, colN, row)
			if v.Valid != ok || (ok && !near(got, v.Float64)) {
				t.Errorf("%s %s %s: %q, want %v", sheet, c[0], head[colN-1], x.raw(sheet, colN, row), v)
			}
			if ok && x.numFmt(sheet, colN, row) != "#,##0" {
				t.Errorf("%s %s %s: format %q, want #,##0", sheet, c[0], head[colN-1], x.numFmt(sheet, colN, row))
			}
		}
		for j, ind := range cat {
			colN := first + j
			v := vals[[2]string{c[0].(string), ind.id}][0]
			got, ok := x.float(sheet, colN, row)
			if !v.Valid {
				// An empty value shows the head of its reason: the
				// demo's reasons are "分母为0：… / denominator is 0: …"
				// and "缺少分母：… / missing denominator: …".
				reason := reasons[[2]string{c[0].(string), ind.id}]
				zh, en, _ := strings.Cut(reason, " / ")
				raw := x.raw(sheet, colN, row)
				heads := map[string][]string{LangZh: {"分母为0", "缺少分母"}, LangEn: {"denominator is 0", "missing denominator"}}[lang]
				full := map[string]string{LangZh: zh, LangEn: en}[lang]
				if !slices.Contains(heads, raw) || !strings.HasPrefix(full, raw) {
					t.Errorf("%s %s %s: %q, want the head of its reason %q", sheet, c[0], ind.id, raw, reason)
				}
				continue
			}
			if !ok || !near(got, v.Float64) {
				t.Errorf("%s %s %s: %q, want %v", sheet, c[0], ind.id, x.raw(sheet, colN, row), v.Float64)
				continue
			}
			if f := x.numFmt(sheet, colN, row); f != wantNumFmt[ind.format] {
				t.Errorf("%s %s %s: format %q, want %q", sheet, c[0], ind.id, f, wantNumFmt[ind.format])
			}
			// Highlighted: below the standard; for a share from a sample
			// only when its whole interval is (below_standard); never for
			// a 0/1 coverage indicator, whose standard is a share of
			// communities.
			below := ind.op.Valid && !ind.meets(v.Float64)
			switch {
			case strings.HasPrefix(ind.id, "centre_coverage"):
				below = false
			case ind.interval != "":
				below = surelyBelow[[2]string{c[0].(string), ind.id}]
			}
			if x.highlighted(sheet, colN, row) != below {
				t.Errorf("%s %s %s = %v: highlighted %v, want %v", sheet, c[0], ind.id, v.Float64, !below, below)
			}
			if below {
				highlighted++
			}
		}
	}
	if highlighted == 0 {
		t.Errorf("%s: no cell below a standard is highlighted; the demo has some", sheet)
	}
}

func checkEqualization(t *testing.T, db *sql.DB, x xlsx, sheet string, cat []catalogRow, lang string) {
	head := x.header(sheet)
	byLabel := map[string]string{}
	for _, m := range measures {
		byLabel[m.label.in(lang)] = m.id
	}
	byName := map[string]catalogRow{}
	for _, c := range cat {
		byName[c.name(lang)] = c
	}
	type key struct{ scopeID, indicator, measure string }
	want := map[key]sql.NullFloat64{}
	r, err := db.Query(`SELECT scope_id, indicator_id, measure, value FROM equalization WHERE period = '2020'`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var k key
		var v sql.NullFloat64
		if err := r.Scan(&k.scopeID, &k.indicator, &k.measure, &v); err != nil {
			t.Fatal(err)
		}
		want[k] = v
	}
	r.Close()
	n := x.dataRows(sheet)
	wantRows := rows(t, db, `SELECT count(DISTINCT (scope, scope_id, indicator_id)) FROM equalization WHERE period = '2020'`)[0][0].(int64)
	if int64(n) != wantRows {
		t.Errorf("%s: %d rows, want %d scope × indicator", sheet, n, wantRows)
	}
	checked := 0
	for i := 0; i < n; i++ {
		row := firstRow + i
		scopeID := x.raw(sheet, 2, row)
		ind, ok := byName[x.raw(sheet, 4, row)]
		if !ok {
			t.Fatalf("%s row %d: unknown indicator %q", sheet, row, x.raw(sheet, 4, row))
		}
		for c := 7; c <= len(head); c++ {
			id, ok := byLabel[head[c-1]]
			if !ok {
				id = head[c-1] // a measure without a label shows its id
			}
			v := want[key{scopeID, ind.id, id}]
			got, isNum := x.float(sheet, c, row)
			switch {
			case !v.Valid && isNum:
				t.Errorf("%s %s %s %s: %v, want no value", sheet, scopeID, ind.id, id, got)
			case v.Valid && (!isNum || !near(got, v.Float64)):
				t.Errorf("%s %s %s %s: %q, want %v", sheet, scopeID, ind.id, id, x.raw(sheet, c, row), v.Float64)
			case v.Valid:
				wantFmt := measureFormat(measure(id).kind, ind.format)
				if f := x.numFmt(sheet, c, row); f != wantFmt {
					t.Errorf("%s %s %s %s: format %q, want %q", sheet, scopeID, ind.id, id, f, wantFmt)
				}
				checked++
			}
		}
	}
	if checked == 0 {
		t.Errorf("%s: no measure checked", sheet)
	}
	if f := measureFormat(measure("gini_weighted").kind, ""); f != "0.0000" {
		t.Errorf("gini format %q", f)
	}
}

func checkModels(t *testing.T, db *sql.DB, x xlsx, sheet string, cat []catalogRow, lang string) {
	head := x.header(sheet)
	models := rows(t, db, `SELECT model_id, min(name_zh), min(name_en) FROM models GROUP BY model_id ORDER BY model_id`)
	// The test's own ranks: 1 = best by direction, ties share a rank.
	got := rows(t, db, `
SELECT s.indicator_id, s.scope_id, s.value,
       CASE WHEN s.value IS NULL THEN NULL
            WHEN c.direction = 'higher_is_better' THEN rank() OVER (PARTITION BY s.indicator_id ORDER BY s.value DESC NULLS LAST)
            WHEN c.direction = 'lower_is_better' THEN rank() OVER (PARTITION BY s.indicator_id ORDER BY s.value ASC NULLS LAST) END
FROM indicator_scope_values s JOIN indicator_catalog c USING (indicator_id)
WHERE s.period = '2020' AND s.scope = 'model'`)
	type cellWant struct {
		v    any
		rank any
	}
	want := map[[2]string]cellWant{}
	for _, g := range got {
		want[[2]string{g[0].(string), g[1].(string)}] = cellWant{g[2], g[3]}
	}
	theil := map[[2]string]float64{}
	for _, r := range rows(t, db, `SELECT indicator_id, measure, value FROM equalization
		WHERE period = '2020' AND scope = 'all' AND measure IN ('theil_t', 'theil_t_between', 'theil_t_within') AND value IS NOT NULL`) {
		theil[[2]string{r[0].(string), r[1].(string)}] = r[2].(float64)
	}
	if n := x.dataRows(sheet); n != len(cat) {
		t.Fatalf("%s: %d rows, want %d indicators", sheet, n, len(cat))
	}
	for i, ind := range cat {
		row := firstRow + i
		if got := x.raw(sheet, 1, row); got != ind.name(lang) {
			t.Errorf("%s row %d: %q, want %q", sheet, row, got, ind.name(lang))
		}
		for _, m := range models {
			name := m[1].(string)
			if lang == LangEn {
				name = m[2].(string)
			}
			w := want[[2]string{ind.id, m[0].(string)}]
			vc := col(t, head, ui.ValueOf.f(lang, name))
			gv, ok := x.float(sheet, vc, row)
			if wv, valid := w.v.(float64); valid != ok || (ok && !near(gv, wv)) {
				t.Errorf("%s %s %s: value %q, want %v", sheet, ind.id, m[0], x.raw(sheet, vc, row), w.v)
			} else if ok && x.highlighted(sheet, vc, row) != (ind.op.Valid && !ind.meets(wv)) {
				t.Errorf("%s %s %s: highlight wrong for %v", sheet, ind.id, m[0], wv)
			}
			rc := col(t, head, ui.RankOf.f(lang, name))
			gr := x.raw(sheet, rc, row)
			if wr, valid := w.rank.(int64); valid && gr != strconv.FormatInt(wr, 10) || !valid && gr != "—" {
				t.Errorf("%s %s %s: rank %q, want %v", sheet, ind.id, m[0], gr, w.rank)
			}
		}
		for _, tc := range []struct{ label, measure string }{
			{ui.TheilBetweenModels.in(lang), "theil_t_between"}, {ui.TheilWithinModels.in(lang), "theil_t_within"}, {ui.TheilTotal.in(lang), "theil_t"},
		} {
			c := col(t, head, tc.label)
			gv, ok := x.float(sheet, c, row)
			wv, has := theil[[2]string{ind.id, tc.measure}]
			if has != ok || (ok && !near(gv, wv)) {
				t.Errorf("%s %s %s: %q, want %v (present %v)", sheet, ind.id, tc.measure, x.raw(sheet, c, row), wv, has)
			}
		}
	}
}

func checkBelow(t *testing.T, db *sql.DB, x xlsx, sheet string, cat []catalogRow, lang string) {
	want := map[[2]string]float64{}
	for _, r := range rows(t, db, `
SELECT v.indicator_id, v.community_code, v.value FROM indicator_values v JOIN indicator_catalog c USING (indicator_id)
WHERE v.period = '2020' AND c.kind = 'indicator' AND c.standard_op IS NOT NULL AND v.value IS NOT NULL
  AND c.indicator_id NOT LIKE 'centre_coverage%'
  AND CASE WHEN c.interval IS NOT NULL THEN coalesce(v.below_standard = 'below', false)
           ELSE NOT CASE c.standard_op WHEN '>=' THEN v.value >= c.standard_value WHEN '>' THEN v.value > c.standard_value
                             WHEN '<=' THEN v.value <= c.standard_value WHEN '<' THEN v.value < c.standard_value END END`) {
		want[[2]string{r[0].(string), r[1].(string)}] = r[2].(float64)
	}
	byName := map[string]catalogRow{}
	for _, c := range cat {
		byName[c.name(lang)] = c
	}
	n := x.dataRows(sheet)
	if n != len(want) {
		t.Errorf("%s: %d rows, want %d communities below a standard", sheet, n, len(want))
	}
	prev := map[string]float64{}
	for i := 0; i < n; i++ {
		row := firstRow + i
		ind := byName[x.raw(sheet, 1, row)]
		code := x.raw(sheet, 3, row)
		wv, ok := want[[2]string{ind.id, code}]
		gv, isNum := x.float(sheet, 7, row)
		if !ok || !isNum || !near(gv, wv) {
			t.Errorf("%s row %d: %s %s = %q, want %v (listed %v)", sheet, row, ind.id, code, x.raw(sheet, 7, row), wv, ok)
			continue
		}
		if !x.highlighted(sheet, 7, row) {
			t.Errorf("%s row %d: value not highlighted", sheet, row)
		}
		gap := math.Abs((wv - ind.std.Float64) / ind.std.Float64)
		if p, seen := prev[ind.id]; seen && gap > p+1e-12 {
			t.Errorf("%s row %d: %s gap %v after %v: not worst first", sheet, row, ind.id, gap, p)
		}
		prev[ind.id] = gap
	}
}

func checkQuality(t *testing.T, db *sql.DB, x xlsx, sheet string) {
	want := rows(t, db, `SELECT file, rows_in, accepted, quarantined, skipped FROM ingest_files WHERE period = '2020' ORDER BY source, file`)
	if n := x.dataRows(sheet); n != len(want) {
		t.Fatalf("%s: %d rows, want %d files", sheet, n, len(want))
	}
	for i, w := range want {
		row := firstRow + i
		if got := x.raw(sheet, 2, row); got != w[0] {
			t.Errorf("%s row %d: file %q, want %q", sheet, row, got, w[0])
		}
		sum := 0.0
		for j := 1; j <= 4; j++ {
			got, _ := x.float(sheet, 2+j, row)
			if got != float64(w[j].(int64)) {
				t.Errorf("%s %s column %d: %v, want %v", sheet, w[0], 2+j, got, w[j])
			}
			if j > 1 {
				sum += got
			}
			if f := x.numFmt(sheet, 2+j, row); f != "#,##0" {
				t.Errorf("%s %s column %d: format %q", sheet, w[0], 2+j, f)
			}
		}
		if in, _ := x.float(sheet, 3, row); in != sum {
			t.Errorf("%s %s: rows in %v ≠ accepted + quarantined + skipped %v", sheet, w[0], in, sum)
		}
	}
}

func checkCatalogSheet(t *testing.T, x xlsx, sheet string, cat []catalogRow, lang string) {
	head := x.header(sheet)
	if n := x.dataRows(sheet); n != len(cat) {
		t.Fatalf("%s: %d rows, want %d", sheet, n, len(cat))
	}
	src := col(t, head, ui.StandardSource.in(lang))
	for i, c := range cat {
		row := firstRow + i
		if got := x.raw(sheet, 1, row); got != c.id {
			t.Errorf("%s row %d: %q, want %q", sheet, row, got, c.id)
		}
		if got := x.raw(sheet, 2, row); got != c.name(lang) {
			t.Errorf("%s row %d: %q, want %q", sheet, row, got, c.name(lang))
		}
		if got := x.raw(sheet, src, row); got != c.source {
			t.Errorf("%s row %d: source %q, want %q", sheet, row, got, c.source)
		}
		want := map[string]string{LangZh: c.formulaZh, LangEn: c.formulaEn}[lang]
		if got := x.raw(sheet, 4, row); got != want || want == "" {
			t.Errorf("%s row %d: formula %q, want the catalog's %q", sheet, row, got, want)
		}
	}
}

// checkChart finds the native chart in the package: a clustered column
// chart with a series per model and the standard as a line, over cells of
// the model comparison sheet.
func checkChart(t *testing.T, path, sheet string, db *sql.DB) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var charts []string
	for _, f := range zr.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") && strings.HasSuffix(f.Name, ".xml") {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			charts = append(charts, string(b))
		}
	}
	if len(charts) == 0 {
		t.Fatal("no native chart in the workbook")
	}
	sort.Strings(charts)
	// excelize writes the chart namespace as the default one; Excel
	// writes it as c:. Either is the same XML.
	c := html.UnescapeString(strings.NewReplacer("<c:", "<", "</c:", "</").Replace(charts[0]))
	models := len(rows(t, db, `SELECT DISTINCT model_id FROM models`))
	for _, want := range []string{"<barChart>", `<barDir val="col">`, "<lineChart>", quoteSheet(sheet) + "!$"} {
		if !strings.Contains(c, want) {
			t.Errorf("chart lacks %q", want)
		}
	}
	if got := strings.Count(c, "<ser>"); got != models+1 {
		t.Errorf("chart has %d series, want %d models and the standard", got, models+1)
	}
}

// TestSuppression makes one community tiny in a copy of the warehouse
// (3 residents, 3 households) and checks that the counts show as "<5",
// that the values computed from them are suppressed, and that
// --suppress-below moves the threshold or turns it off.
func TestSuppression(t *testing.T) {
	src := openDB(t, dbPath)
	code := rows(t, src, `SELECT community_code FROM indicator_values
		WHERE period = '2020' AND indicator_id = 'centres_per_10k' AND denominator > 100 ORDER BY community_code LIMIT 1`)[0][0].(string)
	src.Close()
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `UPDATE indicator_values v SET denominator = 3, value = v.numerator / 3 * c.scale
			FROM indicator_catalog c WHERE c.indicator_id = v.indicator_id AND v.period = '2020' AND v.community_code = ?
			AND c.denominator_en IN ('resident population', 'households') AND v.numerator IS NOT NULL`, code)
		mustExec(t, db, `UPDATE indicator_values v SET numerator = 3, value = 3 / v.denominator
			WHERE v.period = '2020' AND v.community_code = ? AND v.indicator_id = 'residents_per_grid_worker' AND v.denominator > 0`, code)
		// No floor area at all: far below the standard.
		mustExec(t, db, `UPDATE indicator_values SET numerator = 0, value = 0
			WHERE period = '2020' AND community_code = ? AND indicator_id = 'floor_area_per_100hh'`, code)
	})
	db := openDB(t, path)
	cat := readCatalog(t, db)
	row := firstRow + int(rows(t, db, `SELECT count(*) FROM communities WHERE period = '2020' AND community_code < ?`, code)[0][0].(int64))
	for _, tc := range []struct {
		below    int
		hidden   bool
		wantMask string
	}{
		{0, true, "<5"}, // the default
		{4, true, "<4"}, // 3 < 4
		{3, false, ""},  // 3 is not below 3
		{-1, false, ""}, // off
	} {
		t.Run(strconv.Itoa(tc.below), func(t *testing.T) {
			res := write(t, db, Options{SuppressBelow: tc.below})
			x := openXLSX(t, res.Workbook)
			sheet := ui.SheetIndicators.in(LangZh)
			if got := x.raw(sheet, 1, row); got != code {
				t.Fatalf("row %d is %s, want %s", row, got, code)
			}
			head := x.header(sheet)
			for _, label := range []string{"常住人口", "户数"} {
				c := col(t, head, label)
				got := x.raw(sheet, c, row)
				if tc.hidden && got != tc.wantMask || !tc.hidden && got != "3" {
					t.Errorf("%s: %q, want %q (suppressed %v)", label, got, tc.wantMask, tc.hidden)
				}
			}
			suppressed := 0
			for _, ind := range cat {
				// The values whose counts the test made tiny.
				if ind.denEn != "resident population" && ind.denEn != "households" && ind.id != "residents_per_grid_worker" {
					continue
				}
				c := col(t, head, ind.header(LangZh))
				got := x.raw(sheet, c, row)
				if got == "" {
					continue // NULL in the warehouse
				}
				if tc.hidden && got != ui.Suppressed.in(LangZh) {
					t.Errorf("%s: %q, want %q", ind.id, got, ui.Suppressed.in(LangZh))
				}
				if !tc.hidden && got == ui.Suppressed.in(LangZh) {
					t.Errorf("%s: suppressed with --suppress-below %d", ind.id, tc.below)
				}
				if got == ui.Suppressed.in(LangZh) {
					suppressed++
				}
			}
			if tc.hidden && suppressed < 4 {
				t.Errorf("%d values suppressed, want every per-resident and per-household value", suppressed)
			}
			// The community has no floor area: it is the worst below that
			// standard, listed first unless its values are suppressed.
			html, err := os.ReadFile(res.HTML)
			if err != nil {
				t.Fatal(err)
			}
			var floor catalogRow
			for _, c := range cat {
				if c.id == "floor_area_per_100hh" {
					floor = c
				}
			}
			section := string(html)[strings.Index(string(html), "<h3>"+floor.nameZh+" — "):]
			section = section[:strings.Index(section[4:], "<h3>")+4]
			if listed := strings.Contains(section, "<td>"+code+"</td>"); listed == tc.hidden {
				t.Errorf("the HTML report lists community %s below the floor-area standard: %v, want %v", code, listed, !tc.hidden)
			}
			below := ui.SheetBelow.in(LangZh)
			listed := false
			for r := firstRow; x.raw(below, 1, r) != ""; r++ {
				listed = listed || (x.raw(below, 3, r) == code && x.raw(below, 1, r) == floor.nameZh)
			}
			if listed == tc.hidden {
				t.Errorf("the workbook lists community %s below the floor-area standard: %v, want %v", code, listed, !tc.hidden)
			}
		})
	}
	// The warehouse keeps the exact value.
	if got := rows(t, db, `SELECT denominator FROM indicator_values WHERE period = '2020' AND community_code = ? AND indicator_id = 'centres_per_10k'`, code)[0][0]; got != 3.0 {
		t.Errorf("warehouse denominator %v, want 3", got)
	}
}

// TestPersonLevel pins which catalog labels count people or households.
func TestPersonLevel(t *testing.T) {
	for label, want := range map[string]bool{
		"resident population":       true,
		"households":                true,
		"households in the grids":   true,
		"residents with a location": true,
		"residents whose nearest service centre is at most 300 m": true,
		"registered respondents":                                  true,
		"non-registered respondents":                              true,
		"all respondents rating overall satisfaction 4 or 5":      true,
		"activity participants (person-visits)":                   true,
		"non-registered participants (observed)":                  true,
		"sum of residents × accessibility of their point":         false,
		"non-registered participants expected from their share of residents (participants × non-registered ÷ residents)": false,
		"share satisfied among registered respondents":                                                                   false,
		"livelihood micro-projects (民生微实事) proposed by residents":                                                        false,
		"communities with residents":                            false,
		"communities with residents that have a service centre": false,
		"service centres":                                       false,
		"grid workers":                                          false,
		"community workers (社区工作者)":                             false,
		"events reported (returned events excluded)":            false,
		"funding from all channels (yuan)":                      false,
		"floor area of community service facilities (m²)":       false,
	} {
		if got := personLevel(label); got != want {
			t.Errorf("personLevel(%q) = %v, want %v", label, got, want)
		}
	}
}

// TestSuppressionConsistent writes the reports with the default
// threshold and checks every cell of the Indicators sheet: a count shown
// as "<5" is between 1 and 4 in the warehouse, a value shown as suppressed
// has such a count as its numerator or denominator or is computed from a
// suppressed value, and everything else is the warehouse's value.
func TestSuppressionConsistent(t *testing.T) {
	db := openDB(t, dbPath)
	cat := readCatalog(t, db)
	deps := map[string][]string{}
	for _, r := range rows(t, db, `SELECT indicator_id, unnest(depends_on) FROM indicator_catalog`) {
		deps[r[0].(string)] = append(deps[r[0].(string)], r[1].(string))
	}
	numEn := map[string]string{}
	for _, r := range rows(t, db, `SELECT indicator_id, numerator_en FROM indicator_catalog`) {
		numEn[r[0].(string)] = r[1].(string)
	}
	res := write(t, db, Options{})
	x := openXLSX(t, res.Workbook)
	sheet := ui.SheetIndicators.in(LangZh)
	head := x.header(sheet)
	first := len(head) - len(cat) + 1
	small := func(v sql.NullFloat64) bool { return v.Valid && v.Float64 >= 1 && v.Float64 < 5 }
	comms := rows(t, db, `SELECT community_code FROM communities WHERE period = '2020' ORDER BY community_code`)
	masked, hidden := 0, 0
	for i, c := range comms {
		row := firstRow + i
		code := c[0].(string)
		shown := map[string]bool{}
		for j, ind := range cat {
			shown[ind.id] = x.raw(sheet, first+j, row) != ui.Suppressed.in(LangZh)
		}
		var isHidden func(id string) bool
		isHidden = func(id string) bool { return !shown[id] }
		for col := 9; col < first; col++ {
			if got := x.raw(sheet, col, row); got == "<5" {
				masked++
				var ind catalogRow
				for _, c := range cat {
					if c.denZh == head[col-1] {
						ind = c
						break
					}
				}
				var den sql.NullFloat64
				db.QueryRow(`SELECT denominator FROM indicator_values WHERE period = '2020' AND community_code = ? AND indicator_id = ?`, code, ind.id).Scan(&den)
				if !small(den) {
					t.Errorf("%s %s: \"<5\" for %v", code, head[col-1], den)
				}
			}
		}
		for j, ind := range cat {
			got := x.raw(sheet, first+j, row)
			var v, num, den sql.NullFloat64
			db.QueryRow(`SELECT value, numerator, denominator FROM indicator_values WHERE period = '2020' AND community_code = ? AND indicator_id = ?`,
				code, ind.id).Scan(&v, &num, &den)
			if got != ui.Suppressed.in(LangZh) {
				if f, err := strconv.ParseFloat(got, 64); v.Valid && (err != nil || !near(f, v.Float64)) {
					t.Errorf("%s %s: %q, want %v", code, ind.id, got, v.Float64)
				}
				continue
			}
			hidden++
			reason := (personLevel(numEn[ind.id]) && small(num)) || (personLevel(ind.denEn) && small(den))
			for _, d := range deps[ind.id] {
				reason = reason || (d != ind.id && isHidden(d))
			}
			if !reason {
				t.Errorf("%s %s is suppressed (num %v, den %v) with no small count behind it", code, ind.id, num, den)
			}
		}
	}
	t.Logf("%d counts masked, %d values suppressed", masked, hidden)
}

// checkNulls reads the Empty cells sheet: one row per indicator and
// reason, with the reason in full and the number of communities whose
// value is NULL for it, which together are every NULL value of the period.
func checkNulls(t *testing.T, db *sql.DB, x xlsx, sheet, lang string) {
	head := x.header(sheet)
	idCol, reasonCol, nCol := col(t, head, ui.IndicatorID.in(lang)), col(t, head, ui.Reason.in(lang)), col(t, head, ui.Communities.in(lang))
	want := map[[2]string]int64{}
	var total int64
	for _, r := range rows(t, db, `SELECT indicator_id, coalesce(null_reason, ''), count(*) FROM indicator_values WHERE period = '2020' AND value IS NULL GROUP BY ALL`) {
		zh, en, _ := strings.Cut(r[1].(string), " / ")
		want[[2]string{r[0].(string), map[string]string{LangZh: zh, LangEn: en}[lang]}] = r[2].(int64)
		total += r[2].(int64)
	}
	n := x.dataRows(sheet)
	if n != len(want) {
		t.Errorf("%s: %d rows, want %d (indicator, reason) pairs", sheet, n, len(want))
	}
	var sum int64
	for row := firstRow; row < firstRow+n; row++ {
		k := [2]string{x.raw(sheet, idCol, row), x.raw(sheet, reasonCol, row)}
		got, _ := x.float(sheet, nCol, row)
		if w, ok := want[k]; !ok || int64(got) != w {
			t.Errorf("%s row %d %q: %v communities, want %d (%v)", sheet, row, k, got, w, ok)
		}
		sum += int64(got)
	}
	if sum != total || total == 0 {
		t.Errorf("%s: %d NULL values in all, want %d (the demo has some)", sheet, sum, total)
	}
}

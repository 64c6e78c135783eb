package reports

import (
	"database/sql"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"shequ/indicators"
)

// The reading's tests build small datasets by hand, so that every
// expected sentence is worked out from the numbers written here.

var (
	modelA = model{id: "a", nameZh: "甲模式", nameEn: "Model A", color: "#2e6db4", streets: 2}
	modelB = model{id: "b", nameZh: "乙模式", nameEn: "Model B", color: "#d9822b", streets: 2}
	modelC = model{id: "c", nameZh: "丙模式", nameEn: "Model C", color: "#3a9b5c", streets: 1}
)

// testIndicator is an indicator of the hand-made catalogs: id, direction,
// format, and a standard ">= std" when std > 0.
func testIndicator(id, dir, format string, std float64) *indicators.Indicator {
	ind := &indicators.Indicator{ID: id, Kind: indicators.KindIndicator, NameZh: "指标" + id, NameEn: "Indicator " + id,
		Direction: dir, Format: format, Scale: 1, Aggregate: indicators.AggregateRatio}
	if std > 0 {
		ind.StandardOp, ind.StandardValue = ">=", std
	}
	return ind
}

func testDataset(lang string, models []model, cat ...*indicators.Indicator) *dataset {
	return &dataset{period: "2020", lang: lang, catalog: cat, models: models, tables: map[string]bool{},
		compare: map[string]map[string]compareCell{}, scope: map[scopeKey]scopeValue{}, theil: map[string]theilSplit{},
		eqIndex: map[[4]string]eqRow{}, values: map[string]map[string]value{}, priv: privacy{below: 5}}
}

// setModels gives the models' overall values of an indicator (NaN for
// none) and ranks them as loadComparison does.
func (d *dataset) setModels(id string, vs map[string]float64) {
	cells := map[string]compareCell{}
	for m, v := range vs {
		cells[m] = compareCell{v: sql.NullFloat64{Float64: v, Valid: !math.IsNaN(v)}}
	}
	rankCells(d.indicator(id).Direction, cells)
	d.compare[id] = cells
}

// setEq records one equalization measure.
func (d *dataset) setEq(scope, id, indicator, measure string, v float64) {
	e := eqRow{scope: scope, scopeID: id, indicator: indicator, measure: measure, v: sql.NullFloat64{Float64: v, Valid: true}}
	d.equal = append(d.equal, e)
	d.eqIndex[[4]string{scope, id, indicator, measure}] = e
}

func nullF(v float64) sql.NullFloat64 { return sql.NullFloat64{Float64: v, Valid: true} }

// TestLeadersTiesCountedOnce: x1 has A first alone, x4 B first alone; x2
// (A and B on 5) and x3 (all three on 2) are ties, each counted once;
// the two 2SFCA indicators (A first), the neutral x5 and x6 (one model
// with a value) are not counted. So 4 indicators: A 1, B 1, 2 tied. The
// old count gave A 5 first places (x1, x2, x3 and both 2SFCA).
func TestLeadersTiesCountedOnce(t *testing.T) {
	hi, lo := indicators.HigherIsBetter, indicators.LowerIsBetter
	cat := []*indicators.Indicator{
		testIndicator("x1", hi, "decimal2", 0), testIndicator("x2", hi, "decimal2", 0), testIndicator("x3", lo, "decimal2", 0),
		testIndicator("x4", lo, "decimal2", 0), testIndicator("access_2sfca", hi, "decimal1", 0),
		testIndicator("access_2sfca_uniform", hi, "decimal1", 0), testIndicator("x5", indicators.Neutral, "decimal2", 0),
		testIndicator("x6", hi, "decimal2", 0),
	}
	vals := map[string]map[string]float64{
		"x1": {"a": 3, "b": 2, "c": 1}, "x2": {"a": 5, "b": 5, "c": 1}, "x3": {"a": 2, "b": 2, "c": 2},
		"x4": {"a": 4, "b": 1, "c": 9}, "access_2sfca": {"a": 9, "b": 1, "c": 1}, "access_2sfca_uniform": {"a": 9, "b": 1, "c": 1},
		"x5": {"a": 1, "b": 2, "c": 3}, "x6": {"a": 1, "b": math.NaN(), "c": math.NaN()},
	}
	for _, tc := range []struct {
		name, lang string
		drop       []string // indicators left out of the catalog
		want       string
	}{
		{"zh", LangZh, nil, "在4项有方向、且至少两个模式有值的指标中（不计两项两步移动搜寻法可达性指标，见下），单独排名第一的是甲模式1项、乙模式1项；2项为并列第一（每项只计一次）。"},
		{"en", LangEn, nil, "Of the 4 indicators with a direction and values for two or more models (the two 2SFCA accessibility indicators left out; see below), first place alone goes to Model A on 1, Model B on 1; on 2, models are tied for first (each counted once)."},
		{"ties only", LangZh, []string{"x1", "x4", "access_2sfca", "access_2sfca_uniform"},
			"在2项有方向、且至少两个模式有值的指标中，没有模式单独排名第一；2项为并列第一（每项只计一次）。"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var keep []*indicators.Indicator
			for _, ind := range cat {
				if !slices.Contains(tc.drop, ind.ID) {
					keep = append(keep, ind)
				}
			}
			d := testDataset(tc.lang, []model{modelA, modelB, modelC}, keep...)
			for _, ind := range keep {
				d.setModels(ind.ID, vals[ind.ID])
			}
			got, ok := d.leadersSentence()
			if !ok || got != tc.want {
				t.Errorf("got %q (%v)\nwant %q", got, ok, tc.want)
			}
		})
	}
}

// TestTwoStepSentence: the 2SFCA sentence says the two are equal when
// every model's two values are, and only approximately so otherwise.
func TestTwoStepSentence(t *testing.T) {
	hi := indicators.HigherIsBetter
	for _, tc := range []struct {
		name             string
		uniformA         float64
		want, wantAbsent string
	}{
		{"equal", 55.97869164, "(Model A: 56.0 for both)", "approximately"},
		{"different", 57.2, "(Model A: 56.0 and 57.2)", "agree"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := testDataset(LangEn, []model{modelA, modelB},
				testIndicator("access_2sfca", hi, "decimal1", 0), testIndicator("access_2sfca_uniform", hi, "decimal1", 0))
			d.setModels("access_2sfca", map[string]float64{"a": 55.97869164, "b": 90.9})
			d.setModels("access_2sfca_uniform", map[string]float64{"a": tc.uniformA, "b": 90.9})
			got, ok := d.twoStepSentence()
			if !ok || !strings.Contains(got, tc.want) || strings.Contains(got, tc.wantAbsent) {
				t.Errorf("got %q (%v), want it to hold %q and not %q", got, ok, tc.want, tc.wantAbsent)
			}
		})
	}
}

// TestTheilZero: an indicator whose Theil T is 0.0004 (shown 0.000) has
// no inequality to split, whatever its between share (here 50%, rounding
// noise): the reading and the chart say so and show no 50%. Of the other
// two, 0.3/0.5 = 60% and 0.1/0.25 = 40% lie between the models. Model A
// (two streets) has T 0.0003 (all between, noise) on y1 and 0.02/0.2 =
// 10% between streets on y2: its mean is 10%, mostly within streets.
func TestTheilZero(t *testing.T) {
	hi := indicators.HigherIsBetter
	d := testDataset(LangZh, []model{modelA},
		testIndicator("y1", hi, "percent", 0), testIndicator("y2", hi, "decimal2", 0), testIndicator("y3", hi, "decimal2", 0))
	for id, x := range map[string][2]float64{"y1": {0.0002, 0.0004}, "y2": {0.1, 0.25}, "y3": {0.3, 0.5}} {
		d.theil[id] = theilSplit{between: nullF(x[0]), within: nullF(x[1] - x[0]), total: nullF(x[1])}
		d.setEq("all", "all", id, "theil_t", x[1])
	}
	d.setEq("model", "a", "y1", "theil_t", 0.0003)
	d.setEq("model", "a", "y1", "theil_t_between", 0.0003)
	d.setEq("model", "a", "y2", "theil_t", 0.2)
	d.setEq("model", "a", "y2", "theil_t_between", 0.02)

	want := []string{
		"泰尔T分解：在2项有不均等的均等化指标中，治理模式之间的差异所占比重最高的是「指标y3」（60%），最低的是「指标y2」（40%）。",
		"「指标y1」在社区之间无不均等（泰尔T = 0.000）。",
	}
	if got := d.theilSentences(); !reflect.DeepEqual(got, want) {
		t.Errorf("reading:\ngot  %q\nwant %q", got, want)
	}
	wantStreets := "各模式内部：甲模式的差距主要在街道内部的社区之间（街道之间平均只占10%）。"
	if got, ok := d.streetsSentence(); !ok || got != wantStreets {
		t.Errorf("streets: got %q (%v), want %q", got, ok, wantStreets)
	}
	charts := d.theilCharts()
	if len(charts) != 1 {
		t.Fatalf("%d Theil charts, want 1", len(charts))
	}
	svg := charts[0]
	for _, s := range []string{">无不均等<", "T=0.000", "组间 40%", "组间 60%"} {
		if !strings.Contains(svg, s) {
			t.Errorf("the Theil chart lacks %q", s)
		}
	}
	if strings.Contains(svg, "50%") {
		t.Error("the Theil chart splits a total of 0.000 (50%)")
	}
}

// TestFormatGap: gaps of percent indicators are percentage points, not
// percentages; others keep their format; all carry their sign.
func TestFormatGap(t *testing.T) {
	for _, tc := range []struct {
		format, lang string
		gap          float64
		want         string
	}{
		{"percent", LangZh, -0.072, "-7.2个百分点"},
		{"percent", LangEn, -0.072, "-7.2 pp"},
		{"percent", LangEn, 0.05, "+5.0 pp"},
		{"percent", LangEn, -0.00004, "0.0 pp"}, // rounds to nothing: no sign
		{"decimal1", LangZh, -5.03, "-5.0"},
		{"decimal2", LangEn, 0.41, "+0.41"},
		{"integer", LangEn, -1234.4, "-1,234"},
	} {
		ind := testIndicator("g", indicators.HigherIsBetter, tc.format, 0)
		if got := formatGap(ind, tc.gap, tc.lang); got != tc.want {
			t.Errorf("formatGap(%s, %v, %s) = %q, want %q", tc.format, tc.gap, tc.lang, got, tc.want)
		}
	}
	pct := testIndicator("g", indicators.HigherIsBetter, "percent", 0)
	for lang, want := range map[string]string{LangZh: `+0.0"个百分点";-0.0"个百分点";0.0"个百分点"`, LangEn: `+0.0" pp";-0.0" pp";0.0" pp"`} {
		if got := gapExcelFormat(pct, lang); got != want {
			t.Errorf("gapExcelFormat(percent, %s) = %q, want %q", lang, got, want)
		}
	}
	if got := gapExcelValue(pct, -0.072); math.Abs(got+7.2) > 1e-9 {
		t.Errorf("gapExcelValue(percent, -0.072) = %v, want -7.2", got)
	}
	if got := gapExcelFormat(testIndicator("g", indicators.HigherIsBetter, "decimal1", 0), LangZh); got != "#,##0.0" {
		t.Errorf("gapExcelFormat(decimal1) = %q", got)
	}
}

package reports

import (
	"database/sql"
	"reflect"
	"strings"
	"testing"

	"shequ/indicators"
)

// findingsDataset: p1 (percent, ≥ 100%) with A at 92.8%, 7.2 pp and 7.2%
// of the standard short; r1 (ratio, ≥ 1.00) with A at 0.59 (41% short)
// and B at 0.70 (30%); w1 (≥ 18.0) with C at 13.0 (5.0 short, 27.8%).
// A at 0.59 on r1 is furthest.
func findingsDataset(lang string) *dataset {
	hi := indicators.HigherIsBetter
	p1 := testIndicator("p1", hi, "percent", 1)
	p1.UnitZh, p1.UnitEn = "%", "%"
	r1 := testIndicator("r1", hi, "decimal2", 1)
	r1.UnitZh, r1.UnitEn = "倍", "ratio"
	w1 := testIndicator("w1", hi, "decimal1", 18)
	w1.UnitZh, w1.UnitEn = "人/万人", "per 10,000"
	d := testDataset(lang, []model{modelA, modelB, modelC}, p1, r1, w1)
	d.setModels("p1", map[string]float64{"a": 0.928, "b": 1, "c": 1})
	d.setModels("r1", map[string]float64{"a": 0.59, "b": 0.70, "c": 1.2})
	d.setModels("w1", map[string]float64{"a": 20, "b": 19, "c": 13.0})
	return d
}

// TestFindingGap: the first finding is the furthest model by the gap as
// a share of the standard, with its gap written out; the others follow
// in one sentence, grouped by indicator in catalog order.
func TestFindingGap(t *testing.T) {
	for _, tc := range []struct {
		lang, first, others string
	}{
		{LangZh, "离标准最远（按模式合计，以差距占标准的比例计）：甲模式的「指标r1」为0.59 倍，比标准（≥ 1.00 倍）低0.41 倍，差距为标准的41%。",
			"按模式合计，另有未达标：「指标p1」（标准：≥ 100.0%）：甲模式 92.8%；「指标r1」（标准：≥ 1.00 倍）：乙模式 0.70 倍；「指标w1」（标准：≥ 18.0 人/万人）：丙模式 13.0 人/万人。"},
		{LangEn, "Furthest from a standard (a model taken as a whole, gap as a share of the standard): Indicator r1 in Model A is 0.59 ratio, 0.41 ratio below the standard (≥ 1.00 ratio), a gap of 41% of it.",
			"Also below a standard, taken as a whole: Indicator p1 (standard ≥ 100.0%): Model A 92.8%; Indicator r1 (standard ≥ 1.00 ratio): Model B 0.70 ratio; Indicator w1 (standard ≥ 18.0 per 10,000): Model C 13.0 per 10,000."},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			r := findingsDataset(tc.lang).readingView(nil)
			if len(r.Findings) == 0 || r.Findings[0] != tc.first {
				t.Errorf("first finding:\ngot  %q\nwant %q", r.Findings, tc.first)
			}
			if len(r.Rest) == 0 || r.Rest[0] != tc.others {
				t.Errorf("others:\ngot  %q\nwant %q", r.Rest, tc.others)
			}
		})
	}
}

// TestFindingGapPercent: a percent indicator's gap is in percentage
// points: 92.8% against ≥ 100.0% is 7.2 pp short, 7% of the standard.
func TestFindingGapPercent(t *testing.T) {
	for lang, want := range map[string]string{
		LangZh: "离标准最远（按模式合计，以差距占标准的比例计）：甲模式的「指标p1」为92.8%，比标准（≥ 100.0%）低7.2个百分点，差距为标准的7%。",
		LangEn: "Furthest from a standard (a model taken as a whole, gap as a share of the standard): Indicator p1 in Model A is 92.8%, 7.2 pp below the standard (≥ 100.0%), a gap of 7% of it.",
	} {
		d := findingsDataset(lang)
		d.catalog = d.catalog[:1]
		if got := d.readingView(nil).Findings; len(got) == 0 || got[0] != want {
			t.Errorf("%s: got %q, want %q", lang, got, want)
		}
	}
}

// TestFindingChange: the third finding is the largest change of a model's
// value as a share of the earlier one. d1 (a difference, 0.75 → 1.90,
// +153%), n1 (neutral, ×10) and z1 (from 0) are not candidates; r1 for A
// went 0.50 → 0.59 (+0.09, +18%) and p1 for B 0.80 → 0.928 (+16%): r1.
// With p1 for B from 0.50 (+85.6%), p1 is the largest, in pp.
func TestFindingChange(t *testing.T) {
	d := findingsDataset(LangZh)
	d1 := testIndicator("d1", indicators.LowerIsBetter, "decimal1", 0)
	d1.Aggregate = indicators.AggregateDifference
	d.catalog = append(d.catalog, d1, testIndicator("n1", indicators.Neutral, "decimal2", 0), testIndicator("z1", indicators.HigherIsBetter, "decimal2", 0))
	changes := []modelChange{
		{"d1", "a", "2015", 0.75, 1.90, 1.15, "declined"},
		{"n1", "a", "2015", 1, 10, 9, "improved"},
		{"z1", "a", "2015", 0, 5, 5, "improved"},
		{"r1", "a", "2015", 0.50, 0.59, 0.09, "improved"},
		{"p1", "b", "2015", 0.80, 0.928, 0.128, "improved"},
	}
	want := "变化最大（按模式合计，与上期2015相比，以变化占上期数值的比例计）：甲模式的「指标r1」从0.50 倍升至0.59 倍（+0.09，+18%，改善）。"
	if got, ok := d.changeSentence(changes); !ok || got != want {
		t.Errorf("got %q (%v)\nwant %q", got, ok, want)
	}
	changes[4] = modelChange{"p1", "b", "2015", 0.50, 0.928, 0.428, "improved"}
	want = "变化最大（按模式合计，与上期2015相比，以变化占上期数值的比例计）：乙模式的「指标p1」从50.0%升至92.8%（+42.8个百分点，+86%，改善）。"
	if got, ok := d.changeSentence(changes); !ok || got != want {
		t.Errorf("got %q (%v)\nwant %q", got, ok, want)
	}
	if r := d.readingView(changes); len(r.Findings) != 2 || r.Findings[1] != want {
		t.Errorf("findings %q: want the gap and then %q (no equalized indicator)", r.Findings, want)
	}
}

// TestFindingFewest: with no earlier period, the third finding is the
// standard the smallest share of communities meets: r1, 1 of 153 (1%),
// against p1, 151 of 160.
func TestFindingFewest(t *testing.T) {
	d := findingsDataset(LangEn)
	d.scope[scopeKey{"all", "all", "p1"}] = scopeValue{withValue: sql.NullInt64{Int64: 160, Valid: true}, meet: sql.NullInt64{Int64: 151, Valid: true}}
	d.scope[scopeKey{"all", "all", "r1"}] = scopeValue{withValue: sql.NullInt64{Int64: 153, Valid: true}, meet: sql.NullInt64{Int64: 1, Valid: true}}
	want := "Fewest communities meeting a standard (all communities, by share meeting): Indicator r1 (standard ≥ 1.00 ratio): 1 of 153 communities with a value meet it (1%)."
	r := d.readingView(nil)
	if len(r.Findings) != 2 || r.Findings[1] != want {
		t.Errorf("findings %q\nwant the gap and %q", r.Findings, want)
	}
	wantMeeting := "Communities meeting each standard, over all models: Indicator p1 151 of 160, Indicator r1 1 of 153."
	if !reflect.DeepEqual(r.Rest[1], wantMeeting) {
		t.Errorf("rest %q\nwant %q second", r.Rest, wantMeeting)
	}
}

// TestBarsLegend: the per-community bars say what full and pale bars and
// the dashed line are, and a pale bar's tooltip gives its gap in
// percentage points (0.90 against ≥ 100.0%: 10.0 pp below).
func TestBarsLegend(t *testing.T) {
	d := findingsDataset(LangZh)
	ind := d.catalog[0]
	d.detail = []community{{code: "110101001001", name: "东社区", modelID: "a"}, {code: "110101001002", name: "西社区", modelID: "a"}}
	d.values["110101001001"] = map[string]value{"p1": {v: nullF(1)}}
	// 0.9 misses ≥ 1: the load marks it below (communities.go).
	d.values["110101001002"] = map[string]value{"p1": {v: nullF(0.9), below: true}}
	svg, skipped, ok := d.barsChart(ind)
	if !ok || skipped != 0 {
		t.Fatalf("barsChart: ok %v, skipped %d", ok, skipped)
	}
	for _, s := range []string{">达标<", ">未达标（浅色）<", ">标准 ≥ 100.0%<", `stroke-dasharray="6 4"`,
		"<title>西社区 110101001002：90.0%，比标准低10.0个百分点</title>", "<title>东社区 110101001001：100.0%</title>"} {
		if !strings.Contains(svg, s) {
			t.Errorf("the bars lack %q", s)
		}
	}
}

package indicators

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"shequ/standards"
)

var sources = []string{"communities", "census", "facilities", "staff", "grid", "funding", "activities", "social_orgs", "volunteers", "community_affairs",
	"grid_events", "survey", "resident_points"}

func TestLoadEmbedded(t *testing.T) {
	cat, err := Load(sources)
	if err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, ind := range cat.All {
		pos[ind.ID] = i
	}
	// Every declaration comes after what it depends on.
	for _, ind := range cat.All {
		for _, d := range ind.DependsOn {
			if p, ok := pos[d]; ok && p > pos[ind.ID] {
				t.Errorf("%s runs before its dependency %s", ind.ID, d)
			}
		}
	}
	gap, err := cat.Get("satisfaction_gap")
	if err != nil {
		t.Fatal(err)
	}
	if gap.Aggregate != AggregateDifference || !slices.Equal(gap.DifferenceOf, []string{"satisfied_share_registered", "satisfied_share_non_registered"}) {
		t.Errorf("satisfaction_gap = %+v", gap)
	}
	area, _ := cat.Get("floor_area_per_100hh")
	if !area.HasStandard() || area.StandardOp != ">=" || area.StandardValue != 30 || !area.Meets(30) || area.Meets(29.9) {
		t.Errorf("floor_area_per_100hh standard = %s %v", area.StandardOp, area.StandardValue)
	}
	// Headline standards come from the shipped plans, and name them: the
	// national plan's four targets, the 2017 opinion's two, the two benchmarks with their own
	// sources, and nothing else (the combined centre_coverage has no single
	// target in the plan: 100 % urban, 80 % rural).
	got := map[string]string{}
	var ids []string
	for _, ind := range cat.Indicators() {
		ids = append(ids, ind.ID)
		if ind.HasStandard() {
			got[ind.ID] = fmt.Sprintf("%s %s %g", ind.StandardPlan, ind.StandardOp, ind.StandardValue)
		}
	}
	if diff := cmp.Diff(map[string]string{
		"centre_coverage_urban":           "cn-2021-56 >= 1",
		"centre_coverage_rural":           "cn-2021-56 >= 0.8",
		"floor_area_per_100hh":            "cn-2021-56 >= 30",
		"community_workers_per_10k_urban": "cn-2021-56 >= 18",
		"social_orgs_per_urban_community": "cn-2017-191 >= 10",
		"social_orgs_per_rural_community": "cn-2017-191 >= 5",
		"satisfied_share":                 "shequ-benchmarks >= 0.75",
		"reach_parity":                    "shequ-benchmarks >= 1",
	}, got); diff != "" {
		t.Errorf("headline standards (-want +got):\n%s", diff)
	}
	if area.StandardSource != "国办发〔2021〕56号《“十四五”城乡社区服务体系建设规划》" {
		t.Errorf("floor_area_per_100hh source = %q", area.StandardSource)
	}
	sat, _ := cat.Get("satisfied_share")
	if !strings.HasPrefix(sat.StandardSource, "民政部") {
		t.Errorf("satisfied_share source = %q", sat.StandardSource)
	}
	// Every plan shipped or in examples/ names indicators that exist.
	plans := standards.Shipped()
	for _, name := range standards.Examples() {
		_, p, err := standards.Example(name)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, p)
	}
	for _, p := range plans {
		for _, problem := range p.Check(ids) {
			t.Error(problem)
		}
	}
	// Only the satisfaction shares come from a sample (survey respondents);
	// every other indicator counts a whole population (residents,
	// households, centres, staff, grids, events, yuan, communities) and is
	// exact.
	intervals := map[string]string{}
	for _, ind := range cat.Indicators() {
		if ind.Interval != "" {
			intervals[ind.ID] = ind.Interval
		}
	}
	if diff := cmp.Diff(map[string]string{
		"satisfied_share": IntervalWilson, "satisfied_share_registered": IntervalWilson,
		"satisfied_share_non_registered": IntervalWilson, "satisfaction_gap": IntervalNewcombe,
	}, intervals); diff != "" {
		t.Errorf("indicators with an interval (-want +got):\n%s", diff)
	}
	if _, err := cat.Get("nope"); !errors.Is(err, ErrUnknownIndicator) {
		t.Errorf("Get(nope) = %v, want ErrUnknownIndicator", err)
	}
}

// A broken declaration reports every problem at once.
func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"a.sql": {Data: []byte("-- id: a\n-- name_zh: 甲\n-- name_en: A\n-- direction: up\n-- colour: red\n-- scale: -1\n-- depends_on: census, b\n-- formula_en:\nSELECT 1\n")},
		"b.sql": {Data: []byte("-- id: b\n-- kind: view\n-- name_zh: 乙\n-- name_en: B\n-- depends_on: a\nSELECT 1\n")},
		"c.sql": {Data: []byte("-- id: d\n-- kind: view\n-- name_zh: 丙\n-- name_en: C\n-- depends_on: nowhere\n")},
	}
	_, err := load(fsys, []string{"census"})
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		`a.sql: line 4: direction: "up" is not`,
		`a.sql: line 5: unknown header key "colour"`,
		`a.sql: line 6: scale: "-1" is not a positive number`,
		`a.sql: missing header "unit_zh"`,
		`a.sql: missing header "formula_zh"`,
		`a.sql: header "formula_en" is empty`,
		`c.sql: no SELECT after the header`,
		`c.sql: id "d" does not match the file name`,
		`c.sql: depends_on "nowhere"`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	// With the other problems fixed, the cycle a → b → a is found.
	fsys = fstest.MapFS{
		"a.sql": {Data: []byte("-- id: a\n-- kind: view\n-- name_zh: 甲\n-- name_en: A\n-- depends_on: b\nSELECT 1\n")},
		"b.sql": {Data: []byte("-- id: b\n-- kind: view\n-- name_zh: 乙\n-- name_en: B\n-- depends_on: a\nSELECT 1\n")},
	}
	if _, err := load(fsys, nil); err == nil || !strings.Contains(err.Error(), "dependency cycle: a → b → a") {
		t.Errorf("load with a cycle = %v, want a dependency cycle a → b → a", err)
	}
}

// An interval must fit the way the value is formed.
func TestLoadIntervalProblems(t *testing.T) {
	share := func(id, extra string) *fstest.MapFile {
		if !strings.Contains(extra, "depends_on") {
			extra += "-- depends_on: survey\n"
		}
		return decl(id, extra, "SELECT 1")
	}
	fsys := fstest.MapFS{
		"a.sql": share("a", "-- interval: wilson\n"),
		"b.sql": share("b", ""),
		"c.sql": share("c", "-- interval: exact\n"),
		"d.sql": share("d", "-- interval: newcombe\n"),
		"e.sql": share("e", "-- interval: wilson\n-- aggregate: difference\n-- difference_of: a, b\n-- depends_on: a, b\n"),
		"f.sql": share("f", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, b\n-- depends_on: a, b\n"),
		"g.sql": share("g", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, h\n-- depends_on: a, h\n"),
		"h.sql": share("h", "-- interval: wilson\n-- scale: 100\n"),
		"i.sql": share("i", "-- interval: newcombe\n-- aggregate: difference\n-- difference_of: a, a\n-- depends_on: a\n"),
	}
	_, err := load(fsys, []string{"survey"})
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		`c.sql: line 16: interval: "exact" is not wilson or newcombe`,
		`d.sql: interval newcombe is for an indicator whose value is a difference`,
		`e.sql: interval wilson is for an indicator whose value is a ratio`,
		`f.sql: interval newcombe needs difference_of: two indicators with interval wilson`,
		`g.sql: interval newcombe needs difference_of: two indicators with interval wilson and the same scale`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
	for _, ok := range []string{"a.sql", "b.sql", "h.sql", "i.sql"} {
		if strings.Contains(err.Error(), ok+":") {
			t.Errorf("%s is a valid declaration, but the error mentions it:\n%v", ok, err)
		}
	}
}

func TestFormatValue(t *testing.T) {
	for _, tc := range []struct {
		format string
		v      float64
		want   string
	}{
		{"percent", 0.928, "92.8%"},
		{"decimal1", 33.214, "33.2"},
		{"decimal2", 0.43531, "0.44"},
		{"integer", 889.25, "889"},
	} {
		if got := FormatValue(tc.format, tc.v); got != tc.want {
			t.Errorf("FormatValue(%s, %v) = %q, want %q", tc.format, tc.v, got, tc.want)
		}
	}
}

// TestFormulas checks the formula every indicator declares for readers
// (formula_zh, formula_en) against the rest of its declaration and its SQL:
// a ratio's formula names its numerator and denominator and its scale, a
// median's says median, a difference's subtracts; every formula says how
// a scope's value is formed; thresholds and funding channels in the SQL
// appear in the formula. The phrases in the table were written from
// reading each SELECT.
func TestFormulas(t *testing.T) {
	cat, err := Load(sources)
	if err != nil {
		t.Fatal(err)
	}
	scales := map[float64]string{100: "100", 1000: "1,000", 10000: "10,000"}
	threshold := regexp.MustCompile(`nearest_centre_m <= ([0-9]+)`)
	channel := regexp.MustCompile(`channel = '([^']+)'`)
	phrases := map[string][2][]string{
		"centre_coverage":       {{"有社区服务中心为1，否则为0"}, {"1 if it has a service centre, otherwise 0"}},
		"centre_coverage_rural": {{"城乡分类代码以2开头", "为1，否则为0"}, {"urban-rural class code starting with 2", "otherwise 0"}},
		"centre_coverage_urban": {{"城乡分类代码以1开头", "为1，否则为0"}, {"urban-rural class code starting with 1", "otherwise 0"}},
		"centres_per_10k":       {{"社区服务中心数 ÷ 常住人口 × 10,000"}, {"service centres ÷ resident population × 10,000"}},
		"satisfaction_gap": {{"（户籍居民满意率 − 非户籍居民满意率）× 100", "百分点", "两者各自的上级范围值之差"},
			{"(share satisfied among registered respondents − share satisfied among non-registered respondents) × 100", "percentage points", "difference of the two shares' scope values"}},
		"median_hours_to_close": {{"办结用时（小时，办结时间 − 上报时间）的中位数", "全部已办结事件用时的中位数"},
			{"median of the hours from report to closure", "the median over all the scope's closed events"}},
		"access_2sfca": {{"第一步", "Rj = 建筑面积Sj", "第二步", "Ai = Σj(Rj × G(dij))", "e^(−½(d/d0)²)", "Σi(Pi × Ai) ÷ ΣiPi × 1,000"},
			{"step 1", "Rj = floor area Sj", "step 2", "Ai = Σj(Rj × G(dij))", "e^(−½(d/d0)²)", "Σi(Pi × Ai) ÷ ΣiPi × 1,000"}},
		"access_2sfca_uniform":   {{"第一步", "第二步", "G(d) = 1"}, {"step 1", "step 2", "G(d) = 1"}},
		"reach_parity":           {{"（非户籍参与人次 ÷ 参与人次）÷（非户籍人口 ÷ 常住人口）", "Σ实际 ÷ Σ预期"}, {"(non-registered participants ÷ participants) ÷ (non-registered ÷ residents)", "Σ observed ÷ Σ expected"}},
		"event_closure_rate":     {{"不含已退回"}, {"returned events excluded"}},
		"satisfied_share":        {{"4或5分", "不是社区满意率的平均"}, {"4 or 5", "not a mean of community shares"}},
		"floor_area_per_100hh":   {{"÷ 户数 × 100", "全部服务设施"}, {"÷ households × 100", "all the community's facilities"}},
		"micro_projects_per_10k": {{"提出方为居民"}, {"proposer 居民"}},
		"social_orgs_per_urban_community": {{"城乡分类代码以1开头", "状态为正常", "分母为0，为空"},
			{"urban-rural class code starting with 1", "active (正常)", "denominator 0: NULL"}},
		"social_orgs_per_rural_community": {{"城乡分类代码以2开头", "状态为正常", "分母为0，为空"},
			{"urban-rural class code starting with 2", "active (正常)", "denominator 0: NULL"}},
		"social_orgs_contracted_share": {{"“承接政府购买服务”为“是”"}, {"承接政府购买服务 = 是"}},
		"social_workers_per_community": {{"报送了工作力量的社区"}, {"a community with a staff return"}},
		"volunteer_share":              {{"按注册所在社区计"}, {"the community they registered in"}},
		"volunteer_hours_per_resident": {{"服务时长之和"}, {"the period's hours"}},
		// The facilities' activity area and terminals, the affairs list.
		"activity_area_share":      {{"两者都填写了的设施"}, {"facilities that report both"}},
		"terminal_coverage_urban":  {{"城乡分类代码以1开头", "为1，否则为0", "没有这一列时为空"}, {"urban-rural class code starting with 1", "otherwise 0", "lacks the column"}},
		"affairs_unreviewed_share": {{"「否」", "空白不计"}, {"「否」", "blanks left out"}},
		"affairs_per_community":    {{"没有清单的社区分母为0"}, {"without a list has denominator 0"}},
		// The plans' community workers per 10,000 urban residents.
		"community_workers_per_10k_urban": {{"城乡分类代码以1开头", "乡村社区不计"}, {"urban-rural class code starting with 1", "rural communities are left out"}},
	}
	for _, ind := range cat.Indicators() {
		t.Run(ind.ID, func(t *testing.T) {
			zh, en := ind.FormulaZh, ind.FormulaEn
			if zh == "" || en == "" {
				t.Fatalf("formula_zh = %q, formula_en = %q: want both", zh, en)
			}
			want := [2][]string{{"上级范围："}, {"scope: "}}
			switch ind.Aggregate {
			case AggregateRatio:
				want[0] = append(want[0], ind.NumeratorZh, ind.DenominatorZh, "÷")
				want[1] = append(want[1], ind.NumeratorEn, ind.DenominatorEn, "÷")
			case AggregateMedian:
				want[0] = append(want[0], "中位数")
				want[1] = append(want[1], "median")
			case AggregateDifference:
				want[0] = append(want[0], ind.NumeratorZh+" − "+ind.DenominatorZh)
				want[1] = append(want[1], ind.NumeratorEn+" − "+ind.DenominatorEn)
			}
			if ind.Scale != 1 {
				s, ok := scales[ind.Scale]
				if !ok {
					t.Fatalf("scale %g: add how formulas write it to this test", ind.Scale)
				}
				want[0] = append(want[0], "× "+s)
				want[1] = append(want[1], "× "+s)
			}
			if m := threshold.FindStringSubmatch(ind.SQL); m != nil {
				want[0] = append(want[0], "不超过"+m[1]+"米")
				want[1] = append(want[1], "at most "+m[1]+" m")
			}
			if m := channel.FindStringSubmatch(ind.SQL); m != nil && ind.ID != "micro_projects_per_10k" {
				want[0] = append(want[0], "「"+m[1]+"」")
				want[1] = append(want[1], "「"+m[1]+"」")
			}
			if p, ok := phrases[ind.ID]; ok {
				want[0] = append(want[0], p[0]...)
				want[1] = append(want[1], p[1]...)
			}
			for i, formula := range []string{zh, en} {
				for _, w := range want[i] {
					if !strings.Contains(formula, w) {
						t.Errorf("formula %q does not contain %q", formula, w)
					}
				}
			}
		})
	}
	for id := range phrases {
		if _, err := cat.Get(id); err != nil {
			t.Errorf("phrases for %s: %v", id, err)
		}
	}
}

// TestDisplayStep checks that the step of each format is one unit of the
// last digit FormatValue shows: 1.000 and 1.000 + step are shown one unit
// apart, worked out by hand for each format.
func TestDisplayStep(t *testing.T) {
	for _, tc := range []struct {
		format     string
		step       float64
		base, next string
	}{
		{"percent", 0.001, "100.0%", "100.1%"},
		{"decimal1", 0.1, "1.0", "1.1"},
		{"decimal2", 0.01, "1.00", "1.01"},
		{"integer", 1, "1", "2"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			if got := DisplayStep(tc.format); got != tc.step {
				t.Errorf("DisplayStep(%s) = %v, want %v", tc.format, got, tc.step)
			}
			if got := FormatValue(tc.format, 1); got != tc.base {
				t.Errorf("FormatValue(%s, 1) = %q, want %q", tc.format, got, tc.base)
			}
			if got := FormatValue(tc.format, 1+tc.step); got != tc.next {
				t.Errorf("FormatValue(%s, 1 + step) = %q, want %q", tc.format, got, tc.next)
			}
		})
	}
}

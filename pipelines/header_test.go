package pipelines

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"shequ/schemas"
)

// unitSchema has one column of each kind of unit handling.
const unitSchema = `source: u
name_zh: 单位
name_en: Units
columns:
  - {name: persons, type: int, max: 1e6, allow_wan: true, aliases: [人口], description_zh: 人口（人）, description_en: persons, label_zh: 人口, label_en: persons}
  - {name: homes, type: int, max: 1e6, aliases: [户数], description_zh: 户数（户）, description_en: households, label_zh: 户数, label_en: households}
  - {name: area, type: float, max: 1e6, unit: 平方米, aliases: [面积], description_zh: 面积, description_en: area, label_zh: 面积, label_en: area}
  - {name: share, type: float, max: 1, allow_percent: true, aliases: [占比], description_zh: 占比, description_en: share, label_zh: 占比, label_en: share}
  - {name: code, type: code, length: 12, aliases: [社区代码], description_zh: 代码, description_en: code, label_zh: 代码, label_en: code}
`

func TestScales(t *testing.T) {
	set, err := schemas.LoadFS(fstest.MapFS{"u.yaml": {Data: []byte(unitSchema)}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := set.Get("u")
	ix := newAliasIndex(s)
	tests := []struct {
		header  string
		scale   string // of the column the header maps to
		problem string // a substring of the one problem, or ""
	}{
		{"人口", scaleNone, ""},
		{"人口(人)", scaleNone, ""},
		{"人口（万人）", scaleWan, ""},
		{"人口(千人)", scaleNone, "only 万 is converted: give persons in 人"},
		{"人口(亿)", scaleNone, "only 万 is converted"},
		{"人口(万)", scaleWan, ""},
		{"户数(万)", scaleNone, "give the figures in 户"},
		{"户数(户)", scaleNone, ""},
		{"户数(万户)", scaleNone, "homes (户数（户）) is not given in 万: give the figures in 户"},
		{"户数(%)", scaleNone, "does not take percentages"},
		{"面积(平方米)", scaleNone, ""},
		{"面积(㎡)", scaleNone, ""},
		{"面积(m²)", scaleNone, ""},
		{"面积(平方公里)", scaleNone, "is in 平方公里, but area is declared in 平方米"},
		{"面积(万平方米)", scaleNone, "area (面积) is not given in 万"},
		{"占比(%)", scalePercent, ""},
		{"占比（％）", scalePercent, ""},
		{"占比(百分比)", scalePercent, ""},
		{"社区代码(12位)", scaleNone, ""}, // units of other columns are not read
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			m := ix.match(s, singleRow([]string{tt.header}), 1)
			col := -1
			for i, j := range m.cellOf {
				if j == 0 {
					col = i
				}
			}
			if col < 0 {
				t.Fatalf("%q maps to no column", tt.header)
			}
			scale, problems := scales(s, m)
			if scale[col] != tt.scale {
				t.Errorf("scale = %q, want %q", scale[col], tt.scale)
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("problems %q, want none", problems)
			case tt.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tt.problem)):
				t.Errorf("problems %q, want one mentioning %q", problems, tt.problem)
			}
		})
	}
}

func TestTwoRows(t *testing.T) {
	tests := []struct {
		name         string
		upper, lower []string
		keys         [][]string
	}{
		{"group over bands", []string{"代码", "年龄结构(人)", "年龄结构(人)"}, []string{"代码", "0-14岁", "15-59岁"},
			[][]string{{"代码"}, {"0-14岁", "0-14岁年龄结构", "年龄结构0-14岁"}, {"15-59岁", "15-59岁年龄结构", "年龄结构15-59岁"}}},
		{"group in its first column only (CSV)", []string{"人口（人）", "", "户数"}, []string{"户籍", "常住", ""},
			[][]string{{"户籍", "户籍人口", "人口户籍"}, {"常住", "常住人口", "人口常住"}, {"户数"}}},
		{"a column under no group", []string{"户数", "", "x"}, []string{"", "备注", "y"},
			[][]string{{"户数"}, {"备注"}, {"y", "yx", "xy"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			for _, c := range twoRows(tt.upper, tt.lower) {
				got = append(got, c.keys)
			}
			if diff := cmp.Diff(tt.keys, got); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

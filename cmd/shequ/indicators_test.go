package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestIndicatorsShow checks that `shequ indicators show` prints the
// declared formula (not "numerator ÷ denominator" for every indicator) in
// the language asked for.
func TestIndicatorsShow(t *testing.T) {
	for _, tc := range []struct {
		id, lang string
		want     []string
		not      []string
	}{
		{"satisfaction_gap", "zh",
			[]string{"公式：（户籍居民满意率 − 非户籍居民满意率）× 100，单位为百分点；上级范围：", "分子：户籍居民满意率", "单位：百分点"},
			[]string{"户籍居民满意率 ÷ 非户籍居民满意率"}},
		{"median_hours_to_close", "en",
			[]string{"formula: median of the hours from report to closure", "scope: the median over all the scope's closed events"},
			[]string{"÷ closed events"}},
		{"centres_per_10k", "zh", []string{"公式：社区服务中心数 ÷ 常住人口 × 10,000；上级范围：Σ社区服务中心数 ÷ Σ常住人口 × 10,000"}, nil},
		{"centre_coverage", "en", []string{"formula: community: 1 if it has a service centre, otherwise 0"}, nil},
	} {
		t.Run(tc.id+"_"+tc.lang, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run([]string{"indicators", "show", "--lang", tc.lang, tc.id}, strings.NewReader(""), &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output does not contain %q:\n%s", w, out.String())
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out.String(), w) {
					t.Errorf("output contains %q:\n%s", w, out.String())
				}
			}
		})
	}
}

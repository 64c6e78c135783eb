package reports

import (
	"math"
	"testing"
)

// TestChartQuantile works type 7 quantiles by hand: for 1…10, h = q·9,
// so P25 is x[2] + 0.25·(x[3] − x[2]) = 3.25, P50 5.5, P75 x[6] + 0.75 =
// 7.75, P5 x[0] + 0.45 = 1.45 and P95 x[8] + 0.55 = 9.55.
func TestChartQuantile(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tc := range []struct{ q, want float64 }{
		{0, 1}, {0.05, 1.45}, {0.25, 3.25}, {0.5, 5.5}, {0.75, 7.75}, {0.95, 9.55}, {1, 10},
	} {
		if got := chartQuantile(xs, tc.q); math.Abs(got-tc.want) > 1e-9 {
			t.Errorf("quantile %v of 1…10 = %v, want %v", tc.q, got, tc.want)
		}
	}
	if got := chartQuantile(nil, 0.5); !math.IsNaN(got) {
		t.Errorf("median of nothing = %v, want NaN", got)
	}
}

// TestChartBoxGroupOf summarises a group by hand. The finite values of
// {4, NaN, 2, 10, 7, 4, +Inf, 9, 5} sorted are 2 4 4 5 7 9 10 (n = 7,
// h = 6q): P5 at h = 0.3 is 2 + 0.3·2 = 2.6; P25 at 1.5 is 4 + 0.5·0 = 4;
// P50 at 3 is 5; P75 at 4.5 is 7 + 0.5·2 = 8; P95 at 5.7 is 9 + 0.7·1 =
// 9.7; the mean is 41/7.
func TestChartBoxGroupOf(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		vs   []float64
		want boxGroup
	}{
		{"seven", []float64{4, nan, 2, 10, 7, 4, math.Inf(1), 9, 5},
			boxGroup{Label: "A", Color: "#2e6db4", N: 7, P5: 2.6, P25: 4, P50: 5, P75: 8, P95: 9.7, Mean: 41.0 / 7}},
		{"one", []float64{3}, boxGroup{Label: "A", Color: "#2e6db4", N: 1, P5: 3, P25: 3, P50: 3, P75: 3, P95: 3, Mean: 3}},
		{"none", []float64{nan}, boxGroup{Label: "A", Color: "#2e6db4", P5: nan, P25: nan, P50: nan, P75: nan, P95: nan, Mean: nan}},
	}
	same := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 || math.IsNaN(a) && math.IsNaN(b) }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := boxGroupOf("A", "#2e6db4", tc.vs)
			w := tc.want
			if g.Label != w.Label || g.Color != w.Color || g.N != w.N || !same(g.P5, w.P5) || !same(g.P25, w.P25) ||
				!same(g.P50, w.P50) || !same(g.P75, w.P75) || !same(g.P95, w.P95) || !same(g.Mean, w.Mean) {
				t.Errorf("got %+v, want %+v", g, w)
			}
		})
	}
}

// TestChartNumbers checks the number helpers on values worked by hand.
func TestChartNumbers(t *testing.T) {
	for _, tc := range []struct{ v, want float64 }{
		{0.7, 1}, {1, 1}, {1.01, 2}, {2.2, 2.5}, {3, 5}, {7, 10}, {0.03, 0.05}, {250, 250}, {251, 500}, {0, 1}, {-1, 1}, {math.NaN(), 1},
	} {
		if got := chartNice(tc.v); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("chartNice(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
	for in, want := range map[string]string{
		"1234567.5%": "1,234,567.5%", "-1234": "-1,234", "123": "123", "0.12345": "0.12345", "+1234.0 pp": "+1,234.0 pp", "": "",
	} {
		if got := chartGroup(in); got != want {
			t.Errorf("chartGroup(%q) = %q, want %q", in, got, want)
		}
	}
	for _, tc := range []struct {
		format  string
		v, step float64
		want    string
	}{
		{"percent", 0.35, 0.05, "35%"}, // not 35.00000000000001%
		{"percent", 0.025, 0.025, "2.5%"},
		{"decimal2", 0.25, 0.25, "0.25"},
		{"integer", 12000, 2000, "12,000"},
		{"decimal2", 3e-17, 0.5, "0.0"}, // 0.1 + 0.2 − 0.3 is 0
		{"decimal1", -1500, 500, "-1,500"},
	} {
		if got := chartTick(tc.format, tc.v, tc.step); got != tc.want {
			t.Errorf("chartTick(%s, %v, step %v) = %q, want %q", tc.format, tc.v, tc.step, got, tc.want)
		}
	}
	for _, tc := range []struct {
		format string
		d      float64
		want   string
		zero   bool
	}{
		{"percent", 0.1, "+10.0 pp", false},
		{"percent", -0.0004, "0.0 pp", true}, // −0.04 pp rounds to 0.0
		{"decimal2", -1234.4, "-1,234.40", false},
		{"integer", 0.4, "0", true},
		{"integer", 2, "+2", false},
	} {
		if got, zero := chartDelta(tc.format, tc.d, "pp"); got != tc.want || zero != tc.zero {
			t.Errorf("chartDelta(%s, %v) = %q, %v; want %q, %v", tc.format, tc.d, got, zero, tc.want, tc.zero)
		}
	}
	for v, want := range map[float64]string{1.25: "1.3", 2: "2", -0.04: "0", 7.06: "7.1", -3.14: "-3.1", 640: "640"} {
		if got := chartNum(v); got != want {
			t.Errorf("chartNum(%v) = %q, want %q", v, got, want)
		}
	}
}

// TestChartText checks widths, shortening and escaping: CJK and
// full-width characters take two columns; a shortened label ends in "…"
// and takes at most the limit; text is escaped for XML and characters XML
// cannot hold become U+FFFD.
func TestChartText(t *testing.T) {
	for s, want := range map[string]float64{"ab": 2, "社区": 4, "社区A": 5, "（": 2, "。": 2, "": 0} {
		if got := chartWidth(s); got != want {
			t.Errorf("chartWidth(%q) = %v, want %v", s, got, want)
		}
	}
	for _, tc := range []struct {
		s     string
		limit float64
		want  string
	}{
		{"abcdef", 4, "abc…"},
		{"abc", 3, "abc"},
		{"社区服务中心", 7, "社区服…"}, // 6 columns and the ellipsis
		{"社区服务中心", 12, "社区服务中心"},
	} {
		if got := chartFit(tc.s, tc.limit); got != tc.want {
			t.Errorf("chartFit(%q, %v) = %q, want %q", tc.s, tc.limit, got, tc.want)
		}
	}
	for in, want := range map[string]string{
		`a<b & "c" 'd'`: `a&lt;b &amp; &#34;c&#34; &#39;d&#39;`,
		"\x00x]]>":      "\uFFFDx]]&gt;",
		"\xff社":         "\uFFFD社",
	} {
		if got := chartEsc(in); got != want {
			t.Errorf("chartEsc(%q) = %q, want %q", in, got, want)
		}
	}
}

package census2020

import (
	"errors"
	"slices"
	"testing"
)

// The expected figures were read from the bundled table independently of
// this package, with awk over the decompressed CSV (column numbers from its
// header: 5 人口数_合计, 13 家庭户数, 21–28 ages 0–14, 29–46 ages 15–59,
// 47–58 ages 60+, 67–69 户口登记地在外乡镇街道人口_*):
//
//	zcat data/census_county_2020_v1.csv.gz | awk -F, '$1=="440310"{
//	  for(i=21;i<=28;i++)a+=$i; for(i=29;i<=46;i++)b+=$i; for(i=47;i<=58;i++)c+=$i;
//	  print $5, $13, a, b, c, a+b+c, $67+$68+$69}'
//	551333 209256 89135 437729 24469 551333 466743
//
// and the same for 320402 (668906 250802 89286 437892 141728 668906 325569)
// and 440305 (1795826 547661 265299 1400747 129780 1795826 1191559).
// The resident and household totals agree with data/SOURCES.md and with the
// published census bulletins of Shenzhen and Changzhou.
func TestLoad(t *testing.T) {
	all, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	// 3,358 data rows, of which 46 have no code (awk -F, '$1=="NA"' | wc -l).
	if got, want := len(all), 3312; got != want {
		t.Errorf("len(Load()) = %d, want %d", got, want)
	}
	for _, tc := range []struct {
		want County
	}{
		{County{Code: "440310", Province: "广东省", City: "深圳市", Name: "坪山区",
			Residents: 551333, Households: 209256, Elsewhere: 466743,
			Age0to14: 89135, Age15to59: 437729, Age60Plus: 24469}},
		{County{Code: "320402", Province: "江苏省", City: "常州市", Name: "天宁区",
			Residents: 668906, Households: 250802, Elsewhere: 325569,
			Age0to14: 89286, Age15to59: 437892, Age60Plus: 141728}},
		{County{Code: "440305", Province: "广东省", City: "深圳市", Name: "南山区",
			Residents: 1795826, Households: 547661, Elsewhere: 1191559,
			Age0to14: 265299, Age15to59: 1400747, Age60Plus: 129780}},
	} {
		t.Run(tc.want.Code, func(t *testing.T) {
			got, ok := all[tc.want.Code]
			if !ok {
				t.Fatalf("code %s missing", tc.want.Code)
			}
			if !equal(got, tc.want) {
				t.Errorf("got %+v\nwant %+v", got, tc.want)
			}
			if s := got.Age0to14 + got.Age15to59 + got.Age60Plus; s != got.Residents {
				t.Errorf("age bands sum to %d, want residents %d", s, got.Residents)
			}
		})
	}
}

// Two county rows have NA in a column Load reads (found with awk over
// columns 5, 13, 21–58 and 67–69).
func TestLoadMissing(t *testing.T) {
	all, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		code string
		want []string
	}{
		{"370572", []string{"女_0岁"}},
		{"350821", []string{"户口登记地在外乡镇街道人口_本省其他县"}},
		{"440310", nil},
	} {
		t.Run(tc.code, func(t *testing.T) {
			if got := all[tc.code].Missing; !slices.Equal(got, tc.want) {
				t.Errorf("Missing = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseCount(t *testing.T) {
	for _, tc := range []struct {
		in     string
		want   int64
		wantNA bool
		bad    bool
	}{
		{in: "551333", want: 551333},
		{in: " 12 ", want: 12},
		{in: "NA", wantNA: true},
		{in: "", wantNA: true},
		{in: "209256.0", want: 209256},
		{in: "2.0e3", want: 2000},
		{in: "0.56999999999999995", bad: true},
		{in: "20.059999999999999", bad: true},
		{in: "abc", bad: true},
		{in: "Inf", bad: true},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, na, err := parseCount(tc.in)
			if (err != nil) != tc.bad {
				t.Fatalf("parseCount(%q) error = %v, want error %v", tc.in, err, tc.bad)
			}
			if got != tc.want || na != tc.wantNA {
				t.Errorf("parseCount(%q) = %d, %v, want %d, %v", tc.in, got, na, tc.want, tc.wantNA)
			}
		})
	}
}

func TestLocateMissingColumn(t *testing.T) {
	_, err := locate([]string{"区划代码", "省", "市", "区县", "人口数_合计"})
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("locate error = %v, want ErrCorrupt", err)
	}
}

func equal(a, b County) bool {
	return a.Code == b.Code && a.Province == b.Province && a.City == b.City && a.Name == b.Name &&
		a.Residents == b.Residents && a.Households == b.Households && a.Elsewhere == b.Elsewhere &&
		a.Age0to14 == b.Age0to14 && a.Age15to59 == b.Age15to59 && a.Age60Plus == b.Age60Plus &&
		slices.Equal(a.Missing, b.Missing)
}

package values

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii untouched", "abc 123", "abc 123"},
		{"ascii trimmed", " \t12\r\n", "12"},
		{"full-width digits", "１２３４５", "12345"},
		{"full-width comma and brackets", "１，２３４（人）", "1,234(人)"},
		{"full-width letters", "ＮＵＬＬ", "NULL"},
		{"ideographic space trimmed", "\u3000张三\u3000", "张三"},
		{"ideographic space inside folded", "张\u3000三", "张 三"},
		{"nbsp trimmed", "\u00A012\u00A0", "12"},
		{"zero-width trimmed", "\u200B\uFEFF12\u200D", "12"},
		{"cjk left alone", "常住人口", "常住人口"},
		{"full-width tilde is last folded", "～", "~"},
		{"fullwidth cent not folded", "￠", "￠"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Normalize(tt.in); got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsNull(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", true},
		{"   ", true},
		{"\u3000", true},
		{"\u00A0", true},
		{"-", true},
		{"--", true},
		{"—", true},
		{"——", true},
		{"/", true},
		{"无", true},
		{"空", true},
		{"NULL", true},
		{"null", true},
		{"Null", true},
		{"N/A", true},
		{"n/a", true},
		{"#N/A", true},
		{" - ", true},
		{"－", true},
		{"－－", true},
		{"Ｎ／Ａ", true},
		{"／", true},
		{"-12", false},
		{"0", false},
		{"无业", false},
		{"空置", false},
		{"---", false},
		{"NA", false},
		{"张三", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsNull(tt.in); got != tt.want {
				t.Errorf("IsNull(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestHeaderKey(t *testing.T) {
	tests := []struct {
		in, key, unit string
	}{
		{"常住人口", "常住人口", ""},
		{"常住人口(人)", "常住人口", "人"},
		{"常住人口（人）", "常住人口", "人"},
		{"常住人口 [人]", "常住人口", "人"},
		{"常住人口［人］", "常住人口", "人"},
		{"常住人口【人】", "常住人口", "人"},
		{"常住人口〔人〕", "常住人口", "人"},
		{" 常住\n人口 （ 人 ） ", "常住人口", "人"},
		{"\u3000常住人口\u3000", "常住人口", ""},
		{"经费(万元)", "经费", "万元"},
		{"面积(M²)", "面积", "m²"},
		{"GDP", "gdp", ""},
		{"ＧＤＰ（亿元）", "gdp", "亿元"},
		{"人口(2020)(人)", "人口(2020)", "人"},
		{"(人)", "(人)", ""},
		{"人口(人]", "人口(人]", ""},
		{"人口()", "人口", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			key, unit := HeaderKey(tt.in)
			if key != tt.key || unit != tt.unit {
				t.Errorf("HeaderKey(%q) = %q, %q, want %q, %q", tt.in, key, unit, tt.key, tt.unit)
			}
		})
	}
}

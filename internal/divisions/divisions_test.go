package divisions

import (
	"slices"
	"testing"
)

// The expected figures come from the source files themselves (counted with
// grep and wc in ../shared/data/divisions-2023) and from its SOURCES.md.
func TestLoad(t *testing.T) {
	ix, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ix.Len(), 620573; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	for _, tc := range []struct {
		prefix string
		want   int
	}{
		{"440310", 25},    // Pingshan: 24 communities + the virtual bonded-zone community
		{"320402", 125},   // Tianning: 125 communities and villages
		{"440305006", 11}, // Zhaoshang street
		{"320402109", 27}, // Zhenglu town
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			if got := len(ix.Under(tc.prefix)); got != tc.want {
				t.Errorf("len(Under(%q)) = %d, want %d", tc.prefix, got, tc.want)
			}
		})
	}
	c, ok := ix.Lookup("440310401498")
	if !ok {
		t.Fatal("Lookup(440310401498) not found")
	}
	want := Community{Code: "440310401498", Name: "深圳坪山综合保税区虚拟社区", StreetCode: "440310401",
		StreetName: "深圳坪山综合保税区", DistrictCode: "440310", DistrictName: "坪山区"}
	if c != want {
		t.Errorf("Lookup = %+v, want %+v", c, want)
	}
	if _, ok := ix.Lookup("440310999999"); ok {
		t.Error("Lookup(440310999999) found a code that does not exist")
	}
}

func TestSplitQuoted(t *testing.T) {
	tests := []struct {
		line string
		want []string
		ok   bool
	}{
		{`440310001,"坪山街道",440310,44,4403`, []string{"440310001", "坪山街道", "440310", "44", "4403"}, true},
		{`1,"a ""b"", c",2`, []string{"1", `a "b", c`, "2"}, true},
		{`"x",`, []string{"x", ""}, true},
		{`1,"unclosed`, []string{"1"}, false},
		{`"a"b,c`, []string{"a"}, false},
	}
	for _, tt := range tests {
		got, ok := splitQuoted(nil, tt.line)
		if ok != tt.ok || (ok && !slices.Equal(got, tt.want)) {
			t.Errorf("splitQuoted(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

package config

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

const good = `warehouse: wh
sources:
  - source: census
    period: "2015"
    files: ["2015/人口_*.csv"]
models:
  - id: pingshan
    name_zh: 坪山
    name_en: Pingshan
    areas: ["440310"]
`

func TestParseGood(t *testing.T) {
	c, err := Parse("/data/shequ.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Warehouse, "/data/wh"; got != want {
		t.Errorf("Warehouse = %q, want %q", got, want)
	}
	if got, want := c.Sources[0].Files[0], filepath.Join("/data", "2015/人口_*.csv"); got != want {
		t.Errorf("Files[0] = %q, want %q", got, want)
	}
	if got, want := c.Sources[0].Line, 3; got != want {
		t.Errorf("Sources[0].Line = %d, want %d", got, want)
	}
}

func TestParseBad(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       []string
	}{
		{"typo key", strings.Replace(good, "sources:", "soruces:", 1), []string{"soruces", "not found"}},
		{"typo nested key", strings.Replace(good, "period:", "peroid:", 1), []string{"peroid"}},
		{"unquoted bad period", strings.Replace(good, `"2015"`, `"15"`, 1), []string{`period "15"`}},
		{"bad area", strings.Replace(good, `"440310"`, `"4403"`, 1), []string{`area "4403"`}},
		{"no warehouse", strings.Replace(good, "warehouse: wh\n", "", 1), []string{"warehouse: missing"}},
		{"bad encoding", strings.Replace(good, "    files:", "    encoding: big5\n    files:", 1), []string{`encoding "big5"`}},
		{"not yaml", "sources: [", []string{"shequ.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("shequ.yaml", []byte(tc.yaml))
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("Parse error = %v, want *Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

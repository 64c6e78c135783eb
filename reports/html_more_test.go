package reports

import (
	"os"
	"strings"
	"testing"
)

// TestHTMLQualityLabels: the data-quality section of the Chinese report
// names quarantine rules and columns by their schema labels, with the ids
// beside them (the demo quarantines facility rows of 2015 whose floor area
// is out of bounds; labels from schemas/facilities.yaml).
func TestHTMLQualityLabels(t *testing.T) {
	db := openDB(t, dbPath)
	res := write(t, db, Options{Period: "2015"})
	page, err := os.ReadFile(res.HTML)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<td>建筑面积（平方米） (floor_area_m2)</td>"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the 2015 report lacks %q", want)
		}
	}
}

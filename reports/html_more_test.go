package reports

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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

// TestOlderBuild: a database built before indicator_values had its
// intervals is refused with ErrNotBuilt and a message saying to build
// again, not with the error of the first query that reads them.
func TestOlderBuild(t *testing.T) {
	path := copyDB(t, dbPath, func(db *sql.DB) {
		mustExec(t, db, `ALTER TABLE indicator_values DROP COLUMN below_standard`)
	})
	db := openDB(t, path)
	_, err := Write(context.Background(), db, Options{Period: "2020", OutDir: t.TempDir()})
	if !errors.Is(err, ErrNotBuilt) || !strings.Contains(fmt.Sprint(err), "shequ build") {
		t.Errorf("Write = %v, want ErrNotBuilt saying to run shequ build", err)
	}
}

package build

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"shequ/internal/warehouse"
	"shequ/schemas"
)

// TestOlderParquet reads raw facilities Parquet written before
// activity_area_m2 and self_service_terminals were declared: the file
// builds, and the two columns are NULL (unknown), not 0. A file that
// lacks a required column (community_code) is refused with what to do.
func TestOlderParquet(t *testing.T) {
	ctx := context.Background()
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := set.Get("facilities")
	if err != nil {
		t.Fatal(err)
	}
	tab := s.Table()
	dir := t.TempDir()
	older := filepath.Join(dir, "older.parquet")
	broken := filepath.Join(dir, "broken.parquet")
	conn := testConn(t, `
COPY (SELECT 'F1' AS facility_id, '440310001001' AS community_code, '六联党群服务中心' AS facility_name, '党群服务中心' AS facility_type,
             600.0 AS floor_area_m2, 22.7 AS lat, 114.3 AS lon, '社会组织承接' AS operator, 2010::BIGINT AS opened_year,
             '服务设施.xlsx' AS source_file, '设施台账' AS source_sheet, 5::BIGINT AS source_line)
  TO `+warehouse.QuoteString(older)+` (FORMAT parquet);
COPY (SELECT 'F2' AS facility_id, '党群服务中心' AS facility_type, 'x.csv' AS source_file, NULL::VARCHAR AS source_sheet, 2::BIGINT AS source_line)
  TO `+warehouse.QuoteString(broken)+` (FORMAT parquet);
`+tab.DDL())

	sel, err := selectList(ctx, conn, s, tab, older)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO facilities SELECT `+sel+` FROM (SELECT ? AS period, * FROM read_parquet(`+
		warehouse.QuoteString(older)+`))`, "2015"); err != nil {
		t.Fatal(err)
	}
	var period, code string
	var floor float64
	var activity sql.NullFloat64
	var terminals sql.NullInt64
	err = conn.QueryRowContext(ctx, `SELECT period, community_code, floor_area_m2, activity_area_m2, self_service_terminals FROM facilities`).
		Scan(&period, &code, &floor, &activity, &terminals)
	if err != nil {
		t.Fatal(err)
	}
	if period != "2015" || code != "440310001001" || floor != 600 || activity.Valid || terminals.Valid {
		t.Errorf("row = %s %s %v %v %v, want 2015 440310001001 600 NULL NULL", period, code, floor, activity, terminals)
	}

	_, err = selectList(ctx, conn, s, tab, broken)
	if !errors.Is(err, ErrOlderParquet) {
		t.Fatalf("a file without community_code: err = %v, want ErrOlderParquet", err)
	}
	// Of the columns it lacks, only the required ones are named: the
	// optional ones (facility_name, floor_area_m2, …) would be NULL.
	if want := "lacks community_code: ingest its export again"; !strings.Contains(err.Error(), want) {
		t.Errorf("%q does not say %q", err, want)
	}
}

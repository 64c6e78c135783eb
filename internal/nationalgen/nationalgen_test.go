package nationalgen

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"shequ/internal/build"
	"shequ/internal/config"
	"shequ/internal/divisions"
	"shequ/internal/warehouse"
)

func TestWriteRefusesOptions(t *testing.T) {
	for _, c := range []struct {
		name  string
		out   string
		opts  Options
		field string
	}{
		{"no folder", "", Options{}, "out"},
		{"negative count", "x", Options{Communities: -1}, "communities"},
		{"a month", "x", Options{Periods: []string{"2020-06"}}, "periods"},
		{"not a year", "x", Options{Periods: []string{"20x0"}}, "periods"},
		{"decreasing", "x", Options{Periods: []string{"2020", "2015"}}, "periods"},
		{"twice", "x", Options{Periods: []string{"2020", "2020"}}, "periods"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := c.out
			if out != "" {
				out = filepath.Join(t.TempDir(), out)
			}
			_, err := Write(context.Background(), out, c.opts)
			var oe *OptionsError
			if !errors.As(err, &oe) || oe.Field != c.field {
				t.Fatalf("Write(%q, %+v) = %v, want an OptionsError on %s", out, c.opts, err, c.field)
			}
			if out != "" {
				if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s was written (%v)", out, err)
				}
			}
		})
	}
}

// TestWritePeriods writes 40 communities for 2015 and 2020 and checks the
// files, the rows each source has per community, that the communities are
// the first 40 division codes in both periods, that the 2015 figures differ
// from the 2020 ones and carry 2015 dates, that 2020 is the same when
// written alone, and the run configuration and settings.
func TestWritePeriods(t *testing.T) {
	const n = 40
	ctx := context.Background()
	dir := t.TempDir()
	models := []config.Model{{ID: "m", NameZh: "模式", NameEn: "M", Areas: []string{"110101"}}}
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	var progress []string
	res, err := Write(ctx, filepath.Join(dir, "two"), Options{Communities: n, Periods: []string{"2015", "2020"}, Models: models,
		Now: func() time.Time { return now }, Progress: func(f File) { progress = append(progress, f.Period+" "+f.Source) }})
	if err != nil {
		t.Fatal(err)
	}
	if res.Communities != n || !slices.Equal(res.Periods, []string{"2015", "2020"}) || len(res.Files) != 18 || len(progress) != 18 {
		t.Fatalf("result %+v, %d progress calls; want %d communities, 2015 and 2020, 18 files", res, len(progress), n)
	}
	// Rows per community of each source: one census, staff and community
	// row, two grids and activities, three funding projects and grid
	// events, six survey answers; one to three facilities.
	perCommunity := map[string]int64{"communities": 1, "census": 1, "staff": 1, "grid": 2, "activities": 2, "funding": 3, "grid_events": 3, "survey": 6}
	var total int64
	for _, f := range res.Files {
		total += f.Rows
		want, fixed := perCommunity[f.Source]
		if fixed && f.Rows != want*n || !fixed && (f.Rows < n || f.Rows > 3*n) {
			t.Errorf("%s %s: %d rows for %d communities", f.Source, f.Period, f.Rows, n)
		}
		wantCSV := filepath.Join(dir, "two", "csv", f.Source+".csv")
		if f.Period == "2015" {
			wantCSV = filepath.Join(dir, "two", "csv", "2015", f.Source+".csv")
		}
		if f.CSV != wantCSV {
			t.Errorf("%s %s: CSV %s, want %s", f.Source, f.Period, f.CSV, wantCSV)
		}
		if _, err := os.Stat(f.CSV); err != nil {
			t.Error(err)
		}
	}
	if res.Rows() != total {
		t.Errorf("Rows() = %d, files add up to %d", res.Rows(), total)
	}

	ix, err := divisions.Load()
	if err != nil {
		t.Fatal(err)
	}
	var first []string
	for _, c := range ix.All()[:n] {
		first = append(first, c.Code)
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	raw := func(r Result, source, period string) string {
		return warehouse.QuoteString(filepath.Join(r.Warehouse, "raw", source, "period="+period, "*.parquet"))
	}
	for _, p := range res.Periods {
		if got := column(t, db, "SELECT community_code FROM read_parquet("+raw(res, "communities", p)+") ORDER BY 1"); !slices.Equal(got, first) {
			t.Errorf("communities of %s: %q, want the first %d division codes %q", p, got, n, first)
		}
		// Census figures hold together whatever the hash gave.
		if bad := count(t, db, `SELECT count(*) FROM read_parquet(`+raw(res, "census", p)+`)
			WHERE resident NOT BETWEEN 300 AND 15299 OR registered > resident OR non_registered <> resident - registered
			   OR age_0_14 + age_15_59 + age_60_plus <> resident`); bad != 0 {
			t.Errorf("%s: %d census rows do not hold together", p, bad)
		}
	}
	// The communities are the same in both periods; the figures are not.
	if d := count(t, db, `SELECT count(*) FROM (SELECT * EXCLUDE (source_line, period) FROM read_parquet(`+raw(res, "communities", "2015")+`)
		EXCEPT SELECT * EXCLUDE (source_line, period) FROM read_parquet(`+raw(res, "communities", "2020")+`))`); d != 0 {
		t.Errorf("%d communities differ between 2015 and 2020", d)
	}
	if same := count(t, db, `SELECT count(*) FROM read_parquet(`+raw(res, "census", "2015")+`) a
		JOIN read_parquet(`+raw(res, "census", "2020")+`) b USING (community_code) WHERE a.resident = b.resident`); same > n/10 {
		t.Errorf("%d of %d communities have the same residents in 2015 and 2020", same, n)
	}
	for _, c := range []struct{ source, year string }{
		{"activities", "year(activity_date)"}, {"funding", "year"}, {"grid_events", "year(reported_at)"},
	} {
		for _, p := range res.Periods {
			if got := column(t, db, "SELECT DISTINCT "+c.year+"::VARCHAR FROM read_parquet("+raw(res, c.source, p)+")"); !slices.Equal(got, []string{p}) {
				t.Errorf("%s of %s are of the years %q", c.source, p, got)
			}
		}
	}

	// 2020 alone is the same as the 2020 of two periods.
	one, err := Write(ctx, filepath.Join(dir, "one"), Options{Communities: n, Models: models})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(one.Periods, []string{DefaultPeriod}) || len(one.Files) != 9 {
		t.Fatalf("one period: %+v", one)
	}
	for _, s := range sources() {
		if d := count(t, db, `SELECT count(*) FROM (
			(SELECT * EXCLUDE (source_line) FROM read_parquet(`+raw(res, s.name, "2020")+`) EXCEPT ALL SELECT * EXCLUDE (source_line) FROM read_parquet(`+raw(one, s.name, "2020")+`))
			UNION ALL
			(SELECT * EXCLUDE (source_line) FROM read_parquet(`+raw(one, s.name, "2020")+`) EXCEPT ALL SELECT * EXCLUDE (source_line) FROM read_parquet(`+raw(res, s.name, "2020")+`)))`); d != 0 {
			t.Errorf("%s 2020: %d rows differ between one period and two", s.name, d)
		}
	}

	var settings build.Settings
	if err := warehouse.ReadSettings(filepath.Join(res.Warehouse, warehouse.SettingsFile), &settings); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(models, settings.Models); diff != "" {
		t.Errorf("settings models (-want +got):\n%s", diff)
	}
	data, err := os.ReadFile(res.RunConfig)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Sources []struct {
			Source, Period string
			Files          []string
		}
		Models []config.Model
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) != 18 || cfg.Sources[0].Period != "2015" || !slices.Equal(cfg.Sources[0].Files, []string{"csv/2015/communities.csv"}) ||
		cfg.Sources[17].Period != "2020" || !slices.Equal(cfg.Sources[17].Files, []string{"csv/survey.csv"}) {
		t.Errorf("run.yaml sources: %+v", cfg.Sources)
	}
	if diff := cmp.Diff(models, cfg.Models); diff != "" {
		t.Errorf("run.yaml models (-want +got):\n%s", diff)
	}
}

// TestWriteProvinceModels checks the default models: the first 40
// communities are in Beijing, so Beijing alone, with their districts.
func TestWriteProvinceModels(t *testing.T) {
	const n = 40
	res, err := Write(context.Background(), filepath.Join(t.TempDir(), "out"), Options{Communities: n})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := divisions.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := config.Model{ID: "beijing", NameZh: "北京", NameEn: "Beijing"}
	for _, c := range ix.All()[:n] {
		if c.Code[:2] != "11" {
			t.Fatalf("community %s of the first %d is not in Beijing", c.Code, n)
		}
		if !slices.Contains(want.Areas, c.DistrictCode) {
			want.Areas = append(want.Areas, c.DistrictCode)
		}
	}
	slices.Sort(want.Areas)
	data, err := os.ReadFile(filepath.Join(res.Warehouse, warehouse.SettingsFile))
	if err != nil {
		t.Fatal(err)
	}
	var got build.Settings
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]config.Model{want}, got.Models); diff != "" {
		t.Errorf("models (-want +got):\n%s", diff)
	}
}

func column(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func count(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

package main

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/warehouse"
)

// rewriteParquet replaces the one Parquet file of a source and period in a
// warehouse with the result of sel, a SELECT over the table "src" (the
// file as it was). The file keeps its name, row count and columns; its
// manifest is given the new file's digest, as if shequ had written it, so
// that the build takes it (it refuses a file changed behind its back).
func rewriteParquet(t *testing.T, wh, source, sel string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(wh, "raw", source, "period=2020", "*.parquet"))
	if err != nil || len(files) != 1 {
		t.Fatalf("raw %s: %v, %v; want one file", source, files, err)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tmp := files[0] + ".new"
	q := `COPY (WITH src AS (SELECT * FROM read_parquet(` + warehouse.QuoteString(files[0]) + `, hive_partitioning = false)) ` +
		sel + `) TO ` + warehouse.QuoteString(tmp) + ` (FORMAT parquet, COMPRESSION zstd)`
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	if err := os.Rename(tmp, files[0]); err != nil {
		t.Fatal(err)
	}
	w, err := warehouse.Open(wh)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := w.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.Source != source || m.Period != "2020" {
			continue
		}
		if m.RawParquet, err = warehouse.Digest(files[0], m.Accepted); err != nil {
			t.Fatal(err)
		}
		data, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := warehouse.WriteFileAtomic(w.ManifestPath(m.Source, m.Period, m.FileID), data); err != nil {
			t.Fatal(err)
		}
	}
}

// TestExtremeValues puts values the ingest will refuse once it checks
// plausibility bounds, but that fit their column types, straight into the
// Parquet of the hand fixture (see TestHandCalculated for its figures):
// 五湾 (…003) 9,223,372,036,854,775,807 residents and 赤湾 (…004) 4e18,
// two communities of district 440305, and 水湾's (…002) funding project P1
// 1e300 yuan. The build must succeed and write no ±Inf or NaN; both
// numbers are beyond 2^53, so every value computed from them is NULL with
// a reason naming the community, and the rest is as before:
//
//   - 五湾 and 赤湾: every per-resident value (denominator: residents) is
//     NULL, "denominator out of range"; residents per grid worker
//     (numerator: residents) is NULL, "numerator out of range"; floor area
//     per 100 households (households unchanged) stays 1500/10000×100 = 15
//     and 0;
//   - 水湾: funding per resident and government purchase per resident
//     (numerator 1e300 + 50000 and 1e300) are NULL, "numerator out of
//     range"; the non-government share (denominator: all funding) is NULL,
//     "denominator out of range"; community-fund funding per resident stays
//     50000/10000 = 5, centres per 10k 1, and 2SFCA 60 (its centre F1
//     reaches only its own grids);
//   - street 440305006: centres per 10k is the ratio over 水湾 alone, the
//     only community with both a numerator and a denominator: 1/10000×1e4
//     = 1 (was 1/3), over n = 1 community in the equalization; funding per
//     resident has no community with both, so it is NULL with that reason;
//     floor area per 100 households is unchanged, 2100/19000×100.
func TestExtremeValues(t *testing.T) {
	dir := copyDir(t, "testdata/handcalc")
	mustShequ(t, "run", "--config", filepath.Join(dir, "shequ.yaml"))
	wh := filepath.Join(dir, "warehouse")
	rewriteParquet(t, wh, "census", `SELECT * REPLACE (CASE community_code
		WHEN '440305006003' THEN 9223372036854775807 WHEN '440305006004' THEN 4000000000000000000 ELSE resident END AS resident) FROM src`)
	rewriteParquet(t, wh, "funding", `SELECT * REPLACE (CASE project_id WHEN 'P1' THEN 1e300 ELSE amount_yuan END AS amount_yuan) FROM src`)
	if out, errs, code := shequ(t, "build", "--warehouse", wh); code != 0 {
		t.Fatalf("build: exit %d\n%s\n%s", code, out, errs)
	}

	const (
		denOut = "denominator out of range in community "
		numOut = "numerator out of range in community "
	)
	for _, w := range []struct {
		community, indicator string
		value                float64
		null                 string // expected part of null_reason when the value is NULL
	}{
		{"440305006003", "centres_per_10k", 0, denOut + "440305006003"},
		{"440305006004", "centres_per_10k", 0, denOut + "440305006004"},
		{"440305006003", "social_workers_per_10k", 0, denOut + "440305006003"},
		{"440305006004", "walk_1000m_share", 0, denOut + "440305006004"},
		{"440305006003", "access_2sfca", 0, denOut + "440305006003"},
		{"440305006003", "residents_per_grid_worker", 0, numOut + "440305006003"},
		{"440305006003", "floor_area_per_100hh", 15, ""},
		{"440305006004", "floor_area_per_100hh", 0, ""},
		{"440305006002", "funding_per_resident", 0, numOut + "440305006002"},
		{"440305006002", "funding_gov_purchase_per_resident", 0, numOut + "440305006002"},
		{"440305006002", "non_gov_funding_share", 0, denOut + "440305006002"},
		{"440305006002", "funding_community_fund_per_resident", 5, ""},
		{"440305006002", "centres_per_10k", 1, ""},
		{"440305006002", "access_2sfca", 60, ""},
		{"440305006002", "walk_300m_share", 0.75, ""},
	} {
		t.Run(w.community+"/"+w.indicator, func(t *testing.T) {
			rows := query(t, wh, `SELECT value, null_reason FROM indicator_values
				WHERE period = '2020' AND community_code = '`+w.community+`' AND indicator_id = '`+w.indicator+`'`)
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(rows))
			}
			got, ok := value(t, rows[0], "value")
			reason, _ := rows[0]["null_reason"].(string)
			if w.null != "" {
				if ok || !strings.Contains(reason, w.null) {
					t.Errorf("got value %v (null=%v) reason %q, want NULL with a reason containing %q", got, !ok, reason, w.null)
				}
				return
			}
			if !ok || !near(got, w.value) {
				t.Errorf("got %v (null=%v, reason %q), want %v", got, !ok, reason, w.value)
			}
		})
	}
	for _, w := range []struct {
		scope, id, indicator string
		value                float64
		null                 string
	}{
		{"street", "440305006", "centres_per_10k", 1, ""},
		{"district", "440305", "centres_per_10k", 1, ""},
		{"street", "440305006", "floor_area_per_100hh", 2100.0 / 190, ""},
		{"street", "440305006", "funding_per_resident", 0, "no community in street 440305006 has both a numerator and a denominator"},
	} {
		t.Run(w.scope+"/"+w.id+"/"+w.indicator, func(t *testing.T) {
			rows := query(t, wh, `SELECT value, null_reason FROM indicator_scope_values
				WHERE period = '2020' AND scope = '`+w.scope+`' AND scope_id = '`+w.id+`' AND indicator_id = '`+w.indicator+`'`)
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(rows))
			}
			got, ok := value(t, rows[0], "value")
			reason, _ := rows[0]["null_reason"].(string)
			if w.null != "" {
				if ok || !strings.Contains(reason, w.null) {
					t.Errorf("got value %v (null=%v) reason %q, want NULL with a reason containing %q", got, !ok, reason, w.null)
				}
				return
			}
			if !ok || !near(got, w.value) {
				t.Errorf("got %v (null=%v, reason %q), want %v", got, !ok, reason, w.value)
			}
		})
	}
	rows := query(t, wh, `SELECT value FROM equalization WHERE period = '2020' AND scope = 'street'
		AND scope_id = '440305006' AND indicator_id = 'centres_per_10k' AND measure = 'n'`)
	if len(rows) != 1 || rows[0]["value"] != 1.0 {
		t.Errorf("equalization n of street 440305006 = %v, want 1 (水湾 alone)", rows)
	}

	// No ±Inf or NaN in any DOUBLE column of the tables the build computes.
	for _, table := range []string{"indicator_values", "indicator_scope_values", "equalization", "lorenz_points", "model_comparison", "resident_points"} {
		cols := query(t, wh, `SELECT column_name FROM duckdb_columns() WHERE table_name = '`+table+`' AND data_type = 'DOUBLE'`)
		var checks []string
		for _, c := range cols {
			checks = append(checks, "NOT isfinite("+warehouse.QuoteIdent(c["column_name"].(string))+")")
		}
		if len(checks) == 0 {
			t.Fatalf("%s has no DOUBLE column", table)
		}
		rows := query(t, wh, `SELECT count(*) AS n FROM `+table+` WHERE `+strings.Join(checks, " OR "))
		if rows[0]["n"] != 0.0 {
			t.Errorf("%s has %v rows with ±Inf or NaN", table, rows[0]["n"])
		}
	}

	// The reports are written, with no ±Inf or NaN in the HTML.
	mustShequ(t, "report", "--warehouse", wh, "--period", "2020", "--lang", "en")
	page, err := os.ReadFile(filepath.Join(dir, "reports", "2020", "report_2020_en.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"+Inf", "-Inf", "NaN"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("the HTML report shows %q", bad)
		}
	}
}

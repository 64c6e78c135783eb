// Command national writes a benchmark warehouse holding every one of the
// 620,573 community codes of China (2023) with generated figures for every
// source, plus CSV copies of the inputs (for the pandas comparison) and a
// configuration, OUT/run.yaml, that makes `shequ run` ingest those copies
// into a warehouse of its own (OUT/run-warehouse, reports to
// OUT/run-reports), with the same models. It is used by bench/run.sh; see
// BENCHMARKS.md.
//
//	go run ./bench/national --out /tmp/shequ-national [--communities N]
package main

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"
	"gopkg.in/yaml.v3"

	"shequ/internal/build"
	"shequ/internal/config"
	"shequ/internal/divisions"
	"shequ/internal/warehouse"
)

func main() {
	out := flag.String("out", "", "folder to write (the warehouse goes to OUT/warehouse, CSVs to OUT/csv)")
	n := flag.Int("communities", 0, "use only the first N communities (0 = all 620,573)")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "usage: national --out DIR [--communities N]")
		os.Exit(2)
	}
	if err := run(context.Background(), *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "national:", err)
		os.Exit(1)
	}
}

// sources lists each generated source with the SELECT that makes it from
// the table div (every community) and hash-based pseudo-random figures.
// Columns follow schemas/*.yaml, then the lineage columns.
var sources = []struct{ name, sql string }{
	{"communities", `SELECT code AS community_code, name AS community_name, street_code, street_name,
		district_code, district_name, CASE WHEN name LIKE '%村%' THEN '220' ELSE '111' END AS urban_rural_class,
		0.5 + (h(code || 'a') % 500) / 100.0 AS area_km2,
		lat, lon, 'communities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div`},
	{"census", `SELECT code AS community_code, name AS community_name, r AS resident, reg AS registered, r - reg AS non_registered,
		(r / 2.6)::BIGINT AS households, (r * 0.14)::BIGINT AS age_0_14, (r * 0.68)::BIGINT AS age_15_59,
		r - (r * 0.14)::BIGINT - (r * 0.68)::BIGINT AS age_60_plus,
		'census.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM (SELECT *, 300 + h(code || 'r') % 15000 AS r, (300 + h(code || 'r') % 15000) * (20 + h(code || 'g') % 70) // 100 AS reg FROM div)`},
	{"facilities", `SELECT code || '-' || k AS facility_id, code AS community_code, name || '设施' || k AS facility_name,
		CASE WHEN k = 1 THEN '党群服务中心' WHEN k = 2 THEN '日间照料中心' ELSE '文体活动室' END AS facility_type,
		100 + h(code || k) % 1200 AS floor_area_m2, lat + ((h(code || k || 'y') % 100) - 50) / 20000.0 AS lat,
		lon + ((h(code || k || 'x') % 100) - 50) / 20000.0 AS lon, '社会组织承接' AS operator, 2010 AS opened_year,
		'facilities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM div, range(1, 4) t(k) WHERE k = 1 AND h(code || 'c') % 100 < 85 OR k > 1 AND h(code || k) % 100 < 50`},
	{"staff", `SELECT code AS community_code, name AS community_name, 2 + h(code || 'w') % 30 AS community_workers,
		h(code || 's') % 12 AS social_workers, 'staff.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div`},
	{"grid", `SELECT code || lpad(k::VARCHAR, 3, '0') AS grid_id, code AS community_code, '城市' AS grid_type,
		200 + h(code || k || 'h') % 400 AS households, 5 + h(code || k) % 20 AS buildings, 1 + h(code || k || 'w') % 2 AS grid_workers,
		lat + ((h(code || k || 'gy') % 100) - 50) / 10000.0 AS lat, lon + ((h(code || k || 'gx') % 100) - 50) / 10000.0 AS lon,
		'grid.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 3) t(k)`},
	{"funding", `SELECT code || '-F' || k AS project_id, code AS community_code, '项目' || k AS project_name,
		['政府购买服务', '公益创投', '民生微实事', '社区基金', '企业/个人捐赠', '服务收费'][1 + h(code || k || 'c') % 6] AS channel,
		(1000 + h(code || k) % 300000)::DOUBLE AS amount_yuan, 2020 AS year,
		['居民', '社会组织', '社区'][1 + h(code || k || 'p') % 3] AS proposer, '已完成' AS status,
		'funding.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 4) t(k)`},
	{"activities", `SELECT code || '-A' || k AS activity_id, code AS community_code, '活动' || k AS activity_name, '文体活动' AS activity_type,
		DATE '2020-01-01' + (h(code || k) % 365)::INTEGER AS activity_date, p AS participants, (p * (h(code || k || 'n') % 80) // 100) AS non_registered_participants,
		'社区' AS organiser, 'activities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM (SELECT *, 10 + h(code || k || 'p') % 2000 AS p FROM div, range(1, 3) t(k))`},
	{"grid_events", `SELECT code || '-E' || k AS event_id, code || '001' AS grid_id, code AS community_code, '环境卫生' AS category,
		TIMESTAMP '2020-01-01 08:00' + to_hours((h(code || k) % 8000)::INTEGER) AS reported_at,
		CASE WHEN h(code || k || 's') % 100 < 92 THEN TIMESTAMP '2020-01-01 08:00' + to_hours((h(code || k) % 8000)::INTEGER) + to_minutes((60 + h(code || k || 'h') % 4000)::INTEGER) END AS closed_at,
		CASE WHEN h(code || k || 's') % 100 < 92 THEN '已办结' ELSE '办理中' END AS status,
		'grid_events.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 4) t(k)`},
	{"survey", `SELECT code || '-S' || k AS response_id, code AS community_code, CASE WHEN h(code || k) % 2 = 0 THEN '户籍' ELSE '非户籍' END AS hukou_type,
		1 + h(code || k || 'o') % 5 AS overall, 1 + h(code || k || 'c') % 5 AS convenience, 1 + h(code || k || 'q') % 5 AS quality,
		1 + h(code || k || 'p') % 5 AS participation, 'survey.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM div, range(1, 7) t(k)`},
}

func run(ctx context.Context, out string, limit int) error {
	start := time.Now()
	ix, err := divisions.Load()
	if err != nil {
		return err
	}
	all := ix.All()
	if limit > 0 && limit < len(all) {
		all = all[:limit]
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	w, err := warehouse.Create(filepath.Join(out, "warehouse"), time.Now())
	if err != nil {
		return err
	}
	csvDir := filepath.Join(out, "csv")
	if err := os.MkdirAll(csvDir, 0o755); err != nil {
		return err
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := loadDivisions(ctx, conn, all); err != nil {
		return err
	}
	tx, err := w.Begin("national-" + time.Now().UTC().Format("20060102T150405Z"))
	if err != nil {
		return err
	}
	total := 0
	for _, s := range sources {
		staged := tx.TempPath(s.name + ".parquet")
		q := fmt.Sprintf("COPY (%s) TO %s (FORMAT parquet, COMPRESSION zstd)", s.sql, warehouse.QuoteString(staged))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		var rows int64
		if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM read_parquet("+warehouse.QuoteString(staged)+")").Scan(&rows); err != nil {
			return err
		}
		csvPath := filepath.Join(csvDir, s.name+".csv")
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("COPY (SELECT * FROM read_parquet(%s)) TO %s (HEADER)",
			warehouse.QuoteString(staged), warehouse.QuoteString(csvPath))); err != nil {
			return err
		}
		id, err := w.FileID(csvPath)
		if err != nil {
			return err
		}
		digest, err := tx.PutParquet(staged, warehouse.RawTarget(s.name, "2020", id), rows)
		if err != nil {
			return err
		}
		if err := tx.PutManifest(&warehouse.FileManifest{RunID: "national", Source: s.name, Period: "2020", FileID: id,
			File: s.name + ".csv", Path: csvPath, Format: "generated", RowsIn: rows, Accepted: rows,
			SkippedBy: map[string]int{}, IngestedAt: time.Now().UTC(), RawParquet: digest}); err != nil {
			return err
		}
		fmt.Printf("%-12s %10d rows\n", s.name, rows)
		total += int(rows)
	}
	settings, err := nationalSettings(ctx, conn)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(settings, "", "  ")
	if err != nil {
		return err
	}
	p := tx.TempPath(warehouse.SettingsFile)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return err
	}
	if err := tx.Put(p, warehouse.SettingsFile); err != nil {
		return err
	}
	if err := tx.Commit(nil); err != nil {
		return err
	}
	if err := writeRunConfig(filepath.Join(out, "run.yaml"), settings); err != nil {
		return err
	}
	fmt.Printf("%d communities, %d rows in all, written to %s in %.1f s\n", len(all), total, out, time.Since(start).Seconds())
	return nil
}

// loadDivisions fills the table div with the communities and a plausible
// location: each county at a point inside China's extent, its communities
// scattered within about 10 km of it.
func loadDivisions(ctx context.Context, conn *sql.Conn, all []divisions.Community) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE div (code VARCHAR, name VARCHAR, street_code VARCHAR, street_name VARCHAR,
		district_code VARCHAR, district_name VARCHAR)`); err != nil {
		return err
	}
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewAppenderFromConn(c, "", "div")
		if err != nil {
			return err
		}
		for _, x := range all {
			if err := a.AppendRow(x.Code, x.Name, x.StreetCode, x.StreetName, x.DistrictCode, x.DistrictName); err != nil {
				a.Close()
				return err
			}
		}
		return a.Close()
	})
	if err != nil {
		return err
	}
	// h is a signed pseudo-random number from a string, so offsets can go
	// below zero.
	if _, err := conn.ExecContext(ctx, `CREATE MACRO h(s) AS (hash(s) % 1000000007)::BIGINT`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `CREATE OR REPLACE TABLE div AS
		SELECT *, 22 + (h(district_code) % 2200) / 100.0 + ((h(code || 'y') % 2000) - 1000) / 10000.0 AS lat,
		          100 + (h(district_code || 'x') % 2200) / 100.0 + ((h(code || 'x') % 2000) - 1000) / 10000.0 AS lon
		FROM div ORDER BY code`)
	return err
}

// nationalSettings groups the districts of three provinces into models
// (those in the selection).
func nationalSettings(ctx context.Context, conn *sql.Conn) (build.Settings, error) {
	var s build.Settings
	for _, m := range []config.Model{
		{ID: "guangdong", NameZh: "广东", NameEn: "Guangdong"},
		{ID: "jiangsu", NameZh: "江苏", NameEn: "Jiangsu"},
		{ID: "beijing", NameZh: "北京", NameEn: "Beijing"},
	} {
		prefix := map[string]string{"guangdong": "44", "jiangsu": "32", "beijing": "11"}[m.ID]
		rows, err := conn.QueryContext(ctx, "SELECT DISTINCT district_code FROM div WHERE starts_with(district_code, ?) ORDER BY 1", prefix)
		if err != nil {
			return s, err
		}
		for rows.Next() {
			var a string
			if err := rows.Scan(&a); err != nil {
				rows.Close()
				return s, err
			}
			m.Areas = append(m.Areas, a)
		}
		rows.Close()
		if len(m.Areas) > 0 {
			s.Models = append(s.Models, m)
		}
	}
	return s, nil
}

// writeRunConfig writes the configuration of a `shequ run` over the CSV
// copies (their lineage columns, source_file, source_sheet and
// source_line, are not in the schemas: the ingest leaves them out, with a
// warning, and records its own), with the models of settings.
func writeRunConfig(path string, settings build.Settings) error {
	type source struct {
		Source string   `yaml:"source"`
		Period string   `yaml:"period"`
		Files  []string `yaml:"files"`
	}
	cfg := struct {
		Warehouse string         `yaml:"warehouse"`
		Sources   []source       `yaml:"sources"`
		Models    []config.Model `yaml:"models"`
		Reports   map[string]any `yaml:"reports"`
	}{Warehouse: "run-warehouse", Models: settings.Models, Reports: map[string]any{"out": "run-reports", "languages": []string{"zh"}}}
	for _, s := range sources {
		cfg.Sources = append(cfg.Sources, source{Source: s.name, Period: "2020", Files: []string{"csv/" + s.name + ".csv"}})
	}
	data, err := yaml.Marshal(cfg)
	if err != nil {
		return err
	}
	head := "# `shequ run --config run.yaml` over the CSV copies of the generated inputs (written by bench/national)\n"
	return os.WriteFile(path, append([]byte(head), data...), 0o644)
}

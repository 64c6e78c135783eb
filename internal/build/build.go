package build

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"shequ/indicators"
	"shequ/internal/config"
	"shequ/internal/warehouse"
	"shequ/pipelines"
	"shequ/schemas"
)

// Options are the inputs of a build.
type Options struct {
	Warehouse *warehouse.Warehouse
	// Tx is the run's transaction: the build reads the warehouse as the run
	// will leave it, and stages the new database in it.
	Tx      *warehouse.Tx
	Schemas *schemas.Set
	Catalog *indicators.Catalog
	RunID   string
	Version string
	// Log receives one line per build step with its duration (nil: none).
	Log *slog.Logger
	// Catchment is the 2SFCA catchment in metres; 0 takes the one in the
	// warehouse's settings, or DefaultCatchment.
	Catchment float64
	// Current is the run doing this build: its record is not written yet,
	// so the build adds it to the runs table itself.
	Current *warehouse.Run
	Now     func() time.Time
}

// Settings is what a run's configuration tells later builds, kept in the
// warehouse's settings.json.
type Settings struct {
	Models []config.Model `json:"models"`
	Access config.Access  `json:"access"`
}

// DefaultCatchment is the 2SFCA catchment when none is configured: the
// 15-minute life circle of GB 50180-2018.
const DefaultCatchment = 1000.0

// Summary describes a finished build.
type Summary struct {
	Database        string         `json:"database"`
	Periods         []string       `json:"periods"`
	Communities     map[string]int `json:"communities"` // per period
	Indicators      int            `json:"indicators"`
	IndicatorValues int            `json:"indicator_values"`
	NullValues      int            `json:"null_values"`
	Equalization    int            `json:"equalization_rows"`
	Quarantined     int            `json:"quarantined_rows"`
	Unassigned      int            `json:"communities_without_model"`
}

// Run builds shequ.duckdb into the run's staging folder and stages it to
// replace the live one when the run commits.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	tmp := opts.Tx.TempPath(warehouse.DBFile)
	db, err := warehouse.OpenDB(tmp, false)
	if err != nil {
		return nil, err
	}
	sum, err := build(ctx, db, opts)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(tmp + ".wal"); err == nil {
		return nil, fmt.Errorf("%s.wal left after close", tmp)
	}
	if err := opts.Tx.Put(tmp, warehouse.DBFile); err != nil {
		return nil, err
	}
	sum.Database = opts.Warehouse.DBPath()
	return sum, nil
}

func build(ctx context.Context, db *sql.DB, opts Options) (*Summary, error) {
	// One connection: temporary state and ordering stay simple.
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	exec := func(q string, args ...any) error {
		_, err := conn.ExecContext(ctx, q, args...)
		return err
	}
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var manifests []warehouse.FileManifest
	steps := []struct {
		name string
		do   func() error
	}{
		{"settings", func() (err error) {
			if err := exec("SET preserve_insertion_order = false"); err != nil {
				return err
			}
			if err := exec(`CREATE TABLE quarantine (` + quarantineCols + `)`); err != nil {
				return err
			}
			manifests, err = opts.Tx.Manifests()
			return err
		}},
		{"source tables", func() error {
			for _, src := range opts.Schemas.Sources() {
				s, _ := opts.Schemas.Get(src)
				if err := sourceTable(ctx, conn, opts.Tx, manifests, s); err != nil {
					return fmt.Errorf("table %s: %w", src, err)
				}
				if err := crossFileDuplicates(ctx, conn, s, opts.RunID, periodsWithFiles(manifests, src, 2)); err != nil {
					return fmt.Errorf("table %s: %w", src, err)
				}
			}
			if _, err := opts.Schemas.Get("census_persons"); err == nil {
				if err := exec(personsToCensusSQL); err != nil {
					return fmt.Errorf("census from person-level rows: %w", err)
				}
			}
			return nil
		}},
		{"communities, quarantine and runs", func() error { return metaTables(ctx, conn, opts, manifests) }},
		{"indicator catalog", func() error {
			if err := exec(indicators.ValuesDDL); err != nil {
				return err
			}
			if err := catalogTable(ctx, conn, opts.Catalog); err != nil {
				return err
			}
			var ncomm int
			if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM communities").Scan(&ncomm); err != nil {
				return err
			}
			if ncomm == 0 {
				return fmt.Errorf("%w: ingest the source \"communities\" (社区名录) for each period first", ErrNoCommunities)
			}
			return indicators.CreateViews(ctx, conn, opts.Catalog)
		}},
		{"accessibility", func() error {
			catchment := opts.Catchment
			if catchment <= 0 {
				var settings Settings
				if err := warehouse.ReadSettings(opts.Tx.Path(warehouse.SettingsFile), &settings); err != nil {
					return err
				}
				catchment = settings.Access.CatchmentM
			}
			if catchment <= 0 {
				catchment = DefaultCatchment
			}
			if err := accessibility(ctx, conn, catchment, memory.DefaultAllocator); err != nil {
				return fmt.Errorf("accessibility: %w", err)
			}
			return nil
		}},
		{"indicators", func() error { return indicators.Run(ctx, conn, opts.Catalog) }},
		{"equalization", func() error { return equalization(ctx, db, conn, opts.Catalog) }},
		{"model comparison", func() error {
			if err := exec(modelComparisonSQL); err != nil {
				return fmt.Errorf("model_comparison: %w", err)
			}
			return nil
		}},
		{"comments", func() error { return comment(ctx, conn, opts.Schemas, opts.Catalog) }},
	}
	for _, st := range steps {
		t0 := time.Now()
		if err := st.do(); err != nil {
			return nil, err
		}
		log.Info("build", "step", st.name, "seconds", fmt.Sprintf("%.2f", time.Since(t0).Seconds()))
	}
	return summarize(ctx, conn, opts.Catalog)
}

// sourceTable creates the table of one source from its Parquet files, or
// an empty table of the declared shape when nothing was ingested yet.
func sourceTable(ctx context.Context, conn *sql.Conn, tx *warehouse.Tx, manifests []warehouse.FileManifest, s *schemas.Schema) error {
	name := s.Source
	if name == "communities" {
		name = "community_register"
	}
	cols := []string{"period VARCHAR"}
	sel := []string{"period"}
	for _, c := range s.Columns {
		cols = append(cols, warehouse.QuoteIdent(c.Name)+" "+pipelines.SQLType(c.Type))
		sel = append(sel, warehouse.QuoteIdent(c.Name))
	}
	cols = append(cols, "source_file VARCHAR", "source_sheet VARCHAR", "source_line BIGINT")
	sel = append(sel, pipelines.LineageColumns...)
	if _, err := conn.ExecContext(ctx, "CREATE TABLE "+name+" ("+strings.Join(cols, ", ")+")"); err != nil {
		return err
	}
	// One file at a time, in manifest order: the period comes from the
	// manifest, as the staged files are not in their Hive folders yet.
	for _, m := range manifests {
		if m.Source != s.Source || m.Accepted == 0 {
			continue
		}
		p := tx.Path(warehouse.RawTarget(m.Source, m.Period, m.FileID))
		if p == "" {
			return fmt.Errorf("%s %s %s: the manifest counts %d accepted rows but the Parquet file is missing", m.Source, m.Period, m.File, m.Accepted)
		}
		q := fmt.Sprintf(`INSERT INTO %s SELECT %s FROM (SELECT ? AS period, * FROM read_parquet(%s, union_by_name = true))`,
			name, strings.Join(sel, ", "), warehouse.QuoteString(p))
		if _, err := conn.ExecContext(ctx, q, m.Period); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// metaTables creates models, communities (the register with derived codes
// and the model), community_scopes, quarantine, ingest_files and runs.
func metaTables(ctx context.Context, conn *sql.Conn, opts Options, manifests []warehouse.FileManifest) error {
	w := opts.Warehouse
	var settings Settings
	if err := warehouse.ReadSettings(opts.Tx.Path(warehouse.SettingsFile), &settings); err != nil {
		return err
	}
	models := settings.Models
	stmts := []string{
		`CREATE TABLE models (model_id VARCHAR, name_zh VARCHAR, name_en VARCHAR, area_code VARCHAR)`,
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, m := range models {
		for _, a := range m.Areas {
			if _, err := conn.ExecContext(ctx, "INSERT INTO models VALUES (?, ?, ?, ?)", m.ID, m.NameZh, m.NameEn, a); err != nil {
				return err
			}
		}
	}
	stmts = []string{
		// A community belongs to the model whose area (district or street
		// code) is the longest prefix of its code.
		`CREATE TABLE communities AS
		SELECT r.period, r.community_code, r.community_name,
		       coalesce(r.street_code, left(r.community_code, 9)) AS street_code, r.street_name,
		       coalesce(r.district_code, left(r.community_code, 6)) AS district_code, r.district_name,
		       r.urban_rural_class, r.area_km2, r.lat, r.lon,
		       (SELECT m.model_id FROM models m WHERE starts_with(r.community_code, m.area_code)
		        ORDER BY length(m.area_code) DESC LIMIT 1) AS model_id,
		       r.source_file, r.source_line
		FROM community_register r
		ORDER BY r.period, r.community_code`,
		`CREATE TABLE community_scopes AS
		SELECT period, community_code, 'all' AS scope, 'all' AS scope_id FROM communities
		UNION ALL SELECT period, community_code, 'model', model_id FROM communities WHERE model_id IS NOT NULL
		UNION ALL SELECT period, community_code, 'district', district_code FROM communities
		UNION ALL SELECT period, community_code, 'street', street_code FROM communities`,
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	for _, m := range manifests {
		if m.Quarantined == 0 {
			continue
		}
		p := opts.Tx.Path(warehouse.QuarantineTarget(m.Source, m.Period, m.FileID))
		if p == "" {
			return fmt.Errorf("%s %s %s: the manifest counts %d quarantined rows but the quarantine file is missing", m.Source, m.Period, m.File, m.Quarantined)
		}
		q := fmt.Sprintf(`INSERT INTO quarantine SELECT %s FROM read_parquet(%s) ORDER BY sheet, line, "column", rule`,
			`run_id, source, period, file, sheet, line, "column", value, rule, message_zh, message_en`, warehouse.QuoteString(p))
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return runTables(ctx, conn, w, manifests, opts.Current)
}

// crossFileDuplicates finds keys that two or more files of one source and
// period both hold (each file alone passed its own duplicate check at
// ingest). Neither row can be trusted over the other, so every row of such
// a key leaves the source table for quarantine, rule duplicate_key, with a
// message naming the files; the Parquet keeps them, and the next run takes
// the key again once one file no longer has it.
func crossFileDuplicates(ctx context.Context, conn *sql.Conn, s *schemas.Schema, runID string, periods []string) error {
	if len(s.Key) == 0 || len(periods) == 0 {
		return nil // no key, or no period with two files
	}
	var quoted []string
	for _, p := range periods {
		quoted = append(quoted, warehouse.QuoteString(p))
	}
	table := s.Source
	if table == "communities" {
		table = "community_register"
	}
	var keys, on []string
	for _, k := range s.Key {
		keys = append(keys, warehouse.QuoteIdent(k))
		on = append(on, "t."+warehouse.QuoteIdent(k)+" = d."+warehouse.QuoteIdent(k))
	}
	keyList := strings.Join(keys, ", ")
	value := "t." + keys[0] + "::VARCHAR"
	if len(keys) > 1 {
		value = "concat_ws(' / ', " + "t." + strings.Join(keys, "::VARCHAR, t.") + "::VARCHAR)"
	}
	stmts := []string{
		`CREATE OR REPLACE TEMP TABLE dup AS SELECT period, ` + keyList + `, string_agg(DISTINCT source_file, '、' ORDER BY source_file) AS files,
		 string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files_en
		 FROM ` + table + ` WHERE period IN (` + strings.Join(quoted, ", ") + `)
		 GROUP BY period, ` + keyList + ` HAVING min(source_file) <> max(source_file)`,
		`INSERT INTO quarantine SELECT ?, ?, t.period, t.source_file, t.source_sheet, t.source_line, ?, ` + value + `, 'duplicate_key',
		 '同一统计期的多个文件（' || d.files || '）都有此键：都不采用，请只在一个文件中保留后重新报送',
		 'the same key is in more than one file of this period (' || d.files_en || '): none is used; keep it in one file and send the files again'
		 FROM ` + table + ` t JOIN dup d ON t.period = d.period AND ` + strings.Join(on, " AND "),
		`DELETE FROM ` + table + ` t USING dup d WHERE t.period = d.period AND ` + strings.Join(on, " AND "),
		`DROP TABLE dup`,
	}
	for i, q := range stmts {
		var err error
		if i == 1 {
			_, err = conn.ExecContext(ctx, q, runID, s.Source, s.Key[0])
		} else {
			_, err = conn.ExecContext(ctx, q)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// periodsWithFiles lists the periods in which a source has at least n
// files with accepted rows.
func periodsWithFiles(ms []warehouse.FileManifest, source string, n int) []string {
	count := map[string]int{}
	for _, m := range ms {
		if m.Source == source && m.Accepted > 0 {
			count[m.Period]++
		}
	}
	var out []string
	for p, c := range count {
		if c >= n {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

// personsToCensusSQL adds to census one row per community, period and
// person-level file: residents counted, registered and non-registered by
// hukou type, households as distinct household ids, and age bands by full
// years of age on the last day of the period (2020 → 2020-12-31,
// 2020-06 → 2020-06-30). Direct identifiers never get here: the ingest
// stored only their keyed hash.
const personsToCensusSQL = `
INSERT INTO census (period, community_code, community_name, resident, registered, non_registered, households,
                    age_0_14, age_15_59, age_60_plus, source_file, source_sheet, source_line)
SELECT period, community_code, NULL,
       count(*),
       count(*) FILTER (WHERE hukou_type = '户籍'),
       count(*) FILTER (WHERE hukou_type = '非户籍'),
       count(DISTINCT household_id),
       count(*) FILTER (WHERE age < 15),
       count(*) FILTER (WHERE age >= 15 AND age < 60),
       count(*) FILTER (WHERE age >= 60),
       source_file, NULL, NULL
FROM (
	SELECT *, date_sub('year', birth_date,
	           CASE WHEN length(period) = 4 THEN make_date(period::INTEGER, 12, 31)
	                ELSE last_day(strptime(period || '-01', '%Y-%m-%d')::DATE) END) AS age
	FROM census_persons
)
GROUP BY period, community_code, source_file
ORDER BY period, community_code, source_file`

// modelComparisonSQL puts the models side by side: each model's value of
// every indicator (a ratio of sums), its rank among the models (1 = best,
// by the indicator's direction; none for neutral indicators), the
// communities meeting the standard, and the Theil T decomposition of the
// inequality across all communities into between-model and within-model
// parts, with each model's own Theil T.
const modelComparisonSQL = `
CREATE TABLE model_comparison AS
WITH m AS (
	SELECT s.period, s.indicator_id, s.scope_id AS model_id, s.value, s.numerator, s.denominator,
	       s.communities, s.communities_with_value, s.communities_meeting_standard,
	       c.direction, c.run_order,
	       rank() OVER (PARTITION BY s.period, s.indicator_id ORDER BY s.value DESC NULLS LAST) AS rank_desc,
	       rank() OVER (PARTITION BY s.period, s.indicator_id ORDER BY s.value ASC NULLS LAST) AS rank_asc
	FROM indicator_scope_values s
	JOIN indicator_catalog c USING (indicator_id)
	WHERE s.scope = 'model'
),
decomp AS (
	SELECT period, indicator_id,
	       max(value) FILTER (WHERE measure = 'theil_t_between') AS theil_t_between_models,
	       max(value) FILTER (WHERE measure = 'theil_t_within') AS theil_t_within_models,
	       max(value) FILTER (WHERE measure = 'theil_t') AS theil_t_total
	FROM equalization WHERE scope = 'all' GROUP BY ALL
),
own AS (
	SELECT period, indicator_id, scope_id AS model_id,
	       max(value) FILTER (WHERE measure = 'theil_t') AS theil_t_model,
	       max(value) FILTER (WHERE measure = 'gini_weighted') AS gini_weighted_model
	FROM equalization WHERE scope = 'model' GROUP BY ALL
)
SELECT m.period, m.indicator_id, m.model_id, m.value, m.numerator, m.denominator,
       CASE WHEN m.value IS NULL THEN NULL
            WHEN m.direction = 'higher_is_better' THEN m.rank_desc
            WHEN m.direction = 'lower_is_better' THEN m.rank_asc END AS rank,
       m.communities, m.communities_with_value, m.communities_meeting_standard,
       m.communities_meeting_standard / nullif(m.communities_with_value, 0) AS share_meeting_standard,
       o.theil_t_model, o.gini_weighted_model,
       d.theil_t_between_models, d.theil_t_within_models, d.theil_t_total
FROM m
LEFT JOIN decomp d USING (period, indicator_id)
LEFT JOIN own o USING (period, indicator_id, model_id)
ORDER BY m.period, m.run_order, m.model_id`

const quarantineCols = `run_id VARCHAR, source VARCHAR, period VARCHAR, file VARCHAR, sheet VARCHAR, line BIGINT,
	"column" VARCHAR, value VARCHAR, rule VARCHAR, message_zh VARCHAR, message_en VARCHAR`

func runTables(ctx context.Context, conn *sql.Conn, w *warehouse.Warehouse, ms []warehouse.FileManifest, current *warehouse.Run) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE ingest_files (source VARCHAR, period VARCHAR, file VARCHAR, path VARCHAR,
		sha256 VARCHAR, bytes BIGINT, format VARCHAR, encoding VARCHAR, header_line BIGINT, rows_in BIGINT, accepted BIGINT,
		quarantined BIGINT, skipped BIGINT, skipped_by JSON, unknown_columns VARCHAR[], run_id VARCHAR, ingested_at TIMESTAMPTZ)`); err != nil {
		return err
	}
	for _, m := range ms {
		by, _ := json.Marshal(m.SkippedBy)
		unknown := m.UnknownColumns
		if unknown == nil {
			unknown = []string{}
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO ingest_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON, ?, ?, ?)`,
			m.Source, m.Period, m.File, m.Path, m.SHA256, m.Bytes, m.Format, m.Encoding, m.HeaderLine,
			m.RowsIn, m.Accepted, m.Quarantined, m.Skipped, string(by), unknown, m.RunID, m.IngestedAt); err != nil {
			return err
		}
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE runs (run_id VARCHAR, command VARCHAR, version VARCHAR,
		started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ, status VARCHAR, error VARCHAR, inputs JSON, removed VARCHAR[])`); err != nil {
		return err
	}
	runs, err := w.Runs()
	if err != nil {
		return err
	}
	if current != nil {
		runs = append(runs, *current)
	}
	for _, r := range runs {
		inputs, _ := json.Marshal(r.Files)
		removed := r.Removed
		if removed == nil {
			removed = []string{}
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?::JSON, ?)`,
			r.ID, r.Command, r.Version, r.Started, r.Finished, r.Status, r.Error, string(inputs), removed); err != nil {
			return err
		}
	}
	return nil
}

func catalogTable(ctx context.Context, conn *sql.Conn, cat *indicators.Catalog) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE indicator_catalog (indicator_id VARCHAR PRIMARY KEY, kind VARCHAR,
		name_zh VARCHAR, name_en VARCHAR, unit_zh VARCHAR, unit_en VARCHAR, format VARCHAR, direction VARCHAR, scale DOUBLE,
		numerator_zh VARCHAR, numerator_en VARCHAR, denominator_zh VARCHAR, denominator_en VARCHAR,
		standard_op VARCHAR, standard_value DOUBLE, standard_zh VARCHAR, standard_en VARCHAR, standard_source VARCHAR,
		depends_on VARCHAR[], equalize BOOLEAN, aggregate VARCHAR, description_zh VARCHAR, description_en VARCHAR, formula_sql VARCHAR,
		file VARCHAR, run_order INTEGER)`); err != nil {
		return err
	}
	for i, ind := range cat.All {
		var op, std any
		if ind.HasStandard() {
			op, std = ind.StandardOp, ind.StandardValue
		}
		if _, err := conn.ExecContext(ctx, `INSERT INTO indicator_catalog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			ind.ID, ind.Kind, ind.NameZh, ind.NameEn, ind.UnitZh, ind.UnitEn, ind.Format, ind.Direction, ind.Scale,
			ind.NumeratorZh, ind.NumeratorEn, ind.DenominatorZh, ind.DenominatorEn, op, std, ind.StandardZh, ind.StandardEn,
			ind.StandardSource, ind.DependsOn, ind.Equalize, ind.Aggregate, ind.DescriptionZh, ind.DescriptionEn, ind.SQL, "indicators/"+ind.File, i+1); err != nil {
			return err
		}
	}
	return nil
}

func summarize(ctx context.Context, conn *sql.Conn, cat *indicators.Catalog) (*Summary, error) {
	s := &Summary{Communities: map[string]int{}, Indicators: len(cat.Indicators())}
	rows, err := conn.QueryContext(ctx, "SELECT period, count(*) FROM communities GROUP BY period ORDER BY period")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			rows.Close()
			return nil, err
		}
		s.Periods = append(s.Periods, p)
		s.Communities[p] = n
	}
	rows.Close()
	err = conn.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM indicator_values),
		(SELECT count(*) FROM indicator_values WHERE value IS NULL),
		(SELECT count(*) FROM equalization),
		(SELECT count(*) FROM (SELECT DISTINCT source, period, file, sheet, line FROM quarantine)),
		(SELECT count(*) FROM communities WHERE model_id IS NULL)`).Scan(
		&s.IndicatorValues, &s.NullValues, &s.Equalization, &s.Quarantined, &s.Unassigned)
	return s, err
}

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
	"shequ/schemas"
	"shequ/standards"
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
	// Standards are the plans and whom they hold; none (a warehouse
	// written before plans were data): the shipped plans, holding all.
	Standards []standards.Holding `json:"standards,omitempty"`
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
	var labels map[string]string
	var settings Settings // what the run's configuration told the warehouse
	tables := opts.Schemas.Tables()
	steps := []struct {
		name string
		do   func() error
	}{
		{"settings", func() (err error) {
			if err := exec("SET preserve_insertion_order = false"); err != nil {
				return err
			}
			if err := createTables(ctx, conn, "quarantine"); err != nil {
				return err
			}
			if err := warehouse.ReadSettings(opts.Tx.Path(warehouse.SettingsFile), &settings); err != nil {
				return err
			}
			manifests, err = opts.Tx.Manifests()
			labels = fileLabels(manifests)
			return err
		}},
		{"check the Parquet", func() error { return checkParquet(ctx, conn, opts.Tx, manifests, log) }},
		{"source tables", func() error {
			for _, src := range opts.Schemas.Sources() {
				s, _ := opts.Schemas.Get(src)
				if err := sourceTable(ctx, conn, opts.Tx, manifests, labels, s); err != nil {
					return fmt.Errorf("table %s: %w", src, err)
				}
				if err := crossFileDuplicates(ctx, conn, s, opts.RunID, periodsWithFiles(manifests, src, 2)); err != nil {
					return fmt.Errorf("table %s: %w", src, err)
				}
			}
			_, noPersons := opts.Schemas.Get("census_persons")
			if err := combineCensus(ctx, conn, noPersons == nil); err != nil {
				return fmt.Errorf("census from census tables and person-level rows: %w", err)
			}
			return nil
		}},
		{"communities, quarantine and runs", func() error { return metaTables(ctx, conn, opts, settings, manifests, labels) }},
		{"indicator catalog", func() error {
			if err := exec(indicators.ValuesDDL()); err != nil {
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
		{"indicator changes", func() error { return changes(ctx, conn) }},
		{"plans", func() error { return planTables(ctx, conn, settings.Standards, opts.Catalog) }},
		{"comments", func() error { return comment(ctx, conn, tables, opts.Catalog) }},
		{"check the tables against their declarations", func() error { return checkTables(ctx, conn, tables) }},
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
func sourceTable(ctx context.Context, conn *sql.Conn, tx *warehouse.Tx, manifests []warehouse.FileManifest, labels map[string]string, s *schemas.Schema) error {
	t := s.Table()
	name := schemas.QuoteName(t.Name)
	if _, err := conn.ExecContext(ctx, t.DDL()); err != nil {
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
		sel, err := selectList(ctx, conn, s, t, p)
		if err != nil {
			return err
		}
		q := fmt.Sprintf(`INSERT INTO %s SELECT %s FROM (SELECT ? AS period, * FROM read_parquet(%s, union_by_name = true))`,
			name, sel, warehouse.QuoteString(p))
		args := []any{m.Period}
		if label, ok := labels[fileKey(&m)]; ok {
			q = fmt.Sprintf(`INSERT INTO %s SELECT %s FROM (SELECT ? AS period, * REPLACE (? AS source_file) FROM read_parquet(%s, union_by_name = true))`,
				name, sel, warehouse.QuoteString(p))
			args = append(args, label)
		}
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// checkParquet checks every raw and quarantine Parquet file against the
// manifest of its input before any is read: it must be there, with the
// size and checksum the manifest records and the manifest's row count in its
// footer. Every file that does not match is reported at once, in a
// *warehouse.CheckError, and the build stops: a file changed after shequ
// wrote it (overwritten by a query's COPY, cut short, deleted) would
// otherwise shrink the tables without a word. Files of manifests written
// before shequ recorded digests are checked for presence and row count,
// and said, once, to be unverifiable.
func checkParquet(ctx context.Context, conn *sql.Conn, tx *warehouse.Tx, manifests []warehouse.FileManifest, log *slog.Logger) error {
	// The footers are read in one query (one per file costs a few
	// milliseconds each); a file that is not readable Parquet fails that
	// query, and then each file is read alone.
	var paths []string
	for i := range manifests {
		m := &manifests[i]
		if m.Accepted > 0 {
			paths = append(paths, tx.Path(warehouse.RawTarget(m.Source, m.Period, m.FileID)))
		}
		if m.Quarantined > 0 {
			paths = append(paths, tx.Path(warehouse.QuarantineTarget(m.Source, m.Period, m.FileID)))
		}
	}
	counts := footerRows(ctx, conn, paths)
	footer := func(path string) (int64, error) {
		if n, ok := counts[path]; ok {
			return n, nil
		}
		var n int64
		err := conn.QueryRowContext(ctx, "SELECT sum(num_rows)::BIGINT FROM parquet_file_metadata("+warehouse.QuoteString(path)+")").Scan(&n)
		return n, err
	}
	var bad []*warehouse.IntegrityError
	var unverifiable []string
	for i := range manifests {
		m := &manifests[i]
		if !m.Verifiable() {
			unverifiable = append(unverifiable, m.Source+" "+m.Period+" "+m.Path)
		}
		b, err := tx.Verify(m, footer)
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err // not the files' fault
		}
		bad = append(bad, b...)
	}
	if len(unverifiable) > 0 {
		log.Warn(fmt.Sprintf("%d input file(s) were ingested before shequ recorded the checksum of their Parquet: "+
			"it is checked for presence and row count only; the next `shequ run` reads them again and records it", len(unverifiable)),
			"files", strings.Join(unverifiable, ", "))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w\nnothing was published", &warehouse.CheckError{Files: bad})
	}
	return nil
}

// footerRows returns the row count in the footer of each Parquet file of
// paths ("" entries skipped), read in one query; an empty map when that
// query fails.
func footerRows(ctx context.Context, conn *sql.Conn, paths []string) map[string]int64 {
	var quoted []string
	for _, p := range paths {
		if p != "" {
			quoted = append(quoted, warehouse.QuoteString(p))
		}
	}
	counts := map[string]int64{}
	if len(quoted) == 0 {
		return counts
	}
	rows, err := conn.QueryContext(ctx, "SELECT file_name, sum(num_rows)::BIGINT FROM parquet_file_metadata(["+strings.Join(quoted, ", ")+"]) GROUP BY file_name")
	if err != nil {
		return counts
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		var n int64
		if err := rows.Scan(&p, &n); err != nil {
			return map[string]int64{}
		}
		counts[p] = n
	}
	if rows.Err() != nil {
		return map[string]int64{}
	}
	return counts
}

// fileKey identifies a manifest's input file in labels.
func fileKey(m *warehouse.FileManifest) string {
	return m.Source + "\x00" + m.Period + "\x00" + m.FileID
}

// fileLabels names, in the tables' source_file and quarantine's file, the
// input files that share a base name with another file of their source
// and period (so that the tables tell them apart and cross-file duplicates
// are found between them): by their path, and when even that is shared
// (paths given relative to different folders), by their path and
// identifier. Every other file keeps its base name and has no entry.
func fileLabels(ms []warehouse.FileManifest) map[string]string {
	byName := map[string][]*warehouse.FileManifest{}
	for i := range ms {
		m := &ms[i]
		k := m.Source + "\x00" + m.Period + "\x00" + m.File
		byName[k] = append(byName[k], m)
	}
	labels := map[string]string{}
	for _, group := range byName {
		if len(group) < 2 {
			continue
		}
		paths := map[string]int{}
		for _, m := range group {
			paths[m.Path]++
		}
		for _, m := range group {
			label := m.Path
			if paths[m.Path] > 1 {
				label += " [" + m.FileID + "]"
			}
			labels[fileKey(m)] = label
		}
	}
	return labels
}

// metaTables creates models, communities (the register with derived codes
// and the model), community_scopes, quarantine, ingest_files and runs.
func metaTables(ctx context.Context, conn *sql.Conn, opts Options, settings Settings, manifests []warehouse.FileManifest, labels map[string]string) error {
	w := opts.Warehouse
	if err := createTables(ctx, conn, "models"); err != nil {
		return err
	}
	decl, _ := schemas.DerivedTable("models")
	ins := newInserter(decl)
	for _, m := range settings.Models {
		for _, a := range m.Areas {
			if err := ins.insert(ctx, conn, map[string]any{"model_id": m.ID, "name_zh": m.NameZh, "name_en": m.NameEn, "area_code": a}); err != nil {
				return err
			}
		}
	}
	stmts := []string{
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
		from := "read_parquet(" + warehouse.QuoteString(p) + ")"
		var args []any
		if label, ok := labels[fileKey(&m)]; ok {
			from = "(SELECT * REPLACE (? AS file) FROM " + from + ")"
			args = append(args, label)
		}
		q := fmt.Sprintf(`INSERT INTO quarantine SELECT %s FROM %s ORDER BY sheet, line, "column", rule`, quarantineColumns(), from)
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
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
	table := schemas.QuoteName(schemas.TableName(s.Source))
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
		`INSERT INTO quarantine BY NAME SELECT ? AS run_id, ? AS source, t.period AS period, t.source_file AS file,
		 coalesce(t.source_sheet, '') AS sheet, t.source_line AS line, ? AS "column", ` + value + ` AS value, 'duplicate_key' AS rule,
		 '同一统计期的多个文件（' || d.files || '）都有此键：都不采用，请只在一个文件中保留后重新报送' AS message_zh,
		 'the same key is in more than one file of this period (' || d.files_en || '): none is used; keep it in one file and send the files again' AS message_en
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

// modelComparisonSQL puts the models side by side: each model's value of
// every indicator (a ratio of sums), its rank among the models (1 = best,
// by the indicator's direction; none for neutral indicators), the
// communities meeting the standard and those surely below it (as in
// indicator_scope_values: meeting by the value, below by the whole
// interval for an indicator computed from a sample), and the Theil T
// decomposition of the
// inequality across all communities into between-model and within-model
// parts, with each model's own Theil T.
const modelComparisonSQL = `
CREATE TABLE model_comparison AS
WITH m AS (
	SELECT s.period, s.indicator_id, s.scope_id AS model_id, s.value, s.numerator, s.denominator,
	       s.communities, s.communities_with_value, s.communities_meeting_standard, s.communities_below_standard,
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
       m.communities_below_standard,
       o.theil_t_model, o.gini_weighted_model,
       d.theil_t_between_models, d.theil_t_within_models, d.theil_t_total
FROM m
LEFT JOIN decomp d USING (period, indicator_id)
LEFT JOIN own o USING (period, indicator_id, model_id)
ORDER BY m.period, m.run_order, m.model_id`

// quarantineColumns are the declared columns of the quarantine table, as
// a SQL select list.
func quarantineColumns() string {
	var cols []string
	for _, c := range schemas.Quarantine().ColumnNames() {
		cols = append(cols, schemas.QuoteName(c))
	}
	return strings.Join(cols, ", ")
}

// runTables creates ingest_files, one row per manifest, and runs, one row
// per run record (and the current run's).
func runTables(ctx context.Context, conn *sql.Conn, w *warehouse.Warehouse, ms []warehouse.FileManifest, current *warehouse.Run) error {
	if err := createTables(ctx, conn, "ingest_files", "runs"); err != nil {
		return err
	}
	decl, _ := schemas.DerivedTable("ingest_files")
	ins := newInserter(decl)
	for _, m := range ms {
		if err := ins.insert(ctx, conn, ingestRow(&m)); err != nil {
			return fmt.Errorf("ingest_files %s %s %s: %w", m.Source, m.Period, m.Path, err)
		}
	}
	runs, err := w.Runs()
	if err != nil {
		return err
	}
	if current != nil {
		runs = append(runs, *current)
	}
	decl, _ = schemas.DerivedTable("runs")
	ins = newInserter(decl)
	for _, r := range runs {
		inputs, err := json.Marshal(r.Files)
		if err != nil {
			return err
		}
		if err := ins.insert(ctx, conn, map[string]any{"run_id": r.ID, "command": r.Command, "version": r.Version,
			"started_at": r.Started, "finished_at": r.Finished, "status": r.Status, "error": r.Error,
			"inputs": string(inputs), "removed": orEmpty(r.Removed)}); err != nil {
			return fmt.Errorf("runs %s: %w", r.ID, err)
		}
	}
	return nil
}

// ingestRow is the ingest_files row of a manifest.
func ingestRow(m *warehouse.FileManifest) map[string]any {
	skippedBy, _ := json.Marshal(m.SkippedBy)
	mismatches := m.TotalsMismatches
	if mismatches == nil {
		mismatches = []warehouse.TotalsMismatch{}
	}
	totals, _ := json.Marshal(mismatches)
	digest := func(d warehouse.ParquetDigest) any {
		if d == (warehouse.ParquetDigest{}) {
			return nil
		}
		b, _ := json.Marshal(d)
		return string(b)
	}
	return map[string]any{
		"source": m.Source, "period": m.Period, "file": m.File, "path": m.Path, "sha256": m.SHA256, "bytes": m.Bytes,
		"format": m.Format, "encoding": m.Encoding, "header_line": m.HeaderLine, "rows_in": m.RowsIn, "accepted": m.Accepted,
		"quarantined": m.Quarantined, "skipped": m.Skipped, "skipped_by": string(skippedBy), "unknown_columns": orEmpty(m.UnknownColumns),
		"lines": m.Lines, "header_lines": m.HeaderLines, "joined_lines": m.JoinedLines, "area": orNull(m.Area), "area_from": orNull(m.AreaFrom),
		"totals_checked": m.TotalsChecked, "totals_mismatches": string(totals),
		"raw_parquet": digest(m.RawParquet), "quarantine_parquet": digest(m.QuarantineParquet), "synthetic": m.Synthetic,
		"run_id": m.RunID, "ingested_at": m.IngestedAt,
	}
}

// orNull is s, or NULL for "" (a column that has no value for the row).
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// orEmpty is s, or an empty list for nil (a VARCHAR[] column holds [], not
// NULL).
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func catalogTable(ctx context.Context, conn *sql.Conn, cat *indicators.Catalog) error {
	if err := createTables(ctx, conn, "indicator_catalog"); err != nil {
		return err
	}
	decl, _ := schemas.DerivedTable("indicator_catalog")
	ins := newInserter(decl)
	for i, ind := range cat.All {
		var op, std, interval any
		if ind.HasStandard() {
			op, std = ind.StandardOp, ind.StandardValue
		}
		if ind.Interval != "" {
			interval = ind.Interval
		}
		if err := ins.insert(ctx, conn, map[string]any{
			"indicator_id": ind.ID, "kind": ind.Kind, "name_zh": ind.NameZh, "name_en": ind.NameEn, "unit_zh": ind.UnitZh,
			"unit_en": ind.UnitEn, "format": ind.Format, "direction": ind.Direction, "scale": ind.Scale,
			"numerator_zh": ind.NumeratorZh, "numerator_en": ind.NumeratorEn, "denominator_zh": ind.DenominatorZh,
			"denominator_en": ind.DenominatorEn, "formula_zh": orNull(ind.FormulaZh), "formula_en": orNull(ind.FormulaEn), "standard_op": op, "standard_value": std, "standard_zh": ind.StandardZh,
			"standard_en": ind.StandardEn, "standard_source": ind.StandardSource, "standard_plan": orNull(ind.StandardPlan), "depends_on": ind.DependsOn,
			"equalize": ind.Equalize, "aggregate": ind.Aggregate, "interval": interval, "description_zh": ind.DescriptionZh,
			"description_en": ind.DescriptionEn, "formula_sql": ind.SQL, "file": "indicators/" + ind.File, "run_order": i + 1,
		}); err != nil {
			return fmt.Errorf("indicator_catalog %s: %w", ind.ID, err)
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

package reports

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"shequ/indicators"
	"shequ/schemas"
)

// dataset is everything a report shows for one period, read from
// shequ.duckdb in one go.
type dataset struct {
	period  string
	lang    string
	tables  map[string]bool
	catalog []*indicators.Indicator // kind indicator, in run order

	log       *slog.Logger // steps and their times (Options.Log)
	synthetic bool         // the period's inputs carry the mark of shequ gen (synthetic.go)

	// Sections of the HTML report (load_more.go).
	changes      map[string][]changeRow      // indicator → all, then each model
	modelChanges []modelChange               // each model's change, for the reading
	prevPeriod   map[string]string           // indicator → the period it is compared with
	streetsBelow map[string][]streetRow      // indicator → streets furthest below its standard
	streetCounts map[string][2]int64         // indicator → streets with a value, below the standard
	intervals    map[string][]intervalRow    // indicator from a sample → all, then each model
	maps         map[string][]mapPanel       // indicator → a map panel per model
	coverage     map[string][2][]coverageRow // 0/1 indicator → per model, per street
	models       []model
	// nComms counts the period's communities; a report never holds them
	// all (communities.go reads them one at a time).
	nComms int64
	// detail holds, for the HTML report's per-community charts, the
	// communities of the groups small enough to draw one by one
	// (perCommunityMax), with their values.
	detail  []community
	values  map[string]map[string]value // community code → indicator id → value, of detail only
	scope   map[scopeKey]scopeValue     // all, model and district values
	streets map[string]string           // street code → name
	dists   map[string]string           // district code → name
	equal   []eqRow                     // all and model scopes
	eqIndex map[[4]string]eqRow         // scope, scope id, indicator, measure
	lorenz  map[scopeKey][]lorenzPoint  // scope key with indicator → points
	compare map[string]map[string]compareCell
	theil   map[string]theilSplit // indicator id → between/within models
	files   []fileRow
	reasons []reasonRow
	// totals lists the figures of totals rows (合计, 小计) of the period's
	// files that do not add up; totalsChecked counts those compared
	// (ingest_files.totals_mismatches, totals_checked).
	totals        []totalsRow
	totalsChecked int64
	// recon lists the census figures in which a census table and the
	// person-level totals of a community differ; reconBoth counts the
	// communities that have both (census_reconciliation).
	recon       []reconRow // the first maxReconRows
	reconBoth   int64
	reconDiffer int64 // figures that differ
	below       belowCounts
	dists2      map[string][]dist    // indicator id → distributions (large periods)
	extremes    map[string][]extreme // indicator id → best and worst (large periods)
	run         runInfo
	// fromModelComparison is true when the model comparison was read from
	// the model_comparison table rather than computed here.
	fromModelComparison bool
	notes               []string
	priv                privacy
	// plans are the plans communities are held to, planRows the period's
	// attainment of all, each model and each district (plans.go); planByID
	// is nil for a warehouse without plan_attainment.
	plans    []*planInfo
	planByID map[string]*planInfo
	planRows []planRow
	// schemas are the declared sources, for the labels of the rules and
	// columns that quarantine rows name.
	schemas *schemas.Set
}

type model struct {
	id, nameZh, nameEn string
	color              string // "#rrggbb"
	streets            int    // streets with communities of the model in the period
	communities        int64  // communities of the model in the period
}

type community struct {
	code, name, streetCode, streetName, districtCode, districtName, urClass, modelID string
}

type value struct {
	v, num, den sql.NullFloat64
	nullReason  string
	sup         bool // suppressed for small counts (visibleSQL)
	below       bool // below the standard; for a share from a sample, its whole interval
}

type scopeKey struct{ scope, id, indicator string }

type scopeValue struct {
	v, num, den                  sql.NullFloat64
	communities, withValue, meet sql.NullInt64
	sup                          bool // suppressed for small counts (visibleSQL)
}

type eqRow struct {
	scope, scopeID, indicator, measure string
	v                                  sql.NullFloat64
	n                                  sql.NullInt64
	groupsBy, nullReason               string
}

type lorenzPoint struct{ pop, share float64 }

type compareCell struct {
	v                            sql.NullFloat64
	rank                         sql.NullInt64
	communities, withValue, meet sql.NullInt64
}

type theilSplit struct{ between, within, total sql.NullFloat64 }

type fileRow struct {
	source, file, sha256, encoding         string
	rowsIn, accepted, quarantined, skipped int64
	area                                   string // district or street code checked, "" when none
}

// totalsRow is a figure of a totals row that equals neither the sum of
// the rows since the previous totals row nor that of the sheet's rows.
type totalsRow struct {
	source, file, sheet, label, column, header string
	line                                       int64
	stated                                     float64
	sinceSum, sheetSum                         sql.NullFloat64 // NULL when a row of the span could not be read
}

type reasonRow struct {
	source, file, rule, column, messageZh, messageEn string
	rows                                             int64
}

// reconRow is one figure of a community whose census-table value and
// person-level total differ.
type reconRow struct {
	code, name, figureZh, figureEn string
	census, persons, diff          sql.NullInt64
	rel                            sql.NullFloat64
	censusFile, personsFiles       string
}

type runInfo struct {
	id, command, version, status string
	started, finished            time.Time
	found                        bool
}

// modelColors are the models' colours in every chart, given to the models
// in the order of their ids, so a model keeps its colour across charts,
// reports and periods.
var modelColors = []string{"#2e6db4", "#d9822b", "#3a9b5c", "#8e5ea2", "#c44e52", "#7f7f7f", "#17becf", "#bcbd22"}

// walkIndicators are the walking-distance indicators the walk chart shows,
// with their distance in metres (300 m ≈ 5, 500 m ≈ 10, 1000 m ≈ 15
// minutes, GB 50180-2018).
var walkIndicators = []struct {
	id     string
	metres int
}{{"walk_300m_share", 300}, {"walk_500m_share", 500}, {"walk_1000m_share", 1000}}

// load reads the period's data. It fails with ErrUnknownPeriod when the
// warehouse has no communities for the period, and with ErrNotBuilt when a
// table every report needs is missing.
func load(ctx context.Context, db *sql.DB, opts Options) (*dataset, error) {
	d := &dataset{period: opts.Period, lang: opts.Lang, tables: map[string]bool{},
		values: map[string]map[string]value{}, scope: map[scopeKey]scopeValue{},
		streets: map[string]string{}, dists: map[string]string{},
		lorenz: map[scopeKey][]lorenzPoint{}, compare: map[string]map[string]compareCell{},
		theil: map[string]theilSplit{}, eqIndex: map[[4]string]eqRow{}, priv: privacy{below: opts.SuppressBelow}}
	if err := scan(ctx, db, `SELECT table_name FROM information_schema.tables ORDER BY table_name`, nil, func(r *sql.Rows) error {
		var t string
		if err := r.Scan(&t); err != nil {
			return err
		}
		d.tables[t] = true
		return nil
	}); err != nil {
		return nil, err
	}
	var missing []string
	for _, t := range []string{"communities", "models", "indicator_catalog", "indicator_values", "indicator_scope_values"} {
		if !d.tables[t] {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("%w: no table %s", ErrNotBuilt, strings.Join(missing, ", "))
	}
	// A database built by an older shequ lacks columns the reports read:
	// say so, rather than fail on the first query that reads them.
	cols, err := columnsOf(ctx, db, "indicator_values")
	if err != nil {
		return nil, err
	}
	current := cols["ci_low"] && cols["ci_high"] && cols["below_standard"]
	if !current {
		return nil, fmt.Errorf("%w: indicator_values has no ci_low, ci_high or below_standard: the database was built by an older shequ; run shequ build (or shequ run) again", ErrNotBuilt)
	}
	var periods []string
	if err := scan(ctx, db, `SELECT DISTINCT period FROM communities ORDER BY period`, nil, func(r *sql.Rows) error {
		var p string
		err := r.Scan(&p)
		periods = append(periods, p)
		return err
	}); err != nil {
		return nil, err
	}
	if !slices.Contains(periods, opts.Period) {
		return nil, fmt.Errorf("%w %q (the warehouse has: %s)", ErrUnknownPeriod, opts.Period, strings.Join(periods, ", "))
	}
	set, err := schemas.Load()
	if err != nil {
		return nil, err
	}
	d.schemas = set
	steps := []func(context.Context, *sql.DB) error{
		d.loadCatalog, d.loadCatalogMethods, d.loadModels, d.loadCommunities, d.loadScopeValues,
		d.loadEqualization, d.loadLorenz, d.loadComparison, d.loadQuality, d.loadReconciliation, d.loadRun, d.loadPlans,
	}
	for _, step := range steps {
		if err := step(ctx, db); err != nil {
			return nil, err
		}
	}
	if !d.hasWalk() {
		d.note(ui.NoteNoWalk)
	}
	if d.synthetic, err = syntheticPeriod(ctx, db, d.period); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *dataset) note(t text) { d.notes = append(d.notes, t.in(d.lang)) }

// scan runs a query and calls each for every row.
func scan(ctx context.Context, db *sql.DB, q string, args []any, each func(*sql.Rows) error) error {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// columnsOf returns the columns a table of the database has: a warehouse
// built by an older shequ may lack some.
func columnsOf(ctx context.Context, db *sql.DB, table string) (map[string]bool, error) {
	have := map[string]bool{}
	err := scan(ctx, db, `SELECT column_name FROM information_schema.columns WHERE table_name = ?`, []any{table},
		func(r *sql.Rows) error {
			var c string
			err := r.Scan(&c)
			have[c] = true
			return err
		})
	return have, err
}

func (d *dataset) loadCatalog(ctx context.Context, db *sql.DB) error {
	return scan(ctx, db, `
SELECT indicator_id, coalesce(name_zh, ''), coalesce(name_en, ''), coalesce(unit_zh, ''), coalesce(unit_en, ''),
       coalesce(format, 'decimal2'), coalesce(direction, 'neutral'), coalesce(scale, 1),
       coalesce(numerator_zh, ''), coalesce(numerator_en, ''), coalesce(denominator_zh, ''), coalesce(denominator_en, ''),
       coalesce(standard_op, ''), coalesce(standard_value, 0), coalesce(standard_zh, ''), coalesce(standard_en, ''),
       coalesce(standard_source, ''), coalesce(array_to_string(depends_on, ', '), ''), coalesce(equalize, false),
       coalesce(description_zh, ''), coalesce(description_en, ''), coalesce(formula_sql, ''), coalesce(file, '')
FROM indicator_catalog
WHERE kind = 'indicator'
ORDER BY run_order, indicator_id`, nil, func(r *sql.Rows) error {
		ind := &indicators.Indicator{Kind: indicators.KindIndicator}
		var deps string
		if err := r.Scan(&ind.ID, &ind.NameZh, &ind.NameEn, &ind.UnitZh, &ind.UnitEn, &ind.Format, &ind.Direction, &ind.Scale,
			&ind.NumeratorZh, &ind.NumeratorEn, &ind.DenominatorZh, &ind.DenominatorEn,
			&ind.StandardOp, &ind.StandardValue, &ind.StandardZh, &ind.StandardEn, &ind.StandardSource, &deps, &ind.Equalize,
			&ind.DescriptionZh, &ind.DescriptionEn, &ind.SQL, &ind.File); err != nil {
			return err
		}
		if deps != "" {
			ind.DependsOn = strings.Split(deps, ", ")
		}
		d.catalog = append(d.catalog, ind)
		return nil
	})
}

func (d *dataset) loadModels(ctx context.Context, db *sql.DB) error {
	err := scan(ctx, db, `SELECT model_id, min(name_zh), min(name_en) FROM models GROUP BY model_id ORDER BY model_id`, nil,
		func(r *sql.Rows) error {
			var m model
			var zh, en sql.NullString
			if err := r.Scan(&m.id, &zh, &en); err != nil {
				return err
			}
			m.nameZh, m.nameEn = zh.String, en.String
			m.color = modelColors[len(d.models)%len(modelColors)]
			d.models = append(d.models, m)
			return nil
		})
	if err != nil {
		return err
	}
	return scan(ctx, db, `SELECT model_id, count(DISTINCT street_code), count(*) FROM communities WHERE period = ? AND model_id IS NOT NULL GROUP BY ALL`,
		[]any{d.period}, func(r *sql.Rows) error {
			var id string
			var n int
			var comms int64
			if err := r.Scan(&id, &n, &comms); err != nil {
				return err
			}
			for i := range d.models {
				if d.models[i].id == id {
					d.models[i].streets, d.models[i].communities = n, comms
				}
			}
			return nil
		})
}

// loadCommunities counts the period's communities and names its streets
// and districts (a national period has 41,352 streets and 2,978
// districts; the communities themselves are read when written).
func (d *dataset) loadCommunities(ctx context.Context, db *sql.DB) error {
	if err := scan(ctx, db, `SELECT count(*) FROM communities WHERE period = ?`, []any{d.period},
		func(r *sql.Rows) error { return r.Scan(&d.nComms) }); err != nil {
		return err
	}
	return scan(ctx, db, `SELECT 's', street_code, min(street_name) FROM communities WHERE period = ? AND street_name <> '' GROUP BY ALL
UNION ALL SELECT 'd', district_code, min(district_name) FROM communities WHERE period = ? AND district_name <> '' GROUP BY ALL`,
		[]any{d.period, d.period}, func(r *sql.Rows) error {
			var kind, code, name string
			if err := r.Scan(&kind, &code, &name); err != nil {
				return err
			}
			if kind == "s" {
				d.streets[code] = name
			} else {
				d.dists[code] = name
			}
			return nil
		})
}

// loadScopeValues reads the values of the whole period, the models and
// the districts, each with its suppression flag; street values are read
// where they are shown.
func (d *dataset) loadScopeValues(ctx context.Context, db *sql.DB) error {
	vis, args := d.visibleSQL("indicator_scope_values", "scope, scope_id", "t.scope IN ('all', 'model', 'district')", nil)
	return scan(ctx, db, vis+`SELECT scope, scope_id, indicator_id, value, numerator, denominator,
       communities, communities_with_value, communities_meeting_standard, sup
FROM vis ORDER BY ALL`, args, func(r *sql.Rows) error {
		var k scopeKey
		var s scopeValue
		if err := r.Scan(&k.scope, &k.id, &k.indicator, &s.v, &s.num, &s.den, &s.communities, &s.withValue, &s.meet, &s.sup); err != nil {
			return err
		}
		d.scope[k] = s
		return nil
	})
}

func (d *dataset) loadEqualization(ctx context.Context, db *sql.DB) error {
	if !d.tables["equalization"] {
		d.note(ui.NoteNoEqualization)
		return nil
	}
	return scan(ctx, db, `SELECT scope, scope_id, indicator_id, measure, value, n, coalesce(groups_by, ''), coalesce(null_reason, '')
FROM equalization WHERE period = ? AND scope IN ('all', 'model') ORDER BY scope, scope_id, indicator_id, measure`, []any{d.period}, func(r *sql.Rows) error {
		var e eqRow
		if err := r.Scan(&e.scope, &e.scopeID, &e.indicator, &e.measure, &e.v, &e.n, &e.groupsBy, &e.nullReason); err != nil {
			return err
		}
		d.equal = append(d.equal, e)
		d.eqIndex[[4]string{e.scope, e.scopeID, e.indicator, e.measure}] = e
		return nil
	})
}

func (d *dataset) loadLorenz(ctx context.Context, db *sql.DB) error {
	if !d.tables["lorenz_points"] {
		d.note(ui.NoteNoLorenz)
		return nil
	}
	return scan(ctx, db, `SELECT scope, scope_id, indicator_id, population_share, value_share
FROM lorenz_points WHERE period = ? AND scope IN ('all', 'model') ORDER BY scope, scope_id, indicator_id, point`,
		[]any{d.period}, func(r *sql.Rows) error {
			var k scopeKey
			var p lorenzPoint
			if err := r.Scan(&k.scope, &k.id, &k.indicator, &p.pop, &p.share); err != nil {
				return err
			}
			d.lorenz[k] = append(d.lorenz[k], p)
			return nil
		})
}

// modelComparisonColumns are the columns read from model_comparison.
var modelComparisonColumns = []string{"period", "indicator_id", "model_id", "value", "rank", "communities",
	"communities_with_value", "communities_meeting_standard", "theil_t_between_models", "theil_t_within_models", "theil_t_total"}

// loadComparison reads model_comparison when the warehouse has it (with
// every column the report needs), and otherwise computes the same from
// indicator_scope_values (scope = model), the catalog's directions and the
// equalization table.
func (d *dataset) loadComparison(ctx context.Context, db *sql.DB) error {
	if d.tables["model_comparison"] {
		have, err := columnsOf(ctx, db, "model_comparison")
		if err != nil {
			return err
		}
		complete := true
		for _, c := range modelComparisonColumns {
			complete = complete && have[c]
		}
		if complete {
			d.fromModelComparison = true
			return scan(ctx, db, `SELECT indicator_id, model_id, value, rank, communities, communities_with_value,
       communities_meeting_standard, theil_t_between_models, theil_t_within_models, theil_t_total
FROM model_comparison WHERE period = ? ORDER BY indicator_id, model_id`, []any{d.period}, func(r *sql.Rows) error {
				var ind, m string
				var c compareCell
				var t theilSplit
				if err := r.Scan(&ind, &m, &c.v, &c.rank, &c.communities, &c.withValue, &c.meet, &t.between, &t.within, &t.total); err != nil {
					return err
				}
				if d.compare[ind] == nil {
					d.compare[ind] = map[string]compareCell{}
				}
				d.compare[ind][m] = c
				if t.total.Valid || t.between.Valid {
					d.theil[ind] = t
				}
				return nil
			})
		}
	}
	d.note(ui.NoteNoModelComparison)
	for _, ind := range d.catalog {
		cells := map[string]compareCell{}
		for _, m := range d.models {
			s, ok := d.scope[scopeKey{"model", m.id, ind.ID}]
			if !ok {
				continue
			}
			cells[m.id] = compareCell{v: s.v, communities: s.communities, withValue: s.withValue, meet: s.meet}
		}
		rankCells(ind.Direction, cells)
		d.compare[ind.ID] = cells
		var t theilSplit
		for _, e := range d.equal {
			if e.scope != "all" || e.indicator != ind.ID {
				continue
			}
			switch {
			case e.measure == "theil_t":
				t.total = e.v
			case e.measure == "theil_t_between" && e.groupsBy == "model":
				t.between = e.v
			case e.measure == "theil_t_within" && e.groupsBy == "model":
				t.within = e.v
			}
		}
		if t.total.Valid || t.between.Valid {
			d.theil[ind.ID] = t
		}
	}
	return nil
}

// rankCells ranks the models by value in the indicator's direction: 1 is
// best, ties share a rank (1, 1, 3). Neutral indicators and NULL values get
// no rank.
func rankCells(dir string, cells map[string]compareCell) {
	if dir != indicators.HigherIsBetter && dir != indicators.LowerIsBetter {
		return
	}
	for id, c := range cells {
		if !c.v.Valid {
			continue
		}
		rank := int64(1)
		for other, o := range cells {
			if other == id || !o.v.Valid {
				continue
			}
			if (dir == indicators.HigherIsBetter && o.v.Float64 > c.v.Float64) ||
				(dir == indicators.LowerIsBetter && o.v.Float64 < c.v.Float64) {
				rank++
			}
		}
		c.rank = sql.NullInt64{Int64: rank, Valid: true}
		cells[id] = c
	}
}

func (d *dataset) loadQuality(ctx context.Context, db *sql.DB) error {
	if !d.tables["ingest_files"] {
		d.note(ui.NoteNoQuality)
		return nil
	}
	// Warehouses built before the ingest checked areas and totals rows
	// have no such columns: the report leaves them out.
	have, err := columnsOf(ctx, db, "ingest_files")
	if err != nil {
		return err
	}
	area := "''"
	if have["area"] {
		area = "coalesce(area, '')"
	}
	err = scan(ctx, db, `SELECT source, file, coalesce(sha256, ''), coalesce(encoding, ''),
       coalesce(rows_in, 0), coalesce(accepted, 0), coalesce(quarantined, 0), coalesce(skipped, 0), `+area+`
FROM ingest_files WHERE period = ? ORDER BY source, file`, []any{d.period}, func(r *sql.Rows) error {
		var f fileRow
		if err := r.Scan(&f.source, &f.file, &f.sha256, &f.encoding, &f.rowsIn, &f.accepted, &f.quarantined, &f.skipped, &f.area); err != nil {
			return err
		}
		d.files = append(d.files, f)
		return nil
	})
	if err != nil {
		return err
	}
	if have["totals_checked"] && have["totals_mismatches"] {
		if err := d.loadTotals(ctx, db); err != nil {
			return err
		}
	}
	if !d.tables["quarantine"] {
		return nil
	}
	// Reasons only: the offending values are not published.
	return scan(ctx, db, `SELECT source, coalesce(file, ''), coalesce(rule, ''), coalesce("column", ''),
       coalesce(min(message_zh), ''), coalesce(min(message_en), ''), count(DISTINCT line)
FROM quarantine WHERE period = ?
GROUP BY source, file, rule, "column"
ORDER BY count(DISTINCT line) DESC, source, file, rule, "column"`, []any{d.period}, func(r *sql.Rows) error {
		var q reasonRow
		if err := r.Scan(&q.source, &q.file, &q.rule, &q.column, &q.messageZh, &q.messageEn, &q.rows); err != nil {
			return err
		}
		d.reasons = append(d.reasons, q)
		return nil
	})
}

// loadTotals reads the figures of the period's totals rows that do not add
// up, file by file in the order the file holds them.
func (d *dataset) loadTotals(ctx context.Context, db *sql.DB) error {
	if err := scan(ctx, db, `SELECT coalesce(sum(totals_checked), 0) FROM ingest_files WHERE period = ?`, []any{d.period},
		func(r *sql.Rows) error { return r.Scan(&d.totalsChecked) }); err != nil {
		return err
	}
	return scan(ctx, db, `SELECT source, file, coalesce(m->>'sheet', ''), coalesce((m->>'line')::BIGINT, 0),
       coalesce(m->>'label', ''), coalesce(m->>'column', ''), coalesce(m->>'header', ''), coalesce((m->>'stated')::DOUBLE, 0),
       (m->>'sum_since_previous')::DOUBLE, (m->>'sum_of_sheet')::DOUBLE
FROM (
	SELECT source, file, unnest(CAST(totals_mismatches AS JSON[])) AS m,
	       generate_subscripts(CAST(totals_mismatches AS JSON[]), 1) AS i
	FROM ingest_files WHERE period = ? AND json_array_length(totals_mismatches) > 0
)
ORDER BY source, file, i`, []any{d.period}, func(r *sql.Rows) error {
		var x totalsRow
		if err := r.Scan(&x.source, &x.file, &x.sheet, &x.line, &x.label, &x.column, &x.header, &x.stated, &x.sinceSum, &x.sheetSum); err != nil {
			return err
		}
		d.totals = append(d.totals, x)
		return nil
	})
}

// totalsCells writes a totals mismatch's stated figure and its two sums
// for people: "—" for a sum that could not be formed, and, as any small
// count a report shows, a figure from 1 to below the threshold as "<5".
func (d *dataset) totalsCells(x totalsRow) (stated, since, sheet string) {
	figure := func(v sql.NullFloat64) string {
		switch {
		case !v.Valid:
			return "—"
		case d.priv.small(v):
			return d.priv.mask()
		}
		return group(strconv.FormatFloat(v.Float64, 'f', -1, 64))
	}
	return figure(sql.NullFloat64{Float64: x.stated, Valid: true}), figure(x.sinceSum), figure(x.sheetSum)
}

// totalsColumn names the column of a totals mismatch: the header as the
// file writes it (Chinese, as the office typed it), and in English also
// the canonical column.
func (d *dataset) totalsColumn(x totalsRow) string {
	if d.lang == LangEn && x.column != "" && x.column != x.header {
		return x.header + " (" + x.column + ")"
	}
	return x.header
}

// areaName writes the district or street a file was checked against:
// its code and, when the period's communities name it, its name.
func (d *dataset) areaName(code string) string {
	name := d.dists[code]
	if len(code) == 9 {
		name = d.streets[code]
	}
	if name == "" {
		return code
	}
	return code + " " + name
}

// loadReconciliation counts the communities that have both a census
// table and person-level records, and the figures in which the two
// differ, and reads the first maxReconRows of those, when the warehouse
// has census_reconciliation.
func (d *dataset) loadReconciliation(ctx context.Context, db *sql.DB) error {
	if !d.tables["census_reconciliation"] {
		return nil
	}
	if err := scan(ctx, db, `SELECT count(DISTINCT community_code), count(*) FILTER (WHERE difference <> 0 OR difference IS NULL)
FROM census_reconciliation WHERE period = ?`,
		[]any{d.period}, func(r *sql.Rows) error { return r.Scan(&d.reconBoth, &d.reconDiffer) }); err != nil {
		return err
	}
	return d.eachRecon(ctx, db, maxReconRows, func(x reconRow) error {
		d.recon = append(d.recon, x)
		return nil
	})
}

// eachRecon calls fn for each census figure in which a community's census
// table and its person-level totals differ, in the order of the table
// (community, then figure); limit > 0 stops after that many.
func (d *dataset) eachRecon(ctx context.Context, db *sql.DB, limit int, fn func(reconRow) error) error {
	q := `SELECT r.community_code, coalesce(c.community_name, r.community_name, ''),
       coalesce(r.figure_zh, r.figure), coalesce(r.figure_en, r.figure), r.census_value, r.persons_value,
       r.difference, r.relative_difference, coalesce(r.census_file, ''), coalesce(r.persons_files, '')
FROM census_reconciliation r LEFT JOIN communities c USING (period, community_code)
WHERE r.period = ? AND (r.difference <> 0 OR r.difference IS NULL)
ORDER BY r.community_code, r.rowid`
	args := []any{d.period}
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
	}
	return scan(ctx, db, q, args, func(r *sql.Rows) error {
		var x reconRow
		if err := r.Scan(&x.code, &x.name, &x.figureZh, &x.figureEn, &x.census, &x.persons, &x.diff, &x.rel,
			&x.censusFile, &x.personsFiles); err != nil {
			return err
		}
		return fn(x)
	})
}

// reconHidden reports whether a reconciliation row is suppressed: its
// census value or person-level total is a count below the threshold.
func (d *dataset) reconHidden(x reconRow) bool {
	small := func(n sql.NullInt64) bool {
		return n.Valid && d.priv.small(sql.NullFloat64{Float64: float64(n.Int64), Valid: true})
	}
	return small(x.census) || small(x.persons)
}

// reconCells writes a reconciliation row's census value, person-level
// total, difference and relative difference for people. In a suppressed
// row a count below the threshold shows as "<5", and the difference and
// relative difference (which would give it back) as suppressed.
func (d *dataset) reconCells(x reconRow) (census, persons, diff, rel string) {
	hidden := d.reconHidden(x)
	count := func(n sql.NullInt64) string {
		switch {
		case !n.Valid:
			return "—"
		case hidden && d.priv.small(sql.NullFloat64{Float64: float64(n.Int64), Valid: true}):
			return d.priv.mask()
		}
		return formatCount(n.Int64)
	}
	census, persons = count(x.census), count(x.persons)
	if hidden {
		return census, persons, ui.Suppressed.in(d.lang), ui.Suppressed.in(d.lang)
	}
	diff, rel = "—", "—"
	if x.diff.Valid {
		diff = formatSigned(x.diff.Int64)
	}
	if x.rel.Valid {
		rel = formatValue("percent", x.rel.Float64)
	}
	return census, persons, diff, rel
}

func (d *dataset) loadRun(ctx context.Context, db *sql.DB) error {
	if !d.tables["runs"] {
		d.note(ui.NoteNoRun)
		return nil
	}
	err := scan(ctx, db, `SELECT run_id, coalesce(command, ''), coalesce(version, ''), coalesce(status, ''), started_at, finished_at
FROM runs ORDER BY started_at DESC NULLS LAST, run_id DESC LIMIT 1`, nil, func(r *sql.Rows) error {
		var s, f sql.NullTime
		if err := r.Scan(&d.run.id, &d.run.command, &d.run.version, &d.run.status, &s, &f); err != nil {
			return err
		}
		d.run.started, d.run.finished, d.run.found = s.Time, f.Time, true
		return nil
	})
	if err == nil && !d.run.found {
		d.note(ui.NoteNoRun)
	}
	return err
}

// Helpers over the dataset.

// syntheticMark is what every page and sheet title of a report of
// synthetic data begins with ("" for real data).
func (d *dataset) syntheticMark() string {
	if !d.synthetic {
		return ""
	}
	mark, _ := syntheticText(d.lang)
	return mark + " "
}

func (d *dataset) pick(zh, en string) string {
	if d.lang == LangEn && en != "" {
		return en
	}
	return zh
}

func (d *dataset) name(ind *indicators.Indicator) string { return d.pick(ind.NameZh, ind.NameEn) }
func (d *dataset) unit(ind *indicators.Indicator) string { return d.pick(ind.UnitZh, ind.UnitEn) }
func (d *dataset) modelName(m model) string              { return d.pick(m.nameZh, m.nameEn) }

// header is an indicator's column header: its name with its unit.
func (d *dataset) header(ind *indicators.Indicator) string {
	u := d.unit(ind)
	if u == "" {
		return d.name(ind)
	}
	if d.lang == LangEn {
		return d.name(ind) + " (" + u + ")"
	}
	return d.name(ind) + "（" + u + "）"
}

func (d *dataset) modelByID(id string) (model, bool) {
	for _, m := range d.models {
		if m.id == id {
			return m, true
		}
	}
	return model{}, false
}

func (d *dataset) indicator(id string) *indicators.Indicator {
	for _, ind := range d.catalog {
		if ind.ID == id {
			return ind
		}
	}
	return nil
}

func (d *dataset) hasWalk() bool {
	for _, w := range walkIndicators {
		if d.indicator(w.id) == nil {
			return false
		}
	}
	return true
}

// scopeName names a scope id: a model, district or street name.
func (d *dataset) scopeName(scope, id string) string {
	switch scope {
	case "all":
		return ui.AllCommunities.in(d.lang)
	case "model":
		if m, ok := d.modelByID(id); ok {
			return d.modelName(m)
		}
	case "district":
		return d.dists[id]
	case "street":
		return d.streets[id]
	}
	return id
}

// standardText is the threshold written out: "≥ 30.0 平方米/百户".
func (d *dataset) standardText(ind *indicators.Indicator) string {
	if !ind.HasStandard() {
		return ""
	}
	return d.thresholdText(ind, ind.StandardOp, ind.StandardValue)
}

// shortfall is how far v falls short of the standard, relative to it:
// negative when below a minimum, positive when above a maximum; the larger
// its absolute value, the worse.
func shortfall(ind *indicators.Indicator, v float64) float64 {
	gap := v - ind.StandardValue
	if ind.StandardValue != 0 {
		return gap / math.Abs(ind.StandardValue)
	}
	return gap
}

// equalized are the indicators with equalization measures, in catalog order.
func (d *dataset) equalized() []*indicators.Indicator {
	have := map[string]bool{}
	for _, e := range d.equal {
		have[e.indicator] = true
	}
	var out []*indicators.Indicator
	for _, ind := range d.catalog {
		if have[ind.ID] {
			out = append(out, ind)
		}
	}
	return out
}

// eq returns one equalization measure.
func (d *dataset) eq(scope, id, indicator, measure string) (eqRow, bool) {
	e, ok := d.eqIndex[[4]string{scope, id, indicator, measure}]
	return e, ok
}

// measureIDs are the measures present, in display order.
func (d *dataset) measureIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, e := range d.equal {
		if !seen[e.measure] {
			seen[e.measure] = true
			ids = append(ids, e.measure)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool {
		ri, rj := measureRank(ids[i]), measureRank(ids[j])
		if ri != rj {
			return ri < rj
		}
		return ids[i] < ids[j]
	})
	return ids
}

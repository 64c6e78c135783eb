package build

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/internal/warehouse"
)

// The census of a period comes from two sources: census tables (source
// census, one row per community) and person-level extracts (source
// census_persons, one row per person). combineCensus makes them one table
// with one row per community and period:
//
//   - a community with an accepted census-table row takes that row;
//   - a community with no such row takes the totals counted from the
//     person-level rows of the period, all its files together: a district
//     that sends its extract in several files sends one population, so
//     persons are counted once across them and households are the distinct
//     household ids across them;
//   - where a community has both, the census-table row is kept and the
//     difference between the two is written to census_reconciliation, one
//     row per figure, for the office to look into.
//
// Keys held twice never reach this point: crossFileDuplicates has already
// quarantined a community listed by two census tables of a period and a
// person (identity hash) listed by two person-level files of a period.
// A community both of whose census-table rows went to quarantine that way
// has no census-table row left, so its person-level totals, if any, fill it.

// censusFigures are the census columns that person-level rows are counted
// into, in the order of the census table.
var censusFigures = []struct {
	column     string
	zh, en     string
	personsSQL string // the count over one community's person-level rows
}{
	{"resident", "常住人口", "residents", "count(*)"},
	{"registered", "户籍人口", "registered residents", "count(*) FILTER (WHERE hukou_type = '户籍')"},
	{"non_registered", "非户籍人口", "non-registered residents", "count(*) FILTER (WHERE hukou_type = '非户籍')"},
	{"households", "户数", "households", "count(DISTINCT household_id)"},
	{"age_0_14", "0–14岁人口", "aged 0–14", "count(*) FILTER (WHERE age < 15)"},
	{"age_15_59", "15–59岁人口", "aged 15–59", "count(*) FILTER (WHERE age >= 15 AND age < 60)"},
	{"age_60_plus", "60岁及以上人口", "aged 60 and over", "count(*) FILTER (WHERE age >= 60)"},
}

// combineCensus adds to census the person-level totals of the communities
// no census table covers, and fills census_reconciliation where both
// exist. withPersons is false when there is no census_persons table (a
// schema set without that source): census_reconciliation is then empty.
func combineCensus(ctx context.Context, conn *sql.Conn, withPersons bool) error {
	if err := createTables(ctx, conn, "census_reconciliation"); err != nil {
		return err
	}
	if !withPersons {
		return nil
	}
	var counts []string
	for _, f := range censusFigures {
		counts = append(counts, f.personsSQL+" AS "+f.column)
	}
	// Age in full years on the last day of the period (2020 → 2020-12-31,
	// 2020-06 → 2020-06-30). Direct identifiers never get here: the ingest
	// stored only their keyed hash.
	totals := `CREATE TEMP TABLE persons_totals AS
SELECT period, community_code, ` + strings.Join(counts, ", ") + `,
       string_agg(DISTINCT source_file, ', ' ORDER BY source_file) AS files
FROM (
	SELECT *, date_sub('year', birth_date,
	           CASE WHEN length(period) = 4 THEN make_date(period::INTEGER, 12, 31)
	                ELSE last_day(strptime(period || '-01', '%Y-%m-%d')::DATE) END) AS age
	FROM census_persons
)
GROUP BY period, community_code`
	// One row per figure the census table reports, for each community in
	// both; the difference is persons − census, computed in HUGEINT and
	// NULL should it not fit a BIGINT (only a typo'd census figure gets
	// near that).
	var figures []string
	for _, f := range censusFigures {
		col := warehouse.QuoteIdent(f.column)
		figures = append(figures, fmt.Sprintf(`SELECT t.period, t.community_code,
       coalesce(t.community_name, (SELECT min(r.community_name) FROM community_register r
                                   WHERE r.period = t.period AND r.community_code = t.community_code)) AS community_name,
       %s AS figure, %s AS figure_zh, %s AS figure_en,
       t.%s AS census_value, p.%s AS persons_value, TRY_CAST(p.%s::HUGEINT - t.%s::HUGEINT AS BIGINT) AS difference,
       (p.%s::DOUBLE - t.%s::DOUBLE) / nullif(t.%s::DOUBLE, 0) AS relative_difference,
       t.source_file AS census_file, t.source_line AS census_line, p.files AS persons_files
FROM census t JOIN persons_totals p USING (period, community_code)
WHERE t.%s IS NOT NULL`,
			warehouse.QuoteString(f.column), warehouse.QuoteString(f.zh), warehouse.QuoteString(f.en),
			col, col, col, col, col, col, col, col))
	}
	var cols []string
	for _, f := range censusFigures {
		cols = append(cols, warehouse.QuoteIdent(f.column))
	}
	stmts := []string{
		totals,
		`INSERT INTO census_reconciliation
SELECT period, community_code, community_name, figure, figure_zh, figure_en, census_value, persons_value,
       difference, relative_difference, census_file, census_line, persons_files
FROM (` + strings.Join(figures, "\nUNION ALL\n") + `)
ORDER BY period, community_code, list_position(` + figureList() + `, figure)`,
		`INSERT INTO census (period, community_code, community_name, ` + strings.Join(cols, ", ") + `,
                    source_file, source_sheet, source_line)
SELECT p.period, p.community_code, NULL, ` + "p." + strings.Join(cols, ", p.") + `, p.files, NULL, NULL
FROM persons_totals p
ANTI JOIN census t USING (period, community_code)
ORDER BY p.period, p.community_code`,
		`DROP TABLE persons_totals`,
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// figureList is the figures as a SQL list literal, in table order.
func figureList() string {
	var q []string
	for _, f := range censusFigures {
		q = append(q, warehouse.QuoteString(f.column))
	}
	return "[" + strings.Join(q, ", ") + "]"
}

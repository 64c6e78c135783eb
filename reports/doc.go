// Package reports writes what a policy office (政策研究室, 民政局) reads:
// for one period, an Excel workbook and a self-contained HTML report, made
// from shequ.duckdb, in Chinese (the default) or English.
//
// Write puts them into OutDir/<period>/, each through a temporary file
// renamed into place:
//
//	指标汇总_<period>.xlsx   (indicators_<period>.xlsx in English)
//	report_<period>.html     (report_<period>_en.html in English)
//
// The workbook has six sheets, each with a title row (period and run id),
// a frozen header row, filters, column widths fitted to the content,
// number formats following the catalog's format (percent 0.0%, decimal1
// #,##0.0, decimal2 #,##0.00, integer #,##0), cells below a standard
// filled light red, and an A4 landscape page layout:
//
//   - 指标总表 Indicators: one row per community: codes, names, street,
//     district, model, the person-level counts, every indicator with its
//     unit in the header;
//   - 均等化 Equalization: one row per scope and indicator, one column per
//     measure; undefined measures and why, below;
//   - 模式比较 Model comparison: the models side by side: value, rank,
//     communities meeting the standard, the Theil T between and within
//     models; and a native Excel chart of each model's value as a share of
//     each standard;
//   - 达标情况 Below standard: communities below each standard, worst first,
//     with the gap (in percentage points for a percent indicator);
//   - 数据质量 Data quality: per input file rows in, accepted, quarantined,
//     skipped, the district or street its community codes were checked
//     against, sha256 and the top quarantine reasons; all reasons below;
//     then the figures of totals rows (合计, 小计) that do not add up
//     (ingest_files.totals_mismatches: file, sheet, line, the row's label,
//     the column by its header as the file writes it, the stated figure,
//     the sum of the rows since the previous totals row and that of the
//     sheet's rows); then, where communities have both a census table and
//     person-level records (census_reconciliation), the figures in which
//     the two differ (the HTML report's data-quality section lists the
//     first 50 of either);
//   - 指标说明 Indicator catalog: formula, unit, direction, standard and its
//     source, description, inputs and SQL.
//
// The HTML report loads nothing (no script, font, stylesheet or image from
// anywhere) and prints on A4 with no chart split across pages. Its charts
// are inline SVG with a data-chart id: "model-standard" (models against
// the standards), "bars-<indicator>" (each community against the standard
// line), "lorenz-<indicator>" (Lorenz curves per model), "theil" (between
// and within decomposition) and "walk" (share of residents within a
// 5/10/15-minute walk, when the warehouse has walk_300m_share,
// walk_500m_share and walk_1000m_share). It opens with a reading
// generated from the numbers: three findings, each chosen by the rule its
// sentence states (readingView), then the rest, a sentence each. A
// methods section (methodsView) says where the numbers come from and how
// they are formed; the report ends with the provenance: run id and times,
// input files with sha256, shequ version.
//
// Every label comes from the indicator catalog in the warehouse or from the
// bilingual label tables in labels.go and labels_reading.go. Models keep one colour everywhere
// (by model id order). The model comparison is read from the
// model_comparison table when the warehouse has it, and computed from
// indicator_scope_values and the catalog's directions otherwise; what the
// warehouse lacks is said in Result.Notes and in the report.
//
// Privacy: person-level counts n with 1 ≤ n < SuppressBelow (default 5)
// are published as "<5", and indicator values computed from them as
// "suppressed"; see privacy for which counts are person-level. In the
// census reconciliation a figure whose census value or person-level total
// is such a count shows it as "<5" and its difference as "suppressed"; a
// figure of a totals row, or a sum of the rows it totals, from 1 to below
// the threshold shows as "<5" too (a subtotal may total one community).
// The warehouse keeps the exact values.
package reports

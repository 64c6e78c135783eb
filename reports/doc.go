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
// The workbook has nine sheets, each with a title row (period and run id),
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
//   - 变化 Change: per indicator, the whole period, each model and each
//     district (indicator_changes): the previous period, both values, the
//     change in the indicator's display unit (percentage points for
//     percent indicators), improved / held / declined, and how many of the
//     scope's communities did each or were not compared; notes on the held
//     rule, or that the period has no earlier one;
//   - 达标情况 Below standard: communities below each standard, worst first,
//     with the gap (in percentage points for a percent indicator), and the
//     plans the standards come from;
//   - 规划目标 Plan targets: all communities, each model and each district
//     against every plan that holds them (plan_attainment; plans.go), one
//     row per plan, so that a scope held to the national plan and to a
//     provincial one shows both: the target, the value of the communities
//     the plan holds, meets / below / uncertain, communities meeting it,
//     the baseline and the progress from it; then the plans;
//   - 数据质量 Data quality: per input file rows in, accepted, quarantined,
//     skipped, the district or street its community codes were checked
//     against, sha256 and the top quarantine reasons; all reasons below,
//     their rules and columns named by the labels of schemas/*.yaml
//     (schemas.RuleLabel, ColumnLabel) with the ids beside them;
//     then the figures of totals rows (合计, 小计) that do not add up
//     (ingest_files.totals_mismatches: file, sheet, line, the row's label,
//     the column by its header as the file writes it, the stated figure,
//     the sum of the rows since the previous totals row and that of the
//     sheet's rows); then, where communities have both a census table and
//     person-level records (census_reconciliation), the figures in which
//     the two differ (the HTML report's data-quality section lists the
//     first 50 of either);
//   - 空值说明 Empty cells: per indicator, why values are empty, and in
//     how many communities;
//   - 指标说明 Indicator catalog: formula, unit, direction, standard and its
//     source, description, inputs and SQL.
//
// The workbook is written through excelize's StreamWriter (sheet.go): its
// memory does not grow with the number of communities, and a main table
// past a worksheet's rows goes on in "<sheet> (2)". The per-community rows
// come from DuckDB through Arrow, 50,000 communities a query
// (communities.go), with the small-count rule applied in SQL (visible.go).
// Text that a spreadsheet would read as a formula is stored with the quote
// prefix; sheets print twelve columns a page with the title, header and
// frozen columns repeated and page numbers in the footer.
//
// The HTML report loads nothing (no script, font, stylesheet or image from
// anywhere), scrolls its tables sideways on a phone and prints on A4 with
// page numbers and no chart split across pages. Its charts are inline SVG
// with a data-chart id: "model-standard" (models against the standards),
// "change-<indicator>" (previous period → this one, all communities and
// each model), "bars-<indicator>" (each community against the standard
// line, for groups of at most perCommunityMax communities),
// "coverage-models-<indicator>" and "coverage-streets-<indicator>" (the
// share of communities with a service centre against the 100 % and 80 %
// targets: a 0/1 indicator is never drawn community by community),
// "box-<indicator>" (distributions over all communities, each model and
// each province, for a period of more than perCommunityMax communities,
// with tables of the best and worst extremesShown), "map-<indicator>"
// (communities by their coordinates, one panel per model, in grid cells
// past 3,000), "lorenz-<indicator>" (Lorenz curves per model), "theil"
// (between and within decomposition) and "walk" (share of residents
// within a 5/10/15-minute walk). Sections on the uncertainty of shares
// from a sample (respondents, 95 % intervals, communities meeting,
// uncertain and surely below), on the plans' targets (each model against
// every plan that holds it, side by side) and on streets (the furthest
// from each standard, with their Gini coefficient) are tables. The report opens
// with a reading generated from the numbers and ends with the provenance:
// run id and times, input files with sha256, shequ version. The reading
// leads with three findings, each chosen by the rule its sentence states
// (readingView), then the rest, a sentence each; a methods section
// (methodsView) says where the numbers come from and how they are formed.
// Its size does
// not grow with the number of communities (chart_*.go bound each chart).
// A report of a period whose inputs carry the mark of shequ gen says on
// every page and sheet that its data is synthetic (synthetic.go).
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
// In the Change sheet a scope value suppressed in its own period, the
// current or the previous one, shows as "suppressed", and so do the change
// and the status, which would give it back from the other value.
// The warehouse keeps the exact values.
package reports

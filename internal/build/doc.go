// Package build turns a warehouse's Parquet, manifests and run records into
// shequ.duckdb: one table per source, communities with their governance
// model, quarantine, ingest_files, runs, models, the indicator catalog,
// indicator values per community and per scope, equalization measures,
// and the change of every value since the previous period.
//
// Every table is declared once, in package schemas (Set.Tables: name, what
// a row is, comment, columns with DuckDB types and comments). The build
// creates the empty tables from their declarations, inserts manifests, runs
// and the catalog by column name, writes a COMMENT on every table and
// column, and, last, checks that every table, including those made by
// CREATE TABLE AS SELECT, has exactly its declared columns (names, order,
// types) and that no undeclared table was made: a difference is a bug, a
// *ShapeError per table, and nothing is published (tables.go).
//
// Before it reads any Parquet it checks every raw and quarantine file
// against the manifest of its input (size, sha256, and the row count in
// the file's footer, read with DuckDB's parquet_file_metadata): a file
// changed, cut short or deleted since it was written stops the build with
// a *warehouse.CheckError naming each one, rather than shrinking the
// tables without a word. Two input files of one name in different folders
// are told apart in source_file and quarantine.file by their paths.
//
// The database is written to a temporary file and renamed over
// shequ.duckdb only when complete, so readers never see half a build and a
// failed build leaves the previous database in place.
//
// A source's declaration may gain columns (facilities gained
// activity_area_m2 and self_service_terminals): raw Parquet written before
// holds NULL in such a column, never 0, as its export did not say; only a
// file that lacks a required column stops the build, with ErrOlderParquet
// and what to do (selectList, olderparquet.go).
//
// A build fails on I/O, never on what the input files hold. A key held by
// two files of one source and period goes to quarantine
// (crossFileDuplicates); census tables and person-level extracts of a
// period become one census row per community, with the differences in
// census_reconciliation (combineCensus, census.go); every sum and ratio is
// computed in DOUBLE, and a figure that is not finite or beyond ±2^53 is
// NULL with a reason (indicators.Run); resident points and service centres
// whose coordinates are not a latitude and longitude count as not located.
//
// The plans of the run's configuration (package standards; the shipped
// national plan and benchmarks when it adds none) become standard_plans,
// standard_targets and plan_communities; plan_attainment holds every scope
// to each plan that holds some of its communities, over those communities,
// with the progress from the plan's baseline (plans.go).
//
// Last, indicator_changes sets each period's values beside those of the
// latest earlier period (per indicator; periods sort as text, so
// 2015 < 2020 < 2020-06 and the gaps may be anything) with the change and
// a status by the indicator's direction: held when the change is below
// half the last digit the reports show (indicators.DisplayStep), else
// improved or declined; NULL with a reason for a new community or scope,
// a missing value or a neutral indicator. Only the current period's
// communities have rows; scope rows count their communities by status
// (changes.go).
//
// Most of the build is SQL. Where Go computes a measure — the walking
// distances and 2SFCA accessibility (access.go), the equalization measures
// (equalization.go) — it reads its columns from DuckDB through duckdb-go's
// Arrow interface (warehouse.ScanArrow, build tag duckdb_arrow): typed
// column arrays a batch at a time, every batch released by the reader,
// strings copied only where they outlive their batch; the resident points
// are gathered into Go-owned Arrow columns (collect) that the step
// releases when it ends. Results go back through duckdb-go's Appender.
package build

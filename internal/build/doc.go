// Package build turns a warehouse's Parquet, manifests and run records into
// shequ.duckdb: one table per source, communities with their governance
// model, quarantine, ingest_files, runs, models, the indicator catalog,
// indicator values per community and per scope, and equalization measures.
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
package build

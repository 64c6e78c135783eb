// Package build turns a warehouse's Parquet, manifests and run records into
// shequ.duckdb: one table per source, communities with their governance
// model, quarantine, ingest_files, runs, models, the indicator catalog,
// indicator values per community and per scope, and equalization measures.
//
// The database is written to a temporary file and renamed over
// shequ.duckdb only when complete, so readers never see half a build and a
// failed build leaves the previous database in place.
package build

// Package build turns a warehouse's Parquet, manifests and run records into
// shequ.duckdb: one table per source, communities with their governance
// model, quarantine, ingest_files, runs, models, the indicator catalog,
// indicator values per community and per scope, and equalization measures.
//
// The database is written to a temporary file and renamed over
// shequ.duckdb only when complete, so readers never see half a build and a
// failed build leaves the previous database in place.
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

// Package warehouse owns the on-disk layout of a shequ warehouse and the
// rules for changing it safely.
//
// A warehouse is a folder:
//
//	shequ-warehouse.json                      marker: format and version
//	raw/<source>/period=<P>/<file-id>.parquet accepted rows (Hive-partitioned, zstd)
//	quarantine/<source>/period=<P>/<file-id>.parquet  rejected rows, one line per broken rule
//	ingest/<source>/period=<P>/<file-id>.json manifest of the input file (sha256, counts)
//	runs/<run-id>.json                        one record per run
//	settings.json                             models and catchment from the last run's config
//	shequ.duckdb                              tables rebuilt by `shequ build`
//
// The Parquet, the manifests and the run records are the source of truth;
// shequ.duckdb is derived from them and can be rebuilt at any time.
//
// A run changes the warehouse only through a Tx: everything it writes is
// staged under .staging/<run-id>/ and published together when it commits
// (see tx.go), so a run killed at any point leaves the warehouse as it was,
// or — if it had committed — is completed by the next writer (Recover).
// shequ.duckdb is replaced by a rename, so readers always see a whole
// database.
//
// Writers hold the warehouse lock (Lock) for the whole run; readers never
// need it.
//
// Reader (reader.go) is the sandbox `shequ query` runs a researcher's SQL
// in: shequ.duckdb read-only, no file access from SQL, the configuration
// locked, one SELECT per query; its doc comment records which DuckDB
// settings do this and in what order DuckDB lets them be set. ScanArrow
// (arrow.go, build tag duckdb_arrow) hands a query's result to Go as Arrow
// record batches, for the build's Go measures and the query's writers.
package warehouse

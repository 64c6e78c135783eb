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
//	models.json                               governance models from the last run's config
//	shequ.duckdb                              tables rebuilt by `shequ build`
//
// The Parquet, the manifests and the run records are the source of truth;
// shequ.duckdb is derived from them and can be rebuilt at any time. Files
// are written under a temporary name and renamed into place, and a file's
// manifest is written last, so an interrupted ingest is detected (its
// sha256 no longer matches) and redone on the next run.
//
// Writers hold the warehouse lock (Lock) for the whole run; readers never
// need it.
package warehouse

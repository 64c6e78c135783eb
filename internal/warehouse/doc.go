// Package warehouse owns the on-disk layout of a shequ warehouse and the
// rules for changing it safely.
//
// A warehouse is a folder:
//
//	shequ-warehouse.json                      marker: format and version
//	raw/<source>/period=<P>/<file-id>.parquet accepted rows (Hive-partitioned, zstd)
//	quarantine/<source>/period=<P>/<file-id>.parquet  rejected rows, one line per broken rule
//	ingest/<source>/period=<P>/<file-id>.json manifest of the input file (sha256, counts, Parquet digests)
//	runs/<run-id>.json                        one record per run
//	settings.json                             models and catchment from the last run's config
//	shequ.duckdb                              tables rebuilt by `shequ build`
//
// The Parquet, the manifests and the run records are the source of truth;
// shequ.duckdb is derived from them and can be rebuilt at any time.
//
// # File identity
//
// An input file is known by its FileID: a hash of its cleaned absolute
// path, written relative to the warehouse folder. `shequ ingest` and
// `shequ run` compute it the same way, so ingesting a file again replaces
// its own contribution whichever command did it, a file no longer listed
// in a configuration can be found and removed, and two files of one name
// in different folders are two files. The base name and the path as given
// stay in the manifest for people to read. Warehouses written before
// identifiers took the path named a file by its base name (LegacyFileID);
// the batch replaces such an entry when it ingests a file of that name.
//
// # The journal
//
// A run changes the warehouse only through a Tx: everything it writes is
// staged under .staging/<run-id>/, and the Tx keeps one change per target
// file — the last one the run asked for: move a staged file there, or
// remove it. Commit checks every staged file is present, writes the
// journal of those changes (one rename makes the run committed), applies
// it, deletes the staging files and last the journal. A run killed before
// the journal exists leaves the warehouse exactly as it was; one killed
// after is completed by the next writer (Recover), which applies the
// journal again. With one op per target every op is idempotent whatever
// was applied before — a move whose staged file is gone was done, a
// removal of a missing file was done — so applying and recovering can be
// interrupted and re-run any number of times and end in the same files
// with the same bytes. (A journal of an older shequ may hold several ops
// for one target; Recover applies only the last of each.) shequ.duckdb is
// replaced by a rename, so readers always see a whole database.
//
// # A raw layer that checks itself
//
// The manifest of each input records, for each Parquet file it published
// (raw and quarantine), its size, sha256 and row count (ParquetDigest,
// computed by Tx.PutParquet as the file is staged). Tx.Verify checks the
// files against it; the build does so before reading any file and refuses
// a file changed, cut short or deleted since (a *CheckError listing each
// *IntegrityError), and the batch reads again an input whose Parquet no
// longer matches even when the input itself is unchanged. A manifest
// written before digests were recorded is not Verifiable: its files are
// checked for presence and row count only until the next run reads them
// again.
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

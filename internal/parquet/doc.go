// Package parquet writes Parquet files of flat, nullable columns (VARCHAR,
// BIGINT, DOUBLE, DATE as DuckDB reads them), zstd-compressed, one data
// page per column chunk.
//
// It exists for the ingest fast path, which validates a large export in
// parallel and must write the rows in file order without passing them
// through another engine: each worker encodes and compresses its own row
// groups with an Encoder, and one Writer appends them to the file in
// order. Everything else in shequ writes Parquet with DuckDB's COPY.
//
// Only what the fast path needs is written: no statistics, no page index,
// no nested or repeated columns.
package parquet

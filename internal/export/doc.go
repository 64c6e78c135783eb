// Package export writes a query's result — Arrow record batches, as
// DuckDB hands them to Go (warehouse.ScanArrow) — in the formats `shequ
// query` offers: an aligned text table, CSV, typed JSON, an Arrow IPC file
// and a Parquet file.
//
// Every writer reads an array.RecordReader to the end, one batch at a
// time, so memory holds a batch, not the result (the table alone keeps its
// lines until it can align them). The types come from the Arrow schema,
// never from the values:
//
//   - JSON is typed: numbers are numbers, with integers outside the 64-bit
//     range (a HUGEINT sum, which DuckDB hands over as decimal(38, 0)) as
//     strings; NaN and ±Inf are null; DECIMAL keeps its exact digits;
//     DuckDB's JSON columns (marked with MarkJSON) are nested JSON; lists,
//     structs and maps are arrays and objects; DATE is 2006-01-02,
//     TIMESTAMP an RFC 3339 time in UTC, TIME 15:04:05.999999; BLOB is
//     base64.
//   - The table and CSV print each value as text (DOUBLE with 10
//     significant digits, nested values as JSON).
//   - The Arrow IPC file and Parquet are written with arrow-go (ipc and
//     pqarrow), in the schema DuckDB gave; a JSON column carries the
//     arrow.json extension, which pqarrow writes as Parquet's JSON type.
//
// Buffers that the Arrow and Parquet writers allocate come from the
// memory.Allocator they are given and are released before they return.
package export

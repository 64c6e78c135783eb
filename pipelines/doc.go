// Package pipelines ingests export files into the warehouse: it decodes a
// file (package decode), finds its header row and maps the headers to the
// declared columns of its source (package schemas), coerces and validates
// every row (package values), writes the accepted rows to Parquet and the
// rejected ones to quarantine, and records a manifest of the file.
//
// Every record a file yields is counted exactly once as accepted,
// quarantined or skipped (rows above the header, empty rows, totals rows),
// so rows_in = accepted + quarantined + skipped holds for every file; the
// header row itself is not counted.
package pipelines

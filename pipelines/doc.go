// Package pipelines ingests export files into the warehouse: it decodes a
// file (package decode), finds its header row and maps the headers to the
// declared columns of its source (package schemas), coerces and validates
// every row (package values), writes the accepted rows to Parquet and the
// rejected ones to quarantine, and records a manifest of the file.
//
// # Headers
//
// Each sheet of a workbook (a text file is one sheet) has its own header,
// looked for among its first 30 records: the first record that names
// every required column and at least two columns. A group row above it
// (「年龄结构」 over 「0-14岁」「15-59岁」「60岁及以上」, 「人口」 over
// 「户籍」「常住」) is read with it as a two-row header when the two together
// name more columns; see twoRows. A sheet in which no record names two
// columns is not a table (instructions, notes): its rows are skipped as
// "sheet_without_header". A sheet whose best record names two or more but
// not the required ones fails the file (*HeaderError), as does a file with
// no header anywhere (ErrNoHeader). Headers the schema does not know are
// listed once in the manifest and the log, and not stored.
//
// # Counting
//
// Every record a file yields is counted exactly once as accepted,
// quarantined or skipped, so rows_in = accepted + quarantined + skipped
// holds for every file; header rows are not counted. Skipped rows are
// those above a header ("above_header"), empty rows ("empty"), totals and
// subtotals (「合计」「小计」「总计」 alone or ending a short label such as
// 「坪山街道小计」: "totals"), unit rows under a header (「(人)」「(户)」:
// "units") and the rows of a sheet without a header.
//
// # Rejected rows
//
// A row that breaks a rule goes to quarantine, one line per broken rule,
// with source, file, sheet, line, column, the value as written, the rule
// and a message in Chinese and English naming the header as it is in the
// file; ReadQuarantine and WriteQuarantineCSV give them back for the
// office that sent the file. Rows sharing a key are resolved after the
// whole file is read (see package schemas, Keys).
//
// # Personal data
//
// Columns declared pii: hash are stored as HMAC-SHA-256 under
// Ingester.PIIKey, and a file with such a column is refused without a key
// (ErrNoPIIKey); columns declared pii: drop are never read. Quarantine,
// errors and the log show such values masked, never in clear.
//
// # Writing
//
// Accepted and quarantined rows are written as Parquet row groups
// (package internal/parquet) while the file is read, to files in the
// run's staging folder, and the keys of a file are checked for repeats
// from hashes spilled to disk, so memory stays flat however long the file
// is. Only the rows of keys that do repeat are held, to be reported;
// when there are any, the accepted file is written again without them,
// copying the row groups that had none.
//
// # Fast path
//
// A delimited text file of FastPathMinBytes or more (UTF-8 or
// GBK/GB18030) is read in parallel once Go has found its header: rows
// whose every cell is written strictly (ASCII digits, ISO dates, known
// division codes, identity numbers with a right check digit, exact enum
// values) are typed by a few comparisons on every core, and every other
// row goes through the Go validator, so the result is the Go path's, row
// for row (see fastpath.go; Ingester.DisableFastPath turns it off).
// Schemas with row rules or code-prefix checks, workbooks and UTF-16
// files always take the Go path, as does a file with a carriage return
// that does not end a line.
package pipelines

// Package pipelines ingests export files into the warehouse: it decodes a
// file (package decode), finds its header row and maps the headers to the
// declared columns of its source (package schemas), types and checks every
// row (package values), writes the accepted rows to Parquet and the
// rejected ones to quarantine, and records a manifest of the file. Every
// file, text or workbook, small or large, takes the same path.
//
// # The files, by job
//
//	ingest.go        a file from start to publish: unchanged or not, the staged files, the counts checked, the manifest
//	scan.go          the parallel scan: a reader, a worker per core, row groups committed in file order
//	headersearch.go  the reader: each sheet's header, the rows above it, batches of the rest
//	work.go          a worker: a batch's records typed, checked and encoded as a row group
//	validate.go      the validator: one row's cells typed into Parquet values, the rules they break
//	rowvalues.go     typed values read back: row rules, messages, the row's key
//	redact.go        identity and phone numbers found in free text: hashed or masked
//	skip.go, totals.go  rows that are not data (titles, units, 合计), and totals rows checked
//	synthetic.go     the synthetic-data mark of `shequ gen` exports
//	area.go          the district or street a file covers, and rows outside it
//	dupkeys.go       keys held by more than one row, found from hashes spilled to disk
//	parquet.go       the Parquet schemas and writer options (parquet-go)
//	header.go        header cells matched to the declared columns and their units
//	quarantine.go    quarantined rows read back, and the CSV for the office that sent them
//
// # Lines
//
// Every physical line of a text file (every row of a sheet) is accounted
// for: Lines = HeaderLines + RowsIn + JoinedLines (FileManifest), where
// JoinedLines are the lines of records that continue onto the next line
// because a quoted cell holds a line break, and every record a file yields
// is counted exactly once as accepted, quarantined or skipped, so rows_in
// = accepted + quarantined + skipped. CR, LF and CRLF line ends read alike.
// A line whose quotes are not well formed (a stray quote in 「"阳光"社区」,
// a quote never closed) is its own rejected row (unbalanced_quote, naming
// the lines a loose reader would have joined to it), and the lines after
// it are read as rows of their own; a text row with more or fewer fields
// than its header (an unquoted comma in 「陈,德浩」) is rejected
// (field_count) without any of its values shown, since they have moved to
// other columns. See decode's grammar.go.
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
// # Skipped rows
//
// Skipped rows are those above a header ("above_header"), empty rows
// ("empty"), totals and subtotals (「合计」「小计」「总计」 alone or ending a
// short label such as 「坪山街道小计」: "totals"), unit rows under a header
// (「(人)」「(户)」: "units") and the rows of a sheet without a header. A
// totals row is also a check: see totals.go. A row above a header whose
// first cell opens with 「【模拟数据 SYNTHETIC】」 (values.SyntheticMark,
// written by `shequ gen`) marks the file as synthetic
// (FileManifest.Synthetic, ingest_files.synthetic): see synthetic.go.
//
// # Rejected rows
//
// A row that breaks a rule goes to quarantine, one line per broken rule,
// with source, file, sheet, line, column, the value as written, the rule
// and a message in Chinese and English naming the header as it is in the
// file; ReadQuarantine and WriteQuarantineCSV give them back for the
// office that sent the file. Every number is held to the plausible bounds
// its schema declares (min, max), a community outside the file's area is
// rejected (area.go), and rows sharing a key are resolved after the whole
// file is read (dupkeys.go).
//
// # Personal data
//
// Columns declared pii: hash are stored as HMAC-SHA-256 under
// Ingester.PIIKey, and a file with such a column is refused without a key
// (ErrNoPIIKey); columns declared pii: drop are never read. Identity and
// phone numbers in any other text are hashed or masked (redact.go).
// Quarantine, errors and the log show such values masked, never in clear.
//
// # Speed and memory
//
// One goroutine reads the file, finds the headers and cuts the rest into
// batches: chunks of DefaultChunkBytes of a text file, cut at record
// boundaries from its raw bytes (GBK and GB18030 are decoded by the
// workers: their quote, line-break, comma, tab and semicolon bytes are
// never part of another character), or workbookBatch rows of a sheet. A
// worker per core decodes and splits its batch, runs every row through the
// one validator and encodes the accepted rows as a row group with
// parquet-go's ConcurrentRowGroupWriter; the file's goroutine commits the
// row groups in file order. At most a few batches per core are in flight,
// so memory does not grow with the file; keys go to disk (dupkeys.go).
package pipelines

// Package decode reads the files that street and district offices export —
// CSV and tab-separated text in whatever encoding the office's software
// wrote, and Excel workbooks — and yields their rows as records of strings,
// each with the sheet and line it came from. It does no typing: cells are
// text, exactly as written, for package values and the schema to interpret.
//
// # Text files
//
// .csv, .tsv and .txt files are streamed, never read whole. The encoding is
// detected from the first 64 KiB (see Detect) unless Options.Encoding forces
// one; GBK/GB18030 and UTF-16 are decoded through golang.org/x/text and a
// byte-order mark is dropped. The delimiter is detected from the first
// decoded lines unless Options.Delimiter forces one, which is how Excel's
// "Unicode text" export (.txt, UTF-16LE with a BOM, tab-separated) is read
// without configuration.
//
// The grammar of delimited text is written once (grammar.go) and used both
// record by record (Next) and by readers that cut a file into chunks of
// whole records (TextReader.NextChunk) for other goroutines to decode and
// split (Splitter). Lines end at CR, LF or CRLF alike. A quoted cell may hold
// delimiters, doubled quotes and line breaks, so a record may span lines;
// but a quote that is not well formed (a stray quote inside a quoted cell, a
// quote never closed, or a record spanning lines whose fields do not line up
// with the header once the caller gives its width) makes its line a record
// of its own, marked with a *QuoteError that says how many lines a loose
// reader (encoding/csv with LazyQuotes) would have joined; the lines after it
// are records of their own. A quote inside an unquoted cell is text. Every
// record carries the physical lines it spans and its number of fields.
//
// The encoding is not decoded to find records when it need not be: in UTF-8,
// GBK and GB18030 the quote, line-break, comma, tab and semicolon bytes are
// never part of another character, so chunks are cut in the raw bytes and
// decoded by the goroutine that splits them; UTF-16, and GBK with another
// delimiter, are decoded as they are read.
//
// Bytes that are not valid in the file's encoding are replaced by U+FFFD and
// reported: Next returns the record together with a *LineError wrapping
// ErrInvalidEncoding that names the file and line. This error is not fatal —
// the Reader stays usable, so a caller may quarantine the row and carry on,
// or stop. Its usual cause is a file whose first 64 KiB are plain ASCII
// followed by GBK text; setting Options.Encoding fixes that. (For encodings
// other than UTF-8 a U+FFFD produced by the decoder is what is reported, so
// a U+FFFD genuinely encoded in a GB18030 or UTF-16 file is reported too.)
//
// # Workbooks
//
// .xlsx and .xlsm files are read with excelize's row iterator. Cells come
// back as Excel shows them, with the Chinese (zh-CN) built-in formats and
// the short date format yyyy-mm-dd, so dates read "2015-12-31" or
// "2015年12月"; numbers stored as text keep their text. Every cell of a
// merged range carries the value of its top-left cell, so a merged header
// is visible in each column it spans.
//
// Memory stays flat however many rows a sheet has. excelize keeps in
// memory only the parts of the package up to xmlInMemory (1 MiB; it is
// excelize's UnzipXMLSizeLimit, 16 MiB by default) and unpacks larger
// worksheets and shared-string tables to temporary files, which it reads
// as streams: a worksheet through its row iterator, the shared strings
// through an offset per string (about 110 bytes each at the peak, so
// what grows is the number of distinct strings, not of rows). A table
// held in memory costs some 400 bytes a string once parsed: at the
// default limit, a table of 8.6 MB took the peak from 50 MB to 175 MB.
// Merged ranges are not asked of excelize, which would
// parse the whole worksheet into memory (about 10 GB for a million rows):
// the package opens the workbook's zip archive itself, finds each sheet's
// part through the workbook's relationships as excelize does, and reads
// the part once as a stream of XML tokens before the sheet's rows,
// keeping only the <mergeCell> references of the <mergeCells> element
// that follows <sheetData>. BENCHMARKS.md has the figures.
//
// That pass also checks that the part is well formed, which excelize's row
// iterator does not: it stops quietly at broken XML, as if the sheet ended
// there. A sheet whose XML breaks is reported by Next, after the rows
// before the break, as a *LineError naming the sheet and the row
// (ProblemBrokenSheet). For the same reason a shared-string table, which
// excelize also reads quietly up to a break when it is in a temporary
// file, is checked when the workbook is opened. The price is a second
// reading of the XML: about a quarter of the time excelize takes to read
// the rows (10 s against 41 s for 300,000 rows of 12 columns).
//
// # Files that cannot be read
//
// A file that cannot be read at all is an *UnreadableError wrapping
// ErrUnreadable (inside a *LineError for a sheet), which names the file
// (and the sheet and row), says what is wrong
// in words an office can act on and what to do, so that the nightly batch
// reports the file and goes on with the others (errors.Is tells it from a
// failure of the machine). Open and Stat refuse a folder, a device or pipe,
// a symbolic-link loop and a file that may not be opened. A workbook is
// looked at before excelize opens it: an empty file; a file that is not a
// zip archive (random bytes, a web page or a CSV saved as .xlsx); an OLE
// compound file, which is an encrypted (password-protected) workbook when
// it holds an EncryptionInfo or EncryptedPackage stream and an Excel
// 97-2003 .xls when it holds a Workbook or Book stream (read with mscfb,
// the reader excelize decrypts with); a zip archive cut short (it starts
// like one but has no central directory); a zip archive with no workbook
// part; and damaged parts (broken XML in the workbook, its relationships or
// its shared strings, data that does not decompress).
//
// # Records and blank lines
//
// Every physical line of a text file, and every row of a sheet up to its
// last row, is accounted for: a record whose cells are all empty or white
// space — including the empty lines that encoding/csv would skip — is
// returned with no cells (len(Cells) == 0) so that callers can count it as
// skipped. Trailing empty cells are always trimmed.
package decode

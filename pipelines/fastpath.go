package pipelines

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// The fast path: for a large delimited text file, Go detects the
// encoding, delimiter and header as always, then DuckDB reads the rows
// itself. A generated SQL condition picks the rows whose every cell is
// written so plainly that the Go validator could only accept it, with the
// same value (ASCII digits, ISO dates, codes in the division table,
// identity numbers with a right check digit, enum values exactly); those
// rows go from the CSV to Parquet inside DuckDB. Every other row goes
// through the Go validator, so messy rows keep their exact treatment.
// Duplicate keys are found over both groups. The fast path is taken only
// when physical lines are records (no quotes, no blank lines, no stray
// carriage returns, valid text), so line numbers are exact; otherwise,
// and for XLSX and small files, the file takes the Go path unchanged.

// DefaultFastPathMinBytes is the size from which a text file takes the
// fast path, unless Ingester.FastPathMinBytes says otherwise.
const DefaultFastPathMinBytes = 4 << 20

// hmacUDF is the DuckDB function computing the keyed hash of a pii: hash
// column in SQL, registered once per Ingester.
const hmacUDF = "shequ_pii_hmac"

// fastTables is what the fast path leaves for publish: the SELECT of the
// clean rows (which reads the file again) and the file to remove after.
type fastTables struct {
	clean string // SELECT of the accepted clean rows, columns as the accepted table
	temp  string // a UTF-8 copy of a file in another encoding, or ""
}

func (ing *Ingester) fastMin() int64 {
	if ing.FastPathMinBytes > 0 {
		return ing.FastPathMinBytes
	}
	return DefaultFastPathMinBytes
}

// fastSchema reports whether every column of s has a strict SQL form and
// the schema has no row rules, and at least one column is required (so
// that a clean row is never empty or a unit row).
func fastSchema(s *schemas.Schema) bool {
	if len(s.Rules) > 0 {
		return false
	}
	required := false
	for _, c := range s.Columns {
		switch c.Type {
		case schemas.TypeText, schemas.TypeEnum, schemas.TypeCode, schemas.TypeResidentID,
			schemas.TypeInt, schemas.TypeFloat, schemas.TypeDate:
		default:
			return false
		}
		if c.Required && c.PII != schemas.PIIDrop {
			required = true
		}
	}
	for _, k := range s.Key {
		for _, c := range s.Columns {
			if c.Name == k && (c.Type == schemas.TypeInt || c.Type == schemas.TypeFloat || c.Type == schemas.TypeDate) {
				return false // show() of a typed key differs from its text
			}
		}
	}
	return required
}

// readFast tries the fast path. ok is false when the file does not
// qualify; m is then as it was and the caller takes the Go path.
func (ing *Ingester) readFast(ctx context.Context, schema *schemas.Schema, in Input, m *warehouse.FileManifest) (t tables, ok bool, err error) {
	if ing.DisableFastPath || m.Bytes < ing.fastMin() || !fastSchema(schema) {
		return tables{}, false, nil
	}
	saved := *m
	saved.SkippedBy = map[string]int{}
	saved.UnknownColumns = slices.Clone(m.UnknownColumns)
	fail := func() (tables, bool, error) {
		*m = saved
		return tables{}, false, nil
	}

	r, err := decode.Open(in.Path, decode.Options{Encoding: in.Encoding, Sheet: in.Sheet})
	if err != nil {
		return fail()
	}
	defer r.Close()
	enc := r.Encoding()
	if f := r.Format(); f != "csv" && f != "tsv" {
		return fail()
	}
	switch enc {
	case decode.EncodingUTF8, decode.EncodingUTF8BOM, decode.EncodingGBK, decode.EncodingGB18030:
	default:
		return fail()
	}
	m.Format, m.Encoding = r.Format(), enc

	f := &fileReader{ing: ing, schema: schema, in: in, m: m, src: &records{r: r}, ix: newAliasIndex(schema),
		keys: keyIndex{first: map[[16]byte]lineRef{}, dups: map[[16]byte]*dupGroup{}}}
	last := 0
	for f.sheet == nil || f.sheet.v == nil {
		rec, err := f.src.next()
		if err != nil {
			return fail() // an empty file, bad bytes above the header: the Go path says so
		}
		last = rec.Line
		if f.sheet == nil {
			f.first = rec.Cells
			f.sheet = &sheetState{name: rec.Sheet}
		}
		if err := f.seekHeader(rec, false); err != nil {
			return fail()
		}
	}
	start := last + 1
	if n := len(f.src.back); n > 0 {
		if f.src.back[n-1].err != nil {
			return fail()
		}
		start = f.src.back[n-1].rec.Line
	}
	v := f.sheet.v
	if len(v.prefix) > 0 {
		return fail()
	}
	for _, s := range v.scale {
		if s != scaleNone {
			return fail()
		}
	}
	dr, isText := r.(interface{ Delimiter() rune })
	if !isText || dr.Delimiter() >= utf8.RuneSelf || dr.Delimiter() == '\'' || dr.Delimiter() == '\\' {
		return fail()
	}
	delim := byte(dr.Delimiter())

	var ft fastTables
	path := in.Path
	if enc == decode.EncodingGBK || enc == decode.EncodingGB18030 {
		tmp, err := transcode(in.Path, enc)
		if err != nil {
			return tables{}, false, err
		}
		ft.temp, path = tmp, tmp
	}
	defer func() {
		if !ok && ft.temp != "" {
			os.Remove(ft.temp)
		}
	}()
	t0 := time.Now()
	scan, good, err := prescan(path, start, delim)
	tPrescan := time.Since(t0)
	if err != nil {
		return tables{}, false, err
	}
	if !good || scan.lines == 0 {
		return fail()
	}
	plan, good := fastPlan(schema, v, path, start, delim, scan.fields, m.File, f.sheet.name)
	if !good {
		return fail()
	}
	if plan.hashes {
		if err := ing.registerHMAC(ctx); err != nil {
			return tables{}, false, err
		}
	}

	t = tables{accepted: "acc_" + m.FileID, rejected: "rej_" + m.FileID}
	if err := ing.createTables(ctx, schema, t); err != nil {
		return t, false, err
	}
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		ing.dropTables(ctx, t)
		return t, false, err
	}
	defer conn.Close()
	t1 := time.Now()
	messy, qerr := f.messy(ctx, conn, t, plan)
	tMessy := time.Since(t1)
	if qerr != nil {
		ing.dropTables(ctx, t)
		if ctx.Err() != nil {
			return t, false, ctx.Err()
		}
		// DuckDB refused a line (a different number of fields, say): the Go
		// path reads the file and reports it as it always does.
		ing.Log.Debug("fast path not taken", "file", in.Path, "reason", qerr.Error())
		return fail()
	}
	clean := int64(scan.lines) - messy.rows
	m.RowsIn += clean
	m.Accepted += clean
	t2 := time.Now()
	if err := f.fastDuplicates(ctx, conn, t, plan, messy.keys); err != nil {
		ing.dropTables(ctx, t)
		return t, false, err
	}
	ing.Log.Debug("fast path", "file", in.Path, "prescan", tPrescan, "messy_rows", messy.rows, "messy", tMessy, "duplicates", time.Since(t2))
	t.fast = &fastTables{temp: ft.temp, clean: plan.cleanSelect("line NOT IN (SELECT line FROM fp_duplines)")}
	if len(m.UnknownColumns) > 0 {
		ing.Log.Warn("columns not in the schema were not stored", "source", in.Source, "file", in.Path,
			"columns", strings.Join(m.UnknownColumns, " | "))
	}
	f.progress(m.RowsIn, true)
	ing.fastFiles++
	return t, true, nil
}

// transcode writes a UTF-8 copy of a file in another encoding to a
// temporary file, streaming, and returns its path.
func transcode(path, enc string) (string, error) {
	in, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer in.Close()
	dr, err := decode.NewDecoder(enc, bufio.NewReaderSize(in, 1<<20))
	if err != nil {
		return "", err
	}
	out, err := os.CreateTemp("", "shequ-fast-*.csv")
	if err != nil {
		return "", err
	}
	w := bufio.NewWriterSize(out, 1<<20)
	_, err = io.Copy(w, dr)
	if err == nil {
		err = w.Flush()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(out.Name())
		return "", fmt.Errorf("%s: transcode %s: %w", path, enc, err)
	}
	return out.Name(), nil
}

// scanResult is what prescan learns of the data lines.
type scanResult struct {
	lines  int // data lines
	fields int // fields of the first data line
}

// prescan checks that from line start on every line is one record that
// DuckDB and the Go reader split alike: no quote characters, no blank
// lines, carriage returns only before line feeds, valid UTF-8 without
// U+FFFD or NUL. good is false otherwise.
func prescan(path string, start int, delim byte) (scanResult, bool, error) {
	var res scanResult
	fh, err := os.Open(path)
	if err != nil {
		return res, false, err
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 1<<20)
	for i := 1; i < start; i++ {
		if _, err := br.ReadSlice('\n'); err != nil && err != bufio.ErrBufferFull {
			return res, false, nil
		} else if err == bufio.ErrBufferFull {
			return res, false, nil
		}
	}
	buf := make([]byte, 4<<20)
	var carry []byte
	first := true
	for {
		n, rerr := io.ReadFull(br, buf[len(carry):])
		chunk := buf[:len(carry)+n]
		eof := rerr == io.EOF || rerr == io.ErrUnexpectedEOF
		if rerr != nil && !eof {
			return res, false, rerr
		}
		end := len(chunk)
		if !eof {
			end = bytes.LastIndexByte(chunk, '\n') + 1
			if end == 0 {
				return res, false, nil // a line longer than the buffer
			}
		}
		body := chunk[:end]
		if first && len(body) > 0 {
			l := body
			if i := bytes.IndexByte(l, '\n'); i >= 0 {
				l = l[:i]
			}
			res.fields = bytes.Count(l, []byte{delim}) + 1
			first = false
		}
		if !cleanChunk(body, first || res.lines == 0) {
			return res, false, nil
		}
		res.lines += bytes.Count(body, []byte{'\n'})
		if eof {
			if len(body) > 0 && body[len(body)-1] != '\n' {
				res.lines++
			}
			return res, true, nil
		}
		carry = append(carry[:0], chunk[end:]...)
		copy(buf, carry)
	}
}

// cleanChunk checks a run of whole lines.
func cleanChunk(b []byte, atStart bool) bool {
	switch {
	case bytes.IndexByte(b, '"') >= 0, bytes.IndexByte(b, 0) >= 0,
		bytes.Contains(b, []byte("\n\n")), bytes.Contains(b, []byte("\n\r\n")),
		bytes.Count(b, []byte{'\r'}) != bytes.Count(b, []byte("\r\n")),
		atStart && len(b) > 0 && (b[0] == '\n' || b[0] == '\r'),
		bytes.Contains(b, []byte("\uFFFD")), !utf8.Valid(b):
		return false
	}
	return true
}

// plan is the generated SQL of one file.
type plan struct {
	src       string // SELECT line, c1..cN FROM read_csv(…)
	srcNoLine string // the same without line, which costs a window
	rawKey    string // the key cells as they are, "" when no key
	clean     string // the condition that a row is clean
	key       string // the row's key text as Go's validator gives it before hashing; "" when no key
	sel       []string
	nfields   int
	hashes    bool // the SQL calls the HMAC function
}

// cleanSelect is the SELECT of the accepted clean rows, in the columns of
// the accepted table, that also satisfy extra.
func (p plan) cleanSelect(extra string) string {
	return "SELECT " + strings.Join(p.sel, ", ") + " FROM (" + p.src + ") WHERE (" + p.clean + ") AND " + extra
}

var strictText = `regexp_full_match(%s, '[0-9A-Za-z][0-9A-Za-z_.\-]*') AND lower(%s) NOT IN ('null', 'sum', 'total', 'subtotal', 'grandtotal')`

// fastPlan writes the SQL for a file. ok is false when a column cannot be
// read strictly.
func fastPlan(s *schemas.Schema, v *validator, path string, start int, delim byte, nfields int, file, sheet string) (plan, bool) {
	p := plan{nfields: nfields}
	var cols []string
	for j := 1; j <= nfields; j++ {
		cols = append(cols, fmt.Sprintf("'c%d': 'VARCHAR'", j))
	}
	p.srcNoLine = fmt.Sprintf("SELECT * FROM read_csv(%s, columns={%s}, delim=%s, quote='', escape='', header=false, skip=%d, auto_detect=false, all_varchar=true)",
		warehouse.QuoteString(path), strings.Join(cols, ", "), warehouse.QuoteString(string(delim)), start-1)
	p.src = fmt.Sprintf("SELECT row_number() OVER () + %d AS line, * FROM (%s)", start-1, p.srcNoLine)
	var conds []string
	checked := map[int]bool{}
	valueOf := map[int]string{} // column → SQL text of its canonical value
	for i, c := range s.Columns {
		j := v.m.cellOf[i]
		typ := SQLType(c.Type)
		if j < 0 || j >= nfields {
			if c.Required && c.PII != schemas.PIIDrop {
				return p, false
			}
			p.sel = append(p.sel, "NULL::"+typ+" AS "+warehouse.QuoteIdent(c.Name))
			continue
		}
		if c.PII == schemas.PIIDrop {
			p.sel = append(p.sel, "NULL::"+typ+" AS "+warehouse.QuoteIdent(c.Name))
			continue
		}
		cell := fmt.Sprintf("c%d", j+1)
		var strict, val string
		switch c.Type {
		case schemas.TypeText:
			strict, val = fmt.Sprintf(strictText, cell, cell), cell
		case schemas.TypeEnum:
			var allowed []string
			for _, a := range c.Values {
				if values.IsNull(a) || isTotalsLabel(a) || values.Normalize(a) != a || a == "" {
					continue
				}
				allowed = append(allowed, warehouse.QuoteString(a))
			}
			if len(allowed) == 0 {
				return p, false
			}
			strict, val = cell+" IN ("+strings.Join(allowed, ", ")+")", cell
		case schemas.TypeCode:
			strict = fmt.Sprintf("length(%s) = %d AND regexp_full_match(%s, '[0-9]+')", cell, c.Length, cell)
			if c.CheckDivision && v.div != nil {
				strict += fmt.Sprintf(" AND %s IN (SELECT code FROM fp_divisions)", cell)
			}
			val = cell
		case schemas.TypeResidentID:
			strict = fmt.Sprintf("regexp_full_match(%s, '[0-9]{17}[0-9X]') AND substr('10X98765432', ((%s) %% 11)::INTEGER + 1, 1) = substr(%s, 18, 1)",
				cell, checkSumSQL(cell), cell)
			val = cell
		case schemas.TypeInt:
			strict, val = fmt.Sprintf("regexp_full_match(%s, '0|[1-9][0-9]{0,14}')", cell), fmt.Sprintf("TRY_CAST(%s AS BIGINT)", cell)
		case schemas.TypeFloat:
			strict, val = fmt.Sprintf(`regexp_full_match(%s, '(0|[1-9][0-9]{0,14})(\.[0-9]{1,15})?')`, cell), fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", cell)
		case schemas.TypeDate:
			strict = fmt.Sprintf("regexp_full_match(%s, '(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])') AND TRY_CAST(%s AS DATE) IS NOT NULL", cell, cell)
			val = fmt.Sprintf("TRY_CAST(%s AS DATE)", cell)
		default:
			return p, false
		}
		if c.Type == schemas.TypeInt || c.Type == schemas.TypeFloat {
			x := fmt.Sprintf("TRY_CAST(%s AS DOUBLE)", cell)
			if c.Min != nil {
				strict += fmt.Sprintf(" AND %s >= %s", x, strconv.FormatFloat(*c.Min, 'g', -1, 64))
			}
			if c.Max != nil {
				strict += fmt.Sprintf(" AND %s <= %s", x, strconv.FormatFloat(*c.Max, 'g', -1, 64))
			}
		}
		if c.Required {
			conds = append(conds, fmt.Sprintf("(%s IS NOT NULL AND %s)", cell, strict))
		} else {
			conds = append(conds, fmt.Sprintf("(%s IS NULL OR (%s))", cell, strict))
		}
		checked[j] = true
		valueOf[i] = cell
		out := val
		if c.PII == schemas.PIIHash {
			out = hmacUDF + "(" + cell + ")"
			p.hashes = true
		}
		p.sel = append(p.sel, fmt.Sprintf("CAST(%s AS %s) AS %s", out, typ, warehouse.QuoteIdent(c.Name)))
	}
	// Cells no rule reads (unknown and dropped columns) must not make the
	// row a totals row: anything that might is left to Go.
	for j := 0; j < nfields; j++ {
		if checked[j] {
			continue
		}
		cell := fmt.Sprintf("c%d", j+1)
		conds = append(conds, fmt.Sprintf(`(%s IS NULL OR (NOT contains(%s, '计') AND NOT regexp_matches(%s, '(?i)s\s*u\s*m|t\s*o\s*t\s*a\s*l|[^\x{01}-\x{7F}\x{4E00}-\x{9FA5}]')))`, cell, cell, cell))
	}
	// Never NULL: a row is clean or it goes to Go.
	p.clean = "coalesce((" + strings.Join(conds, " AND ") + "), false)"
	if len(v.keyCol) > 0 {
		var parts, nulls []string
		for _, i := range v.keyCol {
			cell, ok := valueOf[i]
			if !ok {
				return p, false
			}
			parts = append(parts, cell)
			nulls = append(nulls, cell+" IS NULL")
		}
		p.key = fmt.Sprintf("CASE WHEN %s THEN NULL ELSE %s END", strings.Join(nulls, " OR "), strings.Join(parts, " || chr(31) || "))
		p.rawKey = p.key
	}
	p.sel = append(p.sel, warehouse.QuoteString(file)+" AS source_file", warehouse.QuoteString(sheet)+" AS source_sheet", "line AS source_line")
	return p, true
}

var idWeightsSQL = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkSumSQL is the ISO 7064 MOD 11-2 weighted sum of the first 17 digits
// of cell (already known to be digits), modulo 11 up to a multiple: the
// digits are read three at a time and each group's weighted sum is looked
// up in a list, which DuckDB does far faster than 17 substrings.
func checkSumSQL(cell string) string {
	var terms []string
	for at := 0; at < 17; at += 3 {
		n := min(3, 17-at)
		var table []string
		limit := 1
		for range n {
			limit *= 10
		}
		for x := 0; x < limit; x++ {
			sum, rest := 0, x
			for k := n - 1; k >= 0; k-- {
				sum += (rest % 10) * idWeightsSQL[at+k]
				rest /= 10
			}
			table = append(table, strconv.Itoa(sum%11))
		}
		terms = append(terms, fmt.Sprintf("[%s][TRY_CAST(substr(%s, %d, %d) AS INTEGER) + 1]", strings.Join(table, ","), cell, at+1, n))
	}
	return strings.Join(terms, " + ")
}

// messyResult is what the Go validator made of the rows that are not clean.
type messyResult struct {
	rows int64
	keys []messyKey // keys of the messy rows it accepted
}

type messyKey struct {
	key  string // the key before hashing
	line int
}

// messy loads the division table, then passes every row that is not
// clean through the Go validator, as the Go path does.
func (f *fileReader) messy(ctx context.Context, conn *sql.Conn, t tables, p plan) (messyResult, error) {
	var res messyResult
	if err := loadDivisions(ctx, conn, f); err != nil {
		return res, err
	}
	rows, err := conn.QueryContext(ctx, "SELECT * FROM ("+p.src+") WHERE NOT ("+p.clean+")")
	if err != nil {
		return res, err
	}
	defer rows.Close()
	plain := *f.sheet.v
	plain.plain = true
	sheet := f.sheet.name
	raw := make([]sql.NullString, p.nfields)
	dest := make([]any, p.nfields+1)
	var line int64
	dest[0] = &line
	for i := range raw {
		dest[i+1] = &raw[i]
	}
	// The appenders need a connection of their own while the query streams.
	aconn, err := f.ing.db.Conn(ctx)
	if err != nil {
		return res, err
	}
	defer aconn.Close()
	err = withAppenders(aconn, t, func(acc, rej *duckdb.Appender) error {
		f.acc, f.rej = acc, rej
		for n := 0; rows.Next(); n++ {
			if n%batchRows == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if err := rows.Scan(dest...); err != nil {
				return err
			}
			cells := make([]string, len(raw))
			for i, s := range raw {
				cells[i] = s.String
			}
			cells = decode.TrimCells(cells)
			before := f.m.Accepted
			if err := f.data(decode.Record{Sheet: sheet, Line: int(line), Cells: cells}, false); err != nil {
				return err
			}
			res.rows++
			if f.m.Accepted > before {
				if k := plain.row(cells).key; k != "" {
					res.keys = append(res.keys, messyKey{key: k, line: int(line)})
				}
			}
		}
		return rows.Err()
	})
	return res, err
}

// loadDivisions fills fp_divisions with the division codes.
func loadDivisions(ctx context.Context, conn *sql.Conn, f *fileReader) error {
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TABLE fp_divisions (code VARCHAR)"); err != nil {
		return err
	}
	if f.ing.Divisions == nil {
		return nil
	}
	return withAppender(conn, "fp_divisions", func(a *duckdb.Appender) error {
		for _, c := range f.ing.Divisions.All() {
			if err := a.AppendRow(c.Code); err != nil {
				return err
			}
		}
		return nil
	})
}

// fastDuplicates finds the keys that more than one accepted row has, clean
// or messy, and quarantines all of their rows as resolveDuplicates does.
// It groups 64-bit hashes of the keys first and reads the keys themselves
// only for the hashes seen twice.
func (f *fileReader) fastDuplicates(ctx context.Context, conn *sql.Conn, t tables, p plan, messy []messyKey) error {
	stmts := []string{
		"CREATE OR REPLACE TABLE fp_mkeys (k VARCHAR, line BIGINT)",
		"CREATE OR REPLACE TABLE fp_duplines (line BIGINT)",
	}
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	f.keys = keyIndex{first: map[[16]byte]lineRef{}, dups: map[[16]byte]*dupGroup{}}
	if p.key == "" {
		return nil
	}
	if err := withAppender(conn, "fp_mkeys", func(a *duckdb.Appender) error {
		for _, k := range messy {
			if err := a.AppendRow(k.key, int64(k.line)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	// Candidates: hashes of the raw key cells of every row (a clean row's
	// key is its raw cells) and of the messy rows' canonical keys, seen
	// twice. Only rows with such a hash are then classified and compared.
	raw := "(SELECT " + p.rawKey + " AS k FROM (" + p.srcNoLine + "))"
	if _, err := conn.ExecContext(ctx, "CREATE OR REPLACE TABLE fp_duphash AS SELECT h FROM (SELECT hash(k) AS h FROM "+raw+
		" WHERE k IS NOT NULL UNION ALL SELECT hash(k) FROM fp_mkeys) GROUP BY h HAVING count(*) > 1"); err != nil {
		return err
	}
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT count(*) FROM fp_duphash").Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return f.resolveDuplicates(ctx, conn, t)
	}
	allk := "(SELECT k, line FROM (SELECT line, " + p.key + " AS k FROM (" + p.src + ") WHERE hash(" + p.rawKey + ") IN (SELECT h FROM fp_duphash) AND " + p.clean +
		") WHERE k IS NOT NULL UNION ALL SELECT k, line FROM fp_mkeys)"
	rows, err := conn.QueryContext(ctx, "SELECT k, line FROM "+allk+" WHERE hash(k) IN (SELECT h FROM fp_duphash) ORDER BY line")
	if err != nil {
		return err
	}
	byKey := map[string][]int{}
	var order []string
	for rows.Next() {
		var k string
		var line int64
		if err := rows.Scan(&k, &line); err != nil {
			rows.Close()
			return err
		}
		if _, ok := byKey[k]; !ok {
			order = append(order, k)
		}
		byKey[k] = append(byKey[k], int(line))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	v := f.sheet.v
	var dupLines []int64
	for _, k := range order {
		lines := byKey[k]
		if len(lines) < 2 {
			continue // a collision of hashes, not a duplicate
		}
		stored := k
		if vals := v.storedKey(k); vals != "" {
			stored = vals
		}
		g := &dupGroup{key: stored}
		for _, l := range lines {
			g.refs = append(g.refs, lineRef{v: v, sheet: f.sheet.name, line: l})
			dupLines = append(dupLines, int64(l))
		}
		sum := sha256.Sum256([]byte(k))
		d := [16]byte(sum[:16])
		f.keys.dups[d] = g
		f.keys.order = append(f.keys.order, d)
	}
	if err := withAppender(conn, "fp_duplines", func(a *duckdb.Appender) error {
		for _, l := range dupLines {
			if err := a.AppendRow(l); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return f.resolveDuplicates(ctx, conn, t)
}

// storedKey turns a key before hashing into the key as the Go path shows
// it (hashed parts for pii: hash columns), "" when nothing is hashed.
func (v *validator) storedKey(k string) string {
	if v.mac == nil {
		return ""
	}
	parts := strings.Split(k, "\x1f")
	hashed := false
	for n, i := range v.keyCol {
		if c := v.schema.Columns[i]; c.PII == schemas.PIIHash && n < len(parts) {
			parts[n] = v.hashed(c, parts[n]).(string)
			hashed = true
		}
	}
	if !hashed {
		return ""
	}
	return strings.Join(parts, "\x1f")
}

// registerHMAC registers the keyed-hash function the clean rows' SQL
// calls: the hex HMAC-SHA-256 of a VARCHAR under PIIKey, as
// validator.hashed computes it.
func (ing *Ingester) registerHMAC(ctx context.Context) error {
	if ing.hmacRegistered {
		return nil
	}
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	key := slices.Clone(ing.PIIKey)
	pool := &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}
	if err := duckdb.RegisterScalarUDF(conn, hmacUDF, hmacFunc{pool: pool}); err != nil {
		return fmt.Errorf("register %s: %w", hmacUDF, err)
	}
	ing.hmacRegistered = true
	return nil
}

// hmacFunc is the DuckDB scalar function of registerHMAC.
type hmacFunc struct{ pool *sync.Pool }

func (h hmacFunc) Config() duckdb.ScalarFuncConfig {
	vt, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{InputTypeInfos: []duckdb.TypeInfo{vt}, ResultTypeInfo: vt}
}

func (h hmacFunc) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{RowExecutor: func(args []driver.Value) (any, error) {
		s, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("%s: want VARCHAR, got %T", hmacUDF, args[0])
		}
		mac := h.pool.Get().(hash.Hash)
		mac.Reset()
		mac.Write([]byte(s))
		var sum [sha256.Size]byte
		out := hex.EncodeToString(mac.Sum(sum[:0]))
		h.pool.Put(mac)
		return out, nil
	}}
}

// fastScratchTables are the fast path's working tables, dropped after
// publish.
var fastScratchTables = []string{"fp_divisions", "fp_mkeys", "fp_duplines", "fp_duphash"}

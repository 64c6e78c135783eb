package pipelines

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"shequ/internal/divisions"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/schemas"
)

// Input is one export file to ingest.
type Input struct {
	Source   string
	Period   string
	Path     string
	Sheet    string // XLSX: only this sheet
	Encoding string // "" or "auto" to detect
}

// Status values of a Result.
const (
	StatusIngested  = "ingested"
	StatusUnchanged = "unchanged" // same name and sha256 as already ingested
)

// Result is what happened to one input file.
type Result struct {
	Status   string
	Manifest warehouse.FileManifest
}

// Ingester writes export files into a warehouse. It is not safe for
// concurrent use. The caller must Close it.
type Ingester struct {
	Schemas   *schemas.Set
	Divisions *divisions.Index
	Warehouse *warehouse.Warehouse
	Tx        *warehouse.Tx // the run's transaction: every file written goes through it
	RunID     string
	Now       func() time.Time
	Log       *slog.Logger

	db *sql.DB
}

// batchRows is how often a long file loop checks for cancellation.
const batchRows = 4096

// Close releases the Ingester's DuckDB handle. The staged files belong to
// the Tx, which the caller commits or rolls back.
func (ing *Ingester) Close() error {
	var err error
	if ing.db != nil {
		err = ing.db.Close()
		ing.db = nil
	}
	return err
}

func (ing *Ingester) open() error {
	if ing.db != nil {
		return nil
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		return err
	}
	ing.db = db
	return nil
}

// File ingests one file. Bad rows are not errors: they go to quarantine.
// An error means the file as a whole could not be read (missing, wrong
// format, header not found) or the warehouse could not be written.
func (ing *Ingester) File(ctx context.Context, in Input) (*Result, error) {
	schema, err := ing.Schemas.Get(in.Source)
	if err != nil {
		return nil, err
	}
	sum, size, err := hashFile(in.Path)
	if err != nil {
		return nil, err
	}
	fileID := warehouse.FileID(in.Path)
	prev, err := ing.Tx.Manifest(in.Source, in.Period, fileID)
	if err != nil {
		return nil, err
	}
	if prev != nil && prev.SHA256 == sum {
		return &Result{Status: StatusUnchanged, Manifest: *prev}, nil
	}
	if err := ing.open(); err != nil {
		return nil, err
	}
	m := warehouse.FileManifest{
		RunID: ing.RunID, Source: in.Source, Period: in.Period, FileID: fileID,
		File: filepath.Base(in.Path), Path: in.Path, SHA256: sum, Bytes: size,
		SkippedBy: map[string]int{}, IngestedAt: ing.Now().UTC(),
	}
	w, err := ing.read(ctx, schema, in, &m)
	if err != nil {
		return nil, err
	}
	if m.RowsIn != m.Accepted+m.Quarantined+m.Skipped {
		return nil, fmt.Errorf("%s: %w: rows in %d, accepted %d, quarantined %d, skipped %d",
			in.Path, ErrUnreconciled, m.RowsIn, m.Accepted, m.Quarantined, m.Skipped)
	}
	if err := ing.publish(ctx, w, &m); err != nil {
		return nil, err
	}
	ing.Log.Info("ingested", "source", in.Source, "period", in.Period, "file", in.Path,
		"rows_in", m.RowsIn, "accepted", m.Accepted, "quarantined", m.Quarantined, "skipped", m.Skipped)
	return &Result{Status: StatusIngested, Manifest: m}, nil
}

func hashFile(path string) (string, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	if st.IsDir() {
		return "", 0, fmt.Errorf("%s: is a folder, not an export file", path)
	}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return "", 0, fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), n, nil
}

// tables names the per-file DuckDB tables of accepted and rejected rows.
type tables struct {
	accepted, rejected string
}

// read decodes and validates the file, appending rows to two in-memory
// tables, and fills the counts of m.
func (ing *Ingester) read(ctx context.Context, schema *schemas.Schema, in Input, m *warehouse.FileManifest) (tables, error) {
	r, err := decode.Open(in.Path, decode.Options{Encoding: in.Encoding, Sheet: in.Sheet})
	if err != nil {
		return tables{}, err
	}
	defer r.Close()
	m.Format, m.Encoding = r.Format(), r.Encoding()

	t := tables{accepted: "acc_" + m.FileID, rejected: "rej_" + m.FileID}
	if err := ing.createTables(ctx, schema, t); err != nil {
		return t, err
	}
	conn, err := ing.db.Conn(ctx)
	if err != nil {
		return t, err
	}
	defer conn.Close()

	ix := newAliasIndex(schema)
	var (
		v       *validator
		pending []decode.Record // rows above the header
		best    mapping
		bestAt  int
	)
	err = withAppenders(conn, t, func(acc, rej *duckdb.Appender) error {
		for n := 0; ; n++ {
			if n%batchRows == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			encErr := errors.Is(err, decode.ErrInvalidEncoding)
			if err != nil && !encErr {
				return err
			}
			if v == nil { // still looking for the header
				mp := ix.match(schema, rec.Cells)
				if len(mp.missing(schema)) == 0 && mp.matched() >= 2 && !encErr {
					if len(mp.twice) > 0 {
						return ing.headerError(schema, in, rec.Line, mp)
					}
					v = &validator{schema: schema, div: ing.Divisions, m: mp}
					m.HeaderLine = rec.Line
					m.UnknownColumns = mp.unknown
					for range pending {
						m.RowsIn++
						m.Skipped++
						m.SkippedBy["above_header"]++
					}
					continue
				}
				if mp.matched() > best.matched() {
					best, bestAt = mp, rec.Line
				}
				pending = append(pending, rec)
				if len(pending) >= headerScanRows {
					break
				}
				continue
			}
			m.RowsIn++
			if encErr {
				m.Quarantined++
				if err := appendRejected(rej, ing.RunID, in, m, rec, Violation{Rule: RuleEncoding, Value: truncate(strings.Join(rec.Cells, ",")),
					MessageZh: "含有编码无法识别的字节（已替换为�）", MessageEn: "contains bytes invalid in the file's encoding (replaced by �)"}); err != nil {
					return err
				}
				continue
			}
			if why := skipReason(rec.Cells); why != "" {
				m.Skipped++
				m.SkippedBy[why]++
				continue
			}
			vals, bad := v.row(rec.Cells)
			if len(bad) > 0 {
				m.Quarantined++
				for _, b := range bad {
					if err := appendRejected(rej, ing.RunID, in, m, rec, b); err != nil {
						return err
					}
				}
				continue
			}
			m.Accepted++
			row := append(vals, m.File, rec.Sheet, int64(rec.Line))
			if err := acc.AppendRow(row...); err != nil {
				return fmt.Errorf("%s line %d: %w", in.Path, rec.Line, err)
			}
		}
		return nil
	})
	if err != nil {
		return t, err
	}
	if v == nil {
		if best.matched() < 2 {
			first := ""
			if len(pending) > 0 {
				first = strings.Join(pending[0].Cells, " | ")
			}
			return t, fmt.Errorf("%s: %w in the first %d rows (no row has two or more known headers); first row: %q; expected columns: %s",
				in.Path, ErrNoHeader, headerScanRows, first, strings.Join(columnNames(schema), ", "))
		}
		return t, ing.headerError(schema, in, bestAt, best)
	}
	return t, nil
}

func (ing *Ingester) headerError(s *schemas.Schema, in Input, line int, mp mapping) error {
	return &HeaderError{File: in.Path, Line: line, Missing: mp.missing(s), Twice: mp.twice, Found: mp.header, Expected: columnNames(s)}
}

func columnNames(s *schemas.Schema) []string {
	var out []string
	for _, c := range s.Columns {
		out = append(out, c.Name)
	}
	return out
}

// withAppenders runs fn with appenders on the two tables and closes them.
func withAppenders(conn *sql.Conn, t tables, fn func(acc, rej *duckdb.Appender) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		acc, err := duckdb.NewAppenderFromConn(c, "", t.accepted)
		if err != nil {
			return err
		}
		rej, err := duckdb.NewAppenderFromConn(c, "", t.rejected)
		if err != nil {
			acc.Close()
			return err
		}
		ferr := fn(acc, rej)
		aerr := acc.Close()
		rerr := rej.Close()
		return errors.Join(ferr, aerr, rerr)
	})
}

func appendRejected(rej *duckdb.Appender, runID string, in Input, m *warehouse.FileManifest, rec decode.Record, v Violation) error {
	return rej.AppendRow(runID, in.Source, in.Period, m.File, rec.Sheet, int64(rec.Line),
		v.Column, v.Value, v.Rule, v.MessageZh, v.MessageEn)
}

// SQLType is the DuckDB type of a declared column type.
func SQLType(t string) string {
	switch t {
	case schemas.TypeInt:
		return "BIGINT"
	case schemas.TypeFloat:
		return "DOUBLE"
	}
	return "VARCHAR"
}

// QuarantineColumns are the columns of a quarantine Parquet file, in order.
var QuarantineColumns = []string{"run_id", "source", "period", "file", "sheet", "line", "column", "value", "rule", "message_zh", "message_en"}

// LineageColumns are appended to every source's accepted rows.
var LineageColumns = []string{"source_file", "source_sheet", "source_line"}

func (ing *Ingester) createTables(ctx context.Context, s *schemas.Schema, t tables) error {
	var cols []string
	for _, c := range s.Columns {
		cols = append(cols, warehouse.QuoteIdent(c.Name)+" "+SQLType(c.Type))
	}
	cols = append(cols, "source_file VARCHAR", "source_sheet VARCHAR", "source_line BIGINT")
	stmts := []string{
		"DROP TABLE IF EXISTS " + warehouse.QuoteIdent(t.accepted),
		"DROP TABLE IF EXISTS " + warehouse.QuoteIdent(t.rejected),
		"CREATE TABLE " + warehouse.QuoteIdent(t.accepted) + " (" + strings.Join(cols, ", ") + ")",
		"CREATE TABLE " + warehouse.QuoteIdent(t.rejected) + ` (run_id VARCHAR, source VARCHAR, period VARCHAR, file VARCHAR,
			sheet VARCHAR, line BIGINT, "column" VARCHAR, value VARCHAR, rule VARCHAR, message_zh VARCHAR, message_en VARCHAR)`,
	}
	for _, q := range stmts {
		if _, err := ing.db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// publish writes the tables to staged Parquet and stages them, with the
// manifest, in the run's transaction.
func (ing *Ingester) publish(ctx context.Context, t tables, m *warehouse.FileManifest) error {
	defer func() {
		_, _ = ing.db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+warehouse.QuoteIdent(t.accepted))
		_, _ = ing.db.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+warehouse.QuoteIdent(t.rejected))
	}()
	for _, layer := range []struct {
		target, table, order string
		rows                 int64
	}{
		{warehouse.RawTarget(m.Source, m.Period, m.FileID), t.accepted, "source_sheet, source_line", m.Accepted},
		{warehouse.QuarantineTarget(m.Source, m.Period, m.FileID), t.rejected, `sheet, line, "column", rule`, m.Quarantined},
	} {
		if layer.rows == 0 {
			ing.Tx.Remove(layer.target)
			continue
		}
		staged := ing.Tx.TempPath(filepath.Base(filepath.Dir(filepath.Dir(layer.target))) + ".parquet")
		q := fmt.Sprintf("COPY (SELECT * FROM %s ORDER BY %s) TO %s (FORMAT parquet, COMPRESSION zstd)",
			warehouse.QuoteIdent(layer.table), layer.order, warehouse.QuoteString(staged))
		if _, err := ing.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("write %s: %w", staged, err)
		}
		if err := ing.Tx.Put(staged, layer.target); err != nil {
			return err
		}
	}
	return ing.Tx.PutManifest(m)
}

package pipelines

import (
	"context"
	"database/sql"
	"encoding/csv"
	"io"
	"path/filepath"
	"strconv"

	"shequ/internal/warehouse"
	"shequ/pipelines/values"
)

// QuarantineRow is one broken rule of a rejected row, as the quarantine
// Parquet holds it (QuarantineColumns).
type QuarantineRow struct {
	RunID     string
	Source    string
	Period    string
	File      string
	Sheet     string
	Line      int64
	Column    string
	Value     string
	Rule      string
	MessageZh string
	MessageEn string
}

// QuarantineFilter selects quarantined rows; an empty field selects all.
type QuarantineFilter struct {
	Source string
	RunID  string // the run that ingested the file
}

// ReadQuarantine reads the published quarantine Parquet of a warehouse
// directly, so it works before `shequ build` and without shequ.duckdb.
// db is any DuckDB handle (an in-memory one will do); the caller keeps
// ownership of it. Rows come in order of source, period, file, sheet,
// line, column and rule.
func ReadQuarantine(ctx context.Context, db *sql.DB, w *warehouse.Warehouse, f QuarantineFilter) ([]QuarantineRow, error) {
	source := "*"
	if f.Source != "" {
		source = f.Source
	}
	glob := filepath.Join(w.Dir, "quarantine", source, "period=*", "*.parquet")
	if m, err := filepath.Glob(glob); err != nil || len(m) == 0 {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, `SELECT run_id, source, period, file, coalesce(sheet, ''), line, coalesce("column", ''),
			coalesce(value, ''), rule, message_zh, message_en
		FROM read_parquet(`+warehouse.QuoteString(glob)+`, hive_partitioning = false, union_by_name = true)
		WHERE (? = '' OR source = ?) AND (? = '' OR run_id = ?)
		ORDER BY source, period, file, sheet, line, "column", rule`, f.Source, f.Source, f.RunID, f.RunID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []QuarantineRow
	for rows.Next() {
		var q QuarantineRow
		if err := rows.Scan(&q.RunID, &q.Source, &q.Period, &q.File, &q.Sheet, &q.Line, &q.Column, &q.Value, &q.Rule, &q.MessageZh, &q.MessageEn); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, rows.Err()
}

// QuarantineCSVHeader is the header row WriteQuarantineCSV writes: Chinese
// column names for the street office that receives the file.
var QuarantineCSVHeader = []string{"文件", "工作表", "行号", "列", "原始值", "规则", "问题说明", "Problem (English)", "来源", "统计期", "运行编号"}

// WriteQuarantineCSV writes rows as CSV that Excel opens as it is: UTF-8
// with a byte-order mark, CRLF line ends, Chinese column names, the file,
// sheet and line first. A value that Excel would run as a formula (it
// starts with =, +, @, or - not followed by a number) is prefixed with an
// apostrophe.
func WriteQuarantineCSV(w io.Writer, rows []QuarantineRow) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(QuarantineCSVHeader); err != nil {
		return err
	}
	for _, q := range rows {
		rec := []string{q.File, q.Sheet, strconv.FormatInt(q.Line, 10), q.Column, q.Value, q.Rule, q.MessageZh, q.MessageEn, q.Source, q.Period, q.RunID}
		for i, s := range rec {
			rec[i] = excelSafe(s)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// excelSafe keeps Excel from reading text as a formula.
func excelSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '@', '\t', '\r':
		return "'" + s
	case '-':
		if _, err := values.ParseFloat(s, true, true); err != nil {
			return "'" + s
		}
	}
	return s
}

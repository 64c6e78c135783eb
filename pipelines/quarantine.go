package pipelines

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"shequ/internal/warehouse"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// QuarantineRow is one broken rule of a rejected row, as the quarantine
// Parquet holds it. The columns are declared once, with the quarantine
// table (schemas.Quarantine); the parquet tags bind each field to its
// column by name, for writing the Parquet and for ReadQuarantine.
type QuarantineRow struct {
	RunID     string `parquet:"run_id"`
	Source    string `parquet:"source"`
	Period    string `parquet:"period"`
	File      string `parquet:"file"`
	Sheet     string `parquet:"sheet"`
	Line      int64  `parquet:"line"`
	Column    string `parquet:"column"`
	Value     string `parquet:"value"`
	Rule      string `parquet:"rule"`
	MessageZh string `parquet:"message_zh"`
	MessageEn string `parquet:"message_en"`
}

// fields returns pointers to the fields of q bound to the columns, in
// their order; an error names a column no field is bound to.
func (q *QuarantineRow) fields(columns []string) ([]any, error) {
	v := reflect.ValueOf(q).Elem()
	byTag := map[string]int{}
	for i := range v.NumField() {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("parquet"), ",")
		byTag[name] = i
	}
	out := make([]any, len(columns))
	for i, c := range columns {
		j, ok := byTag[c]
		if !ok {
			return nil, fmt.Errorf("quarantine column %q has no field in QuarantineRow: add one with the tag parquet:%q", c, c)
		}
		out[i] = v.Field(j).Addr().Interface()
	}
	return out, nil
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
	decl := schemas.Quarantine()
	cols := decl.ColumnNames()
	if _, err := new(QuarantineRow).fields(cols); err != nil {
		return nil, err
	}
	var sel []string
	for _, c := range decl.Columns {
		if c.Type == schemas.Varchar {
			sel = append(sel, "coalesce("+schemas.QuoteName(c.Name)+", '')")
		} else {
			sel = append(sel, schemas.QuoteName(c.Name))
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+`
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
		dst, _ := q.fields(cols) // checked above
		if err := rows.Scan(dst...); err != nil {
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

package build

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/internal/warehouse"
	"shequ/schemas"
)

// selectList returns the SELECT list that reads a source's table from one
// raw Parquet file, in the table's column order: each column by name, or,
// for an optional declared column the file lacks, NULL of the column's
// type. A file lacks a column when it was written by a shequ from before
// the column was declared (facilities gained activity_area_m2 and
// self_service_terminals): such a file still builds, and the figure it
// never carried is unknown (NULL), not 0. An export without the column
// needs nothing of this: the ingest writes every declared column, NULL
// where the file has no header for it. A required column or a lineage
// column that the file lacks is an error that says to ingest the export
// again, as its rows cannot be trusted to mean what the declaration says.
func selectList(ctx context.Context, conn *sql.Conn, s *schemas.Schema, t schemas.Table, path string) (string, error) {
	rows, err := conn.QueryContext(ctx, "SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet("+warehouse.QuoteString(path)+"))")
	if err != nil {
		return "", err
	}
	has := map[string]bool{"period": true} // the period comes from the manifest
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return "", err
		}
		has[name] = true
	}
	if err := rows.Close(); err != nil {
		return "", err
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	var sel, missing []string
	for _, c := range t.Columns {
		if has[c.Name] {
			sel = append(sel, schemas.QuoteName(c.Name))
			continue
		}
		if d, ok := s.Column(c.Name); !ok || d.Required {
			missing = append(missing, c.Name)
			continue
		}
		sel = append(sel, "CAST(NULL AS "+c.Type+") AS "+schemas.QuoteName(c.Name))
	}
	if len(missing) > 0 {
		return "", fmt.Errorf("%w: %s lacks %s: ingest its export again with --force", ErrOlderParquet, path, strings.Join(missing, ", "))
	}
	return strings.Join(sel, ", "), nil
}

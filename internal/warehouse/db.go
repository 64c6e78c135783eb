package warehouse

import (
	"database/sql"
	"fmt"
	"net/url"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// OpenDB opens a DuckDB database (path "" for in-memory) with extension
// downloads switched off: shequ runs on machines without network, and only
// the extensions built into the binary (parquet, json, icu) are used.
// The caller must Close the returned *sql.DB.
func OpenDB(path string, readOnly bool) (*sql.DB, error) {
	q := url.Values{}
	q.Set("autoinstall_known_extensions", "false")
	q.Set("autoload_known_extensions", "false")
	if readOnly {
		q.Set("access_mode", "read_only")
	}
	connector, err := duckdb.NewConnector(path+"?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("open duckdb %s: %w", path, err)
	}
	return sql.OpenDB(connector), nil
}

// QuoteString quotes s as a SQL string literal, for the few places DuckDB
// takes no parameters (file paths in COPY and read_parquet).
func QuoteString(s string) string {
	out := []byte{'\''}
	for i := 0; i < len(s); i++ {
		if s[i] == '\'' {
			out = append(out, '\'')
		}
		out = append(out, s[i])
	}
	return string(append(out, '\''))
}

// QuoteIdent quotes s as a SQL identifier.
func QuoteIdent(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

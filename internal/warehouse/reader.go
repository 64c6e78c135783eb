package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Reader is a connection to a warehouse database that reads its tables
// and nothing else: the database is opened read-only, no file can be read
// or written through SQL, no extension can be installed or loaded, the
// configuration is locked, and only one SELECT statement runs per query
// (see Check). It is what `shequ query` runs a researcher's SQL on.
//
// The sandbox is DuckDB's, in an order DuckDB imposes (tried against
// DuckDB 1.5.6):
//
//   - access_mode=read_only and autoinstall/autoload_known_extensions=false
//     are set when the database is opened; the other settings are not,
//     because duckdb-go applies the options of a DSN in map order and
//     DuckDB refuses temp_directory once enable_external_access is off.
//   - temp_directory is set to a private folder, so a query that spills
//     never writes beside the database (the default is shequ.duckdb.tmp/
//     inside the warehouse).
//   - enable_external_access=false then refuses every file outside the
//     database: read_csv, read_text, read_parquet and glob of any path,
//     COPY … TO, EXPORT DATABASE, ATTACH, INSTALL and LOAD. It cannot be
//     switched back on while the database is open. allowed_directories and
//     allowed_paths would have to be set before it (DuckDB refuses them
//     afterwards, and in a DSN); none are set, as the database holds every
//     table the warehouse has and a query needs no file.
//   - lock_configuration=true comes last, since after it no setting can
//     change (SET, RESET and PRAGMA that set are refused).
//
// DuckDB still allows, with external access off, the database file, its
// write-ahead log (shequ.duckdb.wal, .wal.recovery, .wal.checkpoint) and
// the temporary folder; `COPY (…) TO 'shequ.duckdb.wal'` succeeds. Check
// therefore refuses every statement but a SELECT before it runs.
type Reader struct {
	db   *sql.DB
	conn *sql.Conn
	temp string
}

// OpenReader opens the database at path as a Reader. The caller must
// Close it.
func OpenReader(ctx context.Context, path string) (r *Reader, err error) {
	temp, err := os.MkdirTemp("", "shequ-query-")
	if err != nil {
		return nil, err
	}
	r = &Reader{temp: temp}
	defer func() {
		if err != nil {
			err = errors.Join(err, r.Close())
			r = nil
		}
	}()
	if r.db, err = OpenDB(path, true); err != nil {
		return r, err
	}
	if r.conn, err = r.db.Conn(ctx); err != nil {
		return r, fmt.Errorf("open duckdb %s: %w", path, err)
	}
	for _, q := range []string{
		"SET temp_directory = " + QuoteString(temp),
		"SET enable_external_access = false",
		"SET lock_configuration = true",
	} {
		if _, err := r.conn.ExecContext(ctx, q); err != nil {
			return r, fmt.Errorf("open duckdb %s: %s: %w", path, q, err)
		}
	}
	return r, nil
}

// Conn is the Reader's connection. It belongs to the Reader: do not close
// it. Run only statements Check accepted on it.
func (r *Reader) Conn() *sql.Conn { return r.conn }

// Close closes the connection and the database and removes the temporary
// folder.
func (r *Reader) Close() error {
	var errs []error
	if r.conn != nil {
		errs = append(errs, r.conn.Close())
	}
	if r.db != nil {
		errs = append(errs, r.db.Close())
	}
	errs = append(errs, os.RemoveAll(r.temp))
	return errors.Join(errs...)
}

// Statement describes a query that Check accepted.
type Statement struct {
	// Columns are the result's columns, in order.
	Columns []Column
}

// Column is one column of a query's result.
type Column struct {
	Name string
	// JSON is true for a column of DuckDB's JSON type: its values are JSON
	// text, to be written as nested JSON rather than as strings.
	JSON bool
}

// Check prepares query without running it and accepts it only if it is
// one statement of DuckDB's SELECT type, which includes FROM …, WITH …,
// VALUES, TABLE, DESCRIBE, SHOW, SUMMARIZE, UNPIVOT and the PRAGMAs that
// only list (PRAGMA show_tables). Anything else — COPY, EXPORT, ATTACH,
// DETACH, INSTALL, LOAD, SET, RESET, PRAGMA that sets, CALL, CREATE,
// INSERT, UPDATE, DELETE, DROP, ALTER, EXPLAIN (EXPLAIN ANALYZE runs its
// statement), transactions, or two statements — is refused with a
// *StatementError. A query DuckDB cannot prepare returns DuckDB's error,
// through Explain.
func (r *Reader) Check(ctx context.Context, query string) (*Statement, error) {
	var st *Statement
	err := r.conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		// Prepare without a context refuses two or more statements
		// instead of running all but the last, as PrepareContext does.
		ds, err := c.Prepare(query)
		if err != nil {
			var de *duckdb.Error
			if errors.As(err, &de) {
				return Explain(err)
			}
			return &StatementError{}
		}
		defer ds.Close()
		s, ok := ds.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("unexpected driver statement %T", ds)
		}
		t, err := s.StatementType()
		if err != nil {
			return err
		}
		if t != duckdb.STATEMENT_TYPE_SELECT {
			return &StatementError{Kind: statementKinds[t]}
		}
		n, err := s.ColumnCount()
		if err != nil {
			return err
		}
		st = &Statement{Columns: make([]Column, n)}
		for i := range n {
			name, err := s.ColumnName(i)
			if err != nil {
				return err
			}
			info, err := s.ColumnTypeInfo(i)
			if err != nil {
				return err
			}
			st.Columns[i] = Column{Name: name, JSON: info.Alias() == "JSON"}
		}
		return nil
	})
	return st, err
}

// Explain turns an error DuckDB gave a Reader's query (bad SQL, a missing
// table, a value that does not convert, a file the sandbox refused) into a
// *QueryError; a Permission Error — the query named a file — also wraps
// ErrFileAccess, which says why. Other errors (the machine's) come back as
// they are.
func Explain(err error) error {
	var de *duckdb.Error
	switch {
	case !errors.As(err, &de):
		return err
	case de.Type == duckdb.ErrorTypePermission:
		return &QueryError{Err: fmt.Errorf("%w\n%w", err, ErrFileAccess)}
	}
	return &QueryError{Err: err}
}

// statementKinds names the statement types Check refuses, as the user
// wrote them.
var statementKinds = map[duckdb.StmtType]string{
	duckdb.STATEMENT_TYPE_INSERT:       "INSERT",
	duckdb.STATEMENT_TYPE_UPDATE:       "UPDATE",
	duckdb.STATEMENT_TYPE_EXPLAIN:      "EXPLAIN",
	duckdb.STATEMENT_TYPE_DELETE:       "DELETE",
	duckdb.STATEMENT_TYPE_PREPARE:      "PREPARE",
	duckdb.STATEMENT_TYPE_CREATE:       "CREATE",
	duckdb.STATEMENT_TYPE_EXECUTE:      "EXECUTE",
	duckdb.STATEMENT_TYPE_ALTER:        "ALTER",
	duckdb.STATEMENT_TYPE_TRANSACTION:  "BEGIN/COMMIT/ROLLBACK",
	duckdb.STATEMENT_TYPE_COPY:         "COPY",
	duckdb.STATEMENT_TYPE_ANALYZE:      "ANALYZE",
	duckdb.STATEMENT_TYPE_VARIABLE_SET: "SET VARIABLE",
	duckdb.STATEMENT_TYPE_CREATE_FUNC:  "CREATE FUNCTION",
	duckdb.STATEMENT_TYPE_DROP:         "DROP",
	duckdb.STATEMENT_TYPE_EXPORT:       "EXPORT",
	duckdb.STATEMENT_TYPE_PRAGMA:       "PRAGMA",
	duckdb.STATEMENT_TYPE_VACUUM:       "VACUUM/ANALYZE",
	duckdb.STATEMENT_TYPE_CALL:         "CALL/CHECKPOINT",
	duckdb.STATEMENT_TYPE_SET:          "SET/RESET/USE",
	duckdb.STATEMENT_TYPE_LOAD:         "INSTALL/LOAD",
	duckdb.STATEMENT_TYPE_RELATION:     "relation",
	duckdb.STATEMENT_TYPE_EXTENSION:    "extension",
	duckdb.STATEMENT_TYPE_LOGICAL_PLAN: "logical plan",
	duckdb.STATEMENT_TYPE_ATTACH:       "ATTACH",
	duckdb.STATEMENT_TYPE_DETACH:       "DETACH",
	duckdb.STATEMENT_TYPE_MULTI:        "multi-statement",
}

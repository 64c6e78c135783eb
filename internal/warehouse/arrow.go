//go:build duckdb_arrow

package warehouse

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"
)

// ScanArrow runs query on conn with args bound to it and hands fn the
// result as Arrow record batches, through duckdb-go's Arrow interface (one
// batch per DuckDB vector, 2,048 rows). The reader and every batch it
// yields belong to ScanArrow and are released when fn returns: fn must not
// Release them, and must Retain (and later Release) a batch it keeps, or
// copy what it keeps — strings read from a batch point into its buffers.
// ScanArrow returns fn's error, else the reader's.
//
// It needs the duckdb_arrow build tag (make build and make test set it).
func ScanArrow(ctx context.Context, conn *sql.Conn, query string, args []any, fn func(array.RecordReader) error) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		a, err := duckdb.NewArrowFromConn(c)
		if err != nil {
			return err
		}
		rdr, err := a.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rdr.Release()
		if err := fn(rdr); err != nil {
			return err
		}
		return rdr.Err()
	})
}

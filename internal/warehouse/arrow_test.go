//go:build duckdb_arrow

package warehouse

import (
	"context"
	"errors"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"
)

// TestScanArrow reads 5,000 rows, more than two DuckDB vectors of 2,048,
// with a bound argument, and checks fn's error comes back.
func TestScanArrow(t *testing.T) {
	ctx := context.Background()
	db, err := OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const q = "SELECT i, i::VARCHAR AS s FROM range(?) t(i)"
	var rows, sum int64
	var batches int
	err = ScanArrow(ctx, conn, q, []any{5000}, func(rdr array.RecordReader) error {
		for rdr.Next() {
			rec := rdr.RecordBatch()
			batches++
			rows += rec.NumRows()
			for _, v := range rec.Column(0).(*array.Int64).Int64Values() {
				sum += v
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// 0 + 1 + … + 4999 = 4999·5000/2 = 12,497,500, in ⌈5000/2048⌉ = 3 batches.
	if rows != 5000 || sum != 12497500 || batches != 3 {
		t.Errorf("%d rows summing to %d in %d batches, want 5000, 12497500, 3", rows, sum, batches)
	}
	stop := errors.New("stop")
	if err := ScanArrow(ctx, conn, q, []any{10}, func(array.RecordReader) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: got %v, want %v", err, stop)
	}
	// The connection is free again after an early stop.
	var n int
	if err := conn.QueryRowContext(ctx, "SELECT 42").Scan(&n); err != nil || n != 42 {
		t.Errorf("query after ScanArrow: %d, %v", n, err)
	}
}

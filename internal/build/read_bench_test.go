package build

import (
	"context"
	"os"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"shequ/internal/warehouse"
)

// BenchmarkRead compares the two ways of handing the Go measures their
// columns on a built database: row by row with database/sql Scan, as the
// build did before, and as Arrow batches, as it does now. It needs a
// database, such as the national benchmark's:
//
//	SHEQU_BENCH_DB=/tmp/shequ-national/warehouse/shequ.duckdb \
//	  go test -tags duckdb_arrow -run '^$' -bench Read -benchtime 5x ./internal/build/
func BenchmarkRead(b *testing.B) {
	path := os.Getenv("SHEQU_BENCH_DB")
	if path == "" {
		b.Skip("SHEQU_BENCH_DB names no database")
	}
	ctx := context.Background()
	db, err := warehouse.OpenDB(path, true)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// The resident points (4 VARCHAR and 3 DOUBLE columns), and one
	// indicator's values for equalization (4 VARCHAR, 2 DOUBLE).
	for _, q := range []struct {
		name, sql string
		args      []any
		strs      int
	}{
		{"resident points", residentPointsSQL, nil, 4},
		{"equalization values", equalizeSQL, []any{"centres_per_10k"}, 4},
	} {
		b.Run(q.name+"/scan", func(b *testing.B) {
			for b.Loop() {
				rows, err := conn.QueryContext(ctx, q.sql, q.args...)
				if err != nil {
					b.Fatal(err)
				}
				s := make([]string, q.strs)
				f := make([]float64, 3)
				dest := []any{&s[0], &s[1], &s[2], &s[3], &f[0], &f[1], &f[2]}
				cols, _ := rows.Columns()
				dest = dest[:len(cols)]
				n := 0
				for rows.Next() {
					if err := rows.Scan(dest...); err != nil {
						b.Fatal(err)
					}
					n++
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				rows.Close()
				b.ReportMetric(float64(n), "rows")
			}
		})
		b.Run(q.name+"/arrow", func(b *testing.B) {
			for b.Loop() {
				n := 0
				err := warehouse.ScanArrow(ctx, conn, q.sql, q.args, func(rdr array.RecordReader) error {
					// Every value is read, as Scan reads every value.
					var bytes int
					var sum float64
					for rdr.Next() {
						rec := rdr.RecordBatch()
						for i := range q.strs {
							s, err := stringCol(rec, i)
							if err != nil {
								return err
							}
							for j := range s.Len() {
								bytes += len(s.Value(j))
							}
						}
						for i := q.strs; i < int(rec.NumCols()); i++ {
							f, err := floatCol(rec, i)
							if err != nil {
								return err
							}
							for _, v := range f {
								sum += v
							}
						}
						n += int(rec.NumRows())
					}
					if bytes == 0 || sum == 0 {
						b.Fatal("nothing read")
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "rows")
			}
		})
	}
	b.Run("resident points/arrow collected", func(b *testing.B) {
		for b.Loop() {
			err := warehouse.ScanArrow(ctx, conn, residentPointsSQL, nil, func(rdr array.RecordReader) error {
				const str, f64 = arrow.STRING, arrow.FLOAT64
				cols, err := collect(rdr, memory.DefaultAllocator, str, str, str, str, f64, f64, f64)
				release(cols)
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	})
}

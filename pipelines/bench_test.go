package pipelines

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"shequ/internal/samplegen"
	"shequ/internal/warehouse"
	"shequ/schemas"
)

// BenchmarkIngestPersons ingests a generated person-level census of
// 500,000 rows (about 47 MB) in UTF-8 and GBK, and
// in each iteration also times DuckDB's own COPY of the UTF-8 file to
// Parquet: x_copy is the ratio of the two (the goal at 10 million rows,
// measured by bench/ingest.sh, is 1.5 for UTF-8 and 2 for GBK).
func BenchmarkIngestPersons(b *testing.B) {
	const persons = 500_000
	dir := b.TempDir()
	files := map[string]string{}
	for _, enc := range []string{"utf-8", "gbk"} {
		out := filepath.Join(dir, enc)
		if _, err := samplegen.Generate(context.Background(), samplegen.Options{Out: out, Seed: 1, Persons: persons, PersonsEncoding: enc}); err != nil {
			b.Fatal(err)
		}
		files[enc] = filepath.Join(out, "persons", "人口个案.csv")
	}
	set, err := schemas.Load()
	if err != nil {
		b.Fatal(err)
	}
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	copyQuery := "COPY (FROM read_csv(" + warehouse.QuoteString(files["utf-8"]) + ")) TO " +
		warehouse.QuoteString(filepath.Join(dir, "copy.parquet")) + " (FORMAT parquet)"
	for _, enc := range []string{"utf-8", "gbk"} {
		b.Run(enc, func(b *testing.B) {
			var copyTime, ingestTime time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := db.Exec(copyQuery); err != nil {
					b.Fatal(err)
				}
				copyTime += time.Since(start)
				ing := newIngesterWith(b, set)
				start = time.Now()
				res, err := ing.File(context.Background(), Input{Source: "census_persons", Period: "2020", Path: files[enc]})
				if err != nil {
					b.Fatal(err)
				}
				ingestTime += time.Since(start)
				if res.Manifest.Accepted != persons {
					b.Fatalf("accepted %d of %d rows", res.Manifest.Accepted, persons)
				}
				ing.Tx.Rollback()
			}
			b.ReportMetric(ingestTime.Seconds()/copyTime.Seconds(), "x_copy")
			b.ReportMetric(float64(persons)*float64(b.N)/ingestTime.Seconds(), "rows/s")
		})
	}
}

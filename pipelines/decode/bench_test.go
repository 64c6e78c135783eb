package decode

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// benchSize is roughly how large the generated census file is.
const benchSize = 50 << 20

// writeCensus writes about benchSize bytes of census-like CSV to path,
// through encode when it is not nil.
func writeCensus(path string, encode transform.Transformer) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	var w io.Writer = f
	var tw io.WriteCloser
	if encode != nil {
		tw = transform.NewWriter(f, encode)
		w = tw
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	fmt.Fprintln(bw, "编号,街道,社区,常住人口(人),户数,面积(平方公里),统计日期,备注")
	for i, n := 0, 0; n < benchSize; i++ {
		m, err := fmt.Fprintf(bw, "%d,东城区第%d街道,和平里第%d社区,\"%d,%03d\",%d,%d.%02d,2015-12-31,\"含流动人口, 不含部队\"\n",
			i, i%37, i%211, i%97+1, i%1000, i%5000, i%90, i%100)
		if err != nil {
			f.Close()
			return 0, err
		}
		n += m
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	if tw != nil {
		if err := tw.Close(); err != nil {
			f.Close()
			return 0, err
		}
	}
	if err := f.Close(); err != nil {
		return 0, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// BenchmarkDecodeCSV reads a generated ~50 MB census file in UTF-8 and in
// GBK, with the encoding and delimiter detected. Run it with
//
//	go test -run='^$' -bench=DecodeCSV ./pipelines/decode/
func BenchmarkDecodeCSV(b *testing.B) {
	for _, bench := range []struct {
		name   string
		encode transform.Transformer
	}{
		{"utf-8", nil},
		{"gbk", simplifiedchinese.GBK.NewEncoder()},
	} {
		b.Run(bench.name, func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "census.csv")
			size, err := writeCensus(path, bench.encode)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				r, err := Open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				records := 0
				for {
					_, err := r.Next()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					records++
				}
				if err := r.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(records), "records/op")
			}
		})
	}
}

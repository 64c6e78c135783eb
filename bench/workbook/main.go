//go:build unix

// Command workbook measures what reading a large workbook through
// decode.Open and Next costs: it writes census-like workbooks of the given
// numbers of data rows with excelize's StreamWriter (12 columns, a two-row
// header with merged cells, the street merged down over its communities'
// rows), reads each in a child process of itself and reports the records
// read, the wall time and the child's peak resident memory (its rusage
// Maxrss). See BENCHMARKS.md.
//
//	go run ./bench/workbook [--dir DIR] [ROWS...]   default: 300000 1000000 2000000
//
// A sheet holds at most 1,048,576 rows, so a workbook of more than
// 1,000,000 data rows is split into sheets of 1,000,000. The workbooks are
// written once to DIR (default $BENCH_DIR/workbook or
// /tmp/shequ-bench/workbook) and reused.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/decode"
)

// sheetRows is the number of data rows per sheet.
const sheetRows = 1_000_000

// streetRows is how many rows of one street the street cell is merged over.
const streetRows = 50

func main() {
	read := flag.String("read", "", "read this workbook and print its record count (the child process)")
	dir := flag.String("dir", "", "folder for the generated workbooks")
	flag.Parse()
	if *read != "" {
		n, err := readAll(*read)
		if err != nil {
			fmt.Fprintln(os.Stderr, "workbook:", err)
			os.Exit(1)
		}
		fmt.Println(n)
		return
	}
	if *dir == "" {
		base := os.Getenv("BENCH_DIR")
		if base == "" {
			base = filepath.Join(os.TempDir(), "shequ-bench")
		}
		*dir = filepath.Join(base, "workbook")
	}
	sizes := []int{300_000, 1_000_000, 2_000_000}
	if flag.NArg() > 0 {
		sizes = sizes[:0]
		for _, a := range flag.Args() {
			n, err := strconv.Atoi(a)
			if err != nil || n < 1 {
				fmt.Fprintf(os.Stderr, "workbook: %q is not a number of rows\n", a)
				os.Exit(2)
			}
			sizes = append(sizes, n)
		}
	}
	if err := run(*dir, sizes, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "workbook:", err)
		os.Exit(1)
	}
}

// run generates a workbook per size when missing and reads each in a child
// process, printing one line per size.
func run(dir string, sizes []int, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%10s %6s %8s %10s %8s %12s\n", "rows", "sheets", "file_mb", "records", "wall_s", "peak_rss_mb")
	for _, n := range sizes {
		path := filepath.Join(dir, fmt.Sprintf("census-%d.xlsx", n))
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			if err := generate(path, n); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		} else if err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		cmd := exec.Command(self, "--read", path)
		cmd.Stderr = os.Stderr
		start := time.Now()
		b, err := cmd.Output()
		wall := time.Since(start)
		if err != nil {
			return fmt.Errorf("reading %s: %w", path, err)
		}
		records, err := strconv.Atoi(string(b[:len(b)-1]))
		if err != nil {
			return fmt.Errorf("reading %s: child printed %q", path, b)
		}
		sheets := (n + sheetRows - 1) / sheetRows
		// Every sheet has its two header rows.
		if want := n + 2*sheets; records != want {
			return fmt.Errorf("reading %s: %d records, want %d", path, records, want)
		}
		fmt.Fprintf(out, "%10d %6d %8.1f %10d %8.1f %12.0f\n", n, sheets, float64(st.Size())/(1<<20), records,
			wall.Seconds(), float64(maxRSS(cmd.ProcessState))/(1<<20))
	}
	return nil
}

// maxRSS returns the peak resident memory of a finished process, in bytes.
func maxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return int64(ru.Maxrss) // bytes there
	}
	return int64(ru.Maxrss) << 10 // KiB on Linux and the BSDs
}

// readAll reads every record of the workbook at path.
func readAll(path string) (int, error) {
	r, err := decode.Open(path, decode.Options{})
	if err != nil {
		return 0, err
	}
	defer r.Close()
	n := 0
	for {
		_, err := r.Next()
		if errors.Is(err, io.EOF) {
			return n, r.Close()
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// header is the two-row header: A–C, J–L are merged down over both rows,
// D–F under 人口（人） and G–I under 年龄结构（人）.
var header = [2][]any{
	{"街道", "社区", "社区代码", "人口（人）", nil, nil, "年龄结构（人）", nil, nil, "户数", "面积(平方公里)", "统计日期"},
	{nil, nil, nil, "户籍", "非户籍", "常住", "0-14岁", "15-59岁", "60岁及以上", nil, nil, nil},
}

// headerMerges are the merged ranges of the header.
var headerMerges = [][2]string{
	{"A1", "A2"}, {"B1", "B2"}, {"C1", "C2"}, {"D1", "F1"}, {"G1", "I1"}, {"J1", "J2"}, {"K1", "K2"}, {"L1", "L2"},
}

// generate writes a workbook of n data rows to path.
func generate(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	stamp := time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)
	for s := 0; s*sheetRows < n; s++ {
		name := fmt.Sprintf("人口%d", s+1)
		if s == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		for i, h := range header {
			if err := sw.SetRow(fmt.Sprintf("A%d", i+1), h); err != nil {
				return err
			}
		}
		for _, m := range headerMerges {
			if err := sw.MergeCell(m[0], m[1]); err != nil {
				return err
			}
		}
		rows := min(sheetRows, n-s*sheetRows)
		vals := make([]any, 12)
		for i := range rows {
			k := s*sheetRows + i
			line := i + 3
			street := k / streetRows
			if i%streetRows == 0 {
				vals[0] = fmt.Sprintf("第%d街道", street)
				if last := min(line+streetRows-1, rows+2); last > line {
					if err := sw.MergeCell(fmt.Sprintf("A%d", line), fmt.Sprintf("A%d", last)); err != nil {
						return err
					}
				}
			} else {
				vals[0] = nil
			}
			reg, non := 1000+k%5000, k%3000
			young, old := (reg+non)/6, (reg+non)/5
			vals[1] = fmt.Sprintf("和平里第%d社区", k%211)
			vals[2] = fmt.Sprintf("%012d", 440305000000+k)
			vals[3], vals[4], vals[5] = reg, non, reg+non
			vals[6], vals[7], vals[8] = young, reg+non-young-old, old
			vals[9] = (reg + non) / 3
			vals[10] = float64(k%900)/100 + 0.5
			vals[11] = excelize.Cell{StyleID: date, Value: stamp}
			if err := sw.SetRow(fmt.Sprintf("A%d", line), vals); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

//go:build unix

// Command workbook measures what reading a large workbook through
// decode.Open and Next costs: it writes census-like workbooks of the given
// numbers of data rows with excelize's StreamWriter (12 columns, a two-row
// header with merged cells, the street merged down over its communities'
// rows), reads each in a child process of itself and reports the records
// read, the wall time and the child's peak resident memory (its rusage
// Maxrss). See BENCHMARKS.md.
//
//	go run ./bench/workbook [--dir DIR] [--shared-strings] [ROWS...]   default: 300000 1000000 2000000
//	go run ./bench/workbook --ingest BIN [--dir DIR] [ROWS...]          default: 1000000
//
// With --ingest, it writes a person-level workbook instead
// (decodetest.PersonWorkbook, as pipelines' TestMillionRowWorkbook: a title
// and a merged two-row header, one distinct identity number per row) and runs `BIN ingest --source
// census_persons` on it in a child process, reporting the whole ingest's
// wall time and peak memory: every row is read, typed, hashed and written
// to Parquet.
//
// StreamWriter writes text as inline strings. Excel and WPS keep text in
// the workbook's shared-string table instead, which excelize reads
// differently (into memory up to 16 MiB, else through a temporary file and
// an offset per string), so --shared-strings writes the same rows that way:
// the skeleton of the package from excelize, the worksheets and the table
// written here as XML.
//
// A sheet holds at most 1,048,576 rows, so a workbook of more than
// 1,000,000 data rows is split into sheets of 1,000,000. The workbooks are
// written once to DIR (default $BENCH_DIR/workbook or
// /tmp/shequ-bench/workbook) and reused.
package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
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
	"strings"
	"syscall"
	"time"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/decode"
	"shequ/pipelines/decode/decodetest"
)

// sheetRows is the number of data rows per sheet.
const sheetRows = 1_000_000

// streetRows is how many rows of one street the street cell is merged over.
const streetRows = 50

func main() {
	read := flag.String("read", "", "read this workbook and print its record count (a child process)")
	write := flag.String("write", "", "write a workbook of --rows data rows here (a child process)")
	rows := flag.Int("rows", 0, "with --write: the number of data rows")
	dir := flag.String("dir", "", "folder for the generated workbooks")
	shared := flag.Bool("shared-strings", false, "keep text in a shared-string table, as Excel does")
	ingest := flag.String("ingest", "", "measure `shequ ingest` (this binary) of a person-level workbook instead")
	flag.Parse()
	gen, prefix := generate, "census"
	if *shared {
		gen, prefix = generateShared, "census-shared"
	}
	switch {
	case *read != "":
		n, err := readAll(*read)
		if err != nil {
			fmt.Fprintln(os.Stderr, "workbook:", err)
			os.Exit(1)
		}
		fmt.Println(n)
		return
	case *write != "" && *ingest != "":
		if err := decodetest.PersonWorkbook(*write, *rows, 0); err != nil {
			fmt.Fprintf(os.Stderr, "workbook: %s: %v\n", *write, err)
			os.Exit(1)
		}
		return
	case *write != "":
		if err := gen(*write, *rows); err != nil {
			fmt.Fprintf(os.Stderr, "workbook: %s: %v\n", *write, err)
			os.Exit(1)
		}
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
	if *ingest != "" {
		sizes = []int{1_000_000}
	}
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
	if *ingest != "" {
		if err := runIngest(*dir, *ingest, sizes, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "workbook:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*dir, prefix, *shared, sizes, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "workbook:", err)
		os.Exit(1)
	}
}

// run generates a workbook per size when missing and reads each, both in
// child processes, printing one line per size. Each runs in a process of
// its own because Linux counts in a child's peak memory that of the
// process it was started from (the memory it shared until exec), so the
// process that starts the reader must stay small.
func run(dir, prefix string, shared bool, sizes []int, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%10s %6s %8s %10s %8s %12s\n", "rows", "sheets", "file_mb", "records", "wall_s", "peak_rss_mb")
	for _, n := range sizes {
		path := filepath.Join(dir, fmt.Sprintf("%s-%d.xlsx", prefix, n))
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			cmd := exec.Command(self, "--write", path, "--rows", strconv.Itoa(n), "--shared-strings="+strconv.FormatBool(shared))
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("writing %s: %w", path, err)
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

// stamp is the date of every row: 统计日期 2020-11-01.
var stamp = time.Date(2020, 11, 1, 0, 0, 0, 0, time.UTC)

// censusRow fills vals (12 cells) with data row i of a sheet, the k-th of
// the workbook; the street is set on the first row of its street only,
// the others being covered by the merged range that starts there. date is
// the value of the last cell.
func censusRow(vals []any, k, i int, date any) {
	vals[0] = nil
	if i%streetRows == 0 {
		vals[0] = fmt.Sprintf("第%d街道", k/streetRows)
	}
	reg, non := 1000+k%5000, k%3000
	young, old := (reg+non)/6, (reg+non)/5
	vals[1] = fmt.Sprintf("和平里第%d社区", k%211)
	vals[2] = fmt.Sprintf("%012d", 440305000000+k)
	vals[3], vals[4], vals[5] = reg, non, reg+non
	vals[6], vals[7], vals[8] = young, reg+non-young-old, old
	vals[9] = (reg + non) / 3
	vals[10] = float64(k%900+50) / 100
	vals[11] = date
}

// streetMerge returns the last row of the street whose first data row is
// line, in a sheet of rows data rows under the two header rows; it is
// line itself for a street of one row.
func streetMerge(line, rows int) int { return min(line+streetRows-1, rows+2) }

// generate writes a workbook of n data rows to path with StreamWriter.
func generate(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
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
			line := i + 3
			censusRow(vals, s*sheetRows+i, i, excelize.Cell{StyleID: date, Value: stamp})
			if last := streetMerge(line, rows); vals[0] != nil && last > line {
				if err := sw.MergeCell(fmt.Sprintf("A%d", line), fmt.Sprintf("A%d", last)); err != nil {
					return err
				}
			}
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

// generateShared writes the workbook generate writes, with its text in a
// shared-string table: excelize makes the package (a sheet per million
// rows, each with one shared string so that the table and its
// relationship exist, and the date style), and the worksheets and the
// table are written here.
func generateShared(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	sheets := (n + sheetRows - 1) / sheetRows
	for s := range sheets {
		name := fmt.Sprintf("人口%d", s+1)
		if s == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		if err := f.SetCellStr(name, "A1", "街道"); err != nil {
			return err
		}
	}
	skel, err := f.WriteToBuffer()
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(bytes.NewReader(skel.Bytes()), int64(skel.Len()))
	if err != nil {
		return err
	}
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	bw := bufio.NewWriterSize(out, 1<<20)
	zw := zip.NewWriter(bw)

	index := map[string]int{}
	var table []string
	intern := func(s string) int {
		i, ok := index[s]
		if !ok {
			i = len(table)
			index[s] = i
			table = append(table, s)
		}
		return i
	}
	serial := stamp.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24 // Excel's day number
	for _, zf := range zr.File {
		var s int
		switch {
		case zf.Name == "xl/sharedStrings.xml":
			continue // written last, when every string is known
		case strings.HasPrefix(zf.Name, "xl/worksheets/sheet"):
			if _, err := fmt.Sscanf(zf.Name, "xl/worksheets/sheet%d.xml", &s); err != nil {
				return fmt.Errorf("%s: %w", zf.Name, err)
			}
		default:
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			return err
		}
		if err := writeSheet(w, s-1, min(sheetRows, n-(s-1)*sheetRows), date, serial, intern); err != nil {
			return err
		}
	}
	w, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	sw := bufio.NewWriter(w)
	fmt.Fprintf(sw, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(table), len(table))
	for _, t := range table {
		sw.WriteString("<si><t>")
		xml.EscapeText(sw, []byte(t))
		sw.WriteString("</t></si>")
	}
	sw.WriteString("</sst>")
	if err := sw.Flush(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return out.Close()
}

// columns are the letters of the 12 columns.
const columns = "ABCDEFGHIJKL"

// writeSheet writes the worksheet XML of sheet s (0-based) of rows data
// rows, text as indexes that intern gives, dates as the day number serial
// in style date.
func writeSheet(w io.Writer, s, rows, date int, serial float64, intern func(string) int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	cell := func(col int, line int, v any) {
		switch v := v.(type) {
		case nil:
		case string:
			fmt.Fprintf(bw, `<c r="%c%d" t="s"><v>%d</v></c>`, columns[col], line, intern(v))
		case int:
			fmt.Fprintf(bw, `<c r="%c%d"><v>%d</v></c>`, columns[col], line, v)
		case float64:
			fmt.Fprintf(bw, `<c r="%c%d"><v>%s</v></c>`, columns[col], line, strconv.FormatFloat(v, 'f', -1, 64))
		case time.Time:
			fmt.Fprintf(bw, `<c r="%c%d" s="%d"><v>%s</v></c>`, columns[col], line, date, strconv.FormatFloat(serial, 'f', -1, 64))
		}
	}
	for i, h := range header {
		fmt.Fprintf(bw, `<row r="%d">`, i+1)
		for c, v := range h {
			cell(c, i+1, v)
		}
		bw.WriteString("</row>")
	}
	merges := make([]string, 0, len(headerMerges)+rows/streetRows+1)
	for _, m := range headerMerges {
		merges = append(merges, m[0]+":"+m[1])
	}
	vals := make([]any, 12)
	for i := range rows {
		line := i + 3
		censusRow(vals, s*sheetRows+i, i, stamp)
		if last := streetMerge(line, rows); vals[0] != nil && last > line {
			merges = append(merges, fmt.Sprintf("A%d:A%d", line, last))
		}
		fmt.Fprintf(bw, `<row r="%d">`, line)
		for c, v := range vals {
			cell(c, line, v)
		}
		bw.WriteString("</row>")
	}
	fmt.Fprintf(bw, `</sheetData><mergeCells count="%d">`, len(merges))
	for _, m := range merges {
		fmt.Fprintf(bw, `<mergeCell ref="%s"/>`, m)
	}
	bw.WriteString("</mergeCells></worksheet>")
	return bw.Flush()
}

// runIngest writes a person-level workbook per size when missing and runs
// shequ's ingest of it in a child process, printing one line per size.
func runIngest(dir, shequ string, sizes []int, out io.Writer) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%10s %8s %10s %8s %12s\n", "rows", "file_mb", "accepted", "wall_s", "peak_rss_mb")
	for _, n := range sizes {
		path := filepath.Join(dir, fmt.Sprintf("persons-%d.xlsx", n))
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			cmd := exec.Command(self, "--ingest", shequ, "--write", path, "--rows", strconv.Itoa(n))
			cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
			if err := cmd.Run(); err != nil {
				return fmt.Errorf("writing %s: %w", path, err)
			}
		} else if err != nil {
			return err
		}
		st, err := os.Stat(path)
		if err != nil {
			return err
		}
		wh, err := os.MkdirTemp(dir, "wh-")
		if err != nil {
			return err
		}
		cmd := exec.Command(shequ, "ingest", "--warehouse", filepath.Join(wh, "wh"), "--source", "census_persons", "--period", "2020", "--json", path)
		cmd.Env = append(os.Environ(), "SHEQU_PII_KEY=a key for the benchmark only, 32b")
		cmd.Stderr = os.Stderr
		start := time.Now()
		b, err := cmd.Output()
		wall := time.Since(start)
		os.RemoveAll(wh)
		if err != nil {
			return fmt.Errorf("ingesting %s: %w", path, err)
		}
		accepted := "?"
		if i := bytes.Index(b, []byte(`"accepted": `)); i >= 0 {
			rest := b[i+len(`"accepted": `):]
			accepted = string(rest[:bytes.IndexAny(rest, ",\n}")])
		}
		fmt.Fprintf(out, "%10d %8.1f %10s %8.1f %12.0f\n", n, float64(st.Size())/(1<<20), accepted,
			wall.Seconds(), float64(maxRSS(cmd.ProcessState))/(1<<20))
	}
	return nil
}

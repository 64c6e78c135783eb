package samplegen

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"shequ/internal/census2020"
	"shequ/internal/divisions"
	"shequ/pipelines/values"
	"shequ/standards"
)

// Options says where and how to generate the sample.
type Options struct {
	Out   string  // output directory; created if missing, existing files of the same names are replaced
	Seed  int64   // random seed: the same seed gives the same files
	Scale float64 // 1 = published size (0 means 1); multiplies populations and the rows derived from them

	// Persons, when above 0, also writes persons/人口个案.csv: a
	// person-level census of 2020 with exactly Persons rows, for benchmarks.
	// It is streamed, so any size takes the same memory, and it is not
	// listed in shequ.yaml.
	Persons int
	// PersonsEncoding is the encoding of the person file: "utf-8" (or "",
	// the default) or "gbk".
	PersonsEncoding string
}

// Summary is what Generate wrote.
type Summary struct {
	Files   []File   // in the order written
	BadRows []BadRow // the rows injected to be rejected by ingest
}

// File is one written file.
type File struct {
	Path string // relative to Options.Out, slash-separated: "2015/网格.csv"
	Rows int    // data rows, headers and title rows excluded, bad rows included
}

// markLine is the first line of every CSV export and the first row of
// every sheet: the synthetic-data mark the ingest reads
// (values.SyntheticMark), so that every report built on the sample
// says the data is synthetic. It names no place, so the title rows below
// it still give a file's area.
const markLine = values.SyntheticMark + "本文件由 shequ gen 生成，数字均为虚构，仅供测试与演示"

// csvDataLine is the line of a CSV export's first data row: the mark,
// the header, then the rows.
const csvDataLine = 3

// BadRow is one row injected to be rejected.
type BadRow struct {
	File    string // as in File.Path
	Line    int    // 1-based line of a CSV file, or row of a workbook sheet
	Problem string // the rule the row breaks
}

// Generate writes the sample exports for 2015 and 2020, shequ.yaml and
// README.txt under opts.Out. Each file is written to a temporary name and
// renamed into place, so a reader never sees half a file.
func Generate(ctx context.Context, opts Options) (Summary, error) {
	if opts.Out == "" {
		return Summary{}, fmt.Errorf("%w: no output directory", ErrOptions)
	}
	if opts.Scale == 0 {
		opts.Scale = 1
	}
	if opts.Scale < 0 || math.IsNaN(opts.Scale) || math.IsInf(opts.Scale, 0) {
		return Summary{}, fmt.Errorf("%w: scale %v is not a positive number", ErrOptions, opts.Scale)
	}
	if opts.Persons < 0 {
		return Summary{}, fmt.Errorf("%w: persons %d is negative", ErrOptions, opts.Persons)
	}
	personsGBK, err := parsePersonsEncoding(opts.PersonsEncoding)
	if err != nil {
		return Summary{}, err
	}
	plans, err := buildPlans(opts.Seed, opts.Scale)
	if err != nil {
		return Summary{}, err
	}

	orgs := drawOrgs(plans, opts.Seed)
	w := &writer{out: opts.Out}
	for i, year := range periods {
		if err := ctx.Err(); err != nil {
			return Summary{}, err
		}
		dir := strconv.Itoa(year)
		if err := os.MkdirAll(filepath.Join(opts.Out, dir), 0o755); err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "社区名录.csv"), headerCommunities, communityTable(plans), csvOptions{bom: true}); err != nil {
			return Summary{}, err
		}
		for k, p := range plans {
			o := csvOptions{}
			switch p.m.format {
			case gbkPlain:
				o.gbk = true
			case utf8CRLF:
				o.crlf = true
			}
			if err := w.csv(path.Join(dir, p.m.censusFile), headerCensus, censusTable(p, i, opts.Seed, k == 0), o); err != nil {
				return Summary{}, err
			}
		}
		if err := w.xlsx(path.Join(dir, "服务设施.xlsx"), facilitySpec(year, facilitySheet(plans, i, opts.Seed))); err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "社区工作力量.csv"), headerStaff, staffTable(plans, i, opts.Seed), csvOptions{}); err != nil {
			return Summary{}, err
		}
		grid, grids, err := gridTable(plans, i, opts.Seed)
		if err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "网格.csv"), headerGrid, grid, csvOptions{}); err != nil {
			return Summary{}, err
		}
		funding, err := fundingTable(plans, i, opts.Seed)
		if err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "资金项目.csv"), headerFunding, funding, csvOptions{}); err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "社区活动.csv"), headerActivities, activityTable(plans, i, opts.Seed), csvOptions{}); err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "网格事件.csv"), headerEvents, eventTable(plans, grids, i, opts.Seed), csvOptions{}); err != nil {
			return Summary{}, err
		}
		if err := w.csv(path.Join(dir, "满意度调查.csv"), headerSurvey, surveyTable(plans, i, opts.Seed), csvOptions{bom: true}); err != nil {
			return Summary{}, err
		}
		if err := w.civic(plans, orgs, i, opts.Seed); err != nil {
			return Summary{}, err
		}
		if err := w.xlsx(path.Join(dir, affairsFile), affairsSpec(year, affairsSheet(plans, i, opts.Seed))); err != nil {
			return Summary{}, err
		}
	}
	if err := os.MkdirAll(filepath.Join(opts.Out, "standards"), 0o755); err != nil {
		return Summary{}, err
	}
	plan, _, err := standards.Example(jiangsuPlan)
	if err != nil {
		return Summary{}, err
	}
	if err := w.text(path.Join("standards", jiangsuPlan), string(plan)); err != nil {
		return Summary{}, err
	}
	if err := w.text("shequ.yaml", configYAML(plans)); err != nil {
		return Summary{}, err
	}
	if err := w.text("README.txt", readme); err != nil {
		return Summary{}, err
	}
	if err := w.text(piiKeyFile, piiKey); err != nil {
		return Summary{}, err
	}
	if opts.Persons > 0 {
		if err := os.MkdirAll(filepath.Join(opts.Out, path.Dir(personsFile)), 0o755); err != nil {
			return Summary{}, err
		}
		err := w.publish(personsFile, opts.Persons, func(f *os.File) error {
			return writePersons(ctx, f, plans, int64(opts.Persons), personsGBK, opts.Seed)
		})
		if err != nil {
			return Summary{}, err
		}
	}
	return w.summary, nil
}

// buildPlans draws every model's communities, populations and facilities.
func buildPlans(seed int64, scale float64) ([]*modelPlan, error) {
	ix, err := divisions.Load()
	if err != nil {
		return nil, err
	}
	census, err := census2020.Load()
	if err != nil {
		return nil, err
	}
	var plans []*modelPlan
	for _, m := range models() {
		p, err := buildModel(m, ix, census, seed, scale)
		if err != nil {
			return nil, err
		}
		plans = append(plans, p)
	}
	return plans, nil
}

type csvOptions struct {
	bom  bool // start with a UTF-8 byte-order mark
	crlf bool // end lines with CRLF
	gbk  bool // encode as GBK
}

// writer writes files under out and records them in summary.
type writer struct {
	out     string
	summary Summary
}

func (w *writer) csv(name string, header []string, rows []row, o csvOptions) error {
	var buf bytes.Buffer
	if o.bom {
		buf.WriteString("\ufeff")
	}
	cw := csv.NewWriter(&buf)
	cw.UseCRLF = o.crlf
	if err := cw.Write([]string{markLine}); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	for k, r := range rows {
		if err := cw.Write(r.cells); err != nil {
			return fmt.Errorf("%s line %d: %w", name, k+csvDataLine, err)
		}
		if r.problem != "" {
			w.summary.BadRows = append(w.summary.BadRows, BadRow{File: name, Line: k + csvDataLine, Problem: r.problem})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	data := buf.Bytes()
	if o.gbk {
		enc, err := simplifiedchinese.GBK.NewEncoder().Bytes(data)
		if err != nil {
			return fmt.Errorf("%s: encoding as GBK: %w", name, err)
		}
		data = enc
	}
	return w.publish(name, len(rows), func(f *os.File) error {
		_, err := f.Write(data)
		return err
	})
}

func (w *writer) text(name, content string) error {
	return w.publish(name, 0, func(f *os.File) error {
		_, err := f.WriteString(content)
		return err
	})
}

// Every workbook's layout: the synthetic-data mark, a merged title row, a
// reporting-unit row, then the header on sheetHeaderRow.
const (
	sheetTitleRow  = 2
	sheetHeaderRow = 4
)

// cell is one typed cell of a generated workbook: text, a number written
// with prec decimals (prec < 0: a whole number), a date, or nothing.
type cell struct {
	text  string
	num   float64
	prec  int
	isNum bool
	date  time.Time // when not zero: an Excel date, shown in the reader's locale
	empty bool
}

func textCell(s string) cell                { return cell{text: s} }
func floatCell(v float64, prec int) cell    { return cell{num: v, prec: prec, isNum: true} }
func intCell(v int64) cell                  { return cell{num: float64(v), prec: -1, isNum: true} }
func optionalFloat(v float64, ok bool) cell { return cell{num: v, prec: 1, isNum: true, empty: !ok} }
func dateCell(t time.Time) cell             { return cell{date: t} }

// sheetLine is one data row of a workbook; problem is set on the rows
// injected to be rejected.
type sheetLine struct {
	cells   []cell // from column A; missing cells at the end are empty
	problem string
}

// colWidth sets the width of the columns from … to.
type colWidth struct {
	from, to string
	width    float64
}

// sheetSpec is one single-sheet workbook.
type sheetSpec struct {
	sheet, title, unit string
	header             []string
	widths             []colWidth
	rows               []sheetLine
}

func (w *writer) xlsx(name string, spec sheetSpec) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := spec.sheet
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	set := func(cell string, err error) error {
		if err != nil {
			return fmt.Errorf("%s %s cell %s: %w", name, sh, cell, err)
		}
		return nil
	}
	at := func(col, row int) string {
		c, _ := excelize.CoordinatesToCellName(col, row)
		return c
	}
	dateStyle := 0 // made when the first date is written
	if err := set("A1", f.SetCellStr(sh, "A1", markLine)); err != nil {
		return err
	}
	title := at(1, sheetTitleRow)
	if err := set(title, f.SetCellStr(sh, title, spec.title)); err != nil {
		return err
	}
	if err := set(title, f.MergeCell(sh, title, at(len(spec.header), sheetTitleRow))); err != nil {
		return err
	}
	unit := at(1, sheetTitleRow+1)
	if err := set(unit, f.SetCellStr(sh, unit, spec.unit)); err != nil {
		return err
	}
	for k, h := range spec.header {
		if err := set(at(k+1, sheetHeaderRow), f.SetCellStr(sh, at(k+1, sheetHeaderRow), h)); err != nil {
			return err
		}
	}
	for k, r := range spec.rows {
		n := sheetHeaderRow + 1 + k
		for j, c := range r.cells {
			a := at(j+1, n)
			var err error
			switch {
			case c.empty:
				continue
			case !c.date.IsZero():
				if dateStyle == 0 {
					if dateStyle, err = f.NewStyle(&excelize.Style{NumFmt: 14}); err != nil { // m/d/yy, shown in the reader's locale
						return fmt.Errorf("%s: %w", name, err)
					}
				}
				if err = f.SetCellValue(sh, a, c.date); err == nil {
					err = f.SetCellStyle(sh, a, a, dateStyle)
				}
			case !c.isNum:
				err = f.SetCellStr(sh, a, c.text) // text, so codes keep their leading digits
			case c.prec < 0:
				err = f.SetCellInt(sh, a, int64(c.num))
			default:
				err = f.SetCellFloat(sh, a, c.num, c.prec, 64)
			}
			if err := set(a, err); err != nil {
				return err
			}
		}
		if r.problem != "" {
			w.summary.BadRows = append(w.summary.BadRows, BadRow{File: name, Line: n, Problem: r.problem})
		}
	}
	for _, cw := range spec.widths {
		if err := set(cw.from, f.SetColWidth(sh, cw.from, cw.to, cw.width)); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: spec.title, Keywords: "synthetic 模拟数据",
		Description: markLine, Creator: "shequ gen"}); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return w.publish(name, len(spec.rows), func(out *os.File) error {
		_, err := f.WriteTo(out)
		return err
	})
}

// publish writes a file through a temporary name in the same directory and
// renames it into place.
func (w *writer) publish(name string, rows int, write func(*os.File) error) error {
	dst := filepath.Join(w.out, filepath.FromSlash(name))
	tmp, err := os.CreateTemp(filepath.Dir(dst), ".samplegen-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return err
	}
	w.summary.Files = append(w.summary.Files, File{Path: name, Rows: rows})
	return nil
}

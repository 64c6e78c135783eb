package samplegen

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

// sheet writes a one-sheet workbook laid out like the facility ledger: the
// synthetic-data mark, a merged title row, a reporting-unit row, then the
// header on sheetHeaderRow and the rows below it. A cell is a string
// (written as text, so codes keep their leading digits) or a time.Time
// (written as an Excel date). Bad rows are recorded by their row number
// from problems, which is parallel to rows ("" for a good row).
func (w *writer) sheet(name, sheet, title string, header []string, rows [][]any, problems []string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	cell := func(col, row int) string {
		c, _ := excelize.CoordinatesToCellName(col, row)
		return c
	}
	wrap := func(a string, err error) error {
		if err != nil {
			return fmt.Errorf("%s %s cell %s: %w", name, sheet, a, err)
		}
		return nil
	}
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy, shown in the reader's locale
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := wrap("A1", f.SetCellStr(sheet, "A1", markLine)); err != nil {
		return err
	}
	t := cell(1, sheetTitleRow)
	if err := wrap(t, f.SetCellStr(sheet, t, title)); err != nil {
		return err
	}
	if err := wrap(t, f.MergeCell(sheet, t, cell(len(header), sheetTitleRow))); err != nil {
		return err
	}
	unit := cell(1, sheetTitleRow+1)
	if err := wrap(unit, f.SetCellStr(sheet, unit, "填报单位：区民政局")); err != nil {
		return err
	}
	for k, h := range header {
		a := cell(k+1, sheetHeaderRow)
		if err := wrap(a, f.SetCellStr(sheet, a, h)); err != nil {
			return err
		}
	}
	for k, r := range rows {
		n := sheetHeaderRow + 1 + k
		for j, v := range r {
			a := cell(j+1, n)
			switch v := v.(type) {
			case string:
				err = f.SetCellStr(sheet, a, v)
			default:
				if err = f.SetCellValue(sheet, a, v); err == nil {
					err = f.SetCellStyle(sheet, a, a, dateStyle)
				}
			}
			if err := wrap(a, err); err != nil {
				return err
			}
		}
		if k < len(problems) && problems[k] != "" {
			w.summary.BadRows = append(w.summary.BadRows, BadRow{File: name, Line: n, Problem: problems[k]})
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Keywords: "synthetic 模拟数据",
		Description: markLine, Creator: "shequ gen"}); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return w.publish(name, len(rows), func(out *os.File) error {
		_, err := f.WriteTo(out)
		return err
	})
}

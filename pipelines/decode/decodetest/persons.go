package decodetest

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"

	"shequ/pipelines/values"
)

// PersonWorkbook writes to path a person-level workbook of n data rows, as
// an office's system exports one: a title row 「坪山区2020年人口个案」
// merged over the columns; a two-row header whose groups 「基本信息」 and
// 「居住情况」 are merged over their columns and whose single headers
// (身份证号, 户编号) are merged down; then one row per person with a
// distinct, valid identity number (born one day later every 1,000 rows
// from 1950-01-01), sex, birth date, one of four Pingshan communities, the
// hukou type, an empty phone and a household of three. When badEvery is
// not 0, data rows badEvery-1, 2·badEvery-1, … (counting from 0) get a
// wrong check digit. It writes with excelize's StreamWriter, so it takes
// little memory whatever n.
func PersonWorkbook(path string, n, badEvery int) error {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	head := [][]any{
		{"坪山区2020年人口个案", nil, nil, nil, nil, nil, nil},
		{"身份证号", "基本信息", nil, "居住情况", nil, nil, "户编号"},
		{nil, "性别", "出生日期", "社区代码", "户籍类型", "联系电话", nil},
	}
	for i, r := range head {
		if err := sw.SetRow(fmt.Sprintf("A%d", i+1), r); err != nil {
			return err
		}
	}
	for _, m := range [][2]string{{"A1", "G1"}, {"A2", "A3"}, {"B2", "C2"}, {"D2", "F2"}, {"G2", "G3"}} {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			return err
		}
	}
	communities := []string{"440310001001", "440310001002", "440310001003", "440310002001"}
	day := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC)
	row := make([]any, 7)
	for i := range n {
		birth := day.AddDate(0, 0, i/1000)
		id := fmt.Sprintf("440310%s%03d", birth.Format("20060102"), i%1000)
		check, _ := values.IDCheckChar(id)
		if badEvery > 0 && i%badEvery == badEvery-1 {
			if check == '0' {
				check = '1'
			} else {
				check = '0'
			}
		}
		row[0], row[1], row[2] = id+string(check), []string{"男", "女"}[i%2], birth.Format("2006-01-02")
		row[3], row[4], row[5], row[6] = communities[i%4], []string{"户籍", "非户籍"}[i%3/2], "", fmt.Sprintf("H-%d", i/3)
		if err := sw.SetRow(fmt.Sprintf("A%d", i+4), row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

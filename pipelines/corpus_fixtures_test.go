package pipelines

import (
	"bytes"
	"flag"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// update rewrites the generated files of the corpus under testdata/corpus:
//
//	go test ./pipelines/ -run TestCorpusFixtures -update
//
// The UTF-8 text files of the corpus are written by hand and committed as
// they are. Files that are not UTF-8 text (GBK, UTF-16) and workbooks are
// generated here and committed too; without -update the generated text is
// checked against the files, so the two cannot drift apart. Workbooks are
// only written, since excelize's output is not byte-stable.
var update = flag.Bool("update", false, "rewrite the generated files under testdata/corpus")

// gbk encodes UTF-8 text as GBK, with CRLF line ends as Excel writes them.
func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(strings.ReplaceAll(s, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// textCorpus returns the generated text files of the corpus, by name.
func textCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(
		"社区代码\t社区名称\t常住人口\t户籍人口\t户数\r\n" +
			"440310002001\t坪环社区\t15000\t2000\t5000\r\n" +
			"440310002002\t江岭社区\t\"1,200\"\t300\t400\r\n" +
			"440310002003\t马峦社区\t7000\t\t\r\n" +
			"440310002004\t沙坣社区\tabc\t10\t5\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	// A UTF-8 file with one name typed on a GBK machine: read as UTF-8
	// (Input.Encoding), that row has invalid bytes.
	mixed := []byte("社区代码,社区名称,常住人口\n440310001001,六联社区,1000\n440310001002,")
	mixed = append(mixed, gbk(t, "六和社区")...)
	mixed = append(mixed, ",2000\n440310001003,坪山社区,3000\n"...)
	return map[string][]byte{
		"gbk-excel-saved.csv": gbk(t, "坪山区2015年社区人口统计表,,,,\n"+
			"单位：人,,,,\n"+
			"社区代码,社区名称,常住人口(人),户籍人口(人),非户籍人口(人)\n"+
			"440310001001,六联社区,\"12,000\",1000,\"11,000\"\n"+
			"440310001002,六和社区,8000,800,7200\n"+
			"440310001003,坪山社区,9000,12000,0\n"+
			"合计,,\"29,000\",13800,\"18,200\"\n"),
		"gbk-tab-delimited.txt": gbk(t, "社区代码\t社区名称\t常住人口\t户籍人口\n"+
			"440310005001\t坑梓社区\t5000\t500\n"+
			"440310005002\t秀新社区\t6000\t600\n"),
		// A district's social-organisation register saved from Excel on a
		// Chinese Windows: GBK, CRLF, a title row naming 坪山区.
		"social-orgs-gbk.csv": gbk(t, "坪山区社区社会组织登记备案台账\n"+
			"组织编号,组织名称,社区代码,组织类型,登记或备案,成立日期,状态,承接政府购买服务\n"+
			"PSSO0001,六联社区舞蹈队,440310001001,文体活动类,备案,2012-05-01,正常,是\n"+
			"PSSO0002,六和社区长者互助会,440310001002,生活服务类,登记,2013/6/15,注销,否\n"+
			"PSSO0003,坪山社区法律服务社,44031000100,专业调处类,备案,2014-01-01,正常,否\n"+
			"PSSO0004,六联社区书画社,440310001001,文体活动类,备案,2014-13-01,正常,否\n"+
			"PSSO0005,六和社区志愿服务队,440310001002,公益慈善类,已备案,2014-02-01,正常,否\n"),
		"utf16le-unicode-text.txt":       utf16,
		"forced-utf8-with-gbk-bytes.csv": mixed,
	}
}

// sheet describes one worksheet of a generated workbook.
type sheet struct {
	name   string
	rows   [][]any        // from A1; nil cells are left empty
	merges [][2]string    // ranges to merge, e.g. {"A1", "F1"}
	styles map[string]int // cell → index into workbook.styles
	hidden bool
}

// workbook describes a generated workbook.
type workbook struct {
	sheets []sheet
	styles []excelize.Style
}

var (
	dayFormat   = 14 // built-in: shown as yyyy-mm-dd under decode's options
	zhDayFormat = "yyyy\"年\"m\"月\"d\"日\""
	timeFormat  = "yyyy-mm-dd hh:mm"
)

// xlsxCorpus returns the workbooks of the corpus, by name.
func xlsxCorpus() map[string]workbook {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return map[string]workbook{
		"title-and-unit-rows.xlsx": {sheets: []sheet{{
			name: "人口",
			rows: [][]any{
				{"坪山区2015年社区人口统计表"},
				{"单位：人", nil, nil, nil, "填报日期：2016年1月5日"},
				{},
				{"社区代码", "社区名称", "常住人口（人）", "户籍人口（人）", "非户籍人口（人）", "户数（户）"},
				{"440310004001", "金龟社区", 3000, 500, 2500, 1000},
				{"440310004002", "石井社区", 4000, 600, 3400, 1200},
				{"440310004003", "田头社区", 5000, 700, 4300, 1500},
				{"合计", nil, 12000, 1800, 10200, 3700},
			},
			merges: [][2]string{{"A1", "F1"}, {"A8", "B8"}},
		}}},
		"merged-two-row-header.xlsx": {sheets: []sheet{{
			name: "Sheet1",
			rows: [][]any{
				{"坪山街道社区人口年龄结构"},
				{"社区代码", "社区名称", "常住人口（人）", "户籍人口（人）", "年龄结构（人）"},
				{nil, nil, nil, nil, "0-14岁", "15-59岁", "60岁及以上"},
				{"440310001001", "六联社区", 1000, 200, 150, 700, 150},
				{"440310001002", "六和社区", 2000, 300, 300, 1500, 150},
				{"440310001003", "坪山社区", 1000, 100, 100, 800, 110},
			},
			merges: [][2]string{{"A1", "G1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "C3"}, {"D2", "D3"}, {"E2", "G2"}},
		}}},
		"numbers-as-text.xlsx": {sheets: []sheet{{
			name: "Sheet1",
			rows: [][]any{
				{"社区代码", "社区名称", "常住人口", "户籍人口", "户数"},
				{"440310001001", "六联社区", "12,000", "1000", 4000},
				{440310001002, "六和社区", "８０００", 800.0, "3,000"},
				{"440310001003", "坪山社区", "9000人", 900, 3500},
				{"440310001004.0", "和平社区", " 5000.00 ", "500", 2000},
			},
		}}},
		"trailing-empty-rows-cols.xlsx": {sheets: []sheet{{
			name: "Sheet1",
			rows: [][]any{
				{"社区代码", "社区名称", "常住人口", "户籍人口"},
				{"440310001001", "六联社区", 1000, 100},
				{"440310001002", "六和社区", 2000, 200},
				{},
				{nil, nil, nil, nil, " "},
			},
			// Formatted but empty cells to the right of and below the
			// table, as left by a user who shaded a larger range.
			styles: map[string]int{"F1": 0, "G2": 0, "H3": 0, "A6": 0, "D7": 0, "B8": 0, "H9": 0, "C10": 0},
		}}, styles: []excelize.Style{{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}}}},
		"two-sheets-one-named.xlsx": {sheets: []sheet{
			{name: "填表说明", rows: [][]any{{"1. 社区代码填写12位统计用区划代码"}, {"2. 人口单位为人"}}},
			{name: "2015年", rows: [][]any{
				{"社区代码", "社区名称", "常住人口"},
				{"440310001001", "六联社区", 1000},
				{"440310001002", "六和社区", 2000},
				{"440310001003", "坪山社区", 3000},
			}},
			{name: "2014年", rows: [][]any{
				{"社区代码", "社区名称", "常住人口"},
				{"440310001001", "六联社区", 900},
				{"440310001002", "六和社区", 1900},
			}},
		}},
		"excel-serial-dates.xlsx": {sheets: []sheet{{
			name: "人员",
			rows: [][]any{
				{"身份证号", "姓名", "社区代码", "出生日期", "户籍类型"},
				{"440310199001011230", "张伟", "440310001001", 32874, "户籍"},
				{"440310198512314562", "王芳", "440310001002", date(1985, 12, 31), "户籍"},
				{"440307197006157899", "刘强", "440310001002", date(1970, 6, 15), "非户籍"},
				{"440310197511112227", "杨军", "440310001003", "1975", "户籍"},
				{"440310198808083337", "赵敏", "440310001004", 1988, "户籍"},
				{"11010519491231002X", "陈静", "440310001003", "1949.12", "户籍"},
			},
			styles: map[string]int{"D3": 0, "D4": 1},
		}}, styles: []excelize.Style{{NumFmt: dayFormat}, {CustomNumFmt: &zhDayFormat}}},
		"excel-datetime-cells.xlsx": {sheets: []sheet{{
			name: "事件",
			rows: [][]any{
				{"事件编号", "社区代码", "上报时间", "办结时间"},
				{"E1", "440310001001", time.Date(2020, 3, 1, 8, 30, 0, 0, time.UTC), time.Date(2020, 3, 1, 17, 0, 0, 0, time.UTC)},
				{"E2", "440310001001", 43891.3541666667, 43892.75},
				{"E3", "440310001002", "2020-03-02 10:00", time.Date(2020, 3, 2, 9, 0, 0, 0, time.UTC)},
			},
			styles: map[string]int{"C2": 0, "D2": 0, "D4": 0},
		}}, styles: []excelize.Style{{CustomNumFmt: &timeFormat}}},
		"social-orgs-register.xlsx": {sheets: []sheet{{
			name: "社会组织台账",
			rows: [][]any{
				{"坪山区2020年社区社会组织登记备案台账"},
				{"组织编号", "组织名称", "社区代码", "组织类型", "登记或备案", "成立日期", "状态", "承接政府购买服务"},
				{"PSSO0001", "六联社区舞蹈队", "440310001001", "文体活动类", "备案", date(2015, 3, 1), "正常", "是"},
				{"PSSO0002", "六和社区长者互助会", 440310001002, "生活服务类", "登记", 42005, "正常", "否"},
				{"PSSO0003", "坪山社区法律服务社", "440310001003", "专业调处类", "备案", "2016年7月1日", "注销", "否"},
				{"PSSO0004", "六联社区书画社", "440310001001", "文体活动类", "备案", "2017-05-04", "正常", "不详"},
			},
			merges: [][2]string{{"A1", "H1"}},
			styles: map[string]int{"F3": 0},
		}}, styles: []excelize.Style{{NumFmt: dayFormat}}},
		"notes-only.xlsx": {sheets: []sheet{
			{name: "说明", rows: [][]any{{"本月无数据"}}},
			{name: "Sheet2"},
		}},
	}
}

// build makes the workbook.
func (wb workbook) build() (*excelize.File, error) {
	f := excelize.NewFile()
	var styles []int
	for _, st := range wb.styles {
		id, err := f.NewStyle(&st)
		if err != nil {
			return nil, err
		}
		styles = append(styles, id)
	}
	for i, sh := range wb.sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		for r, row := range sh.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return nil, err
				}
				if s, ok := v.(string); ok {
					err = f.SetCellStr(sh.name, cell, s) // text, even when it looks like a number
				} else {
					err = f.SetCellValue(sh.name, cell, v)
				}
				if err != nil {
					return nil, err
				}
			}
		}
		for _, m := range sh.merges {
			if err := f.MergeCell(sh.name, m[0], m[1]); err != nil {
				return nil, err
			}
		}
		for cell, s := range sh.styles {
			if err := f.SetCellStyle(sh.name, cell, cell, styles[s]); err != nil {
				return nil, err
			}
		}
		if sh.hidden {
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

func TestCorpusFixtures(t *testing.T) {
	text := textCorpus(t)
	maps.Copy(text, affairsTextCorpus(t))
	for name, want := range text {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "corpus", name)
			if *update {
				if err := os.WriteFile(path, want, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (regenerate with -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its generator (regenerate with -update)", path)
			}
		})
	}
	books := xlsxCorpus()
	maps.Copy(books, affairsXLSXCorpus())
	for name, wb := range books {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", "corpus", name)
			if !*update {
				if _, err := os.Stat(path); err != nil {
					t.Fatalf("%v (regenerate with -update)", err)
				}
				return
			}
			f, err := wb.build()
			if err != nil {
				t.Fatalf("building %s: %v", name, err)
			}
			if err := f.SaveAs(path); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

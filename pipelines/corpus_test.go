package pipelines

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"shequ/internal/warehouse"
	"shequ/schemas"
)

// corpusSchemas loads the sources the corpus uses: census (whose
// age-band rule the corpus relies on), communities, census_persons,
// social_orgs, volunteers, community_affairs and facilities as embedded, and the
// test-only source events from testdata/schemas. Loading only these keeps
// the corpus independent of other sources being written.
func corpusSchemas(t testing.TB) *schemas.Set {
	t.Helper()
	mfs := fstest.MapFS{}
	for _, name := range []string{"census.yaml", "communities.yaml", "census_persons.yaml", "social_orgs.yaml", "volunteers.yaml",
		"community_affairs.yaml", "facilities.yaml"} {
		data, err := fs.ReadFile(schemas.Files(), name)
		if err != nil {
			t.Fatal(err)
		}
		if name == "census.yaml" && !strings.Contains(string(data), "age_bands_sum") {
			t.Fatal("schemas/census.yaml lost its age_bands_sum rule, which the corpus cases rely on")
		}
		mfs[name] = &fstest.MapFile{Data: data}
	}
	set, err := schemas.LoadFS(mfs, os.DirFS("testdata/schemas"))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// corpusCase is one file of testdata/corpus and what ingesting it must
// give, worked out by hand from the file.
type corpusCase struct {
	file     string
	source   string
	sheet    string // Input.Sheet
	encoding string // Input.Encoding
	noKey    bool   // ingest without a PII key
	area     string // Input.Area

	acc, quar, skip int64
	skippedBy       map[string]int
	quarantine      []string // "line column rule", or "sheet line column rule" for workbooks, in quarantine order
	unknown         []string // FileManifest.UnknownColumns
	headerLine      int      // FileManifest.HeaderLine, when not 0
	query, want     string   // a query over the view raw (the accepted rows) and its one text result
	contains        []string // substrings of the quarantine values and messages
	absent          []string // text that must appear in no quarantine value or message, the log or the raw rows
	lines           [3]int64 // when not zero: FileManifest Lines, HeaderLines, JoinedLines
	totalsChecked   int
	mismatches      []string // FileManifest.TotalsMismatches: "line column stated since sheet"
	manifestArea    string   // FileManifest.Area

	errIs       error
	errAs       any
	errContains []string
}

// corpus lists the cases. Line numbers are physical lines (CSV) or row
// numbers (XLSX); rows_in counts every record except header rows, so
// rows_in = acc + quar + skip.
var corpus = []corpusCase{
	// GBK, CRLF, as Excel "CSV" saves on a Chinese Windows. Lines 1-2
	// title and unit (above_header), 3 header; 4, 5 good ("12,000"); 6
	// registered 12000 > resident 9000; 7 合计 (totals).
	{file: "gbk-excel-saved.csv", source: "census", acc: 2, quar: 1, skip: 3,
		skippedBy:  map[string]int{"above_header": 2, "totals": 1},
		quarantine: []string{"6 registered registered_le_resident"}, headerLine: 3,
		// Its title names 坪山区; 合计 (line 7) checks 3 figures: 29,000 =
		// 12,000+8,000+9,000, 13800 = 1000+800+12000, 18,200 = 11,000+7200+0.
		manifestArea: "440310", totalsChecked: 3,
		query: "SELECT sum(resident) FROM raw", want: "20000"},
	// Excel "Unicode text": UTF-16LE with a BOM, tab-separated. Line 1
	// header; 2 good; 3 good ("1,200" quoted); 4 good with empty
	// registered and households; 5 resident "abc".
	{file: "utf16le-unicode-text.txt", source: "census", acc: 3, quar: 1,
		quarantine: []string{"5 resident type"},
		query:      "SELECT sum(resident) || '/' || count(registered) FROM raw", want: "23200/2"},
	// "Text (tab delimited)" from a Chinese Excel: GBK, tabs, .txt.
	{file: "gbk-tab-delimited.txt", source: "census", acc: 2,
		query: "SELECT string_agg(community_name, ',' ORDER BY source_line) FROM raw", want: "坑梓社区,秀新社区"},
	// UTF-8 with a BOM and CRLF: the BOM must not stick to 「社区代码」.
	// Three good rows (registered = resident is allowed).
	{file: "bom-utf8-crlf.csv", source: "census", acc: 3, headerLine: 1},
	// Rows 1-3 title (merged A1:F1), unit/date row, blank row: all above
	// the header at row 4. Rows 5-7 good, numbers stored as numbers; row 8
	// 合计 merged over A8:B8 (totals).
	{file: "title-and-unit-rows.xlsx", source: "census", acc: 3, skip: 4,
		skippedBy: map[string]int{"above_header": 3, "totals": 1}, headerLine: 4,
		// Title 坪山区; 合计 checks 4 figures: 12000, 1800, 10200, 3700.
		manifestArea: "440310", totalsChecked: 4,
		query: "SELECT sum(households) FROM raw", want: "3700"},
	// Row 1 title; rows 2-3 a two-row header: A-D merged down, 「年龄结构
	// （人）」 merged over E2:G2 above 「0-14岁」「15-59岁」「60岁及以上」.
	// Row 2 alone names 4 columns; rows 2+3 name 7, so both are the
	// header (not counted). Row 4 bands 150+700+150 = 1000 = resident;
	// row 5 300+1500+150 = 1950 vs 2000, off by 50 > 1% of 2000 = 20;
	// row 6 100+800+110 = 1010 vs 1000, off by 10 = 1% of 1000: passes.
	{file: "merged-two-row-header.xlsx", source: "census", acc: 2, quar: 1, skip: 1,
		skippedBy:  map[string]int{"above_header": 1},
		quarantine: []string{"Sheet1 5 age_0_14+age_15_59+age_60_plus age_bands_sum"}, headerLine: 2,
		manifestArea: "440310001", // the title names 坪山街道
		query:        "SELECT sum(age_60_plus) FROM raw", want: "260"},
	// A two-row header saved as CSV: 「人口（人）」 over 「户籍」「常住」 is
	// only in the first column of its group. Line 1 alone lacks resident;
	// lines 1+2 read 「户籍」+「人口」 and 「常住」+「人口」. Lines 3-4 good.
	{file: "two-row-header-group.csv", source: "census", acc: 2, headerLine: 1,
		query: "SELECT sum(resident) || '/' || sum(registered) || '/' || sum(households) FROM raw", want: "11000/1700/4100"},
	// Lines 2, 3, 5 good. Totals rows: 4 「小计」 first; 6 「坪环街道小计」
	// in the second column; 7 「总 计」 with a space; 8 「全区合计：」.
	// 所属街道 is not a census column: reported, not stored.
	{file: "totals-and-subtotals.csv", source: "census", acc: 3, skip: 4,
		skippedBy: map[string]int{"totals": 4}, unknown: []string{"所属街道"},
		// Each totals row checks 常住人口 and 户籍人口 (8 figures): 3000/300
		// and 1500/150 against the rows since the previous totals row,
		// 4500/450 twice against all rows.
		totalsChecked: 8,
		query:         "SELECT sum(resident) FROM raw", want: "4500"},
	// Full-width digits, comma, minus, brackets ［］ and ideographic
	// spaces. Line 2 good (full-width code too); 3 good; 4 good (「　９０００
	// 　」); 5 resident 12.5 is not whole; 6 resident -5 < 0.
	{file: "fullwidth-digits.csv", source: "census", acc: 3, quar: 2,
		quarantine: []string{"5 resident type", "6 resident range"},
		query:      "SELECT sum(resident) || '/' || sum(registered) FROM raw", want: "29000/2700"},
	// 万 in cells: resident and registered allow it (allow_wan), households
	// does not. Line 2 1.2万 = 12000, 0.3万 = 3000; 3 2.5万 = 25000; 4
	// 1.23456万 = 12345.6 is not whole; 5 households 0.3万.
	{file: "wan-units.csv", source: "census", acc: 2, quar: 2,
		quarantine: []string{"4 resident type", "5 households type"},
		query:      "SELECT sum(resident) || '/' || sum(registered) FROM raw", want: "37000/8000"},
	// 万 in the header: 「常住人口(万人)」 scales every cell by 10,000 since
	// resident allows 万. Line 2 1.25 → 12500, 0.2 → 2000; 3 "1,2" is a
	// misplaced separator; 4 「2.5万」 would be 万 twice; 5 0.00001万 = 0.1
	// is not whole.
	{file: "wan-header-unit.csv", source: "census", acc: 1, quar: 3,
		quarantine: []string{"3 resident type", "4 resident type", "5 resident type"},
		query:      "SELECT resident || '/' || registered || '/' || households FROM raw", want: "12500/2000/4000"},
	// 「户数(万户)」: households does not allow 万, so the file fails
	// rather than store figures 10,000 times too small.
	{file: "wan-header-not-allowed.csv", source: "census", errAs: new(*HeaderError),
		errContains: []string{"「户数(万户)」 is in 万户", "give the figures in 户"}},
	// Percentages in a count: lines 2 (10%) and 3 (full-width ％) are not
	// whole numbers; line 4 good.
	{file: "percent-in-int-column.csv", source: "census", acc: 1, quar: 2,
		quarantine: []string{"2 registered type", "3 registered type"},
		contains:   []string{"percent not allowed here"}},
	// Keys: 440310001001 on lines 2 and 4; 440310001003 on 5, 6 (an exact
	// copy) and 7, which is rejected for resident -1 and so does not
	// count. Every otherwise good row of a repeated key is quarantined
	// (2, 4, 5, 6); line 7 for its range; line 8 breaks registered ≤
	// resident; lines 3 and 9 are good.
	{file: "duplicate-keys.csv", source: "census", acc: 2, quar: 6,
		quarantine: []string{"2 community_code duplicate_key", "4 community_code duplicate_key",
			"5 community_code duplicate_key", "6 community_code duplicate_key",
			"7 resident range", "8 registered registered_le_resident"},
		contains: []string{"出现2次（另见第6行）", "occurs 2 times in this file (also line 4)", "440310001003"},
		query:    "SELECT string_agg(source_line::VARCHAR, ',' ORDER BY source_line) FROM raw", want: "3,9"},
	// A broken row (line 2, resident -1000) followed by its corrected
	// copy (line 3): the broken one is quarantined for its range and so
	// does not make its key a duplicate; the copy is kept.
	{file: "corrected-row-repeated.csv", source: "census", acc: 2, quar: 1,
		quarantine: []string{"2 resident range"},
		query:      "SELECT string_agg(source_line::VARCHAR, ',' ORDER BY source_line) FROM raw", want: "3,4"},
	// The community register: street and district codes must be prefixes
	// of the community code. Line 2 good; 3 street 440310002 vs
	// 440310001002; 4 district 440307; 5 street has 8 digits (format, so
	// no prefix check); 6 good (no codes to compare); 7 both wrong.
	{file: "prefix-mismatch-street.csv", source: "communities", acc: 2, quar: 4,
		quarantine: []string{"3 street_code code_prefix", "4 district_code code_prefix", "5 street_code code_format",
			"7 district_code code_prefix", "7 street_code code_prefix"},
		contains: []string{"street_code=440310002, community_code=440310001002", "「街道代码」440310002与「社区代码」440310001002的前9位不一致"}},
	// Age bands against resident, tolerance 1%: line 2 sums to 1000; 3 to
	// 1010 (off by 10 = 1% of 1000: passes); 4 to 1011 (off by 11); 5 has
	// an empty band (not checked); 6 1000 vs 2000; 7 all 0; 8 1 vs 0 (1%
	// of 0 is 0).
	{file: "age-bands-do-not-sum.csv", source: "census", acc: 4, quar: 3,
		quarantine: []string{"4 age_0_14+age_15_59+age_60_plus age_bands_sum", "6 age_0_14+age_15_59+age_60_plus age_bands_sum",
			"8 age_0_14+age_15_59+age_60_plus age_bands_sum"},
		contains: []string{"age_0_14=100, age_15_59=800, age_60_plus=111, resident=1000"}},
	// No 常住人口: the file fails, listing what was expected and found.
	{file: "missing-required-column.csv", source: "census", errAs: new(*HeaderError),
		errContains: []string{"missing required columns: resident (常住人口", "found: 社区代码 | 社区名称 | 户数 | 户籍人口", "expected columns: community_code, community_name, resident"}},
	// Three columns census does not declare: reported once each, not
	// stored; both rows good.
	{file: "unknown-columns.csv", source: "census", acc: 2, unknown: []string{"备注", "联系人", "面积（平方公里）"}},
	// XLSX with numbers stored as text. Row 2 "12,000" text; 3 code as a
	// number, 「８０００」; 4 「9000人」 has a unit; 5 code 「…004.0」 and
	// 「 5000.00 」.
	{file: "numbers-as-text.xlsx", source: "census", acc: 3, quar: 1,
		quarantine: []string{"Sheet1 4 resident type"},
		query:      "SELECT sum(resident) || '/' || string_agg(community_code, ',' ORDER BY source_line) FROM raw",
		want:       "25000/440310001001,440310001002,440310001004"},
	// Rows 2-3 good; rows 4-10 are empty but exist (shaded cells, a lone
	// space): 7 empty rows skipped; the shaded columns F-H add nothing.
	{file: "trailing-empty-rows-cols.xlsx", source: "census", acc: 2, skip: 7, skippedBy: map[string]int{"empty": 7}},
	// Only the sheet 2015年: three good rows.
	{file: "two-sheets-one-named.xlsx", source: "census", sheet: "2015年", acc: 3,
		query: "SELECT DISTINCT source_sheet FROM raw", want: "2015年"},
	// Every sheet: 填表说明 has no header (2 rows, sheet_without_header);
	// 2015年 and 2014年 both hold 440310001001 and …002, so those four rows
	// are duplicates; only 440310001003 (2015年 row 4) is kept.
	{file: "two-sheets-one-named.xlsx", source: "census", acc: 1, quar: 4, skip: 2,
		skippedBy: map[string]int{"sheet_without_header": 2},
		quarantine: []string{"2014年 2 community_code duplicate_key", "2014年 3 community_code duplicate_key",
			"2015年 2 community_code duplicate_key", "2015年 3 community_code duplicate_key"},
		contains: []string{"另见工作表「2014年」第2行", "also sheet 2015年 line 3"}},
	// Quoted line breaks and commas: the record of line 2 spans lines 2-3;
	// line 4 good; the record of line 5 spans 5-6 and its resident 「3
	// 000」 holds a line break; the last record starts on line 7.
	{file: "quoted-newlines.csv", source: "census", acc: 3, quar: 1,
		quarantine: []string{"5 resident type"},
		query:      "SELECT string_agg(source_line::VARCHAR, ',' ORDER BY source_line) FROM raw", want: "2,4,7"},
	// Person level. Line 2 good; 3 check digit 1 should be 0; 4 has 17
	// characters; 5 good (no phone: dropped anyway); 6 good (lower-case
	// x); 7 a number Excel turned into 4.40310197511112E+17; 8 sex 「F」.
	// The identity numbers in quarantine are masked.
	{file: "bad-id-check-digit.csv", source: "census_persons", acc: 3, quar: 4,
		quarantine: []string{"3 id_number id_check_digit", "4 id_number id_format", "7 id_number id_format", "8 sex enum"},
		contains:   []string{"[身份证号 18位, 已隐藏]", "[身份证号 17位, 已隐藏]", "[身份证号 20位, 已隐藏]", "被Excel存成了数字"},
		query:      "SELECT count(*) FILTER (WHERE regexp_full_match(id_number, '[0-9a-f]{64}')) || '/' || count(name) || '/' || count(phone) FROM raw",
		want:       "3/0/0"},
	// The social-organisation register in GBK with CRLF: line 1 the title
	// (坪山区), 2 the header; 3 good; 4 good (2013/6/15, status 注销); 5 a
	// code of 11 digits; 6 month 13; 7 「已备案」 is not 登记 or 备案. The
	// names of organisations are kept.
	{file: "social-orgs-gbk.csv", source: "social_orgs", acc: 2, quar: 3, skip: 1,
		skippedBy: map[string]int{"above_header": 1}, headerLine: 2, manifestArea: "440310",
		quarantine: []string{"5 community_code code_format", "6 founded type", "7 registration enum"},
		contains:   []string{"44031000100", "2014-13-01", "已备案"},
		query:      "SELECT string_agg(org_id || ' ' || org_name || ' ' || strftime(founded, '%Y-%m-%d') || ' ' || status || ' ' || contracted, ',' ORDER BY source_line) FROM raw",
		want:       "PSSO0001 六联社区舞蹈队 2012-05-01 正常 是,PSSO0002 六和社区长者互助会 2013-06-15 注销 否"},
	// The register as a workbook: row 1 a merged title (坪山区), 2 the
	// header; 3 a date cell 2015-03-01; 4 the code typed as a number and the
	// serial 42005 = 2015-01-01; 5 「2016年7月1日」 as text; 6 「不详」 is not
	// 是 or 否.
	{file: "social-orgs-register.xlsx", source: "social_orgs", acc: 3, quar: 1, skip: 1,
		skippedBy: map[string]int{"above_header": 1}, headerLine: 2, manifestArea: "440310",
		quarantine: []string{"社会组织台账 6 contracted enum"},
		query:      "SELECT string_agg(org_id || ' ' || strftime(founded, '%Y-%m-%d') || ' ' || community_code, ',' ORDER BY source_line) FROM raw",
		want:       "PSSO0001 2015-03-01 440310001001,PSSO0002 2015-01-01 440310001002,PSSO0003 2016-07-01 440310001003"},
	// A volunteer extract in UTF-8 with a BOM: lines 2 and 3 good (12.5 and
	// 0 hours, 2020/1/5); 4 the 30th of February; 5 5000 hours, more than
	// 3000; 6 −3 hours; 7 a code of 10 digits. Identity numbers are hashed,
	// names and phones dropped, none of them shown.
	{file: "volunteers-bom.csv", source: "volunteers", acc: 2, quar: 4,
		quarantine: []string{"4 registered_on type", "5 service_hours range", "6 service_hours range", "7 community_code code_format"},
		absent: []string{"440310199001011230", "44031019851231456", "32040219760315002", "44031019880808333", "44031020000229101",
			"44031019700615789", "张伟", "王芳", "刘强", "赵敏", "李娜", "陈静", "13812345678", "13700137000", "13600136000",
			"13300133000", "13900139000", "13500135000"},
		query: "SELECT count(*) FILTER (WHERE regexp_full_match(id_number, '[0-9a-f]{64}')) || '/' || count(name) || '/' || count(phone) || '/' || sum(service_hours) || '/' || string_agg(strftime(registered_on, '%Y-%m-%d'), ',' ORDER BY source_line) FROM raw",
		want:  "2/0/0/12.5/2019-03-01,2020-01-05"},
	// Columns shifted in a volunteer extract: line 2 good; 3 the phone in
	// 身份证号 and the identity number in 手机号码 (never read); 4 the phone
	// in 社区代码; 5 an identity number in 服务时长; 6 「陈,静」 makes 7
	// fields. Nothing of the numbers is shown: the phone in 社区代码 and the
	// number in 服务时长 are masked.
	{file: "volunteers-shifted-columns.csv", source: "volunteers", acc: 1, quar: 4,
		quarantine: []string{"3 id_number id_format", "4 community_code code_format", "5 service_hours range", "6  field_count"},
		contains:   []string{"[身份证号 11位, 已隐藏]", "[手机号已隐藏]", "[身份证号已隐藏]"},
		absent: []string{"440310199001011230", "44031019851231456", "32040219760315002", "44031019880808333", "44031020000229101",
			"44031019700615789", "13812345678", "13700137000", "13600136000", "13300133000", "13500135000", "赵敏", "刘强", "王芳"},
		query: "SELECT string_agg(source_line::VARCHAR, ',') FROM raw", want: "2"},
	// The same file without a key is refused.
	{file: "bad-id-check-digit.csv", source: "census_persons", noKey: true, errIs: ErrNoPIIKey,
		errContains: []string{"「身份证号」 (id_number)", "no key was given"}},
	// One identity number twice (line 4 with spaces): both rows are
	// quarantined, and the key shown is masked.
	{file: "duplicate-person-ids.csv", source: "census_persons", acc: 1, quar: 2,
		quarantine: []string{"2 id_number duplicate_key", "4 id_number duplicate_key"},
		contains:   []string{"[身份证号, 已隐藏]", "另见第4行"}},
	// Null spellings: - — / 无 N/A 空 -- #N/A —— are null; lines 2-4 good;
	// resident is required: 「－」 (5), an ideographic space (6) and NULL (7).
	{file: "null-spellings.csv", source: "census", acc: 3, quar: 3,
		quarantine: []string{"5 resident required", "6 resident required", "7 resident required"},
		query:      "SELECT count(registered) + count(non_registered) + count(households) || '/' || count(community_name) FROM raw", want: "0/2"},
	// Birth dates in a workbook: row 2 serial 32874 = 1990-01-01; 3 a date
	// cell; 4 a date cell shown 1970年6月15日; 5 text 「1975」 and 6 the
	// number 1988 are years, not dates; 7 「1949.12」 is a month: its first
	// day.
	{file: "excel-serial-dates.xlsx", source: "census_persons", acc: 4, quar: 2,
		quarantine: []string{"人员 5 birth_date type", "人员 6 birth_date type"},
		contains:   []string{"a year alone is not a date"},
		query:      "SELECT string_agg(strftime(birth_date, '%Y-%m-%d'), ',' ORDER BY source_line) FROM raw",
		want:       "1990-01-01,1985-12-31,1970-06-15,1949-12-01"},
	// Date-time cells, serials with fractions and text in one sheet. E1
	// cells formatted yyyy-mm-dd hh:mm; E2 43891.3541666667 = 2020-03-01
	// 08:30 and 43892.75 = 2020-03-02 18:00; E3 closed at 09:00 before it
	// was reported at 10:00.
	{file: "excel-datetime-cells.xlsx", source: "events", acc: 2, quar: 1,
		quarantine: []string{"事件 4 closed_at closed_after_reported"},
		query:      "SELECT string_agg(strftime(reported_at, '%Y-%m-%d %H:%M') || '~' || strftime(closed_at, '%Y-%m-%d %H:%M'), ',' ORDER BY source_line) FROM raw",
		want:       "2020-03-01 08:30~2020-03-01 17:00,2020-03-01 08:30~2020-03-02 18:00"},
	// Date-times as text. E1 good (85% = 0.85); E2 good (2020/3/1 8:30:00,
	// 0.5万 = 5000); E3 closed before reported; E4 good (serials: 08:30,
	// 12:00, 2020-03-01); E5 reported 「2020-03」 is a month; E6 hour 25;
	// E7 event on 03-06 after the report on 03-05 08:00, and 120% > 1; E8
	// event date 「2015」 is a year.
	{file: "datetime-events.csv", source: "events", acc: 3, quar: 5,
		quarantine: []string{"4 closed_at closed_after_reported", "6 reported_at type", "7 reported_at type",
			"8 event_date happened_before_reported", "8 satisfied_share range", "9 event_date type"},
		contains: []string{"closed_at=2020-03-01 09:00:00, reported_at=2020-03-02 10:00:00", "a month alone is not a point in time"},
		query:    "SELECT string_agg(strftime(reported_at, '%Y-%m-%d %H:%M:%S') || '|' || coalesce(strftime(event_date, '%Y-%m-%d'), '') || '|' || coalesce(satisfied_share::VARCHAR, '') || '|' || coalesce(cost_yuan::VARCHAR, ''), ',' ORDER BY source_line) FROM raw",
		want:     "2020-03-01 08:30:00|2020-03-01|0.85|1200.0,2020-03-01 08:30:00|2020-03-01|0.9|5000.0,2020-03-01 08:30:00|2020-03-01||"},
	// Header units: 「满意率(%)」 makes 85 mean 85% (90% as written is
	// taken as is); 「费用(万元)」 is 万 of the declared 元. E3 150% > 1.
	{file: "percent-and-wan-headers.csv", source: "events", acc: 2, quar: 1,
		quarantine: []string{"4 satisfied_share range"},
		query:      "SELECT sum(satisfied_share) || '/' || sum(cost_yuan) FROM raw", want: "1.75/35000.0"},
	// 「费用(平方米)」 where cost is declared in 元: the file fails.
	{file: "unit-contradicts-schema.csv", source: "events", errAs: new(*HeaderError),
		errContains: []string{"「费用(平方米)」 is in 平方米, but cost_yuan is declared in 元"}},
	// A UTF-8 file with one GBK name (line 3), read as UTF-8: that row is
	// quarantined for its bytes; lines 2 and 4 are good.
	{file: "forced-utf8-with-gbk-bytes.csv", source: "census", encoding: "utf-8", acc: 2, quar: 1,
		quarantine: []string{"3  encoding"}, contains: []string{"社区名称=�"}},
	// English headers with odd case and spaces.
	{file: "english-headers.csv", source: "census", acc: 2,
		query: "SELECT sum(households) FROM raw", want: "130"},
	// 常住人口 and 实有人口 are both aliases of resident: the file fails.
	{file: "duplicate-header.csv", source: "census", errAs: new(*HeaderError),
		errContains: []string{`more than one header for: resident ("常住人口" and "实有人口")`}},
	// A unit row right under the header (line 2) is skipped; 3-4 good.
	{file: "unit-row-below-header.csv", source: "census", acc: 2, skip: 1, skippedBy: map[string]int{"units": 1}},
	// Lines 1-4 notes and a blank line above the header at line 5.
	{file: "header-after-notes.csv", source: "census", acc: 1, skip: 4,
		skippedBy: map[string]int{"above_header": 4}, headerLine: 5,
		manifestArea: "440310"}, // 「填报单位：坪山区民政局」
	// A stray quote in a name (line 2: 「"六联"社区」) is its own rejected
	// row; read loosely it would have run to the quote closing 「"坪山社区"」
	// on line 4. Lines 3, 4 and 5 are rows of their own: 2000+3000+4000.
	{file: "stray-quote-in-name.csv", source: "census", acc: 3, quar: 1,
		quarantine: []string{"2 community_name unbalanced_quote"},
		contains:   []string{"lines 2–4 would have become one record", "第2–4行读成一条记录", "「社区名称」的引号没有正确闭合"},
		lines:      [3]int64{5, 1, 0},
		query:      "SELECT sum(resident) FROM raw", want: "9000"},
	// A quote opened in the first data line and never closed (loosely,
	// lines 2-5, to the end of the file), and a stray one in the last
	// line, which has no line end. Lines 3 and 4 are good: 2000+3000.
	{file: "quotes-first-and-last-line.csv", source: "census", acc: 2, quar: 2,
		quarantine: []string{"2 community_name unbalanced_quote", "5 community_name unbalanced_quote"},
		contains:   []string{"lines 2–5 would have become one record", "line 5 would have become one record"},
		lines:      [3]int64{5, 1, 0},
		query:      "SELECT sum(resident) FROM raw", want: "5000"},
	// Carriage returns only (Excel for Mac), UTF-8 and GBK: 5 lines, the
	// record of line 3 spans 3-4 (a line break in a quoted name).
	{file: "mac-cr-only.csv", source: "census", acc: 3, lines: [3]int64{5, 1, 1},
		query: "SELECT string_agg(replace(community_name, chr(10), '|') || '@' || source_line, ',' ORDER BY source_line) || '/' || sum(resident) FROM raw",
		want:  "六联社区@2,六和|社区@3,坪山社区@5/6000"},
	{file: "mac-cr-only-gbk.csv", source: "census", acc: 3, lines: [3]int64{5, 1, 1},
		query: "SELECT string_agg(replace(community_name, chr(10), '|') || '@' || source_line, ',' ORDER BY source_line) || '/' || sum(resident) FROM raw",
		want:  "六联社区@2,六和|社区@3,坪山社区@5/6000"},
	// 「陈,德浩」 (line 3) makes 9 fields where the header has 8: the phone
	// would land in 社区代码. Line 4 has 7. Both rejected, nothing of them
	// shown. Lines 2 and 5 good.
	{file: "comma-in-name.csv", source: "census_persons", acc: 2, quar: 2,
		quarantine: []string{"3  field_count", "4  field_count"},
		contains:   []string{"the row has 9 fields, more than the header's 8", "the row has 7 fields, fewer than the header's 8", "本行有9列"},
		absent:     []string{"13987654321", "德浩", "13700001111", "13812345678"},
		query:      "SELECT string_agg(source_line::VARCHAR, ',' ORDER BY source_line) FROM raw", want: "2,5"},
	// 户编号 holds the head's identity number (lines 3 and 4: one household)
	// and, on line 4, 「户主电话138-1234-5678」: stored as keyed hashes, so
	// the household still counts once.
	{file: "identifiers-in-free-text.csv", source: "census_persons", acc: 3,
		absent: []string{"44031019880808222", "1381234", "1234-5678"},
		query: "SELECT count(DISTINCT household_id) || '/' || count(*) FILTER (WHERE regexp_full_match(household_id, '身份证号#[0-9a-f]{16}')) || '/' || " +
			"count(*) FILTER (WHERE regexp_full_match(household_id, '户主电话手机号#[0-9a-f]{16}')) FROM raw",
		want: "2/2/1"},
	// Without a key: a phone in a name is masked; a phone as the key
	// (事件编号, lines 3 and 4) cannot be hashed, so those rows are refused.
	{file: "phone-in-name-no-key.csv", source: "census", noKey: true, acc: 2, absent: []string{"13812345678"},
		query: "SELECT community_name FROM raw WHERE community_code = '440310001001'", want: "六联社区 联系人[手机号已隐藏]"},
	{file: "phone-in-text-no-key.csv", source: "events", noKey: true, acc: 1, quar: 2,
		quarantine: []string{"3 event_id identifier_in_key", "4 event_id identifier_in_key"},
		contains:   []string{"[手机号已隐藏]", "E3 联系人 [手机号已隐藏]", "set SHEQU_PII_KEY"},
		absent:     []string{"13812345678", "8765"}},
	// 坪山街道小计 (line 4) = 200000+300000 and so on: 3 figures check. The
	// 合计 (line 6) says 529861: the rows since the 小计 sum to 38861, all
	// rows to 538861, so it is off; its 139000 and 162000 are right.
	{file: "totals-mismatch.csv", source: "census", acc: 3, skip: 2, skippedBy: map[string]int{"totals": 2},
		totalsChecked: 6, mismatches: []string{"6 resident 529861 38861 538861"}},
	// The title names 坪山区 (440310): line 4 is in 龙岗区 (440307).
	{file: "outside-area-title.csv", source: "census", acc: 2, quar: 1, skip: 1, skippedBy: map[string]int{"above_header": 1},
		quarantine:   []string{"4 community_code outside_area"},
		contains:     []string{"坪山区（440310，见第1行标题「坪山区2020年社区人口统计表」）", "its title 「坪山区2020年社区人口统计表」, line 1"},
		manifestArea: "440310"},
	// The configuration says 坪山街道 (440310001): line 5, in 马峦街道, is
	// outside too.
	{file: "outside-area-title.csv", source: "census", area: "440310001", acc: 1, quar: 2, skip: 1, skippedBy: map[string]int{"above_header": 1},
		quarantine:   []string{"4 community_code outside_area", "5 community_code outside_area"},
		contains:     []string{"坪山街道（440310001，见配置）"},
		manifestArea: "440310001"},
	// An identity number pasted into 常住人口 (line 2) and 1000001 (line 4)
	// are above the plausible 1000000; the number is masked.
	{file: "typo-in-number.csv", source: "census", acc: 1, quar: 2,
		quarantine: []string{"2 resident range", "4 resident range"},
		contains:   []string{"plausible maximum 1000000", "[身份证号已隐藏]"},
		absent:     []string{"440310199001011230"}},
	// Money: 1e300 is above the 10000000000 declared; Inf and NaN are not
	// numbers; 10000000000 itself is allowed.
	{file: "huge-money.csv", source: "events", acc: 1, quar: 3,
		quarantine: []string{"2 cost_yuan range", "3 cost_yuan type", "4 cost_yuan type"},
		query:      "SELECT cost_yuan FROM raw", want: "10000000000.0"},
	// An empty file is refused: there is nothing to take.
	{file: "empty-file.csv", source: "census", errIs: ErrNoHeader, errContains: []string{"the file is empty"}},
	// A header and nothing else: ingested with no rows.
	{file: "header-only.csv", source: "census", headerLine: 1},
	// Two lines of notes and no header.
	{file: "notes-without-header.csv", source: "census", errIs: ErrNoHeader, errContains: []string{`first row: "请各社区于1月10日前报送"`}},
	// A workbook whose sheets hold no table: 说明 has one line of text,
	// Sheet2 nothing at all.
	{file: "notes-only.xlsx", source: "census", errIs: ErrNoHeader},
}

func TestCorpus(t *testing.T) {
	set := corpusSchemas(t)
	db, err := warehouse.OpenDB("", false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	seen := map[string]bool{}
	for _, tc := range slices.Concat(corpus, affairsCorpus) {
		seen[tc.file] = true
		name := tc.file
		if tc.sheet != "" || tc.noKey || tc.area != "" {
			name += fmt.Sprintf(" sheet=%q nokey=%v area=%q", tc.sheet, tc.noKey, tc.area)
		}
		t.Run(name, func(t *testing.T) {
			ing := newIngesterWith(t, set)
			var log strings.Builder
			ing.Log = slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
			if tc.noKey {
				ing.PIIKey = nil
			}
			in := Input{Source: tc.source, Period: "2015", Path: filepath.Join("testdata", "corpus", tc.file), Sheet: tc.sheet, Encoding: tc.encoding, Area: tc.area}
			res, err := ing.File(context.Background(), in)
			if tc.errIs != nil || tc.errAs != nil {
				checkError(t, err, tc)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m := res.Manifest
			if got, want := fmt.Sprintf("%d/%d/%d/%d", m.RowsIn, m.Accepted, m.Quarantined, m.Skipped),
				fmt.Sprintf("%d/%d/%d/%d", tc.acc+tc.quar+tc.skip, tc.acc, tc.quar, tc.skip); got != want {
				t.Errorf("rows_in/accepted/quarantined/skipped = %s, want %s", got, want)
			}
			if diff := cmp.Diff(tc.skippedBy, m.SkippedBy, emptyMapsEqual); diff != "" {
				t.Errorf("SkippedBy (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.unknown, m.UnknownColumns, emptySlicesEqual); diff != "" {
				t.Errorf("UnknownColumns (-want +got):\n%s", diff)
			}
			if tc.headerLine != 0 && m.HeaderLine != tc.headerLine {
				t.Errorf("HeaderLine = %d, want %d", m.HeaderLine, tc.headerLine)
			}
			if got := [3]int64{m.Lines, m.HeaderLines, m.JoinedLines}; tc.lines != [3]int64{} && got != tc.lines {
				t.Errorf("lines/header lines/joined lines = %v, want %v", got, tc.lines)
			}
			if m.Lines != m.HeaderLines+m.RowsIn+m.JoinedLines {
				t.Errorf("%d lines, want header lines %d + rows in %d + joined lines %d", m.Lines, m.HeaderLines, m.RowsIn, m.JoinedLines)
			}
			if m.TotalsChecked != tc.totalsChecked {
				t.Errorf("TotalsChecked = %d, want %d", m.TotalsChecked, tc.totalsChecked)
			}
			var mismatches []string
			for _, tm := range m.TotalsMismatches {
				mismatches = append(mismatches, fmt.Sprintf("%d %s %g %s %s", tm.Line, tm.Column, tm.Stated, orDash(tm.SumSincePrevious), orDash(tm.SumOfSheet)))
			}
			if diff := cmp.Diff(tc.mismatches, mismatches, emptySlicesEqual); diff != "" {
				t.Errorf("TotalsMismatches (-want +got):\n%s", diff)
			}
			if m.Area != tc.manifestArea {
				t.Errorf("Area = %q, want %q", m.Area, tc.manifestArea)
			}
			commit(t, ing)

			rows, err := ReadQuarantine(context.Background(), db, ing.Warehouse, QuarantineFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			var text strings.Builder
			for _, q := range rows {
				where := fmt.Sprintf("%d %s %s", q.Line, q.Column, q.Rule)
				if q.Sheet != "" {
					where = q.Sheet + " " + where
				}
				got = append(got, where)
				fmt.Fprintf(&text, "%s\n%s\n%s\n", q.Value, q.MessageZh, q.MessageEn)
				if q.MessageZh == "" || q.MessageEn == "" || q.Source != tc.source || q.File != tc.file {
					t.Errorf("quarantine row %+v: empty message or wrong source or file", q)
				}
			}
			if diff := cmp.Diff(tc.quarantine, got, emptySlicesEqual); diff != "" {
				t.Errorf("quarantine (-want +got):\n%s", diff)
			}
			for _, s := range tc.contains {
				if !strings.Contains(text.String(), s) {
					t.Errorf("quarantine values and messages do not contain %q:\n%s", s, text.String())
				}
			}
			if len(tc.absent) > 0 {
				raw := ""
				if m.Accepted > 0 {
					raw = queryRaw(t, db, ing, m, "SELECT string_agg(CAST(r AS VARCHAR), '|') FROM raw r")
				}
				for _, s := range tc.absent {
					for what, out := range map[string]string{"quarantine": text.String(), "log": log.String(), "raw rows": raw} {
						if strings.Contains(out, s) {
							t.Errorf("%q is in the %s:\n%s", s, what, out)
						}
					}
				}
			}
			if tc.query != "" {
				if got := queryRaw(t, db, ing, m, tc.query); got != tc.want {
					t.Errorf("%s\n = %s, want %s", tc.query, got, tc.want)
				}
			}
		})
	}
	// Every file of the corpus has a case.
	files, err := os.ReadDir(filepath.Join("testdata", "corpus"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !seen[f.Name()] {
			t.Errorf("testdata/corpus/%s has no case", f.Name())
		}
	}
	if len(files) < 30 {
		t.Errorf("the corpus has %d files, want at least 30", len(files))
	}
}

// orDash writes an optional sum.
func orDash(p *float64) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprintf("%g", *p)
}

var (
	emptyMapsEqual   = cmp.Comparer(func(a, b map[string]int) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })
	emptySlicesEqual = cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })
)

func checkError(t *testing.T, err error, tc corpusCase) {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	if tc.errIs != nil && !errors.Is(err, tc.errIs) {
		t.Errorf("error = %v, want %v", err, tc.errIs)
	}
	if tc.errAs != nil && !errors.As(err, tc.errAs) {
		t.Errorf("error = %T %v, want %T", err, err, tc.errAs)
	}
	for _, s := range tc.errContains {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error does not mention %q:\n%v", s, err)
		}
	}
}

// queryRaw runs q over the view raw of a file's accepted rows and returns
// its one value as text.
func queryRaw(t *testing.T, db *sql.DB, ing *Ingester, m warehouse.FileManifest, q string) string {
	t.Helper()
	p := filepath.Join(ing.Warehouse.Partition("raw", m.Source, m.Period), m.FileID+".parquet")
	if _, err := db.Exec("CREATE OR REPLACE VIEW raw AS SELECT * FROM read_parquet(" + warehouse.QuoteString(p) + ")"); err != nil {
		t.Fatal(err)
	}
	var got sql.NullString
	if err := db.QueryRow("SELECT (" + q + ")::VARCHAR").Scan(&got); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return got.String
}

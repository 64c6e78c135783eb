package pipelines

import "testing"

// The corpus cases of the community affairs list (社区工作事项清单) and of
// the facilities' residents' activity area and self-service terminals,
// worked out by hand from the files. Their generated files (GBK text, a
// workbook) come from affairsTextCorpus and affairsXLSXCorpus.
var affairsCorpus = []corpusCase{
	// GBK with CRLF, as Excel saves it: line 1 a title naming no place,
	// line 2 the header with 序号 (no column) and other aliases (事项编码,
	// 工作事项, 社区编码, 交办部门, 准入, 购买服务, 承接项目). Lines 3-5 good
	// (line 5 has no project); 6 a 10-digit code; 7 准入 「Y」; 8 购买服务
	// 「已委托」; 9 440305006099, 12 digits but no community (招商街道's
	// run 002-013).
	{file: "affairs-gbk.csv", source: "community_affairs", acc: 3, quar: 4, skip: 1,
		skippedBy: map[string]int{"above_header": 1}, headerLine: 2, unknown: []string{"序号"},
		quarantine: []string{"6 community_code code_format", "7 access_reviewed enum", "8 contracted enum", "9 community_code code_unknown"},
		contains:   []string{"取值不在允许范围内（是、否）", "value is not one of 是, 否", "已委托"},
		query:      "SELECT string_agg(item_id || ':' || access_reviewed || contracted || ':' || coalesce(project_name, '-'), ',' ORDER BY source_line) FROM raw",
		want:       "ZS-001:是是:社会救助服务项目,ZS-002:是是:长者服务项目,ZS-003:否否:-"},
	// A workbook: row 1 a merged title naming no place, row 2 the header.
	// Row 3 good, its code a number in Excel; rows 4 and 6 assign ZS-002
	// to 水湾 twice (the key is community and affair): both quarantined;
	// row 5 good (ZS-001 again, but in 五湾); row 7 contracted 「√」.
	{file: "affairs-workbook.xlsx", source: "community_affairs", acc: 2, quar: 3, skip: 1,
		skippedBy: map[string]int{"above_header": 1}, headerLine: 2,
		quarantine: []string{"事项清单 4 community_code+item_id duplicate_key", "事项清单 6 community_code+item_id duplicate_key",
			"事项清单 7 contracted enum"},
		contains: []string{"√"},
		query:    "SELECT string_agg(community_code || ':' || item_id || ':' || access_reviewed, ',' ORDER BY source_line) FROM raw",
		want:     "440305006002:ZS-001:是,440305006003:ZS-001:否"},
	// Facilities with the activity area and terminals (headers in ㎡ and
	// 台). Line 2 good; 3 a health station leaving both blank (NULL); 4
	// activity 650 > floor 500; 5 activity = floor, allowed; 6 terminals
	// 「有」 is not a number; 7 no floor area, so the rule has nothing to
	// compare and passes. Accepted activity 600+120+200 = 920 over 3
	// facilities, terminals 2+0+0 = 2 over 3.
	{file: "facilities-activity-area.csv", source: "facilities", acc: 4, quar: 2,
		quarantine: []string{"4 activity_area_m2 activity_area_le_floor_area", "6 self_service_terminals type"},
		contains:   []string{"居民活动用房面积大于建筑面积", "the residents' activity area exceeds the floor area"},
		query:      "SELECT sum(activity_area_m2) || '/' || count(activity_area_m2) || '/' || sum(self_service_terminals) || '/' || count(self_service_terminals) FROM raw",
		want:       "920.0/3/2/3"},
	// An older facility ledger without either column: both rows taken,
	// the two columns written and NULL (unknown), not 0.
	{file: "facilities-older-export.csv", source: "facilities", acc: 2,
		query: "SELECT count(*) || '/' || count(activity_area_m2) || '/' || count(self_service_terminals) FROM raw", want: "2/0/0"},
}

// affairsTextCorpus returns the generated text files of affairsCorpus.
func affairsTextCorpus(t *testing.T) map[string][]byte {
	return map[string][]byte{
		"affairs-gbk.csv": gbk(t, "社区工作事项清单,,,,,,,\n"+
			"序号,事项编码,工作事项,社区编码,交办部门,准入,购买服务,承接项目\n"+
			"1,ZS-001,最低生活保障申请受理,440305006002,区民政局,是,是,社会救助服务项目\n"+
			"2,ZS-002,独居长者探访,440305006002,区民政局,是,是,长者服务项目\n"+
			"3,ZS-003,出租屋信息采集,440305006002,区住房和建设局,否,否,\n"+
			"4,ZS-001,最低生活保障申请受理,4403050060,区民政局,是,是,社会救助服务项目\n"+
			"5,ZS-004,安全生产检查,440305006003,区应急管理局,Y,否,\n"+
			"6,ZS-005,计划生育服务,440305006003,区卫生健康局,是,已委托,计生服务项目\n"+
			"7,ZS-001,最低生活保障申请受理,440305006099,区民政局,是,是,社会救助服务项目\n"),
	}
}

// affairsXLSXCorpus returns the generated workbooks of affairsCorpus.
func affairsXLSXCorpus() map[string]workbook {
	return map[string]workbook{
		"affairs-workbook.xlsx": {sheets: []sheet{{
			name: "事项清单",
			rows: [][]any{
				{"社区工作事项清单（2020年）"},
				{"事项编号", "事项名称", "社区代码", "社区名称", "派出部门", "是否经准入审核", "是否委托社会组织", "项目名称"},
				{"ZS-001", "最低生活保障申请受理", 440305006002, "水湾社区", "区民政局", "是", "是", "社会救助服务项目"},
				{"ZS-002", "特困人员供养申请受理", "440305006002", "水湾社区", "区民政局", "是", "是", "社会救助服务项目"},
				{"ZS-001", "最低生活保障申请受理", "440305006003", "五湾社区", "区民政局", "否", "是", "社会救助服务项目"},
				{"ZS-002", "特困人员供养申请受理", "440305006002", "水湾社区", "区民政局", "是", "否"},
				{"ZS-003", "独居长者探访", "440305006003", "五湾社区", "区民政局", "是", "√", "长者服务项目"},
			},
			merges: [][2]string{{"A1", "H1"}},
		}}},
	}
}

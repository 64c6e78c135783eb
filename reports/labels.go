package reports

import (
	"fmt"
	"strings"

	"shequ/indicators"
)

// Languages of a report.
const (
	LangZh = "zh"
	LangEn = "en"
)

// text is one label in both languages. Every word a report prints that
// does not come from the warehouse (the indicator catalog, model and place
// names) comes from this file.
type text struct{ zh, en string }

// in returns the label in language l.
func (t text) in(l string) string {
	if l == LangEn {
		return t.en
	}
	return t.zh
}

// f formats the label in language l with args.
func (t text) f(l string, args ...any) string { return fmt.Sprintf(t.in(l), args...) }

// ui is the bilingual label table of the reports: sheet names, column
// headers, section titles and the sentence templates of the generated
// reading.
var ui = struct {
	// Sheet names.
	SheetIndicators, SheetEqualization, SheetModels, SheetBelow, SheetQuality, SheetCatalog text

	// Titles.
	ReportTitle, WorkbookTitle, TitleLine text

	// Column headers.
	CommunityCode, CommunityName, StreetCode, Street, DistrictCode, District, URClass, Model                        text
	Scope, ScopeID, ScopeName, Indicator, IndicatorID, Unit, Direction, Standard, StandardValue, StandardSource     text
	Value, Rank, ValueOf, RankOf, MeetingOf, Gap, GapRelative, GroupsBy, Measure, Reason, Scopes                    text
	TheilBetweenModels, TheilWithinModels, TheilTotal                                                               text
	Source, File, RowsIn, Accepted, Quarantined, Skipped, Encoding, SHA256, TopReasons, Rule, Column, Message, Rows text
	Formula, Numerator, Denominator, Scale, Equalized, Description, DependsOn, DeclFile, SQL                        text
	Figure, CensusTable, PersonLevel, Difference, RelativeDifference, CensusFile, PersonFiles                       text
	AreaChecked, Sheet, Line, TotalsLabel, Stated, SumSincePrevious, SumOfSheet                                     text
	Yes, No, NoModel, RunBy                                                                                         text

	// Scopes and directions.
	ScopeAll, ScopeModel, ScopeDistrict, ScopeStreet, AllCommunities text
	HigherBetter, LowerBetter, Neutral                               text
	GroupsModel, GroupsStreet                                        text

	// Notes and blocks.
	UndefinedMeasures, ReasonsBlock, ChartDataBlock, ChartTitle, StandardLine                text
	NoteSuppressed, NoteNull, NoteNoModelComparison, NoteModelComparison, NoteNoWalk         text
	NoteNoEqualization, NoteNoLorenz, NoteNoQuality, NoteNoRun, NoteNoStandards, NoteNoBelow text
	NoteBelowSuppressed, NoteHighlight, NoteRank, Suppressed, NotRanked                      text
	ReconBlock, NoteRecon, NoteReconSame, NoteReconMore                                      text
	TotalsBlock, NoteTotals, NoteTotalsAgree, NoteTotalsMore                                 text
	SheetNulls, CellShows, Communities, NoteNoNulls, NoteBelowMore                           text

	// HTML sections.
	SecSummary, SecModels, SecStandards, SecEqualization, SecLorenz, SecTheil, SecWalk, SecQuality, SecCatalog, SecProvenance text
	Contents, Reading, Generated, RunID, RunTime, Version, InputFiles, Period, Lang                                           text
	LorenzCaption, BarsCaption, TheilCaption, WalkCaption, ModelStdCaption, PopulationShare, ValueShare                       text
	BetweenGroups, WithinGroups, AllByModel, ModelByStreet, WalkWithin, KeyMeasures, BelowList, MoreBelow, ChartsNote         text
	SkippedCommunities, ExcelNote                                                                                             text

	// The generated reading.
	RdList, RdAnd text
}{
	SheetIndicators:   text{"指标总表", "Indicators"},
	SheetEqualization: text{"均等化", "Equalization"},
	SheetModels:       text{"模式比较", "Model comparison"},
	SheetBelow:        text{"达标情况", "Below standard"},
	SheetQuality:      text{"数据质量", "Data quality"},
	SheetCatalog:      text{"指标说明", "Indicator catalog"},

	ReportTitle:   text{"社区公共服务覆盖与均等化报告", "Community public services: coverage and equalization"},
	WorkbookTitle: text{"社区公共服务指标汇总", "Community public-service indicators"},
	TitleLine:     text{"%s — %s · 统计期 %s · 运行 %s", "%s — %s · period %s · run %s"},

	CommunityCode:  text{"社区代码", "Community code"},
	CommunityName:  text{"社区名称", "Community"},
	StreetCode:     text{"街道代码", "Street code"},
	Street:         text{"街道", "Street"},
	DistrictCode:   text{"区县代码", "District code"},
	District:       text{"区县", "District"},
	URClass:        text{"城乡分类代码", "Urban–rural class"},
	Model:          text{"治理模式", "Model"},
	Scope:          text{"范围", "Scope"},
	ScopeID:        text{"范围代码", "Scope id"},
	ScopeName:      text{"范围名称", "Scope name"},
	Indicator:      text{"指标", "Indicator"},
	IndicatorID:    text{"指标代码", "Indicator id"},
	Unit:           text{"单位", "Unit"},
	Direction:      text{"方向", "Direction"},
	Standard:       text{"标准", "Standard"},
	StandardValue:  text{"标准值", "Threshold"},
	StandardSource: text{"标准来源", "Source of the standard"},
	Value:          text{"值", "Value"},
	Rank:           text{"排名", "Rank"},
	ValueOf:        text{"%s 值", "%s value"},
	RankOf:         text{"%s 排名", "%s rank"},
	MeetingOf:      text{"%s 达标社区", "%s communities meeting"},
	Gap:            text{"与标准差距", "Gap to standard"},
	GapRelative:    text{"差距（相对标准）", "Gap (share of standard)"},
	GroupsBy:       text{"泰尔分解分组", "Theil decomposition by"},
	Measure:        text{"测度", "Measure"},
	Reason:         text{"原因", "Reason"},
	Scopes:         text{"范围数", "Scopes"},

	TheilBetweenModels: text{"泰尔T 模式间", "Theil T between models"},
	TheilWithinModels:  text{"泰尔T 模式内", "Theil T within models"},
	TheilTotal:         text{"泰尔T 合计", "Theil T total"},

	Source:      text{"来源", "Source"},
	File:        text{"文件", "File"},
	RowsIn:      text{"输入行数", "Rows in"},
	Accepted:    text{"接受", "Accepted"},
	Quarantined: text{"隔离", "Quarantined"},
	Skipped:     text{"跳过", "Skipped"},
	Encoding:    text{"编码", "Encoding"},
	SHA256:      text{"SHA-256", "SHA-256"},
	TopReasons:  text{"主要隔离原因", "Top quarantine reasons"},
	Rule:        text{"规则", "Rule"},
	Column:      text{"列", "Column"},
	Message:     text{"说明", "Message"},
	Rows:        text{"行数", "Rows"},

	Formula:            text{"计算公式", "Formula"},
	Numerator:          text{"分子", "Numerator"},
	Denominator:        text{"分母", "Denominator"},
	Scale:              text{"倍数", "Scale"},
	Equalized:          text{"计算均等化", "Equalized"},
	Description:        text{"说明", "Description"},
	DependsOn:          text{"输入", "Inputs"},
	DeclFile:           text{"声明文件", "Declaration"},
	SQL:                text{"SQL", "SQL"},
	Figure:             text{"项目", "Figure"},
	CensusTable:        text{"人口统计表", "Census table"},
	PersonLevel:        text{"个人明细汇总", "Person-level total"},
	Difference:         text{"差（明细 − 统计表）", "Difference (person-level − table)"},
	RelativeDifference: text{"相对差", "Relative difference"},
	CensusFile:         text{"统计表文件", "Census table file"},
	PersonFiles:        text{"明细文件", "Person-level files"},
	AreaChecked:        text{"核对区域", "Area checked"},
	Sheet:              text{"工作表", "Sheet"},
	Line:               text{"行号", "Line"},
	TotalsLabel:        text{"合计行", "Totals row"},
	Stated:             text{"填报数", "Stated"},
	SumSincePrevious:   text{"上一合计行以来各行之和", "Sum since the previous totals row"},
	SumOfSheet:         text{"本表各行之和", "Sum of the sheet's rows"},

	Yes:     text{"是", "yes"},
	NoModel: text{"未归入模式", "no model"},
	RunBy:   text{"运行时版本", "run by"},
	No:      text{"否", "no"},

	ScopeAll:       text{"全部", "all"},
	ScopeModel:     text{"治理模式", "model"},
	ScopeDistrict:  text{"区县", "district"},
	ScopeStreet:    text{"街道", "street"},
	AllCommunities: text{"全部社区", "All communities"},
	HigherBetter:   text{"越高越好", "higher is better"},
	LowerBetter:    text{"越低越好", "lower is better"},
	Neutral:        text{"中性", "neutral"},
	GroupsModel:    text{"按治理模式", "by model"},
	GroupsStreet:   text{"按街道", "by street"},

	UndefinedMeasures:     text{"无定义的测度及原因", "Undefined measures and why"},
	ReasonsBlock:          text{"隔离原因汇总", "Quarantine reasons"},
	ChartDataBlock:        text{"图表数据：各模式指标值相对标准（标准 = 100%）", "Chart data: each model's value as a share of the standard (standard = 100%)"},
	ChartTitle:            text{"各治理模式相对标准的水平（标准 = 100%）", "Models against the standards (standard = 100%)"},
	StandardLine:          text{"标准", "Standard"},
	NoteSuppressed:        text{"注：为保护个人信息，小于%d的人数与户数（常住人口、户数、受访者、活动参与者等）显示为“<%d”；以这些数为分子或分母的指标值，以及由这些值算出的指标值，显示为“%s”。数据库保留精确值。", "Note: to protect individuals, counts of people or households (residents, households, respondents, participants) below %d are shown as \"<%d\", and indicator values with such a count as numerator or denominator, or computed from such values, are shown as \"%s\". The warehouse keeps the exact values."},
	NoteNull:              text{"灰色斜体文字（如“分母为0”）：该社区无法计算此指标，文字为原因简写；完整原因与社区数见“%s”表。", "Grey italic text (such as \"denominator is 0\"): the indicator cannot be computed for the community, and the text says why, briefly; the full reasons, with how many communities each, are in the \"%s\" sheet."},
	SheetNulls:            text{"空值说明", "Empty cells"},
	CellShows:             text{"单元格显示", "The cell shows"},
	Communities:           text{"社区数", "Communities"},
	NoteNoNulls:           text{"本统计期所有指标值均可计算，没有空值。", "Every indicator value of the period could be computed: no cell is empty."},
	NoteBelowMore:         text{"另有%[1]d个社区未达标（共%[2]d个），此表只列出差距最大的10,000个；全部名单：shequ query \"SELECT * FROM indicator_values WHERE indicator_id = '%[3]s' AND period = '%[4]s'\"。", "%[1]d more communities are below the standard (%[2]d in all); this sheet lists the 10,000 furthest from it. All of them: shequ query \"SELECT * FROM indicator_values WHERE indicator_id = '%[3]s' AND period = '%[4]s'\"."},
	NoteNoModelComparison: text{"数据库中还没有 model_comparison 表：排名由 indicator_scope_values（scope = model）和指标方向计算，泰尔分解取自 equalization。", "The warehouse has no model_comparison table yet: ranks are computed from indicator_scope_values (scope = model) and each indicator's direction, and the Theil decomposition comes from equalization."},
	NoteModelComparison:   text{"模式比较取自数据库的 model_comparison 表。", "The model comparison comes from the warehouse's model_comparison table."},
	NoteNoWalk:            text{"数据库中还没有步行可达指标（walk_300m_share、walk_500m_share、walk_1000m_share），5/10/15分钟步行覆盖图暂缺。", "The warehouse has no walking-distance indicators yet (walk_300m_share, walk_500m_share, walk_1000m_share): the 5/10/15-minute walk chart is left out."},
	NoteNoEqualization:    text{"数据库中没有 equalization 表：均等化测度暂缺。", "The warehouse has no equalization table: equalization measures are left out."},
	NoteNoLorenz:          text{"数据库中没有 lorenz_points 表：洛伦兹曲线暂缺。", "The warehouse has no lorenz_points table: Lorenz curves are left out."},
	NoteNoQuality:         text{"数据库中没有 ingest_files 表：数据质量暂缺。", "The warehouse has no ingest_files table: data quality is left out."},
	NoteNoRun:             text{"数据库中没有运行记录（runs）。", "The warehouse has no run record (runs)."},
	NoteNoStandards:       text{"指标目录中没有带标准的指标。", "No indicator in the catalog has a standard."},
	NoteNoBelow:           text{"所有社区都达到了各项标准。", "Every community meets every standard."},
	NoteBelowSuppressed:   text{"另有%d个社区的值因隐私保护未公开，未列入。", "%d more communities whose values are suppressed for privacy are not listed."},
	NoteHighlight:         text{"红色底纹：未达到标准。", "Red fill: below the standard."},
	NoteRank:              text{"排名：1 为最好，按指标方向；中性指标不排名。", "Rank: 1 is best, by the indicator's direction; neutral indicators are not ranked."},
	ReconBlock:            text{"人口统计表与个人明细核对", "Census tables against person-level totals"},
	NoteRecon:             text{"既有人口统计表又有个人明细的社区：%d个。指标采用统计表的数字；下表列出两者不一致的%d项（差 = 明细汇总 − 统计表）。仅有个人明细的社区采用明细汇总。", "Communities with both a census-table row and person-level records: %d. The indicators use the census table; the %d figures below differ (difference = person-level total − table). Communities with person-level records only use their totals."},
	NoteReconSame:         text{"既有人口统计表又有个人明细的社区：%d个，两者各项数字一致；指标采用统计表的数字。", "Communities with both a census-table row and person-level records: %d, and every figure agrees; the indicators use the census table."},
	NoteReconMore:         text{"另有%d项差异见工作簿“数据质量”表。", "%d more differing figures are listed in the workbook's Data quality sheet."},
	TotalsBlock:           text{"合计行核对", "Totals rows against the rows they total"},
	NoteTotals:            text{"合计、小计行中有%d个数字与其合计的行核对过，下列%d个既不等于上一合计行以来各行之和，也不等于本表各行之和（允许填报数末位的半个单位）；合计行本身不入库。", "%d figures of totals rows (合计, 小计) were checked against the rows they total; the %d below equal neither the sum of the rows since the previous totals row nor that of all the sheet's rows (within half a unit of the last digit written). Totals rows themselves are not stored."},
	NoteTotalsAgree:       text{"合计、小计行中有%d个数字与其合计的行核对过，全部相符。", "%d figures of totals rows (合计, 小计) were checked against the rows they total, and all add up."},
	NoteTotalsMore:        text{"另有%d个不符的合计数字见工作簿“数据质量”表。", "%d more totals figures that do not add up are listed in the workbook's Data quality sheet."},
	Suppressed:            text{"已抑制", "suppressed"},
	NotRanked:             text{"—", "—"},

	SecSummary:         text{"要点", "Key findings"},
	SecModels:          text{"治理模式比较", "Governance models compared"},
	SecStandards:       text{"社区达标情况", "Communities against the standards"},
	SecEqualization:    text{"均等化", "Equalization"},
	SecLorenz:          text{"洛伦兹曲线", "Lorenz curves"},
	SecTheil:           text{"泰尔指数分解", "Theil decomposition"},
	SecWalk:            text{"步行可达覆盖", "Coverage within walking distance"},
	SecQuality:         text{"数据质量", "Data quality"},
	SecCatalog:         text{"指标说明", "Indicator catalog"},
	SecProvenance:      text{"数据来源与版本", "Provenance"},
	Contents:           text{"目录", "Contents"},
	Reading:            text{"解读（由数据自动生成）", "Reading (generated from the numbers)"},
	Generated:          text{"生成时间", "Generated"},
	RunID:              text{"运行编号", "Run id"},
	RunTime:            text{"运行时间", "Run time"},
	Version:            text{"shequ 版本", "shequ version"},
	InputFiles:         text{"输入文件", "Input files"},
	Period:             text{"统计期", "Period"},
	Lang:               text{"zh-CN", "en"},
	LorenzCaption:      text{"%s：各治理模式的洛伦兹曲线（按%s加权；越接近对角线越均等）", "%s: Lorenz curves per model (weighted by %s; the closer to the diagonal, the more equal)"},
	BarsCaption:        text{"%s：各社区的值与标准线（%s）", "%s: each community against the standard (%s)"},
	TheilCaption:       text{"泰尔T指数分解：社区间差距中组间与组内所占比重（条右侧为泰尔T总值）", "Theil T decomposition: the between-group and within-group shares of the gap between communities (total Theil T at the right of each bar)"},
	WalkCaption:        text{"5/10/15分钟步行范围（300/500/1000米）内的常住人口占比", "Share of residents within a 5/10/15-minute walk (300/500/1000 m)"},
	ModelStdCaption:    text{"各治理模式的合计值相对标准（标准 = 100%）", "Each model's overall value as a share of the standard (standard = 100%)"},
	PopulationShare:    text{"人口累计占比", "cumulative share of population"},
	ValueShare:         text{"累计占比", "cumulative share"},
	BetweenGroups:      text{"组间", "between groups"},
	WithinGroups:       text{"组内", "within groups"},
	AllByModel:         text{"全部（按模式分组）", "all (groups: models)"},
	ModelByStreet:      text{"%s（按街道分组）", "%s (groups: streets)"},
	WalkWithin:         text{"%d米内", "within %d m"},
	KeyMeasures:        text{"主要均等化测度（全部社区及各治理模式内的社区之间）", "Key equalization measures (between the communities of all models and of each model)"},
	BelowList:          text{"未达标社区（差距最大者在前）", "Communities below the standard (worst first)"},
	MoreBelow:          text{"另有%d个未达标社区，见 Excel 工作簿“%s”表。", "%d more communities below the standard are listed in the workbook's “%s” sheet."},
	ChartsNote:         text{"图中颜色代表治理模式：", "Colours stand for the models: "},
	SkippedCommunities: text{"%d个社区无值或因隐私保护未显示。", "%d communities have no value or are suppressed for privacy and are not drawn."},
	ExcelNote:          text{"每个社区的全部指标值见 Excel 工作簿 %s。", "Every community's values are in the workbook %s."},

	RdList: text{"、", ", "},
	RdAnd:  text{"；", "; "},
}

// measureInfo labels one equalization measure and says how to show it.
type measureInfo struct {
	label text
	kind  string // "count", "level" (indicator units), "index", "ratio", "share"
}

// measures are the equalization measures in the order the reports show
// them. A measure the warehouse has and this list lacks is shown after
// these, under its id.
var measures = []struct {
	id string
	measureInfo
}{
	{"n", measureInfo{text{"社区数", "Communities (n)"}, "count"}},
	{"mean_weighted", measureInfo{text{"加权平均值", "Weighted mean"}, "level"}},
	{"min", measureInfo{text{"最小值", "Minimum"}, "level"}},
	{"max", measureInfo{text{"最大值", "Maximum"}, "level"}},
	{"gini_weighted", measureInfo{text{"基尼系数（人口加权）", "Gini (population-weighted)"}, "index"}},
	{"gini", measureInfo{text{"基尼系数（不加权）", "Gini (unweighted)"}, "index"}},
	{"gini_corrected", measureInfo{text{"基尼系数（小样本校正）", "Gini (n−1 corrected)"}, "index"}},
	{"theil_t", measureInfo{text{"泰尔T", "Theil T"}, "index"}},
	{"theil_t_between", measureInfo{text{"泰尔T 组间", "Theil T between groups"}, "index"}},
	{"theil_t_within", measureInfo{text{"泰尔T 组内", "Theil T within groups"}, "index"}},
	{"theil_l", measureInfo{text{"泰尔L（平均对数偏差）", "Theil L (MLD)"}, "index"}},
	{"theil_l_between", measureInfo{text{"泰尔L 组间", "Theil L between groups"}, "index"}},
	{"theil_l_within", measureInfo{text{"泰尔L 组内", "Theil L within groups"}, "index"}},
	{"cv", measureInfo{text{"变异系数", "Coefficient of variation"}, "index"}},
	{"atkinson_0.5", measureInfo{text{"阿特金森指数 ε=0.5", "Atkinson ε=0.5"}, "index"}},
	{"atkinson_1", measureInfo{text{"阿特金森指数 ε=1", "Atkinson ε=1"}, "index"}},
	{"atkinson_2", measureInfo{text{"阿特金森指数 ε=2", "Atkinson ε=2"}, "index"}},
	{"wolfson", measureInfo{text{"沃尔夫森极化指数", "Wolfson polarization"}, "index"}},
	{"max_min_ratio", measureInfo{text{"最大/最小比", "Max/min ratio"}, "ratio"}},
	{"p90_p10_ratio", measureInfo{text{"P90/P10比", "P90/P10 ratio"}, "ratio"}},
	{"share_below_standard", measureInfo{text{"未达标社区占比", "Share of communities below standard"}, "share"}},
	{"population_share_below_standard", measureInfo{text{"未达标社区人口占比", "Share of population in communities below standard"}, "share"}},
}

// measure returns the label and kind of a measure id.
func measure(id string) measureInfo {
	for _, m := range measures {
		if m.id == id {
			return m.measureInfo
		}
	}
	return measureInfo{text{id, id}, "index"}
}

// measureRank orders measure ids: the declared ones first, in order.
func measureRank(id string) int {
	for i, m := range measures {
		if m.id == id {
			return i
		}
	}
	return len(measures)
}

// keyMeasures are shown in the HTML report's equalization table.
var keyMeasures = []string{"gini_weighted", "theil_t", "cv", "p90_p10_ratio", "share_below_standard"}

// sources names the input sources for the data-quality sheet.
var sources = map[string]text{
	"communities":    {"社区名录", "community register"},
	"census":         {"人口", "census"},
	"census_persons": {"人口（个人明细）", "census (person-level)"},
	"facilities":     {"服务设施", "facilities"},
	"staff":          {"社区工作力量", "staff"},
	"grid":           {"网格", "grids"},
	"funding":        {"资金项目", "funding"},
	"survey":         {"满意度调查", "survey"},
	"activities":     {"活动", "activities"},
	"grid_events":    {"网格事件", "grid events"},
	"social_orgs":    {"社区社会组织", "social organisations"},
	"volunteers":     {"志愿者", "volunteers"},

	"community_affairs": {"社区工作事项清单", "community affairs list"},
}

func sourceName(id, l string) string {
	if t, ok := sources[id]; ok {
		return t.in(l)
	}
	return id
}

func direction(d, l string) string {
	switch d {
	case indicators.HigherIsBetter:
		return ui.HigherBetter.in(l)
	case indicators.LowerIsBetter:
		return ui.LowerBetter.in(l)
	}
	return ui.Neutral.in(l)
}

func scopeLabel(scope, l string) string {
	switch scope {
	case "all":
		return ui.ScopeAll.in(l)
	case "model":
		return ui.ScopeModel.in(l)
	case "district":
		return ui.ScopeDistrict.in(l)
	case "street":
		return ui.ScopeStreet.in(l)
	}
	return scope
}

func groupsLabel(by, l string) string {
	switch by {
	case "model":
		return ui.GroupsModel.in(l)
	case "street":
		return ui.GroupsStreet.in(l)
	}
	return by
}

// join lists words the way the language does.
func join(parts []string, l string) string { return strings.Join(parts, ui.RdList.in(l)) }

// provinces names the provinces by the first two digits of a division
// code (GB/T 2260).
var provinces = map[string]text{
	"11": {"北京市", "Beijing"}, "12": {"天津市", "Tianjin"}, "13": {"河北省", "Hebei"}, "14": {"山西省", "Shanxi"},
	"15": {"内蒙古自治区", "Inner Mongolia"}, "21": {"辽宁省", "Liaoning"}, "22": {"吉林省", "Jilin"},
	"23": {"黑龙江省", "Heilongjiang"}, "31": {"上海市", "Shanghai"}, "32": {"江苏省", "Jiangsu"}, "33": {"浙江省", "Zhejiang"},
	"34": {"安徽省", "Anhui"}, "35": {"福建省", "Fujian"}, "36": {"江西省", "Jiangxi"}, "37": {"山东省", "Shandong"},
	"41": {"河南省", "Henan"}, "42": {"湖北省", "Hubei"}, "43": {"湖南省", "Hunan"}, "44": {"广东省", "Guangdong"},
	"45": {"广西壮族自治区", "Guangxi"}, "46": {"海南省", "Hainan"}, "50": {"重庆市", "Chongqing"}, "51": {"四川省", "Sichuan"},
	"52": {"贵州省", "Guizhou"}, "53": {"云南省", "Yunnan"}, "54": {"西藏自治区", "Xizang"}, "61": {"陕西省", "Shaanxi"},
	"62": {"甘肃省", "Gansu"}, "63": {"青海省", "Qinghai"}, "64": {"宁夏回族自治区", "Ningxia"}, "65": {"新疆维吾尔自治区", "Xinjiang"},
}

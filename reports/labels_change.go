package reports

// uiChange holds the labels of the Change sheet (excel_change.go): the
// change of every indicator since the previous period, read from
// indicator_changes.
var uiChange = struct {
	Sheet                                                                    text
	PreviousPeriod, PreviousValue, CurrentValue, Change, Status, WhyNoStatus text
	Improved, Held, Declined                                                 text
	CommImproved, CommHeld, CommDeclined, CommNotCompared                    text
	NoteChange, NoteHeld, NoteCompared, NoteScopes                           text
	NoteNoTable, NoteNoPrevious, NoteNoRows, NoteNotListed                   text
}{
	Sheet:          text{"变化", "Change"},
	PreviousPeriod: text{"上期", "Previous period"},
	PreviousValue:  text{"上期值", "Previous value"},
	CurrentValue:   text{"本期值", "Current value"},
	Change:         text{"变化（百分比指标为个百分点）", "Change (pp for percent indicators)"},
	Status:         text{"状态", "Status"},
	WhyNoStatus:    text{"无状态的原因", "Why no status"},

	Improved: text{"改善", "improved"},
	Held:     text{"持平", "held"},
	Declined: text{"下降", "declined"},

	CommImproved:    text{"改善的社区数", "Communities improved"},
	CommHeld:        text{"持平的社区数", "Communities held"},
	CommDeclined:    text{"下降的社区数", "Communities declined"},
	CommNotCompared: text{"未比较的社区数", "Communities not compared"},

	NoteChange: text{"变化 = 本期值 − 上期值，按指标的显示单位：百分比指标为个百分点（85.0% → 87.5% 为 +2.5），其他指标为其单位。上期为该指标在数据库中较早的最近一期。",
		"Change = current value − previous value, in the indicator's display unit: percentage points (pp) for percent indicators (85.0% → 87.5% is +2.5), the indicator's own unit for the others. The previous period is the latest earlier period the warehouse holds for the indicator."},
	NoteHeld: text{"持平：变化的绝对值小于报告显示的最后一位的一半（百分比指标 0.05 个百分点，一位小数 0.05，两位小数 0.005，整数 0.5），即按报告的精度显示为没有变化；恰好等于一半不算持平。其余按指标方向判定为改善或下降；中性指标不判定。",
		"Held: the change is smaller than half the last digit the reports show (0.05 pp for percent indicators, 0.05 for one decimal, 0.005 for two, 0.5 for whole numbers), so that it shows as no change; exactly half is not held. Otherwise the indicator's direction says improved or declined; neutral indicators are not judged."},
	NoteCompared: text{"社区数只比较两期都有的社区：本期新出现的社区、任一期无值的社区、中性指标的社区计为未比较；只在上期出现的社区不计。四个社区数之和为该范围本期的社区数。",
		"The community counts compare only the communities present in both periods: a community new in this period, one without a value in either period, and every community of a neutral indicator are not compared; a community only in the previous period is not counted. The four counts add up to the scope's communities in this period."},
	NoteScopes: text{"范围：全部社区、各治理模式、各区县。各街道、各社区的变化见数据库：shequ query \"SELECT * FROM indicator_changes WHERE period = '%s' AND scope IN ('street', 'community')\"。",
		"Scopes: all communities, each model, each district. The change of each street and each community is in the warehouse: shequ query \"SELECT * FROM indicator_changes WHERE period = '%s' AND scope IN ('street', 'community')\"."},
	NoteNoTable: text{"数据库中没有 indicator_changes 表：期间变化暂缺（用本版本的 shequ build 重新计算）。",
		"The warehouse has no indicator_changes table: change over time is left out (shequ build of this version computes it)."},
	NoteNoPrevious: text{"数据库中没有早于本统计期（%s）的统计期，无从比较变化。",
		"The warehouse holds no period before %s: there is nothing to compare with."},
	NoteNoRows: text{"indicator_changes 表中没有本统计期（%s）的变化（用本版本的 shequ build 重新计算）。",
		"indicator_changes has no change for %s (shequ build of this version computes it)."},
	NoteNotListed: text{"以下指标在本统计期之前没有数据，未列入：%s。",
		"Indicators with no value before this period, not listed: %s."},
}

// statusLabel names a status of indicator_changes: improved, held or
// declined; "" for none.
func statusLabel(status, l string) string {
	switch status {
	case "improved":
		return uiChange.Improved.in(l)
	case "held":
		return uiChange.Held.in(l)
	case "declined":
		return uiChange.Declined.in(l)
	}
	return status
}

// uiQuality holds the labels the Data quality sheet adds beside the
// labels of rules and columns: the ids the warehouse stores, so that a
// reader can trace them.
var uiQuality = struct {
	RuleID, ColumnID text
}{
	RuleID:   text{"规则代码", "Rule id"},
	ColumnID: text{"字段名", "Column id"},
}

package reports

// uiMore holds the labels of the report's sections on change, place,
// streets, uncertainty and distributions.
var uiMore = struct {
	SecChange, SecMap, SecStreets, SecIntervals, SecDistributions text
	ChangeIntro, ChangeNone, PrevPeriod, PrevValue, CurValue      text
	Change, Improved, Held, Declined, Changed, NotComparable      text
	PP, NoPrev, NoCur, ChangeCaption, MoreGroups, ChangeCounts    text
	MapIntro, MapCaption, MapCommunities, MapCellSize, MapCells   text
	MapNoCoords, MapMore, NoValue, NoModelPanel, Km               text
	CoverageIntro, CoverageModels, CoverageStreets                text
	CoverageUnit, NoCommunities, CoverageMore, TargetUrban        text
	TargetRural, TargetAll                                        text
	StreetsIntro, StreetsBelow, StreetGini, StreetsNone           text
	StreetsCount, CommunitiesBelow                                text
	IntervalsIntro, Interval, Respondents, Meets, Uncertain       text
	SurelyBelow, ValueInterval                                    text
	DistIntro, BoxCaption, Box, Whiskers, Median, Mean            text
	Worst, Best, RankN, DistNone                                  text
}{
	SecChange:        text{"与上期相比的变化", "Change since the previous period"},
	SecMap:           text{"社区分布图", "Where: a map of the communities"},
	SecStreets:       text{"街道", "Streets"},
	SecIntervals:     text{"抽样指标的不确定性", "Uncertainty of values from a sample"},
	SecDistributions: text{"分布、最好与最差的社区", "Distributions, best and worst communities"},

	ChangeIntro: text{"本期（%[1]s）与上期（%[2]s）相比：全部社区及各治理模式的值、变化，以及改善、持平、下降的社区数。变化小于报告显示精度的一半记为持平；只比较两期都有的社区。",
		"This period (%[1]s) against the previous one (%[2]s): the value of all communities and of each model, the change, and how many communities improved, held or declined. A change smaller than half the last digit shown counts as held; only communities present in both periods are compared."},
	ChangeNone:    text{"库中没有比本期更早的统计期，无法比较变化。", "The warehouse holds no period before this one: there is no change to show."},
	PrevPeriod:    text{"上期", "Previous period"},
	PrevValue:     text{"上期值", "Previous value"},
	CurValue:      text{"本期值", "Current value"},
	Change:        text{"变化", "Change"},
	Changed:       text{"变化", "changed"},
	NotComparable: text{"不可比", "not comparable"},
	PP:            text{"个百分点", "pp"},
	NoPrev:        text{"无上期数值", "no previous value"},
	NoCur:         text{"无本期数值", "no current value"},
	ChangeCaption: text{"%[1]s：%[2]s（空心点）→ %[3]s（实心点），全部社区与各治理模式。", "%[1]s: %[2]s (hollow dot) → %[3]s (filled dot), all communities and each model."},
	MoreGroups:    text{"另有 %s 组未画出", "%s more groups not drawn"},
	ChangeCounts:  text{"社区：改善 %[1]s · 持平 %[2]s · 下降 %[3]s · 不可比 %[4]s", "communities: %[1]s improved · %[2]s held · %[3]s declined · %[4]s not comparable"},

	MapIntro:       text{"每个点是一个社区（社区登记的坐标），按指标值着色；每个治理模式一幅。社区很多时按格汇总，格色为格内社区数值的中位数。", "Each dot is a community (at the coordinates it is registered with), coloured by the indicator; one panel per model. With many communities the dots are gathered in grid cells coloured by the median of their communities."},
	MapCaption:     text{"%[1]s，按社区。", "%[1]s, by community."},
	MapCommunities: text{"%s 个社区", "%s communities"},
	MapCellSize:    text{"每格约 %s 公里", "cells of about %s km"},
	MapCells:       text{"%[1]s 个社区汇为 %[2]s 格，格色为格内社区数值的中位数", "%[1]s communities in %[2]s cells, each coloured by the median of its communities"},
	MapNoCoords:    text{"%s 个社区没有坐标，未画出", "%s communities without coordinates are not drawn"},
	MapMore:        text{"另有 %[1]s 组（%[2]s 个社区）未画出", "%[1]s more groups (%[2]s communities) not drawn"},
	NoValue:        text{"无数值", "no value"},
	NoModelPanel:   text{"未纳入治理模式", "In no model"},
	Km:             text{"公里", "km"},

	CoverageIntro:   text{"服务中心覆盖是社区的有或无（1或0），标准是社区的占比：城市社区100%、农村社区80%。下图按治理模式和街道给出有服务中心的社区占比，虚线为目标。", "Whether a community has a service centre is a yes or no (1 or 0), and the standard is a share of communities: 100 % of urban communities, 80 % of rural ones. The charts give the share of communities with a centre per model and per street, against the targets (dashed)."},
	CoverageModels:  text{"%s：各治理模式有服务中心的社区占比", "%s: share of communities with a centre, per model"},
	CoverageStreets: text{"%s：覆盖率最低的街道", "%s: the streets with the lowest coverage"},
	CoverageUnit:    text{"有服务中心的社区占比", "share of communities with a service centre"},
	NoCommunities:   text{"无社区", "no communities"},
	CoverageMore:    text{"仅列覆盖率最低的 %[1]s 个，另有 %[2]s 个见工作簿", "only the %[1]s lowest are drawn; %[2]s more are in the workbook"},
	TargetUrban:     text{"城市社区目标 100%", "urban target 100%"},
	TargetRural:     text{"农村社区目标 80%", "rural target 80%"},
	TargetAll:       text{"目标 %s", "target %s"},

	StreetsIntro:     text{"街道的值是街道内各社区分子之和除以分母之和；基尼系数衡量街道内社区之间的差距（0为完全均等）。下表列出离标准最远的街道。", "A street's value is the sum of its communities' numerators over the sum of their denominators; the Gini coefficient measures the differences between the communities within the street (0: none). The tables list the streets furthest from each standard."},
	StreetsBelow:     text{"%[1]s：离标准最远的街道（%[2]s 个街道中 %[3]s 个未达标）", "%[1]s: the streets furthest from the standard (%[3]s of %[2]s streets below it)"},
	StreetGini:       text{"街道内基尼系数", "Gini within the street"},
	StreetsNone:      text{"所有街道均达标。", "Every street meets the standard."},
	StreetsCount:     text{"街道数", "Streets"},
	CommunitiesBelow: text{"未达标社区/有值社区", "Communities below / with a value"},

	IntervalsIntro: text{"满意率来自每个社区20–30名受访者的抽样调查，带有抽样误差。下表给出受访人数和95%置信区间（Wilson法；满意率之差用Newcombe法）。只有当区间整体低于标准时，才判定一个社区未达标；区间跨过标准的社区记为“不确定”。范围的区间把范围内的受访者当作一个简单随机样本，比按社区分层的区间窄。",
		"Satisfaction shares come from a survey of 20–30 respondents a community and carry sampling error. The table gives the number of respondents and the 95 % interval (Wilson; Newcombe for a difference of two shares). A community is counted below a standard only when its whole interval is below it; one whose interval straddles the standard is counted as uncertain. A scope's interval treats its respondents as one simple random sample, which makes it narrower than an interval that allows for the sampling by community."},
	Interval:      text{"95%区间", "95% interval"},
	Respondents:   text{"受访人数", "Respondents"},
	Meets:         text{"达标社区", "Communities meeting"},
	Uncertain:     text{"不确定", "Uncertain"},
	SurelyBelow:   text{"确定未达标", "Surely below"},
	ValueInterval: text{"%[1]s（95%%区间 %[2]s–%[3]s，%[4]s 人）", "%[1]s (95%% interval %[2]s–%[3]s, n = %[4]s)"},

	DistIntro:  text{"本期有 %s 个社区，逐个社区的图表无法阅读：下面给出各指标在全部社区、各治理模式和各省的分布，以及最好和最差的20个社区；逐个社区的数值见工作簿。", "The period has %s communities, too many to draw one by one: below are each indicator's distribution over all communities, each model and each province, and the best and worst 20 communities; every community's values are in the workbook."},
	BoxCaption: text{"%s：分布（箱为P25–P75，须为P5–P95，竖线为中位数，点为均值）。", "%s: distribution (box P25–P75, whiskers P5–P95, line the median, dot the mean)."},
	Box:        text{"P25–P75", "P25–P75"},
	Whiskers:   text{"P5–P95", "P5–P95"},
	Median:     text{"中位数", "median"},
	Mean:       text{"均值", "mean"},
	Worst:      text{"最差的 %d 个社区", "The worst %d communities"},
	Best:       text{"最好的 %d 个社区", "The best %d communities"},
	RankN:      text{"名次", "Rank"},
	DistNone:   text{"没有可发布的数值。", "No value to publish."},
}

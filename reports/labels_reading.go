package reports

// rd holds the bilingual words of the generated reading (reading.go), the
// gap formatting (formatGap), the legends of the below-standard bars and
// the Theil charts (svg.go, svg_theil.go) and the methods section
// (methods.go), beside the main label table ui.
var rd = struct {
	// Gaps and changes in percentage points; below and above.
	PP, Below, Above, Rose, Fell, Improved, Declined, Named text

	// The three findings.
	FindGap, FindGapAbs, FindAllMeet, FindUnequal, FindUnequalTheil, FindNoInequality, FindChange, FindFewest text

	// The rest, briefly.
	OtherMisses, MissGroup, MissPart, Meeting, MeetingPart                        text
	Leaders, LeadersExcl, LeadersAlone, LeaderPart, LeadersTied, LeadersNoneAlone text
	TwoStepEqual, TwoStepDiffer                                                   text
	TheilIntro, TheilOne, TheilPart, TheilNone, TheilNoneChart                    text
	Streets, StreetsBetween, StreetsWithin, StreetsOne                            text
	NoModels                                                                      text

	// Charts.
	BarMeets, BarBelow, BarTipGap text

	// Methods.
	Methods, MSources, MSourcesNone, MSourceName, MSourceItem, MFormulasTitle, MFormulas                 text
	MStandardsTitle, MStandards, MStandardsNone, MStandardItem, MStandardNoSource, Paren                 text
	MScopes, MScopesRatio, MScopesMedian, MScopesDifference, MIntervals, MIntervalsRule, MIntervalsCount text
	MIntervalsScope, MPrivacy, MPrivacyRule, MPrivacyNot, MPrivacyOff                                    text
}{
	PP:       text{"%s个百分点", "%s pp"},
	Below:    text{"低", "below"},
	Above:    text{"高", "above"},
	Rose:     text{"升至", "rose"},
	Fell:     text{"降至", "fell"},
	Improved: text{"改善", "improved"},
	Declined: text{"下降", "declined"},
	Named:    text{"「%s」", "%s"},

	FindGap:          text{"离标准最远（按模式合计，以差距占标准的比例计）：%[1]s的「%[2]s」为%[3]s，比标准（%[4]s）%[5]s%[6]s，差距为标准的%[7]s。", "Furthest from a standard (a model taken as a whole, gap as a share of the standard): %[2]s in %[1]s is %[3]s, %[6]s %[5]s the standard (%[4]s), a gap of %[7]s of it."},
	FindGapAbs:       text{"离标准最远（按模式合计）：%[1]s的「%[2]s」为%[3]s，比标准（%[4]s）%[5]s%[6]s。", "Furthest from a standard (a model taken as a whole): %[2]s in %[1]s is %[3]s, %[6]s %[5]s the standard (%[4]s)."},
	FindAllMeet:      text{"按模式合计，各治理模式都达到了有数值的全部%d项标准。", "Taken as a whole, every model meets all %d standards it has a value for."},
	FindUnequal:      text{"最不均等（全部社区间人口加权基尼系数最高）：「%s」，基尼系数%s。", "Most unequal (highest population-weighted Gini over all communities): %s, Gini %s."},
	FindUnequalTheil: text{"最不均等（全部社区间人口加权基尼系数最高）：「%s」，基尼系数%s；泰尔T为%s，其中%s在治理模式之间。", "Most unequal (highest population-weighted Gini over all communities): %s, Gini %s; Theil T %s, %s of it between the models."},
	FindNoInequality: text{"各项均等化指标在全部社区之间都没有不均等（人口加权基尼系数均为0.000）。", "No equalized indicator shows any inequality between the communities (every population-weighted Gini is 0.000)."},
	FindChange:       text{"变化最大（按模式合计，与上期%[1]s相比，以变化占上期数值的比例计）：%[2]s的「%[3]s」从%[4]s%[5]s%[6]s（%[7]s，%[8]s，%[9]s）。", "Largest change since %[1]s (a model taken as a whole, change as a share of the earlier value): %[3]s in %[2]s %[5]s from %[4]s to %[6]s (%[7]s, %[8]s, %[9]s)."},
	FindFewest:       text{"达标社区比例最低（全部社区）：「%s」（标准：%s），%d个有值的社区中%d个达标（%s）。", "Fewest communities meeting a standard (all communities, by share meeting): %s (standard %s): %[4]d of %[3]d communities with a value meet it (%[5]s)."},

	OtherMisses:      text{"按模式合计，另有未达标：%s。", "Also below a standard, taken as a whole: %s."},
	MissGroup:        text{"「%s」（标准：%s）：%s", "%s (standard %s): %s"},
	MissPart:         text{"%s %s", "%s %s"},
	Meeting:          text{"全部社区中达到各项标准的社区数：%s。", "Communities meeting each standard, over all models: %s."},
	MeetingPart:      text{"「%s」%s/%s", "%s %s of %s"},
	Leaders:          text{"在%d项有方向、且至少两个模式有值的指标中%s，%s。", "Of the %d indicators with a direction and values for two or more models%s, %s."},
	LeadersExcl:      text{"（不计两项两步移动搜寻法可达性指标，见下）", " (the two 2SFCA accessibility indicators left out; see below)"},
	LeadersAlone:     text{"单独排名第一的是%s", "first place alone goes to %s"},
	LeaderPart:       text{"%s%d项", "%s on %d"},
	LeadersTied:      text{"%d项为并列第一（每项只计一次）", "on %d, models are tied for first (each counted once)"},
	LeadersNoneAlone: text{"没有模式单独排名第一", "no model ranks first alone"},
	TwoStepEqual:     text{"两项两步移动搜寻法（2SFCA）可达性指标在模式层面数值相同（如%s均为%s），故不计入排名：第一步把每个服务中心的建筑面积按其搜寻半径内的（加权）人口分摊，第二步把分摊到的份额按居民加回，所以一个范围内居民的人口加权平均可达性等于范围内服务中心建筑面积之和 ÷ 有位置的常住人口，与距离权重无关。这在范围内的居民只到达范围内的中心、中心也只被范围内的居民到达时严格成立；此处两种算法的值相等。", "The two 2SFCA accessibility indicators have the same value at model level (%s: %s for both) and are not ranked: step 1 shares each centre's floor area among the (weighted) residents within its catchment, and step 2 adds the shares back over those residents, so the resident-weighted mean accessibility of an area is its centres' floor area ÷ its residents with a location, whatever the distance weight. This is exact when the area's residents reach only its centres and only its residents reach them; here the two variants agree."},
	TwoStepDiffer:    text{"两项两步移动搜寻法（2SFCA）可达性指标在模式层面接近（如%s分别为%s和%s），故不计入排名：第一步把每个服务中心的建筑面积按其搜寻半径内的（加权）人口分摊，第二步把分摊到的份额按居民加回，所以一个自成一体的范围（居民只到达范围内的中心、中心也只被范围内的居民到达）的人口加权平均可达性等于中心建筑面积之和 ÷ 有位置的常住人口，与距离权重无关；此处两者略有不同，因为有搜寻半径跨越了模式边界，等式只是近似成立。", "The two 2SFCA accessibility indicators are close at model level (%s: %s and %s) and are not ranked: step 1 shares each centre's floor area among the (weighted) residents within its catchment, and step 2 adds the shares back over those residents, so in a self-contained area (its residents reach only its centres, and only its residents reach them) the resident-weighted mean accessibility is the centres' floor area ÷ residents with a location, whatever the distance weight. Here the two differ slightly because some catchments cross a model's boundary, so the equality only holds approximately."},
	TheilIntro:       text{"泰尔T分解：在%d项有不均等的均等化指标中，治理模式之间的差异所占比重最高的是%s，最低的是%s。", "Theil T decomposition over the %d equalized indicators with any inequality: the share lying between the models is largest for %s and smallest for %s."},
	TheilOne:         text{"泰尔T分解：%s的社区间差距在治理模式之间。", "Theil T decomposition: of the gap between communities, %s lies between the models."},
	TheilPart:        text{"「%s」（%s）", "%s (%s)"},
	TheilNone:        text{"%s在社区之间无不均等（泰尔T = 0.000）。", "%s: no inequality between communities (Theil T = 0.000)."},
	TheilNoneChart:   text{"无不均等", "no inequality"},
	Streets:          text{"各模式内部：%s。", "Within the models: %s."},
	StreetsBetween:   text{"%s的差距主要在街道之间（平均%s）", "in %s the gap lies mostly between streets (%s on average)"},
	StreetsWithin:    text{"%s的差距主要在街道内部的社区之间（街道之间平均只占%s）", "in %s it lies mostly between communities of the same street (streets account for %s on average)"},
	StreetsOne:       text{"%s只有一个街道，差距全部在社区之间", "%s is a single street, so its whole gap is between communities"},
	NoModels:         text{"数据库中没有治理模式的合计值。", "The warehouse has no per-model values."},

	BarMeets:  text{"达标", "meets the standard"},
	BarBelow:  text{"未达标（浅色）", "below it (pale)"},
	BarTipGap: text{"%[1]s：%[2]s，比标准%[3]s%[4]s", "%[1]s: %[2]s, %[4]s %[3]s the standard"},

	Methods:           text{"方法说明", "Methods"},
	MSources:          text{"数据来源", "Sources"},
	MSourcesNone:      text{"数据库中没有本期的文件清单（ingest_files）。", "The warehouse lists no input files for the period (ingest_files)."},
	MSourceName:       text{"%s（%s）", "%s (%s)"},
	MSourceItem:       text{"%s：%d个文件，%s行", "%s: %d file(s), %s rows"},
	MFormulasTitle:    text{"公式", "Formulas"},
	MFormulas:         text{"每项指标的公式（社区值及上级范围值的算法）见“指标说明”表，取自 indicator_catalog 的 formula_zh、formula_en。", "Each indicator's formula, for a community and a scope, is in the catalog table (formula_zh, formula_en of indicator_catalog)."},
	MStandardsTitle:   text{"标准", "Standards"},
	MStandards:        text{"%d项指标设有标准，出处：", "Indicators with a standard: %d. Documents:"},
	MStandardsNone:    text{"指标目录中没有带标准的指标。", "No indicator in the catalog has a standard."},
	MStandardItem:     text{"%s（%d项）", "%s (%d)"},
	MStandardNoSource: text{"（未注明出处）", "(no document given)"},
	Paren:             text{"（%s）", " (%s)"},
	MScopes:           text{"范围的汇总", "How scopes aggregate"},
	MScopesRatio:      text{"街道、区县、模式和全部社区的值是比值之和（Σ分子 ÷ Σ分母 × 倍数），不是社区比值的平均。", "A scope's value (street, district, model, all) is a ratio of sums, Σ numerators ÷ Σ denominators × scale, never a mean of community ratios."},
	MScopesMedian:     text{"中位数%s取范围内全部事件的中位数。", " A median%s is over all the scope's events."},
	MScopesDifference: text{"差值%s是两个范围值之差。", " A difference%s is the difference of two scope values."},
	MIntervals:        text{"抽样与95%区间", "Samples and 95% intervals"},
	MIntervalsRule:    text{"抽样得出的比例带95%%威尔逊（Wilson）区间%s，其差带纽科姆（Newcombe）区间%s；只有整个区间都未达到标准，社区才标为未达标（below_standard），区间跨越标准的为“不确定”。", "Shares from a sample come with a 95%% Wilson interval%s, their differences with Newcombe's%s; a community is flagged below a standard (below_standard) only when the whole interval misses it, and uncertain when the interval straddles it."},
	MIntervalsCount:   text{"（%d项）", " (%d)"},
	MIntervalsScope:   text{"范围的区间把全部受访者当作一个简单随机样本，忽略按社区的聚集，因此偏窄。其余指标由全体计算，是精确值。", " A scope's interval pools its respondents as one simple random sample, ignoring clustering by community, so it is too narrow. Other indicators are exact."},
	MPrivacy:          text{"小数抑制", "Suppression of small counts"},
	MPrivacyRule:      text{"统计人或户的数在1到%d之间时显示为“%s”（合计行核对中同样）；以这样的数为分子或分母、或由这样的值算出的指标值显示为“%s”，不进入图表、解读和名单。", "Counts of people or households from 1 to %d show as \"%s\" (in totals-row checks too); a value with such a count as numerator or denominator, or computed from one, shows as \"%s\", left out of charts, reading and lists."},
	MPrivacyNot:       text{"其他个数、文件行数和均等化测度照常显示；数据库保留精确值。", " Other counts, file rows and equalization measures are shown; the warehouse keeps exact values."},
	MPrivacyOff:       text{"本报告未启用小数抑制：所有数字按原值显示。", "Suppression is off for this report: every figure is shown as it is."},
}

package reports

// uiPlans holds the labels of the plan targets: the 规划目标 sheet and the
// HTML section (plans.go), read from standard_plans and plan_attainment.
var uiPlans = struct {
	Sheet, Section, Intro, IntroSide                    text
	Plan, Target, Value, Status, Meeting, Baseline      text
	Progress, Holds, Scope, Years, Kind, File, Document text
	Meets, Below, Uncertain, Benchmark, HoldsAll        text
	BeforeBaseline, NoBaseline, BaselineMet             text
	FromPlan, Measured, PlansHeader                     text
	NoteProgress, NoteStatus, NoteScopes, NoTable       text
	Partial, From, FromSide                             text
	National, Province, City, District                  text
	BelowAdded, NoneBelowAdded, MoreBelowAdded          text
}{
	BelowAdded:     text{"另受添加规划约束的社区中，未达到其目标的社区（差距最大者在前）", "Communities below the targets of the plans the configuration adds (furthest first)"},
	NoneBelowAdded: text{"受添加规划约束的社区都达到了其目标。", "Every community held to an added plan meets its targets."},
	MoreBelowAdded: text{"另有%d个未达到目标的社区（共%d个）未列出。", "%d more communities below the target (%d in all) are not listed."},
	National:       text{"全国", "national"},
	Province:       text{"省", "province"},
	City:           text{"市", "city"},
	District:       text{"区县", "district"},
	Sheet:          text{"规划目标", "Plan targets"},
	Section:        text{"对照规划目标", "Against the plans' targets"},
	Intro:          text{"每个范围按约束它的每个规划的目标比较：全国规划（及参考基准）约束全部社区；配置添加的省、市规划约束其指定的模式或地区，与全国规划并列。", "Each scope is held to the target of every plan that holds it: the national plan (and the benchmarks) hold every community; a provincial or city plan the configuration adds holds the models or areas it names, side by side with the national one."},
	IntroSide:      text{"%s：同时受 %s 约束。", "%s: also held to %s."},
	Plan:           text{"规划", "Plan"},
	Target:         text{"目标", "Target"},
	Value:          text{"值", "Value"},
	Status:         text{"达到情况", "Status"},
	Meeting:        text{"达标社区/有值社区", "Communities meeting / with a value"},
	Baseline:       text{"基期值", "Baseline"},
	Progress:       text{"进度（基期→目标）", "Progress (baseline → target)"},
	Holds:          text{"约束", "Holds"},
	Scope:          text{"适用范围", "Scope"},
	Years:          text{"基期→目标年份", "Baseline → target year"},
	Kind:           text{"类别", "Kind"},
	File:           text{"文件", "File"},
	Document:       text{"文号与标题", "Document"},

	Meets:     text{"达到", "meets"},
	Below:     text{"未达到", "below"},
	Uncertain: text{"不确定（区间跨越目标）", "uncertain (interval straddles the target)"},
	Benchmark: text{"参考基准", "benchmark"},
	HoldsAll:  text{"全部社区", "all communities"},

	BeforeBaseline: text{"基期年份之前", "before the baseline year"},
	NoBaseline:     text{"无基期值", "no baseline"},
	BaselineMet:    text{"基期已达到目标", "baseline met the target already"},
	FromPlan:       text{"规划公布", "the plan's"},
	Measured:       text{"%s年", "%s"},
	PlansHeader:    text{"规划与参考基准", "Plans and benchmarks"},

	NoteProgress: text{"进度 = (值 − 基期值) ÷ (目标值 − 基期值)：0 为仍在基期水平，100% 为到达目标，负数为倒退。基期值取规划公布的值；规划未公布时取本范围在基期年份的值。基期年份之前、或基期已达到目标时不计进度。",
		"Progress = (value − baseline) ÷ (target − baseline): 0 means still at the baseline, 100% the target reached, a negative figure a move away from it. The baseline is the plan's published value; where the plan gives none, the scope's own value in the baseline year. There is no progress before the baseline year, or when the baseline met the target already."},
	NoteStatus: text{"达到情况按范围的值；抽样得出的比例在其95%区间整体低于目标时才算未达到，区间跨越目标为不确定。社区数按每个社区自己的值。参考基准不是规划目标，各自注明出处。",
		"Status reads the scope's value; a share from a sample is below only when its whole 95% interval misses the target, and uncertain when the interval straddles it. Community counts read each community's own value. Benchmarks are not plan targets; each names its source."},
	NoteScopes: text{"范围：全部社区、各治理模式、各区县。一个规划只约束范围中的部分社区时，值为这些社区的比值之和（注“部分”）。各街道见数据库：shequ query \"SELECT * FROM plan_attainment WHERE period = '%s' AND scope = 'street'\"。",
		"Scopes: all communities, each model, each district. Where a plan holds only part of a scope, the value is the ratio of the sums of those communities (marked “part”). Streets are in the warehouse: shequ query \"SELECT * FROM plan_attainment WHERE period = '%s' AND scope = 'street'\"."},
	NoTable: text{"数据库中没有 plan_attainment 表：规划目标暂缺（用本版本的 shequ build 重新计算）。",
		"The warehouse has no plan_attainment table: plan targets are left out (shequ build of this version computes them)."},
	From:     text{"标准取自：%s。", "Standards from: %s."},
	FromSide: text{"%s另受 %s 约束，见“%s”。", "%s is also held to %s: see “%s”."},
	Partial:  text{"部分：%d/%d个社区", "part: %d of %d communities"},
}

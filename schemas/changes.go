package schemas

// indicatorChangesTable declares indicator_changes, the change of every
// indicator since the previous period (internal/build, changes.go).
func indicatorChangesTable() Table {
	return Table{
		Name:      "indicator_changes",
		RowZh:     "统计期 × 社区或范围（all、model、district、street）× 指标：上期值、变化、改善/持平/下降，范围内各类社区数",
		RowEn:     "period × community or scope (all, model, district, street) × indicator: previous value, change, improved / held / declined, and per scope the communities of each",
		CommentZh: "指标的期间变化：与该指标在库中较早的最近一期（previous_period，统计期按文本排序，2015 < 2020 < 2020-06，间隔不必是五年）相比；change = value − previous_value（指标存储单位）；按指标方向判定改善（improved）或下降（declined），abs(change) 小于 held_below（报告显示的最后一位的一半：percent 0.0005、decimal1 0.05、decimal2 0.005、integer 0.5，即按报告精度显示为没有变化）为持平（held）；任一期无值或指标为中性时 status 为空并注明原因。只列本期的社区和范围，只在上期出现的社区不列；没有更早一期的统计期不列",
		CommentEn: "change of each indicator since the latest earlier period the warehouse holds for it (previous_period; periods sort as text, 2015 < 2020 < 2020-06, and need not be five years apart); change = value − previous_value in the indicator's stored units; improved or declined by the indicator's direction, held when abs(change) < held_below, half the last digit the reports show (percent 0.0005, decimal1 0.05, decimal2 0.005, integer 0.5: a change that shows as none); status NULL with a reason when either value is missing or the indicator is neutral. Only the communities and scopes of the current period are listed (a community only in the previous period is not); a period with no earlier one has no rows",
		Columns: []TableColumn{
			{"period", Varchar, true, "本期", "current period"},
			{"previous_period", Varchar, true, "上期：该指标在库中较早的最近一期", "previous period: the latest earlier period the warehouse holds for the indicator"},
			{"scope", Varchar, true, "community（社区）或范围：all、model、district、street", "community, or a scope: all, model, district, street"},
			{"scope_id", Varchar, true, "社区代码或范围代码", "community code, or scope id"},
			{"indicator_id", Varchar, true, "指标编号", "indicator id"},
			{"value", Double, false, "本期值", "value in the current period"},
			{"previous_value", Double, false, "上期值；上期没有该社区或范围时为空", "value in the previous period; NULL when the community or scope was not in it"},
			{"change", Double, false, "value − previous_value（指标存储单位，percent为比例：0.05即5个百分点）", "value − previous_value in the indicator's stored units (a share for percent: 0.05 is 5 percentage points)"},
			{"held_below", Double, false, "持平的界限：报告显示的最后一位的一半；abs(change) 小于它为持平（恰好等于不算）", "the held threshold: half the last digit the reports show; held when abs(change) is below it (not when equal)"},
			{"status", Varchar, false, "improved（改善）、held（持平）或 declined（下降）；任一值为空或指标为中性时为空", "improved, held or declined; NULL when either value is NULL or the indicator is neutral"},
			{"null_reason", Varchar, false, "status 为空的原因", "why status is NULL"},
			{"communities_improved", Bigint, false, "范围行：本期属于该范围、改善的社区数（社区行为空）", "scope rows: communities of the scope in the current period that improved (NULL in community rows)"},
			{"communities_held", Bigint, false, "范围行：持平的社区数", "scope rows: communities that held"},
			{"communities_declined", Bigint, false, "范围行：下降的社区数", "scope rows: communities that declined"},
			{"communities_not_comparable", Bigint, false, "范围行：status 为空的社区数（上期没有、任一值为空或指标为中性）；四个数之和为本期范围内的社区数", "scope rows: communities whose status is NULL (new, a value missing, or a neutral indicator); the four counts add up to the scope's communities in the current period"},
		},
	}
}

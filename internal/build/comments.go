package build

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/indicators"
	"shequ/internal/warehouse"
	"shequ/schemas"
)

// doc is a bilingual description.
type doc struct{ zh, en string }

func (d doc) String() string { return d.zh + " / " + d.en }

// tableDocs documents the tables that are not source tables. Source tables
// are documented from their schema declarations.
var tableDocs = map[string]struct {
	table   doc
	columns map[string]doc
}{
	"communities": {doc{"社区名录（按期），含所属治理模式", "community register per period, with its governance model"}, map[string]doc{
		"period":         {"统计期", "period (year or year-month)"},
		"community_code": {"12位统计用区划代码", "12-digit statistical division code"},
		"street_code":    {"9位乡镇街道代码（缺省时取社区代码前9位）", "9-digit street code (the first 9 digits of the community code when not given)"},
		"district_code":  {"6位区县代码（缺省时取社区代码前6位）", "6-digit district code (the first 6 digits of the community code when not given)"},
		"model_id":       {"治理模式（配置文件models，按区县或街道代码最长前缀匹配）；空表示未归入任何模式", "governance model (config models, longest matching district or street code prefix); NULL when none"},
	}},
	"community_scopes": {doc{"社区所属的各级范围：all、model、district、street", "the scopes each community belongs to: all, model, district, street"}, nil},
	"models":           {doc{"治理模式及其覆盖的区县或街道代码", "governance models and the district or street codes they cover"}, nil},
	"quarantine": {doc{"被拒绝的行：每条违反的规则一行", "rejected rows: one line per broken rule"}, map[string]doc{
		"line":       {"文件中的行号（Excel为行号）", "line in the file (row number in a workbook)"},
		"column":     {"违反规则的列（规范列名）", "the column that broke the rule (canonical name)"},
		"value":      {"原始值", "the offending value as written"},
		"rule":       {"规则编号", "rule id"},
		"message_zh": {"中文说明", "message in Chinese"},
		"message_en": {"英文说明", "message in English"},
	}},
	"ingest_files":      {doc{"每个输入文件的清单：sha256与行数核对（rows_in = accepted + quarantined + skipped）", "manifest of every input file: sha256 and reconciled counts (rows_in = accepted + quarantined + skipped)"}, nil},
	"runs":              {doc{"每次运行的记录：时间、状态、输入文件（含sha256与行数）", "one record per run: times, status, inputs with sha256 and row counts"}, nil},
	"indicator_catalog": {doc{"指标目录：由 indicators/*.sql 的声明生成", "indicator catalog, generated from the declarations in indicators/*.sql"}, nil},
	"indicator_values": {doc{"社区指标值（长表）：value = numerator ÷ denominator × scale；分母为0、缺少输入或输入超出可计算范围时为空并注明原因", "per-community indicator values (long): value = numerator ÷ denominator × scale; NULL with a reason when the denominator is 0 or an input is missing or out of range"}, map[string]doc{
		"value":       {"指标值（从不为±Inf或NaN）", "indicator value (never ±Inf or NaN)"},
		"numerator":   {"分子；不是有限数或绝对值大于2^53时为空", "numerator; NULL when not finite or beyond ±2^53"},
		"denominator": {"分母（也是均等化测度的权重）；不是有限数或绝对值大于2^53时为空", "denominator (also the weight in equalization measures); NULL when not finite or beyond ±2^53"},
		"null_reason": {"值为空的原因（输入超出范围时注明社区）", "why the value is NULL (naming the community when an input is out of range)"},
	}},
	"indicator_scope_values": {doc{"各级范围的指标值：分子之和 ÷ 分母之和 × scale（比值之和，不是社区比值的平均）", "indicator values per scope: sum of numerators ÷ sum of denominators × scale (a ratio of sums, not a mean of community ratios)"}, map[string]doc{
		"communities_meeting_standard": {"达到标准的社区数", "communities meeting the standard"},
		"null_reason":                  {"值为空的原因（注明范围）", "why the value is NULL (naming the scope)"},
	}},
	"census_reconciliation": {doc{"人口统计表与个人明细的核对：同一统计期内既有统计表行又有个人明细的社区，每项数字一行；census 表采用统计表的数字", "census tables against person-level totals: one row per figure of each community of a period that has both a census-table row and person-level records; the census table keeps the census-table figures"}, map[string]doc{
		"community_name":      {"社区名称（统计表未填时取社区名录）", "community name (from the register when the table has none)"},
		"figure":              {"项目：resident、registered、non_registered、households、age_0_14、age_15_59、age_60_plus（统计表未填的项目不列）", "figure: resident, registered, non_registered, households, age_0_14, age_15_59, age_60_plus (figures the table leaves empty are not listed)"},
		"census_value":        {"统计表的数字", "the census table's figure"},
		"persons_value":       {"该统计期全部个人明细文件汇总的数字", "the total counted from all person-level files of the period"},
		"difference":          {"persons_value − census_value；超出BIGINT时为空", "persons_value − census_value; NULL beyond BIGINT"},
		"relative_difference": {"difference ÷ census_value；统计表为0时为空", "difference ÷ census_value; NULL when the table says 0"},
		"census_file":         {"统计表文件", "census table file"},
		"census_line":         {"统计表中的行号", "line in the census table file"},
		"persons_files":       {"个人明细文件（逗号分隔）", "person-level files (comma-separated)"},
	}},
	"equalization": {doc{"均等化测度：按范围和指标，社区间以分母（人口或户数）加权", "equalization measures per scope and indicator, across communities, weighted by the denominator (residents or households)"}, map[string]doc{
		"measure":     {"测度：gini、gini_weighted、theil_t、theil_l、cv、atkinson_*等，定义见 internal/inequality", "measure id: gini, gini_weighted, theil_t, theil_l, cv, atkinson_*, …; definitions in internal/inequality"},
		"n":           {"参与计算的社区数（值非空）", "communities with a value"},
		"groups_by":   {"泰尔分解的分组：model 或 street", "grouping of the Theil decomposition: model or street"},
		"null_reason": {"测度无定义的原因", "why the measure is undefined"},
	}},
	"model_comparison": {doc{"治理模式比较：各模式的指标值（比值之和）、排名、达标社区数，以及全部社区不平等的模式间/模式内泰尔分解", "governance models side by side: each model's indicator value (ratio of sums), rank, communities meeting the standard, and the between-model / within-model Theil T decomposition of inequality across all communities"}, map[string]doc{
		"rank":                   {"模式间排名，1为最好（按指标方向；中性指标为空）", "rank among the models, 1 = best by the indicator's direction (NULL for neutral indicators)"},
		"share_meeting_standard": {"有值社区中达标的比例", "share of communities with a value that meet the standard"},
		"theil_t_model":          {"该模式内部社区间的泰尔T指数", "Theil T across the model's own communities"},
		"theil_t_between_models": {"全部社区泰尔T的模式间部分", "between-model part of the Theil T across all communities"},
		"theil_t_within_models":  {"全部社区泰尔T的模式内部分", "within-model part of the Theil T across all communities"},
		"theil_t_total":          {"全部社区的泰尔T（= 模式间 + 模式内）", "Theil T across all communities (= between + within)"},
	}},
	"resident_points": {doc{"居民点：常住人口按网格户数分布到网格中心点（无网格时为社区中心点），含到最近社区服务中心的距离和两步移动搜寻法可达性", "resident points: residents placed on grid centroids by households (the community centroid where there are no grids), with the distance to the nearest service centre and 2SFCA accessibility"}, map[string]doc{
		"kind":             {"grid（网格中心点）或 community（社区中心点）", "grid (grid centroid) or community (community centroid)"},
		"residents":        {"分配到该点的常住人口", "residents placed on the point"},
		"nearest_centre_m": {"到最近社区服务中心的大圆距离（米）；50倍搜寻半径内没有中心时为空", "great-circle distance to the nearest service centre in metres; NULL when none is within 50 catchments"},
		"access_gaussian":  {"高斯两步移动搜寻法可达性（平方米/人）", "Gaussian 2SFCA accessibility (m² per resident)"},
		"access_uniform":   {"经典两步移动搜寻法可达性（平方米/人）", "classic 2SFCA accessibility (m² per resident)"},
	}},
	"lorenz_points": {doc{"洛伦兹曲线顶点（人口加权；全部社区和各治理模式；超过201个顶点时按序号均匀保留201个，均为精确顶点）", "Lorenz curve vertices (population-weighted; for all communities and for each model; a curve with more than 201 vertices keeps 201 of them, evenly spaced by index, each an exact vertex)"}, nil},
}

// comment writes COMMENT ON for every table and the columns documented.
func comment(ctx context.Context, conn *sql.Conn, set *schemas.Set, cat *indicators.Catalog) error {
	on := func(q string) error {
		_, err := conn.ExecContext(ctx, q)
		return err
	}
	for _, src := range set.Sources() {
		s, _ := set.Get(src)
		table := src
		if src == "communities" {
			table = "community_register"
		}
		if err := on(fmt.Sprintf("COMMENT ON TABLE %s IS %s", table, warehouse.QuoteString(
			fmt.Sprintf("%s：%s / %s: %s（来源 source: raw/%s/）", s.NameZh, s.DescriptionZh, s.NameEn, s.DescriptionEn, src)))); err != nil {
			return err
		}
		for _, c := range s.Columns {
			if err := on(fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, warehouse.QuoteIdent(c.Name),
				warehouse.QuoteString(c.DescriptionZh+" / "+c.DescriptionEn))); err != nil {
				return err
			}
		}
		for col, d := range map[string]doc{
			"period":       {"统计期", "period"},
			"source_file":  {"来源文件名", "input file name"},
			"source_sheet": {"来源工作表（Excel）", "input sheet (workbooks)"},
			"source_line":  {"来源行号", "line in the input file"},
		} {
			if err := on(fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, col, warehouse.QuoteString(d.String()))); err != nil {
				return err
			}
		}
	}
	for table, d := range tableDocs {
		if err := on(fmt.Sprintf("COMMENT ON TABLE %s IS %s", table, warehouse.QuoteString(d.table.String()))); err != nil {
			return err
		}
		for col, cd := range d.columns {
			if err := on(fmt.Sprintf("COMMENT ON COLUMN %s.%s IS %s", table, warehouse.QuoteIdent(col), warehouse.QuoteString(cd.String()))); err != nil {
				return err
			}
		}
	}
	for _, ind := range cat.All {
		if ind.Kind == indicators.KindView {
			if err := on(fmt.Sprintf("COMMENT ON VIEW %s IS %s", ind.ID, warehouse.QuoteString(
				strings.Join([]string{ind.NameZh, ind.DescriptionZh, "/", ind.NameEn, ind.DescriptionEn}, " ")))); err != nil {
				return err
			}
		}
	}
	return nil
}

package schemas

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DuckDB types of the warehouse's columns, written as duckdb_columns()
// writes them, so that a built table can be compared with its declaration.
const (
	Varchar     = "VARCHAR"
	Bigint      = "BIGINT"
	Integer     = "INTEGER"
	Double      = "DOUBLE"
	Boolean     = "BOOLEAN"
	Date        = "DATE"
	Timestamp   = "TIMESTAMP"
	TimestampTZ = "TIMESTAMP WITH TIME ZONE"
	JSON        = "JSON"
	VarcharList = "VARCHAR[]"
	// ParquetDigest is warehouse.ParquetDigest: size, sha256 and row count
	// of a published Parquet file.
	ParquetDigest = `STRUCT(bytes BIGINT, xxh3_128 VARCHAR, "rows" BIGINT)`
)

// Table declares one table of shequ.duckdb: what a row is, its comment
// and its columns in order. Every table the build makes is declared here,
// once; from the declarations come the DDL of the tables the build creates
// empty, the COMMENT ON of every table and column, the Parquet schema of
// the quarantine files, the table lists of `shequ query --help`, `shequ
// build --help` and the README, and the check, at the end of every build,
// that each table has exactly its declared columns.
type Table struct {
	Name                 string
	RowZh, RowEn         string // one row per … (for the README)
	CommentZh, CommentEn string
	Key                  []string // PRIMARY KEY, if any
	Columns              []TableColumn
}

// TableColumn declares one column of a table.
type TableColumn struct {
	Name                 string
	Type                 string // DuckDB type, as duckdb_columns() writes it
	NotNull              bool
	CommentZh, CommentEn string
}

// Comment is the table's comment in shequ.duckdb: Chinese, then English.
func (t Table) Comment() string { return t.CommentZh + " / " + t.CommentEn }

// Comment is the column's comment in shequ.duckdb: Chinese, then English.
func (c TableColumn) Comment() string { return c.CommentZh + " / " + c.CommentEn }

// Column returns the declared column of that name.
func (t Table) Column(name string) (TableColumn, bool) {
	i := slices.IndexFunc(t.Columns, func(c TableColumn) bool { return c.Name == name })
	if i < 0 {
		return TableColumn{}, false
	}
	return t.Columns[i], true
}

// ColumnNames returns the names of the columns, in order.
func (t Table) ColumnNames() []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// identifier is what a table or column name must be. Names are SQL
// identifiers and Parquet column names; holding them to this keeps
// quoting trivial (QuoteName).
var identifier = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// QuoteName quotes a declared table or column name for SQL. Declared
// names are lowercase identifiers (checked when the schemas load, and by
// the tests for the tables declared in Go), so no escaping is needed.
func QuoteName(name string) string { return `"` + name + `"` }

// DDL is the CREATE TABLE statement of the table.
func (t Table) DDL() string {
	cols := make([]string, 0, len(t.Columns)+1)
	for _, c := range t.Columns {
		col := QuoteName(c.Name) + " " + c.Type
		if c.NotNull {
			col += " NOT NULL"
		}
		cols = append(cols, col)
	}
	if len(t.Key) > 0 {
		var key []string
		for _, k := range t.Key {
			key = append(key, QuoteName(k))
		}
		cols = append(cols, "PRIMARY KEY ("+strings.Join(key, ", ")+")")
	}
	return "CREATE TABLE " + QuoteName(t.Name) + " (\n\t" + strings.Join(cols, ",\n\t") + "\n)"
}

// TableName is the table of a source's accepted rows: the source's name,
// except communities, whose rows are the table community_register (the
// table communities is the register with derived codes and the model).
func TableName(source string) string {
	if source == "communities" {
		return "community_register"
	}
	return source
}

// LineageColumns follow the declared columns of every source's accepted
// rows, in its raw Parquet and in its table: the file, sheet and line the
// row was read from.
var LineageColumns = []TableColumn{
	{"source_file", Varchar, false, "来源文件名（同一来源和统计期中有同名文件时为路径）", "input file name (its path where two files of a source and period share a name)"},
	{"source_sheet", Varchar, false, "来源工作表（Excel；文本文件为空）", "input sheet (workbooks; NULL for text files)"},
	{"source_line", Bigint, false, "来源行号（Excel为行号）", "line in the input file (row number in a workbook)"},
}

// periodColumn leads every source table: the period comes from the
// manifest of the file (the Hive folder of its Parquet).
var periodColumn = TableColumn{"period", Varchar, false, "统计期", "period (year or year-month)"}

// Table declares the table of the source's accepted rows: the period, the
// declared columns with their SQL types and descriptions, then the
// lineage.
func (s *Schema) Table() Table {
	t := Table{
		Name:      TableName(s.Source),
		RowZh:     cmp.Or(s.RowZh, "「"+s.NameZh+"」导入文件中被接受的一行"),
		RowEn:     cmp.Or(s.RowEn, "accepted row of a "+lowerFirst(s.NameEn)+" export"),
		CommentZh: fmt.Sprintf("%s：%s（来源：raw/%s/）", s.NameZh, s.DescriptionZh, s.Source),
		CommentEn: fmt.Sprintf("%s: %s (source: raw/%s/)", s.NameEn, s.DescriptionEn, s.Source),
		Columns:   []TableColumn{periodColumn},
	}
	for _, c := range s.Columns {
		t.Columns = append(t.Columns, TableColumn{Name: c.Name, Type: SQLType(c.Type), CommentZh: c.DescriptionZh, CommentEn: c.DescriptionEn})
	}
	t.Columns = append(t.Columns, LineageColumns...)
	return t
}

// lowerFirst lowers the first letter of a name: "Community register" →
// "community register".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// Tables returns the declaration of every table of shequ.duckdb, in the
// order the README lists them: communities, the source tables of the set
// (community_register first), then the tables the build derives.
func (set *Set) Tables() []Table {
	out := []Table{communitiesTable()}
	sources := set.Sources()
	if i := slices.Index(sources, "communities"); i > 0 {
		sources = append(append([]string{"communities"}, sources[:i]...), sources[i+1:]...)
	}
	for _, src := range sources {
		out = append(out, set.bySource[src].Table())
	}
	return append(out, derivedTables()...)
}

// TableNames returns the names of every table, in the order of Tables.
func (set *Set) TableNames() []string {
	var out []string
	for _, t := range set.Tables() {
		out = append(out, t.Name)
	}
	return out
}

// Quarantine declares the quarantine table, which is also the schema of
// the quarantine Parquet of every input file (without the build's
// cross-file duplicates, which only the table holds).
func Quarantine() Table { return quarantineTable() }

// DerivedTable returns the declaration of a table whose columns do not
// depend on the source declarations: every table but the source tables.
func DerivedTable(name string) (Table, bool) {
	for _, t := range append([]Table{communitiesTable()}, derivedTables()...) {
		if t.Name == name {
			return t, true
		}
	}
	return Table{}, false
}

// The tables that do not come from a source declaration. Columns are
// {name, type, NOT NULL, comment in Chinese, comment in English}.

func communitiesTable() Table {
	return Table{
		Name: "communities", RowZh: "统计期 × 社区，含街道、区县和治理模式", RowEn: "period × community, with street, district and `model_id`",
		CommentZh: "社区名录（按期），含所属治理模式；由 community_register 派生",
		CommentEn: "community register per period, with its governance model; derived from community_register",
		Columns: []TableColumn{
			{"period", Varchar, false, "统计期", "period (year or year-month)"},
			{"community_code", Varchar, false, "12位统计用区划代码", "12-digit statistical division code"},
			{"community_name", Varchar, false, "社区（村）名称", "community or village name"},
			{"street_code", Varchar, false, "9位乡镇街道代码（缺省时取社区代码前9位）", "9-digit street code (the first 9 digits of the community code when not given)"},
			{"street_name", Varchar, false, "乡镇街道名称", "street or town name"},
			{"district_code", Varchar, false, "6位区县代码（缺省时取社区代码前6位）", "6-digit district code (the first 6 digits of the community code when not given)"},
			{"district_name", Varchar, false, "区县名称", "district or county name"},
			{"urban_rural_class", Varchar, false, "城乡分类代码（111主城区…220村庄）", "urban-rural class code (111 main urban area … 220 village)"},
			{"area_km2", Double, false, "面积（平方公里）", "area in km²"},
			{"lat", Double, false, "中心点纬度（WGS-84）", "centroid latitude (WGS-84)"},
			{"lon", Double, false, "中心点经度（WGS-84）", "centroid longitude (WGS-84)"},
			{"model_id", Varchar, false, "治理模式（配置文件models，按区县或街道代码最长前缀匹配）；空表示未归入任何模式", "governance model (config models, longest matching district or street code prefix); NULL when none"},
			{"source_file", Varchar, false, "社区名录的来源文件", "the register file the row comes from"},
			{"source_line", Bigint, false, "社区名录中的行号", "line in the register file"},
		},
	}
}

func quarantineTable() Table {
	return Table{
		Name: "quarantine", RowZh: "被拒绝行违反的一条规则", RowEn: "broken rule of a rejected row: source, period, file, sheet, line, column, value, rule, message_zh, message_en",
		CommentZh: "被拒绝的行：每条违反的规则一行；原始值中的个人信息已隐藏",
		CommentEn: "rejected rows: one line per broken rule; personal data in the values is masked",
		Columns: []TableColumn{
			{"run_id", Varchar, false, "拒绝该行的运行", "the run that rejected the row"},
			{"source", Varchar, false, "来源（schemas/*.yaml）", "source (schemas/*.yaml)"},
			{"period", Varchar, false, "统计期", "period"},
			{"file", Varchar, false, "文件名（同名文件为路径）", "file name (its path where two files share a name)"},
			{"sheet", Varchar, false, "工作表（Excel；文本文件为空字符串）", "sheet (workbooks; empty for text files)"},
			{"line", Bigint, false, "文件中的行号（Excel为行号）", "line in the file (row number in a workbook)"},
			{"column", Varchar, false, "违反规则的列（规范列名）", "the column that broke the rule (canonical name)"},
			{"value", Varchar, false, "原始值（个人信息显示为「[身份证号 18位, 已隐藏]」之类）", "the offending value as written (personal data shows as 「[身份证号 18位, 已隐藏]」 and the like)"},
			{"rule", Varchar, false, "规则编号", "rule id"},
			{"message_zh", Varchar, false, "中文说明", "message in Chinese"},
			{"message_en", Varchar, false, "英文说明", "message in English"},
		},
	}
}

func derivedTables() []Table {
	return append([]Table{
		{
			Name: "census_reconciliation", RowZh: "统计期 × 既有统计表行又有个人明细的社区 × 项目：统计表数字、明细汇总、差",
			RowEn:     "period × community with both a census-table row and person-level records × figure: table value, person-level total, difference",
			CommentZh: "人口统计表与个人明细的核对：同一统计期内既有统计表行又有个人明细的社区，每项数字一行；census 表采用统计表的数字",
			CommentEn: "census tables against person-level totals: one row per figure of each community of a period that has both a census-table row and person-level records; the census table keeps the census-table figures",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"community_code", Varchar, true, "12位统计用区划代码", "12-digit statistical division code"},
				{"community_name", Varchar, false, "社区名称（统计表未填时取社区名录）", "community name (from the register when the table has none)"},
				{"figure", Varchar, true, "项目：resident、registered、non_registered、households、age_0_14、age_15_59、age_60_plus（统计表未填的项目不列）", "figure: resident, registered, non_registered, households, age_0_14, age_15_59, age_60_plus (figures the table leaves empty are not listed)"},
				{"figure_zh", Varchar, false, "项目的中文名称", "the figure's name in Chinese"},
				{"figure_en", Varchar, false, "项目的英文名称", "the figure's name in English"},
				{"census_value", Bigint, false, "统计表的数字", "the census table's figure"},
				{"persons_value", Bigint, false, "该统计期全部个人明细文件汇总的数字", "the total counted from all person-level files of the period"},
				{"difference", Bigint, false, "persons_value − census_value；超出BIGINT时为空", "persons_value − census_value; NULL beyond BIGINT"},
				{"relative_difference", Double, false, "difference ÷ census_value；统计表为0时为空", "difference ÷ census_value; NULL when the table says 0"},
				{"census_file", Varchar, false, "统计表文件", "census table file"},
				{"census_line", Bigint, false, "统计表中的行号", "line in the census table file"},
				{"persons_files", Varchar, false, "个人明细文件（逗号分隔）", "person-level files (comma-separated)"},
			},
		},
		{
			Name: "models", RowZh: "治理模式 × 区县或街道代码", RowEn: "model × district or street code",
			CommentZh: "治理模式及其覆盖的区县或街道代码（配置文件models）", CommentEn: "governance models and the district or street codes they cover (config models)",
			Columns: []TableColumn{
				{"model_id", Varchar, false, "治理模式编号", "model id"},
				{"name_zh", Varchar, false, "中文名称", "name in Chinese"},
				{"name_en", Varchar, false, "英文名称", "name in English"},
				{"area_code", Varchar, false, "6位区县代码或9位街道代码", "6-digit district or 9-digit street code"},
			},
		},
		{
			Name: "community_scopes", RowZh: "统计期 × 社区 × 所属范围（all、model、district、street）", RowEn: "period × community × scope it belongs to (all, model, district, street)",
			CommentZh: "社区所属的各级范围：all、model、district、street", CommentEn: "the scopes each community belongs to: all, model, district, street",
			Columns: []TableColumn{
				{"period", Varchar, false, "统计期", "period"},
				{"community_code", Varchar, false, "12位统计用区划代码", "12-digit statistical division code"},
				{"scope", Varchar, false, "范围：all、model、district 或 street", "scope: all, model, district or street"},
				{"scope_id", Varchar, false, "范围代码：all、治理模式编号、区县代码或街道代码", "scope id: all, the model id, the district code or the street code"},
			},
		},
		quarantineTable(),
		{
			Name: "ingest_files", RowZh: "输入文件：sha256、编码、行数核对、核对区域、合计行核对、Parquet摘要、是否模拟数据",
			RowEn:     "input file: sha256, encoding, rows_in, accepted, quarantined, skipped, lines, area checked, totals rows that do not add up, Parquet digests, synthetic",
			CommentZh: "每个输入文件的清单：sha256与行数核对（rows_in = accepted + quarantined + skipped；lines = header_lines + rows_in + joined_lines）",
			CommentEn: "manifest of every input file: sha256 and reconciled counts (rows_in = accepted + quarantined + skipped; lines = header_lines + rows_in + joined_lines)",
			Columns: []TableColumn{
				{"source", Varchar, false, "来源", "source"},
				{"period", Varchar, false, "统计期", "period"},
				{"file", Varchar, false, "文件名", "file name"},
				{"path", Varchar, false, "命令行或配置文件中给出的路径", "path as given on the command line or in the configuration"},
				{"sha256", Varchar, false, "文件的sha256", "sha256 of the file"},
				{"bytes", Bigint, false, "文件大小（字节）", "file size in bytes"},
				{"format", Varchar, false, "格式：csv、tsv 或 xlsx", "format: csv, tsv or xlsx"},
				{"encoding", Varchar, false, "文本编码（utf-8、utf-8-bom、gb18030、utf-16le…；Excel为xlsx）", "text encoding (utf-8, utf-8-bom, gb18030, utf-16le…; xlsx for workbooks)"},
				{"header_line", Bigint, false, "表头所在行（多个工作表时为第一个）", "line of the header (of the first sheet read, in a workbook)"},
				{"rows_in", Bigint, false, "表头以下的行数：接受 + 隔离 + 跳过", "rows below the header: accepted + quarantined + skipped"},
				{"accepted", Bigint, false, "接受的行数", "rows accepted"},
				{"quarantined", Bigint, false, "隔离的行数", "rows quarantined"},
				{"skipped", Bigint, false, "跳过的行数（空行、合计行、单位行…）", "rows skipped (empty, totals, unit rows…)"},
				{"skipped_by", JSON, false, "按原因的跳过行数：above_header、empty、totals、units、sheet_without_header", "rows skipped by reason: above_header, empty, totals, units, sheet_without_header"},
				{"unknown_columns", VarcharList, false, "未识别、未入库的表头", "headers no schema knows, not stored"},
				{"lines", Bigint, false, "物理行数（文本文件）或读取的工作表的行数（Excel）= header_lines + rows_in + joined_lines", "physical lines of a text file, or rows of the sheets read of a workbook = header_lines + rows_in + joined_lines"},
				{"header_lines", Bigint, false, "其中的表头行", "of them, header rows"},
				{"joined_lines", Bigint, false, "其中续接上一条记录的行（引号内换行）", "of them, lines that continue a record (a quoted cell with line breaks)"},
				{"area", Varchar, false, "文件所属的区县或街道代码（社区代码须以它开头）；未核对时为空", "district or street code the file covers (community codes must start with it); NULL when not checked"},
				{"area_from", Varchar, false, "area 的来源：配置文件或文件标题", "where area came from: the configuration or the file's title"},
				{"totals_checked", Bigint, false, "与所合计的行核对过的合计行（合计、小计）数字个数", "figures of totals rows (合计, 小计) compared with the rows they total"},
				{"totals_mismatches", JSON, false, "与所合计的行不符的合计行数字：sheet、line、label、column、header、stated、sum_since_previous、sum_of_sheet", "figures of totals rows that equal neither the rows since the previous totals row nor all rows of the sheet: sheet, line, label, column, header, stated, sum_since_previous, sum_of_sheet"},
				{"raw_parquet", ParquetDigest, false, "接受行的Parquet：大小、XXH3-128校验值、行数（无接受行或旧版清单时为空）", "Parquet of the accepted rows: size, XXH3-128 checksum, rows (NULL when none, or in manifests written before digests)"},
				{"quarantine_parquet", ParquetDigest, false, "隔离行的Parquet：大小、XXH3-128校验值、行数（即违反的规则条数；无隔离行或旧版清单时为空）", "Parquet of the quarantined rows: size, XXH3-128 checksum, rows (one per broken rule; NULL when none, or in manifests written before digests)"},
				{"synthetic", Boolean, false, "文件带有 shequ gen 写入的模拟数据标记（表头上方以「【模拟数据 SYNTHETIC】」开头的行）；旧版清单为 false", "the file carries the synthetic-data mark shequ gen writes (a row above the header starting 「【模拟数据 SYNTHETIC】」); false in manifests written before the mark was read"},
				{"run_id", Varchar, false, "导入该文件的运行", "the run that ingested the file"},
				{"ingested_at", TimestampTZ, false, "导入时间", "when it was ingested"},
			},
		},
		{
			Name: "runs", RowZh: "一次运行：命令、时间、状态、输入文件", RowEn: "run: run_id, command, started_at, finished_at, status, inputs (with sha256 and counts)",
			CommentZh: "每次运行的记录：时间、状态、输入文件（含sha256与行数）", CommentEn: "one record per run: times, status, inputs with sha256 and row counts",
			Columns: []TableColumn{
				{"run_id", Varchar, false, "运行编号（开始时间与随机后缀）", "run id (start time and a random suffix)"},
				{"command", Varchar, false, "命令：run、ingest 或 build", "command: run, ingest or build"},
				{"version", Varchar, false, "shequ 版本", "shequ version"},
				{"started_at", TimestampTZ, false, "开始时间", "started at"},
				{"finished_at", TimestampTZ, false, "结束时间", "finished at"},
				{"status", Varchar, false, "状态：ok 或 failed", "status: ok or failed"},
				{"error", Varchar, false, "失败原因", "why it failed"},
				{"inputs", JSON, false, "输入文件的清单（与 ingest_files 同）", "the manifests of its input files (as in ingest_files)"},
				{"removed", VarcharList, false, "因不再列入配置而移除的文件", "files removed because the configuration no longer lists them"},
			},
		},
		{
			Name: "indicator_catalog", RowZh: "指标：名称、单位、公式、分子、分母、方向、标准及其来源", RowEn: "indicator: names, unit, formula, numerator, denominator, direction, standard and its source",
			CommentZh: "指标目录：由 indicators/*.sql 的声明生成", CommentEn: "indicator catalog, generated from the declarations in indicators/*.sql",
			Key: []string{"indicator_id"},
			Columns: []TableColumn{
				{"indicator_id", Varchar, false, "指标编号", "indicator id"},
				{"kind", Varchar, false, "indicator（指标）或 view（辅助视图）", "indicator or view (a helper view)"},
				{"name_zh", Varchar, false, "中文名称", "name in Chinese"},
				{"name_en", Varchar, false, "英文名称", "name in English"},
				{"unit_zh", Varchar, false, "中文单位", "unit in Chinese"},
				{"unit_en", Varchar, false, "英文单位", "unit in English"},
				{"format", Varchar, false, "显示格式：percent、decimal1、decimal2、integer", "display format: percent, decimal1, decimal2, integer"},
				{"direction", Varchar, false, "方向：higher_is_better、lower_is_better、neutral", "direction: higher_is_better, lower_is_better, neutral"},
				{"scale", Double, false, "倍数：value = numerator ÷ denominator × scale", "scale: value = numerator ÷ denominator × scale"},
				{"numerator_zh", Varchar, false, "分子（中文）", "numerator in Chinese"},
				{"numerator_en", Varchar, false, "分子（英文）", "numerator in English"},
				{"denominator_zh", Varchar, false, "分母（中文）", "denominator in Chinese"},
				{"denominator_en", Varchar, false, "分母（英文）", "denominator in English"},
				{"formula_zh", Varchar, false, "公式（中文，文字与符号）：社区值，及上级范围（街道、区县、模式）的值如何得出；辅助视图为空", "formula in Chinese, in words and symbols: the community's value and how a scope's (street, district, model) value is formed; NULL for a helper view"},
				{"formula_en", Varchar, false, "公式（英文，文字与符号）；辅助视图为空", "formula in English, in words and symbols: the community's value and how a scope's value is formed; NULL for a helper view"},
				{"standard_op", Varchar, false, "标准的比较符：>=、<=、>、<；无标准时为空", "comparison of the standard: >=, <=, >, <; NULL without a standard"},
				{"standard_value", Double, false, "标准值", "threshold of the standard"},
				{"standard_zh", Varchar, false, "标准（中文）", "standard in Chinese"},
				{"standard_en", Varchar, false, "标准（英文）", "standard in English"},
				{"standard_source", Varchar, false, "标准的出处", "the document the standard comes from"},
				{"standard_plan", Varchar, false, "标准所在的规划编号（standard_plans）；规划之外另有目标的见 standard_targets", "id of the plan the standard comes from (standard_plans); other plans' targets are in standard_targets"},
				{"depends_on", VarcharList, false, "输入的表、视图和指标", "input tables, views and indicators"},
				{"equalize", Boolean, false, "是否计算均等化测度", "whether equalization measures are computed"},
				{"aggregate", Varchar, false, "范围值的算法：ratio（比值之和）、median、difference", "how a scope's value is formed: ratio (of sums), median, difference"},
				{"interval", Varchar, false, "区间：wilson（抽样比例的威尔逊区间）、newcombe（两个抽样比例之差的纽科姆区间）；空表示值由全体计算、是精确值", "interval: wilson (Wilson interval of a share from a sample), newcombe (Newcombe interval of a difference of two such shares); NULL when the value is computed from the whole population and is exact"},
				{"description_zh", Varchar, false, "说明（中文）", "description in Chinese"},
				{"description_en", Varchar, false, "说明（英文）", "description in English"},
				{"formula_sql", Varchar, false, "声明中的SELECT", "the declaration's SELECT"},
				{"file", Varchar, false, "声明文件", "declaration file"},
				{"run_order", Integer, false, "计算顺序（依赖在前）", "order of computation (dependencies first)"},
			},
		},
		{
			Name: "indicator_values", RowZh: "统计期 × 社区 × 指标：值、分子、分母、95%区间、是否未达标、空值原因", RowEn: "period × community × indicator: value, numerator, denominator, 95% interval, below_standard, null_reason",
			CommentZh: "社区指标值（长表）：value = numerator ÷ denominator × scale；分母为0、缺少输入或输入超出可计算范围时为空并注明原因；由抽样计算的值附95%区间，区间整体未达标才判为未达标",
			CommentEn: "per-community indicator values (long): value = numerator ÷ denominator × scale; NULL with a reason when the denominator is 0 or an input is missing or out of range; a value computed from a sample comes with its 95% interval, and is below the standard only when the whole interval is",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"community_code", Varchar, true, "12位统计用区划代码", "12-digit statistical division code"},
				{"indicator_id", Varchar, true, "指标编号（indicator_catalog）", "indicator id (indicator_catalog)"},
				{"value", Double, false, "指标值（从不为±Inf或NaN）", "indicator value (never ±Inf or NaN)"},
				{"numerator", Double, false, "分子；不是有限数或绝对值大于2^53时为空", "numerator; NULL when not finite or beyond ±2^53"},
				{"denominator", Double, false, "分母（也是均等化测度的权重）；不是有限数或绝对值大于2^53时为空", "denominator (also the weight in equalization measures); NULL when not finite or beyond ±2^53"},
				{"ci_low", Double, false, "95%区间的下限（z = 1.959963984540054，与值同单位）：抽样比例为威尔逊区间，其差为纽科姆区间；精确指标、值为空时为空", "low end of the 95% interval (z = 1.959963984540054, in the value's unit): Wilson for a share from a sample, Newcombe for a difference of two; NULL for exact indicators and NULL values"},
				{"ci_high", Double, false, "95%区间的上限", "high end of the 95% interval"},
				{"below_standard", Varchar, false, "与标准比较：below（区间整体——精确指标为值——未达标）、meets（整体达标）、uncertain（区间跨越标准）；无标准、无值（或抽样指标无区间）时为空", "against the standard: below (the whole interval — the value, for an exact indicator — fails it), meets (all of it meets it), uncertain (the interval straddles it); NULL without a standard or a value (or, for an indicator from a sample, without an interval)"},
				{"null_reason", Varchar, false, "值为空的原因（输入超出范围时注明社区）", "why the value is NULL (naming the community when an input is out of range)"},
			},
		},
		{
			Name: "indicator_scope_values", RowZh: "统计期 × 范围（all、model、district、street）× 指标：比值之和、95%区间、达标与确定未达标社区数、空值原因", RowEn: "period × scope (all, model, district, street) × indicator: ratio of sums, 95% interval, communities meeting and surely below the standard, null_reason",
			CommentZh: "各级范围的指标值：分子之和 ÷ 分母之和 × scale（比值之和，不是社区比值的平均）",
			CommentEn: "indicator values per scope: sum of numerators ÷ sum of denominators × scale (a ratio of sums, not a mean of community ratios)",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"scope", Varchar, true, "范围：all、model、district 或 street", "scope: all, model, district or street"},
				{"scope_id", Varchar, true, "范围代码", "scope id"},
				{"indicator_id", Varchar, true, "指标编号", "indicator id"},
				{"value", Double, false, "范围的指标值", "the scope's value"},
				{"numerator", Double, false, "分子之和（中位数指标为中位数）", "sum of numerators (the median, for median indicators)"},
				{"denominator", Double, false, "分母之和（中位数指标为明细记录数）", "sum of denominators (detail rows, for median indicators)"},
				{"ci_low", Double, false, "95%区间的下限：由汇总的分子、分母计算（把范围内全部受访者当作一个简单随机样本，忽略按社区抽样的聚集性，故偏窄）；差值指标由两个范围区间构成；精确指标为空", "low end of the 95% interval, from the pooled numerator and denominator (treating the scope's respondents as one simple random sample and ignoring their clustering by community, so it is too narrow); for a difference, built from the two scope intervals; NULL for exact indicators"},
				{"ci_high", Double, false, "95%区间的上限", "high end of the 95% interval"},
				{"communities", Bigint, false, "范围内的社区数", "communities in the scope"},
				{"communities_with_value", Bigint, false, "有值的社区数", "communities with a value"},
				{"communities_meeting_standard", Bigint, false, "值达到标准的社区数；无标准时为空", "communities whose value meets the standard; NULL without a standard"},
				{"communities_below_standard", Bigint, false, "确定未达标的社区数（below_standard = below）；精确指标与前一列之和为有值社区数，有区间的指标其余为值未达标但区间达到标准的社区", "communities surely below the standard (below_standard = below); for an exact indicator this and the previous column add up to the communities with a value, for one with an interval the rest are those whose value misses the standard but whose interval reaches it"},
				{"null_reason", Varchar, false, "值为空的原因（注明范围）", "why the value is NULL (naming the scope)"},
			},
		},
		{
			Name: "equalization", RowZh: "统计期 × 范围 × 指标 × 测度（基尼、泰尔、阿特金森、变异系数、比值、未达标占比）",
			RowEn:     "period × scope × indicator × measure (Gini, Theil, Atkinson, CV, ratios, share below standard)",
			CommentZh: "均等化测度：按范围和指标，社区间以分母（人口或户数）加权", CommentEn: "equalization measures per scope and indicator, across communities, weighted by the denominator (residents or households)",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"scope", Varchar, true, "范围：all、model、district 或 street", "scope: all, model, district or street"},
				{"scope_id", Varchar, true, "范围代码", "scope id"},
				{"indicator_id", Varchar, true, "指标编号", "indicator id"},
				{"measure", Varchar, true, "测度：gini、gini_weighted、theil_t、theil_l、cv、atkinson_*等，定义见 internal/inequality", "measure id: gini, gini_weighted, theil_t, theil_l, cv, atkinson_*, …; definitions in internal/inequality"},
				{"value", Double, false, "测度值", "value of the measure"},
				{"n", Bigint, false, "参与计算的社区数（值非空）", "communities with a value"},
				{"groups_by", Varchar, false, "泰尔分解的分组：model 或 street", "grouping of the Theil decomposition: model or street"},
				{"null_reason", Varchar, false, "测度无定义的原因", "why the measure is undefined"},
			},
		},
		{
			Name: "lorenz_points", RowZh: "全部社区或一个治理模式的人口加权洛伦兹曲线的顶点（每条最多201个）",
			RowEn:     "vertex of a population-weighted Lorenz curve of all communities or of a model (at most 201 per curve)",
			CommentZh: "洛伦兹曲线顶点（人口加权；全部社区和各治理模式；超过201个顶点时按序号均匀保留201个，均为精确顶点）",
			CommentEn: "Lorenz curve vertices (population-weighted; for all communities and for each model; a curve with more than 201 vertices keeps 201 of them, evenly spaced by index, each an exact vertex)",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"scope", Varchar, true, "范围：all 或 model", "scope: all or model"},
				{"scope_id", Varchar, true, "范围代码", "scope id"},
				{"indicator_id", Varchar, true, "指标编号", "indicator id"},
				{"point", Integer, true, "顶点序号（从0开始）", "vertex number (from 0)"},
				{"population_share", Double, false, "人口累计占比", "cumulative share of population"},
				{"value_share", Double, false, "指标量累计占比", "cumulative share of the indicator's quantity"},
			},
		},
		{
			Name: "model_comparison", RowZh: "统计期 × 指标 × 治理模式：值、排名、达标与确定未达标社区数、模式间/模式内泰尔T",
			RowEn:     "period × indicator × model: value, rank, communities meeting and surely below the standard, between/within-model Theil T",
			CommentZh: "治理模式比较：各模式的指标值（比值之和）、排名、达标与确定未达标的社区数，以及全部社区不平等的模式间/模式内泰尔分解",
			CommentEn: "governance models side by side: each model's indicator value (ratio of sums), rank, communities meeting and surely below the standard, and the between-model / within-model Theil T decomposition of inequality across all communities",
			Columns: []TableColumn{
				{"period", Varchar, false, "统计期", "period"},
				{"indicator_id", Varchar, false, "指标编号", "indicator id"},
				{"model_id", Varchar, false, "治理模式编号", "model id"},
				{"value", Double, false, "模式的指标值（比值之和）", "the model's value (ratio of sums)"},
				{"numerator", Double, false, "分子之和", "sum of numerators"},
				{"denominator", Double, false, "分母之和", "sum of denominators"},
				{"rank", Bigint, false, "模式间排名，1为最好（按指标方向；中性指标为空）", "rank among the models, 1 = best by the indicator's direction (NULL for neutral indicators)"},
				{"communities", Bigint, false, "模式内的社区数", "communities of the model"},
				{"communities_with_value", Bigint, false, "有值的社区数", "communities with a value"},
				{"communities_meeting_standard", Bigint, false, "值达到标准的社区数", "communities whose value meets the standard"},
				{"share_meeting_standard", Double, false, "有值社区中值达标的比例", "share of communities with a value whose value meets the standard"},
				{"communities_below_standard", Bigint, false, "确定未达标的社区数：indicator_values 中 below_standard = below（抽样指标为整个95%区间未达标）；无标准时为空", "communities surely below the standard: below_standard = below in indicator_values (for an indicator from a sample, the whole 95% interval misses it); NULL without a standard"},
				{"theil_t_model", Double, false, "该模式内部社区间的泰尔T指数", "Theil T across the model's own communities"},
				{"gini_weighted_model", Double, false, "该模式内部社区间的人口加权基尼系数", "population-weighted Gini across the model's own communities"},
				{"theil_t_between_models", Double, false, "全部社区泰尔T的模式间部分", "between-model part of the Theil T across all communities"},
				{"theil_t_within_models", Double, false, "全部社区泰尔T的模式内部分", "within-model part of the Theil T across all communities"},
				{"theil_t_total", Double, false, "全部社区的泰尔T（= 模式间 + 模式内）", "Theil T across all communities (= between + within)"},
			},
		},
		indicatorChangesTable(),
		{
			Name: "resident_points", RowZh: "放在网格中心点上的常住人口：到最近社区服务中心的距离、两步移动搜寻法可达性",
			RowEn:     "residents placed on grid centroids: distance to the nearest centre, 2SFCA accessibility",
			CommentZh: "居民点：常住人口按网格户数分布到网格中心点（无网格时为社区中心点），含到最近社区服务中心的距离和两步移动搜寻法可达性",
			CommentEn: "resident points: residents placed on grid centroids by households (the community centroid where there are no grids), with the distance to the nearest service centre and 2SFCA accessibility",
			Columns: []TableColumn{
				{"period", Varchar, true, "统计期", "period"},
				{"point_id", Varchar, true, "网格编号，或社区中心点的社区代码", "grid id, or the community code of a community centroid"},
				{"community_code", Varchar, true, "12位统计用区划代码", "12-digit statistical division code"},
				{"kind", Varchar, true, "grid（网格中心点）或 community（社区中心点）", "grid (grid centroid) or community (community centroid)"},
				{"lat", Double, false, "纬度（WGS-84）", "latitude (WGS-84)"},
				{"lon", Double, false, "经度（WGS-84）", "longitude (WGS-84)"},
				{"residents", Double, true, "分配到该点的常住人口", "residents placed on the point"},
				{"nearest_centre_m", Double, false, "到最近社区服务中心的大圆距离（米）；50倍搜寻半径内没有中心时为空", "great-circle distance to the nearest service centre in metres; NULL when none is within 50 catchments"},
				{"access_gaussian", Double, false, "高斯两步移动搜寻法可达性（平方米/人）", "Gaussian 2SFCA accessibility (m² per resident)"},
				{"access_uniform", Double, false, "经典两步移动搜寻法可达性（平方米/人）", "classic 2SFCA accessibility (m² per resident)"},
			},
		},
	}, planTables()...)
}

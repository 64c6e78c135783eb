package schemas

import "strings"

// RuleText names a rule in Chinese and English: what it requires, in a few
// words, for tables and reports.
type RuleText struct {
	ID      string
	LabelZh string
	LabelEn string
}

// BuiltinRules returns the rules the ingest and the build apply to every
// source besides the rules its schema declares, with their labels. Their
// ids are the ones package pipelines declares (pipelines.RuleRequired …)
// and writes to quarantine; pipelines' tests check that each of those has
// an entry here.
func BuiltinRules() []RuleText {
	return []RuleText{
		{"required", "必填项有值", "required value present"},
		{"type", "值符合本列的类型（数字、日期等）", "value of the column's type (number, date…)"},
		{"range", "数值在本列的合理范围内", "number within the column's range"},
		{"code_format", "代码位数正确", "code of the right number of digits"},
		{"code_unknown", "是有效的统计用区划代码", "a known statistical division code"},
		{"code_prefix", "街道、区县代码与社区代码一致", "street and district codes agree with the community code"},
		{"enum", "取值为规定选项之一", "one of the allowed values"},
		{"encoding", "文字编码可识别", "text readable in the file's encoding"},
		{"duplicate_key", "编号不重复", "key not repeated"},
		{"id_format", "身份证号为18位（17位数字加校验码）", "identity number of 18 characters (17 digits and a check character)"},
		{"id_check_digit", "身份证号校验位正确", "identity number check digit correct"},
		{"field_count", "列数与表头一致", "as many fields as the header"},
		{"unbalanced_quote", "引号成对闭合", "quotes well formed"},
		{"outside_area", "社区在文件所属区域内", "community within the file's area"},
		{"identifier_in_key", "编号中不含身份证号或手机号（无密钥时）", "no identity or phone number in a key (without a PII key)"},
	}
}

// ColumnLabel returns the short label of a column of a source (label_zh
// or label_en) in lang: "en" for English, anything else for Chinese. A
// quarantine row that names several columns joined by "+" (a key of two
// columns, the operands of a sum rule) gets their labels joined the same
// way. An unknown source or column falls back to the name as given, and ""
// stays "" (a problem of the whole row).
func (set *Set) ColumnLabel(source, column, lang string) string {
	s := set.bySource[source]
	if s == nil || column == "" {
		return column
	}
	parts := strings.Split(column, "+")
	for i, name := range parts {
		if c, ok := s.Column(name); ok {
			parts[i] = pick(lang, c.LabelZh, c.LabelEn)
		}
	}
	return strings.Join(parts, " + ")
}

// RuleLabel returns the label of a rule id that a quarantine row of the
// source carries, in lang ("en" for English, anything else for Chinese):
// the source's declared rule of that id, else the rule of that id that
// the ingest applies to every source (BuiltinRules). An unknown id falls
// back to the id.
func (set *Set) RuleLabel(source, rule, lang string) string {
	if s := set.bySource[source]; s != nil {
		for _, r := range s.Rules {
			if r.ID == rule {
				return pick(lang, r.LabelZh, r.LabelEn)
			}
		}
	}
	for _, r := range BuiltinRules() {
		if r.ID == rule {
			return pick(lang, r.LabelZh, r.LabelEn)
		}
	}
	return rule
}

// pick returns en for lang "en" and zh otherwise.
func pick(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}

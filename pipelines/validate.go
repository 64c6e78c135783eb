package pipelines

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"shequ/internal/divisions"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// Rule ids recorded in quarantine.
const (
	RuleRequired    = "required"
	RuleType        = "type"
	RuleRange       = "range"
	RuleCodeFormat  = "code_format"
	RuleCodeUnknown = "code_unknown"
	RuleEnum        = "enum"
	RuleEncoding    = "encoding"
)

// Violation is one broken rule in one row.
type Violation struct {
	Column    string // canonical column name ("" for row-level problems)
	Value     string // the offending text, at most maxValueLen characters
	Rule      string
	MessageZh string
	MessageEn string
}

const maxValueLen = 200

// validator coerces and checks the cells of one row against a schema.
type validator struct {
	schema *schemas.Schema
	div    *divisions.Index
	m      mapping
}

// row returns the typed values of a row (one per schema column) and the
// rules it breaks. The row is accepted only if the list is empty.
func (v *validator) row(cells []string) ([]driver.Value, []Violation) {
	out := make([]driver.Value, len(v.schema.Columns))
	var bad []Violation
	nums := map[string]float64{}
	for i, c := range v.schema.Columns {
		j := v.m.cellOf[i]
		if j < 0 || j >= len(cells) || values.IsNull(cells[j]) {
			if c.Required {
				bad = append(bad, violation(c, v.headerOf(i), "", RuleRequired,
					"必填项为空", "required value is empty"))
			}
			continue
		}
		raw := cells[j]
		val, viol := v.cell(c, v.headerOf(i), raw)
		if viol != nil {
			bad = append(bad, *viol)
			continue
		}
		out[i] = val
		switch x := val.(type) {
		case int64:
			nums[c.Name] = float64(x)
		case float64:
			nums[c.Name] = x
		}
	}
	for _, r := range v.schema.Rules {
		a, okA := nums[r.Left]
		b, okB := nums[r.Right]
		if okA && okB && !r.Holds(a, b) {
			bad = append(bad, Violation{Column: r.Left, Value: fmt.Sprintf("%s=%g, %s=%g", r.Left, a, r.Right, b),
				Rule: r.ID, MessageZh: r.MessageZh, MessageEn: r.MessageEn})
		}
	}
	return out, bad
}

func (v *validator) headerOf(i int) string {
	if j := v.m.cellOf[i]; j >= 0 && j < len(v.m.header) {
		return strings.TrimSpace(v.m.header[j])
	}
	return v.schema.Columns[i].Name
}

func (v *validator) cell(c schemas.Column, header, raw string) (driver.Value, *Violation) {
	switch c.Type {
	case schemas.TypeText:
		return values.Normalize(raw), nil
	case schemas.TypeEnum:
		s := values.Normalize(raw)
		for _, allowed := range c.Values {
			if s == allowed {
				return s, nil
			}
		}
		vi := violation(c, header, raw, RuleEnum,
			fmt.Sprintf("取值不在允许范围内（%s）", strings.Join(c.Values, "、")),
			fmt.Sprintf("value is not one of %s", strings.Join(c.Values, ", ")))
		return nil, &vi
	case schemas.TypeCode:
		s := values.Normalize(raw)
		s = strings.TrimSuffix(s, ".0") // codes saved as numbers by Excel
		if len(s) != c.Length || strings.Trim(s, "0123456789") != "" {
			vi := violation(c, header, raw, RuleCodeFormat,
				fmt.Sprintf("应为%d位数字代码", c.Length), fmt.Sprintf("must be a %d-digit code", c.Length))
			return nil, &vi
		}
		if c.CheckDivision && v.div != nil {
			if _, ok := v.div.Lookup(s); !ok {
				vi := violation(c, header, raw, RuleCodeUnknown,
					"不是有效的统计用区划代码（2023版）", "is not a statistical division code (2023 edition)")
				return nil, &vi
			}
		}
		return s, nil
	case schemas.TypeInt:
		n, err := values.ParseInt(raw, c.AllowWan)
		if err != nil {
			vi := violation(c, header, raw, RuleType, "不是整数："+reason(err), "is not a whole number: "+reason(err))
			return nil, &vi
		}
		if vi := rangeCheck(c, header, raw, float64(n)); vi != nil {
			return nil, vi
		}
		return n, nil
	case schemas.TypeFloat:
		x, err := values.ParseFloat(raw, c.AllowWan, false)
		if err != nil {
			vi := violation(c, header, raw, RuleType, "不是数值："+reason(err), "is not a number: "+reason(err))
			return nil, &vi
		}
		if vi := rangeCheck(c, header, raw, x); vi != nil {
			return nil, vi
		}
		return x, nil
	}
	return nil, nil
}

func reason(err error) string {
	var pe *values.ParseError
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return err.Error()
}

func rangeCheck(c schemas.Column, header, raw string, x float64) *Violation {
	if c.Min != nil && x < *c.Min {
		vi := violation(c, header, raw, RuleRange, fmt.Sprintf("小于最小值 %g", *c.Min), fmt.Sprintf("is below the minimum %g", *c.Min))
		return &vi
	}
	if c.Max != nil && x > *c.Max {
		vi := violation(c, header, raw, RuleRange, fmt.Sprintf("大于最大值 %g", *c.Max), fmt.Sprintf("is above the maximum %g", *c.Max))
		return &vi
	}
	return nil
}

func violation(c schemas.Column, header, raw, rule, zh, en string) Violation {
	return Violation{
		Column:    c.Name,
		Value:     truncate(raw),
		Rule:      rule,
		MessageZh: fmt.Sprintf("「%s」%s", header, zh),
		MessageEn: fmt.Sprintf("%s (%s) %s", header, c.Name, en),
	}
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxValueLen {
		return s
	}
	r := []rune(s)
	return string(r[:maxValueLen]) + "…"
}

// skipReason says why a data row is skipped, or "" if it is data.
func skipReason(cells []string) string {
	if len(cells) == 0 {
		return "empty"
	}
	nonEmpty := 0
	for _, c := range cells {
		if values.IsNull(c) && strings.TrimSpace(c) == "" {
			continue
		}
		nonEmpty++
		if nonEmpty <= 3 && isTotalsLabel(c) {
			return "totals"
		}
	}
	if nonEmpty == 0 {
		return "empty"
	}
	return ""
}

// isTotalsLabel recognises the labels of totals and subtotals rows.
func isTotalsLabel(s string) bool {
	k, _ := values.HeaderKey(s)
	k = strings.TrimRight(k, ":：")
	switch k {
	case "合计", "小计", "总计", "总合计", "全区合计", "全街道合计", "total", "subtotal", "grandtotal", "sum":
		return true
	}
	return false
}

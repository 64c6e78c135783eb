package pipelines

import (
	"crypto/hmac"
	"crypto/sha256"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"shequ/internal/divisions"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// Rule ids recorded in quarantine. Row rules declared in a schema use
// their own ids (registered_le_resident, …).
const (
	RuleRequired     = "required"
	RuleType         = "type"
	RuleRange        = "range"
	RuleCodeFormat   = "code_format"
	RuleCodeUnknown  = "code_unknown"
	RuleCodePrefix   = "code_prefix" // a street or district code that is not a prefix of the community code
	RuleEnum         = "enum"
	RuleEncoding     = "encoding"
	RuleDuplicateKey = "duplicate_key" // every row of a key that occurs more than once in a file
	RuleIDFormat     = "id_format"     // an identity number that is not 17 digits and a check digit
	RuleIDCheckDigit = "id_check_digit"
)

// Violation is one broken rule in one row.
type Violation struct {
	Column    string // canonical column name ("" for row-level problems)
	Value     string // the offending text, at most maxValueLen characters; masked for personal data
	Rule      string
	MessageZh string
	MessageEn string
}

const maxValueLen = 200

// MinPIIKeyLen is the shortest key Ingester.PIIKey may be.
const MinPIIKeyLen = 16

// prefixCheck says that the code in column col must be the first n digits
// of the code in column of.
type prefixCheck struct{ col, of, n int }

// divisionLevels are the code columns that name the street or district a
// community_code lies in; when a schema has them, the community code must
// start with them. Their canonical names are the declaration.
var divisionLevels = map[string]int{"street_code": 9, "district_code": 6}

// validator coerces and checks the cells of one row against a schema, for
// one header (a sheet of a workbook has its own).
type validator struct {
	schema *schemas.Schema
	div    *divisions.Index
	m      mapping
	scale  []string  // per column: scaleNone, scaleWan or scalePercent
	mac    hash.Hash // HMAC-SHA-256 under the run's key; nil when no column is hashed
	keyCol []int     // the schema's key columns
	prefix []prefixCheck
	plain  bool // hashed returns values unhashed (the fast path's keys)
}

func newValidator(s *schemas.Schema, div *divisions.Index, m mapping, scale []string, key []byte) *validator {
	v := &validator{schema: s, div: div, m: m, scale: scale}
	if len(key) > 0 {
		v.mac = hmac.New(sha256.New, key)
	}
	for _, k := range s.Key {
		for i, c := range s.Columns {
			if c.Name == k {
				v.keyCol = append(v.keyCol, i)
			}
		}
	}
	community := -1
	for i, c := range s.Columns {
		if c.Name == "community_code" && c.Type == schemas.TypeCode && c.Length == 12 {
			community = i
		}
	}
	for i, c := range s.Columns {
		if n, ok := divisionLevels[c.Name]; ok && community >= 0 && c.Type == schemas.TypeCode && c.Length == n {
			v.prefix = append(v.prefix, prefixCheck{col: i, of: community, n: n})
		}
	}
	return v
}

// rowResult is what the validator makes of one row.
type rowResult struct {
	vals []driver.Value // one per schema column, nil for NULL
	bad  []Violation    // the row is accepted only if this is empty
	key  string         // the row's key, "" when the schema has none or a key cell is empty or invalid
}

// row types and checks the cells of a row.
func (v *validator) row(cells []string) rowResult {
	res := rowResult{vals: make([]driver.Value, len(v.schema.Columns))}
	for i, c := range v.schema.Columns {
		if c.PII == schemas.PIIDrop {
			continue // never read
		}
		j := v.m.cellOf[i]
		if j < 0 || j >= len(cells) || values.IsNull(cells[j]) {
			if c.Required {
				res.bad = append(res.bad, v.violation(i, "", RuleRequired, "必填项为空", "required value is empty"))
			}
			continue
		}
		val, viol := v.cell(i, cells[j])
		if viol != nil {
			res.bad = append(res.bad, *viol)
			continue
		}
		res.vals[i] = val
	}
	res.bad = append(res.bad, v.prefixes(res.vals)...)
	res.bad = append(res.bad, v.rules(res.vals)...)
	res.key = v.key(res.vals)
	return res
}

func (v *validator) cell(i int, raw string) (driver.Value, *Violation) {
	c := v.schema.Columns[i]
	fail := func(rule, zh, en string) (driver.Value, *Violation) {
		vi := v.violation(i, raw, rule, zh, en)
		return nil, &vi
	}
	switch c.Type {
	case schemas.TypeText:
		return v.hashed(c, values.Normalize(raw)), nil
	case schemas.TypeEnum:
		s := values.Normalize(raw)
		for _, allowed := range c.Values {
			if s == allowed {
				return s, nil
			}
		}
		return fail(RuleEnum, fmt.Sprintf("取值不在允许范围内（%s）", strings.Join(c.Values, "、")),
			fmt.Sprintf("value is not one of %s", strings.Join(c.Values, ", ")))
	case schemas.TypeCode:
		s := values.Normalize(raw)
		s = strings.TrimSuffix(s, ".0") // codes saved as numbers by Excel
		if len(s) != c.Length || strings.Trim(s, "0123456789") != "" {
			return fail(RuleCodeFormat, fmt.Sprintf("应为%d位数字代码", c.Length), fmt.Sprintf("must be a %d-digit code", c.Length))
		}
		if c.CheckDivision && v.div != nil {
			if _, ok := v.div.Lookup(s); !ok {
				return fail(RuleCodeUnknown, "不是有效的统计用区划代码（2023版）", "is not a statistical division code (2023 edition)")
			}
		}
		return v.hashed(c, s), nil
	case schemas.TypeResidentID:
		id, problem := values.CheckResidentID(raw)
		switch problem {
		case values.IDOK:
			return v.hashed(c, id), nil
		case values.IDCheckDigit:
			return fail(RuleIDCheckDigit, "校验位不符（GB 11643，ISO 7064 MOD 11-2），请核对号码", "check digit does not match (GB 11643, ISO 7064 MOD 11-2): check the number")
		case values.IDScientific:
			return fail(RuleIDFormat, "被Excel存成了数字，后几位已丢失：请将该列设为文本后重新导出", "was stored as a number by Excel, which lost the last digits: format the column as text and export again")
		default:
			return fail(RuleIDFormat, "应为18位：17位数字加1位校验码（0–9或X）", "must be 18 characters: 17 digits and a check digit (0-9 or X)")
		}
	case schemas.TypeInt:
		s, why := v.scaled(i, raw)
		if why != "" {
			return fail(RuleType, why, "is already in 万 by its header: remove the 万 from the figure")
		}
		n, err := values.ParseInt(s, c.AllowWan || v.scale[i] == scaleWan)
		if err != nil {
			return fail(RuleType, "不是整数："+reasonZh(err), "is not a whole number: "+reason(err))
		}
		if vi := v.rangeCheck(i, raw, float64(n)); vi != nil {
			return nil, vi
		}
		return n, nil
	case schemas.TypeFloat:
		s, why := v.scaled(i, raw)
		if why != "" {
			return fail(RuleType, why, "is already in 万 by its header: remove the 万 from the figure")
		}
		x, err := values.ParseFloat(s, c.AllowWan || v.scale[i] == scaleWan, c.AllowPercent)
		if err != nil {
			return fail(RuleType, "不是数值："+reasonZh(err), "is not a number: "+reason(err))
		}
		if vi := v.rangeCheck(i, raw, x); vi != nil {
			return nil, vi
		}
		return x, nil
	case schemas.TypeDate:
		d, _, err := values.ParseDate(raw)
		if err != nil {
			return fail(RuleType, "不是日期："+reasonZh(err), "is not a date: "+reason(err))
		}
		return d, nil
	case schemas.TypeDateTime:
		t, err := values.ParseDateTime(raw)
		if err != nil {
			return fail(RuleType, "不是日期时间："+reasonZh(err), "is not a date and time: "+reason(err))
		}
		return t, nil
	}
	return nil, nil
}

// scaled applies the scale of column i's header unit to a cell: 「(万人)」
// turns "1.2" into "1.2万", 「(%)」 turns "12.5" into "12.5%". A cell that
// carries the 万 itself in a 万 column is refused, since the figure would
// be 万 twice; a cell with its own % in a % column is taken as written.
func (v *validator) scaled(i int, raw string) (string, string) {
	s := values.Normalize(raw)
	switch v.scale[i] {
	case scaleWan:
		if strings.HasSuffix(s, "万") {
			return "", "表头单位已是万，数值不应再带“万”"
		}
		return s + "万", ""
	case scalePercent:
		if !strings.HasSuffix(s, "%") {
			return s + "%", ""
		}
	}
	return s, ""
}

// hashed returns s, or its keyed hash for a column with pii: hash.
func (v *validator) hashed(c schemas.Column, s string) driver.Value {
	if c.PII != schemas.PIIHash || v.plain {
		return s
	}
	v.mac.Reset()
	v.mac.Write([]byte(s))
	return hex.EncodeToString(v.mac.Sum(nil))
}

// prefixes checks that street and district codes agree with the
// community code of the row.
func (v *validator) prefixes(vals []driver.Value) []Violation {
	var bad []Violation
	for _, p := range v.prefix {
		code, ok1 := vals[p.col].(string)
		of, ok2 := vals[p.of].(string)
		if !ok1 || !ok2 || strings.HasPrefix(of, code) {
			continue
		}
		c, o := v.schema.Columns[p.col], v.schema.Columns[p.of]
		h, oh := v.m.text(v.schema, p.col), v.m.text(v.schema, p.of)
		bad = append(bad, Violation{
			Column: c.Name, Value: fmt.Sprintf("%s=%s, %s=%s", c.Name, code, o.Name, of), Rule: RuleCodePrefix,
			MessageZh: fmt.Sprintf("「%s」%s与「%s」%s的前%d位不一致", h, code, oh, of, p.n),
			MessageEn: fmt.Sprintf("%s (%s) %s is not the first %d digits of %s (%s) %s", h, c.Name, code, p.n, oh, o.Name, of),
		})
	}
	return bad
}

// rules checks the schema's row rules on the typed values.
func (v *validator) rules(vals []driver.Value) []Violation {
	var bad []Violation
	get := func(name string) (driver.Value, bool) {
		for i, c := range v.schema.Columns {
			if c.Name == name {
				return vals[i], vals[i] != nil
			}
		}
		return nil, false
	}
	for _, r := range v.schema.Rules {
		right, ok := get(r.Right)
		if !ok {
			continue
		}
		var shown []string
		var sum float64
		var left driver.Value
		complete := true
		for _, name := range r.Operands() {
			x, ok := get(name)
			if !ok {
				complete = false
				break
			}
			shown = append(shown, name+"="+show(x))
			sum += number(x)
			left = x
		}
		if !complete {
			continue
		}
		var holds bool
		if t, ok := left.(time.Time); ok {
			holds = r.HoldsTime(t, right.(time.Time))
		} else {
			holds = r.Holds(sum, number(right))
		}
		if !holds {
			bad = append(bad, Violation{Column: strings.Join(r.Operands(), "+"),
				Value: strings.Join(append(shown, r.Right+"="+show(right)), ", "),
				Rule:  r.ID, MessageZh: r.MessageZh, MessageEn: r.MessageEn})
		}
	}
	return bad
}

func number(x driver.Value) float64 {
	switch n := x.(type) {
	case int64:
		return float64(n)
	case float64:
		return n
	}
	return 0
}

func show(x driver.Value) string {
	switch t := x.(type) {
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return strconv.FormatFloat(t, 'g', -1, 64)
	case time.Time:
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04:05.999")
	}
	return fmt.Sprint(x)
}

// key returns the row's key: the key columns' values, joined; "" when
// the schema has no key or a key value is missing.
func (v *validator) key(vals []driver.Value) string {
	if len(v.keyCol) == 0 {
		return ""
	}
	parts := make([]string, len(v.keyCol))
	for n, i := range v.keyCol {
		if vals[i] == nil {
			return ""
		}
		parts[n] = show(vals[i])
	}
	return strings.Join(parts, "\x1f")
}

// showKey shows a key in quarantine: its values, or, when a key column
// holds personal data, the headers and a mask.
func (v *validator) showKey(key string) string {
	for _, i := range v.keyCol {
		if v.schema.Columns[i].PII != "" {
			return "[" + v.keyText() + ", 已隐藏]"
		}
	}
	return strings.ReplaceAll(key, "\x1f", ", ")
}

// keyText names the key columns as the file's headers do.
func (v *validator) keyText() string {
	var h []string
	for _, i := range v.keyCol {
		h = append(h, v.m.text(v.schema, i))
	}
	return strings.Join(h, "+")
}

// encodingValue shows the cells of a row that held bytes invalid in the
// file's encoding. Cells of personal-data columns are masked; so, for a
// source with personal data, are cells of columns the schema does not
// know, which might hold anything.
func (v *validator) encodingValue(cells []string) string {
	owner := map[int]int{}
	for i, j := range v.m.cellOf {
		if j >= 0 {
			owner[j] = i
		}
	}
	var out []string
	for j, cell := range cells {
		if !strings.ContainsRune(cell, utf8.RuneError) {
			continue
		}
		h := fmt.Sprintf("第%d列", j+1)
		if j < len(v.m.cells) && v.m.cells[j].text != "" {
			h = v.m.cells[j].text
		}
		i, known := owner[j]
		switch {
		case known && v.schema.Columns[i].PII != "", !known && v.schema.HasPII():
			out = append(out, h+"="+mask(h, cell))
		default:
			out = append(out, h+"="+cell)
		}
	}
	return truncate(strings.Join(out, ", "))
}

func reason(err error) string {
	var pe *values.ParseError
	if errors.As(err, &pe) {
		return pe.Reason
	}
	return err.Error()
}

func reasonZh(err error) string {
	var pe *values.ParseError
	if errors.As(err, &pe) {
		return pe.ReasonZh()
	}
	return err.Error()
}

func (v *validator) rangeCheck(i int, raw string, x float64) *Violation {
	c := v.schema.Columns[i]
	if c.Min != nil && x < *c.Min {
		vi := v.violation(i, raw, RuleRange, fmt.Sprintf("小于最小值 %g", *c.Min), fmt.Sprintf("is below the minimum %g", *c.Min))
		return &vi
	}
	if c.Max != nil && x > *c.Max {
		vi := v.violation(i, raw, RuleRange, fmt.Sprintf("大于最大值 %g", *c.Max), fmt.Sprintf("is above the maximum %g", *c.Max))
		return &vi
	}
	return nil
}

// violation describes a broken rule of column i, naming the column by the
// file's header. The value of a personal-data column is masked.
func (v *validator) violation(i int, raw, rule, zh, en string) Violation {
	c := v.schema.Columns[i]
	h := v.m.text(v.schema, i)
	val := truncate(raw)
	if c.PII != "" && raw != "" {
		val = mask(h, raw)
	}
	return Violation{
		Column:    c.Name,
		Value:     val,
		Rule:      rule,
		MessageZh: fmt.Sprintf("「%s」%s", h, zh),
		MessageEn: fmt.Sprintf("%s (%s) %s", h, c.Name, en),
	}
}

// mask stands in for a personal-data value: the header and the length,
// nothing of the value itself.
func mask(header, raw string) string {
	return fmt.Sprintf("[%s %d位, 已隐藏]", header, utf8.RuneCountInString(values.Normalize(raw)))
}

func truncate(s string) string {
	if utf8.RuneCountInString(s) <= maxValueLen {
		return s
	}
	r := []rune(s)
	return string(r[:maxValueLen]) + "…"
}

// Reasons a data row is skipped (FileManifest.SkippedBy). Rows above a
// header count as "above_header"; the rows of a sheet with no header as
// "sheet_without_header".
const (
	SkipAboveHeader = "above_header"
	SkipEmpty       = "empty"
	SkipTotals      = "totals"
	SkipUnits       = "units"
	SkipNoHeader    = "sheet_without_header"
)

// skipReason says why a data row is skipped, or "" if it is data.
func skipReason(cells []string) string {
	nonEmpty, units := 0, 0
	for _, c := range cells {
		if values.Normalize(c) == "" {
			continue
		}
		nonEmpty++
		if nonEmpty <= 3 && isTotalsLabel(c) {
			return SkipTotals
		}
		if isUnitCell(c) {
			units++
		}
	}
	switch {
	case nonEmpty == 0:
		return SkipEmpty
	case units == nonEmpty:
		return SkipUnits
	}
	return ""
}

// isTotalsLabel recognises the labels of totals and subtotals rows:
// 合计, 小计, 总计 alone or ending a short label (「坪山街道小计」,
// 「全区合计」), and their English names.
func isTotalsLabel(s string) bool {
	// Every label below has 计, or a t or s (total, sum) in some width:
	// most cells have neither, and skip the folding.
	if !strings.ContainsAny(s, "计tTsSｔＴｓＳ") {
		return false
	}
	k, _ := values.HeaderKey(s)
	k = strings.TrimRight(k, ":：")
	switch k {
	case "total", "subtotal", "grandtotal", "sum", "总合计":
		return true
	}
	for _, suffix := range []string{"合计", "小计", "总计"} {
		if strings.HasSuffix(k, suffix) && utf8.RuneCountInString(k) <= 12 {
			return true
		}
	}
	return false
}

// isUnitCell recognises the cells of a unit row below a header: a unit in
// brackets, 「(人)」「（户）」, or 「单位：人」.
func isUnitCell(s string) bool {
	k, _ := values.HeaderKey(s)
	switch {
	case strings.HasPrefix(k, "单位:"), strings.HasPrefix(k, "单位："):
		return true
	case len(k) > 2 && (k[0] == '(' && k[len(k)-1] == ')' || k[0] == '[' && k[len(k)-1] == ']'):
		return !strings.ContainsAny(k[1:len(k)-1], "0123456789")
	}
	return false
}

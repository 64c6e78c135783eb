package pipelines

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"shequ/internal/divisions"
	"shequ/pipelines/values"
	"shequ/schemas"
)

// Rule ids recorded in quarantine. Row rules declared in a schema use
// their own ids (registered_le_resident, …).
const (
	RuleRequired        = "required"
	RuleType            = "type"
	RuleRange           = "range"
	RuleCodeFormat      = "code_format"
	RuleCodeUnknown     = "code_unknown"
	RuleCodePrefix      = "code_prefix" // a street or district code that is not a prefix of the community code
	RuleEnum            = "enum"
	RuleEncoding        = "encoding"
	RuleDuplicateKey    = "duplicate_key" // every row of a key that occurs more than once in a file
	RuleIDFormat        = "id_format"     // an identity number that is not 17 digits and a check digit
	RuleIDCheckDigit    = "id_check_digit"
	RuleFieldCount      = "field_count"       // a text row with more or fewer fields than its header: its values have moved
	RuleUnbalancedQuote = "unbalanced_quote"  // a text line whose quotes are not well formed
	RuleOutsideArea     = "outside_area"      // a community outside the area the file declares
	RuleIdentifierInKey = "identifier_in_key" // a key holding an identity or phone number, with no key to hash it
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

// validator types and checks the cells of one row against a schema, for
// one header (a sheet of a workbook has its own). It is not safe for
// concurrent use: each goroutine works on its own clone.
type validator struct {
	schema    *schemas.Schema
	div       *divisions.Index
	m         mapping
	scale     []string // per column: scaleNone, scaleWan or scalePercent
	piiKey    []byte
	mac       hash.Hash // HMAC-SHA-256 under piiKey; nil without a key
	keyCol    []int     // the schema's key columns
	prefix    []prefixCheck
	community int   // the column community_code, or -1
	area      *area // the area the file covers, or nil
	width     int   // the header's cells, for the field count of text rows; 0: not checked
	arena     arena // text made while typing (hashes), alive until the batch is written
	keyBuf    []byte
}

func newValidator(s *schemas.Schema, div *divisions.Index, m mapping, scale []string, key []byte) *validator {
	v := &validator{schema: s, div: div, m: m, scale: scale, piiKey: key, community: -1}
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
	for i, c := range s.Columns {
		if c.Name == "community_code" && c.Type == schemas.TypeCode && c.Length == 12 {
			v.community = i
		}
	}
	for i, c := range s.Columns {
		if n, ok := divisionLevels[c.Name]; ok && v.community >= 0 && c.Type == schemas.TypeCode && c.Length == n {
			v.prefix = append(v.prefix, prefixCheck{col: i, of: v.community, n: n})
		}
	}
	return v
}

// clone returns a validator for another goroutine: the same header and
// checks, its own hash state and memory.
func (v *validator) clone() *validator {
	c := *v
	if len(v.piiKey) > 0 {
		c.mac = hmac.New(sha256.New, v.piiKey)
	}
	c.arena = arena{}
	c.keyBuf = nil
	return &c
}

// row types the cells of a row into vals, one per schema column (the
// zero Value is NULL), and returns the rules it breaks: the row is
// accepted only if there are none.
func (v *validator) row(cells []string, vals []parquet.Value) []Violation {
	var bad []Violation
	for i := range v.schema.Columns {
		c := &v.schema.Columns[i] // not a copy: a Column is large
		vals[i] = parquet.Value{}
		if c.PII == schemas.PIIDrop {
			continue // never read
		}
		j := v.m.cellOf[i]
		if j < 0 || j >= len(cells) || values.IsNull(cells[j]) {
			if c.Required {
				bad = append(bad, v.violation(i, "", RuleRequired, "必填项为空", "required value is empty"))
			}
			continue
		}
		val, viol := v.cell(i, cells[j])
		if viol != nil {
			bad = append(bad, *viol)
			continue
		}
		vals[i] = val
	}
	bad = append(bad, v.prefixes(vals)...)
	if v.area != nil && v.community >= 0 && !vals[v.community].IsNull() {
		if vi := v.area.check(v, vals[v.community].String()); vi != nil {
			bad = append(bad, *vi)
		}
	}
	return append(bad, v.rules(vals)...)
}

// text makes a string value; it must live until the batch is written.
func text(s string) parquet.Value { return parquet.ByteArrayValue(unsafeBytes(s)) }

func (v *validator) cell(i int, raw string) (parquet.Value, *Violation) {
	c := &v.schema.Columns[i]
	fail := func(rule, zh, en string) (parquet.Value, *Violation) {
		vi := v.violation(i, raw, rule, zh, en)
		return parquet.Value{}, &vi
	}
	switch c.Type {
	case schemas.TypeText:
		s := values.Normalize(raw)
		if c.PII == schemas.PIIHash {
			return v.hashed(s), nil
		}
		if hasIdentifier(s) {
			if v.mac == nil && v.isKey(i) {
				return fail(RuleIdentifierInKey, "含身份证号或手机号，没有密钥无法以哈希保存：请设置 SHEQU_PII_KEY（或配置中的 pii_key_file）后重新运行",
					"holds an identity or phone number, which cannot be kept as a hash without a key: set SHEQU_PII_KEY (or the configuration's pii_key_file) and run again")
			}
			s = v.redact(s)
		}
		return text(s), nil
	case schemas.TypeEnum:
		s := values.Normalize(raw)
		for _, allowed := range c.Values {
			if s == allowed {
				return text(allowed), nil
			}
		}
		return fail(RuleEnum, fmt.Sprintf("取值不在允许范围内（%s）", strings.Join(c.Values, "、")),
			fmt.Sprintf("value is not one of %s", strings.Join(c.Values, ", ")))
	case schemas.TypeCode:
		s := values.Normalize(raw)
		s = strings.TrimSuffix(s, ".0") // codes saved as numbers by Excel
		if len(s) != c.Length || !allDigits(s) {
			return fail(RuleCodeFormat, fmt.Sprintf("应为%d位数字代码", c.Length), fmt.Sprintf("must be a %d-digit code", c.Length))
		}
		if c.CheckDivision && v.div != nil {
			if !v.div.Has(s) {
				return fail(RuleCodeUnknown, "不是有效的统计用区划代码（2023版）", "is not a statistical division code (2023 edition)")
			}
		}
		if c.PII == schemas.PIIHash {
			return v.hashed(s), nil
		}
		return text(s), nil
	case schemas.TypeResidentID:
		id, problem := values.CheckResidentID(raw)
		switch problem {
		case values.IDOK:
			return v.hashed(id), nil
		case values.IDCheckDigit:
			return fail(RuleIDCheckDigit, "校验位不符（GB 11643，ISO 7064 MOD 11-2），请核对号码", "check digit does not match (GB 11643, ISO 7064 MOD 11-2): check the number")
		case values.IDScientific:
			return fail(RuleIDFormat, "被Excel存成了数字，后几位已丢失：请将该列设为文本后重新导出", "was stored as a number by Excel, which lost the last digits: format the column as text and export again")
		default:
			return fail(RuleIDFormat, "应为18位：17位数字加1位校验码（0–9或X）", "must be 18 characters: 17 digits and a check digit (0-9 or X)")
		}
	case schemas.TypeInt, schemas.TypeFloat:
		x, vi := v.number(i, raw)
		if vi != nil {
			return parquet.Value{}, vi
		}
		if vi := v.rangeCheck(i, raw, x); vi != nil {
			return parquet.Value{}, vi
		}
		if c.Type == schemas.TypeInt {
			return parquet.Int64Value(int64(x)), nil
		}
		return parquet.DoubleValue(x), nil
	case schemas.TypeDate:
		d, _, err := values.ParseDate(raw)
		if err != nil {
			return fail(RuleType, "不是日期："+reasonZh(err), "is not a date: "+reason(err))
		}
		return parquet.Int32Value(int32(daysOf(d))), nil
	case schemas.TypeDateTime:
		t, err := values.ParseDateTime(raw)
		if err != nil {
			return fail(RuleType, "不是日期时间："+reasonZh(err), "is not a date and time: "+reason(err))
		}
		return parquet.Int64Value(microsOf(t)), nil
	}
	return parquet.Value{}, nil
}

// number parses a numeric cell, with its header's scale, without bounds
// (totals rows use it too). Whole numbers come back as float64: exact up
// to 2^53, far past the max every column declares.
func (v *validator) number(i int, raw string) (float64, *Violation) {
	c := &v.schema.Columns[i]
	fail := func(rule, zh, en string) (float64, *Violation) {
		vi := v.violation(i, raw, rule, zh, en)
		return 0, &vi
	}
	s, why := v.scaled(i, raw)
	if why != "" {
		return fail(RuleType, why, "is already in 万 by its header: remove the 万 from the figure")
	}
	if c.Type == schemas.TypeInt {
		n, err := values.ParseInt(s, c.AllowWan || v.scale[i] == scaleWan)
		if err != nil {
			return fail(RuleType, "不是整数："+reasonZh(err), "is not a whole number: "+reason(err))
		}
		return float64(n), nil // beyond 2^53 inexact, and far past every column's max
	}
	x, err := values.ParseFloat(s, c.AllowWan || v.scale[i] == scaleWan, c.AllowPercent)
	if err != nil {
		return fail(RuleType, "不是数值："+reasonZh(err), "is not a number: "+reason(err))
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return fail(RuleType, "不是有限的数值", "is not a finite number")
	}
	return x, nil
}

// isKey reports whether column i is part of the schema's key.
func (v *validator) isKey(i int) bool {
	for _, k := range v.keyCol {
		if k == i {
			return true
		}
	}
	return false
}

// daysOf is the day of a date as Parquet's DATE holds it: days since
// 1970-01-01.
func daysOf(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// microsOf is a date and time as Parquet's TIMESTAMP (not adjusted to
// UTC) holds it: microseconds since 1970-01-01 00:00 of the wall clock.
func microsOf(t time.Time) int64 {
	y, m, d := t.Date()
	h, mi, s := t.Clock()
	return time.Date(y, m, d, h, mi, s, t.Nanosecond(), time.UTC).UnixMicro()
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

// hashed returns the keyed hash of s, hex, for a column with pii: hash.
func (v *validator) hashed(s string) parquet.Value {
	v.mac.Reset()
	v.mac.Write(unsafeBytes(s))
	var sum [sha256.Size]byte
	b := v.arena.alloc(2 * sha256.Size)
	hex.Encode(b, v.mac.Sum(sum[:0]))
	return parquet.ByteArrayValue(b)
}

// prefixes checks that street and district codes agree with the
// community code of the row.
func (v *validator) prefixes(vals []parquet.Value) []Violation {
	var bad []Violation
	for _, p := range v.prefix {
		if vals[p.col].IsNull() || vals[p.of].IsNull() {
			continue
		}
		code, of := vals[p.col].String(), vals[p.of].String()
		if strings.HasPrefix(of, code) {
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
	c := &v.schema.Columns[i]
	if c.Min != nil && x < *c.Min {
		vi := v.violation(i, raw, RuleRange, fmt.Sprintf("小于最小值 %g", *c.Min), fmt.Sprintf("is below the minimum %g", *c.Min))
		return &vi
	}
	if c.Max != nil && x > *c.Max {
		vi := v.violation(i, raw, RuleRange, fmt.Sprintf("大于本列的合理上限 %s：请核对是否填错了列或多输了位数", formatBound(*c.Max)),
			fmt.Sprintf("is above the plausible maximum %s for this column: check for a value typed into the wrong column or extra digits", formatBound(*c.Max)))
		return &vi
	}
	return nil
}

// formatBound writes a bound as people read it: 1000000, 1e+10 as 10000000000.
func formatBound(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// violation describes a broken rule of column i, naming the column by the
// file's header. The value of a personal-data column is masked, and an
// identity or phone number anywhere is hidden.
func (v *validator) violation(i int, raw, rule, zh, en string) Violation {
	c := &v.schema.Columns[i]
	h := v.m.text(v.schema, i)
	val := truncate(maskIdentifiers(raw))
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

// allDigits reports whether s is ASCII digits only.
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

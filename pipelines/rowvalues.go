package pipelines

import (
	"strconv"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"shequ/schemas"
)

// The typed values of a row, read back: for the schema's row rules, for
// messages, and for the row's key.

// rules checks the schema's row rules on the typed values.
func (v *validator) rules(vals []parquet.Value) []Violation {
	var bad []Violation
	get := func(name string) (int, bool) {
		for i, c := range v.schema.Columns {
			if c.Name == name {
				return i, !vals[i].IsNull()
			}
		}
		return -1, false
	}
	for _, r := range v.schema.Rules {
		right, ok := get(r.Right)
		if !ok {
			continue
		}
		var shown []string
		var sum float64
		left := -1
		complete := true
		for _, name := range r.Operands() {
			i, ok := get(name)
			if !ok {
				complete = false
				break
			}
			shown = append(shown, name+"="+v.show(i, vals[i]))
			sum += number(vals[i])
			left = i
		}
		if !complete {
			continue
		}
		var holds bool
		if v.schema.Columns[left].Temporal() {
			holds = r.HoldsTime(v.timeOf(left, vals[left]), v.timeOf(right, vals[right]))
		} else {
			holds = r.Holds(sum, number(vals[right]))
		}
		if !holds {
			bad = append(bad, Violation{Column: strings.Join(r.Operands(), "+"),
				Value: strings.Join(append(shown, r.Right+"="+v.show(right, vals[right])), ", "),
				Rule:  r.ID, MessageZh: r.MessageZh, MessageEn: r.MessageEn})
		}
	}
	return bad
}

// number is a numeric value as a float64.
func number(x parquet.Value) float64 {
	switch x.Kind() {
	case parquet.Int64:
		return float64(x.Int64())
	case parquet.Double:
		return x.Double()
	}
	return 0
}

// timeOf is the date or time of column i as a time.Time (UTC wall clock).
func (v *validator) timeOf(i int, x parquet.Value) time.Time {
	if v.schema.Columns[i].Type == schemas.TypeDate {
		return time.Unix(int64(x.Int32())*86400, 0).UTC()
	}
	return time.UnixMicro(x.Int64()).UTC()
}

// show writes the value of column i as messages and keys show it.
func (v *validator) show(i int, x parquet.Value) string {
	if x.IsNull() {
		return ""
	}
	switch v.schema.Columns[i].Type {
	case schemas.TypeInt:
		return strconv.FormatInt(x.Int64(), 10)
	case schemas.TypeFloat:
		return strconv.FormatFloat(x.Double(), 'g', -1, 64)
	case schemas.TypeDate:
		return v.timeOf(i, x).Format("2006-01-02")
	case schemas.TypeDateTime:
		t := v.timeOf(i, x)
		if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
			return t.Format("2006-01-02")
		}
		return t.Format("2006-01-02 15:04:05.999")
	}
	return x.String()
}

// keyOf writes the row's key — the key columns' values, as show writes
// them, joined by U+001F — into the validator's buffer and returns it;
// ok is false when the schema has no key or a key value is missing. The
// bytes are valid until the next call.
func (v *validator) keyOf(vals []parquet.Value) (key []byte, ok bool) {
	if len(v.keyCol) == 0 {
		return nil, false
	}
	v.keyBuf = v.keyBuf[:0]
	for n, i := range v.keyCol {
		if vals[i].IsNull() {
			return nil, false
		}
		if n > 0 {
			v.keyBuf = append(v.keyBuf, 0x1f)
		}
		switch v.schema.Columns[i].Type {
		case schemas.TypeText, schemas.TypeCode, schemas.TypeEnum, schemas.TypeResidentID:
			v.keyBuf = append(v.keyBuf, vals[i].ByteArray()...)
		default:
			v.keyBuf = append(v.keyBuf, v.show(i, vals[i])...)
		}
	}
	return v.keyBuf, true
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

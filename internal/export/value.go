package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/decimal256"
	"github.com/apache/arrow-go/v18/arrow/extensions"
)

// errNoForm is wrapped in a *TypeError for a type the value writers do
// not know.
var errNoForm = errors.New("no text form for this type")

// Layouts of the date and time values, in text and JSON alike.
const (
	dateLayout = "2006-01-02"
	timeLayout = "15:04:05.999999999"
)

// encoder writes JSON strings and numbers as encoding/json does, without
// escaping <, > and & (the output is not HTML).
type encoder struct {
	buf bytes.Buffer
	enc *json.Encoder
}

func newEncoder() *encoder {
	e := &encoder{}
	e.enc = json.NewEncoder(&e.buf)
	e.enc.SetEscapeHTML(false)
	return e
}

// appendEncoded appends v as encoding/json writes it.
func (e *encoder) appendEncoded(b []byte, v any) ([]byte, error) {
	e.buf.Reset()
	if err := e.enc.Encode(v); err != nil {
		return b, err
	}
	return append(b, bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))...), nil
}

// appendJSON appends value i of arr as typed JSON (see the package doc).
func (e *encoder) appendJSON(b []byte, arr arrow.Array, i int) ([]byte, error) {
	if arr.IsNull(i) {
		return append(b, "null"...), nil
	}
	switch a := arr.(type) {
	case *array.Null:
		return append(b, "null"...), nil
	case *array.Boolean:
		return strconv.AppendBool(b, a.Value(i)), nil
	case *array.Int8:
		return strconv.AppendInt(b, int64(a.Value(i)), 10), nil
	case *array.Int16:
		return strconv.AppendInt(b, int64(a.Value(i)), 10), nil
	case *array.Int32:
		return strconv.AppendInt(b, int64(a.Value(i)), 10), nil
	case *array.Int64:
		return strconv.AppendInt(b, a.Value(i), 10), nil
	case *array.Uint8:
		return strconv.AppendUint(b, uint64(a.Value(i)), 10), nil
	case *array.Uint16:
		return strconv.AppendUint(b, uint64(a.Value(i)), 10), nil
	case *array.Uint32:
		return strconv.AppendUint(b, uint64(a.Value(i)), 10), nil
	case *array.Uint64:
		return strconv.AppendUint(b, a.Value(i), 10), nil
	case *array.Float16:
		return e.appendFloat(b, float64(a.Value(i).Float32()), 32)
	case *array.Float32:
		return e.appendFloat(b, float64(a.Value(i)), 32)
	case *array.Float64:
		return e.appendFloat(b, a.Value(i), 64)
	case *array.Decimal128:
		return appendDecimal128(b, a.Value(i), a.DataType().(*arrow.Decimal128Type).Scale, true), nil
	case *array.Decimal256:
		return appendDecimal256(b, a.Value(i), a.DataType().(*arrow.Decimal256Type).Scale, true), nil
	case *array.String:
		return e.appendEncoded(b, a.Value(i))
	case *array.LargeString:
		return e.appendEncoded(b, a.Value(i))
	case *array.StringView:
		return e.appendEncoded(b, a.Value(i))
	case *array.Binary:
		return e.appendEncoded(b, a.Value(i)) // base64, as encoding/json writes []byte
	case *array.LargeBinary:
		return e.appendEncoded(b, a.Value(i))
	case *array.BinaryView:
		return e.appendEncoded(b, a.Value(i))
	case *array.FixedSizeBinary:
		return e.appendEncoded(b, a.Value(i))
	case *array.Date32:
		return e.appendEncoded(b, a.Value(i).ToTime().Format(dateLayout))
	case *array.Date64:
		return e.appendEncoded(b, a.Value(i).ToTime().Format(dateLayout))
	case *array.Timestamp:
		return e.appendEncoded(b, timestampText(a, i))
	case *array.Time32:
		return e.appendEncoded(b, a.Value(i).ToTime(a.DataType().(*arrow.Time32Type).Unit).Format(timeLayout))
	case *array.Time64:
		return e.appendEncoded(b, a.Value(i).ToTime(a.DataType().(*arrow.Time64Type).Unit).Format(timeLayout))
	case *array.MonthDayNanoInterval:
		v := a.Value(i)
		return fmt.Appendf(b, `{"months":%d,"days":%d,"nanoseconds":%d}`, v.Months, v.Days, v.Nanoseconds), nil
	case *array.MonthInterval:
		return fmt.Appendf(b, `{"months":%d,"days":0,"nanoseconds":0}`, a.Value(i)), nil
	case *array.DayTimeInterval:
		v := a.Value(i)
		return fmt.Appendf(b, `{"months":0,"days":%d,"nanoseconds":%d}`, v.Days, int64(v.Milliseconds)*int64(time.Millisecond)), nil
	case *extensions.JSONArray:
		// DuckDB checks a JSON value when it is stored; a value that is
		// somehow not JSON is written as a string rather than break the
		// output.
		raw := []byte(a.Storage().ValueStr(i))
		e.buf.Reset()
		if err := json.Compact(&e.buf, raw); err != nil {
			return e.appendEncoded(b, string(raw))
		}
		return append(b, e.buf.Bytes()...), nil
	case array.ExtensionArray:
		return e.appendJSON(b, a.Storage(), i)
	case *array.Dictionary:
		return e.appendJSON(b, a.Dictionary(), a.GetValueIndex(i))
	case *array.Struct:
		st := a.DataType().(*arrow.StructType)
		b = append(b, '{')
		for k, f := range st.Fields() {
			if k > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = e.appendEncoded(b, f.Name); err != nil {
				return b, err
			}
			b = append(b, ':')
			if b, err = e.appendJSON(b, a.Field(k), i); err != nil {
				return b, err
			}
		}
		return append(b, '}'), nil
	case *array.Map:
		return e.appendMap(b, a, i)
	case array.ListLike:
		start, end := a.ValueOffsets(i)
		values := a.ListValues()
		b = append(b, '[')
		for j := start; j < end; j++ {
			if j > start {
				b = append(b, ',')
			}
			var err error
			if b, err = e.appendJSON(b, values, int(j)); err != nil {
				return b, err
			}
		}
		return append(b, ']'), nil
	case *array.SparseUnion:
		return e.appendJSON(b, a.Field(a.ChildID(i)), i)
	case *array.DenseUnion:
		return e.appendJSON(b, a.Field(a.ChildID(i)), int(a.ValueOffset(i)))
	}
	return b, errNoForm
}

// appendMap writes a map with string keys as an object, any other as an
// array of {"key": …, "value": …} objects.
func (e *encoder) appendMap(b []byte, a *array.Map, i int) ([]byte, error) {
	start, end := a.ValueOffsets(i)
	keys, items := a.Keys(), a.Items()
	var stringKeys bool
	switch keys.DataType().ID() {
	case arrow.STRING, arrow.LARGE_STRING, arrow.STRING_VIEW:
		stringKeys = true
	}
	open, close := byte('['), byte(']')
	if stringKeys {
		open, close = '{', '}'
	}
	b = append(b, open)
	for j := int(start); j < int(end); j++ {
		if j > int(start) {
			b = append(b, ',')
		}
		var err error
		if stringKeys {
			b, err = e.appendEncoded(b, keys.ValueStr(j))
			if err == nil {
				b = append(b, ':')
				b, err = e.appendJSON(b, items, j)
			}
		} else {
			b = append(b, `{"key":`...)
			b, err = e.appendJSON(b, keys, j)
			if err == nil {
				b = append(b, `,"value":`...)
				b, err = e.appendJSON(b, items, j)
				b = append(b, '}')
			}
		}
		if err != nil {
			return b, err
		}
	}
	return append(b, close), nil
}

// appendFloat writes a finite float as encoding/json does (bits 32 for
// the shortest float32 form), and NaN and ±Inf, which JSON cannot hold,
// as null.
func (e *encoder) appendFloat(b []byte, f float64, bits int) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(b, "null"...), nil
	}
	if bits == 32 {
		return e.appendEncoded(b, float32(f))
	}
	return e.appendEncoded(b, f)
}

// appendDecimal128 writes a decimal's exact digits. An integer (scale 0,
// as DuckDB hands over HUGEINT) outside the 64-bit range is quoted when
// quoteWide is true, since most JSON readers hold integers in 64 bits or
// in a float64.
func appendDecimal128(b []byte, n decimal128.Num, scale int32, quoteWide bool) []byte {
	if scale == 0 {
		hi, lo := n.HighBits(), n.LowBits()
		if hi == 0 && lo>>63 == 0 || hi == -1 && lo>>63 == 1 {
			return strconv.AppendInt(b, int64(lo), 10)
		}
		if quoteWide {
			return strconv.AppendQuote(b, n.BigInt().String())
		}
		return append(b, n.BigInt().String()...)
	}
	return append(b, n.ToString(scale)...)
}

// appendDecimal256: see appendDecimal128.
func appendDecimal256(b []byte, n decimal256.Num, scale int32, quoteWide bool) []byte {
	if scale == 0 {
		bi := n.BigInt()
		if bi.IsInt64() || !quoteWide {
			return append(b, bi.String()...)
		}
		return strconv.AppendQuote(b, bi.String())
	}
	return append(b, n.ToString(scale)...)
}

// timestampText is value i of a as an RFC 3339 time in UTC, with as many
// fractional digits as it has.
func timestampText(a *array.Timestamp, i int) string {
	return a.Value(i).ToTime(a.DataType().(*arrow.TimestampType).Unit).UTC().Format(time.RFC3339Nano)
}

// appendText appends value i of arr as the table and CSV show it; a NULL
// is nothing (the caller writes what it shows for NULL).
func (e *encoder) appendText(b []byte, arr arrow.Array, i int) ([]byte, error) {
	if arr.IsNull(i) {
		return b, nil
	}
	switch a := arr.(type) {
	case *array.Float16:
		return strconv.AppendFloat(b, float64(a.Value(i).Float32()), 'g', -1, 32), nil
	case *array.Float32:
		return strconv.AppendFloat(b, float64(a.Value(i)), 'g', -1, 32), nil
	case *array.Float64:
		return fmt.Appendf(b, "%.10g", a.Value(i)), nil
	case *array.Decimal128:
		return appendDecimal128(b, a.Value(i), a.DataType().(*arrow.Decimal128Type).Scale, false), nil
	case *array.Decimal256:
		return appendDecimal256(b, a.Value(i), a.DataType().(*arrow.Decimal256Type).Scale, false), nil
	case *array.String:
		return append(b, a.Value(i)...), nil
	case *array.LargeString:
		return append(b, a.Value(i)...), nil
	case *array.StringView:
		return append(b, a.Value(i)...), nil
	case *array.Binary:
		return append(b, a.Value(i)...), nil
	case *array.LargeBinary:
		return append(b, a.Value(i)...), nil
	case *array.BinaryView:
		return append(b, a.Value(i)...), nil
	case *array.FixedSizeBinary:
		return append(b, a.Value(i)...), nil
	case *array.Date32:
		return append(b, a.Value(i).ToTime().Format(dateLayout)...), nil
	case *array.Date64:
		return append(b, a.Value(i).ToTime().Format(dateLayout)...), nil
	case *array.Timestamp:
		return append(b, timestampText(a, i)...), nil
	case *array.Time32:
		return append(b, a.Value(i).ToTime(a.DataType().(*arrow.Time32Type).Unit).Format(timeLayout)...), nil
	case *array.Time64:
		return append(b, a.Value(i).ToTime(a.DataType().(*arrow.Time64Type).Unit).Format(timeLayout)...), nil
	case *extensions.JSONArray:
		return append(b, a.Storage().ValueStr(i)...), nil
	case array.ExtensionArray:
		return e.appendText(b, a.Storage(), i)
	case *array.Dictionary:
		return e.appendText(b, a.Dictionary(), a.GetValueIndex(i))
	}
	// Numbers, booleans, nested values and intervals read as their JSON.
	return e.appendJSON(b, arr, i)
}

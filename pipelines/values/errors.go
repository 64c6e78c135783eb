package values

import (
	"fmt"
	"strings"
)

// ParseError is returned by ParseInt, ParseFloat, ParseDate and
// ParseDateTime when a cell is not a value of the expected kind. Kind is
// "integer", "number", "date" or "datetime";
// Value is the offending text exactly as given; Reason says what is wrong
// with it in a few lowercase words.
type ParseError struct {
	Kind, Value, Reason string
}

// Error formats the error as: invalid integer "1,2,3": misplaced thousands separator.
func (e *ParseError) Error() string {
	return fmt.Sprintf("invalid %s %q: %s", e.Kind, e.Value, e.Reason)
}

// Kinds reported in ParseError.Kind.
const (
	KindInteger  = "integer"
	KindNumber   = "number"
	KindDate     = "date"
	KindDateTime = "datetime"
)

// reasonsZh are the Chinese forms of the reasons in ParseError.
var reasonsZh = map[string]string{
	"a month alone is not a point in time": "只有年月，不是具体时刻",
	"a year alone is not a date":           "只有年份，不是日期",
	"day out of range":                     "日不存在",
	"empty":                                "为空",
	"excel serial 60 is 1900-02-29, which does not exist": "Excel序列号60对应不存在的1900年2月29日",
	"excel serial date out of range":                      "Excel日期序列号超出范围",
	"exponent in an integer":                              "整数不应使用科学计数法",
	"exponent with thousands separators":                  "千位分隔符与科学计数法不能同时使用",
	"has a time of day":                                   "含有时刻，应只填日期",
	"malformed exponent":                                  "科学计数法格式错误",
	"misplaced thousands separator":                       "千位分隔符位置不对",
	"mixed date separators":                               "日期分隔符不一致",
	"mixed thousands separators":                          "千位分隔符不一致",
	"month out of range":                                  "月份不存在",
	"no digits after the decimal point":                   "小数点后没有数字",
	"no digits before the decimal point":                  "小数点前没有数字",
	"no digits":                                           "没有数字",
	"not a date and time":                                 "不是日期时间",
	"not a date":                                          "不是可识别的日期",
	"not a number":                                        "不是数字",
	"not a time of day":                                   "时刻格式不对",
	"not a whole number after scaling by 万":               "按万换算后不是整数",
	"not a whole number":                                  "不是整数",
	"out of range":                                        "超出范围",
	"percent not allowed here":                            "此列不能填百分数",
	"万 suffix not allowed here":                           "此列不能以“万”为单位",
	"time of day out of range":                            "时刻不存在",
	"year out of range":                                   "年份超出范围",
}

// ReasonZh returns the reason in Chinese, for the message a street office
// reads; a reason without a translation (an unexpected character, say) is
// returned as it is.
func (e *ParseError) ReasonZh() string {
	if zh, ok := reasonsZh[e.Reason]; ok {
		return zh
	}
	if r, ok := strings.CutPrefix(e.Reason, "unexpected "); ok {
		return "含有无法识别的字符" + r
	}
	return e.Reason
}

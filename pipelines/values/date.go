package values

import (
	"strconv"
	"strings"
	"time"
)

// Precisions reported by ParseDate.
const (
	PrecisionDay   = "day"
	PrecisionMonth = "month"
)

// Bounds of the Excel serial dates ParseDate accepts: 1 is 1900-01-01 and
// 2958465 is 9999-12-31, the last day Excel can show.
const (
	minExcelSerial = 1
	maxExcelSerial = 2958465
)

// ParseDate parses a date cell and returns it as midnight UTC, with its
// precision, "day" or "month". It accepts, after Normalize:
//
//	2015-12-31  2015/12/31  2015.12.31  2015年12月31日   (day; month and day may be one digit,
//	                                                     and 日 may be 号 or left out)
//	2015-12     2015/12     2015.12     2015年12月       (month: the first day of the month)
//	20151231                                            (day, exactly eight digits)
//	42369                                               (Excel serial date → 2015-12-31)
//
// A day may be followed by a time of exactly midnight ("2015-12-31 00:00" or
// "…00:00:00"), which is how date-only values come out of some databases and
// of Excel's date-time format; any other time of day is an error, so that a
// timestamp is never silently truncated.
//
// An Excel serial is accepted only when the whole cell is an integer in
// 1..2958465 that is neither eight digits long (yyyymmdd) nor four: a cell
// such as "2015" is a year, and a year alone is not a date, even though
// Excel would read it as serial 2015 (1905-07-08). Serials 1000–9999
// (1902-09-26 … 1927-05-18) are therefore refused; such dates must be
// written out. Serials follow Excel's 1900 date
// system, including its leap-year bug: Excel counts a 29 February 1900 that
// never existed, so serials 1–59 are 1900-01-01…1900-02-28, serials from 61
// on are one day less than their count from 1899-12-31 (61 is 1900-03-01),
// and serial 60 — Excel's fictitious 1900-02-29 — is an error. The 1904 date
// system of old Mac workbooks is not detected.
//
// Every error is a *ParseError with Kind "date".
func ParseDate(s string) (t time.Time, precision string, err error) {
	t, precision, reason := parseDate(s)
	if reason != "" {
		return time.Time{}, "", &ParseError{Kind: KindDate, Value: s, Reason: reason}
	}
	return t, precision, nil
}

// parseDate does the work of ParseDate and returns a reason instead of an error.
func parseDate(s string) (time.Time, string, string) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // 2015-12-31, the usual form: read at once
		if y, ok := digits4(s[0:4]); ok {
			if m, ok := digits2(s[5:7]); ok {
				if d, ok := digits2(s[8:10]); ok {
					return makeDate(y, m, d, PrecisionDay)
				}
			}
		}
	}
	t := Normalize(s)
	if t == "" {
		return time.Time{}, "", "empty"
	}
	t, reason := stripMidnight(t)
	if reason != "" {
		return time.Time{}, "", reason
	}
	if strings.Contains(t, "年") {
		t = strings.ReplaceAll(t, " ", "") // "2015 年 12 月"
	}
	if digitsEnd(t, 0) == len(t) {
		return parseDigits(t)
	}
	// year, separator, month [, separator, day [, 日]]
	y, rest, ok := cutDigits(t, 4, 4)
	if !ok {
		return time.Time{}, "", "not a date"
	}
	var sep string
	switch {
	case strings.HasPrefix(rest, "年"):
		sep = "年"
	case rest != "" && strings.ContainsRune("-/.", rune(rest[0])):
		sep = rest[:1]
	default:
		return time.Time{}, "", "not a date"
	}
	m, rest, ok := cutDigits(rest[len(sep):], 1, 2)
	if !ok {
		return time.Time{}, "", "not a date"
	}
	if sep == "年" {
		if rest, ok = strings.CutPrefix(rest, "月"); !ok {
			return time.Time{}, "", "not a date"
		}
		if rest == "" {
			return makeDate(y, m, 1, PrecisionMonth)
		}
		d, rest, ok := cutDigits(rest, 1, 2)
		if !ok || (rest != "" && rest != "日" && rest != "号") {
			return time.Time{}, "", "not a date"
		}
		return makeDate(y, m, d, PrecisionDay)
	}
	if rest == "" {
		return makeDate(y, m, 1, PrecisionMonth)
	}
	if !strings.HasPrefix(rest, sep) {
		return time.Time{}, "", "mixed date separators"
	}
	d, rest, ok := cutDigits(rest[1:], 1, 2)
	if !ok || rest != "" {
		return time.Time{}, "", "not a date"
	}
	return makeDate(y, m, d, PrecisionDay)
}

// stripMidnight removes a trailing midnight time from t, or reports a time
// of day that is not midnight.
func stripMidnight(t string) (string, string) {
	i := strings.LastIndexAny(t, " T")
	if i < 0 {
		return t, ""
	}
	clock := strings.TrimLeft(t[i+1:], " ")
	switch clock {
	case "0:00", "00:00", "0:00:00", "00:00:00", "00:00:00.000":
		return strings.TrimRight(t[:i], " "), ""
	}
	if strings.Contains(clock, ":") {
		return "", "has a time of day"
	}
	return t, ""
}

// parseDigits parses an all-digit date: eight digits are yyyymmdd, anything
// else is an Excel serial date.
func parseDigits(t string) (time.Time, string, string) {
	if len(t) == 8 {
		y, _ := strconv.Atoi(t[:4])
		m, _ := strconv.Atoi(t[4:6])
		d, _ := strconv.Atoi(t[6:])
		return makeDate(y, m, d, PrecisionDay)
	}
	if len(t) > 8 {
		return time.Time{}, "", "not a date"
	}
	if len(t) == 4 {
		return time.Time{}, "", "a year alone is not a date"
	}
	n, _ := strconv.Atoi(t)
	switch {
	case n < minExcelSerial || n > maxExcelSerial:
		return time.Time{}, "", "excel serial date out of range"
	case n == 60:
		return time.Time{}, "", "excel serial 60 is 1900-02-29, which does not exist"
	case n < 60:
		return time.Date(1899, 12, 31+n, 0, 0, 0, 0, time.UTC), PrecisionDay, ""
	default:
		return time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC), PrecisionDay, ""
	}
}

// cutDigits reads between lo and hi ASCII digits from the start of s and
// returns their value and the rest of s.
func cutDigits(s string, lo, hi int) (int, string, bool) {
	i := digitsEnd(s, 0)
	if i < lo || i > hi {
		return 0, s, false
	}
	v, _ := strconv.Atoi(s[:i])
	return v, s[i:], true
}

// makeDate validates y-m-d and returns it at midnight UTC.
func makeDate(y, m, d int, precision string) (time.Time, string, string) {
	if y < 1000 {
		return time.Time{}, "", "year out of range"
	}
	if m < 1 || m > 12 {
		return time.Time{}, "", "month out of range"
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return time.Time{}, "", "day out of range"
	}
	return t, precision, ""
}

// digits4 and digits2 read exactly four or two ASCII digits.
func digits4(s string) (int, bool) {
	a, ok1 := digits2(s[:2])
	b, ok2 := digits2(s[2:])
	return a*100 + b, ok1 && ok2
}

func digits2(s string) (int, bool) {
	a, b := s[0]-'0', s[1]-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

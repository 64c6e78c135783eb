package values

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseDateTime parses a date-and-time cell and returns it as a wall-clock
// time labelled UTC (exports carry no time zone; the value is stored as a
// DuckDB TIMESTAMP without one). It accepts, after Normalize:
//
//	2020-03-01 08:30      2020/3/1 8:30:00      2020-03-01T08:30:00.250
//	2020年3月1日 08:30     any day ParseDate accepts, then a time
//	2020-03-01            a day alone: midnight
//	43891.3541666667      an Excel serial with a fraction of a day (08:30)
//	43891                 an Excel serial day: midnight
//
// The time is H:MM or H:MM:SS with an optional fraction of a second, hours
// 0–23. A serial's fraction is rounded to the millisecond, as Excel keeps
// it. A month alone ("2020-03", "2020年3月") is not a point in time and is
// an error, as is a year alone and everything ParseDate refuses. Every
// error is a *ParseError with Kind "datetime".
func ParseDateTime(s string) (time.Time, error) {
	t, reason := parseDateTime(s)
	if reason != "" {
		return time.Time{}, &ParseError{Kind: KindDateTime, Value: s, Reason: reason}
	}
	return t, nil
}

func parseDateTime(s string) (time.Time, string) {
	t := Normalize(s)
	if t == "" {
		return time.Time{}, "empty"
	}
	if day, frac, ok := strings.Cut(t, "."); ok && len(day) != 4 && len(day) != 8 &&
		day != "" && frac != "" && digitsEnd(day, 0) == len(day) && digitsEnd(frac, 0) == len(frac) {
		return excelDateTime(day, frac)
	}
	date, clock := t, ""
	if i := strings.LastIndexAny(t, " T"); i > 0 && strings.Contains(t[i+1:], ":") {
		date, clock = strings.TrimRight(t[:i], " "), t[i+1:]
	}
	d, precision, reason := parseDate(date)
	if reason != "" {
		return time.Time{}, reason
	}
	if precision != PrecisionDay {
		return time.Time{}, "a month alone is not a point in time"
	}
	if clock == "" {
		return d, ""
	}
	off, reason := parseClock(clock)
	if reason != "" {
		return time.Time{}, reason
	}
	return d.Add(off), ""
}

// parseClock parses H:MM[:SS[.fff…]] into an offset from midnight.
func parseClock(c string) (time.Duration, string) {
	h, rest, ok := cutDigits(c, 1, 2)
	if !ok || !strings.HasPrefix(rest, ":") {
		return 0, "not a time of day"
	}
	m, rest, ok := cutDigits(rest[1:], 2, 2)
	if !ok {
		return 0, "not a time of day"
	}
	var sec int
	var nanos int
	if rest != "" {
		if !strings.HasPrefix(rest, ":") {
			return 0, "not a time of day"
		}
		sec, rest, ok = cutDigits(rest[1:], 2, 2)
		if !ok {
			return 0, "not a time of day"
		}
		if rest != "" {
			if rest[0] != '.' || len(rest) < 2 || len(rest) > 10 || digitsEnd(rest, 1) != len(rest) {
				return 0, "not a time of day"
			}
			frac := rest[1:] + strings.Repeat("0", 10-len(rest))
			nanos, _ = strconv.Atoi(frac)
		}
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, "time of day out of range"
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(nanos), ""
}

// excelDateTime turns an Excel serial with a fraction of a day into a time.
func excelDateTime(day, frac string) (time.Time, string) {
	d, _, reason := parseDigits(day)
	if reason != "" {
		return time.Time{}, reason
	}
	f, err := strconv.ParseFloat("0."+frac, 64)
	if err != nil {
		return time.Time{}, "not a date and time"
	}
	ms := math.Round(f * 86400000)
	return d.Add(time.Duration(ms) * time.Millisecond), ""
}

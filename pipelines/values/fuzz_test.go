package values

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Run one target at a time, e.g.
//
//	go test -run='^$' -fuzz=FuzzParseInt -fuzztime=60s ./pipelines/values/
//
// Inputs that once failed are kept under testdata/fuzz and run as ordinary
// tests.

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"12", "-12", "-", "1,234", "１２，３４５", "1 234", "12.00", "1.5万", "1.23456万", "1,2,3", "9223372036854775807", "-9223372036854775808", ".0", "0.0001万"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, allowWan bool) {
		v, err := ParseInt(s, allowWan)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != KindInteger || pe.Value != s || pe.Reason == "" {
				t.Fatalf("ParseInt(%q) error %v is not a complete *ParseError", s, err)
			}
			return
		}
		if IsNull(s) {
			t.Errorf("ParseInt(%q) = %d, but %q is a null spelling", s, v, s)
		}
		// The plain decimal form parses back to the same value.
		if got, err := ParseInt(strconv.FormatInt(v, 10), false); err != nil || got != v {
			t.Errorf("ParseInt(%q) = %d, but its decimal form parses to %d, %v", s, v, got, err)
		}
		// Every integer is also a number, and the same one.
		fv, err := ParseFloat(s, allowWan, false)
		if err != nil {
			t.Fatalf("ParseInt(%q) = %d but ParseFloat fails: %v", s, v, err)
		}
		if math.Abs(float64(v)) < 1<<53 && fv != float64(v) {
			t.Errorf("ParseInt(%q) = %d but ParseFloat = %g", s, v, fv)
		}
	})
}

func FuzzParseFloat(f *testing.F) {
	for _, s := range []string{"12.5", "-0.25", ".5", "1,234.5", "1.5E+03", "1.1万", "12.5%", "１２．５％", "1e400", "NaN", "1_000", "1万%"} {
		f.Add(s, true, true)
		f.Add(s, false, false)
	}
	f.Fuzz(func(t *testing.T, s string, allowWan, allowPercent bool) {
		v, err := ParseFloat(s, allowWan, allowPercent)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != KindNumber || pe.Value != s || pe.Reason == "" {
				t.Fatalf("ParseFloat(%q) error %v is not a complete *ParseError", s, err)
			}
			return
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("ParseFloat(%q) = %g", s, v)
		}
		if IsNull(s) {
			t.Errorf("ParseFloat(%q) = %g, but %q is a null spelling", s, v, s)
		}
		if got, err := ParseFloat(strconv.FormatFloat(v, 'g', -1, 64), false, false); err != nil || got != v {
			t.Errorf("ParseFloat(%q) = %g, but its text form parses to %g, %v", s, v, got, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2015-12-31", "2015/12/31", "2015.12.31", "2015.12", "2015-12", "2015年12月", "2015年12月31日", "20151231", "42369", "60", "2958465", "2015-12-31 00:00:00", "2015 年 1 月"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, precision, err := ParseDate(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != KindDate || pe.Value != s || pe.Reason == "" {
				t.Fatalf("ParseDate(%q) error %v is not a complete *ParseError", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Errorf("ParseDate(%q) = %v, want midnight UTC", s, d)
		}
		if d.Year() < 1000 || d.Year() > 9999 {
			t.Errorf("ParseDate(%q) = %v, year out of range", s, d)
		}
		var back string
		switch precision {
		case PrecisionDay:
			back = d.Format("2006-01-02")
		case PrecisionMonth:
			if d.Day() != 1 {
				t.Errorf("ParseDate(%q) = %v with month precision, want the first of the month", s, d)
			}
			back = d.Format("2006-01")
		default:
			t.Fatalf("ParseDate(%q) precision %q", s, precision)
		}
		if got, p, err := ParseDate(back); err != nil || !got.Equal(d) || p != precision {
			t.Errorf("ParseDate(%q) = %v, but %q parses to %v, %q, %v", s, d, back, got, p, err)
		}
	})
}

func FuzzParseDateTime(f *testing.F) {
	for _, s := range []string{"2020-03-01 08:30", "2020/3/1 8:30:00", "2020-03-01T08:30:05.250", "43891.3541666667", "43891", "2020年3月1日 08:30", "2020.03", "60.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDateTime(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Kind != KindDateTime || pe.Value != s || pe.Reason == "" {
				t.Fatalf("ParseDateTime(%q) error %v is not a complete *ParseError", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Year() < 1000 || d.Year() > 10000 {
			t.Errorf("ParseDateTime(%q) = %v", s, d)
		}
		back := d.Format("2006-01-02 15:04:05.000000000")
		if got, err := ParseDateTime(back); err != nil || !got.Equal(d) {
			t.Errorf("ParseDateTime(%q) = %v, but %q parses to %v, %v", s, d, back, got, err)
		}
		// A day alone is midnight of that day, as ParseDate has it.
		if day, p, err := ParseDate(s); err == nil && p == PrecisionDay && !day.Equal(d) {
			t.Errorf("ParseDateTime(%q) = %v but ParseDate = %v", s, d, day)
		}
	})
}

func FuzzCheckResidentID(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "440310199001011230", "440310199001011231", "4.40310199001011E+17", "44031019900101123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, p := CheckResidentID(s)
		if p != IDOK {
			if id != "" {
				t.Errorf("CheckResidentID(%q) = %q with problem %v", s, id, p)
			}
			return
		}
		if len(id) != 18 {
			t.Fatalf("CheckResidentID(%q) = %q, not 18 characters", s, id)
		}
		// Canonical numbers are fixed points, and changing any one digit
		// of the first 17 breaks the check digit (MOD 11-2 detects every
		// single-digit error).
		if again, p := CheckResidentID(id); again != id || p != IDOK {
			t.Errorf("CheckResidentID(%q) = %q, %v", id, again, p)
		}
		for i := 0; i < 17; i++ {
			b := []byte(id)
			b[i] = '0' + (b[i]-'0'+1)%10
			if _, p := CheckResidentID(string(b)); p != IDCheckDigit {
				t.Errorf("CheckResidentID(%q) = %v, want a check digit error", b, p)
			}
		}
	})
}

func FuzzHeaderKey(f *testing.F) {
	for _, s := range []string{"常住人口(人)", "常住人口（人）", "常住人口 [人]", "(人)", "人口(2020)(人)", "ＧＤＰ【亿元】", "a\u200bb", "\xff("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, unit := HeaderKey(s)
		if utf8.ValidString(s) && (!utf8.ValidString(key) || !utf8.ValidString(unit)) {
			t.Errorf("HeaderKey(%q) = %q, %q: invalid UTF-8 from valid input", s, key, unit)
		}
		if strings.ContainsFunc(key, func(r rune) bool { return unicode.IsSpace(r) || ('A' <= r && r <= 'Z') || isTrimmable(r) }) {
			t.Errorf("HeaderKey(%q) key %q keeps white space or upper case", s, key)
		}
		if strings.ContainsFunc(key+unit, func(r rune) bool { return r >= 0xFF01 && r <= 0xFF5E }) {
			t.Errorf("HeaderKey(%q) = %q, %q keeps full-width ASCII", s, key, unit)
		}
		if key != "" {
			// Folding is idempotent: the key with a unit appended gives the key back.
			if k, u := HeaderKey(key + "(x)"); k != key || u != "x" {
				t.Errorf("HeaderKey(%q) = %q, then HeaderKey(key+\"(x)\") = %q, %q", s, key, k, u)
			}
		}
	})
}

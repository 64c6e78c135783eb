package values

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// ParseInt parses an integer count. Besides plain "-12" and "+7" it accepts
// full-width digits ("１２"), thousands separators in groups of three
// ("1,234", "１，２３４", "1 234", also with NBSP or a thin space), a
// fraction of zeros left by Excel ("12.0", "12.00"), and, when allowWan is
// true, a 万 suffix that multiplies by 10 000 ("1.5万" = 15000, "12.5万" =
// 125000); the result must then be a whole number ("1.23456万" is an error).
// Null spellings, exponents, currency signs and units are errors: every
// error is a *ParseError with Kind "integer".
func ParseInt(s string, allowWan bool) (int64, error) {
	n, reason := scanNumber(s, allowWan, false)
	if reason != "" {
		return 0, &ParseError{Kind: KindInteger, Value: s, Reason: reason}
	}
	v, reason := n.toInt()
	if reason != "" {
		return 0, &ParseError{Kind: KindInteger, Value: s, Reason: reason}
	}
	return v, nil
}

// ParseFloat parses a decimal number with the same tolerance as ParseInt
// (full-width digits, thousands separators, a 万 suffix when allowWan is
// true), plus a fractional part, an exponent ("1.5E+03", not together with
// thousands separators), and, when allowPercent is true, a trailing % that
// returns the fraction ("12.5%" → 0.125). Scaling by 万 or % is done on the
// decimal text, so "1.1万" is exactly 11000. Every error is a *ParseError
// with Kind "number"; NaN and infinities are never returned.
func ParseFloat(s string, allowWan, allowPercent bool) (float64, error) {
	n, reason := scanNumber(s, allowWan, allowPercent)
	if reason != "" {
		return 0, &ParseError{Kind: KindNumber, Value: s, Reason: reason}
	}
	v, reason := n.toFloat()
	if reason != "" {
		return 0, &ParseError{Kind: KindNumber, Value: s, Reason: reason}
	}
	return v, nil
}

// number is the decimal text of a cell split into its parts, with the
// thousands separators removed.
type number struct {
	neg      bool
	intPart  string // digits before the decimal point, possibly empty
	fracPart string // digits after the decimal point, possibly empty
	exp      int    // explicit exponent
	shift    int    // power of ten from a suffix: 4 for 万, -2 for %
}

// maxExponent bounds an explicit exponent; anything larger is out of range
// for float64 whatever the digits.
const maxExponent = 100000

// scanNumber splits s into a number, or returns a reason why it is not one.
func scanNumber(s string, allowWan, allowPercent bool) (number, string) {
	var n number
	t := strings.ReplaceAll(Normalize(s), "\u2212", "-") // U+2212 MINUS SIGN
	if t == "" {
		return n, "empty"
	}
	switch {
	case strings.HasSuffix(t, "%"):
		if !allowPercent {
			return n, "percent not allowed here"
		}
		t, n.shift = strings.TrimRightFunc(t[:len(t)-1], isTrimmable), -2
	case strings.HasSuffix(t, "万"):
		if !allowWan {
			return n, "万 suffix not allowed here"
		}
		t, n.shift = strings.TrimRightFunc(t[:len(t)-len("万")], isTrimmable), 4
	}
	if t != "" && (t[0] == '-' || t[0] == '+') {
		n.neg = t[0] == '-'
		t = t[1:]
	}
	if t == "" {
		return n, "no digits"
	}

	// Integer part, with optional thousands separators.
	i := digitsEnd(t, 0)
	if i == 0 && (len(t) < 2 || t[0] != '.') {
		return n, "not a number"
	}
	n.intPart = t[:i]
	if sep, size := separatorAt(t, i); size > 0 {
		var digits strings.Builder
		digits.WriteString(t[:i])
		if i > 3 {
			return n, "misplaced thousands separator"
		}
		for {
			got, size := separatorAt(t, i)
			if size == 0 {
				break
			}
			if got != sep {
				return n, "mixed thousands separators"
			}
			j := digitsEnd(t, i+size)
			if j-(i+size) != 3 {
				return n, "misplaced thousands separator"
			}
			digits.WriteString(t[i+size : j])
			i = j
		}
		if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
			return n, "exponent with thousands separators"
		}
		n.intPart = digits.String()
	}

	// Fraction.
	if i < len(t) && t[i] == '.' {
		j := digitsEnd(t, i+1)
		if j == i+1 {
			return n, "no digits after the decimal point"
		}
		n.fracPart = t[i+1 : j]
		i = j
	}

	// Exponent.
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		j := i + 1
		if j < len(t) && (t[j] == '-' || t[j] == '+') {
			j++
		}
		k := digitsEnd(t, j)
		if k == j {
			return n, "malformed exponent"
		}
		e, err := strconv.Atoi(t[i+1 : k])
		if err != nil || e > maxExponent || e < -maxExponent {
			return n, "out of range"
		}
		n.exp = e
		i = k
	}
	if i != len(t) {
		return n, "unexpected " + strconv.QuoteRune(firstRune(t[i:]))
	}
	return n, ""
}

// toInt converts n to an int64, or returns why it cannot.
func (n number) toInt() (int64, string) {
	if n.intPart == "" {
		return 0, "no digits before the decimal point"
	}
	if n.exp != 0 {
		return 0, "exponent in an integer"
	}
	frac := strings.TrimRight(n.fracPart, "0")
	scale := n.shift - len(frac) // value = (intPart frac) × 10^scale
	mant := strings.TrimLeft(n.intPart+frac, "0")
	if scale < 0 {
		if !strings.HasSuffix(mant, strings.Repeat("0", -scale)) {
			if n.shift > 0 {
				return 0, "not a whole number after scaling by 万"
			}
			return 0, "not a whole number"
		}
		mant = mant[:len(mant)+scale]
		scale = 0
	}
	if mant == "" {
		return 0, ""
	}
	if len(mant)+scale > 19 {
		return 0, "out of range"
	}
	u, err := strconv.ParseUint(mant+strings.Repeat("0", scale), 10, 64)
	if err != nil {
		return 0, "out of range"
	}
	switch {
	case !n.neg && u <= math.MaxInt64:
		return int64(u), ""
	case n.neg && u <= math.MaxInt64:
		return -int64(u), ""
	case n.neg && u == math.MaxInt64+1:
		return math.MinInt64, ""
	}
	return 0, "out of range"
}

// toFloat converts n to a float64, or returns why it cannot.
func (n number) toFloat() (float64, string) {
	var b strings.Builder
	if n.neg {
		b.WriteByte('-')
	}
	if n.intPart == "" {
		b.WriteByte('0')
	}
	b.WriteString(n.intPart)
	if n.fracPart != "" {
		b.WriteByte('.')
		b.WriteString(n.fracPart)
	}
	if e := n.exp + n.shift; e != 0 {
		b.WriteByte('e')
		b.WriteString(strconv.Itoa(e))
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			return 0, "out of range"
		}
		return 0, "not a number"
	}
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, "out of range"
	}
	return v + 0, "" // + 0 turns -0 into 0
}

// digitsEnd returns the index of the first non-ASCII-digit byte in t at or
// after i.
func digitsEnd(t string, i int) int {
	for i < len(t) && '0' <= t[i] && t[i] <= '9' {
		i++
	}
	return i
}

// separatorAt reports the thousands separator at t[i], if any, and its size
// in bytes: a comma, a space, NBSP, a thin space or a narrow NBSP, followed
// by a digit.
func separatorAt(t string, i int) (string, int) {
	for _, sep := range [...]string{",", " ", "\u00A0", "\u2009", "\u202F"} {
		if strings.HasPrefix(t[i:], sep) {
			j := i + len(sep)
			if j < len(t) && '0' <= t[j] && t[j] <= '9' {
				return sep, len(sep)
			}
			return sep, 0
		}
	}
	return "", 0
}

// firstRune returns the first rune of a non-empty string.
func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

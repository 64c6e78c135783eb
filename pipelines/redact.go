package pipelines

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"shequ/pipelines/values"
)

// Identity and mobile phone numbers turn up where no schema declares
// them: a household id typed as the head's identity number, a phone in a
// remark, a number pasted into the wrong column. Every text the ingest
// stores or shows is searched for them (after values.Normalize, so
// full-width digits are found too):
//
//   - an identity number: 18 characters, 17 digits and a digit or X, not
//     inside a longer run of digits;
//   - a mobile number: 11 digits starting 13–19, alone, after 86 or +86,
//     or written 3-4-4 with spaces or hyphens.
//
// In stored text they are replaced by a keyed hash of the number
// (「身份证号#」 or 「手机号#」 and 16 hex digits of its HMAC-SHA-256 under
// the PII key), so that records still link; without a key, by a mask
// (「[身份证号已隐藏]」). In quarantine values, messages, errors and logs
// they are always masked.

// identifier is a number found in a text: text[from:to], of a kind.
type identifier struct {
	from, to int
	phone    bool
	number   string // the canonical number: digits (and X)
}

const (
	maskID    = "[身份证号已隐藏]"
	maskPhone = "[手机号已隐藏]"
)

// findIdentifiers returns the identity and mobile numbers in s, in order.
func findIdentifiers(s string) []identifier {
	var out []identifier
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		run := s[i:j]
		switch {
		case len(run) == 17 && j < len(s) && (s[j] == 'X' || s[j] == 'x'):
			out = append(out, identifier{from: i, to: j + 1, number: run + "X"})
			j++
		case len(run) == 18:
			out = append(out, identifier{from: i, to: j, number: run})
		case len(run) == 11 && isMobile(run):
			out = append(out, identifier{from: i, to: j, phone: true, number: run})
		case len(run) == 13 && run[:2] == "86" && isMobile(run[2:]):
			out = append(out, identifier{from: i, to: j, phone: true, number: run[2:]})
		case len(run) == 3 && run[0] == '1':
			// 3-4-4 with spaces or hyphens: 138-1234-5678, 138 1234 5678.
			if g, end := grouped(s, i); g != "" && isMobile(g) {
				out = append(out, identifier{from: i, to: end, phone: true, number: g})
				j = end
			}
		}
		i = j
	}
	return out
}

// grouped reads a number written 3-4-4 from s[i:], returning its digits
// and where it ends, or "".
func grouped(s string, i int) (string, int) {
	var b strings.Builder
	pos := i
	for n, size := range []int{3, 4, 4} {
		if n > 0 {
			if pos >= len(s) || (s[pos] != ' ' && s[pos] != '-') {
				return "", 0
			}
			pos++
		}
		if pos+size > len(s) {
			return "", 0
		}
		for k := 0; k < size; k++ {
			if !isDigit(s[pos+k]) {
				return "", 0
			}
		}
		b.WriteString(s[pos : pos+size])
		pos += size
	}
	if pos < len(s) && isDigit(s[pos]) {
		return "", 0
	}
	return b.String(), pos
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isMobile(run string) bool { return run[0] == '1' && run[1] >= '3' && run[1] <= '9' }

// hasIdentifier reports whether s holds an identity or mobile number. It
// is fast on text with no run of three digits.
func hasIdentifier(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			digits++
			if digits >= 3 {
				return len(findIdentifiers(s)) > 0
			}
		} else {
			digits = 0
		}
	}
	return false
}

// redact replaces the identifiers in s by their keyed hash, or masks
// them without a key.
func (v *validator) redact(s string) string {
	var b strings.Builder
	prev := 0
	for _, id := range findIdentifiers(s) {
		b.WriteString(s[prev:id.from])
		label, masked := "身份证号#", maskID
		if id.phone {
			label, masked = "手机号#", maskPhone
		}
		if v.mac == nil {
			b.WriteString(masked)
		} else {
			v.mac.Reset()
			v.mac.Write([]byte(id.number))
			var sum [sha256.Size]byte
			b.WriteString(label)
			b.WriteString(hex.EncodeToString(v.mac.Sum(sum[:0])[:8]))
		}
		prev = id.to
	}
	b.WriteString(s[prev:])
	return b.String()
}

// maskIdentifiers masks the identity and mobile numbers in s, for
// quarantine, messages, errors and logs.
func maskIdentifiers(s string) string {
	ids := findIdentifiers(s)
	if len(ids) == 0 {
		n := values.Normalize(s) // full-width digits
		if ids = findIdentifiers(n); len(ids) == 0 {
			return s
		}
		s = n
	}
	var b strings.Builder
	prev := 0
	for _, id := range ids {
		b.WriteString(s[prev:id.from])
		if id.phone {
			b.WriteString(maskPhone)
		} else {
			b.WriteString(maskID)
		}
		prev = id.to
	}
	b.WriteString(s[prev:])
	return b.String()
}

package values

import "strings"

// IDProblem says what is wrong with a resident identity number. It never
// carries the number itself, so it can be logged and shown.
type IDProblem int

// Problems reported by CheckResidentID.
const (
	IDOK         IDProblem = iota
	IDLength               // not 18 characters
	IDScientific           // an Excel number such as 4.40310199E+17: the last digits are lost
	IDFormat               // not 17 digits followed by a digit or X
	IDCheckDigit           // the check digit does not match (ISO 7064 MOD 11-2)
)

// String describes the problem in a few lowercase English words.
func (p IDProblem) String() string {
	switch p {
	case IDOK:
		return "ok"
	case IDLength:
		return "not 18 characters"
	case IDScientific:
		return "stored as a number in Excel, which lost the last digits"
	case IDFormat:
		return "not 17 digits followed by a digit or X"
	case IDCheckDigit:
		return "check digit does not match"
	}
	return "invalid"
}

// idWeights are the ISO 7064 MOD 11-2 weights 2^(17-i) mod 11 of the first
// 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// IDCheckChar returns the check character (0–9 or X) that the first 17
// characters of id call for (GB 11643-1999, ISO 7064 MOD 11-2); ok is
// false when id is shorter or they are not all ASCII digits.
func IDCheckChar[S ~string | ~[]byte](id S) (check byte, ok bool) {
	if len(id) < 17 {
		return 0, false
	}
	sum := 0
	for i := range 17 {
		d := id[i] - '0'
		if d > 9 {
			return 0, false
		}
		sum += int(d) * idWeights[i]
	}
	return "10X98765432"[sum%11], true
}

// CheckResidentID checks a citizen identity number (公民身份号码, GB
// 11643-1999): after Normalize and removing inner spaces, 17 digits and a
// check digit, 0–9 or X (a lower-case x is accepted), such that the
// weighted sum of all 18 is 1 modulo 11 (ISO 7064 MOD 11-2). It returns the
// canonical form (upper-case X) or what is wrong. The 15-digit numbers of
// the first generation are refused (IDLength): convert them first.
func CheckResidentID(s string) (string, IDProblem) {
	if len(s) == 18 && s[0] > ' ' { // written as it should be: skip the folding
		if check, ok := IDCheckChar(s); ok && (s[17] == check || s[17] == 'x' && check == 'X') {
			if s[17] == 'x' {
				return s[:17] + "X", IDOK
			}
			return s, IDOK
		}
	}
	t := strings.ReplaceAll(Normalize(s), " ", "")
	if strings.ContainsAny(t, "eE") && strings.Contains(t, "+") {
		return "", IDScientific
	}
	if len(t) != 18 {
		return "", IDLength
	}
	check, ok := IDCheckChar(t)
	if !ok {
		return "", IDFormat
	}
	last := t[17]
	if last == 'x' {
		last = 'X'
	}
	if (last < '0' || last > '9') && last != 'X' {
		return "", IDFormat
	}
	if check != last {
		return "", IDCheckDigit
	}
	if t[17] == last {
		return t, IDOK
	}
	return t[:17] + string(last), IDOK
}

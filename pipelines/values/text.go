package values

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds full-width ASCII (U+FF01–U+FF5E, e.g. "１２３" and "（人）")
// and the ideographic space U+3000 to their half-width forms, and trims
// leading and trailing white space (including NBSP) and zero-width
// characters (U+200B–U+200D, U+2060, U+FEFF). Characters inside the text
// are otherwise left alone.
func Normalize(s string) string {
	if isPlainASCII(s) {
		return strings.TrimSpace(s)
	}
	if !needsFolding(s) {
		if !trimmableEnds(s) {
			return s
		}
		return strings.TrimFunc(s, isTrimmable)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldWidth(r))
	}
	return strings.TrimFunc(b.String(), isTrimmable)
}

// IsNull reports whether s is one of the null spellings seen in exports:
// "", "-", "--", "—", "——", "/", "无", "空", "NULL", "null", "N/A", "n/a" or
// "#N/A", after Normalize (so "　", "－－" and "Ｎ／Ａ" are null too). The
// Latin spellings match in any letter case. A value such as "-12" or "无业"
// is not null.
func IsNull(s string) bool {
	// Most cells are longer than every null spelling (6 bytes at most, 「——」,
	// once full-width forms are folded), with nothing to trim or fold.
	if len(s) > 6 && !needsFolding(s) && !trimmableEnds(s) {
		return false
	}
	t := Normalize(s)
	switch len(t) { // by length first: most cells are none of these
	case 0:
		return true
	case 1:
		return t == "-" || t == "/"
	case 2:
		return t == "--"
	case 3:
		return t == "—" || t == "无" || t == "空" || strings.EqualFold(t, "n/a")
	case 4:
		return strings.EqualFold(t, "null") || strings.EqualFold(t, "#n/a")
	case 6:
		return t == "——"
	}
	return false
}

// HeaderKey folds a header cell for alias matching and splits off its unit.
// It applies Normalize, removes all white space (headers often carry line
// breaks typed with Alt+Enter), turns full-width and CJK brackets (（）［］
// 【】〔〕) into ASCII ones, lower-cases ASCII letters, and then strips one
// trailing bracketed unit: 「常住人口(人)」, 「常住人口（人）」 and
// 「常住人口 [人]」 all give key "常住人口" and unit "人". A header that is
// nothing but a bracket, such as "(人)", keeps it in the key and has no unit.
func HeaderKey(s string) (key, unit string) {
	s = Normalize(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case isTrimmable(r):
			continue
		case r == '【':
			r = '['
		case r == '】':
			r = ']'
		case r == '〔':
			r = '('
		case r == '〕':
			r = ')'
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	key = b.String()
	var open byte
	switch {
	case strings.HasSuffix(key, ")"):
		open = '('
	case strings.HasSuffix(key, "]"):
		open = '['
	default:
		return key, ""
	}
	i := strings.LastIndexByte(key, open)
	if i <= 0 {
		return key, ""
	}
	return key[:i], key[i+1 : len(key)-1]
}

// foldWidth maps a full-width ASCII form or the ideographic space to its
// half-width form, and returns every other rune unchanged.
func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

// isTrimmable reports whether r is white space or a zero-width character.
func isTrimmable(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return unicode.IsSpace(r)
}

// needsFolding reports whether s holds a character foldWidth changes.
// Both fold to ASCII or a space, so text in other scripts (Chinese) is
// left as it is without copying. Their UTF-8 starts with 0xEF (U+FF01–
// U+FF5E) or 0xE3 (U+3000): text without those bytes needs no look.
func needsFolding(s string) bool {
	if strings.IndexByte(s, 0xEF) < 0 && strings.IndexByte(s, 0xE3) < 0 {
		return false
	}
	for _, r := range s {
		if r >= 0xFF01 && r <= 0xFF5E || r == '\u3000' {
			return true
		}
	}
	return false
}

// trimmableEnds reports whether s starts or ends with a character
// Normalize trims.
func trimmableEnds(s string) bool {
	if s == "" {
		return false
	}
	if c := s[0]; c < utf8.RuneSelf {
		if c <= ' ' || c == 0x7f {
			return true
		}
	} else if r, _ := utf8.DecodeRuneInString(s); isTrimmable(r) {
		return true
	}
	if c := s[len(s)-1]; c < utf8.RuneSelf {
		return c <= ' ' || c == 0x7f
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return isTrimmable(r)
}

// isPlainASCII reports whether s is all ASCII, in which case Normalize has
// nothing to fold.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

package pipelines

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"shequ/pipelines/values"
)

// Reasons a data row is skipped (FileManifest.SkippedBy). Rows above a
// header count as "above_header"; the rows of a sheet with no header as
// "sheet_without_header".
const (
	SkipAboveHeader = "above_header"
	SkipEmpty       = "empty"
	SkipTotals      = "totals"
	SkipUnits       = "units"
	SkipNoHeader    = "sheet_without_header"
)

// skipReason says why a data row is skipped, or "" if it is data.
func skipReason(cells []string) string {
	nonEmpty, units := 0, true
	for _, c := range cells {
		if blank(c) {
			continue
		}
		nonEmpty++
		if nonEmpty <= 3 && isTotalsLabel(c) {
			return SkipTotals
		}
		units = units && isUnitCell(c)
		if nonEmpty >= 3 && !units {
			return "" // neither a totals row nor a unit row
		}
	}
	switch {
	case nonEmpty == 0:
		return SkipEmpty
	case units:
		return SkipUnits
	}
	return ""
}

// blank reports whether a cell is empty once normalized (values.Normalize
// trims white space and zero-width characters, and folds U+3000 to a
// space): it stops at the first other character, so most cells are
// decided at once.
func blank(c string) bool {
	for _, r := range c {
		switch r {
		case '\u3000', '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
			continue
		}
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// isTotalsLabel recognises the labels of totals and subtotals rows:
// 合计, 小计, 总计 alone or ending a short label (「坪山街道小计」,
// 「全区合计」), and their English names.
func isTotalsLabel(s string) bool {
	// Every label below has 计, or a t or s (total, sum) in some width:
	// most cells have neither, and skip the folding.
	if !hasTotalsMark(s) {
		return false
	}
	k, _ := values.HeaderKey(s)
	k = strings.TrimRight(k, ":：")
	switch k {
	case "total", "subtotal", "grandtotal", "sum", "总合计":
		return true
	}
	for _, suffix := range []string{"合计", "小计", "总计"} {
		if strings.HasSuffix(k, suffix) && utf8.RuneCountInString(k) <= 12 {
			return true
		}
	}
	return false
}

// isUnitCell recognises the cells of a unit row below a header: a unit in
// brackets, 「(人)」「（户）」, or 「单位：人」.
func isUnitCell(s string) bool {
	// Every unit cell has a bracket or 单位: most cells have neither, and
	// skip the folding.
	if !hasUnitMark(s) {
		return false
	}
	k, _ := values.HeaderKey(s)
	switch {
	case strings.HasPrefix(k, "单位:"), strings.HasPrefix(k, "单位："):
		return true
	case len(k) > 2 && (k[0] == '(' && k[len(k)-1] == ')' || k[0] == '[' && k[len(k)-1] == ']'):
		return !strings.ContainsAny(k[1:len(k)-1], "0123456789")
	}
	return false
}

// hasTotalsMark reports whether s has 计 or a t or an s in some width:
// every totals label does. Only a few lead bytes need a closer look.
func hasTotalsMark(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c|0x20 == 't' || c|0x20 == 's':
			return true
		case c == 0xE8 && strings.HasPrefix(s[i:], "计"):
			return true
		case c == 0xEF && (strings.HasPrefix(s[i:], "ｔ") || strings.HasPrefix(s[i:], "Ｔ") ||
			strings.HasPrefix(s[i:], "ｓ") || strings.HasPrefix(s[i:], "Ｓ")):
			return true
		}
	}
	return false
}

// hasUnitMark reports whether s has a bracket or 单 (of 单位): every unit
// cell does.
func hasUnitMark(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(' || c == '[':
			return true
		case c == 0xEF && (strings.HasPrefix(s[i:], "（") || strings.HasPrefix(s[i:], "［")):
			return true
		case c == 0xE3 && (strings.HasPrefix(s[i:], "【") || strings.HasPrefix(s[i:], "〔")):
			return true
		case c == 0xE5 && strings.HasPrefix(s[i:], "单"):
			return true
		}
	}
	return false
}

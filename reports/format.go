package reports

import (
	"math"
	"strconv"
	"strings"

	"shequ/indicators"
)

// formatValue writes v as indicators.FormatValue does for the catalog
// format (percent "92.8%", decimal1 "33.2", decimal2 "0.44", integer
// "889"), with thousands separators ("1,165").
func formatValue(format string, v float64) string {
	return group(indicators.FormatValue(format, v))
}

// excelFormat is the Excel number format of a catalog format, matching
// formatValue.
func excelFormat(format string) string {
	switch format {
	case "percent":
		return "0.0%"
	case "decimal1":
		return "#,##0.0"
	case "integer":
		return "#,##0"
	}
	return "#,##0.00"
}

// Excel number formats of the other kinds of numbers.
const (
	fmtCount   = "#,##0"
	fmtIndex   = "0.0000"
	fmtRatio   = "#,##0.00"
	fmtShare   = "0.0%"
	fmtGeneral = "General"
)

// figureFormat is the Excel format of a figure an export states (a
// totals row's): a whole number with separators, else two decimals.
func figureFormat(v float64) string {
	if v == math.Trunc(v) {
		return fmtCount
	}
	return fmtRatio
}

// measureFormat is the Excel format of a measure; level measures use the
// indicator's own format.
func measureFormat(kind, indFormat string) string {
	switch kind {
	case "count":
		return fmtCount
	case "level":
		return excelFormat(indFormat)
	case "ratio":
		return fmtRatio
	case "share":
		return fmtShare
	}
	return fmtIndex
}

// formatMeasure writes a measure for people, as measureFormat shows it.
func formatMeasure(kind, indFormat string, v float64) string {
	switch kind {
	case "count":
		return formatValue("integer", v)
	case "level":
		return formatValue(indFormat, v)
	case "ratio":
		return formatValue("decimal2", v)
	case "share":
		return formatValue("percent", v)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}

// formatCount writes a count with thousands separators.
func formatCount(n int64) string { return group(strconv.FormatInt(n, 10)) }

// formatSigned writes a count with its sign: "+1,200", "-3", "0".
func formatSigned(n int64) string {
	if n > 0 {
		return "+" + formatCount(n)
	}
	return formatCount(n)
}

// formatShare writes a share as a percentage with no decimals ("62%").
func formatShare(v float64) string { return strconv.FormatFloat(v*100, 'f', 0, 64) + "%" }

// group puts thousands separators into the integer part of a formatted
// number: "-1234567.5%" → "-1,234,567.5%".
func group(s string) string {
	start := 0
	if strings.HasPrefix(s, "-") {
		start = 1
	}
	end := start
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	digits := s[start:end]
	if len(digits) <= 3 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:start])
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	b.WriteString(s[end:])
	return b.String()
}

// displayWidth estimates how many Latin characters wide s is in a
// spreadsheet cell: CJK and full-width characters count twice.
func displayWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || (r >= 0x2e80 && r <= 0xa4cf) || (r >= 0xac00 && r <= 0xd7a3) ||
			(r >= 0xf900 && r <= 0xfaff) || (r >= 0xfe30 && r <= 0xfe4f) || (r >= 0xff00 && r <= 0xff60) || (r >= 0xffe0 && r <= 0xffe6)):
			w += 2
		default:
			w++
		}
	}
	return w
}

// formatGap writes a difference of two values of an indicator (a value's
// gap to its standard, or a change between periods) with its sign: in
// percentage points with one decimal for percent indicators ("-7.2个百分点",
// "-7.2 pp"; a gap between two percentages is not itself a percentage), in
// the indicator's format otherwise ("-5.0", "+0.41"). A difference that
// rounds to nothing is written unsigned.
func formatGap(ind *indicators.Indicator, gap float64, lang string) string {
	var s string
	if ind.Format == "percent" {
		s = group(strconv.FormatFloat(math.Abs(gap)*100, 'f', 1, 64))
	} else {
		s = formatValue(ind.Format, math.Abs(gap))
	}
	if strings.ContainsAny(s, "123456789") {
		if gap > 0 {
			s = "+" + s
		} else {
			s = "-" + s
		}
	}
	if ind.Format == "percent" {
		return rd.PP.f(lang, s)
	}
	return s
}

// gapExcelFormat is the Excel number format of a gap column for an
// indicator, with gapExcelValue the number the cell holds: percentage
// points for percent indicators (the cell holds 7.2 for 7.2 pp), the
// indicator's own format otherwise.
func gapExcelFormat(ind *indicators.Indicator, lang string) string {
	if ind.Format != "percent" {
		return excelFormat(ind.Format)
	}
	u := `"` + strings.ReplaceAll(rd.PP.in(lang), "%s", "") + `"` // "个百分点", " pp"
	return "+0.0" + u + ";-0.0" + u + ";0.0" + u
}

// gapExcelValue is the number a gap cell holds (see gapExcelFormat).
func gapExcelValue(ind *indicators.Indicator, gap float64) float64 {
	if ind.Format == "percent" {
		return gap * 100
	}
	return gap
}

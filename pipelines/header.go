package pipelines

import (
	"fmt"
	"slices"
	"strings"

	"shequ/pipelines/values"
	"shequ/schemas"
)

// headerScanRows is how many records above the header (titles, units,
// notes) a sheet may have.
const headerScanRows = 30

// aliasIndex maps folded header keys to column positions in a schema.
type aliasIndex map[string]int

func newAliasIndex(s *schemas.Schema) aliasIndex {
	ix := aliasIndex{}
	for i, c := range s.Columns {
		for _, a := range append([]string{c.Name}, c.Aliases...) {
			k, _ := values.HeaderKey(a)
			if _, dup := ix[k]; !dup {
				ix[k] = i
			}
		}
	}
	return ix
}

// headerCell is one column of a header row, or of two header rows read as
// one: the text shown in messages, the folded keys tried against the
// aliases in order, and the unit the header names.
type headerCell struct {
	text string
	keys []string
	unit string
}

// singleRow reads one record as a header.
func singleRow(cells []string) []headerCell {
	out := make([]headerCell, len(cells))
	for j, c := range cells {
		k, u := values.HeaderKey(c)
		out[j] = headerCell{text: strings.TrimSpace(c), unit: u}
		if k != "" {
			out[j].keys = []string{k}
		}
	}
	return out
}

// twoRows reads two records as one header: a group row above (「年龄结构」
// over 「0-14岁」「15-59岁」「60岁及以上」, or 「人口」 over 「户籍」「常住」)
// and the row below it. For each column it tries the lower cell alone,
// then the two joined either way (「户籍」+「人口」 = 「户籍人口」); a
// column whose lower cell is empty, or repeats the upper one (a cell
// merged down), is named by the upper cell. An empty upper cell above a
// non-empty lower one takes the group cell to its left, as a CSV saved
// from merged cells keeps the group's text only in its first column.
func twoRows(upper, lower []string) []headerCell {
	n := max(len(upper), len(lower))
	at := func(row []string, j int) string {
		if j < len(row) {
			return strings.TrimSpace(row[j])
		}
		return ""
	}
	out := make([]headerCell, n)
	group := "" // the last upper cell that heads a group (has a lower cell)
	for j := range n {
		u, l := at(upper, j), at(lower, j)
		switch {
		case u != "" && l != "":
			group = u
		case u == "" && l != "":
			u = group
		case u != "" && l == "":
			group = ""
		}
		uk, uu := values.HeaderKey(u)
		lk, lu := values.HeaderKey(l)
		c := headerCell{unit: lu}
		if c.unit == "" {
			c.unit = uu
		}
		switch {
		case lk == "" || lk == uk:
			c.text = u
			if uk != "" {
				c.keys = []string{uk}
			}
		case uk == "":
			c.text, c.keys = l, []string{lk}
		default:
			c.text = u + "/" + l
			c.keys = []string{lk, lk + uk, uk + lk}
		}
		out[j] = c
	}
	return out
}

// mapping is the result of matching a header: for each schema column the
// cell index it is read from (-1 when the file lacks it).
type mapping struct {
	cellOf  []int
	cells   []headerCell
	rows    int      // 1 or 2 header rows
	unknown []string // header texts that match no column, each once
	twice   []string
}

func (ix aliasIndex) match(s *schemas.Schema, cells []headerCell, rows int) mapping {
	m := mapping{cellOf: make([]int, len(s.Columns)), cells: cells, rows: rows}
	for i := range m.cellOf {
		m.cellOf[i] = -1
	}
	for j, cell := range cells {
		if len(cell.keys) == 0 {
			continue
		}
		col, ok := -1, false
		for _, k := range cell.keys {
			if col, ok = ix[k]; ok {
				break
			}
		}
		if !ok {
			if !slices.Contains(m.unknown, cell.text) {
				m.unknown = append(m.unknown, cell.text)
			}
			continue
		}
		if prev := m.cellOf[col]; prev >= 0 {
			m.twice = append(m.twice, fmt.Sprintf("%s (%q and %q)", s.Columns[col].Name, cells[prev].text, cell.text))
			continue
		}
		m.cellOf[col] = j
	}
	return m
}

// matched counts the columns found.
func (m mapping) matched() int {
	n := 0
	for _, j := range m.cellOf {
		if j >= 0 {
			n++
		}
	}
	return n
}

// usable reports whether the mapping can serve as the header: every
// required column is there and at least two columns are.
func (m mapping) usable(s *schemas.Schema) bool {
	return m.cellOf != nil && len(m.missing(s)) == 0 && m.matched() >= 2
}

// missing lists the required columns not found.
func (m mapping) missing(s *schemas.Schema) []string {
	var out []string
	for i, c := range s.Columns {
		if c.Required && m.cellOf[i] < 0 {
			out = append(out, fmt.Sprintf("%s (%s)", c.Name, strings.Join(c.Aliases, ", ")))
		}
	}
	return out
}

// found lists the header texts, for messages.
func (m mapping) found() []string {
	out := make([]string, len(m.cells))
	for j, c := range m.cells {
		out[j] = c.text
	}
	return out
}

// text is the header of column i as written in the file, or its
// canonical name when the file lacks it.
func (m mapping) text(s *schemas.Schema, i int) string {
	if j := m.cellOf[i]; j >= 0 && m.cells[j].text != "" {
		return m.cells[j].text
	}
	return s.Columns[i].Name
}

// Scales a header unit applies to every cell of its column.
const (
	scaleNone    = ""
	scaleWan     = "万" // 「常住人口(万人)」: 1.2 means 12,000
	scalePercent = "%" // 「占比(%)」: 12.5 means 0.125
)

// unitSynonyms groups spellings of one unit; the first is how messages
// name it.
var unitSynonyms = [][]string{
	{"平方米", "m²", "m2", "㎡", "平米"},
	{"平方公里", "平方千米", "km²", "km2", "k㎡"},
	{"人", "名", "口"},
	{"元", "人民币元", "rmb", "yuan"},
}

func sameUnit(a, b string) bool {
	if a == b {
		return true
	}
	for _, g := range unitSynonyms {
		if slices.Contains(g, a) && slices.Contains(g, b) {
			return true
		}
	}
	return false
}

// magnitudes are unit prefixes that scale the figures; only 万 is
// converted, the others fail the file.
var magnitudes = []string{"十万", "百万", "千万", "万", "亿", "千", "百"}

// scales decides, for every numeric column, what the unit in its header
// means: nothing (no unit, or the declared one), a scale applied to every
// cell (万 when the column allows 万, % when it allows percentages), or a
// contradiction with the schema, returned as a problem that fails the file.
// Units in the headers of other columns (「社区代码(12位)」) are ignored.
func scales(s *schemas.Schema, m mapping) (scale []string, problems []string) {
	scale = make([]string, len(s.Columns))
	for i, c := range s.Columns {
		j := m.cellOf[i]
		if j < 0 || !c.Numeric() || m.cells[j].unit == "" {
			continue
		}
		u, h := m.cells[j].unit, m.cells[j].text
		declared := c.Unit
		if declared == "" { // for messages only: the unit in the description, 「户数（户）」
			if _, declared = values.HeaderKey(c.DescriptionZh); declared == "" {
				declared = "whole units"
			}
		}
		if c.Unit != "" && sameUnit(u, c.Unit) {
			continue
		}
		if u == "%" || u == "百分比" || u == "百分数" {
			if c.AllowPercent {
				scale[i] = scalePercent
				continue
			}
			problems = append(problems, fmt.Sprintf("「%s」 is in %%, but %s (%s) does not take percentages", h, c.Name, c.DescriptionZh))
			continue
		}
		prefix := ""
		for _, p := range magnitudes {
			if strings.HasPrefix(u, p) {
				prefix = p
				break
			}
		}
		base := strings.TrimPrefix(u, prefix)
		if c.Unit != "" && base != "" && !sameUnit(base, c.Unit) {
			problems = append(problems, fmt.Sprintf("「%s」 is in %s, but %s is declared in %s: convert the figures or correct the header", h, u, c.Name, c.Unit))
			continue
		}
		switch {
		case prefix == "":
		case prefix == "万" && c.AllowWan:
			scale[i] = scaleWan
		case prefix == "万":
			problems = append(problems, fmt.Sprintf("「%s」 is in %s, but %s (%s) is not given in 万: give the figures in %s", h, u, c.Name, c.DescriptionZh, orBase(base, declared)))
		default:
			problems = append(problems, fmt.Sprintf("「%s」 is in %s; only 万 is converted: give %s in %s", h, u, c.Name, orBase(base, declared)))
		}
	}
	return scale, problems
}

func orBase(base, declared string) string {
	if base != "" {
		return base
	}
	return declared
}

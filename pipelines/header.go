package pipelines

import (
	"fmt"
	"strings"

	"shequ/pipelines/values"
	"shequ/schemas"
)

// headerScanRows is how many records above the header (titles, units,
// notes) a file may have.
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

// mapping is the result of matching a header row: for each schema column
// the cell index it is read from (-1 when the file lacks it).
type mapping struct {
	cellOf  []int
	header  []string // header cell texts
	unknown []string // header cells that match no column
	twice   []string
}

func (ix aliasIndex) match(s *schemas.Schema, cells []string) mapping {
	m := mapping{cellOf: make([]int, len(s.Columns)), header: cells}
	for i := range m.cellOf {
		m.cellOf[i] = -1
	}
	for j, cell := range cells {
		k, _ := values.HeaderKey(cell)
		if k == "" {
			continue
		}
		col, ok := ix[k]
		if !ok {
			m.unknown = append(m.unknown, strings.TrimSpace(cell))
			continue
		}
		if m.cellOf[col] >= 0 {
			m.twice = append(m.twice, fmt.Sprintf("%s (%q and %q)", s.Columns[col].Name, cells[m.cellOf[col]], cell))
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

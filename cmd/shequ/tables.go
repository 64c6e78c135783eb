package main

import "strings"

// tablesHelp is the paragraph of --help that names the tables of
// shequ.duckdb, from their declarations (schemas.Set.Tables), wrapped at
// 80 columns.
func tablesHelp(f *factory) string {
	set, err := f.schemas()
	if err != nil {
		return "Tables: see README.md (the declarations do not load: " + err.Error() + ")."
	}
	return wrapWords("Tables: "+strings.Join(set.TableNames(), ", ")+".", 80)
}

// wrapWords breaks text into lines of at most width bytes, between words.
func wrapWords(text string, width int) string {
	var b strings.Builder
	n := 0
	for _, w := range strings.Fields(text) {
		switch {
		case n == 0:
		case n+1+len(w) > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

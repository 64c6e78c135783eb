package pipelines

import (
	"strings"

	"shequ/pipelines/values"
)

// A file is synthetic when a row above its header (or in a sheet without
// one) opens with values.SyntheticMark, as every export of `shequ gen`
// does (「【模拟数据 SYNTHETIC】本文件由 shequ gen 生成…」). The row is
// skipped above the header like any title row, so it changes no count
// but rows_in and skipped (above_header); the manifest records
// Synthetic, and the reports built on the file say on every page that
// the data is synthetic.

// isSyntheticMark reports whether a row marks its file as synthetic: its
// first non-empty cell starts with the mark.
func isSyntheticMark(cells []string) bool {
	for _, c := range cells {
		if blank(c) {
			continue
		}
		return strings.HasPrefix(strings.TrimLeft(c, " \t\u3000\ufeff"), values.SyntheticMark)
	}
	return false
}

package pipelines

import (
	"testing"

	"github.com/parquet-go/parquet-go"
)

// BenchmarkRow types and checks one clean person-level row, the cost every row pays.
func BenchmarkRow(b *testing.B) {
	set := corpusSchemas(b)
	s, _ := set.Get("census_persons")
	div, _ := testDivisions()
	ix := newAliasIndex(s)
	hdr := ix.match(s, singleRow([]string{"身份证号", "姓名", "联系电话", "社区代码", "性别", "出生日期", "户籍类型", "户编号"}), 1)
	sc, _ := scales(s, hdr)
	v := newValidator(s, div, hdr, sc, testKey)
	cells := []string{"44031019900920001X", "王鑫斌", "18399394418", "440310001001", "男", "1990-09-20", "非户籍", "440310001-000001"}
	vals := make([]parquet.Value, len(s.Columns))
	for b.Loop() {
		if bad := v.row(cells, vals); len(bad) > 0 {
			b.Fatal(bad)
		}
		v.arena.reset()
	}
}

// BenchmarkSkip decides whether a data row is a totals, unit or empty row.
func BenchmarkSkip(b *testing.B) {
	cells := []string{"44031019900920001X", "王鑫斌", "18399394418", "440310001001", "男", "1990-09-20", "非户籍", "440310001-000001"}
	for b.Loop() {
		skipReason(cells)
	}
}

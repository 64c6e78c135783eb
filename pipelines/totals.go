package pipelines

import (
	"math"
	"strings"

	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/pipelines/values"
)

// A totals row (合计, 小计, 总计) is skipped, and checked: each figure it
// states in an additive column (counts, areas, money: schemas.Column.
// Additive) is compared with the sum of the data rows it totals. Which
// rows a totals row totals is not written down, so it passes when it
// equals either the rows since the previous totals row of its sheet (a
// subtotal, or 「坪山街道合计」 after each street) or all the data rows of
// its sheet so far (「全区合计」 after the streets' subtotals). Every data
// row counts, rejected or not: the totals row states what the office
// typed. A figure that cannot be checked — a row of its span unreadable
// (bad bytes, quotes, fields that do not line up) or a cell that is not a
// number — is left alone. The tolerance is half a unit of the last digit
// the totals row shows (「53.27」 in a 万 column: ±0.005万 = ±50), so
// rounded totals pass and a wrong digit does not.

// segment is a run of data rows of a batch, up to a totals row or the
// end of the batch.
type segment struct {
	sum        []float64 // per additive column
	unread     []bool    // per additive column: a cell in the span is not a number
	incomplete bool      // a row in the span could not be read
	total      *totalsRow
}

func newSegment(n int) segment {
	return segment{sum: make([]float64, n), unread: make([]bool, n)}
}

// totalsRow is what a totals row states.
type totalsRow struct {
	sheet  string
	line   int
	label  string
	stated []float64
	has    []bool
	tol    []float64
}

// sum adds a data row's additive figures to the segment.
func (w *worker) sum(rec decode.Record, seg *segment) {
	v := w.v
	for k, i := range w.res.sheet.adds {
		if x := w.vals[i]; !x.IsNull() {
			seg.sum[k] += number(x)
			continue
		}
		j := v.m.cellOf[i]
		if j < 0 || j >= len(rec.Cells) || values.IsNull(rec.Cells[j]) {
			continue
		}
		if x, bad := v.number(i, rec.Cells[j]); bad == nil {
			seg.sum[k] += x
		} else {
			seg.unread[k] = true
		}
	}
}

// totalsRow ends the current segment with the figures of a totals row.
func (w *worker) totalsRow(rec decode.Record) {
	v := w.v
	adds := w.res.sheet.adds
	t := &totalsRow{sheet: rec.Sheet, line: rec.Line, stated: make([]float64, len(adds)), has: make([]bool, len(adds)), tol: make([]float64, len(adds))}
	for _, c := range rec.Cells {
		if isTotalsLabel(c) {
			t.label = strings.Clone(strings.TrimSpace(c))
			break
		}
	}
	for k, i := range adds {
		j := v.m.cellOf[i]
		if j < 0 || j >= len(rec.Cells) || values.IsNull(rec.Cells[j]) {
			continue
		}
		x, bad := v.number(i, rec.Cells[j])
		if bad != nil {
			continue
		}
		t.stated[k], t.has[k] = x, true
		t.tol[k] = halfUnit(values.Normalize(rec.Cells[j]), v.scale[i] == scaleWan)
	}
	segs := &w.res.segs
	(*segs)[len(*segs)-1].total = t
	*segs = append(*segs, newSegment(len(adds)))
}

// halfUnit is half a unit of the last digit of a figure as written, in
// the column's units.
func halfUnit(s string, wanHeader bool) float64 {
	scale := 1.0
	if wanHeader || strings.HasSuffix(s, "万") {
		scale = 1e4
		s = strings.TrimSuffix(s, "万")
	}
	decimals := 0
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		decimals = len(strings.TrimRight(s[i+1:], " "))
	}
	return 0.5 * math.Pow(10, -float64(decimals)) * scale
}

// totalsCheck follows the data rows of each sheet, in file order, and
// checks each totals row against them.
type totalsCheck struct {
	sheet      *sheetPlan
	since      segment // since the previous totals row
	all        segment // since the start of the sheet
	checked    int
	mismatches []warehouse.TotalsMismatch
}

// add takes the segments of a batch, in order.
func (tc *totalsCheck) add(r *batchResult) {
	if tc.sheet != r.sheet {
		n := len(r.sheet.adds)
		tc.sheet, tc.since, tc.all = r.sheet, newSegment(n), newSegment(n)
	}
	for _, seg := range r.segs {
		for _, acc := range []*segment{&tc.since, &tc.all} {
			for k := range seg.sum {
				acc.sum[k] += seg.sum[k]
				acc.unread[k] = acc.unread[k] || seg.unread[k]
			}
			acc.incomplete = acc.incomplete || seg.incomplete
		}
		if seg.total != nil {
			tc.check(seg.total)
			tc.since = newSegment(len(r.sheet.adds))
		}
	}
}

func (tc *totalsCheck) check(t *totalsRow) {
	v := tc.sheet.v
	for k, i := range tc.sheet.adds {
		if !t.has[k] {
			continue
		}
		readable := func(s segment) bool { return !s.incomplete && !s.unread[k] }
		if !readable(tc.since) && !readable(tc.all) {
			continue
		}
		tc.checked++
		close := func(s segment) bool { return readable(s) && math.Abs(t.stated[k]-s.sum[k]) <= t.tol[k] }
		if close(tc.since) || close(tc.all) {
			continue
		}
		m := warehouse.TotalsMismatch{Sheet: t.sheet, Line: t.line, Label: t.label, Column: v.schema.Columns[i].Name,
			Header: v.m.text(v.schema, i), Stated: t.stated[k]}
		if readable(tc.since) {
			s := tc.since.sum[k]
			m.SumSincePrevious = &s
		}
		if readable(tc.all) {
			s := tc.all.sum[k]
			m.SumOfSheet = &s
		}
		tc.mismatches = append(tc.mismatches, m)
	}
}

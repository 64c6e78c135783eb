package pipelines

import (
	"fmt"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/zeebo/xxh3"

	"shequ/pipelines/decode"
	"shequ/schemas"
)

// batch is a run of records of one sheet, for a worker: a chunk of a
// text file, or records read whole (workbook rows).
type batch struct {
	seq   int
	sheet *sheetPlan
	chunk *decode.Chunk   // text
	recs  []decode.Record // workbooks
	bads  []int           // per record of recs: the line of a byte invalid in the encoding, or 0
	end   int64           // bytes of the file read, for progress
}

// sheetPlan is what the workers need of a sheet whose header was found.
type sheetPlan struct {
	name string
	v    *validator // the template each worker clones
	adds []int      // the columns totals rows sum (see totals.go)
}

// batchResult is a batch done: its accepted rows encoded as a row group,
// its rejected rows, counts, keys and totals.
type batchResult struct {
	seq        int
	sheet      *sheetPlan
	rg         *parquet.ConcurrentRowGroupWriter
	accepted   int64
	counts     counts
	rejected   []quarantineRecord
	keys       []keyEntry // of the accepted rows, ord counted within the batch
	segs       []segment  // totals: see totals.go
	end        int64
	lastRecord int64
}

// counts are a file's rows by what became of them.
type counts struct {
	rowsIn, accepted, quarantined, skipped, joined int64
	skippedBy                                      map[string]int
}

func (c *counts) skip(why string) {
	c.rowsIn++
	c.skipped++
	if c.skippedBy == nil {
		c.skippedBy = map[string]int{}
	}
	c.skippedBy[why]++
}

func (c *counts) add(o counts) {
	c.rowsIn += o.rowsIn
	c.accepted += o.accepted
	c.quarantined += o.quarantined
	c.skipped += o.skipped
	c.joined += o.joined
	for k, n := range o.skippedBy {
		if c.skippedBy == nil {
			c.skippedBy = map[string]int{}
		}
		c.skippedBy[k] += n
	}
}

// keyEntry is the 128-bit hash of an accepted row's key and the row's
// place among the file's accepted rows.
type keyEntry struct {
	hi, lo uint64
	ord    int64
}

// worker turns batches into row groups. Each goroutine has its own.
type worker struct {
	s         *scan
	split     decode.Splitter
	clones    map[*sheetPlan]*validator
	v         *validator
	vals      []parquet.Value   // one row, typed
	cols      [][]parquet.Value // the rows not yet handed to the row group, by column
	res       *batchResult
	lineage   int // index of the first lineage column
	fileName  []byte
	fileValue parquet.Value   // the file's name, for source_file
	nulls     []parquet.Value // NULL of each column, made once
	keysHint  int             // keys of the last batch: those of the next are about as many
}

// flushRows is how many rows a worker buffers before handing them to the
// row group's column writers.
const flushRows = 1024

func newWorker(s *scan) *worker {
	n := len(s.schema.Columns)
	w := &worker{s: s, clones: map[*sheetPlan]*validator{}, vals: make([]parquet.Value, n),
		cols: make([][]parquet.Value, n+len(schemas.LineageColumns)), lineage: n, fileName: []byte(s.m.File),
		nulls: make([]parquet.Value, n+len(schemas.LineageColumns))}
	for i := range w.cols {
		w.cols[i] = make([]parquet.Value, 0, flushRows)
		w.nulls[i] = parquet.Value{}.Level(0, 0, i)
	}
	w.fileValue = parquet.ByteArrayValue(w.fileName).Level(0, 1, n)
	return w
}

// do processes one batch into rg.
func (w *worker) do(b *batch, rg *parquet.ConcurrentRowGroupWriter) (*batchResult, error) {
	w.res = &batchResult{seq: b.seq, sheet: b.sheet, rg: rg, end: b.end, keys: make([]keyEntry, 0, w.keysHint)}
	w.v = w.clones[b.sheet]
	if w.v == nil {
		w.v = b.sheet.v.clone()
		w.clones[b.sheet] = w.v
	}
	w.res.segs = []segment{newSegment(len(b.sheet.adds))}
	var err error
	if b.chunk != nil {
		err = w.split.Records(b.chunk, w.record)
	} else {
		for i, rec := range b.recs {
			if err = w.record(rec, b.bads[i]); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = w.flush()
	}
	if err == nil {
		err = rg.Flush()
	}
	w.keysHint = cap(w.res.keys)
	return w.res, err
}

// record handles one record below a header.
func (w *worker) record(rec decode.Record, bad int) error {
	r, v := w.res, w.v
	r.counts.rowsIn++
	r.lastRecord = int64(rec.Line)
	if rec.Lines > 1 {
		r.counts.joined += int64(rec.Lines - 1)
	}
	seg := &r.segs[len(r.segs)-1]
	switch {
	case bad > 0:
		seg.incomplete = true
		return w.reject(rec, Violation{Rule: RuleEncoding, Value: v.encodingValue(rec.Cells),
			MessageZh: "含有编码无法识别的字节（已替换为�）", MessageEn: "contains bytes invalid in the file's encoding (replaced by �)"})
	case rec.Quote != nil:
		seg.incomplete = true
		return w.reject(rec, w.quoteViolation(rec))
	}
	if why := skipReason(rec.Cells); why != "" {
		r.counts.skipped++
		if r.counts.skippedBy == nil {
			r.counts.skippedBy = map[string]int{}
		}
		r.counts.skippedBy[why]++
		if why == SkipTotals {
			w.totalsRow(rec)
		}
		return nil
	}
	if v.width > 0 && rec.Fields > 0 && (len(rec.Cells) > v.width || rec.Fields < v.width) {
		seg.incomplete = true
		return w.reject(rec, w.fieldCountViolation(rec))
	}
	bads := v.row(rec.Cells, w.vals)
	w.sum(rec, seg)
	if len(bads) > 0 {
		return w.reject(rec, bads...)
	}
	// Accepted.
	ord := r.accepted
	r.accepted++
	r.counts.accepted++
	if key, ok := v.keyOf(w.vals); ok {
		h := xxh3.Hash128Seed(key, w.s.keySeed)
		r.keys = append(r.keys, keyEntry{hi: h.Hi, lo: h.Lo, ord: ord})
	}
	for i, x := range w.vals {
		if x.IsNull() {
			w.cols[i] = append(w.cols[i], w.nulls[i])
		} else {
			w.cols[i] = append(w.cols[i], x.Level(0, 1, i))
		}
	}
	l := w.lineage
	w.cols[l] = append(w.cols[l], w.fileValue)
	if rec.Sheet == "" {
		w.cols[l+1] = append(w.cols[l+1], w.nulls[l+1])
	} else {
		w.cols[l+1] = append(w.cols[l+1], text(rec.Sheet).Level(0, 1, l+1))
	}
	w.cols[l+2] = append(w.cols[l+2], parquet.Int64Value(int64(rec.Line)).Level(0, 1, l+2))
	if len(w.cols[0]) >= flushRows {
		return w.flush()
	}
	return nil
}

// flush hands the buffered rows to the row group.
func (w *worker) flush() error {
	if len(w.cols[0]) == 0 {
		return nil
	}
	for i, c := range w.res.rg.ColumnWriters() {
		if _, err := c.WriteRowValues(w.cols[i]); err != nil {
			return fmt.Errorf("column %d: %w", i, err)
		}
		clear(w.cols[i])
		w.cols[i] = w.cols[i][:0]
	}
	w.v.arena.reset() // the hashes in it are copied into the row group
	return nil
}

// reject records a rejected row and the rules it breaks.
func (w *worker) reject(rec decode.Record, bads ...Violation) error {
	r := w.res
	r.counts.quarantined++
	for _, b := range bads {
		b.Value = strings.Clone(b.Value) // it may be a cell of the chunk, whose memory is reused
		r.rejected = append(r.rejected, w.s.quarantineRecord(rec.Sheet, rec.Line, b))
	}
	return nil
}

// quoteViolation describes a line whose quotes are not well formed.
func (w *worker) quoteViolation(rec decode.Record) Violation {
	q := rec.Quote
	last := rec.Line + q.LooseLines - 1
	zhSpan, enSpan := fmt.Sprintf("第%d行", rec.Line), fmt.Sprintf("line %d", rec.Line)
	if last > rec.Line {
		zhSpan, enSpan = fmt.Sprintf("第%d–%d行", rec.Line, last), fmt.Sprintf("lines %d–%d", rec.Line, last)
	}
	if q.AtLeast {
		zhSpan, enSpan = fmt.Sprintf("从第%d行起至少%d行", rec.Line, q.LooseLines), fmt.Sprintf("at least %d lines from line %d", q.LooseLines, rec.Line)
	}
	col, header := "", fmt.Sprintf("第%d列", q.Column)
	if j := q.Column - 1; j < len(w.v.m.cells) && w.v.m.cells[j].text != "" {
		header = "「" + w.v.m.cells[j].text + "」"
		for i, cell := range w.v.m.cellOf {
			if cell == j {
				col = w.s.schema.Columns[i].Name
			}
		}
	}
	return Violation{Column: col, Rule: RuleUnbalancedQuote,
		Value: fmt.Sprintf("第%d列 / field %d", q.Column, q.Column),
		MessageZh: fmt.Sprintf("%s的引号没有正确闭合（按宽松规则会把%s读成一条记录）：本行已隔离，其后各行照常读取；请去掉该引号，或把整个单元格用引号括起并把其中的引号写成两个",
			header, zhSpan),
		MessageEn: fmt.Sprintf("the quote in field %d is not closed where it should be (read loosely, %s would have become one record): this line is quarantined and the lines after it are read as rows of their own; remove the quote, or quote the whole cell and double the quotes inside it",
			q.Column, enSpan),
	}
}

// fieldCountViolation describes a text row whose fields do not line up
// with its header. No value of it is shown: they have moved to other
// columns, so a phone number may stand where a code should be.
func (w *worker) fieldCountViolation(rec decode.Record) Violation {
	n, want := rec.Fields, w.v.width
	if len(rec.Cells) > want {
		n = len(rec.Cells)
	}
	zh, en := "多", "more"
	if n < want {
		zh, en = "少", "fewer"
	}
	return Violation{Rule: RuleFieldCount,
		Value:     fmt.Sprintf("%d列，表头%d列 / %d fields, header %d", n, want, n, want),
		MessageZh: fmt.Sprintf("本行有%d列，比表头（%d列）%s：某个值中可能有未加引号的分隔符（如姓名中的逗号），其后的值已错位；本行已隔离，请修正后重新报送", n, want, zh),
		MessageEn: fmt.Sprintf("the row has %d fields, %s than the header's %d: a value probably holds an unquoted delimiter (such as a comma in a name), and the values after it have moved to other columns; the row is quarantined: correct it and send the file again", n, en, want),
	}
}

// columnKinds says, for each schema column, whether it is additive.
func additiveColumns(s *schemas.Schema) []int {
	var out []int
	for i, c := range s.Columns {
		if c.Additive() {
			out = append(out, i)
		}
	}
	return out
}

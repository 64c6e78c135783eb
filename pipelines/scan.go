package pipelines

import (
	"context"
	"errors"
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/parquet-go/parquet-go"

	"shequ/internal/divisions"
	"shequ/internal/warehouse"
	"shequ/pipelines/decode"
	"shequ/schemas"
)

// The scan of a file, on every core: one goroutine reads the records in
// order, finds the headers and cuts the rest into batches (a chunk of a
// text file, or rows of a sheet); workers on every core decode and split
// the batches, type and check every row through the one validator, and
// encode the accepted rows as a Parquet row group (parquet-go's
// ConcurrentRowGroupWriter); this goroutine commits the row groups to the
// staged file in file order, with the rejected rows, the keys of the
// accepted rows (for duplicates, dupkeys.go) and the totals (totals.go).
// At most inFlight batches are read and not yet committed, so memory does
// not grow with the file.

// DefaultChunkBytes is how much of a text file makes a batch, and a row
// group of the staged Parquet.
const DefaultChunkBytes = 8 << 20

// scan is the reading of one file.
type scan struct {
	ctx        context.Context
	ing        *Ingester
	in         Input
	schema     *schemas.Schema
	m          *warehouse.FileManifest
	div        *divisions.Index
	aliases    aliasIndex
	chunkBytes int
	keySeed    uint64
	plans      map[string]*sheetPlan // by sheet name, once found
	mu         sync.Mutex            // guards plans
	rejected   int64                 // quarantine lines written
}

// quarantineRecord is a rejected row's broken rule as stored.
func (s *scan) quarantineRecord(sheet string, line int, v Violation) quarantineRecord {
	return quarantineRecord{RunID: s.ing.RunID, Source: s.in.Source, Period: s.in.Period, File: s.m.File,
		Sheet: sheet, Line: int64(line), Column: v.Column, Value: maskIdentifiers(v.Value), Rule: v.Rule,
		MessageZh: maskIdentifiers(v.MessageZh), MessageEn: maskIdentifiers(v.MessageEn)}
}

// scanned is what a scan found, beside the rows written.
type scanned struct {
	counts     counts
	lines      int64 // physical lines (rows) of the file read
	headerRows int64
	totals     totalsCheck
}

// run reads the file from src, writing the accepted rows to raw, the
// rejected ones to rej and the keys of the accepted rows to spill.
func (s *scan) run(src decode.Reader, raw *parquet.GenericWriter[any], rej *parquet.GenericWriter[quarantineRecord], spill *keySpill) (*scanned, error) {
	s.keySeed = rand.Uint64()
	s.plans = map[string]*sheetPlan{}
	ctx, cancel := context.WithCancelCause(s.ctx)
	defer cancel(nil)
	s.ctx = ctx

	workers := runtime.GOMAXPROCS(0)
	inFlight := 2*workers + 2
	slots := make(chan struct{}, inFlight)
	free := make(chan *parquet.ConcurrentRowGroupWriter, inFlight)
	batches := make(chan *batch)
	results := make(chan *batchResult, workers)

	rd := &reader{s: s, src: src}
	rd.text, _ = src.(*decode.TextReader)
	rd.send = func(b *batch) error {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
		s.mu.Lock()
		s.plans[b.sheet.name] = b.sheet
		s.mu.Unlock()
		select {
		case batches <- b:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		defer close(batches)
		if err := rd.run(); err != nil {
			cancel(err)
		}
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := newWorker(s)
			for b := range batches {
				if ctx.Err() != nil {
					continue // drain
				}
				var rg *parquet.ConcurrentRowGroupWriter
				select {
				case rg = <-free:
				default:
					rg = raw.BeginRowGroup()
				}
				res, err := w.do(b, rg)
				if b.chunk != nil {
					b.chunk.Release() // nothing of it is kept past the batch
				}
				if err != nil {
					cancel(err)
					continue
				}
				select {
				case results <- res:
				case <-ctx.Done():
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()
	// However the scan ends, the reader and the workers are done before it
	// returns: they use the file, the writers and s.
	defer func() {
		cancel(context.Canceled)
		for range results {
		}
		<-readerDone
	}()

	out := &scanned{}
	pending := map[int]*batchResult{}
	next, base := 0, int64(0)
	for res := range results {
		pending[res.seq] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err := s.commit(r, base, rej, spill, out); err != nil {
				cancel(err)
				break
			}
			base += r.accepted
			free <- r.rg
			<-slots
		}
	}
	<-readerDone
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return nil, err
	}
	if err := s.ctx.Err(); err != nil {
		return nil, err
	}
	out.counts.add(rd.counts)
	out.lines, out.headerRows = rd.lines, rd.hdrs
	return out, nil
}

// commit writes a batch's row group and rejected rows, and takes its
// keys, counts and totals.
func (s *scan) commit(r *batchResult, base int64, rej *parquet.GenericWriter[quarantineRecord], spill *keySpill, out *scanned) error {
	if r.accepted > 0 {
		if _, err := r.rg.Commit(); err != nil {
			return err
		}
		if s.ing.Failpoint != nil {
			s.ing.Failpoint("ingest:rowgroup")
		}
	}
	for _, k := range r.keys {
		if err := spill.add(k.hi, k.lo, base+k.ord); err != nil {
			return err
		}
	}
	if len(r.rejected) > 0 {
		if _, err := rej.Write(r.rejected); err != nil {
			return err
		}
		s.rejected += int64(len(r.rejected))
	}
	out.counts.add(r.counts)
	out.totals.add(r)
	if p := s.ing.Progress; p != nil {
		total := s.m.Bytes
		if r.end == 0 {
			total = 0 // a workbook does not tell how far it is read
		}
		p(Progress{Source: s.in.Source, Period: s.in.Period, File: s.in.Path, Records: out.counts.rowsIn,
			Bytes: r.end, Total: total})
	}
	return nil
}

// plan returns the sheet plan of a sheet, once its header was found.
func (s *scan) plan(sheet string) *sheetPlan {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.plans[sheet]
}

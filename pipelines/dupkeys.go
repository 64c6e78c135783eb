package pipelines

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/parquet-go/parquet-go"

	"shequ/internal/warehouse"
)

// Duplicate keys, found in one place for every file. Each accepted row's
// key (schemas.Schema.Key: the community of a census table, the hashed
// identity number of a person) is hashed to 128 bits (xxh3, under a seed
// drawn for the file) and spilled to disk with the row's place among the
// accepted rows, split by the hash's top bits into partitions small
// enough to sort one at a time: memory does not grow with the file. When
// a hash repeats, only those rows are read back from the staged Parquet,
// their keys compared, and every row of a key held more than once goes to
// quarantine (duplicate_key, naming the lines of the others): neither can
// be trusted over the other. The staged file is then written again
// without them, its other row groups copied as they are. Keys held by two
// files of one source and period are caught by the build (see package
// build), with the same rule.

// keySpill keeps key hashes and row places on disk by partition.
type keySpill struct {
	dir   string
	files []*os.File
	bufs  [][]byte
}

// A spill entry is a 128-bit hash and a row place: 24 bytes.
const (
	spillBits  = 6 // 64 partitions
	spillEntry = 24
	spillFlush = 64 << 10
)

// newKeySpill keeps its partitions in a new folder dir (in the run's
// staging folder, so that a run killed midway leaves nothing behind once
// recovered); close removes it.
func newKeySpill(dir string) *keySpill {
	return &keySpill{dir: dir, files: make([]*os.File, 1<<spillBits), bufs: make([][]byte, 1<<spillBits)}
}

// add adds the hash of a row's key and the row's place.
func (s *keySpill) add(hi, lo uint64, ord int64) error {
	k := hi >> (64 - spillBits)
	b := s.bufs[k]
	b = binary.LittleEndian.AppendUint64(b, hi)
	b = binary.LittleEndian.AppendUint64(b, lo)
	b = binary.LittleEndian.AppendUint64(b, uint64(ord))
	s.bufs[k] = b
	if len(b) >= spillFlush {
		return s.flush(int(k))
	}
	return nil
}

func (s *keySpill) flush(k int) error {
	if s.files[k] == nil {
		if err := os.MkdirAll(s.dir, 0o755); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(s.dir, strconv.Itoa(k)))
		if err != nil {
			return err
		}
		s.files[k] = f
	}
	_, err := s.files[k].Write(s.bufs[k])
	s.bufs[k] = s.bufs[k][:0]
	return err
}

// repeated returns the places of the rows whose key hash is held more
// than once, a group per hash, each in file order, the groups in order
// of their first row. The partitions are read one at a time by each core.
func (s *keySpill) repeated() ([][]int64, error) {
	var out [][]int64
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				b := s.bufs[k]
				if f := s.files[k]; f != nil {
					disk, err := os.ReadFile(f.Name())
					if err != nil {
						mu.Lock()
						firstErr = errors.Join(firstErr, err)
						mu.Unlock()
						continue
					}
					b = append(disk, b...)
				}
				groups := repeatedIn(b)
				mu.Lock()
				out = append(out, groups...)
				mu.Unlock()
			}
		}()
	}
	for k := range s.bufs {
		next <- k
	}
	close(next)
	wg.Wait()
	slices.SortFunc(out, func(a, b []int64) int { return int(a[0] - b[0]) })
	return out, firstErr
}

// repeatedIn finds the hashes held more than once among the entries of
// one partition, with an open-addressing table of the partition's size:
// one pass, no sort.
func repeatedIn(b []byte) [][]int64 {
	n := len(b) / spillEntry
	size := 1
	for size < 2*n {
		size <<= 1
	}
	table := make([]int32, size) // entry index + 1; 0 is empty
	mask := uint64(size - 1)
	hi := func(i int) uint64 { return binary.LittleEndian.Uint64(b[i*spillEntry:]) }
	lo := func(i int) uint64 { return binary.LittleEndian.Uint64(b[i*spillEntry+8:]) }
	ord := func(i int) int64 { return int64(binary.LittleEndian.Uint64(b[i*spillEntry+16:])) }
	groups := map[int32][]int64{} // by the table slot of the first entry
	var order []int32
	for i := range n {
		h, l := hi(i), lo(i)
		for j := l & mask; ; j = (j + 1) & mask {
			e := table[j]
			if e == 0 {
				table[j] = int32(i + 1)
				break
			}
			if f := int(e - 1); hi(f) == h && lo(f) == l {
				g, seen := groups[e]
				if !seen {
					g = []int64{ord(f)}
					order = append(order, e)
				}
				groups[e] = append(g, ord(i))
				break
			}
		}
	}
	out := make([][]int64, 0, len(order))
	for _, e := range order {
		g := groups[e]
		slices.Sort(g)
		out = append(out, g)
	}
	return out
}

func (s *keySpill) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

// maxOthers is how many other rows a duplicate_key message names.
const maxOthers = 10

// dupRow is an accepted row whose key hash repeats.
type dupRow struct {
	ord   int64
	sheet string
	line  int
	key   string
	plan  *sheetPlan
}

// resolveDuplicates moves to quarantine every accepted row of a key held
// by more than one: it writes the staged file again without them and
// their quarantine lines to rej. It returns how many rows it moved and,
// when it moved any, the digest of the staged file written again.
func (s *scan) resolveDuplicates(staged string, spill *keySpill, rej *parquet.GenericWriter[quarantineRecord]) (int64, warehouse.ParquetDigest, error) {
	var none warehouse.ParquetDigest
	groups, err := spill.repeated()
	if err != nil || len(groups) == 0 {
		return 0, none, err
	}
	var ords []int64
	for _, g := range groups {
		ords = append(ords, g...)
	}
	slices.Sort(ords)
	rows, err := s.readRows(staged, ords)
	if err != nil {
		return 0, none, err
	}
	// Rows of one hash with the same key bytes are duplicates; different
	// keys under one hash would be a collision, kept apart.
	var dups [][]*dupRow
	drop := map[int64]bool{}
	for _, g := range groups {
		byKey := map[string][]*dupRow{}
		var order []string
		for _, ord := range g {
			r := rows[ord]
			if _, seen := byKey[r.key]; !seen {
				order = append(order, r.key)
			}
			byKey[r.key] = append(byKey[r.key], r)
		}
		for _, k := range order {
			if rs := byKey[k]; len(rs) > 1 {
				dups = append(dups, rs)
				for _, r := range rs {
					drop[r.ord] = true
				}
			}
		}
	}
	if len(drop) == 0 {
		return 0, none, nil
	}
	digest, err := s.rewrite(staged, drop)
	if err != nil {
		return 0, none, err
	}
	for _, rs := range dups {
		for i, r := range rs {
			var zh, en []string
			for j, o := range rs {
				if j == i {
					continue
				}
				if len(zh) == maxOthers {
					zh = append(zh, fmt.Sprintf("等，共%d行", len(rs)))
					en = append(en, fmt.Sprintf("… %d rows in all", len(rs)))
					break
				}
				zh = append(zh, where(o, r.sheet, true))
				en = append(en, where(o, r.sheet, false))
			}
			v := r.plan.v
			header := v.keyText()
			vi := Violation{Column: strings.Join(s.schema.Key, "+"), Value: v.showKey(r.key), Rule: RuleDuplicateKey,
				MessageZh: fmt.Sprintf("「%s」在本文件中出现%d次（另见%s）：无法判断以哪一行为准，已全部隔离；请核对后只保留一行再报送",
					header, len(rs), strings.Join(zh, "、")),
				MessageEn: fmt.Sprintf("%s (%s) occurs %d times in this file (also %s): neither row can be trusted over the other, so all are quarantined; keep one and send the file again",
					header, strings.Join(s.schema.Key, ", "), len(rs), strings.Join(en, ", "))}
			if _, err := rej.Write([]quarantineRecord{s.quarantineRecord(r.sheet, r.line, vi)}); err != nil {
				return 0, none, err
			}
			s.rejected++
		}
	}
	return int64(len(drop)), digest, nil
}

// where names another row for a message, with its sheet when it differs
// from the sheet of the row the message is about.
func where(o *dupRow, sheet string, zh bool) string {
	switch {
	case zh && o.sheet != sheet:
		return fmt.Sprintf("工作表「%s」第%d行", o.sheet, o.line)
	case zh:
		return fmt.Sprintf("第%d行", o.line)
	case o.sheet != sheet:
		return fmt.Sprintf("sheet %s line %d", o.sheet, o.line)
	}
	return fmt.Sprintf("line %d", o.line)
}

// openStaged opens a staged Parquet file for reading. Close the file.
func openStaged(path string) (*os.File, *parquet.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, pf, nil
}

// readRows reads the rows at ords (sorted places among the accepted
// rows) of the staged file: their key, sheet and line.
func (s *scan) readRows(staged string, ords []int64) (map[int64]*dupRow, error) {
	f, pf, err := openStaged(staged)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	n := len(s.schema.Columns)
	out := map[int64]*dupRow{}
	vals := make([]parquet.Value, n)
	buf := make([]parquet.Row, 1)
	clones := map[*sheetPlan]*validator{}
	start, i := int64(0), 0
	for _, rg := range pf.RowGroups() {
		end := start + rg.NumRows()
		if i < len(ords) && ords[i] < end {
			rows := rg.Rows()
			for ; i < len(ords) && ords[i] < end; i++ {
				if err := rows.SeekToRow(ords[i] - start); err != nil {
					rows.Close()
					return nil, err
				}
				if k, err := rows.ReadRows(buf); k != 1 {
					rows.Close()
					return nil, fmt.Errorf("%s: row %d: %v", staged, ords[i], err)
				}
				row := buf[0]
				for _, x := range row {
					if c := x.Column(); c < n {
						vals[c] = x
					}
				}
				r := &dupRow{ord: ords[i], line: int(row[n+2].Int64())}
				if x := row[n+1]; !x.IsNull() {
					r.sheet = x.String()
				}
				if r.plan = s.plan(r.sheet); r.plan == nil {
					rows.Close()
					return nil, fmt.Errorf("%s: row %d: no header for sheet %q", staged, ords[i], r.sheet)
				}
				v := clones[r.plan]
				if v == nil {
					v = r.plan.v.clone()
					clones[r.plan] = v
				}
				key, ok := v.keyOf(vals)
				if !ok {
					rows.Close()
					return nil, fmt.Errorf("%s: row %d has no key", staged, ords[i])
				}
				r.key = string(key)
				out[ords[i]] = r
			}
			if err := rows.Close(); err != nil {
				return nil, err
			}
		}
		start = end
	}
	if len(out) != len(ords) {
		return nil, fmt.Errorf("%s: %d of the %d rows to read found: the staged file does not match the file read", staged, len(out), len(ords))
	}
	return out, nil
}

// rewrite writes the staged file again without the rows in drop: the row
// groups that hold none of them are copied as they are, the others read
// back and encoded again. It returns the new file's digest.
func (s *scan) rewrite(staged string, drop map[int64]bool) (warehouse.ParquetDigest, error) {
	var d warehouse.ParquetDigest
	f, pf, err := openStaged(staged)
	if err != nil {
		return d, err
	}
	defer f.Close()
	kept := staged + ".kept"
	out, err := createHashed(kept)
	if err != nil {
		return d, err
	}
	defer os.Remove(kept) // gone once renamed
	defer out.f.Close()
	w := newRawWriter(out, s.schema, s.ing.Version)
	dropped := make([]int64, 0, len(drop))
	for o := range drop {
		dropped = append(dropped, o)
	}
	slices.Sort(dropped)
	err = func() error {
		start := int64(0)
		buf := make([]parquet.Row, 256)
		for _, rg := range pf.RowGroups() {
			end := start + rg.NumRows()
			k, _ := slices.BinarySearch(dropped, start)
			if k == len(dropped) || dropped[k] >= end {
				if _, err := w.WriteRowGroup(rg); err != nil {
					return err
				}
				start = end
				continue
			}
			rows := rg.Rows()
			ord := start
			for {
				k, err := rows.ReadRows(buf)
				var keep []parquet.Row
				for _, r := range buf[:k] {
					if !drop[ord] {
						keep = append(keep, r)
					}
					ord++
				}
				if len(keep) > 0 {
					if _, werr := w.WriteRows(keep); werr != nil {
						rows.Close()
						return werr
					}
				}
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					rows.Close()
					return err
				}
			}
			if err := rows.Close(); err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			start = end
		}
		return w.Close()
	}()
	if err == nil {
		d, err = out.digest(pf.NumRows() - int64(len(drop)))
	}
	if err != nil {
		return d, fmt.Errorf("write %s: %w", kept, err)
	}
	return d, os.Rename(kept, staged)
}

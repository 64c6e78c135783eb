package pipelines

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
)

// keySpill keeps 64-bit key hashes on disk, split by their top bits into
// partitions small enough to sort one at a time, so that finding repeated
// hashes takes memory for one partition, not the file.
type keySpill struct {
	dir   string
	files []*os.File
	bufs  [][]byte
}

// A spill entry is a hash and a payload, 16 bytes.
const (
	spillBits  = 6 // 64 partitions
	spillFlush = 64 << 10
)

// newKeySpill keeps its partitions in a new folder dir (in the run's
// staging folder, so that a run killed midway leaves nothing behind once
// recovered); close removes it.
func newKeySpill(dir string) (*keySpill, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return &keySpill{dir: dir, files: make([]*os.File, 1<<spillBits), bufs: make([][]byte, 1<<spillBits)}, nil
}

// add adds a hash and a payload that comes back with it from repeated.
func (s *keySpill) add(h, payload uint64) error {
	k := h >> (64 - spillBits)
	s.bufs[k] = binary.LittleEndian.AppendUint64(s.bufs[k], h)
	s.bufs[k] = binary.LittleEndian.AppendUint64(s.bufs[k], payload)
	if len(s.bufs[k]) >= spillFlush {
		return s.flush(int(k))
	}
	return nil
}

func (s *keySpill) flush(k int) error {
	if s.files[k] == nil {
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

// repeated returns the hashes added more than once, with their payloads.
// The partitions are read one at a time by each core, into a table of
// their own size.
func (s *keySpill) repeated() (map[uint64][]uint64, error) {
	out := map[uint64][]uint64{}
	var mu sync.Mutex
	var firstErr error
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var table []int32 // entry index + 1; 0 is empty
			for k := range next {
				b := s.bufs[k]
				if f := s.files[k]; f != nil {
					disk, err := os.ReadFile(f.Name())
					if err != nil {
						mu.Lock()
						firstErr = err
						mu.Unlock()
						continue
					}
					b = append(disk, b...)
				}
				n := len(b) / 16
				size := 1
				for size < 2*n {
					size <<= 1
				}
				if cap(table) < size {
					table = make([]int32, size)
				}
				table = table[:size]
				clear(table)
				mask := uint64(size - 1)
				hash := func(i int) uint64 { return binary.LittleEndian.Uint64(b[16*i:]) }
				payload := func(i int) uint64 { return binary.LittleEndian.Uint64(b[16*i+8:]) }
				for i := range n {
					h := hash(i)
					for j := mix64(h) & mask; ; j = (j + 1) & mask {
						e := table[j]
						if e == 0 {
							table[j] = int32(i + 1)
							break
						}
						if first := int(e - 1); hash(first) == h {
							mu.Lock()
							if _, seen := out[h]; !seen {
								out[h] = []uint64{payload(first)}
							}
							out[h] = append(out[h], payload(i))
							mu.Unlock()
							break
						}
					}
				}
			}
		}()
	}
	for k := range s.bufs {
		next <- k
	}
	close(next)
	wg.Wait()
	return out, firstErr
}

func (s *keySpill) close() {
	for _, f := range s.files {
		if f != nil {
			f.Close()
		}
	}
	os.RemoveAll(s.dir)
}

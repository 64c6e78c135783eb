package divisions

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
)

//go:embed data/villages.csv.gz data/streets.csv.gz data/areas.csv.gz
var files embed.FS

// Community is one village- or community-level division.
type Community struct {
	Code         string // 12 digits
	Name         string
	StreetCode   string // 9 digits: township, town or street
	StreetName   string
	DistrictCode string // 6 digits: county or district
	DistrictName string
}

// Index is the set of divisions, looked up by code or prefix.
// It is read-only and safe for concurrent use.
type Index struct {
	codes     []uint64 // every community code as a number, sorted: Has, and the index into all
	villages  string   // the community table as text, parsed into all when first needed
	allOnce   sync.Once
	all       []Community // sorted by code, codes unique
	allErr    error
	streets   map[string]string
	districts map[string]string
}

// Load reads the embedded division tables. It takes about a tenth of a
// second: the community table is decompressed in one piece and only its
// codes are read; its names are read the first time they are asked for
// (All, Under, Lookup), as substrings of the text.
func Load() (*Index, error) {
	ix := &Index{streets: map[string]string{}, districts: map[string]string{}}
	var verr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		if ix.villages, verr = unzip("data/villages.csv.gz"); verr == nil {
			ix.codes, verr = villageCodes(ix.villages)
		}
	}()
	err := readTable("data/areas.csv.gz", 2, func(r []string) { ix.districts[r[0]] = r[1] })
	if err == nil {
		err = readTable("data/streets.csv.gz", 2, func(r []string) { ix.streets[r[0]] = r[1] })
	}
	<-done
	if err != nil {
		return nil, err
	}
	if verr != nil {
		return nil, verr
	}
	return ix, nil
}

// villageCodes reads the code at the start of every row of the community
// table, checking that they are 12 digits, sorted and unique.
func villageCodes(text string) ([]uint64, error) {
	const name = "data/villages.csv.gz"
	codes := make([]uint64, 0, strings.Count(text, "\n"))
	header := true
	for line := range strings.Lines(text) {
		if header {
			header = false
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		n, ok := codeNumber(line[:min(12, len(line))])
		if !ok || len(line) < 13 || line[12] != ',' {
			return nil, fmt.Errorf("%s: %w: row %q does not start with a 12-digit code", name, ErrCorrupt, strings.TrimSpace(line))
		}
		if k := len(codes); k > 0 && n <= codes[k-1] {
			return nil, fmt.Errorf("%s: %w: code %s out of order or twice", name, ErrCorrupt, line[:12])
		}
		codes = append(codes, n)
	}
	return codes, nil
}

// table parses the community table, once.
func (ix *Index) table() []Community {
	ix.allOnce.Do(func() {
		all := make([]Community, 0, len(ix.codes))
		ix.allErr = parseTable("data/villages.csv.gz", ix.villages, 6, func(r []string) {
			c := Community{Code: r[0], Name: r[1], StreetCode: r[2], DistrictCode: r[5]}
			c.StreetName = ix.streets[c.StreetCode]
			c.DistrictName = ix.districts[c.DistrictCode]
			all = append(all, c)
		})
		if ix.allErr == nil && len(all) != len(ix.codes) {
			ix.allErr = fmt.Errorf("data/villages.csv.gz: %w: %d rows with names, %d codes", ErrCorrupt, len(all), len(ix.codes))
		}
		ix.all = all
	})
	return ix.all
}

// unzip returns the decompressed text of an embedded file.
func unzip(name string) (string, error) {
	z, err := files.ReadFile(name)
	if err != nil || len(z) < 4 {
		return "", fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	gz, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return "", fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	var b strings.Builder
	b.Grow(int(binary.LittleEndian.Uint32(z[len(z)-4:]))) // ISIZE: the size decompressed
	if _, err := io.Copy(&b, gz); err != nil {
		return "", fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	return b.String(), nil
}

func readTable(name string, fields int, row func([]string)) error {
	text, err := unzip(name)
	if err != nil {
		return err
	}
	return parseTable(name, text, fields, row)
}

// parseTable calls row with the first fields fields of every line of a
// CSV text below its header. Lines without quotes are split in place;
// a line with quotes is read by encoding/csv.
func parseTable(name, text string, fields int, row func([]string)) error {
	rec := make([]string, 0, 8)
	header := true
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		if header {
			header = false
			continue
		}
		if line == "" {
			continue
		}
		rec = rec[:0]
		if strings.IndexByte(line, '"') >= 0 {
			var ok bool
			if rec, ok = splitQuoted(rec, line); !ok {
				return fmt.Errorf("%s: %w: %q is not a CSV row", name, ErrCorrupt, line)
			}
		} else {
			for {
				i := strings.IndexByte(line, ',')
				if i < 0 {
					rec = append(rec, line)
					break
				}
				rec = append(rec, line[:i])
				line = line[i+1:]
			}
		}
		if len(rec) < fields {
			return fmt.Errorf("%s: %w: short row %q", name, ErrCorrupt, rec)
		}
		row(rec)
	}
	return nil
}

// Len reports the number of village- and community-level divisions.
func (ix *Index) Len() int { return len(ix.codes) }

// All returns every community in code order. The slice is shared: do not modify it.
func (ix *Index) All() []Community { return ix.table() }

// Has reports whether code is a 12-digit community code, without reading
// any names: what the ingest asks of every row.
func (ix *Index) Has(code string) bool {
	n, ok := codeNumber(code)
	if !ok {
		return false
	}
	_, ok = slices.BinarySearch(ix.codes, n)
	return ok
}

// Lookup returns the community with the given 12-digit code.
func (ix *Index) Lookup(code string) (Community, bool) {
	n, ok := codeNumber(code)
	if !ok {
		return Community{}, false
	}
	i, ok := slices.BinarySearch(ix.codes, n)
	if !ok {
		return Community{}, false
	}
	return ix.table()[i], true
}

// codeNumber reads a 12-digit code as a number; codes of 12 digits sort
// as their numbers do.
func codeNumber(code string) (uint64, bool) {
	if len(code) != 12 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(code); i++ {
		c := code[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	return n, true
}

// Under returns the communities whose code starts with prefix (a district,
// street or any other prefix), in code order.
func (ix *Index) Under(prefix string) []Community {
	all := ix.table()
	i := sort.Search(len(all), func(i int) bool { return all[i].Code >= prefix })
	j := i
	for j < len(all) && strings.HasPrefix(all[j].Code, prefix) {
		j++
	}
	return all[i:j]
}

// StreetName returns the name of a 9-digit township or street code.
func (ix *Index) StreetName(code string) (string, bool) {
	n, ok := ix.streets[code]
	return n, ok
}

// DistrictName returns the name of a 6-digit county or district code.
func (ix *Index) DistrictName(code string) (string, bool) {
	n, ok := ix.districts[code]
	return n, ok
}

// Named returns the 6-digit district and 9-digit street codes whose name
// is name exactly, in code order: more than one when the name is used in
// several places (朝阳区 in Beijing and in Changchun).
func (ix *Index) Named(name string) []string {
	var out []string
	for code, n := range ix.districts {
		if n == name {
			out = append(out, code)
		}
	}
	for code, n := range ix.streets {
		if n == name {
			out = append(out, code)
		}
	}
	sort.Strings(out)
	return out
}

// splitQuoted splits a CSV line whose fields may be quoted ("坪山街道"),
// with "" for a quote inside; ok is false when a quote is not closed.
// The tables are written by one tool, so this is all they need.
func splitQuoted(rec []string, line string) ([]string, bool) {
	for {
		if !strings.HasPrefix(line, `"`) {
			i := strings.IndexByte(line, ',')
			if i < 0 {
				return append(rec, line), true
			}
			rec, line = append(rec, line[:i]), line[i+1:]
			continue
		}
		var b strings.Builder
		line = line[1:]
		for {
			i := strings.IndexByte(line, '"')
			if i < 0 {
				return rec, false
			}
			b.WriteString(line[:i])
			line = line[i+1:]
			if strings.HasPrefix(line, `"`) {
				b.WriteByte('"')
				line = line[1:]
				continue
			}
			break
		}
		rec = append(rec, b.String())
		if line == "" {
			return rec, true
		}
		if line[0] != ',' {
			return rec, false
		}
		line = line[1:]
	}
}

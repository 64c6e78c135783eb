package divisions

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
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
	all       []Community // sorted by code, codes unique
	codes     []uint64    // the codes of all as numbers, for Lookup
	streets   map[string]string
	districts map[string]string
}

// Load reads the embedded division tables. It takes about a tenth of a
// second: the community table is decompressed in one piece and its fields
// are substrings of it.
func Load() (*Index, error) {
	ix := &Index{streets: map[string]string{}, districts: map[string]string{}}
	var villages string
	var verr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		villages, verr = unzip("data/villages.csv.gz")
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
	ix.all = make([]Community, 0, strings.Count(villages, "\n"))
	err = parseTable("data/villages.csv.gz", villages, 6, func(r []string) {
		c := Community{Code: r[0], Name: r[1], StreetCode: r[2], DistrictCode: r[5]}
		c.StreetName = ix.streets[c.StreetCode]
		c.DistrictName = ix.districts[c.DistrictCode]
		ix.all = append(ix.all, c)
	})
	if err != nil {
		return nil, err
	}
	if !sort.SliceIsSorted(ix.all, func(i, j int) bool { return ix.all[i].Code < ix.all[j].Code }) {
		sort.Slice(ix.all, func(i, j int) bool { return ix.all[i].Code < ix.all[j].Code })
	}
	ix.codes = make([]uint64, len(ix.all))
	for i, c := range ix.all {
		n, ok := codeNumber(c.Code)
		if !ok {
			return nil, fmt.Errorf("data/villages.csv.gz: %w: code %q is not 12 digits", ErrCorrupt, c.Code)
		}
		ix.codes[i] = n
		if i > 0 && n == ix.codes[i-1] {
			return nil, fmt.Errorf("data/villages.csv.gz: %w: code %s twice", ErrCorrupt, c.Code)
		}
	}
	return ix, nil
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
			r, err := csv.NewReader(strings.NewReader(line)).Read()
			if err != nil {
				return fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
			}
			rec = append(rec, r...)
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
func (ix *Index) Len() int { return len(ix.all) }

// All returns every community in code order. The slice is shared: do not modify it.
func (ix *Index) All() []Community { return ix.all }

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
	return ix.all[i], true
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
	i := sort.Search(len(ix.all), func(i int) bool { return ix.all[i].Code >= prefix })
	j := i
	for j < len(ix.all) && strings.HasPrefix(ix.all[j].Code, prefix) {
		j++
	}
	return ix.all[i:j]
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

package divisions

import (
	"compress/gzip"
	"embed"
	"encoding/csv"
	"fmt"
	"io"
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
	all       []Community // sorted by code
	byCode    map[string]int
	streets   map[string]string
	districts map[string]string
}

// Load reads the embedded division tables.
func Load() (*Index, error) {
	ix := &Index{byCode: map[string]int{}, streets: map[string]string{}, districts: map[string]string{}}
	if err := readTable("data/areas.csv.gz", func(r []string) { ix.districts[r[0]] = r[1] }); err != nil {
		return nil, err
	}
	if err := readTable("data/streets.csv.gz", func(r []string) { ix.streets[r[0]] = r[1] }); err != nil {
		return nil, err
	}
	err := readTable("data/villages.csv.gz", func(r []string) {
		c := Community{Code: r[0], Name: r[1], StreetCode: r[2], DistrictCode: r[5]}
		c.StreetName = ix.streets[c.StreetCode]
		c.DistrictName = ix.districts[c.DistrictCode]
		ix.all = append(ix.all, c)
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(ix.all, func(i, j int) bool { return ix.all[i].Code < ix.all[j].Code })
	for i, c := range ix.all {
		ix.byCode[c.Code] = i
	}
	return ix, nil
}

func readTable(name string, row func([]string)) error {
	f, err := files.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // header
		return fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %v", name, ErrCorrupt, err)
		}
		if len(rec) < 2 {
			return fmt.Errorf("%s: %w: short row %q", name, ErrCorrupt, rec)
		}
		row(rec)
	}
}

// Len reports the number of village- and community-level divisions.
func (ix *Index) Len() int { return len(ix.all) }

// All returns every community in code order. The slice is shared: do not modify it.
func (ix *Index) All() []Community { return ix.all }

// Lookup returns the community with the given 12-digit code.
func (ix *Index) Lookup(code string) (Community, bool) {
	i, ok := ix.byCode[code]
	if !ok {
		return Community{}, false
	}
	return ix.all[i], true
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

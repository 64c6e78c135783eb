package census2020

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed data/census_county_2020_v1.csv.gz
var table []byte

const fileName = "census_county_2020_v1.csv"

// County is one row of the 2020 census table: a province, a prefecture or a
// county-level division, keyed by its 6-digit 区划代码.
type County struct {
	Code     string // 6 digits (province rows end in 0000, prefecture rows in 00)
	Province string // 省
	City     string // 市
	Name     string // 区县

	Residents  int64 // 人口数_合计: resident population
	Households int64 // 家庭户数: family households

	// Elsewhere is the population whose hukou is registered in another
	// township or street (户口登记地在外乡镇街道人口), the sum of the three
	// published parts 本县 + 本省其他县 + 省外: the table has no total column.
	// It is the closest census proxy for non-registered (非户籍) residents.
	Elsewhere int64

	// Age bands summed from the 38 age-by-sex columns (男_0岁 … 女_85岁以上).
	Age0to14  int64
	Age15to59 int64
	Age60Plus int64

	// Missing lists the columns read for this row that were NA in the
	// table; they count as 0 in the fields above. Nil for most rows.
	Missing []string
}

const (
	colCode       = "区划代码"
	colProvince   = "省"
	colCity       = "市"
	colName       = "区县"
	colResidents  = "人口数_合计"
	colHouseholds = "家庭户数"
	prefixElse    = "户口登记地在外乡镇街道人口_"
)

// ageColumn matches the age-by-sex headers: 男_0岁, 女_1到4岁, 男_85岁以上.
var ageColumn = regexp.MustCompile(`^[男女]_(\d+)(?:到(\d+))?岁(以上)?$`)

type band int

const (
	band0to14 band = iota
	band15to59
	band60Plus
)

// Load reads the embedded census table. The result is keyed by the 6-digit
// 区划代码; the rows the table gives without a code (the national total and
// a few development zones and directly administered groups, 46 rows) are
// left out. Counts written as NA are taken as 0 and named in
// County.Missing; any other value that is not a whole number is an error
// naming its line and column.
func Load() (map[string]County, error) {
	gz, err := gzip.NewReader(bytes.NewReader(table))
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", fileName, ErrCorrupt, err)
	}
	defer gz.Close()
	r := csv.NewReader(gz)
	r.ReuseRecord = true
	first, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s line 1: %w: %v", fileName, ErrCorrupt, err)
	}
	header := slices.Clone(first) // r reuses its record
	cols, err := locate(header)
	if err != nil {
		return nil, err
	}

	out := map[string]County{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w: %v", fileName, line, ErrCorrupt, err)
		}
		code := strings.TrimSpace(rec[cols.code])
		if code == "NA" || code == "" {
			continue
		}
		if !isDigits(code, 6) {
			return nil, fmt.Errorf("%s line %d column %q: %w: code %q is not 6 digits", fileName, line, colCode, ErrCorrupt, code)
		}
		if _, dup := out[code]; dup {
			return nil, fmt.Errorf("%s line %d column %q: %w: code %s appears twice", fileName, line, colCode, ErrCorrupt, code)
		}
		c := County{Code: code, Province: rec[cols.province], City: rec[cols.city], Name: rec[cols.name]}
		count := func(i int) (int64, error) {
			v, na, err := parseCount(rec[i])
			if err != nil {
				return 0, fmt.Errorf("%s line %d (区划代码 %s) column %q: %w: %v", fileName, line, code, header[i], ErrCorrupt, err)
			}
			if na {
				c.Missing = append(c.Missing, header[i])
			}
			return v, nil
		}
		if c.Residents, err = count(cols.residents); err != nil {
			return nil, err
		}
		if c.Households, err = count(cols.households); err != nil {
			return nil, err
		}
		for _, i := range cols.elsewhere {
			v, err := count(i)
			if err != nil {
				return nil, err
			}
			c.Elsewhere += v
		}
		for _, a := range cols.ages {
			v, err := count(a.col)
			if err != nil {
				return nil, err
			}
			switch a.band {
			case band0to14:
				c.Age0to14 += v
			case band15to59:
				c.Age15to59 += v
			case band60Plus:
				c.Age60Plus += v
			}
		}
		out[code] = c
	}
}

type ageCol struct {
	col  int
	band band
}

type columns struct {
	code, province, city, name, residents, households int
	elsewhere                                         []int
	ages                                              []ageCol
}

// locate finds the columns Load reads by their header text, so that a
// reordered table still loads and a renamed one fails loudly.
func locate(header []string) (columns, error) {
	c := columns{code: -1, province: -1, city: -1, name: -1, residents: -1, households: -1}
	named := map[string]*int{colCode: &c.code, colProvince: &c.province, colCity: &c.city,
		colName: &c.name, colResidents: &c.residents, colHouseholds: &c.households}
	var problems []error
	bands := map[band]int{}
	for i, h := range header {
		h = strings.TrimPrefix(strings.TrimSpace(h), "\ufeff")
		if p, ok := named[h]; ok {
			*p = i
			continue
		}
		if strings.HasPrefix(h, prefixElse) {
			c.elsewhere = append(c.elsewhere, i)
			continue
		}
		m := ageColumn.FindStringSubmatch(h)
		if m == nil {
			continue
		}
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		if m[3] != "" {
			hi = math.MaxInt
		}
		var b band
		switch {
		case hi <= 14:
			b = band0to14
		case lo >= 15 && hi <= 59:
			b = band15to59
		case lo >= 60:
			b = band60Plus
		default:
			problems = append(problems, fmt.Errorf("%s line 1 column %q: %w: age band straddles 0-14/15-59/60+", fileName, h, ErrCorrupt))
			continue
		}
		bands[b]++
		c.ages = append(c.ages, ageCol{col: i, band: b})
	}
	for _, name := range []string{colCode, colProvince, colCity, colName, colResidents, colHouseholds} {
		if *named[name] < 0 {
			problems = append(problems, fmt.Errorf("%s line 1: %w: no column %q", fileName, ErrCorrupt, name))
		}
	}
	if len(c.elsewhere) == 0 {
		problems = append(problems, fmt.Errorf("%s line 1: %w: no column starting %q", fileName, ErrCorrupt, prefixElse))
	}
	for b, name := range []string{"0-14", "15-59", "60+"} {
		if bands[band(b)] == 0 {
			problems = append(problems, fmt.Errorf("%s line 1: %w: no age-by-sex column for ages %s", fileName, ErrCorrupt, name))
		}
	}
	return c, errors.Join(problems...)
}

// parseCount reads a count. The table writes numbers as R printed them:
// integers, floats with binary noise (0.56999999999999995) and NA. A count
// must be a whole number; NA reports na and 0.
func parseCount(s string) (v int64, na bool, err error) {
	s = strings.TrimSpace(s)
	if s == "NA" || s == "" {
		return 0, true, nil
	}
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, false, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(f) || math.IsInf(f, 0) || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false, fmt.Errorf("%q is not a whole number", s)
	}
	return int64(f), false, nil
}

func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

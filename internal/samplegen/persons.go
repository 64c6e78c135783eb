package samplegen

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/simplifiedchinese"

	"shequ/pipelines/values"
)

// personsFile is where Generate writes the person-level census of 2020
// when Options.Persons > 0.
const personsFile = "persons/人口个案.csv"

var headerPersons = []string{"身份证号", "姓名", "联系电话", "社区代码", "性别", "出生日期", "户籍类型", "户编号"}

// Surnames with their weights, roughly per 10,000 people (assumption: the
// order and rough sizes of the national household-register ranking; the
// long tail is left out).
var surnames = []weighted{
	{"王", 720}, {"李", 715}, {"张", 680}, {"刘", 520}, {"陈", 460}, {"杨", 330}, {"黄", 240}, {"赵", 210},
	{"吴", 200}, {"周", 190}, {"徐", 130}, {"孙", 125}, {"马", 120}, {"朱", 115}, {"胡", 110}, {"郭", 105},
	{"何", 100}, {"林", 98}, {"高", 95}, {"罗", 90}, {"郑", 88}, {"梁", 85}, {"谢", 70}, {"宋", 65},
	{"唐", 64}, {"许", 60}, {"韩", 58}, {"冯", 56}, {"邓", 55}, {"曹", 54}, {"彭", 52}, {"曾", 50},
	{"肖", 49}, {"田", 48}, {"董", 47}, {"袁", 46}, {"潘", 45}, {"于", 44}, {"蒋", 43}, {"蔡", 42},
	{"余", 41}, {"杜", 40}, {"叶", 39}, {"程", 38}, {"苏", 37}, {"魏", 36}, {"吕", 35}, {"丁", 34},
	{"任", 33}, {"沈", 32}, {"姚", 31}, {"卢", 30}, {"姜", 29}, {"崔", 28}, {"钟", 27}, {"谭", 26},
	{"陆", 25}, {"汪", 24}, {"范", 23}, {"金", 22}, {"石", 21}, {"廖", 20}, {"贾", 19}, {"夏", 18},
	{"韦", 18}, {"付", 17}, {"方", 17}, {"白", 16}, {"邹", 16}, {"孟", 15}, {"熊", 15}, {"秦", 14},
	{"邱", 14}, {"江", 13}, {"尹", 13}, {"薛", 12}, {"闫", 12}, {"段", 11}, {"雷", 11}, {"侯", 10},
	{"龙", 10}, {"史", 10}, {"陶", 9}, {"黎", 9}, {"贺", 9}, {"顾", 8}, {"毛", 8}, {"郝", 8},
	{"龚", 7}, {"邵", 7}, {"万", 7}, {"钱", 7}, {"严", 6}, {"覃", 6}, {"武", 6}, {"戴", 6},
	{"莫", 5}, {"孔", 5}, {"向", 5}, {"汤", 5}, {"欧阳", 2}, {"司马", 0.5}, {"上官", 0.3}, {"诸葛", 0.2},
}

// Characters of given names (assumption: common in names of people born
// 1920–2020; every one is in GBK).
const (
	givenMale   = "伟强磊军勇杰涛斌超明辉鹏华飞刚平建国峰俊浩宇轩博文志海龙林波鑫晨昊然泽睿凯东亮成宏家天振瑞晓嘉锋毅德福康"
	givenFemale = "芳娜敏静丽艳娟霞燕玲婷雪慧琳红梅莉萍欣怡佳雨思琪梓涵诗悦晶颖倩洁兰秀英凤月彤璐瑶蕾薇晓嘉宁文心婉"
)

// personTokens are the non-ASCII pieces of a person row, encoded once in
// the output encoding, so that the row loop only copies bytes.
type personTokens struct {
	header                    []byte
	surnames                  [][]byte
	surnameCDF                []float64
	givenMale, givenFemale    [][]byte
	male, female              []byte
	registered, nonRegistered []byte
}

func newPersonTokens(gbk bool) (*personTokens, error) {
	enc := func(s string) ([]byte, error) {
		if !gbk {
			return []byte(s), nil
		}
		b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
		if err != nil {
			return nil, fmt.Errorf("encoding %q as GBK: %w", s, err)
		}
		return b, nil
	}
	var t personTokens
	var err error
	encAll := func(dst *[]byte, s string) {
		if err == nil {
			*dst, err = enc(s)
		}
	}
	encAll(&t.header, markLine+"\n"+strings.Join(headerPersons, ",")+"\n")
	encAll(&t.male, "男")
	encAll(&t.female, "女")
	encAll(&t.registered, hukouRegistered)
	encAll(&t.nonRegistered, hukouNonRegistered)
	var sum float64
	for _, s := range surnames {
		var b []byte
		encAll(&b, s.value)
		t.surnames = append(t.surnames, b)
		sum += s.weight
		t.surnameCDF = append(t.surnameCDF, sum)
	}
	for k := range t.surnameCDF {
		t.surnameCDF[k] /= sum
	}
	for _, ch := range givenMale {
		var b []byte
		encAll(&b, string(ch))
		t.givenMale = append(t.givenMale, b)
	}
	for _, ch := range givenFemale {
		var b []byte
		encAll(&b, string(ch))
		t.givenFemale = append(t.givenFemale, b)
	}
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func (t *personTokens) surname(r *rand.Rand) []byte {
	return t.surnames[sort.SearchFloat64s(t.surnameCDF, r.Float64())]
}

// personCommunity is what the row loop needs of one community.
type personCommunity struct {
	code       string
	region     string // 6-digit district code: the ID number's address code
	regionIdx  int    // index of region among the districts
	street     int    // index of the street's household counter
	streetCode string
	count      int64 // persons to write
	sizeCDF    [maxHousehold]float64
	regShare   float64
	ageCDF     [3]float64 // 0–14, 15–59, 60+
	adult60    float64    // share of 60+ among residents 15 and over
	male       float64
}

// personCommunities spreads n persons over the communities by their 2020
// residents. It also returns the number of streets and of districts.
func personCommunities(plans []*modelPlan, n int64) ([]personCommunity, int, int, error) {
	last := len(periods) - 1
	var out []personCommunity
	var w []float64
	streets, regions := map[string]int{}, map[string]int{}
	for _, p := range plans {
		for _, c := range p.comms {
			q := c.pop[last]
			if c.virtual || q.residents == 0 || q.households == 0 {
				continue
			}
			pc := personCommunity{code: c.Code, region: c.DistrictCode, streetCode: c.StreetCode,
				regShare: float64(q.registered) / float64(q.residents), male: p.m.maleShare}
			if _, ok := streets[c.StreetCode]; !ok {
				streets[c.StreetCode] = len(streets)
			}
			pc.street = streets[c.StreetCode]
			if _, ok := regions[c.DistrictCode]; !ok {
				regions[c.DistrictCode] = len(regions)
			}
			pc.regionIdx = regions[c.DistrictCode]
			// Household sizes 1 + Poisson(λ), λ = residents per household − 1, capped.
			lambda := max(float64(q.residents)/float64(q.households)-1, 0.01)
			pk, sum := math.Exp(-lambda), 0.0
			for s := range maxHousehold {
				if s > 0 {
					pk *= lambda / float64(s)
				}
				sum += pk
				pc.sizeCDF[s] = sum
			}
			for s := range pc.sizeCDF {
				pc.sizeCDF[s] /= sum
			}
			var cum float64
			for k, a := range q.age {
				cum += float64(a) / float64(q.residents)
				pc.ageCDF[k] = cum
			}
			if adults := q.age[1] + q.age[2]; adults > 0 {
				pc.adult60 = float64(q.age[2]) / float64(adults)
			}
			out = append(out, pc)
			w = append(w, float64(q.residents))
		}
	}
	counts, err := allocate(n, w, nil)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("persons: %w", err)
	}
	for k := range out {
		out[k].count = counts[k]
	}
	return out, len(streets), len(regions), nil
}

// writePersons writes the person-level census: the synthetic-data mark,
// a header and exactly n rows, household by household, community by
// community. It holds one buffer, whatever n is.
func writePersons(ctx context.Context, w io.Writer, plans []*modelPlan, n int64, gbk bool, seed int64) error {
	tok, err := newPersonTokens(gbk)
	if err != nil {
		return err
	}
	comms, nStreets, nRegions, err := personCommunities(plans, n)
	if err != nil {
		return err
	}
	ref := daysFromCivil(censusYear, censusMonth, censusDay)
	dates := birthDates(ref)
	ids := &idSequences{next: make([]uint16, nRegions*len(dates)*2), days: len(dates)}
	r := stream(seed, "persons")
	bw := bufio.NewWriterSize(w, 1<<20)
	const flushAt = 1<<16 - 512 // a row is well under 512 bytes
	buf := make([]byte, 0, 1<<16)
	buf = append(buf, tok.header...)
	counters := make([]int64, nStreets)
	var written int64
	for ci := range comms {
		pc := &comms[ci]
		for left := pc.count; left > 0; {
			size := int64(sort.SearchFloat64s(pc.sizeCDF[:], r.Float64()) + 1)
			size = min(size, left, maxHousehold)
			counters[pc.street]++
			hh := counters[pc.street]
			hukou := tok.nonRegistered
			if r.Float64() < pc.regShare {
				hukou = tok.registered
			}
			family := tok.surname(r) // the head's; children take the father's
			var headAge int
			var headMale bool
			for k := range size {
				var age int
				var male bool
				surname := family
				switch {
				case k == 0: // the head of household, an adult
					band := 1
					if r.Float64() < pc.adult60 {
						band = 2
					}
					age = max(bandAge(r, band), 20+r.IntN(5))
					male = r.Float64() < pc.male
					headAge, headMale = age, male
				case k == 1 && r.Float64() < spouseShare:
					age = min(max(headAge+r.IntN(11)-5, 20), 100)
					male = !headMale
					surname = tok.surname(r)
					if male {
						family = surname
					}
				default: // a child of the head, or anyone when the head is too young
					age = headAge - 22 - r.IntN(15)
					if age < 0 {
						age = bandAge(r, pickCDF(r, pc.ageCDF[:]))
					}
					male = r.Float64() < pc.male
				}
				buf = appendPerson(buf, r, tok, pc, dates, ids, age, male, surname, hukou, hh)
				if len(buf) >= flushAt {
					if _, err := bw.Write(buf); err != nil {
						return err
					}
					buf = buf[:0]
				}
			}
			left -= size
			written += size
			if written&0xffff < size { // about every 65,536 rows
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// idCheck returns the check character of the 17 digits of id17.
func idCheck(id17 []byte) byte {
	check, _ := values.IDCheckChar(id17)
	return check
}

// idSequences hands out the 3-digit sequence of ID numbers: for each
// district, birth date and sex, the 500 numbers of that sex (odd for men)
// in turn from a starting point that depends on the date, so that ID
// numbers are unique until a district has more than 500 persons of one sex
// born on one day (about 90 million rows over the three models' districts).
type idSequences struct {
	next []uint16 // [region][day back][sex]
	days int
}

func (s *idSequences) seq(region int, back int64, male bool) int64 {
	sex := int64(0)
	if male {
		sex = 1
	}
	k := (int64(region)*int64(s.days)+back)*2 + sex
	n := int64(s.next[k])
	s.next[k]++
	return ((back*7919+int64(region)*104729+n)%500)*2 + sex
}

// appendPerson appends one row.
func appendPerson(b []byte, r *rand.Rand, tok *personTokens, pc *personCommunity, dates [][8]byte, ids *idSequences,
	age int, male bool, surname, hukou []byte, hh int64) []byte {
	// Birth date: age full years at the reference date.
	back := min(int64((float64(age)+r.Float64())*365.2425), int64(len(dates)-1))
	ymd := &dates[back]
	// 身份证号: address code, birth date, sequence (odd for men), check.
	start := len(b)
	b = append(b, pc.region...)
	b = append(b, ymd[:]...)
	b = appendPad(b, ids.seq(pc.regionIdx, back, male), 3)
	b = append(b, idCheck(b[start:]))
	b = append(b, ',')
	// 姓名.
	b = append(b, surname...)
	given := tok.givenFemale
	if male {
		given = tok.givenMale
	}
	x := r.Uint64()
	b = append(b, given[x%uint64(len(given))]...)
	if (x>>32)%1000 < uint64(givenNameTwo*1000) {
		b = append(b, given[(x>>16)%uint64(len(given))]...)
	}
	b = append(b, ',')
	// 联系电话: 1[3-9] and nine digits.
	x = r.Uint64()
	b = append(b, '1', "3456789"[x%7])
	b = appendPad(b, int64((x>>8)%1_000_000_000), 9)
	b = append(b, ',')
	b = append(b, pc.code...)
	b = append(b, ',')
	if male {
		b = append(b, tok.male...)
	} else {
		b = append(b, tok.female...)
	}
	b = append(b, ',')
	b = append(b, ymd[0:4]...)
	b = append(b, '-')
	b = append(b, ymd[4:6]...)
	b = append(b, '-')
	b = append(b, ymd[6:8]...)
	b = append(b, ',')
	b = append(b, hukou...)
	b = append(b, ',')
	b = append(b, pc.streetCode...)
	b = append(b, '-')
	b = appendPad(b, hh, 6)
	return append(b, '\n')
}

// birthDates returns YYYYMMDD for each day back from ref, far enough for
// the oldest age bandAge draws.
func birthDates(ref int64) [][8]byte {
	n := 102*365 + 102/4 // 102 years of days
	out := make([][8]byte, n)
	for k := range out {
		y, m, d := civilFromDays(ref - int64(k))
		var b [8]byte
		copy(b[:], appendPad(appendPad(appendPad(b[:0], int64(y), 4), int64(m), 2), int64(d), 2))
		out[k] = b
	}
	return out
}

// bandAge draws an age in band 0 (0–14), 1 (15–59) or 2 (60+).
func bandAge(r *rand.Rand, band int) int {
	switch band {
	case 0:
		return r.IntN(15)
	case 1:
		return 15 + r.IntN(45)
	}
	return 60 + min(int(r.ExpFloat64()*elderlyMeanYears), 40)
}

// pickCDF returns the first index whose cumulative share exceeds a uniform
// draw.
func pickCDF(r *rand.Rand, cdf []float64) int {
	u := r.Float64()
	for i, c := range cdf {
		if u < c {
			return i
		}
	}
	return len(cdf) - 1
}

// parsePersonsEncoding reports whether s asks for GBK.
func parsePersonsEncoding(s string) (gbk bool, err error) {
	switch strings.ToLower(s) {
	case "", "utf-8", "utf8":
		return false, nil
	case "gbk":
		return true, nil
	}
	return false, fmt.Errorf("%w: persons encoding %s is not utf-8 or gbk", ErrOptions, strconv.Quote(s))
}

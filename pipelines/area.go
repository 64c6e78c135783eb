package pipelines

import (
	"fmt"
	"regexp"
	"strings"

	"shequ/pipelines/decode"
)

// A file covers one area, a district or a street: the configuration says
// which (Input.Area), or else the file's title does — a district or
// street named in the rows above the header, as in 「坪山区2020年社区人口
// 统计表」, when the name is of one place only (a street name is taken
// within the district the title also names). A row whose community_code
// lies outside it is quarantined (outside_area) rather than counted into
// another district's figures. A file whose title names no place, or an
// ambiguous one, is not checked.

// area is the district or street a file covers.
type area struct {
	code   string // 6 or 9 digits
	name   string
	from   string // "configuration", or the title and its line
	fromZh string
}

// check quarantines a community outside the area.
func (a *area) check(v *validator, community string) *Violation {
	if strings.HasPrefix(community, a.code) {
		return nil
	}
	vi := v.violation(v.community, community, RuleOutsideArea,
		fmt.Sprintf("不在本文件所属的%s（%s，%s）范围内：请核对代码，或把该行报送给其所属辖区", a.name, a.code, a.fromZh),
		fmt.Sprintf("is outside %s (%s), the area this file covers (%s): check the code, or send the row to the office of its own area", a.name, a.code, a.from))
	return &vi
}

// placeName matches the names of districts, counties and streets in a
// title: a few Chinese characters ending in 区, 县, 市, 旗, 街道, 镇 or 乡.
var placeName = regexp.MustCompile(`\p{Han}{1,10}?(?:街道|区|县|市|旗|镇|乡)`)

// areaOf returns the area of a sheet: the configured one, or the one its
// title rows name (above: the records above its header); nil when none.
func (s *scan) areaOf(above []decode.Record) (*area, error) {
	if code := s.in.Area; code != "" {
		name, ok := s.areaName(code)
		if !ok {
			return nil, fmt.Errorf("%s: %w: area %q is not a 6-digit district or 9-digit street code of the 2023 divisions", s.in.Path, ErrBadArea, code)
		}
		return &area{code: code, name: name, from: "its configuration", fromZh: "见配置"}, nil
	}
	if s.div == nil {
		return nil, nil
	}
	for _, rec := range above {
		title := strings.Join(rec.Cells, " ")
		var districts, streets []string
		for _, n := range placeName.FindAllString(title, -1) {
			for _, code := range s.div.Named(n) {
				if len(code) == 6 {
					districts = appendNew(districts, code)
				} else {
					streets = appendNew(streets, code)
				}
			}
		}
		a := ""
		switch {
		case len(districts) == 1:
			a = districts[0]
			var in []string
			for _, st := range streets {
				if strings.HasPrefix(st, a) {
					in = append(in, st)
				}
			}
			if len(in) == 1 {
				a = in[0]
			}
		case len(districts) == 0 && len(streets) == 1:
			a = streets[0]
		}
		if a == "" {
			continue
		}
		name, _ := s.areaName(a)
		t := strings.TrimSpace(maskIdentifiers(title))
		line := fmt.Sprintf("line %d", rec.Line)
		lineZh := fmt.Sprintf("第%d行", rec.Line)
		if rec.Sheet != "" {
			line, lineZh = fmt.Sprintf("sheet %s row %d", rec.Sheet, rec.Line), fmt.Sprintf("工作表「%s」第%d行", rec.Sheet, rec.Line)
		}
		return &area{code: a, name: name, from: fmt.Sprintf("its title 「%s」, %s", t, line), fromZh: fmt.Sprintf("见%s标题「%s」", lineZh, t)}, nil
	}
	return nil, nil
}

// areaName names a district or street code.
func (s *scan) areaName(code string) (string, bool) {
	if s.div == nil {
		return code, len(code) == 6 || len(code) == 9
	}
	switch len(code) {
	case 6:
		return s.div.DistrictName(code)
	case 9:
		return s.div.StreetName(code)
	}
	return "", false
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

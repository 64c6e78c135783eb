package samplegen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestAffairs checks the community affairs lists on the files, against
// model-facts.csv (zhaoshang workstation_items_before 159, _after 15:
// the 2012 reform merged the workstation's 159 affairs into 15 projects
// contracted to social organisations) and the assumptions of models.go.
func TestAffairs(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	for _, period := range []string{"2015", "2020"} {
		t.Run(period, func(t *testing.T) {
			af := s.readAffairs(t, period)
			if want := []string{"事项编号", "事项名称", "社区代码", "派出部门", "是否经准入审核", "是否委托社会组织", "项目名称"}; !slices.Equal(af.header, want) {
				t.Fatalf("header %q, want %q", af.header, want)
			}
			type list struct {
				affairs, unreviewed, contracted int
				projects                        map[string]bool
			}
			lists := map[string]*list{}
			for _, r := range af.rows {
				code := r[2]
				if len(code) != 12 || r[4] != "是" && r[4] != "否" {
					continue // an injected bad row
				}
				l := lists[code]
				if l == nil {
					l = &list{projects: map[string]bool{}}
					lists[code] = l
				}
				l.affairs++
				if r[4] == "否" {
					l.unreviewed++
				}
				if r[5] == "是" {
					l.contracted++
					l.projects[at(r, 6)] = true
				} else if at(r, 6) != "" {
					t.Errorf("%s: an affair not contracted names the project %q", code, at(r, 6))
				}
			}
			// Every one of Zhaoshang's 11 communities (2023 codes) lists 159
			// affairs, every one contracted, through 15 projects.
			var zs []string
			for code, l := range lists {
				if !strings.HasPrefix(code, "440305006") {
					continue
				}
				zs = append(zs, code)
				if got := fmt.Sprintf("%d affairs, %d contracted, %d projects", l.affairs, l.contracted, len(l.projects)); got != "159 affairs, 159 contracted, 15 projects" {
					t.Errorf("%s: %s, want 159 affairs, 159 contracted, 15 projects", code, got)
				}
				if l.projects[""] {
					t.Errorf("%s: a contracted affair without a project", code)
				}
			}
			if len(zs) != 11 {
				t.Errorf("%d zhaoshang communities with a list, want 11", len(zs))
			}
			// Pingshan and Tianning (one community's list each): more affairs
			// than Zhaoshang, fewer than half contracted in a few projects,
			// and some without the access review — more in 2015 than 2020.
			for _, prefix := range []string{"440310", "320402"} {
				var n int
				for code, l := range lists {
					if !strings.HasPrefix(code, prefix) {
						continue
					}
					n++
					if l.affairs <= 159 || 2*l.contracted >= l.affairs || len(l.projects) > 5 || l.unreviewed == 0 {
						t.Errorf("%s: %d affairs, %d contracted in %d projects, %d without review; want more than 159, under half, at most 5, some",
							code, l.affairs, l.contracted, len(l.projects), l.unreviewed)
					}
				}
				if n != 1 {
					t.Errorf("%d lists under %s, want 1", n, prefix)
				}
			}
		})
	}
}

// TestFacilityDetail checks the residents' activity area and the
// terminals of the facility ledgers: the activity area never above the
// floor area (but in the one injected row), blank for health stations
// only; the 2015 ledger without the terminal column, the 2020 one with a
// count for every facility.
func TestFacilityDetail(t *testing.T) {
	s := generate(t, t.TempDir(), 1, 1)
	for _, period := range []string{"2015", "2020"} {
		sh := s.readSheet(t, period)
		typ, area, activity := slices.Index(sh.header, "设施类型"), slices.Index(sh.header, "建筑面积(平方米)"), slices.Index(sh.header, "居民活动用房面积(平方米)")
		terminals := slices.Index(sh.header, "政务自助终端(台)")
		if activity < 0 || (terminals >= 0) != (period == "2020") {
			t.Fatalf("%s header %q: want the activity area, and the terminals in 2020 only", period, sh.header)
		}
		var above, blank, withTerminal int
		for _, r := range sh.rows {
			a, err := strconv.ParseFloat(r[area], 64)
			if err != nil || a < 0 {
				continue // the injected row with a negative floor area
			}
			act := at(r, activity)
			if act == "" {
				if r[typ] != typeHealth {
					t.Errorf("%s %s (%s): no activity area", period, r[0], r[typ])
				}
				blank++
			} else if v, err := strconv.ParseFloat(act, 64); err != nil || v > a {
				above++
			}
			if terminals >= 0 {
				n, err := strconv.Atoi(at(r, terminals))
				if err != nil || n < 0 || n > 2 {
					t.Errorf("%s %s: terminals %q", period, r[0], at(r, terminals))
				}
				if n > 0 {
					withTerminal++
				}
			}
		}
		if want := map[string]int{"2015": 1, "2020": 0}[period]; above != want {
			t.Errorf("%s: %d rows with the activity area above the floor area, want %d (the injected one in 2015)", period, above, want)
		}
		if blank == 0 {
			t.Errorf("%s: no health station leaves the activity area blank", period)
		}
		if period == "2020" && withTerminal == 0 {
			t.Errorf("2020: no facility has a terminal")
		}
	}
}

package samplegen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// The two workbooks of each period: the facility ledger (服务设施.xlsx) and
// the community affairs list (社区工作事项清单.xlsx).
const (
	sheetName         = "设施台账" // the facility ledger's sheet
	affairsFile       = "社区工作事项清单.xlsx"
	affairsSheetName  = "事项清单"
	terminalsFromYear = 2020 // the ledgers of earlier periods have no terminal column (assumption: terminals came later)
)

// Facility ledger headers: the 2015 ledger already has the residents'
// activity area, the terminal column came with the 2020 one.
var (
	headerFacilities = []string{"设施编号", "社区代码", "设施名称", "设施类型", "建筑面积(平方米)", "纬度", "经度", "运营方式", "启用年份",
		"居民活动用房面积(平方米)"}
	headerTerminals = "政务自助终端(台)"
)

// facilityDetail is what the ledger of one period says of a facility
// beyond its place and size: the floor area open to residents' activities
// (none for a health station, which is not a place for activities) and its
// self-service government terminals.
type facilityDetail struct {
	activity    float64
	hasActivity bool
	terminals   int64
}

// facilityHeader is the ledger's header for a year.
func facilityHeader(year int) []string {
	h := headerFacilities
	if year >= terminalsFromYear {
		h = append(h[:len(h):len(h)], headerTerminals)
	}
	return h
}

// facilitySpec lays out the facility ledger of a year.
func facilitySpec(year int, rows []sheetRow) sheetSpec {
	spec := sheetSpec{sheet: sheetName, title: fmt.Sprintf("%d年社区服务设施台账", year), unit: "填报单位：区民政局",
		header: facilityHeader(year),
		widths: []colWidth{{"A", "B", 16}, {"C", "C", 26}, {"D", "D", 14}, {"E", "G", 12}, {"H", "H", 14}, {"I", "I", 10}, {"J", "K", 16}}}
	for _, r := range rows {
		cells := []cell{textCell(r.id), textCell(r.code), textCell(r.name), textCell(r.typ), floatCell(r.area, 1),
			floatCell(r.lat, 6), floatCell(r.lon, 6), textCell(r.operator), intCell(int64(r.opened)),
			optionalFloat(r.detail.activity, r.detail.hasActivity)}
		if year >= terminalsFromYear {
			cells = append(cells, intCell(r.detail.terminals))
		}
		spec.rows = append(spec.rows, sheetLine{cells: cells, problem: r.problem})
	}
	return spec
}

// affairsSpec lays out the affairs list of a year.
func affairsSpec(year int, rows []sheetLine) sheetSpec {
	return sheetSpec{sheet: affairsSheetName, title: fmt.Sprintf("%d年社区工作事项清单", year), unit: "填报单位：各街道办事处",
		header: headerAffairs, rows: rows,
		widths: []colWidth{{"A", "A", 12}, {"B", "B", 24}, {"C", "C", 16}, {"D", "D", 20}, {"E", "F", 10}, {"G", "G", 26}}}
}

// facilityDetails draws, for every facility and period, its residents'
// activity area and, from terminalsFromYear, its terminals (the model's
// affairs.activityShare and affairs.terminals; the other types' shares are
// assumptions). It draws from its own stream, the same numbers for every
// facility, so that the facilities themselves are as they were before the
// ledger had these columns.
func (p *modelPlan) facilityDetails(r *rand.Rand) {
	a := p.m.affairs
	for _, c := range p.comms {
		for k := range c.facilities {
			f := &c.facilities[k]
			for i := range periods {
				u := [3]float64{r.Float64(), r.Float64(), r.Float64()}
				var share span
				switch {
				case f.centre || f.typ[i] == typeStation:
					share = a.activityShare[i]
				case f.typ[i] == typeActivity:
					share = span{0.85, 1} // assumption: an activity room is nearly all activity space
				case f.typ[i] == typeDayCare:
					share = span{0.5, 0.7} // assumption: care rooms, kitchen and offices take the rest
				}
				d := facilityDetail{}
				if share != (span{}) {
					d.activity = min(f.area, math.Round((share[0]+u[0]*(share[1]-share[0]))*f.area*10)/10)
					d.hasActivity = true
				}
				if periods[i] >= terminalsFromYear {
					pt := 0.0
					switch {
					case f.centre && c.village:
						pt = a.terminals / 2
					case f.centre:
						pt = a.terminals
					case f.typ[i] == typeStation:
						pt = 0.3 // assumption
					}
					if u[1] < pt {
						d.terminals = 1
						if u[2] < 0.3 { // assumption: a second terminal in a busy centre
							d.terminals = 2
						}
					}
				}
				f.detail[i] = d
			}
		}
	}
}

// activityAboveFloor is the badPeriod ledger's second bad row, appended at
// the end of the sheet as a facility added late: an activity room in a
// community of the second model whose residents' activity area exceeds its
// floor area.
func activityAboveFloor(plans []*modelPlan, i int, seed int64) sheetRow {
	r := stream(seed, "bad/facility-activity/"+strconv.Itoa(periods[i]))
	p := plans[1%len(plans)]
	c := p.comms[r.IntN(len(p.comms))]
	for c.virtual {
		c = p.comms[r.IntN(len(p.comms))]
	}
	area := float64(60 + 10*r.IntN(10))
	activity := area + float64(20+10*r.IntN(5))
	return sheetRow{id: c.Code + "-98", code: c.Code, name: facilityName(c.Name, typeActivity), typ: typeActivity,
		area: area, lat: c.lat, lon: c.lon, operator: "政府自营", opened: periods[i],
		detail:  facilityDetail{activity: activity, hasActivity: true},
		problem: fmt.Sprintf("居民活动用房面积 %g exceeds 建筑面积 %g", activity, area)}
}

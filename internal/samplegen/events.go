package samplegen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Event statuses.
const (
	statusClosed   = "已办结"
	statusOpen     = "办理中"
	statusReturned = "已退回"
)

// event is one row of 网格事件 before it is numbered. Times are minutes
// since 1970-01-01; closed is -1 for an event not closed.
type event struct {
	grid             grid
	comm             *community
	category, status string
	reported, closed int64
	hoursFactor      float64 // the category's time to close relative to the model's median
	minutes          int64   // time to close, if it is closed
}

// eventTable is 网格事件 for periods[i]: a sample (eventExportShare) of the
// events reported in each community's grids, in the grids of 网格.csv of
// the same period, weighted by their households. An event is closed
// (已办结) with the model's closure rate, after a log-normal time around the
// model's median; otherwise it is in hand (办理中) or returned (已退回) and
// has no 办结时间. Statuses and times to close are drawn stratified over
// each model's events, so that its closure rate and median hold in a small
// sample too. Rows are in order of report within each model and numbered
// in that order. The badPeriod table carries one event closed before it
// was reported.
func eventTable(plans []*modelPlan, grids map[*community][]grid, i int, seed int64) []row {
	year := periods[i]
	var rows []row
	for _, p := range plans {
		var evs []event
		for _, c := range p.comms {
			evs = append(evs, communityEvents(p.m, c, grids[c], i, seed)...)
		}
		slices.SortStableFunc(evs, func(a, b event) int { return cmp.Compare(a.reported, b.reported) })
		r := stream(seed, fmt.Sprintf("events/status/%s/%d", p.m.id, year))
		strata := r.Perm(len(evs))
		spread := r.Perm(len(evs))
		for k := range evs {
			e := &evs[k]
			// A stratified normal draw: the model's median holds in a small sample.
			z := math.Sqrt2 * math.Erfinv(2*(float64(spread[k])+r.Float64())/float64(len(evs))-1)
			e.minutes = max(minCloseMinutes, int64(math.Round(p.m.closeHours*e.hoursFactor*math.Exp(closeHoursSigma*z)*60)))
			e.closed = -1
			switch u := (float64(strata[k]) + r.Float64()) / float64(len(evs)); {
			case u < p.m.closureRate:
				e.status = statusClosed
				e.closed = e.reported + e.minutes
			case u < p.m.closureRate+(1-p.m.closureRate)*returnedShare:
				e.status = statusReturned
			default:
				e.status = statusOpen
			}
		}
		for k, e := range evs {
			rows = append(rows, row{cells: eventCells(eventID(p.m, year, k+1), e)})
		}
	}
	if year != badPeriod {
		return rows
	}
	r := stream(seed, fmt.Sprintf("bad/events/%d", year))
	p := plans[0]
	c := populated(r, p, i, func(c *community) bool { return len(grids[c]) > 0 })
	if c == nil {
		return rows
	}
	gs := grids[c]
	first, next := yearDays(year)
	reported := (first+r.Int64N(next-first))*1440 + int64(8*60+r.IntN(11*60))
	e := event{grid: gs[r.IntN(len(gs))], comm: c, category: "环境卫生", status: statusClosed,
		reported: reported, closed: reported - int64(60+r.IntN(47*60))}
	bad := row{cells: eventCells(eventID(p.m, year, countPrefix(rows, p.m.idPrefix)+1), e),
		problem: fmt.Sprintf("办结时间 %s is before 上报时间 %s", appendMinute(nil, e.closed), appendMinute(nil, e.reported))}
	return insertAt(r, rows, bad)
}

func eventID(m modelParams, year, seq int) string {
	return fmt.Sprintf("%s%d-SJ%05d", m.idPrefix, year, seq)
}

func eventCells(id string, e event) []string {
	closed := ""
	if e.closed >= 0 {
		closed = string(appendMinute(nil, e.closed))
	}
	return []string{id, e.grid.code, e.comm.Code, e.category, string(appendMinute(nil, e.reported)), closed, e.status}
}

// communityEvents draws one community's events for periods[i] from a
// stream of its own.
func communityEvents(m modelParams, c *community, gs []grid, i int, seed int64) []event {
	q := c.pop[i]
	if c.virtual || q.residents == 0 || len(gs) == 0 {
		return nil
	}
	year := periods[i]
	r := stream(seed, fmt.Sprintf("events/%s/%d", c.Code, year))
	expected := float64(q.residents) * m.eventsPer1k / 1000 * eventExportShare * lognormal(r, 0.3)
	n := int(math.Floor(expected + r.Float64()))
	gridW := make([]float64, len(gs))
	for k, g := range gs {
		gridW[k] = float64(g.households)
	}
	catW := make([]float64, len(eventKinds))
	first, next := yearDays(year)
	evs := make([]event, n)
	for k := range evs {
		e := &evs[k]
		e.comm = c
		e.grid = gs[pickIndex(r, gridW)]
		for j, ek := range eventKinds {
			catW[j] = ek.weight
			if e.grid.typ == "企业" && ek.category == "消防安全" {
				catW[j] *= enterpriseFire
			}
		}
		kind := eventKinds[pickIndex(r, catW)]
		e.category = kind.category
		e.reported = (first+r.Int64N(next-first))*1440 + reportMinute(r)
		e.hoursFactor = kind.hours
	}
	return evs
}

// reportMinute draws the minute of the day an event is reported: mostly
// in office hours, 08:00–19:59.
func reportMinute(r *rand.Rand) int64 {
	var hour int
	if r.Float64() < officeHours {
		hour = 8 + r.IntN(12)
	} else {
		hour = (20 + r.IntN(12)) % 24 // 20:00–07:59
	}
	return int64(hour*60 + r.IntN(60))
}

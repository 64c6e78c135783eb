package samplegen

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Activity types the generator treats apart.
const (
	typeDeliberation = "议事协商"
	typeFestival     = "节日活动"
)

// activity is one row of 社区活动 before it is numbered.
type activity struct {
	comm      *community
	name, typ string
	day       int64 // days since 1970-01-01
	style     int   // how the date is written
	visits    int64 // 参与人次
	nonReg    int64 // 非户籍参与人次
	organiser string
	kind      int // index in activityKinds
}

// activityTable is 社区活动 for periods[i]: each community's activities of
// the year with their person-visits, of which non-registered residents make
// up their share of residents times the model's reach parity. Rows are in
// date order within each model and numbered in that order. The badPeriod
// table carries one row with more non-registered visits than visits.
func activityTable(plans []*modelPlan, i int, seed int64) []row {
	year := periods[i]
	var rows []row
	for _, p := range plans {
		var acts []activity
		for _, c := range p.comms {
			acts = append(acts, communityActivities(p.m, c, i, seed)...)
		}
		slices.SortStableFunc(acts, func(a, b activity) int { return cmp.Compare(a.day, b.day) })
		for k, a := range acts {
			rows = append(rows, row{cells: activityCells(activityID(p.m, year, k+1), a)})
		}
	}
	if year != badPeriod {
		return rows
	}
	r := stream(seed, fmt.Sprintf("bad/activities/%d", year))
	p := plans[0]
	c := populated(r, p, i, anyCommunity)
	if c == nil {
		return rows
	}
	first, next := yearDays(year)
	visits := int64(30 + r.IntN(60))
	a := activity{comm: c, typ: "文体活动", name: shortName(c.Name) + "邻里运动会", day: first + r.Int64N(next-first),
		visits: visits, nonReg: visits + int64(5+r.IntN(30)), organiser: "社区"}
	bad := row{cells: activityCells(activityID(p.m, year, countPrefix(rows, p.m.idPrefix)+1), a),
		problem: fmt.Sprintf("非户籍参与人次 %d exceeds 参与人次 %d", a.nonReg, a.visits)}
	return insertAt(r, rows, bad)
}

func activityID(m modelParams, year, seq int) string {
	return fmt.Sprintf("%s%d-HD%04d", m.idPrefix, year, seq)
}

// countPrefix counts the rows whose first cell starts with prefix: the
// rows of one model, so that a bad row takes the next free number.
func countPrefix(rows []row, prefix string) int {
	n := 0
	for _, r := range rows {
		if strings.HasPrefix(r.cells[0], prefix) {
			n++
		}
	}
	return n
}

// populated picks a community of p with residents in periods[i] for
// which ok holds, or returns nil if there is none (at a tiny Scale).
func populated(r *rand.Rand, p *modelPlan, i int, ok func(*community) bool) *community {
	var cs []*community
	for _, c := range p.comms {
		if !c.virtual && c.pop[i].residents > 0 && ok(c) {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		return nil
	}
	return cs[r.IntN(len(cs))]
}

func anyCommunity(*community) bool { return true }

func activityCells(id string, a activity) []string {
	return []string{id, a.comm.Code, a.name, a.typ, string(appendDate(nil, a.day, a.style)),
		itoa(a.visits), itoa(a.nonReg), a.organiser}
}

// communityActivities draws one community's activities for periods[i]
// from a stream of its own, so that one community's draws do not shift
// the next one's.
func communityActivities(m modelParams, c *community, i int, seed int64) []activity {
	q := c.pop[i]
	if c.virtual || q.residents == 0 {
		return nil
	}
	year := periods[i]
	r := stream(seed, fmt.Sprintf("activities/%s/%d", c.Code, year))
	n := max(minActivities, int(math.Round(float64(q.residents)*activitiesPer10k/10000*lognormal(r, 0.2))))
	total := int64(math.Round(float64(q.residents) * m.visitsPerResident[i] * lognormal(r, 0.25)))
	parity := uniform(r, m.reachParity)
	nonRegShare := float64(q.residents-q.registered) / float64(q.residents)
	kindW := make([]float64, len(activityKinds))
	progKindW := make([]float64, len(activityKinds))
	for k, a := range activityKinds {
		kindW[k] = a.weight
		if len(a.programmes) > 0 {
			progKindW[k] = a.weight
		}
	}
	first, next := yearDays(year)
	short := shortName(c.Name)
	acts := make([]activity, n)
	var programmes []int
	var progW []float64
	var oneOffVisits int64
	for k := range acts {
		a := &acts[k]
		a.comm = c
		a.kind = pickIndex(r, kindW)
		programme := r.Float64() < programmeShare
		if k == n-1 && len(programmes) == 0 { // every community runs a programme
			a.kind, programme = pickIndex(r, progKindW), true
		}
		kind := activityKinds[a.kind]
		a.typ = kind.typ
		switch {
		case kind.typ == typeFestival:
			f := festivals[r.IntN(len(festivals))]
			a.day = daysFromCivil(year, f.date[i][0], f.date[i][1]) - int64(r.IntN(festivalLead+1))
			a.name = short + f.name
			a.visits = int64(math.Round(uniform(r, kind.oneOff)))
			oneOffVisits += a.visits
		case programme && len(kind.programmes) > 0:
			a.day = activityDay(r, year, first, first+programmeStart)
			a.name = short + kind.programmes[r.IntN(len(kind.programmes))]
			programmes = append(programmes, k)
			progW = append(progW, kind.size*lognormal(r, 0.5))
		default:
			a.day = activityDay(r, year, first, next)
			a.name = short + kind.oneOffs[r.IntN(len(kind.oneOffs))]
			a.visits = int64(math.Round(uniform(r, kind.oneOff)))
			oneOffVisits += a.visits
		}
		a.organiser = pick(r, m.organisers)
		switch u := r.Float64(); {
		case u < dateSlashShare:
			a.style = dateSlash
		case u < dateSlashShare+dateChineseShare:
			a.style = dateChinese
		default:
			a.style = dateISO
		}
	}
	// The programmes share what the one-off activities leave of the
	// community's person-visits; each has at least as many as the largest
	// one-off activity of its type.
	if rest, err := allocate(max(total-oneOffVisits, 0), progW, nil); err == nil {
		for k, idx := range programmes {
			acts[idx].visits = max(rest[k], int64(activityKinds[acts[idx].kind].oneOff[1]))
		}
	}
	for k := range acts {
		a := &acts[k]
		share := parity * nonRegShare * lognormal(r, 0.15)
		if a.typ == typeDeliberation {
			share *= deliberationParity
		}
		a.nonReg = int64(math.Round(float64(a.visits) * clamp(share, 0, 1)))
	}
	return acts
}

// activityDay draws a day in [from, to), seldom in February–April 2020.
func activityDay(r *rand.Rand, year int, from, to int64) int64 {
	for {
		d := from + r.Int64N(to-from)
		if year != 2020 {
			return d
		}
		if _, m, _ := civilFromDays(d); m < 2 || m > 4 || r.Float64() < pausedMonthWeight {
			return d
		}
	}
}

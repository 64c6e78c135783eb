package samplegen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"shequ/internal/census2020"
	"shequ/internal/divisions"
)

// periods are the years the sample covers; index i of community.pop and of
// the per-period tables is periods[i].
var periods = [...]int{2015, 2020}

// community is one division of a model with everything generated for it.
type community struct {
	divisions.Community
	village bool // a 村委会
	virtual bool // a virtual community: no residents, no centre, no staff
	rural   bool // in the model's rural town
	covered bool // has a service centre

	areaKm2  float64
	lat, lon float64

	// Draws that stay with the community across periods.
	weight    float64    // population weight in 2015
	growth    float64    // relative change of that weight 2015 → 2020
	regJitter float64    // relative registered share
	hhJitter  float64    // relative household size
	ageJitter [3]float64 // relative age-band shares

	pop        [len(periods)]population
	facilities []facility
}

// population is a community's census row in one period.
type population struct {
	residents, registered, households int64
	age                               [3]int64 // 0–14, 15–59, 60+
}

// facility is one service facility. Its type (and so its name) can differ
// between periods: centres were renamed 党群服务中心.
type facility struct {
	id       string
	typ      [len(periods)]string
	name     [len(periods)]string
	area     float64
	lat, lon float64
	operator string
	opened   int
	centre   bool
	detail   [len(periods)]facilityDetail // what each period's ledger says beyond place and size
}

// modelPlan is one model's communities, in code order.
type modelPlan struct {
	m     modelParams
	comms []*community
}

// targets are a model's calibration totals for one period, already scaled.
type targets struct {
	residents, registered, households int64
	ageShare                          [3]float64
}

// shortName is a community's name without the committee suffix, for
// facility and project names: 六联社区居委会 → 六联社区, 徐家村村委会 → 徐家村.
func shortName(name string) string {
	if i := strings.IndexAny(name, "(（"); i > 0 {
		name = name[:i]
	}
	name = strings.TrimSuffix(name, "居委会")
	name = strings.TrimSuffix(name, "村委会")
	return name
}

// facilityName names a facility after its community without doubling
// 社区: 六联社区 + 党群服务中心, but 红梅假日花苑社区 + 社区服务中心 →
// 红梅假日花苑社区服务中心.
func facilityName(community, typ string) string {
	short := shortName(community)
	if strings.HasSuffix(short, "社区") {
		typ = strings.TrimPrefix(typ, "社区")
	}
	return short + typ
}

// buildModel draws the communities of one model and their populations.
func buildModel(m modelParams, ix *divisions.Index, census map[string]census2020.County, seed int64, scale float64) (*modelPlan, error) {
	divs := ix.Under(m.area)
	if len(divs) == 0 {
		return nil, fmt.Errorf("model %s: %w: no communities under %s", m.id, ErrCalibration, m.area)
	}
	c20, ok := census[m.county2020]
	if !ok || c20.Residents <= 0 || c20.Households <= 0 {
		return nil, fmt.Errorf("model %s: %w: census county %s missing or empty", m.id, ErrCalibration, m.county2020)
	}
	p := &modelPlan{m: m}
	r := stream(seed, "communities/"+m.id)
	areaW := make([]float64, len(divs))
	for i, d := range divs {
		c := &community{Community: d}
		c.village = strings.HasSuffix(d.Name, "村委会")
		c.virtual = strings.Contains(d.Name, "虚拟")
		c.rural = m.ruralStreet != "" && d.StreetCode == m.ruralStreet
		// Draw everything for every community, virtual or not, so that
		// the draws of one do not shift the next.
		c.weight = lognormal(r, 0.4)
		c.growth = lognormal(r, 0.15)
		c.regJitter = lognormal(r, 0.3)
		c.hhJitter = lognormal(r, 0.1)
		for k := range c.ageJitter {
			c.ageJitter[k] = lognormal(r, 0.12)
		}
		areaW[i] = lognormal(r, 0.5)
		switch {
		case c.virtual:
			c.weight = 0
			areaW[i] *= 0.3
		case c.village:
			c.weight *= 0.45 // assumption: villages are smaller than urban communities
			c.regJitter *= 1.5
			c.hhJitter *= 1.15
			c.ageJitter[0] *= 0.9
			c.ageJitter[2] *= 1.6
			areaW[i] *= 4
		}
		p.comms = append(p.comms, c)
	}

	// Areas in hundredths of a km², summing to the model's area.
	cents, err := allocate(int64(math.Round(m.areaKm2*100)), areaW, nil)
	if err != nil {
		return nil, fmt.Errorf("model %s area: %w", m.id, err)
	}
	for i, c := range p.comms {
		c.areaKm2 = float64(cents[i]) / 100
	}

	// Centroids: each street gets a centre, its communities lie around it.
	g := stream(seed, "geo/"+m.id)
	streets := map[string][2]float64{}
	for _, c := range p.comms {
		if _, ok := streets[c.StreetCode]; !ok {
			b := m.urbanBox
			if c.StreetCode == m.ruralStreet {
				b = m.ruralBox
			}
			streets[c.StreetCode] = [2]float64{uniform(g, b.lat), uniform(g, b.lon)}
		}
		s := streets[c.StreetCode]
		spread := m.spread
		if c.rural {
			spread *= 1.5
		}
		c.lat, c.lon = m.bbox.near(g, s[0], s[1], spread)
	}

	// Centre coverage: everyone but a share of the rural town's villages.
	var ruralVillages []*community
	for _, c := range p.comms {
		c.covered = !c.virtual
		if c.rural && c.village {
			ruralVillages = append(ruralVillages, c)
		}
	}
	cov := stream(seed, "coverage/"+m.id)
	keep := int(math.Round(m.villageCoverage * float64(len(ruralVillages))))
	for k, j := range cov.Perm(len(ruralVillages)) {
		ruralVillages[j].covered = k < keep
	}

	// Populations per period, scaled, and once more unscaled to size the
	// facilities (a facility's floor area does not depend on Scale).
	ref, err := p.populate(c20, 1, 1)
	if err != nil {
		return nil, err
	}
	for i := range periods {
		pops, err := p.populate(c20, scale, i)
		if err != nil {
			return nil, err
		}
		for j, c := range p.comms {
			c.pop[i] = pops[j]
		}
	}
	p.facilities(stream(seed, "facilities/"+m.id), ref)
	p.facilityDetails(stream(seed, "facility-detail/"+m.id))
	return p, nil
}

// calibration returns the model's totals for periods[i] at the given scale.
func (p *modelPlan) calibration(c20 census2020.County, scale float64, i int) targets {
	m := p.m
	r20 := m.residents2020
	if r20 == 0 {
		r20 = c20.Residents
	}
	h20 := c20.Households
	if !m.households2020 {
		h20 = roundDiv(r20*c20.Households, c20.Residents)
	}
	registeredHere := c20.Residents - c20.Elsewhere
	var t targets
	for k, a := range []int64{c20.Age0to14, c20.Age15to59, c20.Age60Plus} {
		t.ageShare[k] = float64(a) / float64(c20.Residents)
	}
	switch periods[i] {
	case 2015:
		t.residents = scaled(m.residents2015, scale)
		if m.registered2015 > 0 {
			t.registered = scaled(m.registered2015, scale)
		} else {
			t.registered = roundDiv(t.residents*registeredHere, c20.Residents)
		}
		// Households from the 2020 residents per household (assumption).
		t.households = roundDiv(t.residents*h20, r20)
	case 2020:
		t.residents = scaled(r20, scale)
		t.registered = roundDiv(t.residents*registeredHere, c20.Residents)
		t.households = scaled(h20, scale)
	}
	return t
}

// populate allocates the model's totals for periods[i] over its
// communities so that every total is met exactly.
func (p *modelPlan) populate(c20 census2020.County, scale float64, i int) ([]population, error) {
	t := p.calibration(c20, scale, i)
	n := len(p.comms)
	w := make([]float64, n)
	for j, c := range p.comms {
		w[j] = c.weight
		if periods[i] == 2020 {
			w[j] *= c.growth
		}
	}
	where := fmt.Sprintf("model %s %d", p.m.id, periods[i])
	res, err := allocate(t.residents, w, nil)
	if err != nil {
		return nil, fmt.Errorf("%s residents: %w", where, err)
	}
	for j, c := range p.comms {
		w[j] = float64(res[j]) * c.regJitter
	}
	reg, err := allocate(t.registered, w, res)
	if err != nil {
		return nil, fmt.Errorf("%s registered: %w", where, err)
	}
	for j, c := range p.comms {
		w[j] = float64(res[j]) / c.hhJitter
	}
	hh, err := allocate(t.households, w, res)
	if err != nil {
		return nil, fmt.Errorf("%s households: %w", where, err)
	}
	out := make([]population, n)
	for j, c := range p.comms {
		out[j] = population{residents: res[j], registered: reg[j], households: hh[j]}
		var aw [3]float64
		for k := range aw {
			aw[k] = t.ageShare[k] * c.ageJitter[k]
		}
		ages, err := allocate(res[j], aw[:], nil)
		if err != nil {
			return nil, fmt.Errorf("%s %s age bands: %w", where, c.Code, err)
		}
		copy(out[j].age[:], ages)
	}
	return out, nil
}

// roundDiv returns a/c rounded to the nearest integer, for a ≥ 0 and c > 0.
func roundDiv(a, c int64) int64 {
	return (a + c/2) / c
}

// near draws a point around (lat, lon) with a normal spread of sigma
// degrees, redrawing points that fall outside b (and clamping after 100
// tries, which does not happen for the boxes in models.go).
func (b box) near(r *rand.Rand, lat, lon, sigma float64) (float64, float64) {
	for range 100 {
		y, x := lat+r.NormFloat64()*sigma, lon+r.NormFloat64()*sigma
		if y >= b.lat[0] && y <= b.lat[1] && x >= b.lon[0] && x <= b.lon[1] {
			return y, x
		}
	}
	return clamp(lat, b.lat[0], b.lat[1]), clamp(lon, b.lon[0], b.lon[1])
}

// facilities draws each community's service facilities. Their floor areas
// follow a target of areaPer100 m² per 100 households (2020, unscaled), split
// over the facilities present and clamped to each type's plausible range, so
// that some communities fall below the standard and most do not.
func (p *modelPlan) facilities(r *rand.Rand, ref []population) {
	m := p.m
	for j, c := range p.comms {
		// Draw the same numbers for every community, so that one
		// community's facilities do not shift the next one's.
		u := [4]float64{r.Float64(), r.Float64(), r.Float64(), r.Float64()}
		ratio := uniform(r, m.areaPer100)
		if c.village && m.villageAreaPer100 != (span{}) {
			ratio = uniform(r, m.villageAreaPer100)
		} else {
			r.Float64()
		}
		if !c.covered && m.uncoveredAreaPer100 != (span{}) {
			ratio = uniform(r, m.uncoveredAreaPer100)
		} else {
			r.Float64()
		}
		if c.virtual {
			continue
		}
		var kinds []facilityKind
		var centre []bool
		add := func(k facilityKind, isCentre bool) {
			kinds = append(kinds, k)
			centre = append(centre, isCentre)
		}
		switch {
		case c.covered && c.village:
			add(kindVillageCentre, true)
		case c.covered:
			add(kindCentre, true)
		case u[3] < 0.8: // assumption: most uncovered villages have a service station
			add(kindStation, false)
		}
		if c.village {
			if c.covered && u[1] < 0.3 { // assumption
				add(kindDayCare, false)
			}
			if u[2] < 0.5 { // assumption
				add(kindActivity, false)
			}
		} else {
			if u[0] < m.pHealth {
				add(kindHealth, false)
			}
			if u[1] < m.pDayCare {
				add(kindDayCare, false)
			}
			if u[2] < m.pActivity {
				add(kindActivity, false)
			}
		}
		var sumW float64
		for _, k := range kinds {
			sumW += k.weight
		}
		total := ratio * float64(ref[j].households) / 100
		for n, k := range kinds {
			f := facility{id: fmt.Sprintf("%s-%02d", c.Code, n+1), centre: centre[n]}
			f.area = math.Round(clamp(total*k.weight/sumW*lognormal(r, 0.08), k.area[0], k.area[1])*10) / 10
			f.lat, f.lon = m.bbox.near(r, c.lat, c.lon, 0.002) // ~200 m
			opened := k.opened
			contracted := m.otherContracted
			switch {
			case f.centre && c.rural:
				opened = kindVillageCentre.opened
				contracted = m.centreContracted
			case f.centre:
				opened = m.centreOpened
				contracted = m.centreContracted
			case k.typ == typeHealth || k.typ == typeStation:
				contracted = 0 // health stations are run by public hospitals; stations by the village
			}
			f.opened = intRange(r, opened[0], opened[1])
			f.operator = "政府自营"
			if r.Float64() < contracted {
				f.operator = "社会组织承接"
			}
			for i := range periods {
				f.typ[i] = k.typ
				if f.centre {
					f.typ[i] = m.centreType2015
					if periods[i] >= 2020 {
						f.typ[i] = m.centreType2020
					}
				}
				f.name[i] = facilityName(c.Name, f.typ[i])
			}
			c.facilities = append(c.facilities, f)
		}
	}
}

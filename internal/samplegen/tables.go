package samplegen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// row is one data row of an export. problem is set on the rows injected to
// be rejected, and says which rule they break.
type row struct {
	cells   []string
	problem string
}

// sheetRow is one data row of the facility workbook, with typed cells.
type sheetRow struct {
	id, code, name, typ string
	area, lat, lon      float64
	operator            string
	opened              int
	detail              facilityDetail
	problem             string
}

// Export headers, exactly as the ingest schemas expect them.
var (
	headerCommunities = []string{"社区代码", "社区名称", "街道代码", "街道名称", "区县代码", "区县名称", "城乡分类代码", "面积(平方公里)", "中心纬度", "中心经度"}
	headerCensus      = []string{"社区代码", "社区名称", "常住人口(人)", "户籍人口(人)", "非户籍人口(人)", "户数(户)", "0-14岁(人)", "15-59岁(人)", "60岁及以上(人)"}
	headerStaff       = []string{"社区代码", "社区名称", "社区工作者(人)", "持证社工(人)"}
	headerGrid        = []string{"网格编码", "社区代码", "网格类型", "户数", "楼栋数", "网格员(人)", "中心纬度", "中心经度"}
	headerFunding     = []string{"项目编号", "社区代码", "项目名称", "资金渠道", "金额(元)", "年度", "提出方", "状态"}
	headerActivities  = []string{"活动编号", "社区代码", "活动名称", "活动类型", "活动日期", "参与人次", "非户籍参与人次", "组织方"}
	headerEvents      = []string{"事件编号", "网格编码", "社区代码", "事件类别", "上报时间", "办结时间", "状态"}
	headerSurvey      = []string{"问卷编号", "社区代码", "户籍类型", "总体满意度", "服务便利度", "服务质量", "参与机会"}
)

// badPeriod is the period whose exports carry the injected bad rows; the
// other period is clean.
const badPeriod = 2015

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// thousands writes v with comma separators, as Excel exports do: 12,345.
func thousands(v int64) string {
	s := itoa(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String()
}

func coord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

func insertAt(r *rand.Rand, rows []row, bad row) []row {
	return slices.Insert(rows, r.IntN(len(rows)+1), bad)
}

// communityTable is 社区名录: every community of every model.
func communityTable(plans []*modelPlan) []row {
	var rows []row
	for _, p := range plans {
		for _, c := range p.comms {
			class := "111"
			if c.village {
				class = "220"
			}
			rows = append(rows, row{cells: []string{c.Code, c.Name, c.StreetCode, c.StreetName, c.DistrictCode, c.DistrictName,
				class, strconv.FormatFloat(c.areaKm2, 'f', 2, 64), coord(c.lat), coord(c.lon)}})
		}
	}
	return rows
}

// censusTable is one model's population export for periods[i]. With
// inject, its badPeriod export carries three bad rows (Generate injects them
// into the first model's, Pingshan's).
func censusTable(p *modelPlan, i int, seed int64, inject bool) []row {
	num := itoa
	if p.m.format == utf8Thousands {
		num = thousands
	}
	line := func(code, name string, q population, nonRegistered int64) []string {
		return []string{code, name, num(q.residents), num(q.registered), num(nonRegistered), num(q.households),
			num(q.age[0]), num(q.age[1]), num(q.age[2])}
	}
	var rows []row
	for _, c := range p.comms {
		rows = append(rows, row{cells: line(c.Code, shortName(c.Name), c.pop[i], c.pop[i].residents-c.pop[i].registered)})
	}
	if periods[i] != badPeriod || !inject {
		return rows
	}
	r := stream(seed, fmt.Sprintf("bad/census/%s/%d", p.m.id, periods[i]))
	var real []*community
	for _, c := range p.comms {
		if !c.virtual {
			real = append(real, c)
		}
	}
	pickc := func() *community { return real[r.IntN(len(real))] }

	// Each bad row breaks one rule only: the others hold.
	c := pickc()
	q := c.pop[i]
	rows = insertAt(r, rows, row{cells: line(c.Code[:11], shortName(c.Name), q, q.residents-q.registered),
		problem: fmt.Sprintf("社区代码 %q has 11 digits, not 12", c.Code[:11])})

	c = pickc()
	q = c.pop[i]
	q.residents = -max(q.residents, 1) // negative even at a tiny Scale
	q.registered = 0
	rows = insertAt(r, rows, row{cells: line(c.Code, shortName(c.Name), q, 0),
		problem: fmt.Sprintf("常住人口 %d is negative", q.residents)})

	c = pickc()
	res := int64(2000 + r.IntN(3000))
	q = population{residents: res, registered: res + int64(500+r.IntN(2000)), households: res / 3}
	q.age = [3]int64{res / 6, res - res/6 - res/10, res / 10}
	rows = insertAt(r, rows, row{cells: line(c.Code, shortName(c.Name), q, 0),
		problem: fmt.Sprintf("户籍人口 %d exceeds 常住人口 %d", q.registered, q.residents)})
	return rows
}

// facilitySheet is the facility ledger for periods[i]: every facility
// opened by then. The badPeriod ledger carries one row with a negative area
// in a community of the first model.
func facilitySheet(plans []*modelPlan, i int, seed int64) []sheetRow {
	var rows []sheetRow
	for _, p := range plans {
		for _, c := range p.comms {
			for _, f := range c.facilities {
				if f.opened > periods[i] {
					continue
				}
				rows = append(rows, sheetRow{id: f.id, code: c.Code, name: f.name[i], typ: f.typ[i],
					area: f.area, lat: f.lat, lon: f.lon, operator: f.operator, opened: f.opened, detail: f.detail[i]})
			}
		}
	}
	if periods[i] != badPeriod {
		return rows
	}
	r := stream(seed, fmt.Sprintf("bad/facilities/%d", periods[i]))
	p := plans[0]
	c := p.comms[r.IntN(len(p.comms))]
	for c.virtual {
		c = p.comms[r.IntN(len(p.comms))]
	}
	area := -float64(80 + r.IntN(220))
	bad := sheetRow{id: c.Code + "-99", code: c.Code, name: facilityName(c.Name, typeActivity), typ: typeActivity,
		area: area, lat: c.lat, lon: c.lon, operator: "政府自营", opened: periods[i],
		problem: fmt.Sprintf("建筑面积 %g is negative", area)}
	rows = slices.Insert(rows, r.IntN(len(rows)+1), bad)
	return append(rows, activityAboveFloor(plans, i, seed))
}

// hasCentre reports whether c had a service centre open in periods[i].
func (c *community) hasCentre(i int) bool {
	for _, f := range c.facilities {
		if f.centre && f.opened <= periods[i] {
			return true
		}
	}
	return false
}

// staffTable is 社区工作力量 for periods[i]: community workers around the
// model's density, and certified social workers = the certified share of
// them plus the purchased posts at the centre.
func staffTable(plans []*modelPlan, i int, seed int64) []row {
	var rows []row
	for _, p := range plans {
		m := p.m
		r := stream(seed, fmt.Sprintf("staff/%s/%d", m.id, periods[i]))
		for _, c := range p.comms {
			jw, jc, jp := lognormal(r, 0.12), lognormal(r, 0.2), lognormal(r, 0.15)
			if c.virtual {
				continue
			}
			density := m.workersPer10k
			if c.village {
				density *= villageStaffing
			}
			res := c.pop[i].residents
			workers := int64(math.Round(float64(res) * density / 10000 * jw))
			if res > 0 && workers < 1 {
				workers = 1
			}
			share := m.certifiedShare
			if periods[i] < 2020 {
				share *= certified2015
			}
			certified := int64(math.Round(float64(workers) * share * jc))
			if certified > workers {
				certified = workers
			}
			if c.hasCentre(i) {
				certified += int64(math.Round(m.postsPerCentre * jp))
			}
			rows = append(rows, row{cells: []string{c.Code, shortName(c.Name), itoa(workers), itoa(certified)}})
		}
	}
	return rows
}

// grid is one grid of 网格.csv, kept for the events reported in it.
type grid struct {
	code       string
	households int64
	typ        string
}

// gridTable is 网格 for periods[i]: each community's households split into
// grids of 300–500 households. It also returns each community's grids.
func gridTable(plans []*modelPlan, i int, seed int64) ([]row, map[*community][]grid, error) {
	var rows []row
	grids := map[*community][]grid{}
	for _, p := range plans {
		m := p.m
		r := stream(seed, fmt.Sprintf("grid/%s/%d", m.id, periods[i]))
		for _, c := range p.comms {
			hh := c.pop[i].households
			size := uniform(r, span{householdsPerGridLo, householdsPerGridHi})
			if c.virtual || hh == 0 {
				continue
			}
			n := max(1, int(math.Round(float64(hh)/size)))
			w := make([]float64, n)
			for k := range w {
				w[k] = lognormal(r, 0.2)
			}
			split, err := allocate(hh, w, nil)
			if err != nil {
				return nil, nil, fmt.Errorf("grids of %s: %w", c.Code, err)
			}
			for k, gh := range split {
				typ, perBuilding := "城市", span{12, 40} // assumption: households per building
				switch {
				case c.village:
					typ, perBuilding = "村居", span{1.1, 1.8}
				case r.Float64() < m.enterpriseGrids:
					typ, perBuilding = "企业", span{4, 12}
				}
				buildings := max(1, int64(math.Round(float64(gh)/uniform(r, perBuilding))))
				workers := int64(1)
				if r.Float64() < twoWorkerGrids {
					workers = 2
				}
				lat, lon := m.bbox.near(r, c.lat, c.lon, 0.004) // ~400 m
				code := fmt.Sprintf("%s%03d", c.Code, k+1)
				rows = append(rows, row{cells: []string{code, c.Code, typ,
					itoa(gh), itoa(buildings), itoa(workers), coord(lat), coord(lon)}})
				grids[c] = append(grids[c], grid{code: code, households: gh, typ: typ})
			}
		}
	}
	return rows, grids, nil
}

// projectNames are the project titles drawn per channel (assumption:
// titles of the kind seen in Shenzhen and Changzhou announcements).
var projectNames = map[string][]string{
	"政府购买服务":  {"党群服务中心运营服务", "长者关爱社会工作服务", "青少年成长服务", "新市民融入服务", "困境儿童关爱服务", "残疾人康复服务", "家庭综合服务"},
	"民生微实事":   {"小区道路修缮", "楼道照明改造", "儿童游乐设施增设", "社区花园营造", "电动自行车充电棚建设", "无障碍通道改造", "长者助餐服务", "公共座椅增设", "四点半课堂"},
	"公益创投":    {"邻里互助计划", "互助养老", "环保手作坊", "社区营造", "亲子阅读推广", "志愿者能力建设"},
	"社区基金":    {"社区基金助学", "社区基金邻里互助", "困难家庭微心愿", "社区基金长者关怀"},
	"企业/个人捐赠": {"爱心企业助老餐桌", "企业捐赠助学", "爱心人士慰问困难家庭", "企业捐建图书角"},
	"服务收费":    {"长者饭堂餐费", "四点半课堂托管", "场地有偿使用", "兴趣班课程"},
}

var statuses = []weighted{{"已完成", 0.75}, {"实施中", 0.18}, {"已立项", 0.07}} // assumption

// fundingTable is 资金项目 for periods[i]. Amounts are whole hundreds of
// yuan. Where a model sets nonGovShare, the community's 社区基金,
// donations and fees are drawn to make up that share of its funding. The
// badPeriod table carries one project in a community that does not exist.
func fundingTable(plans []*modelPlan, i int, seed int64) ([]row, error) {
	year := periods[i]
	var rows []row
	for _, p := range plans {
		m := p.m
		r := stream(seed, fmt.Sprintf("funding/%s/%d", m.id, year))
		seq := 0
		add := func(c *community, spec channelSpec, amount int64) {
			seq++
			names := projectNames[spec.channel]
			name := shortName(c.Name) + names[r.IntN(len(names))] + "项目"
			rows = append(rows, row{cells: []string{fmt.Sprintf("%s%d-%04d", m.idPrefix, year, seq), c.Code, name,
				spec.channel, itoa(amount), strconv.Itoa(year), pick(r, spec.proposer), pick(r, statuses)}})
		}
		for _, c := range p.comms {
			if c.virtual {
				continue
			}
			var gov int64
			for _, spec := range m.channels {
				for range intRange(r, spec.count[0], spec.count[1]) {
					a := int64(math.Round(uniform(r, spec.amount)/100)) * 100
					gov += a
					add(c, spec, a)
				}
			}
			if m.nonGovShare == (span{}) {
				continue
			}
			s := uniform(r, m.nonGovShare)
			var specs []channelSpec
			var w []float64
			for _, spec := range nonGovChannels {
				for range intRange(r, spec.count[0], spec.count[1]) {
					specs = append(specs, spec)
					w = append(w, lognormal(r, 0.4))
				}
			}
			hundreds, err := allocate(int64(math.Round(float64(gov)*s/(1-s)/100)), w, nil)
			if err != nil {
				return nil, fmt.Errorf("funding of %s: %w", c.Code, err)
			}
			for k, spec := range specs {
				add(c, spec, hundreds[k]*100)
			}
		}
	}
	if year != badPeriod {
		return rows, nil
	}
	r := stream(seed, fmt.Sprintf("bad/funding/%d", year))
	const ghost = "440310001099" // 12 digits under 坪山街道, which has communities 001–005 only
	bad := row{cells: []string{fmt.Sprintf("%s%d-%04d", plans[0].m.idPrefix, year, 9001), ghost, "社区楼道照明改造项目",
		"民生微实事", itoa(int64(20000 + 100*r.IntN(1000))), strconv.Itoa(year), "居民", "已完成"},
		problem: fmt.Sprintf("社区代码 %s is not a real community", ghost)}
	return insertAt(r, rows, bad), nil
}

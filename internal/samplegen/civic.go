package samplegen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"shequ/pipelines/values"
)

// The civic sources: the register of community social organisations
// (社区社会组织) and the volunteer extract (志愿者注册). Their numbers are in
// models.go (per model) and models_civic.go (shared).

var (
	headerOrgs       = []string{"组织编号", "组织名称", "社区代码", "组织类型", "登记或备案", "成立日期", "状态", "承接政府购买服务"}
	headerVolunteers = []string{"身份证号", "姓名", "手机号码", "社区代码", "注册日期", "服务时长(小时)"}
)

// The social-organisation files: a GBK CSV with CRLF line ends in 2015 (as
// a district office's desktop ledger sends it), a workbook in 2020.
const (
	orgsCSV       = "社区社会组织.csv"
	orgsWorkbook  = "社区社会组织.xlsx"
	orgsSheet     = "社会组织台账"
	volunteersCSV = "志愿者注册.csv"
)

// orgsFile returns the social-organisation file of a period and its sheet.
func orgsFile(year int) (file, sheet string) {
	if year == badPeriod {
		return orgsCSV, ""
	}
	return orgsWorkbook, orgsSheet
}

// org is one community social organisation over both periods.
type org struct {
	id, name, code, typ, registration string
	founded                           int64 // day number
	closed                            int   // year it closed, 0 if still active in the last period
	closedStatus                      string
}

// statusIn is the organisation's status at the end of year.
func (o org) statusIn(year int) string {
	if o.closed != 0 && o.closed <= year {
		return o.closedStatus
	}
	return "正常"
}

// drawOrgs draws every organisation of every model: for each community
// with residents, the active count of 2015, those closed by 2020, the
// earlier ones closed by 2015, and the new ones that bring 2020 to its
// drawn count.
func drawOrgs(plans []*modelPlan, seed int64) []org {
	var out []org
	for _, p := range plans {
		m := p.m
		r := stream(seed, "orgs/"+m.id)
		seq := 0
		for _, c := range p.comms {
			spans := m.orgsUrban
			if c.village {
				spans = m.orgsVillage
			}
			n15, n20 := int(math.Round(uniform(r, spans[0]))), int(math.Round(uniform(r, spans[1])))
			if c.virtual || c.pop[0].residents == 0 {
				continue
			}
			used := map[string]int{}
			add := func(foundedLo, foundedHi, closed int) {
				seq++
				k := orgKinds[pickKind(r)]
				suffix := k.names[r.IntN(len(k.names))]
				used[suffix]++
				name := shortName(c.Name) + suffix
				if n := used[suffix]; n > 1 {
					name = fmt.Sprintf("%s%s（%d）", shortName(c.Name), suffix, n)
				}
				first, _ := yearDays(foundedLo)
				_, next := yearDays(foundedHi)
				o := org{id: fmt.Sprintf("%sSO%04d", m.idPrefix, seq), name: name, code: c.Code, typ: k.typ,
					registration: "登记", founded: first + r.Int64N(next-first), closed: closed, closedStatus: "注销"}
				if r.Float64() < m.orgsFiled {
					o.registration = "备案"
				}
				if r.Float64() < orgsStoppedShare {
					o.closedStatus = "停止活动"
				}
				out = append(out, o)
			}
			closedBy20 := 0
			for range n15 {
				closed := 0
				if r.Float64() < orgsClosedShare {
					closed = intRange(r, periods[0]+1, periods[1])
					closedBy20++
				}
				add(orgsFirstYear+2, periods[0], closed)
			}
			for range int(math.Round(float64(n15) * orgsEarlierClosed * 2 * r.Float64())) {
				add(orgsFirstYear, periods[0]-3, intRange(r, periods[0]-2, periods[0]))
			}
			for range max(0, n20-(n15-closedBy20)) {
				add(periods[0]+1, periods[1], 0)
			}
		}
	}
	return out
}

func pickKind(r *rand.Rand) int {
	x := r.Float64()
	for i, k := range orgKinds {
		if x < k.weight {
			return i
		}
		x -= k.weight
	}
	return len(orgKinds) - 1
}

// orgRows is the social-organisation register of periods[i]: every
// organisation founded by then with its status at the end of the year,
// and, for active ones, whether it runs a contracted service that year.
// Dates are day numbers; the writers format them. The badPeriod register
// carries three bad rows, in communities of the first model.
func orgRows(plans []*modelPlan, orgs []org, i int, seed int64) []orgRow {
	year := periods[i]
	_, next := yearDays(year)
	contracted := map[string]float64{}
	for _, p := range plans {
		contracted[p.m.idPrefix] = p.m.orgsContracted[i]
	}
	r := stream(seed, fmt.Sprintf("orgs/contracted/%d", year))
	var rows []orgRow
	for _, o := range orgs {
		u := r.Float64()
		if o.founded >= next {
			continue
		}
		status := o.statusIn(year)
		yes := "否"
		if status == "正常" && u < contracted[o.id[:2]] {
			yes = "是"
		}
		rows = append(rows, orgRow{cells: []string{o.id, o.name, o.code, o.typ, o.registration, "", status, yes}, founded: o.founded})
	}
	if year != badPeriod {
		return rows
	}
	b := stream(seed, fmt.Sprintf("bad/orgs/%d", year))
	p := plans[0]
	pickc := func() *community {
		for {
			if c := p.comms[b.IntN(len(p.comms))]; !c.virtual {
				return c
			}
		}
	}
	first, _ := yearDays(year)
	insert := func(bad orgRow) { rows = slices.Insert(rows, b.IntN(len(rows)+1), bad) }
	c := pickc()
	insert(orgRow{cells: []string{p.m.idPrefix + "SO9001", shortName(c.Name) + "邻里互助会", c.Code[:11], "生活服务类", "备案", "", "正常", "否"},
		founded: first + b.Int64N(365), problem: fmt.Sprintf("社区代码 %q has 11 digits, not 12", c.Code[:11])})
	c = pickc()
	insert(orgRow{cells: []string{p.m.idPrefix + "SO9002", shortName(c.Name) + "书画社", c.Code, "文体活动类", "已备案", "", "正常", "否"},
		founded: first + b.Int64N(365), problem: `登记或备案 "已备案" is not 登记 or 备案`})
	c = pickc()
	bad := fmt.Sprintf("%d-02-30", year)
	insert(orgRow{cells: []string{p.m.idPrefix + "SO9003", shortName(c.Name) + "志愿服务队", c.Code, "公益慈善类", "登记", bad, "正常", "是"},
		problem: fmt.Sprintf("成立日期 %s is not a date", bad)})
	return rows
}

// orgRow is one row of the register: its cells with the founding date
// left empty, the founding day (0 when the cell holds a bad date), and the
// rule it breaks, if any.
type orgRow struct {
	cells   []string
	founded int64
	problem string
}

// foundedCell is the column of the founding date in headerOrgs.
const foundedCell = 5

// csvRows writes the founding dates as 2015-03-14 and returns the rows for
// writer.csv.
func orgCSVRows(rows []orgRow) []row {
	out := make([]row, len(rows))
	for k, o := range rows {
		cells := slices.Clone(o.cells)
		if o.founded != 0 {
			cells[foundedCell] = string(appendDate(nil, o.founded, dateISO))
		}
		out[k] = row{cells: cells, problem: o.problem}
	}
	return out
}

// orgSheetRows returns the rows for writer.xlsx: text cells, and the
// founding date as a date cell.
func orgSheetRows(rows []orgRow) []sheetLine {
	out := make([]sheetLine, len(rows))
	for k, o := range rows {
		cells := make([]cell, len(o.cells))
		for j, v := range o.cells {
			cells[j] = textCell(v)
		}
		if o.founded != 0 {
			y, m, d := civilFromDays(o.founded)
			cells[foundedCell] = dateCell(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))
		}
		out[k] = sheetLine{cells: cells, problem: o.problem}
	}
	return out
}

// volunteerTable is the volunteer extract of periods[i]: a random
// volunteerExportShare of each community's registered volunteers, with
// synthetic but well-formed identity numbers (unique in the file), names
// and phone numbers. The badPeriod extract carries two bad rows, in
// communities of the first model.
func volunteerTable(plans []*modelPlan, i int, seed int64) []row {
	year := periods[i]
	first, next := yearDays(year)
	regFirst, _ := yearDays(volunteerFirstYear)
	seen := map[string]bool{}
	var rows []row
	var r *rand.Rand
	person := func(c *community, m modelParams) []string {
		male := r.Float64() < m.maleShare
		age := intRange(r, volunteerAgeLo, volunteerAgeHi)
		var id string
		for id == "" || seen[id] {
			born := first - int64(age)*365 - r.Int64N(365)
			b := append([]byte(c.DistrictCode), appendDate(nil, born, dateISO)...)
			b = slices.DeleteFunc(b, func(ch byte) bool { return ch == '-' })
			seq := int64(r.IntN(500)) * 2
			if male {
				seq++
			}
			b = appendPad(b, seq, 3)
			check, _ := values.IDCheckChar(b)
			id = string(append(b, check))
		}
		seen[id] = true
		given := []rune(givenFemale)
		if male {
			given = []rune(givenMale)
		}
		name := pick(r, surnames) + string(given[r.IntN(len(given))])
		if r.Float64() < givenNameTwo {
			name += string(given[r.IntN(len(given))])
		}
		phone := fmt.Sprintf("1%c%09d", "3456789"[r.IntN(7)], r.Int64N(1_000_000_000))
		style := dateISO
		if r.Float64() < dateSlashShare {
			style = dateSlash
		}
		registered := string(appendDate(nil, regFirst+r.Int64N(next-regFirst), style))
		hours := "0"
		if r.Float64() >= volunteerInactive {
			h := m.volunteerHours * lognormal(r, volunteerHoursSigma) / math.Exp(volunteerHoursSigma*volunteerHoursSigma/2)
			hours = strconv.FormatFloat(math.Round(min(h, 2000)*2)/2, 'f', -1, 64) // half hours
		}
		return []string{id, name, phone, c.Code, registered, hours}
	}
	for _, p := range plans {
		m := p.m
		r = stream(seed, fmt.Sprintf("volunteers/%s/%d", m.id, year))
		for _, c := range p.comms {
			expect := float64(c.pop[i].residents) * m.volunteerShare[i] * volunteerExportShare * lognormal(r, 0.3) / math.Exp(0.3*0.3/2) // mean 1
			n := int(expect)
			if r.Float64() < expect-float64(n) {
				n++
			}
			for range n {
				rows = append(rows, row{cells: person(c, m)})
			}
		}
	}
	if year != badPeriod {
		return rows
	}
	r = stream(seed, fmt.Sprintf("bad/volunteers/%d", year))
	p := plans[0]
	pickc := func() *community {
		for {
			if c := p.comms[r.IntN(len(p.comms))]; !c.virtual {
				return c
			}
		}
	}
	cells := person(pickc(), p.m)
	id := []byte(cells[0])
	id[17] = "0123456789X"[(strings.IndexByte("0123456789X", id[17])+1)%11] // a wrong check character
	cells[0] = string(id)
	rows = insertAt(r, rows, row{cells: cells, problem: "身份证号 has a wrong check digit"})
	cells = person(pickc(), p.m)
	cells[5] = "-" + strconv.Itoa(2+r.IntN(40))
	rows = insertAt(r, rows, row{cells: cells, problem: fmt.Sprintf("服务时长 %s is negative", cells[5])})
	return rows
}

// civic writes the social-organisation register and the volunteer extract
// of periods[i].
func (w *writer) civic(plans []*modelPlan, orgs []org, i int, seed int64) error {
	year := periods[i]
	dir := strconv.Itoa(year)
	rows := orgRows(plans, orgs, i, seed)
	file, sheet := orgsFile(year)
	if sheet == "" {
		if err := w.csv(path.Join(dir, file), headerOrgs, orgCSVRows(rows), csvOptions{gbk: true, crlf: true}); err != nil {
			return err
		}
	} else {
		spec := sheetSpec{sheet: sheet, title: fmt.Sprintf("%d年社区社会组织登记备案台账", year), unit: "填报单位：区民政局",
			header: headerOrgs, rows: orgSheetRows(rows)}
		if err := w.xlsx(path.Join(dir, file), spec); err != nil {
			return err
		}
	}
	return w.csv(path.Join(dir, volunteersCSV), headerVolunteers, volunteerTable(plans, i, seed), csvOptions{bom: true})
}

// piiKeyFile holds the key that hashes the volunteers' identity numbers: a
// fixed text, written beside shequ.yaml, that is no secret and is fit for
// synthetic data only.
const (
	piiKeyFile = "pii.key"
	piiKey     = "shequ-gen-sample-key: synthetic data only, not a secret\n"
)

// civicSources are the shequ.yaml entries of the civic sources for year:
// source, files and sheet.
func civicSources(year int) [][3]string {
	file, sheet := orgsFile(year)
	return [][3]string{{"social_orgs", file, sheet}, {"volunteers", volunteersCSV, ""}}
}

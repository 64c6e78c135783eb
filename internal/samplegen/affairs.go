package samplegen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// The community affairs list (社区工作事项清单.xlsx): one row per affair
// assigned to a community, with the department that assigned it, whether
// it passed the access review (准入), whether it is contracted to a social
// organisation and the project it is delivered through. Each model's
// figures are in models.go (modelParams.affairs); the catalogue of affairs
// below is an assumption, of the kind district lists publish.

// affairsParams is how one model assigns affairs to its communities.
type affairsParams struct {
	// listed is how many of the model's communities (drawn once, the same
	// in both periods) the sample holds lists for; 0 for all of them.
	listed int
	// count is the affairs assigned to a community, inclusive range, per
	// period; a community takes the first count affairs of the catalogue.
	count [len(periods)][2]int
	// unreviewed is the probability that an affair did not pass the access
	// review, per period.
	unreviewed [len(periods)]float64
	// contracted is how many of the catalogue's areas a community contracts
	// to social organisations, inclusive range; each contracted area is one
	// project, and all its affairs are delivered through it. len(affairAreas)
	// contracts everything.
	contracted [2]int
	// activityShare is the share of a centre's (or service station's) floor
	// area open to residents' activities, drawn per facility, per period.
	activityShare [len(periods)]span
	// terminals is the probability that an urban centre has a self-service
	// government terminal in 2020 (a village centre: half of it).
	terminals float64
}

// affairArea is one area of community work: the department that assigns
// its affairs, the project a contracted area is delivered through, and
// its subjects. Each subject gives three affairs (affairActions). Areas
// that serve residents directly come first: they are the ones contracted
// first (assumption).
type affairArea struct {
	department, project string
	subjects            []string
}

var affairAreas = []affairArea{
	{"区民政局", "社会救助服务项目", []string{"最低生活保障", "特困人员供养", "临时救助", "困境儿童保障", "流浪乞讨人员救助", "慈善超市"}},
	{"区民政局", "长者服务项目", []string{"高龄津贴", "居家养老服务补贴", "独居长者探访", "长者助餐", "老年人优待证", "长者服务站"}},
	{"区残疾人联合会", "残疾人服务项目", []string{"残疾人两项补贴", "残疾人证", "残疾人康复", "辅助器具适配", "残疾人就业", "残疾人之家"}},
	{"区教育局", "青少年服务项目", []string{"四点半课堂", "青少年心理关爱", "校外安全", "留守儿童关爱", "未成年人保护", "青少年志愿服务"}},
	{"区妇女联合会", "妇女儿童家庭服务项目", []string{"家庭暴力预防", "妇女权益维护", "儿童之家", "家庭教育指导", "婚姻家庭调解", "母婴关爱"}},
	{"区人力资源局", "就业与社会保障服务项目", []string{"城乡居民养老保险", "城乡居民医疗保险", "失业登记", "就业援助", "职业技能培训", "劳动保障监察"}},
	{"区卫生健康局", "健康与计生服务项目", []string{"计划生育服务", "健康教育", "慢性病随访", "疫苗接种", "爱国卫生运动", "病媒生物防制"}},
	{"区退役军人事务局", "优抚与退役军人服务项目", []string{"优抚对象", "退役军人信息采集", "拥军优属", "退役军人就业", "烈士纪念", "双拥共建"}},
	{"区文化广电旅游体育局", "文化体育服务项目", []string{"文化活动室", "全民健身", "图书室", "文化志愿服务", "非遗传承", "群众文艺团队"}},
	{"区公安分局", "流动人口服务项目", []string{"流动人口登记", "居住证", "出租屋信息", "实有人口核查", "境外人员登记", "人口信息"}},
	{"区住房和建设局", "住房与物业服务项目", []string{"保障性住房", "物业管理", "老旧小区改造", "加装电梯", "房屋安全", "业主大会"}},
	{"区应急管理局", "安全生产与消防服务项目", []string{"安全生产", "消防安全", "三小场所", "防汛防台", "应急避难场所", "燃气安全"}},
	{"区委政法委", "综治与矛盾调解服务项目", []string{"矛盾纠纷", "社区矫正", "禁毒宣传", "反邪教", "平安创建", "网格巡查"}},
	{"区城市管理局", "环境与城市管理服务项目", []string{"垃圾分类", "市容环境", "违法建筑", "绿化养护", "犬只管理", "占道经营"}},
	{"区统计局", "统计调查服务项目", []string{"人口抽样调查", "经济普查", "农业普查", "劳动力调查", "住户调查", "统计名录库"}},
}

// affairActions make three affairs of each subject: receiving
// applications, home visits or checks, and recording and reporting.
var affairActions = []string{"申请受理", "入户核查", "信息录入与统计上报"}

// affair is one entry of the catalogue.
type affair struct {
	area int
	name string
}

// affairCatalogue lists every affair, round-robin over the areas (the
// first subject's first action of each area, then the next …), so that a
// community taking the first n affairs has them spread over every area:
// the first 159 cover all 15 areas, 10 or 11 each.
func affairCatalogue() []affair {
	var out []affair
	per := len(affairActions) * len(affairAreas[0].subjects)
	for k := range per {
		for a, area := range affairAreas {
			s := area.subjects[k/len(affairActions)]
			out = append(out, affair{area: a, name: s + affairActions[k%len(affairActions)]})
		}
	}
	return out
}

// headerAffairs is the affairs list's header, as the ingest schema expects.
// The community's name is left out, as many lists do: the sample's size is
// mostly this list.
var headerAffairs = []string{"事项编号", "事项名称", "社区代码", "派出部门", "是否经准入审核", "是否委托社会组织", "项目名称"}

// listedCommunities returns the communities of p whose lists the sample
// holds, in code order: all but virtual ones, or affairs.listed of them
// drawn once for both periods.
func listedCommunities(p *modelPlan, seed int64) []*community {
	var real []*community
	for _, c := range p.comms {
		if !c.virtual {
			real = append(real, c)
		}
	}
	n := p.m.affairs.listed
	if n == 0 || n >= len(real) {
		return real
	}
	r := stream(seed, "affairs/listed/"+p.m.id)
	var out []*community
	for _, j := range r.Perm(len(real))[:n] {
		out = append(out, real[j])
	}
	slices.SortFunc(out, func(a, b *community) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// affairsSheet is the affairs list for periods[i]. The badPeriod list
// carries two bad rows: an 11-digit community code and 「待定」 for the
// access review.
func affairsSheet(plans []*modelPlan, i int, seed int64) []sheetLine {
	year := periods[i]
	catalogue := affairCatalogue()
	yesNo := func(b bool) cell {
		if b {
			return textCell("是")
		}
		return textCell("否")
	}
	line := func(id, name string, code, dept string, reviewed cell, contracted bool, project string) []cell {
		cells := []cell{textCell(id), textCell(name), textCell(code), textCell(dept), reviewed, yesNo(contracted)}
		if project != "" {
			cells = append(cells, textCell(project))
		}
		return cells
	}
	var rows []sheetLine
	for _, p := range plans {
		a := p.m.affairs
		r := stream(seed, fmt.Sprintf("affairs/%s/%d", p.m.id, year))
		for _, c := range listedCommunities(p, seed) {
			n := min(intRange(r, a.count[i][0], a.count[i][1]), len(catalogue))
			k := intRange(r, a.contracted[0], a.contracted[1])
			contracted := map[int]bool{}
			if k >= len(affairAreas) {
				for area := range affairAreas {
					contracted[area] = true
				}
			} else {
				// Service areas (the first eight) are contracted first.
				for _, area := range r.Perm(8)[:k] {
					contracted[area] = true
				}
			}
			for j, af := range catalogue[:n] {
				area := affairAreas[af.area]
				reviewed := r.Float64() >= a.unreviewed[i]
				project := ""
				if contracted[af.area] {
					project = area.project
				}
				rows = append(rows, sheetLine{cells: line(fmt.Sprintf("%s-SX%03d", p.m.idPrefix, j+1), af.name, c.Code,
					area.department, yesNo(reviewed), contracted[af.area], project)})
			}
		}
	}
	if year != badPeriod {
		return rows
	}
	r := stream(seed, "bad/affairs/"+strconv.Itoa(year))
	c := listedCommunities(plans[0], seed)[0]
	af := catalogue[0]
	bad := sheetLine{cells: line(plans[0].m.idPrefix+"-SX901", af.name, c.Code[:11], affairAreas[af.area].department, textCell("是"), false, ""),
		problem: fmt.Sprintf("社区代码 %q has 11 digits, not 12", c.Code[:11])}
	rows = slices.Insert(rows, r.IntN(len(rows)+1), bad)
	c = listedCommunities(plans[1], seed)[0]
	af = catalogue[1]
	bad = sheetLine{cells: line(plans[1].m.idPrefix+"-SX902", af.name, c.Code, affairAreas[af.area].department, textCell("待定"), false, ""),
		problem: "是否经准入审核 「待定」 is neither 是 nor 否"}
	return slices.Insert(rows, r.IntN(len(rows)+1), bad)
}

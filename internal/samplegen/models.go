package samplegen

// This file is the one place where the numbers behind the sample data live.
// Every number says where it comes from:
//
//   - "model-facts" is ../shared/reference/model-facts.csv of the project
//     (published figures; the source of each row is given there),
//   - "models.md" is the description of the models beside it,
//   - "census" is the bundled 2020 county census (package census2020), read
//     at generation time so that 2020 totals cannot drift from it,
//   - "standard" is a national planning standard,
//   - "assumption" is our choice, made to be plausible and to give each
//     model the indicator signature models.md describes. Change these freely.
//
// The numbers shared by the models for the social-organisation register and
// the volunteer extract are in models_civic.go, under the same rules.

// censusFormat is how a model's population export is written.
type censusFormat int

const (
	utf8Thousands censusFormat = iota // UTF-8, numbers with thousands separators ("12,345")
	gbkPlain                          // GBK, plain numbers
	utf8CRLF                          // UTF-8 with CRLF line ends
)

// box is a latitude/longitude rectangle (WGS-84 degrees).
type box struct{ lat, lon [2]float64 }

// span is a closed range [lo, hi] drawn uniformly.
type span [2]float64

// channelSpec says how many projects of one funding channel a community
// runs in a year and how large each one is.
type channelSpec struct {
	channel  string
	count    [2]int // projects per community per year, inclusive range
	amount   span   // yuan per project
	proposer []weighted
}

type weighted struct {
	value  string
	weight float64
}

// modelParams is everything that distinguishes one governance model's
// sample data.
type modelParams struct {
	id, nameZh, nameEn string
	area               string // division code prefix of the model's communities
	censusFile         string // name of the population export
	format             censusFormat
	idPrefix           string // prefix of funding project numbers

	// Population.
	residents2015  int64  // resident population 2015, all communities
	registered2015 int64  // 户籍 2015; 0 = residents2015 × the 2020 census registered share (assumption)
	county2020     string // census county calibrating 2020 residents, households, registered share, age bands
	residents2020  int64  // 0 = county2020's residents; otherwise an assumption
	households2020 bool   // true: 2020 households are county2020's; false: residents2020 / county2020's residents per household
	areaKm2        float64

	// Where the communities lie.
	bbox        box    // all communities, facilities and grids fall inside
	urbanBox    box    // street centres, except ruralStreet's
	ruralStreet string // 9-digit code of a rural town, or ""
	ruralBox    box    // street centre of ruralStreet
	spread      float64

	// Service centres.
	centreType2015, centreType2020 string
	villageCoverage                float64 // share of ruralStreet's 村委会 with a centre; all other communities have one
	centreContracted               float64 // probability a centre is 社会组织承接
	otherContracted                float64 // probability a day-care centre or activity room is 社会组织承接
	centreOpened                   [2]int  // year range a centre opened
	areaPer100                     span    // target service floor area per 100 households (m²), drawn per community
	villageAreaPer100              span    // the same for villages (村委会) with a centre
	uncoveredAreaPer100            span    // the same for ruralStreet's villages without one (a 社区服务站 at most)
	pHealth, pDayCare, pActivity   float64 // probability an urban community has a 社康中心, 日间照料中心, 文体活动室

	// Staff.
	workersPer10k  float64 // community workers per 10,000 residents (urban standard: 18)
	certifiedShare float64 // share of community workers holding the social-work certificate, 2020
	postsPerCentre float64 // purchased social-work posts at each centre (counted as 持证社工)

	// Grids.
	enterpriseGrids float64 // share of an urban community's grids that are 企业 grids

	// Funding.
	channels    []channelSpec
	nonGovShare span // if non-zero: 社区基金, 企业/个人捐赠 and 服务收费 make up this share of a community's funding

	// Activities (社区活动).
	visitsPerResident [len(periods)]float64 // person-visits (参与人次) per resident a year, 2015 and 2020
	reachParity       span                  // non-registered share of participants ÷ their share of residents, drawn per community
	organisers        []weighted            // who organises an activity: 社区, 社会组织, 居民自组织

	// Grid events (网格事件).
	eventsPer1k float64 // grid events per 1,000 residents a year, before eventExportShare
	closeHours  float64 // median hours from report to closure (已办结 events)
	closureRate float64 // share of events 已办结; the rest are 办理中 or 已退回

	// Satisfaction survey (满意度调查).
	satisfied [len(periods)]float64 // share of registered respondents rating overall 满意 or 非常满意 (4–5), 2015 and 2020
	nonRegGap float64               // how much lower that share is for non-registered respondents

	// Person-level census.
	maleShare float64 // share of residents who are male

	// Community social organisations (社区社会组织) and volunteers (志愿者).
	orgsUrban      [len(periods)]span    // active organisations per urban community, drawn per community, 2015 and 2020
	orgsVillage    [len(periods)]span    // the same per village (村委会)
	orgsFiled      float64               // share of organisations filed (备案) rather than registered (登记)
	orgsContracted [len(periods)]float64 // share of active organisations running a contracted service
	volunteerShare [len(periods)]float64 // registered volunteers as a share of residents, before volunteerExportShare
	volunteerHours float64               // mean service hours a year of an active volunteer

	// Community affairs (社区工作事项清单) and the facilities' activity
	// area and terminals (affairs.go, workbooks.go).
	affairs affairsParams
}

// Who proposes a project, by channel (assumption).
var (
	byCommunity = []weighted{{"社区", 1}}
	byResidents = []weighted{{"居民", 0.8}, {"社区", 0.2}}
	byOrgs      = []weighted{{"社会组织", 0.85}, {"社区", 0.15}}
	byMixed     = []weighted{{"社区", 0.5}, {"社会组织", 0.3}, {"居民", 0.2}}
)

// Standard and reference figures shared by the models.
const (
	// communityWorkerStandard is the urban standard of 18 community workers
	// per 10,000 urban residents (standard: 十四五城乡社区服务体系建设规划,
	// 2021); Pingshan and Tianning sit around or above it, Zhaoshang below.
	communityWorkerStandard = 18
	// areaStandard is the planning standard of at least 30 m² of community
	// service floor area per 100 households (standard: 十四五城乡社区服务体系
	// 建设规划, 2021; DESIGN.md's MCA standard).
	areaStandard = 30
	// householdsPerGrid: one grid per 300–500 households (assumption,
	// typical of Shenzhen and Changzhou grid rules).
	householdsPerGridLo, householdsPerGridHi = 300, 500
	// twoWorkerGrids is the share of grids with 2 grid workers (assumption).
	twoWorkerGrids = 0.15
	// certified2015 scales certifiedShare for 2015: certification spread
	// over 2015–2020 (assumption).
	certified2015 = 0.75
	// villageStaffing: villages have more workers per resident than urban
	// communities of the same size (assumption).
	villageStaffing = 1.3
)

// models returns the parameter table, one entry per governance model, in
// the order of the configuration file.
func models() []modelParams {
	return []modelParams{
		{
			id: "pingshan", nameZh: "坪山", nameEn: "Pingshan",
			area:       "440310", // divisions: 24 communities + the virtual bonded-zone community
			censusFile: "人口_坪山区.csv", format: utf8Thousands, idPrefix: "PS",

			residents2015:  670000,   // model-facts: 实际管理人口 about 67万 at end of 2015
			registered2015: 51500,    // model-facts: 户籍人口 5.15万
			county2020:     "440310", // census: 551,333 residents, 209,256 households, 466,743 registered elsewhere
			households2020: true,
			areaKm2:        166, // model-facts: 166 km²

			bbox:     box{lat: [2]float64{22.69, 22.75}, lon: [2]float64{114.28, 114.42}},   // assumption: the district's built-up area
			urbanBox: box{lat: [2]float64{22.695, 22.745}, lon: [2]float64{114.29, 114.41}}, // assumption: street centres
			spread:   0.010,                                                                 // assumption: communities within ~1 km of their street centre

			centreType2015: "党群服务中心", centreType2020: "党群服务中心", // models.md: a party-mass service centre in every community by 2011
			villageCoverage:  1,                  // models.md: full coverage (24 centres, model-facts)
			centreContracted: 1,                  // models.md: run by social-work organisations, 政府购买，社会运作
			otherContracted:  0.6,                // assumption
			centreOpened:     [2]int{2009, 2011}, // model-facts: full coverage reached 2011
			areaPer100:       span{30, 48},       // assumption: most communities meet the standard of 30 in 2020 (fewer in 2015, with more households and fewer facilities)
			pHealth:          0.95,               // assumption: Shenzhen 社康 in nearly every community
			pDayCare:         0.6,                // assumption
			pActivity:        0.85,               // assumption

			workersPer10k:  20,   // assumption: around the urban standard of 18
			certifiedShare: 0.30, // assumption
			postsPerCentre: 5,    // models.md (Haishan): 5 purchased social-work posts per community centre

			enterpriseGrids: 0.12, // assumption: industrial district, factory dormitories

			channels: []channelSpec{ // models.md: government purchase, 民生微实事, a little 公益创投
				{"政府购买服务", [2]int{2, 4}, span{150000, 600000}, byCommunity}, // assumption: centre operation and service contracts
				{"民生微实事", [2]int{6, 12}, span{20000, 200000}, byResidents},  // assumption: resident-proposed micro-projects
				{"公益创投", [2]int{0, 2}, span{30000, 100000}, byOrgs},         // assumption: small share
				{"企业/个人捐赠", [2]int{0, 1}, span{5000, 30000}, byMixed},       // assumption: marginal
			},

			visitsPerResident: [2]float64{0.6, 0.8},                                      // model-facts: 1.7 million person-visits on the hub platform 2011–2016 ≈ 0.5 per resident a year; other organisers and growth to 2020: assumption
			reachParity:       span{0.6, 0.8},                                            // models.md: services opened to non-registered residents, reach is the open question; 0.6–0.8 is an assumption
			organisers:        []weighted{{"社区", 0.35}, {"社会组织", 0.55}, {"居民自组织", 0.10}}, // models.md: centres run by social-work organisations; shares are an assumption

			eventsPer1k: 40,   // assumption: within 20–60 a year; 织网工程 grid reporting (models.md)
			closeHours:  35,   // assumption: 30–40 h
			closureRate: 0.92, // assumption

			satisfied: [2]float64{0.82, 0.86}, // assumption: above the 2005 national 75% (model-facts), rising
			nonRegGap: 0.05,                   // assumption: non-registered residents a few points less satisfied (models.md: reach is the open question)

			maleShare: 0.54, // assumption: about Shenzhen's 2020 census share of men

			orgsUrban:      [2]span{{4, 8}, {8, 13}}, // assumption: services run by professional social-work organisations (models.md), fewer community-grown ones; around the 2020 target of 10 (orgTargetUrban)
			orgsFiled:      0.8,                      // assumption: most community organisations are filed with the street, not registered
			orgsContracted: [2]float64{0.10, 0.20},   // assumption: contracts go mostly to professional organisations (models.md), not to community ones
			volunteerShare: [2]float64{0.03, 0.08},   // assumption: registration grew 2015–2020
			volunteerHours: 20,                       // assumption

			// 坪山: all assumptions. A long list handed down by many
			// departments, cut back after the national burden-reduction
			// (减负) campaign and the access review (准入); the centre's
			// service areas contracted under 政府购买服务 (models.md).
			affairs: affairsParams{
				listed:        1, // assumption: one community's list, to keep the fixture small
				count:         [2][2]int{{200, 240}, {150, 180}},
				unreviewed:    [2]float64{0.35, 0.10},
				contracted:    [2]int{3, 5},
				activityShare: [2]span{{0.55, 0.70}, {0.65, 0.80}},
				terminals:     0.9,
			},
		},
		{
			id: "tianning", nameZh: "天宁", nameEn: "Tianning",
			area:       "320402", // divisions: 125 communities and villages in 6 streets + 郑陆镇
			censusFile: "人口_天宁区.csv", format: gbkPlain, idPrefix: "TN",

			residents2015:  690000,   // model-facts: 常住人口 69万
			registered2015: 0,        // assumption: the 2020 census share registered here (51.3%)
			county2020:     "320402", // census: 668,906 residents, 250,802 households, 325,569 registered elsewhere
			households2020: true,
			areaKm2:        154, // model-facts: 154 km²

			bbox:        box{lat: [2]float64{31.76, 31.86}, lon: [2]float64{119.95, 120.10}},   // assumption
			urbanBox:    box{lat: [2]float64{31.765, 31.82}, lon: [2]float64{119.955, 120.02}}, // assumption: the old town, west
			ruralStreet: "320402109",                                                           // divisions: 郑陆镇
			ruralBox:    box{lat: [2]float64{31.81, 31.85}, lon: [2]float64{120.04, 120.09}},   // assumption: Zhenglu lies north-east
			spread:      0.008,                                                                 // assumption

			centreType2015: "社区服务中心", centreType2020: "党群服务中心", // assumption: renamed as centres became party-mass centres
			villageCoverage:     0.6,                // models.md: uneven between the urban streets (all covered) and the rural town; 60% of its villages is an assumption
			centreContracted:    0.5,                // assumption: 三社联动 contracts half the centres to social organisations
			otherContracted:     0.4,                // assumption
			centreOpened:        [2]int{2008, 2015}, // assumption
			areaPer100:          span{30, 55},       // assumption: old district with established facilities
			villageAreaPer100:   span{24, 44},       // assumption: some villages below the standard of 30
			uncoveredAreaPer100: span{6, 20},        // assumption: a small service station at most
			pHealth:             0.5,                // assumption
			pDayCare:            0.7,                // assumption: ageing population
			pActivity:           0.8,                // assumption

			workersPer10k:  21,   // assumption: above the urban standard of 18
			certifiedShare: 0.30, // assumption: strong social-worker programme (models.md)
			postsPerCentre: 2,    // assumption

			enterpriseGrids: 0.04, // assumption

			channels: []channelSpec{ // models.md: 公益创投 and government purchase under 三社联动
				{"政府购买服务", [2]int{1, 2}, span{50000, 200000}, byCommunity}, // assumption
				{"公益创投", [2]int{1, 2}, span{20000, 80000}, byOrgs},         // assumption
				{"社区基金", [2]int{0, 1}, span{5000, 30000}, byMixed},         // assumption
				{"企业/个人捐赠", [2]int{0, 1}, span{5000, 20000}, byMixed},      // assumption
			},

			visitsPerResident: [2]float64{1.0, 1.2},                                      // assumption: 三社联动 activity programmes
			reachParity:       span{0.5, 0.7},                                            // assumption: no district policy opening services to non-registered residents
			organisers:        []weighted{{"社区", 0.45}, {"社会组织", 0.35}, {"居民自组织", 0.20}}, // assumption: between Pingshan and Zhaoshang

			eventsPer1k: 45,   // assumption: within 20–60 a year
			closeHours:  24,   // models.md: the linkage command platform handles events; 20–30 h is an assumption
			closureRate: 0.95, // assumption

			satisfied: [2]float64{0.85, 0.91}, // models.md: satisfaction is the experiment's headline outcome; higher and rising is an assumption
			nonRegGap: 0.01,                   // assumption: little gap

			maleShare: 0.51, // assumption

			orgsUrban:      [2]span{{6, 10}, {10, 16}}, // models.md: social-organisation incubation is one of the five action plans of 三社联动; the counts are an assumption, above the 2020 target of 10 (orgTargetUrban)
			orgsVillage:    [2]span{{1, 4}, {3, 7}},    // assumption: the rural town lags, around the 2020 target of 5 (orgTargetRural)
			orgsFiled:      0.85,                       // assumption
			orgsContracted: [2]float64{0.20, 0.30},     // assumption: 三社联动 contracts services to incubated organisations
			volunteerShare: [2]float64{0.04, 0.10},     // assumption
			volunteerHours: 25,                         // assumption

			// 天宁: all assumptions. The longest lists and the most affairs
			// without review in 2015, a few areas contracted under 三社联动
			// (models.md); fewer terminals, fewest in the villages.
			affairs: affairsParams{
				listed:        1, // assumption: one community's list, to keep the fixture small
				count:         [2][2]int{{210, 250}, {160, 190}},
				unreviewed:    [2]float64{0.45, 0.15},
				contracted:    [2]int{2, 4},
				activityShare: [2]span{{0.45, 0.60}, {0.60, 0.75}},
				terminals:     0.6,
			},
		},
		{
			id: "zhaoshang", nameZh: "招商", nameEn: "Zhaoshang",
			area:       "440305006", // divisions: 11 communities (2023 codes)
			censusFile: "人口_招商街道.csv", format: utf8CRLF, idPrefix: "ZS",

			residents2015:  150000,   // model-facts: 约15万 residents
			registered2015: 0,        // assumption: Nanshan's 2020 census share registered here (33.6%)
			county2020:     "440305", // census (Nanshan district): registered share, residents per household, age bands
			residents2020:  155000,   // assumption: no published 2020 figure for the street; modest growth from 150,000
			households2020: false,    // residents2020 / Nanshan's 3.28 residents per household
			areaKm2:        17,       // assumption

			bbox:     box{lat: [2]float64{22.47, 22.50}, lon: [2]float64{113.90, 113.93}},     // assumption: Shekou
			urbanBox: box{lat: [2]float64{22.475, 22.495}, lon: [2]float64{113.905, 113.925}}, // assumption: the street centre
			spread:   0.006,                                                                   // assumption

			centreType2015: "社区服务中心", centreType2020: "党群服务中心", // models.md: community service centre (merged into party-mass centres later: assumption)
			villageCoverage:  1,                  // models.md: every community's services run through its centre
			centreContracted: 1,                  // models.md: affairs contracted to social organisations through the centre
			otherContracted:  0.8,                // assumption
			centreOpened:     [2]int{2008, 2012}, // models.md: reform from 2012
			areaPer100:       span{30, 50},       // assumption
			pHealth:          0.8,                // assumption
			pDayCare:         0.7,                // assumption
			pActivity:        0.8,                // assumption

			workersPer10k:  12,   // assumption: workstation abolished, below the standard of 18 (models.md)
			certifiedShare: 0.20, // assumption
			postsPerCentre: 6,    // assumption: contracted organisations staff the centre

			enterpriseGrids: 0.08, // assumption: port and industrial area

			channels: []channelSpec{ // models.md: contracted services plus Shenzhen's 民生微实事
				{"政府购买服务", [2]int{2, 3}, span{200000, 600000}, byCommunity}, // assumption
				{"民生微实事", [2]int{5, 10}, span{20000, 200000}, byResidents},  // assumption: Shenzhen-wide programme
				{"公益创投", [2]int{0, 1}, span{30000, 100000}, byOrgs},         // assumption
			},
			nonGovShare: span{0.30, 0.40}, // models.md: Shenzhen's low fiscal dependency; 30–40% is an assumption

			visitsPerResident: [2]float64{1.5, 1.6},                                      // models.md: resident participation; the rate is an assumption
			reachParity:       span{0.7, 0.9},                                            // assumption: civic organisations reach newcomers
			organisers:        []weighted{{"社区", 0.20}, {"社会组织", 0.45}, {"居民自组织", 0.35}}, // models.md: residents' committee incubates community organisations; shares are an assumption

			eventsPer1k: 30,   // assumption: within 20–60 a year
			closeHours:  40,   // assumption: events go through contracted organisations
			closureRate: 0.90, // assumption

			satisfied: [2]float64{0.81, 0.83}, // assumption: above the 2005 national 75% (model-facts)
			nonRegGap: 0.02,                   // assumption

			maleShare: 0.52, // assumption

			orgsUrban:      [2]span{{10, 16}, {12, 20}}, // models.md: the residents' committee incubates community organisations; strong civic organisations. The counts are an assumption
			orgsFiled:      0.7,                         // assumption
			orgsContracted: [2]float64{0.25, 0.30},      // models.md: 159 affairs merged into 15 projects contracted to social organisations; the share is an assumption
			volunteerShare: [2]float64{0.05, 0.11},      // assumption: resident participation (models.md)
			volunteerHours: 30,                          // assumption

			// 招商: the 2012 reform merged the community workstation's 159
			// affairs into 15 projects contracted to social organisations
			// (model-facts: workstation_items_before 159, _after 15), so
			// from 2015 every community lists 159 affairs, all contracted,
			// in 15 projects (one per area of affairAreas). That the reform
			// reviewed every affair, that without the workstation's offices
			// the centres give more of their floor to residents, and the
			// terminals are assumptions.
			affairs: affairsParams{
				count:         [2][2]int{{159, 159}, {159, 159}},
				unreviewed:    [2]float64{0, 0},
				contracted:    [2]int{15, 15},
				activityShare: [2]span{{0.70, 0.85}, {0.75, 0.90}},
				terminals:     1,
			},
		},
	}
}

// nonGovChannels are the channels drawn to meet nonGovShare.
var nonGovChannels = []channelSpec{
	{"社区基金", [2]int{1, 2}, span{}, byMixed},
	{"企业/个人捐赠", [2]int{1, 2}, span{}, byMixed},
	{"服务收费", [2]int{1, 2}, span{}, byOrgs},
}

// Facility types other than the centre. Each kind has a plausible range of
// floor areas (m²), the share of a community's service floor area it takes
// when present, and the years it opened in: all assumptions.
const (
	typeHealth   = "社康中心"
	typeDayCare  = "日间照料中心"
	typeActivity = "文体活动室"
	typeStation  = "社区服务站"
)

type facilityKind struct {
	typ    string
	area   span // clamp of the floor area
	weight float64
	opened [2]int
}

var (
	kindCentre        = facilityKind{"", span{300, 1500}, 0.45, [2]int{}}          // assumption: centres of 300–1500 m²
	kindVillageCentre = facilityKind{"", span{150, 450}, 0.45, [2]int{2011, 2015}} // assumption: small village centres
	kindHealth        = facilityKind{typeHealth, span{300, 1500}, 0.25, [2]int{2006, 2018}}
	kindDayCare       = facilityKind{typeDayCare, span{150, 1000}, 0.18, [2]int{2010, 2020}}
	kindActivity      = facilityKind{typeActivity, span{40, 800}, 0.12, [2]int{2005, 2019}}
	kindStation       = facilityKind{typeStation, span{40, 200}, 0.20, [2]int{2008, 2016}}
)

// Activities (社区活动.csv). A row is a one-off activity or a year-round
// programme (四点半课堂, 长者助餐) as community ledgers record them; a
// programme's 参与人次 counts person-visits over all its sessions. One-off
// activities take their own plausible sizes and the programmes share the
// rest of the community's person-visits, so the person-visit rate
// (visitsPerResident) is calibrated while the rows stay few.
const (
	// activitiesPer10k: ledger rows per 10,000 residents a year, and at
	// least minActivities per community with residents (assumption: keeps
	// the fixture small; Scale multiplies the rows).
	activitiesPer10k = 5
	minActivities    = 3
	// programmeShare: the probability that a row of a type with
	// programmes is one; every community has at least one (assumption).
	programmeShare = 0.4
	// programmeStart: a programme is entered in the ledger on its first
	// day, within the first 120 days of the year (assumption).
	programmeStart = 120
	// deliberationParity scales reach parity for 议事协商: deliberation runs
	// through the residents' committee, where non-registered residents take
	// less part (assumption).
	deliberationParity = 0.5
	// Shares of activity dates written 2020/3/14 and 2020年3月14日 rather
	// than 2020-03-14 (assumption: real ledgers mix them).
	dateSlashShare, dateChineseShare = 0.04, 0.03
	// pausedMonthWeight is the relative chance of an activity in February–
	// April 2020, when community activities were largely suspended for
	// COVID-19 (assumption).
	pausedMonthWeight = 0.15
)

// activityKind is one activity type: how often it occurs, the person-visits
// of a one-off activity, a programme's share of the rest relative to the
// other programmes, and the names of each (all assumptions). 节日活动 are
// named after the festival.
type activityKind struct {
	typ        string
	weight     float64
	oneOff     span // person-visits of a one-off activity
	size       float64
	oneOffs    []string
	programmes []string
}

var activityKinds = []activityKind{
	{"文体活动", 0.28, span{40, 400}, 1.0,
		[]string{"邻里运动会", "露天电影放映", "乒乓球友谊赛", "书画作品展"},
		[]string{"广场舞队常态化活动", "合唱团周训", "书画兴趣班（全年）", "太极拳晨练"}},
	{"志愿服务", 0.16, span{15, 120}, 0.6,
		[]string{"环境清洁志愿行动", "文明交通劝导", "垃圾分类宣传日"},
		[]string{"关爱独居老人探访（全年）", "助残志愿服务（全年）", "垃圾分类督导志愿服务"}},
	{"议事协商", 0.10, span{10, 60}, 0,
		[]string{"居民议事会", "民生微实事项目评议会", "楼栋长座谈会", "小区停车议事协商会", "物业管理协商会"}, nil},
	{"教育培训", 0.16, span{20, 150}, 0.8,
		[]string{"家庭教育讲座", "消防安全培训", "防诈骗知识讲座"},
		[]string{"四点半课堂（全年）", "长者智能手机课堂（系列）", "新市民技能培训（系列）"}},
	{"便民服务", 0.15, span{50, 400}, 1.5,
		[]string{"义诊及健康咨询", "便民维修服务日", "法律咨询进社区"},
		[]string{"长者助餐服务（全年）", "政务服务进社区（每月）"}},
	{"节日活动", 0.15, span{100, 1500}, 0, nil, nil},
}

// festival is a holiday a 节日活动 is held for, with its month and day in
// each period (calendar; lunar festivals move from year to year).
type festival struct {
	name string
	date [len(periods)][2]int
}

var festivals = []festival{
	{"春节写春联送福", [2][2]int{{2, 19}, {1, 25}}}, // calendar: Spring Festival 2015-02-19, 2020-01-25
	{"元宵游园会", [2][2]int{{3, 5}, {2, 8}}},     // calendar: Lantern Festival
	{"三八妇女节活动", [2][2]int{{3, 8}, {3, 8}}},   // calendar: fixed date
	{"六一儿童节游园", [2][2]int{{6, 1}, {6, 1}}},   // calendar: fixed date
	{"端午包粽子", [2][2]int{{6, 20}, {6, 25}}},   // calendar: Dragon Boat Festival
	{"中秋邻里节", [2][2]int{{9, 27}, {10, 1}}},   // calendar: Mid-Autumn Festival
	{"国庆文艺汇演", [2][2]int{{10, 1}, {10, 1}}},  // calendar: fixed date
	{"重阳敬老宴", [2][2]int{{10, 21}, {10, 25}}}, // calendar: Double Ninth Festival
}

// festivalLead is how many days before the festival its activity may be
// held (assumption).
const festivalLead = 3

// Grid events (网格事件.csv).
const (
	// eventExportShare is the share of a year's grid events the sample
	// writes: at eventsPer1k the full year is tens of thousands of rows per
	// district, so the export keeps a random 1.5% (assumption: keeps the
	// fixture small). Events per 1,000 residents in the files are
	// eventsPer1k × eventExportShare; closure rates, hours and the mix of
	// categories are as modelled.
	eventExportShare = 0.015
	// closeHoursSigma is the log-normal spread of hours to close
	// (assumption: a long right tail of disputes and repairs).
	closeHoursSigma = 0.8
	// minCloseMinutes: nothing is closed in less than a quarter of an hour
	// (assumption).
	minCloseMinutes = 15
	// returnedShare is the share of events not closed that were returned
	// (已退回) rather than still in hand (办理中) (assumption).
	returnedShare = 0.4
	// officeHours is the share of events reported 08:00–19:59 (assumption).
	officeHours = 0.85
	// enterpriseFire multiplies the weight of 消防安全 in 企业 grids
	// (assumption: factory dormitories and workshops).
	enterpriseFire = 2.0
)

// eventKind is one event category: its share of events and how its time
// to close compares with the model's median (assumption; the multipliers'
// weighted geometric mean is about 1).
type eventKind struct {
	category string
	weight   float64
	hours    float64
}

var eventKinds = []eventKind{
	{"治安隐患", 0.15, 0.8},
	{"环境卫生", 0.30, 0.8},
	{"矛盾纠纷", 0.12, 1.8},
	{"消防安全", 0.13, 0.8},
	{"市政设施", 0.15, 1.4},
	{"民生服务", 0.15, 1.0},
}

// Satisfaction survey (满意度调查.csv). Scores: 5 非常满意, 4 满意, 3 一般,
// 2 不满意, 1 非常不满意.
var (
	// respondentsPerCommunity: questionnaires per community a survey round
	// (assumption, within the 20–60 of community surveys).
	respondentsPerCommunity = [2]int{20, 30}
)

const (
	// minRegisteredRespondents: a quota keeps registered residents at
	// least a quarter of each community's respondents, so that both groups
	// can be compared where non-registered residents are the large majority
	// (assumption).
	minRegisteredRespondents = 0.25
	// verySatisfied is the share of satisfied respondents answering 非常满意
	// (assumption).
	verySatisfied = 0.4
	// communitySatSigma is the spread of satisfaction between communities
	// of a model (assumption).
	communitySatSigma = 0.03
)

// dissatisfied splits the unsatisfied respondents over 3, 2 and 1
// (assumption).
var dissatisfied = [3]float64{0.70, 0.22, 0.08}

// itemShift is how an item score departs from the overall score: the
// probabilities of −1, 0 and +1 (assumption: participation opportunities
// are rated a little lower than the services).
var itemShift = [3][3]float64{
	{0.20, 0.60, 0.20}, // 服务便利度
	{0.20, 0.60, 0.20}, // 服务质量
	{0.35, 0.50, 0.15}, // 参与机会
}

// Person-level census (persons/人口个案.csv), for benchmarks.
const (
	// censusDay is the 2020 census reference date, 1 November (census);
	// ages and birth dates are counted to it.
	censusYear, censusMonth, censusDay = 2020, 11, 1
	// maxHousehold caps a household's size (assumption).
	maxHousehold = 10
	// spouseShare is the probability that the second member of a household
	// is the head's spouse (assumption).
	spouseShare = 0.8
	// elderlyMeanYears is the mean of the years above 60 of the 60+ band,
	// drawn exponentially and capped at 100 (assumption).
	elderlyMeanYears = 9
	// givenNameTwo is the share of two-character given names (assumption).
	givenNameTwo = 0.8
)

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

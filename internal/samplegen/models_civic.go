package samplegen

// This file continues models.go for the two civic sources: the register of
// community social organisations (社区社会组织) and the volunteer extract
// (志愿者注册). The per-model numbers are in modelParams (orgsUrban,
// orgsVillage, orgsFiled, orgsContracted, volunteerShare, volunteerHours);
// the numbers shared by the models are here. Every number says where it
// comes from, as in models.go.

// The 2020 targets for community social organisations: on average at least
// 10 per urban community and 5 per rural one (standard: 民政部《关于大力培育
// 发展社区社会组织的意见》, 民发〔2017〕191号). The sample's counts
// (orgsUrban, orgsVillage) are assumptions placed around them; the
// indicators carry no standard line for them yet.
const (
	orgTargetUrban = 10
	orgTargetRural = 5
)

// Community social organisations (社区社会组织.csv in 2015, .xlsx in 2020).
const (
	// orgsClosedShare: the share of the organisations active in 2015 that
	// were dissolved (注销) or stopped (停止活动) by 2020 (assumption).
	orgsClosedShare = 0.15
	// orgsEarlierClosed: per organisation active in 2015, how many more
	// were founded earlier and had closed by 2015; the ledgers keep them
	// with their status (assumption).
	orgsEarlierClosed = 0.08
	// orgsFirstYear is the earliest founding year (assumption: community
	// social organisations were filed from the late 2000s).
	orgsFirstYear = 2006
	// orgsStoppedShare: of the closed organisations, the share 停止活动
	// rather than 注销 (assumption).
	orgsStoppedShare = 0.3
)

// orgKind is one organisation type as ledgers write it, how common it is
// among community organisations, and the names drawn for it (all
// assumptions, from the kinds of organisation that community registers
// list).
type orgKind struct {
	typ    string
	weight float64
	names  []string
}

var orgKinds = []orgKind{
	{"文体活动类", 0.38, []string{"舞蹈队", "合唱团", "书画社", "太极拳协会", "乒乓球协会", "读书会", "摄影协会", "戏曲社"}},
	{"生活服务类", 0.27, []string{"长者互助会", "邻里互助会", "家长互助会", "便民服务队", "助餐服务社", "楼道自治小组"}},
	{"公益慈善类", 0.22, []string{"志愿服务队", "爱心帮扶会", "关爱协会", "公益服务社", "助残服务队"}},
	{"专业调处类", 0.13, []string{"矛盾调解工作室", "法律服务社", "心理服务站", "物业纠纷调处小组"}},
}

// Volunteers (志愿者注册.csv).
const (
	// volunteerExportShare is the share of registered volunteers the
	// sample writes: at volunteerShare a full extract is about 55,000 rows in
	// 2015 and 130,000 in 2020, far more than the committed sample can hold,
	// so the extract keeps a random 1% of them (assumption: keeps the
	// fixture small, as eventExportShare does for grid events). Volunteer
	// shares and hours per resident in the files are the modelled ones ×
	// volunteerExportShare; the comparison between models is as modelled.
	volunteerExportShare = 0.01
	// volunteerInactive is the share of registered volunteers with no
	// service hours in the year (assumption).
	volunteerInactive = 0.35
	// volunteerHoursSigma is the log-normal spread of an active volunteer's
	// hours (assumption).
	volunteerHoursSigma = 0.9
	// volunteerFirstYear is the earliest registration year (assumption:
	// online volunteer registers from about 2010).
	volunteerFirstYear = 2010
	// volunteerAge is the range of volunteers' ages (assumption: adults to
	// active retirees).
	volunteerAgeLo, volunteerAgeHi = 18, 75
)

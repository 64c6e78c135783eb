package indicators

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"shequ/standards"
	"slices"
	"sort"
	"strconv"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Kinds of declaration.
const (
	KindIndicator = "indicator"
	KindView      = "view"
)

// How an indicator's value, and its value for a scope, are formed.
const (
	// AggregateRatio: value = numerator ÷ denominator × scale; a scope's
	// value is Σ numerators ÷ Σ denominators × scale.
	AggregateRatio = "ratio"
	// AggregateMedian: the SELECT gives the community's median as the
	// numerator and the number of observations as the denominator; a
	// scope's value is the median of the Detail view's rows in the scope.
	AggregateMedian = "median"
	// AggregateDifference: the SELECT gives two other indicators' values as
	// numerator and denominator; value = (numerator − denominator) × scale,
	// and a scope's value is the difference of their scope values.
	AggregateDifference = "difference"
)

// Intervals: how the uncertainty of a value computed from a sample is
// stated (interval.go). An indicator without one is computed from a whole
// population (every resident, centre, event or yuan of the community) and
// its value is exact.
const (
	// IntervalWilson: the numerator counts the successes among the
	// denominator's respondents, a simple random sample; ci_low and
	// ci_high are the 95 % Wilson score interval of numerator ÷
	// denominator, times the scale.
	IntervalWilson = "wilson"
	// IntervalNewcombe: a difference of two IntervalWilson indicators
	// (AggregateDifference); ci_low and ci_high are Newcombe's hybrid
	// score interval (method 10 of Newcombe 1998) built from their two
	// Wilson intervals, times the scale.
	IntervalNewcombe = "newcombe"
)

// Directions.
const (
	HigherIsBetter = "higher_is_better"
	LowerIsBetter  = "lower_is_better"
	Neutral        = "neutral"
)

// Indicator is one declaration.
type Indicator struct {
	ID             string
	Kind           string
	File           string
	NameZh, NameEn string
	UnitZh, UnitEn string
	Format         string // display: percent, decimal1, decimal2, integer
	Direction      string
	Scale          float64
	NumeratorZh    string
	NumeratorEn    string
	DenominatorZh  string
	DenominatorEn  string
	// FormulaZh and FormulaEn are the formula as a reader should see it,
	// in words and symbols: the community's value and, after "上级范围" /
	// "scope", how a street's, district's or model's value is formed.
	FormulaZh      string
	FormulaEn      string
	StandardOp     string // "", ">=", "<=", ">", "<"
	StandardValue  float64
	StandardZh     string
	StandardEn     string
	StandardSource string
	// StandardPlan is the id of the plan the standard comes from (package
	// standards); the declarations carry none.
	StandardPlan  string
	DependsOn     []string
	Equalize      bool
	Aggregate     string   // AggregateRatio (default), AggregateMedian or AggregateDifference
	Detail        string   // AggregateMedian: the view of (period, community_code, x) rows whose median is the value
	DifferenceOf  []string // AggregateDifference: the two indicators whose values are subtracted
	Interval      string   // "" (exact), IntervalWilson or IntervalNewcombe
	DescriptionZh string
	DescriptionEn string
	SQL           string // the SELECT
}

// HasStandard reports whether the indicator is held against a threshold.
func (ind *Indicator) HasStandard() bool { return ind.StandardOp != "" }

// Meets reports whether v meets the standard (true when there is none).
func (ind *Indicator) Meets(v float64) bool {
	return !ind.HasStandard() || standards.Compare(ind.StandardOp, v, ind.StandardValue)
}

// Catalog is the set of declarations in dependency order.
type Catalog struct {
	All []*Indicator
}

// Load reads the embedded declarations. Sources are the table names that
// indicators may depend on besides each other.
func Load(sources []string) (*Catalog, error) {
	c, err := load(files, sources)
	if err != nil {
		return nil, err
	}
	c.applyStandards(standards.Shipped())
	return c, nil
}

// applyStandards gives each indicator its headline standard: the target of
// the first plan that sets one for it.
func (c *Catalog) applyStandards(plans []*standards.Plan) {
	for _, ind := range c.All {
		for _, p := range plans {
			t := p.Target(ind.ID)
			if t == nil {
				continue
			}
			ind.StandardOp, ind.StandardValue = t.Op, t.Value
			ind.StandardZh, ind.StandardEn = t.TextZh, t.TextEn
			ind.StandardSource, ind.StandardPlan = p.SourceOf(t), p.ID
			break
		}
	}
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

var knownKeys = []string{"id", "kind", "name_zh", "name_en", "unit_zh", "unit_en", "format", "direction", "scale",
	"numerator_zh", "numerator_en", "denominator_zh", "denominator_en", "formula_zh", "formula_en", "depends_on", "equalize", "aggregate", "detail", "difference_of", "interval", "description_zh", "description_en"}

func load(fsys fs.FS, sources []string) (*Catalog, error) {
	names, err := fs.Glob(fsys, "*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	derr := &DeclarationError{}
	bad := func(file, format string, args ...any) {
		derr.Problems = append(derr.Problems, file+": "+fmt.Sprintf(format, args...))
	}
	byID := map[string]*Indicator{}
	var all []*Indicator
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ind, problems := parse(name, string(data))
		for _, p := range problems {
			bad(name, "%s", p)
		}
		if ind == nil {
			continue
		}
		if byID[ind.ID] != nil {
			bad(name, "id %q is declared twice", ind.ID)
			continue
		}
		if want := strings.TrimSuffix(name, ".sql"); ind.ID != want {
			bad(name, "id %q does not match the file name", ind.ID)
		}
		byID[ind.ID] = ind
		all = append(all, ind)
	}
	for _, ind := range all {
		for _, d := range ind.DependsOn {
			if byID[d] == nil && !slices.Contains(sources, d) {
				bad(ind.File, "depends_on %q is neither a source table nor a declared indicator or view", d)
			}
		}
		if ind.Interval == IntervalNewcombe && len(ind.DifferenceOf) == 2 {
			a, b := byID[ind.DifferenceOf[0]], byID[ind.DifferenceOf[1]]
			if a == nil || b == nil || a.Interval != IntervalWilson || b.Interval != IntervalWilson || a.Scale != b.Scale {
				bad(ind.File, "interval newcombe needs difference_of: two indicators with interval wilson and the same scale")
			}
		}
	}
	if len(derr.Problems) > 0 {
		return nil, derr
	}
	ordered, err := order(all, byID)
	if err != nil {
		return nil, err
	}
	return &Catalog{All: ordered}, nil
}

// order sorts declarations so that each comes after what it depends on,
// alphabetically otherwise.
func order(all []*Indicator, byID map[string]*Indicator) ([]*Indicator, error) {
	var out []*Indicator
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(ind *Indicator, path []string) error
	visit = func(ind *Indicator, path []string) error {
		switch state[ind.ID] {
		case 2:
			return nil
		case 1:
			return &DeclarationError{Problems: []string{"dependency cycle: " + strings.Join(append(path, ind.ID), " → ")}}
		}
		state[ind.ID] = 1
		for _, d := range ind.DependsOn {
			if dep := byID[d]; dep != nil {
				if err := visit(dep, append(path, ind.ID)); err != nil {
					return err
				}
			}
		}
		state[ind.ID] = 2
		out = append(out, ind)
		return nil
	}
	for _, ind := range all {
		if err := visit(ind, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// parse reads one declaration: the header lines, then the SELECT.
func parse(file, text string) (*Indicator, []string) {
	var problems []string
	ind := &Indicator{File: file, Kind: KindIndicator, Scale: 1, Aggregate: AggregateRatio}
	seen, empty := map[string]bool{}, map[string]bool{}
	var body strings.Builder
	sc := bufio.NewScanner(strings.NewReader(text))
	inHeader := true
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if inHeader && strings.HasPrefix(l, "--") {
			key, value, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(l, "--")), ":")
			if !ok {
				problems = append(problems, fmt.Sprintf("line %d: header line is not \"-- key: value\"", line))
				continue
			}
			key, value = strings.TrimSpace(key), strings.TrimSpace(value)
			if !slices.Contains(knownKeys, key) {
				problems = append(problems, fmt.Sprintf("line %d: unknown header key %q", line, key))
				continue
			}
			if seen[key] {
				problems = append(problems, fmt.Sprintf("line %d: %s given twice", line, key))
			}
			seen[key] = true
			empty[key] = value == ""
			if err := ind.set(key, value); err != nil {
				problems = append(problems, fmt.Sprintf("line %d: %s: %v", line, key, err))
			}
			continue
		}
		inHeader = false
		body.WriteString(l)
		body.WriteByte('\n')
	}
	ind.SQL = strings.TrimSpace(body.String())
	ind.SQL = strings.TrimSuffix(ind.SQL, ";")
	required := []string{"id", "name_zh", "name_en", "depends_on"}
	if ind.Kind == KindIndicator {
		required = append(required, "unit_zh", "unit_en", "direction", "numerator_zh", "numerator_en",
			"denominator_zh", "denominator_en", "formula_zh", "formula_en", "description_zh", "description_en", "format")
	}
	for _, k := range required {
		if !seen[k] {
			problems = append(problems, fmt.Sprintf("missing header %q", k))
		} else if empty[k] {
			problems = append(problems, fmt.Sprintf("header %q is empty", k))
		}
	}
	if ind.SQL == "" {
		problems = append(problems, "no SELECT after the header")
	}
	switch ind.Aggregate {
	case AggregateMedian:
		if ind.Detail == "" || !slices.Contains(ind.DependsOn, ind.Detail) {
			problems = append(problems, "aggregate median needs a detail view that is also in depends_on")
		}
	case AggregateDifference:
		if len(ind.DifferenceOf) != 2 || !slices.Contains(ind.DependsOn, ind.DifferenceOf[0]) || !slices.Contains(ind.DependsOn, ind.DifferenceOf[1]) {
			problems = append(problems, "aggregate difference needs difference_of: two indicators that are also in depends_on")
		}
	}
	switch {
	case ind.Interval == IntervalWilson && (ind.Kind != KindIndicator || ind.Aggregate != AggregateRatio):
		problems = append(problems, "interval wilson is for an indicator whose value is a ratio (aggregate ratio) of successes to respondents")
	case ind.Interval == IntervalNewcombe && (ind.Kind != KindIndicator || ind.Aggregate != AggregateDifference):
		problems = append(problems, "interval newcombe is for an indicator whose value is a difference (aggregate difference) of two shares")
	}
	if !idPattern.MatchString(ind.ID) {
		problems = append(problems, fmt.Sprintf("id %q must be lower-case letters, digits and _", ind.ID))
	}
	return ind, problems
}

func (ind *Indicator) set(key, v string) error {
	switch key {
	case "id":
		ind.ID = v
	case "kind":
		if v != KindIndicator && v != KindView {
			return fmt.Errorf("%q is not indicator or view", v)
		}
		ind.Kind = v
	case "name_zh":
		ind.NameZh = v
	case "name_en":
		ind.NameEn = v
	case "unit_zh":
		ind.UnitZh = v
	case "unit_en":
		ind.UnitEn = v
	case "format":
		switch v {
		case "percent", "decimal1", "decimal2", "integer":
		default:
			return fmt.Errorf("%q is not percent, decimal1, decimal2 or integer", v)
		}
		ind.Format = v
	case "direction":
		if v != HigherIsBetter && v != LowerIsBetter && v != Neutral {
			return fmt.Errorf("%q is not %s, %s or %s", v, HigherIsBetter, LowerIsBetter, Neutral)
		}
		ind.Direction = v
	case "scale":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f <= 0 {
			return fmt.Errorf("%q is not a positive number", v)
		}
		ind.Scale = f
	case "numerator_zh":
		ind.NumeratorZh = v
	case "numerator_en":
		ind.NumeratorEn = v
	case "denominator_zh":
		ind.DenominatorZh = v
	case "denominator_en":
		ind.DenominatorEn = v
	case "formula_zh":
		ind.FormulaZh = v
	case "formula_en":
		ind.FormulaEn = v
	case "depends_on":
		for _, d := range strings.Split(v, ",") {
			if d = strings.TrimSpace(d); d != "" {
				ind.DependsOn = append(ind.DependsOn, d)
			}
		}
	case "equalize":
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		ind.Equalize = b
	case "aggregate":
		if v != AggregateRatio && v != AggregateMedian && v != AggregateDifference {
			return fmt.Errorf("%q is not %s, %s or %s", v, AggregateRatio, AggregateMedian, AggregateDifference)
		}
		ind.Aggregate = v
	case "detail":
		ind.Detail = v
	case "difference_of":
		for _, d := range strings.Split(v, ",") {
			if d = strings.TrimSpace(d); d != "" {
				ind.DifferenceOf = append(ind.DifferenceOf, d)
			}
		}
	case "interval":
		if v != IntervalWilson && v != IntervalNewcombe {
			return fmt.Errorf("%q is not %s or %s", v, IntervalWilson, IntervalNewcombe)
		}
		ind.Interval = v
	case "description_zh":
		ind.DescriptionZh = v
	case "description_en":
		ind.DescriptionEn = v
	}
	return nil
}

// Indicators returns the declarations of kind indicator, in dependency order.
func (c *Catalog) Indicators() []*Indicator {
	var out []*Indicator
	for _, ind := range c.All {
		if ind.Kind == KindIndicator {
			out = append(out, ind)
		}
	}
	return out
}

// Get returns a declaration by id.
func (c *Catalog) Get(id string) (*Indicator, error) {
	for _, ind := range c.All {
		if ind.ID == id {
			return ind, nil
		}
	}
	var ids []string
	for _, ind := range c.All {
		ids = append(ids, ind.ID)
	}
	return nil, fmt.Errorf("%w %q (known: %s)", ErrUnknownIndicator, id, strings.Join(ids, ", "))
}

// FormatValue writes v the way the declaration's format says, for people:
// percent as "92.8%", decimal1 as "33.2", decimal2 as "0.44", integer as "889".
func FormatValue(format string, v float64) string {
	switch format {
	case "percent":
		return strconv.FormatFloat(v*100, 'f', 1, 64) + "%"
	case "decimal1":
		return strconv.FormatFloat(v, 'f', 1, 64)
	case "integer":
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// DisplayStep is one unit of the last digit FormatValue shows for a
// format, in the units the value is stored in: percent shows 0.1 % of a
// share, so 0.001; decimal1 0.1; decimal2 0.01; integer 1. A change
// smaller than half of it shows as no change.
func DisplayStep(format string) float64 {
	switch format {
	case "percent":
		return 0.001
	case "decimal1":
		return 0.1
	case "integer":
		return 1
	}
	return 0.01
}

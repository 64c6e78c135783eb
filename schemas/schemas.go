package schemas

import (
	"bytes"
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Column types.
const (
	TypeText       = "text"        // any text, trimmed
	TypeCode       = "code"        // a fixed number of ASCII digits (Length)
	TypeInt        = "int"         // a whole number (int64)
	TypeFloat      = "float"       // a decimal number (float64)
	TypeEnum       = "enum"        // one of Values
	TypeDate       = "date"        // a calendar day (DuckDB DATE); a month alone is its first day
	TypeDateTime   = "datetime"    // a day and a time of day (DuckDB TIMESTAMP, no time zone)
	TypeResidentID = "resident_id" // a 公民身份号码: 17 digits and an ISO 7064 MOD 11-2 check digit; needs pii: hash
)

// Types lists the column types, in the order error messages name them.
var Types = []string{TypeText, TypeCode, TypeInt, TypeFloat, TypeEnum, TypeDate, TypeDateTime, TypeResidentID}

// Personal-data handling of a column (Column.PII).
const (
	PIIHash = "hash" // stored as the hex HMAC-SHA-256 of its canonical value under the run's key
	PIIDrop = "drop" // never read: stored as NULL
)

// Schema declares one source: its columns and its row rules.
type Schema struct {
	Source        string `yaml:"source"`
	NameZh        string `yaml:"name_zh"`
	NameEn        string `yaml:"name_en"`
	DescriptionZh string `yaml:"description_zh"`
	DescriptionEn string `yaml:"description_en"`
	// RowZh and RowEn say what one row of the source's table is, for the
	// README's table list; by default an accepted row of an export.
	RowZh   string   `yaml:"row_zh"`
	RowEn   string   `yaml:"row_en"`
	Key     []string `yaml:"key"`
	Columns []Column `yaml:"columns"`
	Rules   []Rule   `yaml:"rules"`
}

// Column declares one canonical column.
type Column struct {
	Name          string   `yaml:"name"`
	Type          string   `yaml:"type"`
	Length        int      `yaml:"length"`         // TypeCode: number of digits
	Required      bool     `yaml:"required"`       // a missing header fails the file; an empty cell rejects the row
	Min           *float64 `yaml:"min"`            // inclusive lower bound for numbers
	Max           *float64 `yaml:"max"`            // inclusive upper bound for numbers: the largest plausible value (required)
	AllowWan      bool     `yaml:"allow_wan"`      // numbers may be written with a 万 suffix
	Values        []string `yaml:"values"`         // TypeEnum: the allowed values
	CheckDivision bool     `yaml:"check_division"` // the code must be a real statistical division code
	AllowPercent  bool     `yaml:"allow_percent"`  // TypeFloat: "12.5%" is read as 0.125
	Unit          string   `yaml:"unit"`           // numbers: the unit figures are given in (人, 户, 元, 平方米…); a header naming another unit fails the file
	PII           string   `yaml:"pii"`            // "", PIIHash or PIIDrop: a direct identifier that never reaches the warehouse in clear
	AdditiveSet   *bool    `yaml:"additive"`       // numbers: totals rows (合计) sum the column; default true for int, false for float (see Additive)
	Aliases       []string `yaml:"aliases"`        // header texts seen in exports, Chinese and English
	DescriptionZh string   `yaml:"description_zh"`
	DescriptionEn string   `yaml:"description_en"`
	LabelZh       string   `yaml:"label_zh"` // a short name for tables and reports (「建筑面积（平方米）」); see Set.ColumnLabel
	LabelEn       string   `yaml:"label_en"`
}

// Additive reports whether a totals row (合计, 小计) of a file sums the
// column, so that it can be checked: counts, areas and money do, shares,
// scores, years and coordinates do not. It is declared with additive:,
// and defaults to true for int columns and false for float ones.
func (c Column) Additive() bool {
	if c.AdditiveSet != nil {
		return *c.AdditiveSet && c.Numeric()
	}
	return c.Type == TypeInt
}

// Numeric reports whether the column holds numbers (int or float).
func (c Column) Numeric() bool { return c.Type == TypeInt || c.Type == TypeFloat }

// Temporal reports whether the column holds dates or times.
func (c Column) Temporal() bool { return c.Type == TypeDate || c.Type == TypeDateTime }

// Rule compares two columns of a row: Left Op Right, or, with Sum, the sum
// of several numeric columns Op Right. Both sides are numeric, or both are
// dates or times (a date is midnight when compared with a time). A row
// where any operand is empty passes: a missing value is the business of
// required, not of a rule.
//
// Tolerance, allowed only with op "=" between numbers, is the largest
// difference accepted as a fraction of the right side: with tolerance 0.01
// the age bands of a community of 1,000 may sum to 990…1,010.
type Rule struct {
	ID        string   `yaml:"id"`
	Left      string   `yaml:"left"`
	Sum       []string `yaml:"sum"`
	Op        string   `yaml:"op"`
	Right     string   `yaml:"right"`
	Tolerance float64  `yaml:"tolerance"`
	MessageZh string   `yaml:"message_zh"` // what is wrong with a row that breaks it, for the quarantine
	MessageEn string   `yaml:"message_en"`
	LabelZh   string   `yaml:"label_zh"` // what the rule requires, in a few words, for tables and reports; see Set.RuleLabel
	LabelEn   string   `yaml:"label_en"`
}

// Operands returns the columns on the left side of the rule: Sum, or Left.
func (r Rule) Operands() []string {
	if len(r.Sum) > 0 {
		return r.Sum
	}
	return []string{r.Left}
}

// Set is the loaded collection of schemas, in a stable order.
type Set struct {
	bySource map[string]*Schema
	order    []string
}

// Load reads and checks every embedded schema file.
func Load() (*Set, error) {
	return LoadFS(files)
}

// Files returns the embedded schema files, for tools and tests that build
// a set from them plus declarations of their own.
func Files() fs.FS { return files }

// LoadFS reads and checks the *.yaml files at the root of each file system
// as one set; two files declaring the same source are an error.
func LoadFS(fsyss ...fs.FS) (*Set, error) {
	set := &Set{bySource: map[string]*Schema{}}
	derr := &DeclarationError{}
	for _, fsys := range fsyss {
		names, err := fs.Glob(fsys, "*.yaml")
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			data, err := fs.ReadFile(fsys, name)
			if err != nil {
				return nil, err
			}
			s, err := parse(data)
			if err != nil {
				derr.add(name, "%v", err)
				continue
			}
			s.check(name, derr)
			if want := strings.TrimSuffix(path.Base(name), ".yaml"); s.Source != want {
				derr.add(name, "source %q does not match the file name (want %q)", s.Source, want)
			}
			if _, dup := set.bySource[s.Source]; dup {
				derr.add(name, "source %q is declared twice", s.Source)
				continue
			}
			set.bySource[s.Source] = s
			set.order = append(set.order, s.Source)
		}
	}
	if len(derr.Problems) > 0 {
		return nil, derr
	}
	sort.Strings(set.order)
	return set, nil
}

func parse(data []byte) (*Schema, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var s Schema
	if err := dec.Decode(&s); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return &s, nil
}

var ops = []string{"<", "<=", "=", ">=", ">"}

func (s *Schema) check(file string, derr *DeclarationError) {
	if !identifier.MatchString(s.Source) {
		derr.add(file, "source %q: want lowercase letters, digits and _, starting with a letter (it names a warehouse table)", s.Source)
	}
	if s.NameZh == "" || s.NameEn == "" {
		derr.add(file, "missing name_zh or name_en")
	}
	seen := map[string]bool{}
	for i, c := range s.Columns {
		where := fmt.Sprintf("column %d (%s)", i+1, c.Name)
		if !identifier.MatchString(c.Name) {
			derr.add(file, "%s: the name must be lowercase letters, digits and _, starting with a letter (it names a warehouse column)", where)
		}
		if seen[c.Name] {
			derr.add(file, "%s: declared twice", where)
		}
		seen[c.Name] = true
		switch c.Type {
		case TypeText, TypeInt, TypeFloat, TypeDate, TypeDateTime:
		case TypeCode:
			if c.Length <= 0 {
				derr.add(file, "%s: type code needs a length", where)
			}
		case TypeEnum:
			if len(c.Values) == 0 {
				derr.add(file, "%s: type enum needs values", where)
			}
		case TypeResidentID:
			if c.PII != PIIHash {
				derr.add(file, "%s: type resident_id needs pii: hash (identity numbers never reach the warehouse in clear)", where)
			}
		default:
			derr.add(file, "%s: unknown type %q (want %s)", where, c.Type, strings.Join(Types, ", "))
		}
		if !c.Numeric() {
			if c.Min != nil || c.Max != nil {
				derr.add(file, "%s: min and max need type int or float", where)
			}
			if c.AllowWan {
				derr.add(file, "%s: allow_wan needs type int or float", where)
			}
			if c.Unit != "" {
				derr.add(file, "%s: unit needs type int or float", where)
			}
			if c.AdditiveSet != nil {
				derr.add(file, "%s: additive needs type int or float", where)
			}
		}
		if c.Numeric() && c.Max == nil {
			derr.add(file, "%s: numbers need a max: the largest value that is plausible (residents of one community, money of one project), so that a figure typed into the wrong column is caught", where)
		}
		if c.AllowPercent && c.Type != TypeFloat {
			derr.add(file, "%s: allow_percent needs type float", where)
		}
		switch c.PII {
		case "":
		case PIIHash:
			if c.Type != TypeText && c.Type != TypeCode && c.Type != TypeResidentID {
				derr.add(file, "%s: pii: hash needs type text, code or resident_id", where)
			}
		case PIIDrop:
			if c.Required {
				derr.add(file, "%s: a column with pii: drop is never read, so it cannot be required", where)
			}
		default:
			derr.add(file, "%s: unknown pii %q (want hash or drop)", where, c.PII)
		}
		if len(c.Aliases) == 0 {
			derr.add(file, "%s: no aliases", where)
		}
		if c.DescriptionZh == "" || c.DescriptionEn == "" {
			derr.add(file, "%s: missing description_zh or description_en", where)
		}
		if c.LabelZh == "" || c.LabelEn == "" {
			derr.add(file, "%s: missing label_zh or label_en (a short name for reports, such as 建筑面积（平方米） / floor area (m²))", where)
		}
	}
	for _, k := range s.Key {
		c, ok := s.Column(k)
		switch {
		case !ok:
			derr.add(file, "key column %q is not declared", k)
		case c.PII == PIIDrop:
			derr.add(file, "key column %q has pii: drop, so it is never read", k)
		}
	}
	rules := map[string]bool{}
	for _, r := range BuiltinRules() {
		rules[r.ID] = true
	}
	for _, r := range s.Rules {
		s.checkRule(file, r, derr)
		if rules[r.ID] {
			derr.add(file, "rule %s: the id is taken (by another rule of the source, or by a rule the ingest applies to every source): choose another", r.ID)
		}
		rules[r.ID] = true
	}
}

func (s *Schema) checkRule(file string, r Rule, derr *DeclarationError) {
	if r.ID == "" || r.MessageZh == "" || r.MessageEn == "" || r.LabelZh == "" || r.LabelEn == "" {
		derr.add(file, "rule %q: needs id, label_zh, label_en, message_zh and message_en", r.ID)
	}
	switch {
	case r.Left != "" && len(r.Sum) > 0:
		derr.add(file, "rule %s: has both left and sum (want one)", r.ID)
	case r.Left == "" && len(r.Sum) == 0:
		derr.add(file, "rule %s: needs left or sum", r.ID)
	case len(r.Sum) == 1:
		derr.add(file, "rule %s: sum needs at least two columns (use left for one)", r.ID)
	}
	if !slices.Contains(ops, r.Op) {
		derr.add(file, "rule %s: unknown op %q (want one of %v)", r.ID, r.Op, ops)
	}
	if r.Tolerance < 0 || (r.Tolerance > 0 && r.Op != "=") {
		derr.add(file, "rule %s: tolerance must be a fraction ≥ 0, with op \"=\" only", r.ID)
	}
	var numeric, temporal int
	for _, side := range append(slices.Clone(r.Operands()), r.Right) {
		if side == "" {
			continue
		}
		c, ok := s.Column(side)
		switch {
		case !ok:
			derr.add(file, "rule %s: column %q is not declared", r.ID, side)
		case c.PII != "":
			derr.add(file, "rule %s: column %q holds personal data (pii), which rules may not show", r.ID, side)
		case c.Numeric():
			numeric++
		case c.Temporal():
			temporal++
		default:
			derr.add(file, "rule %s: column %q is neither numeric nor a date or time", r.ID, side)
		}
	}
	if numeric > 0 && temporal > 0 {
		derr.add(file, "rule %s: compares numbers with dates or times", r.ID)
	}
	if temporal > 0 && (len(r.Sum) > 0 || r.Tolerance > 0) {
		derr.add(file, "rule %s: sum and tolerance need numeric columns", r.ID)
	}
}

// Sources returns the declared source names in a stable order.
func (set *Set) Sources() []string { return slices.Clone(set.order) }

// Get returns the schema of a source, or an error wrapping ErrUnknownSource
// that lists the known sources.
func (set *Set) Get(source string) (*Schema, error) {
	s, ok := set.bySource[source]
	if !ok {
		var plain, personal []string
		for _, src := range set.order {
			if set.bySource[src].HasPII() {
				personal = append(personal, src)
			} else {
				plain = append(plain, src)
			}
		}
		known := strings.Join(plain, ", ")
		if len(personal) > 0 {
			known += "; with personal data, needing a PII key: " + strings.Join(personal, ", ")
		}
		return nil, fmt.Errorf("%w %q (known sources: %s)", ErrUnknownSource, source, known)
	}
	return s, nil
}

// HasPII reports whether any column of the source holds personal data.
func (s *Schema) HasPII() bool {
	return slices.ContainsFunc(s.Columns, func(c Column) bool { return c.PII != "" })
}

// Column returns the column with the given canonical name.
func (s *Schema) Column(name string) (Column, bool) {
	for _, c := range s.Columns {
		if c.Name == name {
			return c, true
		}
	}
	return Column{}, false
}

// Holds reports whether the rule holds between a and b, allowing its
// tolerance for "=".
func (r Rule) Holds(a, b float64) bool {
	if r.Op == "=" && r.Tolerance > 0 {
		return math.Abs(a-b) <= r.Tolerance*math.Abs(b)
	}
	return r.holds(cmp.Compare(a, b))
}

// HoldsTime reports whether the rule holds between times a and b.
func (r Rule) HoldsTime(a, b time.Time) bool { return r.holds(a.Compare(b)) }

func (r Rule) holds(c int) bool {
	switch r.Op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case "=":
		return c == 0
	case ">=":
		return c >= 0
	case ">":
		return c > 0
	}
	return false
}

// SQLType is the DuckDB type of a declared column type, as the raw
// Parquet holds it.
func SQLType(t string) string {
	switch t {
	case TypeInt:
		return "BIGINT"
	case TypeFloat:
		return "DOUBLE"
	case TypeDate:
		return "DATE"
	case TypeDateTime:
		return "TIMESTAMP"
	}
	return "VARCHAR"
}

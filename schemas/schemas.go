package schemas

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed *.yaml
var files embed.FS

// Column types.
const (
	TypeText  = "text"  // any text, trimmed
	TypeCode  = "code"  // a fixed number of ASCII digits (Length)
	TypeInt   = "int"   // a whole number (int64)
	TypeFloat = "float" // a decimal number (float64)
	TypeEnum  = "enum"  // one of Values
)

// Schema declares one source: its columns and its row rules.
type Schema struct {
	Source        string   `yaml:"source"`
	NameZh        string   `yaml:"name_zh"`
	NameEn        string   `yaml:"name_en"`
	DescriptionZh string   `yaml:"description_zh"`
	DescriptionEn string   `yaml:"description_en"`
	Key           []string `yaml:"key"`
	Columns       []Column `yaml:"columns"`
	Rules         []Rule   `yaml:"rules"`
}

// Column declares one canonical column.
type Column struct {
	Name          string   `yaml:"name"`
	Type          string   `yaml:"type"`
	Length        int      `yaml:"length"`         // TypeCode: number of digits
	Required      bool     `yaml:"required"`       // a missing header fails the file; an empty cell rejects the row
	Min           *float64 `yaml:"min"`            // inclusive lower bound for numbers
	Max           *float64 `yaml:"max"`            // inclusive upper bound for numbers
	AllowWan      bool     `yaml:"allow_wan"`      // numbers may be written with a 万 suffix
	Values        []string `yaml:"values"`         // TypeEnum: the allowed values
	CheckDivision bool     `yaml:"check_division"` // the code must be a real statistical division code
	Aliases       []string `yaml:"aliases"`        // header texts seen in exports, Chinese and English
	DescriptionZh string   `yaml:"description_zh"`
	DescriptionEn string   `yaml:"description_en"`
}

// Rule compares two numeric columns of a row: Left Op Right. A row where
// either side is empty passes.
type Rule struct {
	ID        string `yaml:"id"`
	Left      string `yaml:"left"`
	Op        string `yaml:"op"`
	Right     string `yaml:"right"`
	MessageZh string `yaml:"message_zh"`
	MessageEn string `yaml:"message_en"`
}

// Set is the loaded collection of schemas, in a stable order.
type Set struct {
	bySource map[string]*Schema
	order    []string
}

// Load reads and checks every embedded schema file.
func Load() (*Set, error) {
	return load(files)
}

func load(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	set := &Set{bySource: map[string]*Schema{}}
	derr := &DeclarationError{}
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
		set.bySource[s.Source] = s
		set.order = append(set.order, s.Source)
	}
	if len(derr.Problems) > 0 {
		return nil, derr
	}
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
	if s.Source == "" {
		derr.add(file, "missing source")
	}
	if s.NameZh == "" || s.NameEn == "" {
		derr.add(file, "missing name_zh or name_en")
	}
	seen := map[string]bool{}
	for i, c := range s.Columns {
		where := fmt.Sprintf("column %d (%s)", i+1, c.Name)
		if c.Name == "" {
			derr.add(file, "%s: missing name", where)
		}
		if seen[c.Name] {
			derr.add(file, "%s: declared twice", where)
		}
		seen[c.Name] = true
		switch c.Type {
		case TypeText, TypeInt, TypeFloat:
		case TypeCode:
			if c.Length <= 0 {
				derr.add(file, "%s: type code needs a length", where)
			}
		case TypeEnum:
			if len(c.Values) == 0 {
				derr.add(file, "%s: type enum needs values", where)
			}
		default:
			derr.add(file, "%s: unknown type %q (want text, code, int, float or enum)", where, c.Type)
		}
		if len(c.Aliases) == 0 {
			derr.add(file, "%s: no aliases", where)
		}
		if c.DescriptionZh == "" || c.DescriptionEn == "" {
			derr.add(file, "%s: missing description_zh or description_en", where)
		}
	}
	for _, k := range s.Key {
		if !seen[k] {
			derr.add(file, "key column %q is not declared", k)
		}
	}
	for _, r := range s.Rules {
		for _, side := range []string{r.Left, r.Right} {
			c, ok := s.Column(side)
			if !ok {
				derr.add(file, "rule %s: column %q is not declared", r.ID, side)
			} else if c.Type != TypeInt && c.Type != TypeFloat {
				derr.add(file, "rule %s: column %q is not numeric", r.ID, side)
			}
		}
		if !slices.Contains(ops, r.Op) {
			derr.add(file, "rule %s: unknown op %q (want one of %v)", r.ID, r.Op, ops)
		}
		if r.ID == "" || r.MessageZh == "" || r.MessageEn == "" {
			derr.add(file, "rule %q: needs id, message_zh and message_en", r.ID)
		}
	}
}

// Sources returns the declared source names in a stable order.
func (set *Set) Sources() []string { return slices.Clone(set.order) }

// Get returns the schema of a source, or an error wrapping ErrUnknownSource
// that lists the known sources.
func (set *Set) Get(source string) (*Schema, error) {
	s, ok := set.bySource[source]
	if !ok {
		return nil, fmt.Errorf("%w %q (known sources: %s)", ErrUnknownSource, source, strings.Join(set.order, ", "))
	}
	return s, nil
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

// Holds reports whether op holds between a and b.
func (r Rule) Holds(a, b float64) bool {
	switch r.Op {
	case "<":
		return a < b
	case "<=":
		return a <= b
	case "=":
		return a == b
	case ">=":
		return a >= b
	case ">":
		return a > b
	}
	return false
}

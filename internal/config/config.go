package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"shequ/standards"
)

// Config is a loaded shequ.yaml. Relative paths are resolved against the
// folder of the file.
type Config struct {
	Path      string   `yaml:"-"` // the file it was read from
	Warehouse string   `yaml:"warehouse"`
	Sources   []Source `yaml:"sources"`
	Models    []Model  `yaml:"models"`
	// PIIKeyFile names a file holding the secret key under which direct
	// identifiers (身份证号) are hashed; without it the key comes from the
	// environment variable SHEQU_PII_KEY.
	PIIKeyFile string `yaml:"pii_key_file"`
	// Access configures the accessibility indicators.
	Access Access `yaml:"access"`
	// Reports configures the workbooks and HTML reports the run writes.
	Reports Reports `yaml:"reports"`
	// Standards adds plans besides the national one and says whom they
	// hold.
	Standards Standards `yaml:"standards"`
}

// Reports configures the published outputs of a run.
type Reports struct {
	Out           string   `yaml:"out"`            // folder; default: reports beside the warehouse
	Languages     []string `yaml:"languages"`      // zh, en; default [zh]
	SuppressBelow *int     `yaml:"suppress_below"` // person-level counts below it are shown as "<N"; default 5, 0 = off
	Skip          bool     `yaml:"skip"`           // write no reports
}

// Access configures walking-distance and 2SFCA indicators.
type Access struct {
	CatchmentM float64 `yaml:"catchment_m" json:"catchment_m"` // 2SFCA catchment in metres; 0 = 1000
}

// Source is one entry of the sources list: files (glob patterns allowed)
// that feed one source for one period.
type Source struct {
	Source   string   `yaml:"source"`
	Period   string   `yaml:"period"`
	Files    []string `yaml:"files"`
	Sheet    string   `yaml:"sheet"`
	Encoding string   `yaml:"encoding"`
	Area     string   `yaml:"area"` // the district (6 digits) or street (9 digits) the files cover; "" = from their titles
	Line     int      `yaml:"-"`    // line of the entry in the file, for messages
}

// Model is a governance model: a named set of district (6-digit) or street
// (9-digit) codes.
type Model struct {
	ID     string   `yaml:"id" json:"id"`
	NameZh string   `yaml:"name_zh" json:"name_zh"`
	NameEn string   `yaml:"name_en" json:"name_en"`
	Areas  []string `yaml:"areas" json:"areas"`
}

// PeriodPattern is the accepted form of a period: a year, or a year and month.
var PeriodPattern = regexp.MustCompile(`^[12][0-9]{3}(-(0[1-9]|1[0-2]))?$`)

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
var areaPattern = regexp.MustCompile(`^([0-9]{6}|[0-9]{9})$`)

// Load reads and checks a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Standards adds plan files (package standards) and applies them.
type Standards struct {
	// Plans are plan files an office adds, relative to the configuration.
	Plans []string `yaml:"plans"`
	// Apply says which models or areas a plan holds; a plan without an
	// entry holds every community of its scope.
	Apply []Apply `yaml:"apply"`
	// Loaded are the plans read from Plans.
	Loaded []*standards.Plan `yaml:"-"`
}

// Apply holds the communities of some models and areas to a plan.
type Apply struct {
	Plan   string   `yaml:"plan"`
	Models []string `yaml:"models"`
	Areas  []string `yaml:"areas"` // province (2 digits), city (4), district (6) or street (9) codes
}

// Holdings lists every plan with the communities it holds: the shipped
// plans hold all of them; an added plan the models and areas its apply
// entries name, or, without one, its whole scope.
func (c *Config) Holdings() []standards.Holding {
	var out []standards.Holding
	for _, p := range standards.Shipped() {
		out = append(out, standards.Holding{Plan: p, All: true})
	}
	for _, p := range c.Standards.Loaded {
		h := standards.Holding{Plan: p}
		for _, a := range c.Standards.Apply {
			if a.Plan == p.ID {
				h.Models = append(h.Models, a.Models...)
				h.Areas = append(h.Areas, a.Areas...)
			}
		}
		if len(h.Models) == 0 && len(h.Areas) == 0 {
			h.Areas = []string{p.Scope.Code}
		}
		out = append(out, h)
	}
	return out
}

// CheckTargets reports, as an *Error, every target of an added plan whose
// indicator is not among ids (the catalog's).
func (c *Config) CheckTargets(ids []string) error {
	cerr := &Error{File: c.Path}
	for _, p := range c.Standards.Loaded {
		cerr.Problems = append(cerr.Problems, p.Check(ids)...)
	}
	if len(cerr.Problems) > 0 {
		return cerr
	}
	return nil
}

// Parse checks a configuration read from path.
func Parse(path string, data []byte) (*Config, error) {
	cerr := &Error{File: path}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		cerr.Problems = append(cerr.Problems, err.Error())
		return nil, cerr
	}
	var c Config
	strict := yaml.NewDecoder(bytes.NewReader(data))
	strict.KnownFields(true)
	if err := strict.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			cerr.Problems = append(cerr.Problems, te.Errors...)
		} else {
			cerr.Problems = append(cerr.Problems, err.Error())
		}
		return nil, cerr
	}
	c.Path = path
	recordLines(&root, &c)
	c.check(cerr)
	if len(cerr.Problems) > 0 {
		return nil, cerr
	}
	dir := filepath.Dir(path)
	if !filepath.IsAbs(c.Warehouse) {
		c.Warehouse = filepath.Join(dir, c.Warehouse)
	}
	if c.Reports.Out == "" {
		c.Reports.Out = filepath.Join(filepath.Dir(filepath.Clean(c.Warehouse)), "reports")
	} else if !filepath.IsAbs(c.Reports.Out) {
		c.Reports.Out = filepath.Join(dir, c.Reports.Out)
	}
	if len(c.Reports.Languages) == 0 {
		c.Reports.Languages = []string{"zh"}
	}
	if c.PIIKeyFile != "" && !filepath.IsAbs(c.PIIKeyFile) {
		c.PIIKeyFile = filepath.Join(dir, c.PIIKeyFile)
	}
	for i := range c.Sources {
		for j, f := range c.Sources[i].Files {
			if !filepath.IsAbs(f) {
				c.Sources[i].Files[j] = filepath.Join(dir, f)
			}
		}
	}
	c.loadPlans(dir, cerr)
	if len(cerr.Problems) > 0 {
		return nil, cerr
	}
	return &c, nil
}

// loadPlans reads the added plan files and checks the apply entries
// against them and the models.
func (c *Config) loadPlans(dir string, cerr *Error) {
	bad := func(format string, args ...any) {
		cerr.Problems = append(cerr.Problems, fmt.Sprintf(format, args...))
	}
	byID := map[string]*standards.Plan{}
	for _, p := range standards.Shipped() {
		byID[p.ID] = p
	}
	for i, f := range c.Standards.Plans {
		if !filepath.IsAbs(f) {
			f = filepath.Join(dir, f)
			c.Standards.Plans[i] = f
		}
		p, err := standards.ReadFile(f)
		if err != nil {
			bad("standards.plans[%d]: %v", i, err)
			continue
		}
		if q, ok := byID[p.ID]; ok {
			bad("standards.plans[%d]: plan id %q is also the id of %s", i, p.ID, q.File)
			continue
		}
		byID[p.ID] = p
		c.Standards.Loaded = append(c.Standards.Loaded, p)
	}
	models := map[string]Model{}
	for _, m := range c.Models {
		models[m.ID] = m
	}
	for i, a := range c.Standards.Apply {
		where := fmt.Sprintf("standards.apply[%d] (%s)", i, a.Plan)
		p, ok := byID[a.Plan]
		switch {
		case !ok:
			bad("%s: no plan %q; add its file to standards.plans (shequ standards list shows the plans)", where, a.Plan)
			continue
		case p.File == "shipped":
			bad("%s: %s holds every community already", where, a.Plan)
			continue
		case len(a.Models) == 0 && len(a.Areas) == 0:
			bad("%s: name the models or areas the plan holds", where)
		}
		for _, id := range a.Models {
			m, ok := models[id]
			if !ok {
				bad("%s: no model %q among models", where, id)
			}
			for _, code := range m.Areas {
				if !p.Covers(code) {
					bad("%s: model %s has area %s, outside the plan's scope (%s %s)", where, id, code, p.Scope.Level, p.Scope.Code)
				}
			}
		}
		for _, code := range a.Areas {
			switch {
			case !applyAreaPattern.MatchString(code):
				bad("%s: area %q is not a 2-, 4-, 6- or 9-digit code; quote it in YAML", where, code)
			case !p.Covers(code):
				bad("%s: area %s is outside the plan's scope (%s %s)", where, code, p.Scope.Level, p.Scope.Code)
			}
		}
	}
}

var applyAreaPattern = regexp.MustCompile(`^([0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{9})$`)

// recordLines notes the line of each sources entry for messages.
func recordLines(root *yaml.Node, c *Config) {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return
	}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "sources" && m.Content[i+1].Kind == yaml.SequenceNode {
			for j, item := range m.Content[i+1].Content {
				if j < len(c.Sources) {
					c.Sources[j].Line = item.Line
				}
			}
		}
	}
}

func (c *Config) check(cerr *Error) {
	bad := func(format string, args ...any) {
		cerr.Problems = append(cerr.Problems, fmt.Sprintf(format, args...))
	}
	if c.Warehouse == "" {
		bad("warehouse: missing (the folder where shequ keeps Parquet and shequ.duckdb)")
	}
	if len(c.Sources) == 0 {
		bad("sources: empty (list the export files to ingest)")
	}
	for i, s := range c.Sources {
		where := fmt.Sprintf("sources[%d] (line %d)", i, s.Line)
		if s.Source == "" {
			bad("%s: missing source", where)
		}
		if !PeriodPattern.MatchString(s.Period) {
			bad("%s: period %q is not a year (2015) or a year and month (2015-12); quote it in YAML", where, s.Period)
		}
		if len(s.Files) == 0 {
			bad("%s: files is empty", where)
		}
		switch strings.ToLower(s.Encoding) {
		case "", "auto", "utf-8", "gbk", "gb18030", "utf-16le", "utf-16be":
		default:
			bad("%s: encoding %q is not one of auto, utf-8, gbk, gb18030, utf-16le, utf-16be", where, s.Encoding)
		}
		if a := s.Area; a != "" && (len(a) != 6 && len(a) != 9 || strings.Trim(a, "0123456789") != "") {
			bad("%s: area %q is not a 6-digit district or 9-digit street code; quote it in YAML", where, a)
		}
	}
	if c.Access.CatchmentM < 0 || c.Access.CatchmentM > 50000 {
		bad("access.catchment_m: %g is not a distance in metres between 0 and 50000", c.Access.CatchmentM)
	}
	for _, l := range c.Reports.Languages {
		if l != "zh" && l != "en" {
			bad("reports.languages: %q is not zh or en", l)
		}
	}
	if c.Reports.SuppressBelow != nil && *c.Reports.SuppressBelow < 0 {
		bad("reports.suppress_below: %d is negative (0 turns suppression off)", *c.Reports.SuppressBelow)
	}
	ids := map[string]bool{}
	for i, m := range c.Models {
		where := fmt.Sprintf("models[%d] (%s)", i, m.ID)
		if !idPattern.MatchString(m.ID) {
			bad("%s: id %q must be lower-case letters, digits and _", where, m.ID)
		}
		if ids[m.ID] {
			bad("%s: id declared twice", where)
		}
		ids[m.ID] = true
		if m.NameZh == "" || m.NameEn == "" {
			bad("%s: needs name_zh and name_en", where)
		}
		if len(m.Areas) == 0 {
			bad("%s: areas is empty", where)
		}
		for _, a := range m.Areas {
			if !areaPattern.MatchString(a) {
				bad("%s: area %q is not a 6-digit district or 9-digit street code", where, a)
			}
		}
	}
}

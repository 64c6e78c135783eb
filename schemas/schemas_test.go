package schemas

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestLoadEmbedded(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"activities", "census", "census_persons", "communities", "community_affairs", "facilities", "funding", "grid", "grid_events",
		"social_orgs", "staff", "survey", "volunteers"}
	if got := set.Sources(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Sources() = %v, want %v", got, want)
	}
	census, err := set.Get("census")
	if err != nil {
		t.Fatal(err)
	}
	if c, ok := census.Column("resident"); !ok || !c.Required || c.Type != TypeInt {
		t.Errorf("census.resident = %+v, want a required int column", c)
	}
}

func TestGetUnknown(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	_, err = set.Get("censsu")
	if !errors.Is(err, ErrUnknownSource) {
		t.Fatalf("Get(censsu) error = %v, want ErrUnknownSource", err)
	}
	if !strings.Contains(err.Error(), "census") {
		t.Errorf("error %q does not list the known sources", err)
	}
}

// A broken declaration reports every problem at once.
func TestLoadReportsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"bad.yaml": {Data: []byte(`source: bad
name_zh: 坏
name_en: Bad
key: [nope]
columns:
  - name: a
    type: integer
    aliases: [甲]
    description_zh: 甲
    description_en: a
  - name: a
    type: code
    aliases: [乙]
    description_zh: 乙
    description_en: b
rules:
  - id: r1
    left: a
    op: "=<"
    right: zz
    message_zh: 错
    message_en: wrong
  - id: duplicate_key
    left: a
    op: "<="
    right: a
    message_zh: 错
    message_en: wrong
    label_zh: 不重复
    label_en: not repeated
`)},
		"typo.yaml": {Data: []byte("source: typo\nname_zh: x\nname_en: x\ncolums: []\n")},
	}
	_, err := LoadFS(fsys)
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load error = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		`unknown type "integer"`,
		"declared twice",
		"type code needs a length",
		`key column "nope"`,
		`column "zz" is not declared`,
		`unknown op "=<"`,
		"column 1 (a): missing label_zh or label_en",
		`rule "r1": needs id, label_zh, label_en, message_zh and message_en`,
		"rule duplicate_key: the id is taken",
		"typo.yaml",
		"colums",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

// The keys added for personal data, dates and units are checked too.
func TestLoadChecksNewKeys(t *testing.T) {
	fsys := fstest.MapFS{
		"p.yaml": {Data: []byte(`source: p
name_zh: 人
name_en: P
key: [name]
columns:
  - name: id
    type: resident_id
    aliases: [身份证号]
    description_zh: 号
    description_en: id
  - name: name
    type: text
    pii: drop
    required: true
    aliases: [姓名]
    description_zh: 名
    description_en: name
  - name: phone
    type: int
    pii: hash
    aliases: [电话]
    description_zh: 电话
    description_en: phone
  - name: mail
    type: text
    pii: encrypt
    unit: 人
    allow_percent: true
    aliases: [邮箱]
    description_zh: 邮箱
    description_en: mail
  - name: born
    type: date
    min: 0
    aliases: [出生日期]
    description_zh: 生日
    description_en: born
  - name: n
    type: int
    aliases: [数]
    description_zh: 数
    description_en: n
rules:
  - id: r1
    left: born
    op: "<"
    right: n
    message_zh: 错
    message_en: wrong
  - id: r2
    sum: [n]
    op: "="
    right: n
    tolerance: 0.1
    message_zh: 错
    message_en: wrong
  - id: r3
    left: n
    op: "<="
    right: phone
    tolerance: -1
    message_zh: 错
    message_en: wrong
  - id: r4
    left: n
    sum: [n, n]
    op: "="
    right: n
    message_zh: 错
    message_en: wrong
`)},
	}
	_, err := LoadFS(fsys)
	var derr *DeclarationError
	if !errors.As(err, &derr) {
		t.Fatalf("load error = %v, want *DeclarationError", err)
	}
	for _, want := range []string{
		"column 1 (id): type resident_id needs pii: hash",
		"column 2 (name): a column with pii: drop is never read, so it cannot be required",
		"column 3 (phone): pii: hash needs type text, code or resident_id",
		`column 4 (mail): unknown pii "encrypt"`,
		"column 4 (mail): unit needs type int or float",
		"column 4 (mail): allow_percent needs type float",
		"column 5 (born): min and max need type int or float",
		`key column "name" has pii: drop`,
		"rule r1: compares numbers with dates or times",
		"rule r2: sum needs at least two columns",
		`rule r3: column "phone" holds personal data`,
		"rule r3: tolerance must be a fraction ≥ 0",
		"rule r4: has both left and sum",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

func TestLoadFSRefusesASourceTwice(t *testing.T) {
	a := fstest.MapFS{"census.yaml": {Data: []byte("source: census\nname_zh: 人口\nname_en: Census\n")}}
	if _, err := LoadFS(Files(), a); err == nil || !strings.Contains(err.Error(), `source "census" is declared twice`) {
		t.Errorf("LoadFS with census twice = %v, want an error", err)
	}
}

// The person-level sources hash the identity number and drop names and
// phones, and Get lists them apart as needing a PII key.
func TestPersonSources(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, source := range []string{"census_persons", "volunteers"} {
		s, err := set.Get(source)
		if err != nil {
			t.Fatal(err)
		}
		if !s.HasPII() {
			t.Errorf("%s has no personal data", source)
		}
		for name, pii := range map[string]string{"id_number": PIIHash, "name": PIIDrop, "phone": PIIDrop, "community_code": ""} {
			if c, ok := s.Column(name); !ok || c.PII != pii {
				t.Errorf("%s.%s pii = %q, want %q", source, name, c.PII, pii)
			}
		}
		if !slices.Equal(s.Key, []string{"id_number"}) {
			t.Errorf("%s key = %v, want [id_number]", source, s.Key)
		}
	}
	// social_orgs holds organisations, not persons: its names are kept.
	if s, err := set.Get("social_orgs"); err != nil || s.HasPII() {
		t.Errorf("social_orgs: %v, personal data %v; want a source without personal data", err, err == nil && s.HasPII())
	}
	if _, err := set.Get("nope"); err == nil || !strings.Contains(err.Error(), "with personal data, needing a PII key: census_persons, volunteers") {
		t.Errorf("Get(nope) = %v, want the person-level sources listed apart", err)
	}
}

func TestRuleHolds(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2020, 3, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		rule Rule
		a, b float64
		want bool
	}{
		{Rule{Op: "<="}, 1, 1, true},
		{Rule{Op: "<"}, 1, 1, false},
		{Rule{Op: "="}, 1010, 1000, false},
		{Rule{Op: "=", Tolerance: 0.01}, 1010, 1000, true},
		{Rule{Op: "=", Tolerance: 0.01}, 990, 1000, true},
		{Rule{Op: "=", Tolerance: 0.01}, 1011, 1000, false},
		{Rule{Op: "=", Tolerance: 0.01}, 0, 0, true},
		{Rule{Op: "=", Tolerance: 0.01}, 1, 0, false},
		{Rule{Op: ">"}, 2, 1, true},
	}
	for _, tt := range tests {
		if got := tt.rule.Holds(tt.a, tt.b); got != tt.want {
			t.Errorf("%s (tolerance %g): Holds(%g, %g) = %v, want %v", tt.rule.Op, tt.rule.Tolerance, tt.a, tt.b, got, tt.want)
		}
	}
	if !(Rule{Op: ">="}).HoldsTime(day(2), day(1)) || (Rule{Op: ">="}).HoldsTime(day(1), day(2)) || !(Rule{Op: "="}).HoldsTime(day(1), day(1)) {
		t.Error("HoldsTime compares times wrongly")
	}
}

package schemas

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadEmbedded(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"census", "communities", "facilities", "funding", "grid", "staff"}
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
`)},
		"typo.yaml": {Data: []byte("source: typo\nname_zh: x\nname_en: x\ncolums: []\n")},
	}
	_, err := load(fsys)
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
		"typo.yaml",
		"colums",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %q:\n%v", want, err)
		}
	}
}

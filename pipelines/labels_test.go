package pipelines

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"shequ/schemas"
)

// writtenRuleIDs returns the rule ids this package and the build can write
// to quarantine, read from the code: the string constants named Rule… that
// this package declares, and the ids the build's SQL writes as a literal
// ('…' AS rule). A new rule is found without this test being told of it.
func writtenRuleIDs(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	pkgFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	ruleName := regexp.MustCompile(`^Rule[A-Z]`)
	var ids []string
	for _, name := range pkgFiles {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !ruleName.MatchString(n.Name) || i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Errorf("%s: constant %s is not a string literal; this test reads rule ids from literals", fset.Position(n.Pos()), n.Name)
						continue
					}
					id, _ := strconv.Unquote(lit.Value)
					ids = append(ids, id)
				}
			}
		}
	}
	if len(ids) == 0 {
		t.Fatal("no Rule… constants found: has the package moved them?")
	}
	buildFiles, err := filepath.Glob(filepath.Join("..", "internal", "build", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	asRule := regexp.MustCompile(`'([a-z_]+)' AS rule\b`)
	for _, name := range buildFiles {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range asRule.FindAllStringSubmatch(string(src), -1) {
			ids = append(ids, m[1])
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// TestRuleLabels checks that every rule id the ingest and the build can
// write to quarantine has a Chinese and an English label in schemas (the
// reports show labels, not ids), and that schemas labels no rule that
// nothing writes.
func TestRuleLabels(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	ids := writtenRuleIDs(t)
	for _, id := range ids {
		zh, en := set.RuleLabel("", id, "zh"), set.RuleLabel("", id, "en")
		if zh == id || en == id || zh == en {
			t.Errorf("rule %s: labels %q / %q: add it to schemas.BuiltinRules", id, zh, en)
		}
	}
	for _, r := range schemas.BuiltinRules() {
		if !slices.Contains(ids, r.ID) {
			t.Errorf("schemas.BuiltinRules labels %s, which neither pipelines nor the build writes", r.ID)
		}
	}
}

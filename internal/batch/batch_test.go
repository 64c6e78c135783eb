package batch

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"shequ/internal/config"
	"shequ/schemas"
)

// TestExpandSameName: files of one name in two folders are two inputs; a
// file that two patterns match, spelt two ways, is one.
func TestExpandSameName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"d1/人口.csv", "d2/人口.csv"} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("社区代码,常住人口\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	cfg := &config.Config{Path: filepath.Join(dir, "s.yaml"), Sources: []config.Source{{Source: "census", Period: "2020",
		Files: []string{filepath.Join(dir, "d*", "人口.csv"), filepath.Join(dir, "d2", "..", "d1", "人口.csv")}, Line: 3}}}
	inputs, err := Expand(cfg, set)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, in := range inputs {
		got = append(got, in.Source+" "+in.Period+" "+in.Path)
	}
	want := []string{"census 2020 " + filepath.Join(dir, "d1", "人口.csv"), "census 2020 " + filepath.Join(dir, "d2", "人口.csv")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
}

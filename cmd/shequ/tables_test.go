package main

import (
	"bytes"
	"strings"
	"testing"

	"shequ/schemas"
)

// The --help of query and build names every declared table (the list
// comes from schemas.Set.Tables; TestTablesDeclared in schemas lists them
// by hand), and nothing else between "Tables:" and the blank line.
func TestHelpListsTables(t *testing.T) {
	set, err := schemas.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"query", "build"} {
		t.Run(cmd, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run([]string{cmd, "--help"}, strings.NewReader(""), &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			_, list, ok := strings.Cut(out.String(), "Tables: ")
			if !ok {
				t.Fatalf("no table list in:\n%s", out.String())
			}
			list, _, _ = strings.Cut(list, "\n\n")
			got := strings.Split(strings.TrimSuffix(strings.Join(strings.Fields(list), " "), "."), ", ")
			want := set.TableNames()
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("tables %v\nwant %v", got, want)
			}
			for _, line := range strings.Split("Tables: "+list, "\n") {
				if len(line) > 80 {
					t.Errorf("line of the list longer than 80 bytes: %q", line)
				}
			}
		})
	}
}

func TestWrapWords(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  string
	}{
		{"a bb ccc", 4, "a bb\nccc"},
		{"a bb ccc", 8, "a bb ccc"},
		{"abcdef g", 3, "abcdef\ng"},
		{"", 3, ""},
	} {
		if got := wrapWords(tc.text, tc.width); got != tc.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

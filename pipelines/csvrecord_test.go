package pipelines

import (
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// csvSame checks csvRecord against encoding/csv with LazyQuotes (what the
// text decoder uses) on one input: the same records with the same cells,
// and, on every prefix, either "not whole yet" or the same record end.
// Inputs the fast path refuses (a carriage return not before a line feed)
// are skipped; blank lines, which encoding/csv skips, are skipped on both
// sides; a file that ends inside a quoted cell stops the comparison there,
// as it stops the fast path.
func csvSame(t *testing.T, in string) {
	t.Helper()
	if strings.Count(in, "\r") != strings.Count(in, "\r\n") {
		return
	}
	r := csv.NewReader(strings.NewReader(in))
	r.LazyQuotes = true
	r.FieldsPerRecord = -1
	b := []byte(in)
	var f csvFields
	for len(b) > 0 {
		n, ok := csvRecord(b, ',', true, &f)
		if !ok {
			return
		}
		for k := 0; k < n && len(in) <= 512; k++ { // every prefix: quadratic, so short inputs only
			if m, ok := csvRecord(b[:k], ',', false, nil); ok && m != n {
				t.Fatalf("%q: the prefix %q ends a record at %d, the whole at %d", in, b[:k], m, n)
			}
		}
		got := make([]string, len(f.cells))
		for i, c := range f.cells {
			got[i] = string(c)
		}
		b = b[n:]
		if len(got) == 1 && got[0] == "" && !strings.HasPrefix(in[len(in)-len(b)-n:], `"`) {
			continue // a blank line
		}
		want, err := r.Read()
		if err != nil {
			t.Fatalf("%q: encoding/csv: %v, csvRecord: %q", in, err, got)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: got %q, want %q", in, got, want)
		}
	}
	if rec, err := r.Read(); !errors.Is(err, io.EOF) {
		t.Fatalf("%q: encoding/csv has more: %q, %v", in, rec, err)
	}
}

// TestCSVRecordLikeEncodingCSV compares the two on many random inputs
// over the characters that matter.
func TestCSVRecordLikeEncodingCSV(t *testing.T) {
	parts := []string{"a", "b", ",", `"`, `""`, "\n", "\r\n", "计"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var s strings.Builder
		for range rng.IntN(16) {
			s.WriteString(parts[rng.IntN(len(parts))])
		}
		csvSame(t, s.String())
	}
	for _, s := range []string{"a,b\n", `"a""b",c` + "\n", "\"a\nb\",c\r\nd,e", `"a"b",c`, `a"b,c`, `"a"` + "\r\n", `""`, "\"a\n"} {
		csvSame(t, s)
	}
}

// FuzzCSVRecord runs the same comparison on fuzzed inputs.
func FuzzCSVRecord(f *testing.F) {
	for _, s := range []string{"a,b\n", `"a""b",c` + "\n", "\"a\nb\",c\r\nd,e", `"a"b",c`, `a"b,c`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { csvSame(t, s) })
}

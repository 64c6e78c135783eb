package pipelines

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"shequ/internal/divisions"
)

// TestKeySpillRepeated adds hashes across many flushes, with repeats
// far apart, in the same partition and as the 0 hash, and requires
// exactly the repeated ones back.
func TestKeySpillRepeated(t *testing.T) {
	s, err := newKeySpill(filepath.Join(t.TempDir(), "keys"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	var hashes []uint64
	for i := range 1200000 { // over 18,000 a partition: two flushes to disk each
		hashes = append(hashes, uint64(i)*0x9e3779b97f4a7c15+1)
	}
	n := len(hashes)
	// The payload of each hash is its index: the repeats come back with
	// the indexes of every occurrence.
	want := map[uint64][]uint64{hashes[5]: {5, uint64(n), uint64(n + 1)}, hashes[n-1]: {uint64(n - 1), uint64(n + 3)}, 0: {uint64(n + 2), uint64(n + 4)}}
	hashes = append(hashes, hashes[5], hashes[5], 0, hashes[n-1], 0)
	for i, h := range hashes {
		if err := s.add(h, uint64(i)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.repeated()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("got %d repeated hashes, want %d", len(got), len(want))
	}
	for h, payloads := range want {
		g := slices.Clone(got[h])
		slices.Sort(g)
		if !slices.Equal(g, payloads) {
			t.Errorf("hash %#x: got payloads %v, want %v", h, g, payloads)
		}
	}
}

// TestStrictDate compares the day numbers with the time package's, over
// every day from 1900 to 2099, and refuses impossible days.
func TestStrictDate(t *testing.T) {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2100; d = d.AddDate(0, 0, 1) {
		s := d.Format("2006-01-02")
		got, ok := strictDate([]byte(s))
		want := int32(d.Sub(epoch).Hours() / 24)
		if !ok || got != want {
			t.Fatalf("strictDate(%s) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"1900-02-29", "2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-1-01",
		"1899-12-31", "2100-01-01", "2024/01/01", "２０２４-01-01", "2024-01-01 "} {
		if _, ok := strictDate([]byte(s)); ok {
			t.Errorf("strictDate(%q) accepted", s)
		}
	}
}

// TestCodeSet checks the division code table against the index's own
// lookups, for real codes and near misses.
func TestCodeSet(t *testing.T) {
	div, err := divisions.Load()
	if err != nil {
		t.Fatal(err)
	}
	ing := &Ingester{Divisions: div}
	set := ing.codeSet()
	for i, c := range div.All() {
		if i%97 != 0 {
			continue
		}
		if !set.has([]byte(c.Code)) {
			t.Fatalf("%s not found", c.Code)
		}
		for _, near := range []string{c.Code[:11] + "9", c.Code[:11], "0" + c.Code[1:], c.Code + "0"} {
			_, want := div.Lookup(near)
			if got := set.has([]byte(near)); got != want {
				t.Errorf("has(%s) = %v, Lookup says %v", near, got, want)
			}
		}
	}
	for _, s := range []string{"", "44031000100x", "-4031000100", fmt.Sprint(uint64(1) << 63)} {
		if set.has([]byte(s)) {
			t.Errorf("has(%q) = true", s)
		}
	}
}

// TestStrictValues checks the strict forms of the other types against
// hand-picked cells: what they accept, the Go validator must take as
// the same value.
func TestStrictValues(t *testing.T) {
	for s, want := range map[string]bool{"H-1": true, "a.b_c-d": true, "-1": false, "_a": false, "NULL": false, "Total": false,
		"grandtotals": true, "户1": false, "a b": false, "": true} {
		if got := strictText([]byte(s)); got != want {
			t.Errorf("strictText(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]int64{"0": 0, "7": 7, "123456789012345": 123456789012345} {
		if got, ok := strictInt([]byte(s)); !ok || got != want {
			t.Errorf("strictInt(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"01", "1,234", "1.0", "1234567890123456", "+1", "１"} {
		if _, ok := strictInt([]byte(s)); ok {
			t.Errorf("strictInt(%q) accepted", s)
		}
	}
	for s, want := range map[string]float64{"0": 0, "0.5": 0.5, "12.25": 12.25} {
		if got, ok := strictFloat([]byte(s)); !ok || got != want {
			t.Errorf("strictFloat(%q) = %g, %v; want %g", s, got, ok, want)
		}
	}
	for _, s := range []string{".5", "5.", "00.5", "1e3", "1.2.3", "-1", "12%"} {
		if _, ok := strictFloat([]byte(s)); ok {
			t.Errorf("strictFloat(%q) accepted", s)
		}
	}
	// 11010519491231002X is the example number of GB 11643-1999.
	for s, want := range map[string]bool{"11010519491231002X": true, "11010519491231002x": false, "110105194912310021": false,
		"1101051949123100": false, "11010519491231002X1": false} {
		if got := strictResidentID([]byte(s)); got != want {
			t.Errorf("strictResidentID(%q) = %v, want %v", s, got, want)
		}
	}
}

package decode

import (
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// writeTemp writes data to a file named name in a new folder.
func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// nextAll reads every record of path with Next, setting the width after
// the first record (the header) when width is true.
func nextAll(t *testing.T, path string, opts Options, width bool) []Record {
	t.Helper()
	r, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var out []Record
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil && !errors.Is(err, ErrInvalidEncoding) {
			t.Fatal(err)
		}
		if len(out) == 0 && width {
			r.(*TextReader).SetWidth(len(rec.Cells))
		}
		rec.Cells = append([]string{}, rec.Cells...)
		out = append(out, rec)
	}
}

// chunked reads the header with Next, then the rest in chunks of about
// target bytes split by a Splitter.
func chunked(t *testing.T, path string, opts Options, target int) []Record {
	t.Helper()
	r, err := Open(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	tr := r.(*TextReader)
	var out []Record
	rec, err := tr.Next()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil && !errors.Is(err, ErrInvalidEncoding) {
		t.Fatal(err)
	}
	tr.SetWidth(len(rec.Cells))
	out = append(out, rec)
	var s Splitter
	for {
		c, err := tr.NextChunk(target)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		err = s.Records(c, func(rec Record, bad int) error {
			rec.Cells = append([]string{}, rec.Cells...)
			out = append(out, rec)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestLineEnds: LF, CRLF and CR-only ("CSV (Macintosh)") files give the
// same records, quoted line breaks included, in UTF-8 and in GBK.
func TestLineEnds(t *testing.T) {
	lines := []string{"社区代码,社区名称,备注", "440310001001,坑梓社区,\"两行", "备注\"", "", "440310001002,秀新社区,"}
	// Worked by hand: line 1 header; the record of line 2 spans 2-3 with
	// the remark "两行\n备注"; line 4 blank; line 5 with an empty remark.
	want := []Record{
		{Line: 1, Cells: []string{"社区代码", "社区名称", "备注"}, Lines: 1, Fields: 3},
		{Line: 2, Cells: []string{"440310001001", "坑梓社区", "两行\n备注"}, Lines: 2, Fields: 3},
		{Line: 4, Cells: []string{}, Lines: 1, Fields: 1},
		{Line: 5, Cells: []string{"440310001002", "秀新社区"}, Lines: 1, Fields: 3},
	}
	for _, enc := range []string{"utf-8", "gbk"} {
		for name, end := range map[string]string{"lf": "\n", "crlf": "\r\n", "cr": "\r"} {
			text := strings.Join(lines, end) + end
			data := []byte(text)
			if enc == "gbk" {
				var err error
				if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
					t.Fatal(err)
				}
			}
			path := writeTemp(t, name+".csv", data)
			t.Run(enc+" "+name, func(t *testing.T) {
				if got := nextAll(t, path, Options{Encoding: enc}, true); !reflect.DeepEqual(got, want) {
					t.Errorf("Next:\n got %+v\nwant %+v", got, want)
				}
				for _, target := range []int{1, 7, 1 << 20} {
					if got := chunked(t, path, Options{Encoding: enc}, target); !reflect.DeepEqual(got, want) {
						t.Errorf("chunks of %d bytes:\n got %+v\nwant %+v", target, got, want)
					}
				}
			})
		}
	}
}

// TestStrayQuotes: a quote that is not well formed rejects its own line
// only, says how far a loose reader would have read, and the lines after
// it are records of their own.
func TestStrayQuotes(t *testing.T) {
	q := func(col, loose int, atLeast bool) *QuoteError {
		return &QuoteError{Column: col, LooseLines: loose, AtLeast: atLeast}
	}
	tests := []struct {
		name string
		text string
		want []Record
	}{{
		// Line 2: 「"阳光"社区」 opens a quote in field 2 that 社 follows.
		// Loosely the quote before 新 (line 4) is text too, and the one
		// after 新和社区 closes: lines 2-4 would have been one record.
		name: "quote inside a name",
		text: "代码,名称,人口\n440310001001,\"阳光\"社区,100\n440310001002,光明社区,200\n440310001003,\"新和社区\",300\n440310001004,和平社区,400\n",
		want: []Record{
			{Line: 1, Cells: []string{"代码", "名称", "人口"}, Lines: 1, Fields: 3},
			{Line: 2, Cells: []string{"440310001001", "\"阳光\"社区", "100"}, Lines: 1, Fields: 3, Quote: q(2, 3, false)},
			{Line: 3, Cells: []string{"440310001002", "光明社区", "200"}, Lines: 1, Fields: 3},
			{Line: 4, Cells: []string{"440310001003", "新和社区", "300"}, Lines: 1, Fields: 3},
			{Line: 5, Cells: []string{"440310001004", "和平社区", "400"}, Lines: 1, Fields: 3},
		},
	}, {
		// Line 2 opens a quote that is never closed: loosely the record
		// runs to the end of the file (lines 2-4).
		name: "unterminated quote",
		text: "代码,名称,人口\n440310001001,\"阳光社区,100\n440310001002,光明社区,200\n440310001003,新和社区,300\n",
		want: []Record{
			{Line: 1, Cells: []string{"代码", "名称", "人口"}, Lines: 1, Fields: 3},
			{Line: 2, Cells: []string{"440310001001", "\"阳光社区", "100"}, Lines: 1, Fields: 3, Quote: q(2, 3, false)},
			{Line: 3, Cells: []string{"440310001002", "光明社区", "200"}, Lines: 1, Fields: 3},
			{Line: 4, Cells: []string{"440310001003", "新和社区", "300"}, Lines: 1, Fields: 3},
		},
	}, {
		// A quote in the last line, and no line end after it.
		name: "quote in the last line",
		text: "代码,名称,人口\n440310001001,阳光社区,100\n440310001002,\"光明\"社区,200",
		want: []Record{
			{Line: 1, Cells: []string{"代码", "名称", "人口"}, Lines: 1, Fields: 3},
			{Line: 2, Cells: []string{"440310001001", "阳光社区", "100"}, Lines: 1, Fields: 3},
			{Line: 3, Cells: []string{"440310001002", "\"光明\"社区", "200"}, Lines: 1, Fields: 3, Quote: q(2, 1, false)},
		},
	}, {
		// The quote of line 2 closes properly at 「人"」 on line 3: a
		// well-formed record of lines 2-3, but of 2 fields where the
		// header has 3 — a swallow, not a record.
		name: "a swallow that closes",
		text: "代码,名称,人口\n440310001001,\"阳光社区\n440310001002,光明社区,人\"\n440310001003,新和社区,300\n",
		want: []Record{
			{Line: 1, Cells: []string{"代码", "名称", "人口"}, Lines: 1, Fields: 3},
			{Line: 2, Cells: []string{"440310001001", "\"阳光社区"}, Lines: 1, Fields: 2, Quote: q(2, 2, false)},
			{Line: 3, Cells: []string{"440310001002", "光明社区", "人\""}, Lines: 1, Fields: 3},
			{Line: 4, Cells: []string{"440310001003", "新和社区", "300"}, Lines: 1, Fields: 3},
		},
	}, {
		// A quote in the first line (the header) that is not well formed,
		// a quote inside an unquoted cell (text), a doubled quote, and
		// spaces after a closing quote.
		name: "quotes that are fine",
		text: "代码,名称,\"人口\"\n440310001001,阳光\"社区,100\n440310001002,\"光明\"\"社区\"\"\" ,200\n",
		want: []Record{
			{Line: 1, Cells: []string{"代码", "名称", "人口"}, Lines: 1, Fields: 3},
			{Line: 2, Cells: []string{"440310001001", "阳光\"社区", "100"}, Lines: 1, Fields: 3},
			{Line: 3, Cells: []string{"440310001002", "光明\"社区\"", "200"}, Lines: 1, Fields: 3},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeTemp(t, "q.csv", []byte(tt.text))
			if got := nextAll(t, path, Options{}, true); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Next:\n got %+v\nwant %+v", show(got), show(tt.want))
			}
			for _, target := range []int{1, 13, 1 << 20} {
				if got := chunked(t, path, Options{}, target); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("chunks of %d:\n got %+v\nwant %+v", target, show(got), show(tt.want))
				}
			}
		})
	}
}

// show prints records with their quote problems.
func show(recs []Record) string {
	var b strings.Builder
	for _, r := range recs {
		fmt.Fprintf(&b, "\n  %d %q lines=%d fields=%d", r.Line, r.Cells, r.Lines, r.Fields)
		if r.Quote != nil {
			fmt.Fprintf(&b, " quote=%+v", *r.Quote)
		}
	}
	return b.String()
}

// TestChunksAgreeWithNext reads random files, made of the pieces real
// exports have (quotes well and badly placed, line breaks of every kind,
// blank lines, GBK text), record by record and in chunks of random
// sizes: the records must be the same, and every physical line must be
// in exactly one of them.
func TestChunksAgreeWithNext(t *testing.T) {
	pieces := []string{"440310001001", "阳光社区", "\"", "\"\"", ",", ",", ",", "\n", "\r\n", "\r", " ", "\"新和\"", "100", "", "备注"}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		var b strings.Builder
		b.WriteString("代码,名称,人口\n")
		for range rng.IntN(60) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		enc := []string{"utf-8", "gbk"}[i%2]
		data := []byte(b.String())
		if enc == "gbk" {
			var err error
			if data, err = simplifiedchinese.GBK.NewEncoder().Bytes(data); err != nil {
				t.Fatal(err)
			}
		}
		path := writeTemp(t, "r.csv", data)
		want := nextAll(t, path, Options{Encoding: enc}, true)
		got := chunked(t, path, Options{Encoding: enc}, 1+rng.IntN(40))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\nchunks %s\nNext   %s", b.String(), show(got), show(want))
		}
		lines := strings.Count(b.String(), "\n") + strings.Count(b.String(), "\r") - strings.Count(b.String(), "\r\n")
		if s := b.String(); !strings.HasSuffix(s, "\n") && !strings.HasSuffix(s, "\r") {
			lines++
		}
		sum := 0
		for j, r := range want {
			if j > 0 && r.Line != want[j-1].Line+want[j-1].Lines {
				t.Fatalf("%q: record at line %d follows one at %d of %d lines", b.String(), r.Line, want[j-1].Line, want[j-1].Lines)
			}
			sum += r.Lines
		}
		if sum != lines {
			t.Fatalf("%q: records cover %d lines, the file has %d", b.String(), sum, lines)
		}
	}
}

// TestLooseBudget: how far a loose reader would have read is looked for
// within lookAhead bytes, and within looseBudget bytes for the whole file:
// in a file whose every line opens a quote that is never closed, the first
// lines get the real extent (to the end of the file), later ones "at least
// 1 line" once the budget is spent, whatever the chunks.
func TestLooseBudget(t *testing.T) {
	// 3,000 lines of 200 bytes after the header: lines 2-3001, 600 KB.
	// The loose reading of line k runs to the end of the file, so it looks
	// at the (3002-k)·200 bytes from its start. Lines 2..k together look
	// at 200·Σ(3002-j) = 100·(6002-k)(k-1) bytes: 66,534,400 for k = 114,
	// under the budget of 67,108,864 (64 MiB); 67,111,800 for k = 115,
	// over it. So lines 2-114 get their extent (3002-k lines); line 115
	// has 574,464 bytes left, 2,872 whole lines after its own: "at least
	// 2,873"; every later line "at least 1".
	var b strings.Builder
	b.WriteString("a,b\n")
	line := "x,\"" + strings.Repeat("y", 196) + "\n" // 200 bytes
	for range 3000 {
		b.WriteString(line)
	}
	path := writeTemp(t, "q.csv", []byte(b.String()))
	check := func(recs []Record) {
		t.Helper()
		for _, r := range recs[1:] {
			if r.Quote == nil {
				t.Fatalf("line %d: no quote problem", r.Line)
			}
			want := QuoteError{Column: 2, LooseLines: 3002 - r.Line}
			switch {
			case r.Line == 115:
				want = QuoteError{Column: 2, LooseLines: 2873, AtLeast: true}
			case r.Line > 115:
				want = QuoteError{Column: 2, LooseLines: 1, AtLeast: true}
			}
			if *r.Quote != want {
				t.Fatalf("line %d: %+v, want %+v", r.Line, *r.Quote, want)
			}
		}
	}
	check(nextAll(t, path, Options{}, true))
	check(chunked(t, path, Options{}, 4096))
}

package decode

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeCSV opens arbitrary bytes as a .csv file and reads every
// record. It must never panic, and records must come in line order with
// cells that are valid UTF-8 and trimmed. Run it with
//
//	go test -run='^$' -fuzz=FuzzDecodeCSV -fuzztime=60s ./pipelines/decode/
//
// Failing inputs are kept under testdata/fuzz and rerun by go test.
func FuzzDecodeCSV(f *testing.F) {
	for _, name := range []string{"utf8.csv", "utf8-bom.csv", "gbk.csv", "utf16le-bom.txt", "crlf-quoted-newline.csv", "semicolon.csv", "blank-lines.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, uint8(0))
	}
	f.Add([]byte("a,\"b\n\n\nc"), uint8(0))
	f.Add([]byte("\"\"\"\r\n\r\n,"), uint8(1))
	f.Add([]byte("a\x00,\x00b\x00\n\x00"), uint8(2))
	f.Add([]byte{0xFF, 0xFE, 0x00, 0xD8, 0x0A, 0x00}, uint8(3))
	encodings := []string{"", "gbk", "utf-16le", "utf-16be", "gb18030"}

	f.Fuzz(func(t *testing.T, data []byte, enc uint8) {
		path := filepath.Join(t.TempDir(), "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(path, Options{Encoding: encodings[int(enc)%len(encodings)]})
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		defer func() {
			if err := r.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		}()
		prev := 0
		for n := 0; ; n++ {
			if n > len(data)+1 {
				t.Fatalf("more than %d records from %d bytes", n, len(data))
			}
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil && !errors.Is(err, ErrInvalidEncoding) {
				t.Fatalf("Next: %v", err)
			}
			if rec.Line <= prev {
				t.Fatalf("record %d at line %d after line %d", n, rec.Line, prev)
			}
			prev = rec.Line
			if rec.Cells == nil {
				t.Fatalf("line %d: nil cells", rec.Line)
			}
			if len(rec.Cells) > 0 && isBlank(rec.Cells[len(rec.Cells)-1]) {
				t.Errorf("line %d: trailing blank cell in %q", rec.Line, rec.Cells)
			}
			for _, c := range rec.Cells {
				if !utf8.ValidString(c) {
					t.Errorf("line %d: invalid UTF-8 in %q", rec.Line, c)
				}
			}
		}
	})
}

// FuzzChunks reads arbitrary bytes as a CSV file record by record and in
// chunks of arbitrary size: the two must give the same records, which
// cover every physical line once. Run it with
//
//	go test -run='^$' -fuzz=FuzzChunks -fuzztime=60s ./pipelines/decode/
func FuzzChunks(f *testing.F) {
	f.Add([]byte("a,b\n1,\"x\"y\n2,3\r4,5\r\n"), uint8(7), false)
	f.Add([]byte("a,b\n\"1\n2\",3\n\"\"\"\n"), uint8(1), true)
	f.Fuzz(func(t *testing.T, data []byte, target uint8, gbk bool) {
		enc := "utf-8"
		if gbk {
			enc = "gbk"
		}
		path := filepath.Join(t.TempDir(), "fuzz.csv")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		want := nextAll(t, path, Options{Encoding: enc, Delimiter: ','}, true)
		got := chunked(t, path, Options{Encoding: enc, Delimiter: ','}, 1+int(target))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("chunks of %d:%s\nNext:%s", 1+int(target), show(got), show(want))
		}
		lines := 0
		for i, r := range want {
			if i > 0 && r.Line != want[i-1].Line+want[i-1].Lines {
				t.Fatalf("record at line %d after one at %d of %d lines", r.Line, want[i-1].Line, want[i-1].Lines)
			}
			lines += r.Lines
		}
		if n := countLineBreaks(data); len(data) > 0 && lines != n && lines != n+1 {
			t.Fatalf("records cover %d lines, the data has %d line ends", lines, n)
		}
	})
}

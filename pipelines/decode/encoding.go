package decode

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names reported by Detect and Reader.Encoding.
const (
	EncodingUTF8    = "utf-8"
	EncodingUTF8BOM = "utf-8-bom"
	EncodingGBK     = "gbk"
	EncodingGB18030 = "gb18030"
	EncodingUTF16LE = "utf-16le"
	EncodingUTF16BE = "utf-16be"
	EncodingXLSX    = "xlsx"
)

// sniffSize is how much of a text file Detect and the delimiter detection
// look at.
const sniffSize = 64 << 10

// Detect reports the encoding of a text prefix: BOMs first (UTF-8, UTF-16
// LE/BE), then valid UTF-8, else GB18030 (a superset of GBK). It returns
// one of "utf-8-bom", "utf-16le", "utf-16be", "utf-8" or "gb18030".
//
// Between the BOMs and the UTF-8 test it recognises UTF-16 without a BOM by
// its NUL bytes, which never occur in UTF-8 or GB18030 text: ASCII in
// UTF-16LE has a NUL in every odd byte. A multibyte character cut off at
// the end of prefix does not make UTF-8 invalid. An empty or pure ASCII
// prefix is "utf-8", so text that turns to GBK only after the prefix is
// misdetected; reading it then reports ErrInvalidEncoding.
func Detect(prefix []byte) string {
	switch {
	case bytes.HasPrefix(prefix, []byte{0xEF, 0xBB, 0xBF}):
		return EncodingUTF8BOM
	case bytes.HasPrefix(prefix, []byte{0xFF, 0xFE}):
		return EncodingUTF16LE
	case bytes.HasPrefix(prefix, []byte{0xFE, 0xFF}):
		return EncodingUTF16BE
	}
	if enc := detectUTF16(prefix); enc != "" {
		return enc
	}
	if validUTF8Prefix(prefix) {
		return EncodingUTF8
	}
	return EncodingGB18030
}

// detectUTF16 recognises BOM-less UTF-16 by where its NUL bytes fall: most
// of them in odd positions for little-endian, even for big-endian. CJK
// characters such as 一 (U+4E00) put a few NULs on the other side, so the
// test is which side has more, provided at least one code unit in eight
// has a NUL.
func detectUTF16(b []byte) string {
	b = b[:min(len(b), 4096)&^1]
	var even, odd int
	for i := 0; i < len(b); i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	units := len(b) / 2
	switch {
	case units == 0:
		return ""
	case odd*8 >= units && odd > even:
		return EncodingUTF16LE
	case even*8 >= units && even > odd:
		return EncodingUTF16BE
	}
	return ""
}

// validUTF8Prefix reports whether b is valid UTF-8, allowing the last
// character to be cut off.
func validUTF8Prefix(b []byte) bool {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if !utf8.FullRune(b[i:]) {
				b = b[:i]
			}
			break
		}
	}
	return utf8.Valid(b)
}

// lookupEncoding maps a name from Options.Encoding or Detect to its
// canonical name and decoder; the decoder is nil for UTF-8, which needs
// none. Names are matched ignoring case, and a few aliases are accepted
// ("utf8", "gb2312" and "cp936" for gbk, "utf16le", "utf16be").
func lookupEncoding(name string) (string, encoding.Encoding, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "utf-8", "utf8", "utf-8-bom":
		return EncodingUTF8, nil, nil
	case "gbk", "gb2312", "cp936":
		return EncodingGBK, simplifiedchinese.GBK, nil
	case "gb18030":
		return EncodingGB18030, simplifiedchinese.GB18030, nil
	case "utf-16le", "utf16le":
		return EncodingUTF16LE, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), nil
	case "utf-16be", "utf16be":
		return EncodingUTF16BE, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), nil
	}
	return "", nil, fmt.Errorf("%w %q (supported: auto, utf-8, gbk, gb18030, utf-16le, utf-16be)", ErrUnknownEncoding, name)
}

// NewDecoder returns a reader of r's text converted from the named
// encoding (a name Reader.Encoding reports) to UTF-8. Bytes invalid in the
// encoding become U+FFFD. UTF-8 is returned as it is.
func NewDecoder(name string, r io.Reader) (io.Reader, error) {
	_, enc, err := lookupEncoding(name)
	if err != nil {
		return nil, err
	}
	if enc == nil {
		return r, nil
	}
	return enc.NewDecoder().Reader(r), nil
}

// Lookup returns the named encoding (a name Reader.Encoding reports), nil
// for UTF-8. Its decoder turns bytes invalid in the encoding into U+FFFD.
func Lookup(name string) (encoding.Encoding, error) {
	_, enc, err := lookupEncoding(name)
	return enc, err
}

package values

import "testing"

func BenchmarkParseInt(b *testing.B) {
	cases := []struct {
		name, in string
		allowWan bool
	}{
		{"plain", "12345", false},
		{"thousands", "1,234,567", false},
		{"full-width", "１２，３４５", false},
		{"wan", "12.5万", true},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseInt(c.in, c.allowWan); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

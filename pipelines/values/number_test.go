package values

import (
	"errors"
	"math"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		allowWan bool
		want     int64
		wantErr  bool
	}{
		{"plain", "12", false, 12, false},
		{"zero", "0", false, 0, false},
		{"leading zeros", "007", false, 7, false},
		{"negative", "-12", false, -12, false},
		{"plus", "+12", false, 12, false},
		{"unicode minus", "\u221212", false, -12, false},
		{"full-width minus", "－12", false, -12, false},
		{"spaces around", "  12 ", false, 12, false},
		{"full-width digits", "１２３４５", false, 12345, false},
		{"thousands comma", "1,234", false, 1234, false},
		{"thousands comma millions", "12,345,678", false, 12345678, false},
		{"full-width thousands", "１２，３４５", false, 12345, false},
		{"full-width thousands with ideographic space", "\u3000１，２３４\u3000", false, 1234, false},
		{"thousands space", "1 234", false, 1234, false},
		{"thousands nbsp", "1\u00A0234", false, 1234, false},
		{"thousands thin space", "1\u2009234", false, 1234, false},
		{"negative thousands", "-1,234", false, -1234, false},
		{"excel .0", "12.0", false, 12, false},
		{"excel .00", "12.00", false, 12, false},
		{"excel .0 with thousands", "1,234.00", false, 1234, false},
		{"wan", "1.5万", true, 15000, false},
		{"wan 12.5", "12.5万", true, 125000, false},
		{"wan integer", "3万", true, 30000, false},
		{"wan with space", "1.5 万", true, 15000, false},
		{"wan full-width", "１．５万", true, 15000, false},
		{"wan four decimals", "1.2345万", true, 12345, false},
		{"wan trailing zeros", "1.23450万", true, 12345, false},
		{"wan negative", "-2.5万", true, -25000, false},
		{"max", "9223372036854775807", false, math.MaxInt64, false},
		{"min", "-9223372036854775808", false, math.MinInt64, false},

		{"empty", "", false, 0, true},
		{"null dash", "-", false, 0, true},
		{"null double dash", "--", false, 0, true},
		{"null word", "无", false, 0, true},
		{"plus alone", "+", false, 0, true},
		{"bad grouping", "1,2,3", false, 0, true},
		{"short group", "12,34", false, 0, true},
		{"long first group", "1234,567", false, 0, true},
		{"trailing comma", "1,234,", false, 0, true},
		{"leading comma", ",123", false, 0, true},
		{"mixed separators", "1,234 567", false, 0, true},
		{"fraction", "12.5", false, 0, true},
		{"trailing point", "12.", false, 0, true},
		{"leading point", ".0", false, 0, true},
		{"exponent", "1e3", false, 0, true},
		{"wan not allowed", "1.5万", false, 0, true},
		{"wan not integral", "1.23456万", true, 0, true},
		{"wan alone", "万", true, 0, true},
		{"percent", "12%", false, 0, true},
		{"letters", "12a", false, 0, true},
		{"unit", "12人", false, 0, true},
		{"currency", "¥12", false, 0, true},
		{"space after sign", "- 12", false, 0, true},
		{"double sign", "--12", false, 0, true},
		{"overflow", "9223372036854775808", false, 0, true},
		{"overflow negative", "-9223372036854775809", false, 0, true},
		{"overflow wan", "922337203685477.5808万", true, 0, true},
		{"huge", "123456789012345678901234567890", false, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInt(tt.in, tt.allowWan)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("ParseInt(%q) = %d, %v, want a *ParseError", tt.in, got, err)
				}
				if pe.Kind != KindInteger || pe.Value != tt.in || pe.Reason == "" {
					t.Errorf("ParseInt(%q) error = %+v, want Kind %q and Value %q with a reason", tt.in, pe, KindInteger, tt.in)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("ParseInt(%q, %v) = %d, %v, want %d", tt.in, tt.allowWan, got, err, tt.want)
			}
		})
	}
}

func TestParseFloat(t *testing.T) {
	tests := []struct {
		name                   string
		in                     string
		allowWan, allowPercent bool
		want                   float64
		wantErr                bool
	}{
		{"integer", "12", false, false, 12, false},
		{"decimal", "12.5", false, false, 12.5, false},
		{"negative", "-0.25", false, false, -0.25, false},
		{"negative zero is zero", "-0", false, false, 0, false},
		{"leading point", ".5", false, false, 0.5, false},
		{"thousands", "1,234.5", false, false, 1234.5, false},
		{"full-width", "１，２３４．５", false, false, 1234.5, false},
		{"space thousands", "1 234.5", false, false, 1234.5, false},
		{"exponent", "1.5E+03", false, false, 1500, false},
		{"exponent lower", "2e-3", false, false, 0.002, false},
		{"wan", "1.5万", true, false, 15000, false},
		{"wan exact", "1.1万", true, false, 11000, false},
		{"wan fraction", "1.23456万", true, false, 12345.6, false},
		{"percent", "12.5%", false, true, 0.125, false},
		{"percent full-width", "１２．５％", false, true, 0.125, false},
		{"percent with space", "12.5 %", false, true, 0.125, false},
		{"percent negative", "-3%", false, true, -0.03, false},
		{"percent exact", "0.1%", false, true, 0.001, false},
		{"percent hundred", "100%", false, true, 1, false},

		{"empty", "", false, false, 0, true},
		{"null dash", "-", false, false, 0, true},
		{"null slash", "/", false, false, 0, true},
		{"bad grouping", "1,2,3", false, false, 0, true},
		{"grouping and exponent", "1,234e5", false, false, 0, true},
		{"percent not allowed", "12.5%", false, false, 0, true},
		{"wan not allowed", "1.5万", false, true, 0, true},
		{"percent and wan", "1万%", true, true, 0, true},
		{"two points", "1.2.3", false, false, 0, true},
		{"trailing point", "12.", false, false, 0, true},
		{"lone point", ".", false, false, 0, true},
		{"bad exponent", "1e", false, false, 0, true},
		{"nan", "NaN", false, false, 0, true},
		{"inf", "Inf", false, false, 0, true},
		{"hex", "0x10", false, false, 0, true},
		{"underscore", "1_000", false, false, 0, true},
		{"overflow", "1e400", false, false, 0, true},
		{"huge exponent", "1e9999999999", false, false, 0, true},
		{"comma decimal", "1,5", false, false, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFloat(tt.in, tt.allowWan, tt.allowPercent)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("ParseFloat(%q) = %g, %v, want a *ParseError", tt.in, got, err)
				}
				if pe.Kind != KindNumber || pe.Value != tt.in {
					t.Errorf("ParseFloat(%q) error = %+v, want Kind %q and Value %q", tt.in, pe, KindNumber, tt.in)
				}
				return
			}
			if err != nil || got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
				t.Errorf("ParseFloat(%q, %v, %v) = %g, %v, want %g", tt.in, tt.allowWan, tt.allowPercent, got, err, tt.want)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := ParseInt("1,2,3", false)
	got := err.Error()
	want := `invalid integer "1,2,3": misplaced thousands separator`
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Every reason the parsers give has a Chinese form.
func TestReasonZh(t *testing.T) {
	inputs := []string{"", "-", "1,2,3", "1,234 567", "1,234e5", "1.", ".", "1e", "1e400", "12a", "1.5", "1e3",
		"1.23456万", "12%", "1.5万", "9223372036854775808"}
	for _, in := range inputs {
		for _, err := range []error{
			func() error { _, err := ParseInt(in, true); return err }(),
			func() error { _, err := ParseInt(in, false); return err }(),
			func() error { _, err := ParseFloat(in, false, false); return err }(),
		} {
			var pe *ParseError
			if errors.As(err, &pe) && pe.ReasonZh() == pe.Reason {
				t.Errorf("reason %q of %q has no Chinese form", pe.Reason, in)
			}
		}
	}
	for _, in := range []string{"2015", "2015-13", "2015-02-30", "0999-01-01", "60", "2958466", "2015-12/31", "x", "2015-12-31 08:30"} {
		_, _, err := ParseDate(in)
		var pe *ParseError
		if errors.As(err, &pe) && pe.ReasonZh() == pe.Reason {
			t.Errorf("reason %q of %q has no Chinese form", pe.Reason, in)
		}
	}
	for _, in := range []string{"2015-03", "2015-03-01 25:00", "2015-03-01 8:5", "43891.x"} {
		_, err := ParseDateTime(in)
		var pe *ParseError
		if errors.As(err, &pe) && pe.ReasonZh() == pe.Reason {
			t.Errorf("reason %q of %q has no Chinese form", pe.Reason, in)
		}
	}
}

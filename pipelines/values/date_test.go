package values

import (
	"errors"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in        string
		want      time.Time
		precision string
		wantErr   bool
	}{
		{"2015-12-31", day(2015, 12, 31), PrecisionDay, false},
		{"2015/12/31", day(2015, 12, 31), PrecisionDay, false},
		{"2015.12.31", day(2015, 12, 31), PrecisionDay, false},
		{"2015-1-5", day(2015, 1, 5), PrecisionDay, false},
		{"2015/01/05", day(2015, 1, 5), PrecisionDay, false},
		{"2015年12月31日", day(2015, 12, 31), PrecisionDay, false},
		{"2015年1月5日", day(2015, 1, 5), PrecisionDay, false},
		{"2015年1月5号", day(2015, 1, 5), PrecisionDay, false},
		{"2015年1月5", day(2015, 1, 5), PrecisionDay, false},
		{"2015 年 12 月", day(2015, 12, 1), PrecisionMonth, false},
		{"2015年12月", day(2015, 12, 1), PrecisionMonth, false},
		{"2015.12", day(2015, 12, 1), PrecisionMonth, false},
		{"2015-12", day(2015, 12, 1), PrecisionMonth, false},
		{"2015/2", day(2015, 2, 1), PrecisionMonth, false},
		{"20151231", day(2015, 12, 31), PrecisionDay, false},
		{"２０１５－１２－３１", day(2015, 12, 31), PrecisionDay, false},
		{" 2015-12-31 ", day(2015, 12, 31), PrecisionDay, false},
		{"2015-12-31 00:00:00", day(2015, 12, 31), PrecisionDay, false},
		{"2015/12/31 0:00", day(2015, 12, 31), PrecisionDay, false},
		{"2015-12-31T00:00:00", day(2015, 12, 31), PrecisionDay, false},
		{"2016-02-29", day(2016, 2, 29), PrecisionDay, false},
		{"42369", day(2015, 12, 31), PrecisionDay, false},
		{"1", day(1900, 1, 1), PrecisionDay, false},
		{"59", day(1900, 2, 28), PrecisionDay, false},
		{"61", day(1900, 3, 1), PrecisionDay, false},
		{"2958465", day(9999, 12, 31), PrecisionDay, false},
		{"36526", day(2000, 1, 1), PrecisionDay, false},

		{"60", time.Time{}, "", true}, // Excel's 1900-02-29
		{"0", time.Time{}, "", true},
		{"2958466", time.Time{}, "", true},
		{"42369.5", time.Time{}, "", true},
		{"", time.Time{}, "", true},
		{"-", time.Time{}, "", true},
		{"2015-13-01", time.Time{}, "", true},
		{"2015-02-29", time.Time{}, "", true},
		{"2015-12-32", time.Time{}, "", true},
		{"2015-12-00", time.Time{}, "", true},
		{"2015-00", time.Time{}, "", true},
		{"20151301", time.Time{}, "", true},
		{"2015-12/31", time.Time{}, "", true},
		{"15-12-31", time.Time{}, "", true},
		{"12/31/2015", time.Time{}, "", true},
		{"2015-12-31 08:30", time.Time{}, "", true},
		{"2015年", time.Time{}, "", true},
		{"2015", time.Time{}, "", true}, // a year alone, not Excel serial 2015
		{"1000", time.Time{}, "", true},
		{"9999", time.Time{}, "", true},
		{"999", day(1902, 9, 25), PrecisionDay, false},
		{"10000", day(1927, 5, 18), PrecisionDay, false},
		{"2015年12", time.Time{}, "", true},
		{"2015年12月31日 ", day(2015, 12, 31), PrecisionDay, false},
		{"0999-01-01", time.Time{}, "", true},
		{"201512311", time.Time{}, "", true},
		{"2015-123-1", time.Time{}, "", true},
		{"yesterday", time.Time{}, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, precision, err := ParseDate(tt.in)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Kind != KindDate || pe.Value != tt.in {
					t.Fatalf("ParseDate(%q) = %v, %q, %v, want a *ParseError of kind date", tt.in, got, precision, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) || precision != tt.precision {
				t.Errorf("ParseDate(%q) = %v, %q, %v, want %v, %q", tt.in, got, precision, err, tt.want, tt.precision)
			}
		})
	}
}

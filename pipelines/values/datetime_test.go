package values

import (
	"errors"
	"testing"
	"time"
)

func TestParseDateTime(t *testing.T) {
	at := func(y int, m time.Month, d, h, min, sec, ms int) time.Time {
		return time.Date(y, m, d, h, min, sec, ms*int(time.Millisecond), time.UTC)
	}
	tests := []struct {
		in      string
		want    time.Time
		wantErr bool
	}{
		{"2020-03-01 08:30", at(2020, 3, 1, 8, 30, 0, 0), false},
		{"2020/3/1 8:30:00", at(2020, 3, 1, 8, 30, 0, 0), false},
		{"2020-03-01T08:30:05", at(2020, 3, 1, 8, 30, 5, 0), false},
		{"2020-03-01 08:30:05.250", at(2020, 3, 1, 8, 30, 5, 250), false},
		{"2020.3.1 23:59:59", at(2020, 3, 1, 23, 59, 59, 0), false},
		{"2020年3月1日 08:30", at(2020, 3, 1, 8, 30, 0, 0), false},
		{"２０２０－０３－０１　０８：３０", at(2020, 3, 1, 8, 30, 0, 0), false},
		{"2020-03-01", at(2020, 3, 1, 0, 0, 0, 0), false},
		{"20200301", at(2020, 3, 1, 0, 0, 0, 0), false},
		{"2020-03-01  08:30", at(2020, 3, 1, 8, 30, 0, 0), false},
		// Excel serials: 43891 is 2020-03-01; 0.3541666667 of a day is 08:30.
		{"43891", at(2020, 3, 1, 0, 0, 0, 0), false},
		{"43891.3541666667", at(2020, 3, 1, 8, 30, 0, 0), false},
		{"43891.5", at(2020, 3, 1, 12, 0, 0, 0), false},
		{"43891.999999999", at(2020, 3, 2, 0, 0, 0, 0), false}, // rounds to the next midnight
		{"43891.99999999", at(2020, 3, 1, 23, 59, 59, 999), false},
		{"59.25", at(1900, 2, 28, 6, 0, 0, 0), false},
		{"2020-03", time.Time{}, true},
		{"2020年3月", time.Time{}, true},
		{"2020.03", time.Time{}, true}, // a month, not serial 2020 and a fraction
		{"2020", time.Time{}, true},
		{"60.5", time.Time{}, true},
		{"0.5", time.Time{}, true},
		{"2020-03-01 24:00", time.Time{}, true},
		{"2020-03-01 08:60", time.Time{}, true},
		{"2020-03-01 8:5", time.Time{}, true},
		{"2020-03-01 08:30:00.", time.Time{}, true},
		{"2020-03-01 08:30:00.1234567890", time.Time{}, true},
		{"2020-03-01 08:30 PM", time.Time{}, true},
		{"2020-02-30 08:30", time.Time{}, true},
		{"08:30", time.Time{}, true},
		{"", time.Time{}, true},
		{"-", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDateTime(tt.in)
			if tt.wantErr {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Kind != KindDateTime || pe.Value != tt.in || pe.Reason == "" {
					t.Fatalf("ParseDateTime(%q) = %v, %v, want a *ParseError of kind datetime", tt.in, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
				t.Errorf("ParseDateTime(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestCheckResidentID(t *testing.T) {
	tests := []struct {
		in, want string
		problem  IDProblem
	}{
		{"11010519491231002X", "11010519491231002X", IDOK}, // the example of GB 11643-1999
		{"11010519491231002x", "11010519491231002X", IDOK},
		{" 440310199001011230 ", "440310199001011230", IDOK},
		{"４４０３１０１９９００１０１１２３０", "440310199001011230", IDOK},
		{"440310 19900101 1230", "440310199001011230", IDOK},
		{"440310199001011231", "", IDCheckDigit},
		{"110105194912310021", "", IDCheckDigit},
		{"44031019900101123", "", IDLength},
		{"440310900101123", "", IDLength}, // first generation, 15 digits
		{"4403101990010112300", "", IDLength},
		{"4.40310199001011E+17", "", IDScientific},
		{"44031019900101123Y", "", IDFormat},
		{"4403101990O1011230", "", IDFormat},
		{"", "", IDLength},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, p := CheckResidentID(tt.in)
			if got != tt.want || p != tt.problem {
				t.Errorf("CheckResidentID(%q) = %q, %v, want %q, %v", tt.in, got, p, tt.want, tt.problem)
			}
			if p.String() == "" || p.String() == "invalid" {
				t.Errorf("problem %d has no description", p)
			}
		})
	}
}

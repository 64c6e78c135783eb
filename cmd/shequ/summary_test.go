package main

import (
	"testing"

	"shequ/internal/warehouse"
)

func TestTotalsLine(t *testing.T) {
	sum := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		name string
		m    warehouse.TotalsMismatch
		want string
	}{
		{
			name: "a text file",
			m: warehouse.TotalsMismatch{Line: 6, Label: "合计", Column: "resident", Header: "常住人口(人)", Stated: 529861,
				SumSincePrevious: sum(538861), SumOfSheet: sum(538861)},
			want: "totals do not add up: 人口.csv line 6 「合计」, 常住人口(人): stated 529,861; " +
				"the rows since the previous totals row sum to 538,861, the rows of the sheet to 538,861",
		},
		{
			// A workbook's subtotal after a row that could not be read: the
			// span since the previous totals row has no sum.
			name: "a sheet, a sum unknown",
			m: warehouse.TotalsMismatch{Sheet: "设施台账", Line: 40, Label: "坪山街道小计", Column: "floor_area_m2", Header: "建筑面积(平方米)",
				Stated: 1234.5, SumOfSheet: sum(-1000)},
			want: "totals do not add up: 人口.csv sheet 设施台账 row 40 「坪山街道小计」, 建筑面积(平方米): stated 1,234.5; " +
				"the rows since the previous totals row sum to unknown (a row could not be read), the rows of the sheet to -1,000",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := totalsLine("人口.csv", tc.m); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestFormatFigure(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 999: "999", 1000: "1,000", 538861: "538,861", -1234567.25: "-1,234,567.25", 0.005: "0.005"} {
		if got := formatFigure(v); got != want {
			t.Errorf("formatFigure(%v) = %q, want %q", v, got, want)
		}
	}
}

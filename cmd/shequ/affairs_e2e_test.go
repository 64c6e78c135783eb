package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestHandCalculatedAffairs runs the nightly batch over
// testdata/handcalc_affairs: a community affairs list (社区工作事项清单, GBK
// with CRLF and a title line, as Excel saves it on a Chinese Windows) and a
// facility ledger with the residents' activity area and self-service
// terminals in 2020, and an older ledger without those columns in 2015.
// Worked out by hand from the files:
//
// Affairs of 2020 (access reviewed / contracted / project), lines 3-15 of
// the list; line 1 the title (skipped above the header), line 2 the header:
//
//	水湾 …006002  4: 是/是/社会救助, 是/是/社会救助, 是/是/长者, 否/否
//	  → 4 affairs, contracted 3/4, without review 1/4, 2 projects
//	五湾 …006003  2: 是/否, 否/否 → 2, 0/2, 1/2, 0 projects
//	赤湾 …006004  3: 是/是/社会救助, blank/是/社会救助, 是/blank
//	  → 3, contracted 2/2 (the blank is left out), without review 0/2, 1 project
//	沿山 …006005  its only row says 准入 「待定」: quarantined (enum), so no list → NULL
//	董墅村 320402109201  2: 否/否, 否/否 → 2, 0/2, 2/2, 0 projects
//	line 14: an 11-digit code (code_format)
//
// rows_in 14 = 1 title + 13 rows; accepted 11, quarantined 2, skipped 1.
// Street 440305006 (model zhaoshang; 沿山 has no list and is left out):
// affairs (4+2+3)/3 = 3; contracted (3+0+2)/(4+2+2) = 5/8; without review
// (1+1+0)/8 = 1/4; projects (2+0+1)/3 = 1. All five: affairs 11/4,
// contracted 5/10, without review 4/10, projects 3/4.
//
// Facilities of 2020 (floor, activity area, terminals): 水湾 F1 600, 450,
// 1; 五湾 F2 1200, 600, 0, F3 300, 240, blank, F4 500, blank, blank (a
// health station: not counted in the share); 赤湾 F5 200, 250 — more than
// its floor area, quarantined (activity_area_le_floor_area) — and F6 100,
// 100, blank; 沿山 none; 董墅村 F7 300, 150, 0.
//
//	activity share: 水湾 450/600 = 0.75; 五湾 (600+240)/(1200+300) = 0.56;
//	赤湾 100/100 = 1; 沿山 NULL; 董墅村 150/300 = 0.5;
//	street (450+840+100)/(600+1500+100) = 1390/2200; all 1540/2500
//	terminals (urban communities only): 水湾 1; 五湾 0 (0 + blanks); 赤湾 NULL
//	(its one accepted facility leaves terminals blank); 沿山 0 (no facility,
//	and the 2020 ledger reports terminals); 董墅村 (class 220) 0/0 → NULL;
//	street 1/3 (赤湾 left out)
//
// The 2015 ledger has neither column: its share and coverage are NULL
// (unknown), not 0.
func TestHandCalculatedAffairs(t *testing.T) {
	dir := copyDir(t, "testdata/handcalc_affairs")
	mustShequ(t, "run", "--config", filepath.Join(dir, "shequ.yaml"))
	wh := filepath.Join(dir, "warehouse")

	rows := query(t, wh, `SELECT rows_in, accepted, quarantined, skipped FROM ingest_files WHERE source = 'community_affairs'`)
	if len(rows) != 1 {
		t.Fatalf("%d community_affairs files, want 1", len(rows))
	}
	var counts []string
	for _, c := range []string{"rows_in", "accepted", "quarantined", "skipped"} {
		v, _ := value(t, rows[0], c)
		counts = append(counts, fmt.Sprint(v))
	}
	if got, want := strings.Join(counts, "/"), "14/11/2/1"; got != want {
		t.Errorf("rows_in/accepted/quarantined/skipped = %s, want %s", got, want)
	}
	rows = query(t, wh, `SELECT source || ' ' || line || ' ' || "column" || ' ' || rule AS q FROM quarantine ORDER BY source, line`)
	var got []string
	for _, r := range rows {
		got = append(got, r["q"].(string))
	}
	want := []string{
		"community_affairs 14 community_code code_format",
		"community_affairs 15 access_reviewed enum",
		"facilities 6 activity_area_m2 activity_area_le_floor_area",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("quarantine:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	const (
		shuiwan, wuwan, chiwan, yanshan, dongshu = "440305006002", "440305006003", "440305006004", "440305006005", "320402109201"
	)
	for _, w := range []struct {
		period, community, indicator string
		value                        float64
		null                         string // part of null_reason when the value is NULL
	}{
		{"2020", shuiwan, "affairs_per_community", 4, ""},
		{"2020", wuwan, "affairs_per_community", 2, ""},
		{"2020", chiwan, "affairs_per_community", 3, ""},
		{"2020", yanshan, "affairs_per_community", 0, "denominator is 0"},
		{"2020", dongshu, "affairs_per_community", 2, ""},
		{"2020", shuiwan, "affairs_contracted_share", 0.75, ""},
		{"2020", wuwan, "affairs_contracted_share", 0, ""},
		{"2020", chiwan, "affairs_contracted_share", 1, ""},
		{"2020", yanshan, "affairs_contracted_share", 0, "missing"},
		{"2020", shuiwan, "affairs_unreviewed_share", 0.25, ""},
		{"2020", wuwan, "affairs_unreviewed_share", 0.5, ""},
		{"2020", chiwan, "affairs_unreviewed_share", 0, ""},
		{"2020", dongshu, "affairs_unreviewed_share", 1, ""},
		{"2020", shuiwan, "affair_projects_per_community", 2, ""},
		{"2020", wuwan, "affair_projects_per_community", 0, ""},
		{"2020", chiwan, "affair_projects_per_community", 1, ""},
		{"2020", yanshan, "affair_projects_per_community", 0, "denominator is 0"},
		{"2020", shuiwan, "activity_area_share", 0.75, ""},
		{"2020", wuwan, "activity_area_share", 0.56, ""},
		{"2020", chiwan, "activity_area_share", 1, ""},
		{"2020", yanshan, "activity_area_share", 0, "missing"},
		{"2020", dongshu, "activity_area_share", 0.5, ""},
		{"2020", shuiwan, "terminal_coverage_urban", 1, ""},
		{"2020", wuwan, "terminal_coverage_urban", 0, ""},
		{"2020", chiwan, "terminal_coverage_urban", 0, "missing"},
		{"2020", yanshan, "terminal_coverage_urban", 0, ""},
		{"2020", dongshu, "terminal_coverage_urban", 0, "denominator is 0"},
		{"2015", shuiwan, "activity_area_share", 0, "missing"},
		{"2015", shuiwan, "terminal_coverage_urban", 0, "missing"},
		{"2015", yanshan, "terminal_coverage_urban", 0, "missing"},
		{"2015", shuiwan, "affairs_per_community", 0, "denominator is 0"},
	} {
		checkValue(t, wh, w.period, w.community, w.indicator, w.value, w.null)
	}

	for _, w := range []struct {
		scope, id, indicator string
		value                float64
		null                 bool
	}{
		{"street", "440305006", "affairs_per_community", 3, false},
		{"model", "zhaoshang", "affairs_contracted_share", 5.0 / 8, false},
		{"model", "zhaoshang", "affairs_unreviewed_share", 0.25, false},
		{"model", "zhaoshang", "affair_projects_per_community", 1, false},
		{"model", "tianning", "affairs_unreviewed_share", 1, false},
		{"all", "all", "affairs_per_community", 11.0 / 4, false},
		{"all", "all", "affairs_contracted_share", 0.5, false},
		{"all", "all", "affairs_unreviewed_share", 0.4, false},
		{"all", "all", "affair_projects_per_community", 0.75, false},
		{"street", "440305006", "activity_area_share", 1390.0 / 2200, false},
		{"all", "all", "activity_area_share", 1540.0 / 2500, false},
		{"street", "440305006", "terminal_coverage_urban", 1.0 / 3, false},
		{"model", "tianning", "terminal_coverage_urban", 0, true}, // its one village is not urban
		{"all", "all", "terminal_coverage_urban", 1.0 / 3, false},
	} {
		checkScopeValue(t, wh, "2020", w.scope, w.id, w.indicator, w.value, w.null)
	}
}

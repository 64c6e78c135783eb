package reports

import (
	"context"
	"database/sql"

	"shequ/indicators"
	"shequ/standards"
)

// maxBelowListed is how many communities below a standard the workbook
// lists per indicator, furthest from it first; the rest are counted, and
// `shequ query` gives them all. 45 indicators × 10,000 stay well within a
// worksheet.
const maxBelowListed = 10_000

// belowShown is how many communities below a standard the HTML lists per
// indicator.
const belowShown = 10

// belowRow is a community below a standard.
type belowRow struct {
	ind    *indicators.Indicator
	comm   community
	v      float64
	gap    float64         // relative shortfall, signed
	lo, hi sql.NullFloat64 // 95 % interval of a value from a sample
	n      sql.NullFloat64 // its denominator: the respondents
}

// belowCounts are, per indicator, the communities below its standard
// (listed or not) and those whose value is suppressed for privacy.
type belowCounts struct {
	loaded          bool
	n, suppressed   map[string]int64
	top             map[string][]belowRow // the first belowShown per indicator
	communitiesWith map[string]int64      // communities with a value
}

// loadBelow reads, per indicator with a standard, the communities whose
// value does not meet it, furthest first (by shortfall relative to the
// standard), at most perIndicator of them, and calls fn for each, in
// catalog order; it records the counts and the first belowShown of each
// indicator in d.below.
func (d *dataset) loadBelow(ctx context.Context, db *sql.DB, perIndicator int, fn func(belowRow) error) error {
	d.below = belowCounts{loaded: true, n: map[string]int64{}, suppressed: map[string]int64{},
		top: map[string][]belowRow{}, communitiesWith: map[string]int64{}}
	std, stdArgs, ok := d.standardsSQL()
	if !ok {
		return nil
	}
	vis, args := d.visibleSQL("indicator_values", "community_code", "", nil)
	meets := standards.CompareSQL("std.op", "vis.value", "std.value")
	head := vis + `, ` + std + `,
b AS (SELECT vis.indicator_id, vis.community_code, vis.value, vis.sup, std.ord, vis.ci_low, vis.ci_high, vis.denominator,
             (vis.value - std.value) / CASE WHEN std.value = 0 THEN 1 ELSE abs(std.value) END AS gap
      FROM vis JOIN std USING (indicator_id)
      WHERE vis.value IS NOT NULL AND CASE WHEN std.sampled THEN coalesce(vis.below_standard = 'below', false) ELSE NOT (` + meets + `) END)
`
	args = append(args, stdArgs...)
	if err := scan(ctx, db, head+`SELECT indicator_id, count(*) FILTER (WHERE NOT sup), count(*) FILTER (WHERE sup) FROM b GROUP BY ALL`, args,
		func(r *sql.Rows) error {
			var id string
			var n, sup int64
			if err := r.Scan(&id, &n, &sup); err != nil {
				return err
			}
			d.below.n[id], d.below.suppressed[id] = n, sup
			return nil
		}); err != nil {
		return err
	}
	q := head + `, r AS (SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY abs(gap) DESC, community_code) AS rn FROM b WHERE NOT sup)
SELECT r.indicator_id, r.community_code, coalesce(c.community_name, ''), coalesce(c.street_code, ''), coalesce(c.street_name, ''),
       coalesce(c.model_id, ''), r.value, r.gap, r.ci_low, r.ci_high, r.denominator
FROM r JOIN communities c ON c.period = ? AND c.community_code = r.community_code
WHERE r.rn <= ?
ORDER BY r.ord, r.rn`
	return scan(ctx, db, q, append(args, d.period, perIndicator), func(r *sql.Rows) error {
		var id string
		var x belowRow
		if err := r.Scan(&id, &x.comm.code, &x.comm.name, &x.comm.streetCode, &x.comm.streetName, &x.comm.modelID, &x.v, &x.gap, &x.lo, &x.hi, &x.n); err != nil {
			return err
		}
		x.ind = d.indicator(id)
		if x.ind == nil {
			return nil
		}
		if len(d.below.top[id]) < belowShown {
			d.below.top[id] = append(d.below.top[id], x)
		}
		if fn != nil {
			return fn(x)
		}
		return nil
	})
}

// belowSheet: the communities below each standard, furthest first, at
// most maxBelowListed per indicator. The gap of a percent indicator is in
// percentage points (formatGap).
func (b *book) belowSheet(name string) {
	d, l := b.d, b.d.lang
	s := b.newSheet(name, []string{ui.Indicator.in(l), ui.Standard.in(l), ui.CommunityCode.in(l), ui.CommunityName.in(l),
		ui.Street.in(l), ui.Model.in(l), ui.Value.in(l), ui.Gap.in(l), ui.GapRelative.in(l)}, 0)
	rows := 0
	b.do(func() error {
		return d.loadBelow(b.ctx, b.db, maxBelowListed, func(r belowRow) error {
			modelName := ""
			if m, ok := d.modelByID(r.comm.modelID); ok {
				modelName = d.modelName(m)
			}
			gap := r.v - r.ind.StandardValue
			rel := s.empty()
			if r.ind.StandardValue != 0 {
				rel = s.number(r.gap, fmtShare, formatValue("percent", r.gap), false)
			}
			s.add(s.text(d.name(r.ind)), s.text(d.standardText(r.ind)), s.text(r.comm.code), s.text(r.comm.name),
				s.text(r.comm.streetName), s.text(modelName),
				s.number(r.v, excelFormat(r.ind.Format), formatValue(r.ind.Format, r.v), true),
				s.number(gapExcelValue(r.ind, gap), gapExcelFormat(r.ind, l), formatGap(r.ind, gap, l), false), rel)
			rows++
			return nil
		})
	})
	s.gap(1)
	if rows == 0 {
		s.note(ui.NoteNoBelow.in(l))
	}
	if from := d.standardsFrom(uiPlans.Sheet); from != "" {
		s.note(from)
	}
	b.plansBelow(s)
	for _, ind := range d.catalog {
		if n := d.below.n[ind.ID]; n > maxBelowListed {
			s.note(d.name(ind) + ": " + ui.NoteBelowMore.f(l, n-maxBelowListed, n, ind.ID, d.period))
		}
		if n := d.below.suppressed[ind.ID]; n > 0 {
			s.note(d.name(ind) + ": " + ui.NoteBelowSuppressed.f(l, n))
		}
	}
	s.finish()
}

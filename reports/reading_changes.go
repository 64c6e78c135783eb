package reports

import (
	"context"
	"database/sql"
	"math"
	"sort"

	"shequ/indicators"
)

// modelChange is the change of a model's overall value since the
// previous period (indicator_changes, scope model).
type modelChange struct {
	indicator, model, previousPeriod string
	previous, value, change          float64
	status                           string // improved or declined
}

// loadModelChanges reads, from indicator_changes, the changes of the
// models' values since the previous period that improved or declined.
// A change is left out when either value is suppressed for privacy: the
// current one by the dataset's flags (scopeSuppressed, checked where it
// is used), the previous one by the same rule applied to the previous
// period (visibleSQL). Nil when the warehouse has no indicator_changes
// (built before it existed) or the period no earlier one.
func (d *dataset) loadModelChanges(ctx context.Context, db *sql.DB) ([]modelChange, error) {
	if !d.tables["indicator_changes"] {
		return nil, nil
	}
	var prevs []string
	if err := scan(ctx, db, `SELECT DISTINCT previous_period FROM indicator_changes WHERE period = ? AND scope = 'model' ORDER BY 1`,
		[]any{d.period}, func(r *sql.Rows) error {
			var p string
			err := r.Scan(&p)
			prevs = append(prevs, p)
			return err
		}); err != nil {
		return nil, err
	}
	var out []modelChange
	for _, p := range prevs {
		prev := *d // the same catalog and threshold, over the previous period
		prev.period = p
		vis, args := prev.visibleSQL("indicator_scope_values", "scope, scope_id", "t.scope = 'model'", nil)
		q := vis + `SELECT c.indicator_id, c.scope_id, c.previous_value, c.value, c.change, c.status
FROM indicator_changes c
LEFT JOIN vis ON vis.scope = c.scope AND vis.scope_id = c.scope_id AND vis.indicator_id = c.indicator_id
WHERE c.period = ? AND c.previous_period = ? AND c.scope = 'model' AND c.status IN ('improved', 'declined')
  AND c.previous_value IS NOT NULL AND c.value IS NOT NULL AND c.change IS NOT NULL AND NOT coalesce(vis.sup, false)
ORDER BY c.indicator_id, c.scope_id`
		err := scan(ctx, db, q, append(args, d.period, p), func(r *sql.Rows) error {
			x := modelChange{previousPeriod: p}
			if err := r.Scan(&x.indicator, &x.model, &x.previous, &x.value, &x.change, &x.status); err != nil {
				return err
			}
			out = append(out, x)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// changeSentence names the largest change of a model's overall value
// since the previous period, as a share of the earlier value: over the
// indicators with a direction that are not differences of two others
// (a difference can cross 0, and its share of change means nothing),
// with an earlier value above 0 and no suppressed value. Ties go to
// catalog, then model, order.
func (d *dataset) changeSentence(changes []modelChange) (string, bool) {
	type cand struct {
		x   modelChange
		ind *indicators.Indicator
		m   model
		rel float64
	}
	var cs []cand
	for _, ind := range d.catalog {
		if ind.Direction != indicators.HigherIsBetter && ind.Direction != indicators.LowerIsBetter ||
			ind.Aggregate == indicators.AggregateDifference {
			continue
		}
		for _, x := range changes {
			if x.indicator != ind.ID || !(x.previous > 0) || d.scopeSuppressed("model", x.model, ind) {
				continue
			}
			m, ok := d.modelByID(x.model)
			if !ok {
				continue
			}
			cs = append(cs, cand{x, ind, m, x.change / x.previous})
		}
	}
	if len(cs) == 0 {
		return "", false
	}
	sort.SliceStable(cs, func(i, j int) bool { return math.Abs(cs[i].rel) > math.Abs(cs[j].rel) })
	c, l := cs[0], d.lang
	moved, verdict := rd.Rose.in(l), rd.Improved.in(l)
	if c.x.change < 0 {
		moved = rd.Fell.in(l)
	}
	if c.x.status == "declined" {
		verdict = rd.Declined.in(l)
	}
	rel := formatShare(math.Abs(c.rel))
	if c.rel > 0 {
		rel = "+" + rel
	} else {
		rel = "-" + rel
	}
	return rd.FindChange.f(l, c.x.previousPeriod, d.modelName(c.m), d.name(c.ind), d.valueWithUnit(c.ind, c.x.previous), moved,
		d.valueWithUnit(c.ind, c.x.value), formatGap(c.ind, c.x.change, l), rel, verdict), true
}

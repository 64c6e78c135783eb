package reports

import (
	"context"
	"database/sql"
	"math"
	"strings"

	"shequ/indicators"
	"shequ/standards"
)

// What the sections on change, place, streets and uncertainty read. Each
// reads a bounded amount whatever the number of communities: scope rows,
// the streets furthest from a standard, and for the map one indicator's
// coordinates and values (three numbers a community).

// changeRow is one scope's change of an indicator since the previous
// period (indicator_changes).
type changeRow struct {
	scope, id                    string
	v, prev, change              sql.NullFloat64
	status                       string
	improved, held, declined, nc sql.NullInt64
}

// loadChanges reads the change of every indicator for all communities and
// each model.
func (d *dataset) loadChanges(ctx context.Context, db *sql.DB) error {
	d.changes, d.prevPeriod = map[string][]changeRow{}, map[string]string{}
	return scan(ctx, db, `SELECT indicator_id, previous_period, scope, scope_id, value, previous_value, change, coalesce(status, ''),
       communities_improved, communities_held, communities_declined, communities_not_comparable
FROM indicator_changes WHERE period = ? AND scope IN ('all', 'model')
ORDER BY indicator_id, scope <> 'all', scope_id`, []any{d.period}, func(r *sql.Rows) error {
		var id, prev string
		var x changeRow
		if err := r.Scan(&id, &prev, &x.scope, &x.id, &x.v, &x.prev, &x.change, &x.status,
			&x.improved, &x.held, &x.declined, &x.nc); err != nil {
			return err
		}
		d.prevPeriod[id] = prev
		d.changes[id] = append(d.changes[id], x)
		return nil
	})
}

// loadPlaces reads the map panels of mapIndicators and the coverage of
// the 0/1 indicators.
func (d *dataset) loadPlaces(ctx context.Context, db *sql.DB) error {
	d.maps, d.coverage = map[string][]mapPanel{}, map[string][2][]coverageRow{}
	for _, id := range mapIndicators {
		if ind := d.indicator(id); ind != nil {
			panels, err := d.loadMap(ctx, db, ind)
			if err != nil {
				return err
			}
			d.maps[id] = panels
		}
	}
	for _, ind := range d.catalog {
		if binary(ind) {
			models, streets, err := d.loadCoverage(ctx, db, ind)
			if err != nil {
				return err
			}
			d.coverage[ind.ID] = [2][]coverageRow{models, streets}
		}
	}
	return nil
}

// mapIndicators are the indicators the map is drawn for, the first ones
// the catalog has: the share of residents within walking distance of a
// centre (from the same coordinates) and the facility area.
var mapIndicators = []string{"walk_500m_share", "floor_area_per_100hh"}

// mapDotLabels is the most communities whose dots carry a name.
const mapDotLabels = 3000

// loadMap reads the coordinates and published value of every community
// for one indicator, as map panels: one per model, then the communities
// in no model.
func (d *dataset) loadMap(ctx context.Context, db *sql.DB, ind *indicators.Indicator) ([]mapPanel, error) {
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.indicator_id = ?", []any{ind.ID})
	q := vis + `SELECT coalesce(c.lat, 'NaN'::DOUBLE), coalesce(c.lon, 'NaN'::DOUBLE), coalesce(c.model_id, ''),
       vis.value, coalesce(vis.sup, false), CASE WHEN ? THEN coalesce(c.community_name, '') || ' ' || c.community_code ELSE '' END
FROM communities c LEFT JOIN vis ON vis.community_code = c.community_code
WHERE c.period = ?
ORDER BY c.community_code`
	byModel := map[string]int{}
	var panels []mapPanel
	for _, m := range d.models {
		byModel[m.id] = len(panels)
		panels = append(panels, mapPanel{Name: d.modelName(m), Color: m.color})
	}
	other := -1
	err := scan(ctx, db, q, append(args, d.nComms <= mapDotLabels, d.period), func(r *sql.Rows) error {
		var p mapPoint
		var model string
		var v sql.NullFloat64
		var sup bool
		if err := r.Scan(&p.Lat, &p.Lon, &model, &v, &sup, &p.Label); err != nil {
			return err
		}
		p.Value, p.Null = v.Float64, !v.Valid || sup
		if p.Null {
			p.Value = math.NaN()
		}
		i, ok := byModel[model]
		if !ok {
			if other < 0 {
				other = len(panels)
				panels = append(panels, mapPanel{Name: uiMore.NoModelPanel.in(d.lang)})
			}
			i = other
		}
		panels[i].Points = append(panels[i].Points, p)
		return nil
	})
	return panels, err
}

// coverageRow is the number of communities with a value of a 0/1
// indicator in a group, and of those with the service.
type coverageRow struct {
	label, model   string
	covered, total int
}

// loadCoverage reads, for a 0/1 indicator, the communities covered per
// model and per street (published values only).
func (d *dataset) loadCoverage(ctx context.Context, db *sql.DB, ind *indicators.Indicator) (models, streets []coverageRow, err error) {
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.indicator_id = ?", []any{ind.ID})
	q := vis + `, x AS (SELECT c.model_id, c.street_code, c.street_name, c.district_name, vis.value
	FROM vis JOIN communities c ON c.period = vis.period AND c.community_code = vis.community_code
	WHERE vis.value IS NOT NULL AND NOT vis.sup)
SELECT 'model', coalesce(model_id, ''), '', count(*) FILTER (WHERE value >= 1), count(*) FROM x GROUP BY model_id
UNION ALL
SELECT 'street', coalesce(street_code, ''), coalesce(district_name, '') || ' ' || coalesce(street_name, street_code, ''),
       count(*) FILTER (WHERE value >= 1), count(*) FROM x GROUP BY ALL`
	err = scan(ctx, db, q, args, func(r *sql.Rows) error {
		var kind, id string
		var x coverageRow
		if err := r.Scan(&kind, &id, &x.label, &x.covered, &x.total); err != nil {
			return err
		}
		if kind == "street" {
			streets = append(streets, x)
			return nil
		}
		m, ok := d.modelByID(id)
		if !ok {
			return nil
		}
		x.label, x.model = d.modelName(m), m.color
		models = append(models, x)
		return nil
	})
	return models, streets, err
}

// streetsShown is how many of the streets furthest from a standard the
// report lists per indicator.
const streetsShown = 10

// streetRow is a street below a standard.
type streetRow struct {
	code, name, district, model string
	v, gini                     sql.NullFloat64
	below, with                 sql.NullInt64
	ci                          [2]sql.NullFloat64
}

// worstEnd is the end of a 95 % interval furthest on the good side of a
// standard: the interval is wholly below the standard when even that end
// misses it.
const worstEnd = "(CASE WHEN std.op IN ('>=', '>') THEN vis.ci_high ELSE vis.ci_low END)"

// loadStreets reads, per indicator with a standard (not a 0/1 one), the
// number of streets with a value and below the standard, and the
// streetsShown furthest from it, with the Gini coefficient between the
// street's communities.
func (d *dataset) loadStreets(ctx context.Context, db *sql.DB) error {
	d.streetsBelow, d.streetCounts = map[string][]streetRow{}, map[string][2]int64{}
	std, stdArgs, ok := d.standardsSQL()
	if !ok {
		return nil
	}
	vis, args := d.visibleSQL("indicator_scope_values", "scope, scope_id", "t.scope = 'street'", nil)
	meets := standards.CompareSQL("std.op", "vis.value", "std.value")
	q := vis + `, ` + std + `,
s AS (SELECT vis.indicator_id, vis.scope_id, vis.value, vis.ci_low, vis.ci_high, vis.communities_below_standard, vis.communities_with_value,
             CASE WHEN std.sampled THEN vis.ci_high IS NOT NULL AND NOT (` + strings.ReplaceAll(meets, "vis.value", worstEnd) + `)
                  ELSE NOT (` + meets + `) END AS below,
             abs(vis.value - std.value) AS gap
      FROM vis JOIN std USING (indicator_id) WHERE vis.value IS NOT NULL AND NOT vis.sup),
n AS (SELECT indicator_id, count(*) AS streets, count(*) FILTER (WHERE below) AS below FROM s GROUP BY ALL),
r AS (SELECT *, row_number() OVER (PARTITION BY indicator_id ORDER BY gap DESC, scope_id) AS rn FROM s WHERE below),
names AS (SELECT street_code, any_value(street_name) AS street_name, any_value(district_name) AS district_name,
                 CASE WHEN count(DISTINCT model_id) = 1 THEN any_value(model_id) END AS model_id
          FROM communities WHERE period = ? GROUP BY street_code)
SELECT n.indicator_id, n.streets, n.below, coalesce(r.scope_id, ''), coalesce(names.street_name, r.scope_id, ''), coalesce(names.district_name, ''),
       coalesce(names.model_id, ''), r.value, r.ci_low, r.ci_high, g.value, r.communities_below_standard, r.communities_with_value
FROM n LEFT JOIN r ON r.indicator_id = n.indicator_id AND r.rn <= ?
LEFT JOIN names ON names.street_code = r.scope_id
LEFT JOIN equalization g ON g.period = ? AND g.scope = 'street' AND g.scope_id = r.scope_id AND g.indicator_id = r.indicator_id AND g.measure = 'gini'
ORDER BY n.indicator_id, r.rn`
	args = append(args, stdArgs...)
	args = append(args, d.period, streetsShown, d.period)
	return scan(ctx, db, q, args, func(r *sql.Rows) error {
		var id string
		var n [2]int64
		var x streetRow
		if err := r.Scan(&id, &n[0], &n[1], &x.code, &x.name, &x.district, &x.model, &x.v, &x.ci[0], &x.ci[1], &x.gini, &x.below, &x.with); err != nil {
			return err
		}
		d.streetCounts[id] = n
		if x.code != "" {
			d.streetsBelow[id] = append(d.streetsBelow[id], x)
		}
		return nil
	})
}

// intervalRow is a scope's value of an indicator from a sample.
type intervalRow struct {
	scope, id            string
	v, lo, hi, den       sql.NullFloat64
	with, meeting, below sql.NullInt64
	sup                  bool
}

// loadIntervals reads the values of the indicators from a sample for all
// communities and each model, with their intervals and the communities
// meeting the standard, surely below it, and neither.
func (d *dataset) loadIntervals(ctx context.Context, db *sql.DB) error {
	d.intervals = map[string][]intervalRow{}
	if len(d.sampled()) == 0 {
		return nil
	}
	vis, args := d.visibleSQL("indicator_scope_values", "scope, scope_id", "t.scope IN ('all', 'model')", nil)
	q := vis + `SELECT indicator_id, scope, scope_id, value, ci_low, ci_high, denominator,
       communities_with_value, communities_meeting_standard, communities_below_standard, sup
FROM vis ORDER BY indicator_id, scope <> 'all', scope_id`
	return scan(ctx, db, q, args, func(r *sql.Rows) error {
		var id string
		var x intervalRow
		if err := r.Scan(&id, &x.scope, &x.id, &x.v, &x.lo, &x.hi, &x.den, &x.with, &x.meeting, &x.below, &x.sup); err != nil {
			return err
		}
		if ind := d.indicator(id); ind != nil && ind.Interval != "" {
			d.intervals[id] = append(d.intervals[id], x)
		}
		return nil
	})
}

package reports

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"shequ/indicators"
)

// The HTML report reads well at any size. Communities are drawn one by one
// only in groups a reader can take in: the whole period when it has at most
// perCommunityMax communities, otherwise each model that has at most that
// many. Beyond that the report shows distributions (per model and per
// province), the best and the worst communities, and points to the
// workbook for the rest; so its size does not grow with the number of
// communities.

// perCommunityMax is the largest group drawn community by community.
const perCommunityMax = 300

// extremesShown is how many of the best and of the worst communities the
// report lists per indicator when it does not draw them all.
const extremesShown = 20

// dist is the distribution of one indicator over a group of communities.
type dist struct {
	group, label                 string // "model:<id>", "province:<code>", "all"
	n                            int64
	p05, p25, p50, p75, p95, avg float64
}

// extreme is one of the best or worst communities of an indicator.
type extreme struct {
	comm community
	v    float64
	best bool
	rank int64
}

// loadHTML reads what the HTML report needs beyond the dataset: the
// communities drawn one by one, and for a larger period the distributions
// and the best and worst communities; and the lists below standard when
// the workbook did not read them.
func (d *dataset) loadHTML(ctx context.Context, db *sql.DB) error {
	type loader struct {
		name string
		load func(context.Context, *sql.DB) error
	}
	steps := []loader{{"detail", d.loadDetail}, {"changes", d.loadChanges}, {"streets", d.loadStreets}, {"intervals", d.loadIntervals}, {"map and coverage", d.loadPlaces}}
	if !d.below.loaded {
		steps = append([]loader{{"below standard", func(ctx context.Context, db *sql.DB) error {
			return d.loadBelow(ctx, db, belowShown, nil)
		}}}, steps...)
	}
	if d.large() {
		steps = append(steps, loader{"distributions", d.loadDistributions}, loader{"best and worst", d.loadExtremes})
	}
	t := time.Now()
	for _, s := range steps {
		if err := s.load(ctx, db); err != nil {
			return err
		}
		t = d.step(s.name, t)
	}
	return nil
}

// large reports whether the period has too many communities to draw them
// all one by one.
func (d *dataset) large() bool { return d.nComms > perCommunityMax }

// loadDetail reads the communities drawn one by one, with their values.
func (d *dataset) loadDetail(ctx context.Context, db *sql.DB) error {
	where, args := "", []any(nil)
	if d.large() {
		var small []string
		for _, m := range d.models {
			if m.communities <= perCommunityMax {
				small = append(small, m.id)
				args = append(args, m.id)
			}
		}
		if len(small) == 0 {
			return nil
		}
		where = "c.model_id IN (" + placeholders(len(small)) + ")"
	}
	d.values = map[string]map[string]value{}
	return d.eachCommunity(ctx, db, where, args, func(r *communityRow) error {
		c := r.community
		c.code, c.name, c.streetCode, c.streetName = strings.Clone(c.code), strings.Clone(c.name), strings.Clone(c.streetCode), strings.Clone(c.streetName)
		c.districtCode, c.districtName, c.urClass, c.modelID = strings.Clone(c.districtCode), strings.Clone(c.districtName), strings.Clone(c.urClass), strings.Clone(c.modelID)
		d.detail = append(d.detail, c)
		vals := make(map[string]value, len(d.catalog))
		for i, ind := range d.catalog {
			x := r.vals[i]
			vals[ind.ID] = value{v: sql.NullFloat64{Float64: x.v, Valid: x.ok}, num: x.num, den: x.den,
				nullReason: strings.Clone(x.reason), sup: x.sup}
		}
		d.values[c.code] = vals
		return nil
	})
}

// loadDistributions reads, per indicator, the quantiles of the published
// community values over the whole period, per model and per province
// (the first two digits of the community code).
func (d *dataset) loadDistributions(ctx context.Context, db *sql.DB) error {
	d.dists2 = map[string][]dist{}
	vis, args := d.visibleSQL("indicator_values", "community_code", "", nil)
	q := vis + `, x AS (SELECT vis.indicator_id, vis.value, coalesce(c.model_id, '') AS model_id, left(vis.community_code, 2) AS province
	FROM vis JOIN communities c ON c.period = vis.period AND c.community_code = vis.community_code
	WHERE NOT vis.sup AND vis.value IS NOT NULL)
SELECT indicator_id, g, count(*), quantile_cont(value, 0.05), quantile_cont(value, 0.25), quantile_cont(value, 0.5),
       quantile_cont(value, 0.75), quantile_cont(value, 0.95), avg(value)
FROM (SELECT indicator_id, value, 'all' AS g FROM x
      UNION ALL SELECT indicator_id, value, 'model:' || model_id FROM x WHERE model_id <> ''
      UNION ALL SELECT indicator_id, value, 'province:' || province FROM x)
GROUP BY ALL ORDER BY indicator_id, g`
	return scan(ctx, db, q, args, func(r *sql.Rows) error {
		var id string
		var x dist
		if err := r.Scan(&id, &x.group, &x.n, &x.p05, &x.p25, &x.p50, &x.p75, &x.p95, &x.avg); err != nil {
			return err
		}
		x.label = d.groupLabel(x.group)
		d.dists2[id] = append(d.dists2[id], x)
		return nil
	})
}

// groupLabel names a distribution's group.
func (d *dataset) groupLabel(g string) string {
	kind, id, _ := strings.Cut(g, ":")
	switch kind {
	case "all":
		return ui.AllCommunities.in(d.lang)
	case "model":
		if m, ok := d.modelByID(id); ok {
			return d.modelName(m)
		}
	case "province":
		if p, ok := provinces[id]; ok {
			return p.in(d.lang)
		}
	}
	return id
}

// loadExtremes reads, per indicator with a direction, the extremesShown
// best and worst communities whose values are published.
func (d *dataset) loadExtremes(ctx context.Context, db *sql.DB) error {
	d.extremes = map[string][]extreme{}
	vis, args := d.visibleSQL("indicator_values", "community_code", "", nil)
	q := vis + `, r AS (SELECT vis.indicator_id, vis.community_code, vis.value,
	row_number() OVER (PARTITION BY vis.indicator_id ORDER BY vis.value DESC, vis.community_code) AS hi,
	row_number() OVER (PARTITION BY vis.indicator_id ORDER BY vis.value ASC, vis.community_code) AS lo
	FROM vis WHERE NOT vis.sup AND vis.value IS NOT NULL)
SELECT r.indicator_id, r.community_code, coalesce(c.community_name, ''), coalesce(c.street_name, ''), coalesce(c.model_id, ''),
       r.value, r.hi, r.lo
FROM r JOIN communities c ON c.period = ? AND c.community_code = r.community_code
WHERE r.hi <= ? OR r.lo <= ?
ORDER BY r.indicator_id, r.hi`
	return scan(ctx, db, q, append(args, d.period, extremesShown, extremesShown), func(r *sql.Rows) error {
		var id string
		var x extreme
		var hi, lo int64
		if err := r.Scan(&id, &x.comm.code, &x.comm.name, &x.comm.streetName, &x.comm.modelID, &x.v, &hi, &lo); err != nil {
			return err
		}
		ind := d.indicator(id)
		if ind == nil || ind.Direction == indicators.Neutral {
			return nil
		}
		higher := ind.Direction == indicators.HigherIsBetter
		if hi <= extremesShown {
			e := x
			e.best, e.rank = higher, hi
			d.extremes[id] = append(d.extremes[id], e)
		}
		if lo <= extremesShown {
			e := x
			e.best, e.rank = !higher, lo
			d.extremes[id] = append(d.extremes[id], e)
		}
		return nil
	})
}

// binary reports whether an indicator's community value is 0 or 1 — a
// service present or not (the centre_coverage indicators). Its standard is
// a share of communities (100 % of urban communities, 80 % of rural
// ones), so it is compared at street, model and district level and
// drawn as the share of communities covered, never community by
// community.
func binary(ind *indicators.Indicator) bool { return strings.HasPrefix(ind.ID, "centre_coverage") }

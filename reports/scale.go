package reports

import (
	"context"
	"database/sql"
	"fmt"
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
	steps := []loader{{"detail", d.loadDetail}, {"changes", d.loadChanges}, {"model changes", func(ctx context.Context, db *sql.DB) (err error) {
		d.modelChanges, err = d.loadModelChanges(ctx, db)
		return err
	}}, {"streets", d.loadStreets}, {"intervals", d.loadIntervals}, {"map and coverage", d.loadPlaces}}
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
				nullReason: strings.Clone(x.reason), sup: x.sup, below: x.below}
		}
		d.values[c.code] = vals
		return nil
	})
}

// loadDistributions reads, per indicator, the quantiles of the published
// community values over the whole period, per model and per province
// (the first two digits of the community code): one pass over the values
// with grouping sets, and the five quantiles from one sort per group.
func (d *dataset) loadDistributions(ctx context.Context, db *sql.DB) error {
	d.dists2 = map[string][]dist{}
	ids := d.distributed()
	if len(ids) == 0 {
		return nil
	}
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.indicator_id IN ("+placeholders(len(ids))+")", ids)
	q := vis + `, x AS (SELECT vis.indicator_id, vis.value, coalesce(c.model_id, '') AS model_id, left(vis.community_code, 2) AS province
	FROM vis JOIN communities c ON c.period = vis.period AND c.community_code = vis.community_code
	WHERE NOT vis.sup AND vis.value IS NOT NULL)
SELECT indicator_id,
       CASE WHEN GROUPING(model_id) = 0 THEN 'model:' || model_id WHEN GROUPING(province) = 0 THEN 'province:' || province ELSE 'all' END,
       count(*), quantile_cont(value, [0.05, 0.25, 0.5, 0.75, 0.95]), avg(value)
FROM x
GROUP BY GROUPING SETS ((indicator_id), (indicator_id, model_id), (indicator_id, province))
HAVING GROUPING(model_id) = 1 OR model_id <> ''
ORDER BY 1, 2`
	return scan(ctx, db, q, args, func(r *sql.Rows) error {
		var id string
		var x dist
		var qs duckdbList
		if err := r.Scan(&id, &x.group, &x.n, &qs, &x.avg); err != nil {
			return err
		}
		if len(qs) != 5 {
			return fmt.Errorf("distribution of %s: %d quantiles, want 5", id, len(qs))
		}
		x.p05, x.p25, x.p50, x.p75, x.p95 = qs[0], qs[1], qs[2], qs[3], qs[4]
		x.label = d.groupLabel(x.group)
		d.dists2[id] = append(d.dists2[id], x)
		return nil
	})
}

// duckdbList scans a DuckDB list of DOUBLE.
type duckdbList []float64

func (l *duckdbList) Scan(src any) error {
	vs, ok := src.([]any)
	if !ok {
		return fmt.Errorf("list of DOUBLE: got %T", src)
	}
	*l = (*l)[:0]
	for _, v := range vs {
		f, ok := v.(float64)
		if !ok {
			return fmt.Errorf("list of DOUBLE: element %T", v)
		}
		*l = append(*l, f)
	}
	return nil
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
// best and worst communities whose values are published: DuckDB keeps the
// top extremesShown of each end per indicator (max_by and min_by with a
// count; ties by community code), so nothing is sorted but them.
func (d *dataset) loadExtremes(ctx context.Context, db *sql.DB) error {
	d.extremes = map[string][]extreme{}
	ids := d.distributed()
	if len(ids) == 0 {
		return nil
	}
	vis, args := d.visibleSQL("indicator_values", "community_code", "t.indicator_id IN ("+placeholders(len(ids))+")", ids)
	q := vis + fmt.Sprintf(`, e AS (SELECT indicator_id,
	max_by(community_code, (value, community_code), %[1]d) AS hi, min_by(community_code, (value, community_code), %[1]d) AS lo
	FROM vis WHERE NOT sup AND value IS NOT NULL GROUP BY indicator_id),
r AS (SELECT indicator_id, true AS top, hi[i] AS community_code, i AS rank FROM e, range(1, %[1]d + 1) t(i) WHERE i <= len(hi)
      UNION ALL
      SELECT indicator_id, false, lo[i], i FROM e, range(1, %[1]d + 1) t(i) WHERE i <= len(lo))
SELECT r.indicator_id, r.community_code, coalesce(c.community_name, ''), coalesce(c.street_name, ''), coalesce(c.model_id, ''),
       v.value, r.top, r.rank
FROM r JOIN communities c ON c.period = ? AND c.community_code = r.community_code
JOIN indicator_values v ON v.period = c.period AND v.community_code = r.community_code AND v.indicator_id = r.indicator_id
ORDER BY r.indicator_id, r.top DESC, r.rank`, extremesShown)
	return scan(ctx, db, q, append(args, d.period), func(r *sql.Rows) error {
		var id string
		var x extreme
		var top bool
		if err := r.Scan(&id, &x.comm.code, &x.comm.name, &x.comm.streetName, &x.comm.modelID, &x.v, &top, &x.rank); err != nil {
			return err
		}
		ind := d.indicator(id)
		if ind == nil || ind.Direction == indicators.Neutral {
			return nil
		}
		// The highest values are the best of an indicator where higher
		// is better, the worst of one where lower is.
		x.best = top == (ind.Direction == indicators.HigherIsBetter)
		d.extremes[id] = append(d.extremes[id], x)
		return nil
	})
}

// distributed are the indicators whose distributions and best and worst
// communities a large period's report shows: those with a standard, but
// not the 0/1 ones (shown as shares of communities covered).
func (d *dataset) distributed() []any {
	var ids []any
	for _, ind := range d.catalog {
		if ind.HasStandard() && !binary(ind) {
			ids = append(ids, ind.ID)
		}
	}
	return ids
}

// binary reports whether an indicator's community value is 0 or 1 — a
// service present or not (the centre_coverage indicators). Its standard is
// a share of communities (100 % of urban communities, 80 % of rural
// ones), so it is compared at street, model and district level and
// drawn as the share of communities covered, never community by
// community.
func binary(ind *indicators.Indicator) bool { return strings.HasPrefix(ind.ID, "centre_coverage") }

package build

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"shequ/indicators"
	"shequ/schemas"
	"shequ/standards"
)

// planTables creates standard_plans, standard_targets, plan_communities
// and plan_attainment from the plans of the warehouse's settings (the
// shipped ones when it names none), over communities, community_scopes,
// indicator_catalog, indicator_values and indicator_scope_values.
func planTables(ctx context.Context, conn *sql.Conn, holdings []standards.Holding, cat *indicators.Catalog) error {
	if len(holdings) == 0 {
		for _, p := range standards.Shipped() {
			holdings = append(holdings, standards.Holding{Plan: p, All: true})
		}
	}
	if err := createTables(ctx, conn, "standard_plans", "standard_targets", "plan_communities", "plan_attainment"); err != nil {
		return err
	}
	known := map[string]bool{}
	for _, ind := range cat.Indicators() {
		known[ind.ID] = true
	}
	planDecl, _ := schemas.DerivedTable("standard_plans")
	targetDecl, _ := schemas.DerivedTable("standard_targets")
	planIns, targetIns := newInserter(planDecl), newInserter(targetDecl)
	for i, h := range holdings {
		p := h.Plan
		if err := planIns.insert(ctx, conn, map[string]any{
			"plan_id": p.ID, "kind": p.Kind, "title_zh": p.TitleZh, "title_en": orNull(p.TitleEn), "document": orNull(p.Document),
			"issuer_zh": orNull(p.IssuerZh), "issuer_en": orNull(p.IssuerEn), "issued": orNull(p.Issued),
			"scope_level": p.Scope.Level, "scope_code": orNull(p.Scope.Code), "baseline_year": intOrNull(p.BaselineYear),
			"target_year": intOrNull(p.TargetYear), "holds_all": h.All, "holds_models": listOrNull(h.Models),
			"holds_areas": listOrNull(h.Areas), "note_zh": orNull(p.NoteZh), "note_en": orNull(p.NoteEn), "file": p.File, "ord": i + 1,
		}); err != nil {
			return fmt.Errorf("standard_plans %s: %w", p.ID, err)
		}
		for j := range p.Targets {
			t := &p.Targets[j]
			if !known[t.Indicator] {
				return fmt.Errorf("%w: plan %s (%s) sets a target for %q; shequ indicators list shows the indicators",
					ErrUnknownIndicator, p.ID, p.File, t.Indicator)
			}
			by, ty := p.Years(t)
			var baseline any
			if t.Baseline != nil {
				baseline = *t.Baseline
			}
			if err := targetIns.insert(ctx, conn, map[string]any{
				"plan_id": p.ID, "indicator_id": t.Indicator, "op": t.Op, "target_value": t.Value, "baseline_value": baseline,
				"baseline_year": intOrNull(by), "target_year": intOrNull(ty), "text_zh": t.TextZh, "text_en": orNull(t.TextEn),
				"where_zh": orNull(t.WhereZh), "where_en": orNull(t.WhereEn), "source": p.SourceOf(t), "ord": j + 1,
			}); err != nil {
				return fmt.Errorf("standard_targets %s %s: %w", p.ID, t.Indicator, err)
			}
		}
		// Model ids and area codes are checked patterns without commas.
		if _, err := conn.ExecContext(ctx, `INSERT INTO plan_communities
SELECT period, community_code, ? FROM communities
WHERE ? OR list_contains(string_split(?, ','), model_id)
   OR len(list_filter(string_split(?, ','), a -> a <> '' AND starts_with(community_code, a))) > 0
ORDER BY period, community_code`, p.ID, h.All, strings.Join(h.Models, ","), strings.Join(h.Areas, ",")); err != nil {
			return fmt.Errorf("plan_communities %s: %w", p.ID, err)
		}
	}
	if _, err := conn.ExecContext(ctx, attainmentSQL()); err != nil {
		return fmt.Errorf("plan_attainment: %w", err)
	}
	return nil
}

// attainmentSQL fills plan_attainment. In each scope it takes the
// communities a plan holds: their value is the scope's own
// (indicator_scope_values) when the plan holds them all, otherwise the
// ratio of their sums (NULL for an indicator that is not a ratio). A
// community meets a target by its value and is surely below it when its
// best end (the interval's, or the exact value) misses it; a scope's
// status reads the same way, with the scope's interval when it has one.
// The baseline is the plan's published one, else the same scope's value
// in the baseline year (the year's last period). Progress is the share of
// the way from the baseline to the target, from the baseline year on; a
// scope whose baseline met the target already has none.
func attainmentSQL() string {
	return `INSERT INTO plan_attainment
WITH t AS (
	SELECT t.*, c.scale, c.aggregate FROM standard_targets t JOIN indicator_catalog c USING (indicator_id)
), held AS (
	SELECT v.period, t.plan_id, v.indicator_id, s.scope, s.scope_id,
	       count(*) AS communities, count(v.value) AS with_value,
	       count(*) FILTER (WHERE ` + standards.CompareSQL("t.op", "v.value", "t.target_value") + `) AS meeting,
	       count(*) FILTER (WHERE NOT ` + standards.CompareSQL("t.op", "CASE WHEN t.op IN ('>=', '>') THEN coalesce(v.ci_high, v.value) ELSE coalesce(v.ci_low, v.value) END", "t.target_value") + `) AS below,
	       sum(v.numerator) FILTER (WHERE v.denominator IS NOT NULL) AS num,
	       sum(v.denominator) FILTER (WHERE v.numerator IS NOT NULL) AS den,
	       any_value(t.op) AS op, any_value(t.target_value) AS target_value, any_value(t.scale) AS scale,
	       any_value(t.aggregate) AS aggregate, any_value(t.baseline_value) AS plan_baseline,
	       any_value(t.baseline_year) AS baseline_year, any_value(t.target_year) AS target_year
	FROM indicator_values v
	JOIN plan_communities pc USING (period, community_code)
	JOIN t ON t.plan_id = pc.plan_id AND t.indicator_id = v.indicator_id
	JOIN community_scopes s USING (period, community_code)
	GROUP BY ALL
), sizes AS (
	SELECT period, scope, scope_id, count(*) AS n FROM community_scopes GROUP BY ALL
), valued AS (
	SELECT h.*, z.n AS in_scope,
	       CASE WHEN h.communities = z.n THEN sv.value
	            WHEN h.aggregate = 'ratio' AND h.den > 0 AND isfinite(h.num / h.den) THEN h.num / h.den * h.scale END AS value,
	       CASE WHEN h.communities = z.n THEN sv.ci_low END AS ci_low,
	       CASE WHEN h.communities = z.n THEN sv.ci_high END AS ci_high
	FROM held h
	JOIN sizes z USING (period, scope, scope_id)
	LEFT JOIN indicator_scope_values sv USING (period, scope, scope_id, indicator_id)
), based AS (
	SELECT v.*,
	       -- the best and worst ends of the value for the target: its interval's, or the exact value
	       CASE WHEN v.op IN ('>=', '>') THEN coalesce(v.ci_high, v.value) ELSE coalesce(v.ci_low, v.value) END AS best,
	       CASE WHEN v.op IN ('>=', '>') THEN coalesce(v.ci_low, v.value) ELSE coalesce(v.ci_high, v.value) END AS worst,
	       coalesce(v.plan_baseline, (
	           SELECT arg_max(b.value, b.period) FROM valued b
	           WHERE b.plan_id = v.plan_id AND b.indicator_id = v.indicator_id AND b.scope = v.scope AND b.scope_id = v.scope_id
	             AND left(b.period, 4) = v.baseline_year::VARCHAR AND b.value IS NOT NULL)) AS baseline
	FROM valued v
)
SELECT period, plan_id, indicator_id, scope, scope_id, communities, in_scope, value, op, target_value,
       CASE WHEN value IS NULL THEN NULL
            WHEN NOT ` + standards.CompareSQL("op", "best", "target_value") + ` THEN 'below'
            WHEN ` + standards.CompareSQL("op", "worst", "target_value") + ` THEN 'meets'
            ELSE 'uncertain' END,
       with_value, meeting, below, baseline_year, target_year, baseline,
       CASE WHEN plan_baseline IS NOT NULL THEN 'plan' WHEN baseline IS NOT NULL THEN 'measured' END,
       CASE WHEN baseline IS NOT NULL AND value IS NOT NULL AND target_value <> baseline
                 AND try_cast(left(period, 4) AS INTEGER) >= baseline_year
                 AND NOT ` + standards.CompareSQL("op", "baseline", "target_value") + `
            THEN (value - baseline) / (target_value - baseline) END
FROM based
ORDER BY period, plan_id, indicator_id, scope, scope_id`
}

// intOrNull is n, or NULL for 0 (not given).
func intOrNull(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// listOrNull is l, or NULL when empty.
func listOrNull(l []string) any {
	if len(l) == 0 {
		return nil
	}
	return l
}

-- id: event_closure_rate
-- name_zh: 网格事件办结率
-- name_en: Grid event closure rate
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 已办结事件数
-- numerator_en: events closed
-- denominator_zh: 上报事件数（不含已退回）
-- denominator_en: events reported (returned events excluded)
-- formula_zh: 已办结事件数 ÷ 上报事件数（不含已退回）；上级范围：Σ已办结事件数 ÷ Σ上报事件数
-- formula_en: events closed ÷ events reported (returned events excluded); scope: Σ events closed ÷ Σ events reported
-- depends_on: communities, grid_events
-- equalize: false
-- description_zh: 已办结事件 ÷ 上报事件（已退回的事件不计入）。无事件的社区为空。
-- description_en: Closed events ÷ reported events, returned events left out. NULL where no event was reported.
SELECT c.period, c.community_code,
       e.closed AS numerator,
       e.reported AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  count(*) FILTER (WHERE status = '已办结') AS closed,
                  count(*) FILTER (WHERE status <> '已退回') AS reported
           FROM grid_events GROUP BY ALL) e
       USING (period, community_code)

-- id: median_hours_to_close
-- name_zh: 网格事件办结用时中位数
-- name_en: Median hours to close a grid event
-- unit_zh: 小时
-- unit_en: hours
-- format: decimal1
-- direction: lower_is_better
-- scale: 1
-- aggregate: median
-- detail: grid_event_hours
-- numerator_zh: 办结用时中位数（小时）
-- numerator_en: median hours from report to closure
-- denominator_zh: 已办结事件数
-- denominator_en: closed events
-- formula_zh: 各已办结事件办结用时（小时，办结时间 − 上报时间）的中位数（偶数个时取中间两个的平均）；上级范围：范围内全部已办结事件用时的中位数（不是各社区中位数的平均）
-- formula_en: median of the hours from report to closure (closed_at − reported_at) over the closed events (the mean of the middle two for an even count); scope: the median over all the scope's closed events (not a mean of community medians)
-- depends_on: communities, grid_event_hours
-- equalize: false
-- description_zh: 已办结事件从上报到办结的小时数的中位数；上级范围取其全部事件的中位数（不是社区中位数的平均）。
-- description_en: Median of the hours from report to closure of closed events; for a street, district or model, the median over all its events (not a mean of community medians).
SELECT c.period, c.community_code,
       h.median_hours AS numerator,
       coalesce(h.n, 0) AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code, median(x) AS median_hours, count(*) AS n FROM grid_event_hours GROUP BY ALL) h
       USING (period, community_code)

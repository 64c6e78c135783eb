-- id: grid_event_hours
-- kind: view
-- name_zh: 网格事件办结用时
-- name_en: Hours to close grid events
-- description_zh: 每个已办结网格事件从上报到办结的小时数。
-- description_en: Hours from report to closure of every closed grid event.
-- depends_on: grid_events
SELECT period, community_code, event_id, (epoch(closed_at) - epoch(reported_at)) / 3600.0 AS x
FROM grid_events
WHERE status = '已办结' AND closed_at IS NOT NULL

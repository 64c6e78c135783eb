-- id: walk_500m_share
-- name_zh: 10分钟步行可达社区服务中心的居民比例
-- name_en: Residents within a 10-minute walk (500 m) of a service centre
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 距最近社区服务中心直线距离不超过500米的常住人口
-- numerator_en: residents whose nearest service centre is at most 500 m away (straight line)
-- denominator_zh: 有位置的常住人口
-- denominator_en: residents with a location
-- formula_zh: 距最近社区服务中心直线距离不超过500米的常住人口 ÷ 有位置的常住人口（常住人口按网格户数分摊到各网格中心点，无网格时放在社区中心点；距离为大圆距离）；上级范围：各社区分子之和 ÷ 分母之和
-- formula_en: residents whose nearest service centre is at most 500 m away (straight line) ÷ residents with a location (residents are spread over the grid centroids in proportion to the grids' households, or placed on the community centroid where there are no grids; great-circle distance); scope: the communities' numerators summed ÷ their denominators summed
-- depends_on: communities, census, resident_points
-- equalize: true
-- description_zh: 常住人口按网格户数分布到网格中心点（无网格时取社区中心点），计算到最近社区服务中心的大圆距离；500米为GB 50180-2018的10分钟生活圈半径（按米固定，不由步行速度推算）。
-- description_en: Residents are placed on grid centroids in proportion to the grids' households (on the community centroid where there are no grids); the distance to the nearest service centre is great-circle. 500 m is the 10-minute life circle of GB 50180-2018, pinned in metres rather than derived from a walking speed.
SELECT c.period, c.community_code,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.within END AS numerator,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.located END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code,
                  coalesce(sum(residents) FILTER (WHERE nearest_centre_m <= 500), 0) AS within,
                  sum(residents) AS located
           FROM resident_points GROUP BY ALL) r
       USING (period, community_code)

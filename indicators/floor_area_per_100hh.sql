-- id: floor_area_per_100hh
-- name_zh: 每百户社区服务设施面积
-- name_en: Service floor area per 100 households
-- unit_zh: 平方米/百户
-- unit_en: m² per 100 households
-- format: decimal1
-- direction: higher_is_better
-- scale: 100
-- numerator_zh: 社区服务设施建筑面积（平方米）
-- numerator_en: floor area of community service facilities (m²)
-- denominator_zh: 户数
-- denominator_en: households
-- formula_zh: 社区服务设施建筑面积（平方米）÷ 户数 × 100（本社区全部服务设施的面积之和，不只中心）；上级范围：Σ建筑面积 ÷ Σ户数 × 100
-- formula_en: floor area of community service facilities (m²) ÷ households × 100 (all the community's facilities, not only centres); scope: Σ floor area ÷ Σ households × 100
-- depends_on: communities, census, facilities
-- equalize: true
-- description_zh: 所有社区服务设施建筑面积之和 ÷ 户数 × 100（按户数，不按人数）。
-- description_en: Sum of the floor area of all community service facilities ÷ households × 100 (households, not residents).
SELECT c.period, c.community_code,
       coalesce(f.area, 0) AS numerator,
       p.households AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(floor_area_m2) AS area FROM facilities GROUP BY ALL) f
       USING (period, community_code)

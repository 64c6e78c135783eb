-- id: activity_area_share
-- name_zh: 居民活动区域面积占比
-- name_en: Share of facility floor area for resident activities
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 居民活动用房面积（平方米）
-- numerator_en: floor area open to residents' activities (m²)
-- denominator_zh: 建筑面积（平方米）
-- denominator_en: floor area (m²)
-- formula_zh: 居民活动用房面积（平方米）÷ 建筑面积（平方米），只计两者都填写了的设施；上级范围：Σ居民活动用房面积 ÷ Σ建筑面积（同样只计两者都填写了的设施）
-- formula_en: floor area open to residents' activities (m²) ÷ floor area (m²), over the facilities that report both; scope: Σ residents' activity area ÷ Σ floor area over the same facilities
-- depends_on: communities, facilities
-- equalize: false
-- description_zh: 社区服务设施建筑面积中居民活动用房（区域）所占比例（规划指标「居民活动区域面积占社区综合服务设施总建筑面积比例」），办公用房越少越高。只计居民活动用房面积和建筑面积都填写了的设施：没有这一列的早期台账、没有填写的设施（如社康中心）不计；没有这样的设施的社区为空。
-- description_en: The part of the community service facilities' floor area open to residents' activities (the plans' 居民活动区域面积占社区综合服务设施总建筑面积比例): higher where less is office space. Only facilities that report both the activity area and the floor area count: older ledgers without the column, and facilities that leave it blank (such as health stations), are left out; NULL for a community with no such facility.
SELECT c.period, c.community_code,
       f.activity AS numerator,
       f.floor AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  sum(activity_area_m2) FILTER (WHERE floor_area_m2 IS NOT NULL) AS activity,
                  sum(floor_area_m2) FILTER (WHERE activity_area_m2 IS NOT NULL) AS floor
           FROM facilities GROUP BY ALL) f
       USING (period, community_code)

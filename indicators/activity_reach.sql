-- id: activity_reach
-- name_zh: 人均活动参与人次
-- name_en: Activity reach (participants per resident)
-- unit_zh: 人次/人
-- unit_en: person-visits per resident
-- format: decimal2
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 社区活动参与人次
-- numerator_en: activity participants (person-visits)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 社区活动参与人次 ÷ 常住人口（参与人次为统计期内本社区各项活动之和）；上级范围：Σ社区活动参与人次 ÷ Σ常住人口
-- formula_en: activity participants (person-visits) ÷ resident population (participants summed over the community's activities in the period); scope: Σ participants ÷ Σ resident population
-- depends_on: communities, census, activities
-- equalize: true
-- description_zh: 一年内社区活动参与人次之和 ÷ 常住人口。
-- description_en: Person-visits to the community's activities in the period ÷ resident population.
SELECT c.period, c.community_code,
       coalesce(a.participants, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(participants) AS participants FROM activities GROUP BY ALL) a
       USING (period, community_code)

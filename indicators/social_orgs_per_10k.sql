-- id: social_orgs_per_10k
-- name_zh: 每万常住人口社区社会组织数
-- name_en: Social organisations per 10,000 residents
-- unit_zh: 个/万人
-- unit_en: per 10,000 residents
-- format: decimal1
-- direction: higher_is_better
-- scale: 10000
-- numerator_zh: 正常状态的社区社会组织数
-- numerator_en: active social organisations
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 正常状态的社区社会组织数 ÷ 常住人口 × 10,000；上级范围：Σ正常状态的社区社会组织数 ÷ Σ常住人口 × 10,000
-- formula_en: active social organisations ÷ resident population × 10,000; scope: Σ active social organisations ÷ Σ resident population × 10,000
-- depends_on: communities, census, social_orgs
-- equalize: true
-- description_zh: 状态为“正常”的社区社会组织（登记或备案）÷ 常住人口 × 10000。统计期内所在区县没有社区社会组织台账时为空；区县有台账而本社区无组织时为0。
-- description_en: Active (正常) community social organisations, registered or filed, ÷ resident population × 10,000. NULL where the district has no social-organisation register for the period; 0 where the register lists none in the community.
SELECT c.period, c.community_code,
       CASE WHEN l.district IS NOT NULL THEN coalesce(o.orgs, 0) END AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS orgs, count(*) FILTER (WHERE contracted = '是') AS contracted
           FROM social_orgs WHERE status = '正常' GROUP BY ALL) o
       USING (period, community_code)
LEFT JOIN (SELECT DISTINCT period, left(community_code, 6) AS district FROM social_orgs) l
       ON l.period = c.period AND l.district = left(c.community_code, 6)

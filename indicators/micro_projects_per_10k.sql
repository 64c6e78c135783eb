-- id: micro_projects_per_10k
-- name_zh: 每万常住人口居民提出的民生微实事项目数
-- name_en: Resident-proposed micro-projects per 10,000 residents
-- unit_zh: 个/万人
-- unit_en: per 10,000 residents
-- format: decimal2
-- direction: higher_is_better
-- scale: 10000
-- numerator_zh: 居民提出的民生微实事项目数
-- numerator_en: livelihood micro-projects (民生微实事) proposed by residents
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 居民提出的民生微实事项目数 ÷ 常住人口 × 10,000（资金渠道为民生微实事且提出方为居民的项目）；上级范围：Σ项目数 ÷ Σ常住人口 × 10,000
-- formula_en: livelihood micro-projects (民生微实事) proposed by residents ÷ resident population × 10,000 (projects of channel 民生微实事 with proposer 居民); scope: Σ projects ÷ Σ resident population × 10,000
-- depends_on: communities, census, funding
-- equalize: false
-- description_zh: 资金渠道为民生微实事、提出方为居民的项目数 ÷ 常住人口 × 10000（"居民点菜、政府买单"）。
-- description_en: Projects funded as livelihood micro-projects and proposed by residents ÷ resident population × 10,000 ("residents order, government pays").
SELECT c.period, c.community_code,
       coalesce(f.projects, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS projects FROM funding
           WHERE channel = '民生微实事' AND proposer = '居民' GROUP BY ALL) f
       USING (period, community_code)

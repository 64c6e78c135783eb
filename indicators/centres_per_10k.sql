-- id: centres_per_10k
-- name_zh: 每万常住人口社区服务中心数
-- name_en: Service centres per 10,000 residents
-- unit_zh: 个/万人
-- unit_en: per 10,000 residents
-- format: decimal2
-- direction: higher_is_better
-- scale: 10000
-- numerator_zh: 社区服务中心数
-- numerator_en: service centres
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 社区服务中心数 ÷ 常住人口 × 10,000；上级范围：Σ社区服务中心数 ÷ Σ常住人口 × 10,000
-- formula_en: service centres ÷ resident population × 10,000; scope: Σ service centres ÷ Σ resident population × 10,000
-- depends_on: communities, census, service_centres
-- equalize: true
-- description_zh: 社区服务中心数 ÷ 常住人口 × 10000。全国2005年基线为0.15。
-- description_en: Service centres ÷ resident population × 10,000. The national 2005 baseline was 0.15.
SELECT c.period, c.community_code,
       coalesce(s.centres, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS centres FROM service_centres GROUP BY ALL) s
       USING (period, community_code)

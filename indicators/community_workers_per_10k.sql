-- id: community_workers_per_10k
-- name_zh: 每万常住人口社区工作者数
-- name_en: Community workers per 10,000 residents
-- unit_zh: 人/万人
-- unit_en: per 10,000 residents
-- format: decimal1
-- direction: higher_is_better
-- scale: 10000
-- numerator_zh: 社区工作者
-- numerator_en: community workers (社区工作者)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 社区工作者 ÷ 常住人口 × 10,000；上级范围：Σ社区工作者 ÷ Σ常住人口 × 10,000
-- formula_en: community workers (社区工作者) ÷ resident population × 10,000; scope: Σ community workers ÷ Σ resident population × 10,000
-- depends_on: communities, census, staff
-- equalize: true
-- description_zh: 社区工作者人数 ÷ 常住人口 × 10000。社区工作者不同于持证社会工作者。未报送工作力量的社区为空。
-- description_en: Community workers ÷ resident population × 10,000. Community workers are not licensed social workers. NULL where no staff return was filed.
SELECT c.period, c.community_code,
       s.community_workers AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN staff s USING (period, community_code)

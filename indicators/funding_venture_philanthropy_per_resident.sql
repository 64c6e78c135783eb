-- id: funding_venture_philanthropy_per_resident
-- name_zh: 人均公益创投资金
-- name_en: Funding per resident: venture philanthropy
-- unit_zh: 元/人
-- unit_en: yuan per resident
-- format: decimal2
-- direction: neutral
-- scale: 1
-- numerator_zh: 公益创投资金（元）
-- numerator_en: funding through venture philanthropy (yuan)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 公益创投资金（元）÷ 常住人口（资金渠道为「公益创投」的项目金额之和）；上级范围：Σ公益创投资金 ÷ Σ常住人口
-- formula_en: funding through venture philanthropy (yuan) ÷ resident population (the amounts of the projects whose channel is 「公益创投」); scope: Σ funding through venture philanthropy ÷ Σ resident population
-- depends_on: communities, census, funding
-- equalize: false
-- description_zh: 资金渠道为「公益创投」的项目金额之和 ÷ 常住人口。各渠道之和即人均社区服务资金（funding_per_resident）。
-- description_en: Funding through the channel 「公益创投」 (venture philanthropy) ÷ resident population. The channels add up to funding_per_resident.
SELECT c.period, c.community_code,
       coalesce(f.amount, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(amount_yuan) AS amount FROM funding
           WHERE channel = '公益创投' GROUP BY ALL) f
       USING (period, community_code)

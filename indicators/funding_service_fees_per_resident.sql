-- id: funding_service_fees_per_resident
-- name_zh: 人均服务收费资金
-- name_en: Funding per resident: service fees
-- unit_zh: 元/人
-- unit_en: yuan per resident
-- format: decimal2
-- direction: neutral
-- scale: 1
-- numerator_zh: 服务收费资金（元）
-- numerator_en: funding through service fees (yuan)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 服务收费资金（元）÷ 常住人口（资金渠道为「服务收费」的项目金额之和）；上级范围：Σ服务收费资金 ÷ Σ常住人口
-- formula_en: funding through service fees (yuan) ÷ resident population (the amounts of the projects whose channel is 「服务收费」); scope: Σ funding through service fees ÷ Σ resident population
-- depends_on: communities, census, funding
-- equalize: false
-- description_zh: 资金渠道为「服务收费」的项目金额之和 ÷ 常住人口。各渠道之和即人均社区服务资金（funding_per_resident）。
-- description_en: Funding through the channel 「服务收费」 (service fees) ÷ resident population. The channels add up to funding_per_resident.
SELECT c.period, c.community_code,
       coalesce(f.amount, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(amount_yuan) AS amount FROM funding
           WHERE channel = '服务收费' GROUP BY ALL) f
       USING (period, community_code)

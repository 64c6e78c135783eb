-- id: funding_community_fund_per_resident
-- name_zh: 人均社区基金资金
-- name_en: Funding per resident: community foundations
-- unit_zh: 元/人
-- unit_en: yuan per resident
-- format: decimal2
-- direction: neutral
-- scale: 1
-- numerator_zh: 社区基金资金（元）
-- numerator_en: funding through community foundations (yuan)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 社区基金资金（元）÷ 常住人口（资金渠道为「社区基金」的项目金额之和）；上级范围：Σ社区基金资金 ÷ Σ常住人口
-- formula_en: funding through community foundations (yuan) ÷ resident population (the amounts of the projects whose channel is 「社区基金」); scope: Σ funding through community foundations ÷ Σ resident population
-- depends_on: communities, census, funding
-- equalize: false
-- description_zh: 资金渠道为「社区基金」的项目金额之和 ÷ 常住人口。各渠道之和即人均社区服务资金（funding_per_resident）。
-- description_en: Funding through the channel 「社区基金」 (community foundations) ÷ resident population. The channels add up to funding_per_resident.
SELECT c.period, c.community_code,
       coalesce(f.amount, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(amount_yuan) AS amount FROM funding
           WHERE channel = '社区基金' GROUP BY ALL) f
       USING (period, community_code)

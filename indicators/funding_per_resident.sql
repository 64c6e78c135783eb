-- id: funding_per_resident
-- name_zh: 人均社区服务资金
-- name_en: Funding per resident
-- unit_zh: 元/人
-- unit_en: yuan per resident
-- format: decimal2
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 各渠道社区服务资金（元）
-- numerator_en: community service funding from all channels (yuan)
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 各渠道社区服务资金（元）÷ 常住人口（本社区全部项目金额之和）；上级范围：Σ资金 ÷ Σ常住人口
-- formula_en: community service funding from all channels (yuan) ÷ resident population (the amounts of all the community's projects); scope: Σ funding ÷ Σ resident population
-- depends_on: communities, census, funding
-- equalize: true
-- description_zh: 政府购买服务、公益创投、民生微实事、社区基金、捐赠和服务收费资金之和 ÷ 常住人口。
-- description_en: Government purchase of services, venture philanthropy, livelihood micro-projects, community foundations, donations and service fees, summed, ÷ resident population.
SELECT c.period, c.community_code,
       coalesce(f.amount, 0) AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(amount_yuan) AS amount FROM funding GROUP BY ALL) f
       USING (period, community_code)

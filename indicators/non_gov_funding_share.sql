-- id: non_gov_funding_share
-- name_zh: 非政府资金占比
-- name_en: Non-government share of funding
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 社区基金、企业/个人捐赠、服务收费资金（元）
-- numerator_en: funding from community foundations, donations and service fees (yuan)
-- denominator_zh: 各渠道资金合计（元）
-- denominator_en: funding from all channels (yuan)
-- formula_zh: 社区基金、企业/个人捐赠、服务收费资金（元）÷ 各渠道资金合计（元）；上级范围：Σ非政府渠道资金 ÷ Σ各渠道资金
-- formula_en: funding from community foundations, donations and service fees (yuan) ÷ funding from all channels (yuan); scope: Σ non-government funding ÷ Σ funding from all channels
-- depends_on: communities, funding
-- equalize: false
-- description_zh: 非政府渠道资金 ÷ 全部资金，反映对财政资金的依赖程度（越高依赖越低）。无资金项目的社区为空。
-- description_en: Non-government funding ÷ all funding: the complement of fiscal dependency. NULL where a community has no funded project.
SELECT c.period, c.community_code,
       f.non_gov AS numerator,
       f.total AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  coalesce(sum(amount_yuan) FILTER (WHERE channel IN ('社区基金', '企业/个人捐赠', '服务收费')), 0) AS non_gov,
                  sum(amount_yuan) AS total
           FROM funding GROUP BY ALL) f
       USING (period, community_code)

-- id: affairs_contracted_share
-- name_zh: 委托社会组织承接的事项占比
-- name_en: Share of affairs contracted out
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: neutral
-- scale: 1
-- numerator_zh: 委托社会组织承接的事项数
-- numerator_en: affairs contracted to social organisations
-- denominator_zh: 填写了是否委托的事项数
-- denominator_en: affairs whose list says whether they are contracted
-- formula_zh: 委托社会组织承接的事项数（是否委托为「是」）÷ 填写了是否委托的事项数（「是」或「否」；空白不计）；上级范围：Σ委托事项数 ÷ Σ填写了是否委托的事项数
-- formula_en: affairs contracted to social organisations (contracted 「是」) ÷ affairs whose list says whether they are contracted (「是」 or 「否」; blanks left out); scope: Σ contracted affairs ÷ Σ affairs that say
-- depends_on: communities, community_affairs
-- equalize: false
-- description_zh: 社区工作事项中委托社会组织承接（政府购买服务）的比例。招商模式把全部事项委托出去；委托多少是治理模式的选择而不是好坏，所以方向为中性。没有清单的社区为空。
-- description_en: Share of a community's affairs contracted to social organisations (government purchase of services). The Zhaoshang model contracts every affair out; how much a model contracts is its choice, not a quality, so the direction is neutral. NULL for a community without a list.
SELECT c.period, c.community_code,
       a.contracted AS numerator,
       a.said AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  count(*) FILTER (WHERE contracted = '是') AS contracted,
                  count(contracted) AS said
           FROM community_affairs GROUP BY ALL) a
       USING (period, community_code)

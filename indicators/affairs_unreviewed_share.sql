-- id: affairs_unreviewed_share
-- name_zh: 未经准入审核的事项占比
-- name_en: Share of affairs without access review
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: lower_is_better
-- scale: 1
-- numerator_zh: 未经准入审核的事项数
-- numerator_en: affairs that did not pass the access review
-- denominator_zh: 填写了是否经准入审核的事项数
-- denominator_en: affairs whose list says whether they passed the access review
-- formula_zh: 未经准入审核的事项数（是否经准入审核为「否」）÷ 填写了是否经准入审核的事项数（「是」或「否」；空白不计）；上级范围：Σ未经准入的事项数 ÷ Σ填写了的事项数
-- formula_en: affairs that did not pass the access review (access reviewed 「否」) ÷ affairs whose list says whether they passed the access review (「是」 or 「否」; blanks left out); scope: Σ affairs without review ÷ Σ affairs that say
-- depends_on: communities, community_affairs
-- equalize: false
-- description_zh: 减负的量度：社区工作事项清单中未经社区工作事项准入审核、由部门直接派给社区的事项所占比例，越低越好。没有清单的社区为空。
-- description_en: The burden-reduction (减负) measure: the share of a community's affairs that reached it without passing the access review for community work, handed down directly by a department; lower is better. NULL for a community without a list.
SELECT c.period, c.community_code,
       a.unreviewed AS numerator,
       a.said AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  count(*) FILTER (WHERE access_reviewed = '否') AS unreviewed,
                  count(access_reviewed) AS said
           FROM community_affairs GROUP BY ALL) a
       USING (period, community_code)

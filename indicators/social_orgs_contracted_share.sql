-- id: social_orgs_contracted_share
-- name_zh: 承接政府购买服务的社区社会组织占比
-- name_en: Share of social organisations running a contracted service
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 承接政府购买服务的正常状态社区社会组织数
-- numerator_en: active social organisations running a contracted service
-- denominator_zh: 正常状态的社区社会组织数
-- denominator_en: active social organisations
-- formula_zh: 承接政府购买服务的正常状态社区社会组织数 ÷ 正常状态的社区社会组织数（社会组织台账中“承接政府购买服务”为“是”）；上级范围：Σ承接的组织数 ÷ Σ正常状态的组织数
-- formula_en: active social organisations running a contracted service ÷ active social organisations (承接政府购买服务 = 是 in the register); scope: Σ organisations running a contracted service ÷ Σ active social organisations
-- depends_on: communities, social_orgs
-- equalize: false
-- description_zh: 取自社区社会组织台账本身：资金项目台账（funding）只记提出方，不记承接方，无法算出社会组织承接的项目占比，故以组织为单位计。“承接政府购买服务”未填的组织按“否”计。无正常状态组织的社区为空（分母为0）；所在区县无台账时为空。
-- description_en: From the social-organisation register itself: the funding ledger records who proposed a project, not who runs it, so the share of contracted services run by social organisations cannot be formed; the share is taken over organisations instead. An organisation whose 承接政府购买服务 is empty counts as not contracted. NULL where a community has no active organisation (denominator 0) or its district no register.
SELECT c.period, c.community_code,
       CASE WHEN l.district IS NOT NULL THEN coalesce(o.contracted, 0) END AS numerator,
       CASE WHEN l.district IS NOT NULL THEN coalesce(o.orgs, 0) END AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code, count(*) AS orgs, count(*) FILTER (WHERE contracted = '是') AS contracted
           FROM social_orgs WHERE status = '正常' GROUP BY ALL) o
       USING (period, community_code)
LEFT JOIN (SELECT DISTINCT period, left(community_code, 6) AS district FROM social_orgs) l
       ON l.period = c.period AND l.district = left(c.community_code, 6)

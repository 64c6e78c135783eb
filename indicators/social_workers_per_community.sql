-- id: social_workers_per_community
-- name_zh: 社区平均持证社工数
-- name_en: Licensed social workers per community
-- unit_zh: 人/社区
-- unit_en: per community
-- format: decimal1
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 持证社会工作者
-- numerator_en: licensed social workers (社会工作者)
-- denominator_zh: 报送工作力量的社区数
-- denominator_en: communities with a staff return
-- formula_zh: 社区值：持证社会工作者 ÷ 1（报送了工作力量的社区）；上级范围：Σ持证社会工作者 ÷ 报送工作力量的社区数
-- formula_en: community: licensed social workers (社会工作者) ÷ 1 (a community with a staff return); scope: Σ licensed social workers ÷ communities with a staff return
-- depends_on: communities, staff
-- equalize: false
-- description_zh: “三社联动”中社工一方的力量：每个社区的持证社会工作者人数；上级范围为持证社工总数 ÷ 报送工作力量的社区数。未报送工作力量的社区为空，不计入上级范围。
-- description_en: The social-worker side of 三社联动 (community × social organisations × social workers): licensed social workers in each community; a scope's value is its licensed social workers ÷ its communities with a staff return. NULL, and left out of scopes, where no staff return was filed.
SELECT c.period, c.community_code,
       s.social_workers AS numerator,
       CASE WHEN s.community_code IS NOT NULL THEN 1 END AS denominator
FROM communities c
LEFT JOIN staff s USING (period, community_code)

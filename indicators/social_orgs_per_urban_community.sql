-- id: social_orgs_per_urban_community
-- name_zh: 城市社区平均社区社会组织数
-- name_en: Social organisations per urban community
-- unit_zh: 个/社区
-- unit_en: per community
-- format: decimal1
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 城市社区的正常状态社区社会组织数
-- numerator_en: active social organisations in urban communities
-- denominator_zh: 有常住人口的城市社区数
-- denominator_en: urban communities with residents
-- formula_zh: 社区值：城市社区（城乡分类代码以1开头）状态为正常的社区社会组织数 ÷ 1；其他社区和无常住人口的社区不计（分母为0，为空）；上级范围：Σ城市社区的正常状态社区社会组织数 ÷ 有常住人口的城市社区数
-- formula_en: community: for a urban community (urban-rural class code starting with 1), its active (正常) social organisations ÷ 1; other communities and those without residents are left out (denominator 0: NULL); scope: Σ active social organisations in urban communities ÷ urban communities with residents
-- depends_on: communities, census, social_orgs
-- equalize: false
-- description_zh: 登记或备案、状态为“正常”的社区社会组织，按所在社区计；只计城乡分类代码以1开头的城市社区，城市与农村社区的培育目标不同，分开计算。统计期内所在区县没有社区社会组织台账时为空（未报送，不当作0个）；区县有台账而本社区无组织时为0。
-- description_en: Community social organisations, registered (登记) or filed (备案), with status 正常 (active), counted in their community; only urban communities (urban-rural class code starting with 1) count, since plans set urban and rural targets apart. NULL where the district has no social-organisation register for the period (not filed, not 0); 0 where the district's register lists none in the community.
SELECT c.period, c.community_code,
       CASE WHEN starts_with(c.urban_rural_class, '1') AND p.resident > 0 THEN CASE WHEN l.district IS NOT NULL THEN coalesce(o.orgs, 0) END
            WHEN p.resident IS NOT NULL THEN 0 END AS numerator,
       CASE WHEN starts_with(c.urban_rural_class, '1') AND p.resident > 0 THEN 1
            WHEN p.resident IS NOT NULL THEN 0 END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS orgs, count(*) FILTER (WHERE contracted = '是') AS contracted
           FROM social_orgs WHERE status = '正常' GROUP BY ALL) o
       USING (period, community_code)
LEFT JOIN (SELECT DISTINCT period, left(community_code, 6) AS district FROM social_orgs) l
       ON l.period = c.period AND l.district = left(c.community_code, 6)

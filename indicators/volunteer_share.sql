-- id: volunteer_share
-- name_zh: 注册志愿者占常住人口比例
-- name_en: Registered volunteers as a share of residents
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 注册志愿者人数
-- numerator_en: persons registered as volunteers
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 注册志愿者人数 ÷ 常住人口（志愿者按注册所在社区计）；上级范围：Σ注册志愿者人数 ÷ Σ常住人口
-- formula_en: persons registered as volunteers ÷ resident population (volunteers counted in the community they registered in); scope: Σ persons registered as volunteers ÷ Σ resident population
-- depends_on: communities, census, volunteers
-- equalize: true
-- description_zh: 志愿者注册摘录中的人数（一人一行，以哈希后的身份证号去重）÷ 常住人口。统计期内所在区县没有志愿者摘录时为空（未报送，不当作0人）；区县有摘录而本社区无人注册时为0。
-- description_en: Persons in the volunteer register extract (one row per person, keyed by the hashed identity number) ÷ resident population. NULL where the district has no volunteer extract for the period (not filed, not 0); 0 where the extract lists nobody in the community.
SELECT c.period, c.community_code,
       CASE WHEN l.district IS NOT NULL THEN coalesce(v.volunteers, 0) END AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS volunteers, coalesce(sum(service_hours), 0) AS hours
           FROM volunteers GROUP BY ALL) v
       USING (period, community_code)
LEFT JOIN (SELECT DISTINCT period, left(community_code, 6) AS district FROM volunteers) l
       ON l.period = c.period AND l.district = left(c.community_code, 6)

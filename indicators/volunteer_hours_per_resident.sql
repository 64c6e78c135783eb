-- id: volunteer_hours_per_resident
-- name_zh: 常住人口人均志愿服务时长
-- name_en: Volunteer service hours per resident
-- unit_zh: 小时/人
-- unit_en: hours per resident
-- format: decimal2
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 志愿服务时长（小时）
-- numerator_en: volunteer service hours
-- denominator_zh: 常住人口
-- denominator_en: resident population
-- formula_zh: 志愿服务时长（小时）÷ 常住人口（本期注册志愿者服务时长之和，按注册所在社区计）；上级范围：Σ志愿服务时长 ÷ Σ常住人口
-- formula_en: volunteer service hours ÷ resident population (the period's hours of the registered volunteers, in the community they registered in); scope: Σ volunteer service hours ÷ Σ resident population
-- depends_on: communities, census, volunteers
-- equalize: true
-- description_zh: 志愿者注册摘录中本期服务时长之和 ÷ 常住人口；未填服务时长的志愿者按0小时计。统计期内所在区县没有志愿者摘录时为空；区县有摘录而本社区无人注册时为0。
-- description_en: The period's service hours in the volunteer register extract ÷ resident population; a volunteer with no hours given counts 0 hours. NULL where the district has no volunteer extract for the period; 0 where the extract lists nobody in the community.
SELECT c.period, c.community_code,
       CASE WHEN l.district IS NOT NULL THEN coalesce(v.hours, 0) END AS numerator,
       p.resident AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS volunteers, coalesce(sum(service_hours), 0) AS hours
           FROM volunteers GROUP BY ALL) v
       USING (period, community_code)
LEFT JOIN (SELECT DISTINCT period, left(community_code, 6) AS district FROM volunteers) l
       ON l.period = c.period AND l.district = left(c.community_code, 6)

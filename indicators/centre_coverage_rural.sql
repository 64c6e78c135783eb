-- id: centre_coverage_rural
-- name_zh: 农村社区服务中心覆盖率
-- name_en: Service-centre coverage of rural communities
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 有社区服务中心的农村社区数（有常住人口）
-- numerator_en: rural communities with residents that have a service centre
-- denominator_zh: 有常住人口的农村社区数
-- denominator_en: rural communities with residents
-- formula_zh: 社区值：农村社区（城乡分类代码以2开头）有社区服务中心为1，否则为0；其他社区和无常住人口的社区不计（分母为0，为空）；上级范围：有社区服务中心的农村社区数（有常住人口）÷ 有常住人口的农村社区数
-- formula_en: community: for a rural community (urban-rural class code starting with 2), 1 if it has a service centre, otherwise 0; other communities and those without residents are left out (denominator 0: NULL); scope: rural communities with residents that have a service centre ÷ rural communities with residents
-- depends_on: communities, census, service_centres
-- equalize: false
-- description_zh: 与 centre_coverage 相同，只计城乡分类代码以2开头的农村社区；上级范围的值与农村目标（80%）比较。其他社区为空（分母为0）。
-- description_en: As centre_coverage, counting only rural communities (urban-rural class code starting with 2); a scope's value is held against the rural target (80%). Other communities are NULL (denominator 0).
SELECT c.period, c.community_code,
       CASE WHEN starts_with(c.urban_rural_class, '2') AND p.resident > 0 THEN (coalesce(s.centres, 0) > 0)::INTEGER
            WHEN p.resident IS NOT NULL THEN 0 END AS numerator,
       CASE WHEN starts_with(c.urban_rural_class, '2') AND p.resident > 0 THEN 1
            WHEN p.resident IS NOT NULL THEN 0 END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS centres FROM service_centres GROUP BY ALL) s
       USING (period, community_code)

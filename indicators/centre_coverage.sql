-- id: centre_coverage
-- name_zh: 社区服务中心覆盖率
-- name_en: Service-centre coverage
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 有社区服务中心的社区数（有常住人口）
-- numerator_en: communities with residents that have a service centre
-- denominator_zh: 有常住人口的社区数
-- denominator_en: communities with residents
-- formula_zh: 社区值：有社区服务中心为1，否则为0（无常住人口的社区不计，为空）；上级范围：有社区服务中心的社区数（有常住人口）÷ 有常住人口的社区数
-- formula_en: community: 1 if it has a service centre, otherwise 0 (communities without residents are left out: NULL); scope: communities with residents that have a service centre ÷ communities with residents
-- depends_on: communities, census, service_centres
-- equalize: false
-- description_zh: 社区层面为1（有中心）或0（无中心）；上级范围为有中心社区的占比。无常住人口的社区（如保税区虚拟社区）不计入，值为空并注明原因。
-- description_en: 1 (has a centre) or 0 (has none) per community; for a street, district or model, the share of communities covered. Communities without residents (such as the bonded-zone virtual community) are left out: NULL with a reason.
SELECT c.period, c.community_code,
       CASE WHEN p.resident > 0 THEN (coalesce(s.centres, 0) > 0)::INTEGER WHEN p.resident = 0 THEN 0 END AS numerator,
       CASE WHEN p.resident > 0 THEN 1 WHEN p.resident = 0 THEN 0 END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS centres FROM service_centres GROUP BY ALL) s
       USING (period, community_code)

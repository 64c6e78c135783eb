-- id: service_centres
-- kind: view
-- name_zh: 社区服务中心
-- name_en: Community service centres
-- description_zh: 计为社区服务中心的设施：党群服务中心、社区党群服务中心、社区服务中心。其他设施（服务站、日间照料、社康、文体室）计入服务面积，不计为中心。
-- description_en: Facilities counted as community service centres: party-mass service centres (党群服务中心, 社区党群服务中心) and community service centres (社区服务中心). Other facilities count towards service floor area, not as centres.
-- depends_on: facilities
SELECT period, community_code, facility_id, facility_name, facility_type, floor_area_m2, lat, lon, operator
FROM facilities
WHERE facility_type IN ('党群服务中心', '社区党群服务中心', '社区服务中心', '党群服务中心（社区服务中心）')

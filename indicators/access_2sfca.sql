-- id: access_2sfca
-- name_zh: 社区服务中心可达性（高斯两步移动搜寻法）
-- name_en: Service-centre accessibility (Gaussian 2SFCA)
-- unit_zh: 平方米/千人
-- unit_en: m² per 1,000 residents
-- format: decimal1
-- direction: higher_is_better
-- scale: 1000
-- numerator_zh: 各居民点可达性 × 人口之和
-- numerator_en: sum of residents × accessibility of their point
-- denominator_zh: 有位置的常住人口
-- denominator_en: residents with a location
-- depends_on: communities, census, resident_points
-- equalize: true
-- description_zh: Dai (2010) 高斯两步移动搜寻法：供给为社区服务中心建筑面积，需求为常住人口，搜寻半径默认1000米（可配置），权重 G(d) = (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½))。社区值为居民点可达性的人口加权平均，即每千人可达的中心面积。
-- description_en: Gaussian two-step floating catchment of Dai (2010): supply is service-centre floor area, demand is residents, the catchment defaults to 1000 m (configurable), weight G(d) = (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½)). A community's value is the resident-weighted mean of its points' accessibility: reachable centre floor area per 1,000 residents.
SELECT c.period, c.community_code,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.weighted END AS numerator,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.located END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code,
                  sum(residents * coalesce(access_gaussian, 0)) AS weighted,
                  sum(residents) AS located
           FROM resident_points GROUP BY ALL) r
       USING (period, community_code)

-- id: access_2sfca_uniform
-- name_zh: 社区服务中心可达性（经典两步移动搜寻法）
-- name_en: Service-centre accessibility (classic 2SFCA)
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
-- equalize: false
-- description_zh: 经典两步移动搜寻法（Luo & Wang 2003）：搜寻半径内权重为1，半径外为0；其余同 access_2sfca。
-- description_en: Classic two-step floating catchment (Luo & Wang 2003): weight 1 inside the catchment, 0 outside; otherwise as access_2sfca.
SELECT c.period, c.community_code,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.weighted END AS numerator,
       CASE WHEN p.resident = 0 THEN 0 ELSE r.located END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code,
                  sum(residents * coalesce(access_uniform, 0)) AS weighted,
                  sum(residents) AS located
           FROM resident_points GROUP BY ALL) r
       USING (period, community_code)

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
-- formula_zh: 第一步：每个社区服务中心 j 的供需比 Rj = 建筑面积Sj（平方米）÷ Σk(Pk × G(dkj))；第二步：每个居民点 i 的可达性 Ai = Σj(Rj × G(dij))；两步都只计直线距离 d ≤ d0（搜寻半径，默认1000米）的居民点与中心，Pk 为放在居民点 k 上的常住人口，G(d) = 1（经典2SFCA：半径内权重都为1）；社区值 =（各居民点可达性 × 人口之和）÷ 有位置的常住人口 × 1,000，即 Σi(Pi × Ai) ÷ ΣiPi × 1,000；上级范围：各社区分子之和 ÷ 分母之和 × 1,000（范围内全部居民点的人口加权平均）
-- formula_en: step 1: each service centre j gets the supply-to-demand ratio Rj = floor area Sj (m²) ÷ Σk(Pk × G(dkj)); step 2: each resident point i gets the accessibility Ai = Σj(Rj × G(dij)); both steps count only points and centres at most d0 apart in a straight line (the catchment, 1000 m by default), Pk is the residents placed on point k and G(d) = 1 (classic 2SFCA: every pair inside the catchment weighs 1); community value = (sum of residents × accessibility of their point) ÷ residents with a location × 1,000, i.e. Σi(Pi × Ai) ÷ ΣiPi × 1,000; scope: the communities' numerators summed ÷ their denominators summed × 1,000 (the resident-weighted mean over all the scope's points)
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

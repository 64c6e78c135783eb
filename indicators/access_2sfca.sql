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
-- formula_zh: 第一步：每个社区服务中心 j 的供需比 Rj = 建筑面积Sj（平方米）÷ Σk(Pk × G(dkj))；第二步：每个居民点 i 的可达性 Ai = Σj(Rj × G(dij))；两步都只计直线距离 d ≤ d0（搜寻半径，默认1000米）的居民点与中心，Pk 为放在居民点 k 上的常住人口，G(d) = (e^(−½(d/d0)²) − e^(−½)) ÷ (1 − e^(−½))；社区值 =（各居民点可达性 × 人口之和）÷ 有位置的常住人口 × 1,000，即 Σi(Pi × Ai) ÷ ΣiPi × 1,000；上级范围：各社区分子之和 ÷ 分母之和 × 1,000（范围内全部居民点的人口加权平均）
-- formula_en: step 1: each service centre j gets the supply-to-demand ratio Rj = floor area Sj (m²) ÷ Σk(Pk × G(dkj)); step 2: each resident point i gets the accessibility Ai = Σj(Rj × G(dij)); both steps count only points and centres at most d0 apart in a straight line (the catchment, 1000 m by default), Pk is the residents placed on point k and G(d) = (e^(−½(d/d0)²) − e^(−½)) ÷ (1 − e^(−½)); community value = (sum of residents × accessibility of their point) ÷ residents with a location × 1,000, i.e. Σi(Pi × Ai) ÷ ΣiPi × 1,000; scope: the communities' numerators summed ÷ their denominators summed × 1,000 (the resident-weighted mean over all the scope's points)
-- depends_on: communities, census, resident_points
-- equalize: true
-- description_zh: Dai (2010) 高斯两步移动搜寻法：供给为社区服务中心建筑面积，需求为常住人口，搜寻半径默认1000米（可配置），权重 G(d) = (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½))。社区值为居民点可达性的人口加权平均，即每千人可达的中心面积。求和时两步相消：Σ(居民点人口 × 可达性) = 有人可达的中心建筑面积之和。因此一个自成一体的范围（其居民只到达范围内的中心，其中心也只有范围内的居民到达，如彼此相距很远的各模式）的值就是 范围内有人可达的中心建筑面积之和 ÷ 有位置的常住人口 × 1,000，与权重无关，高斯与经典两种算法在该层面相等。
-- description_en: Gaussian two-step floating catchment of Dai (2010): supply is service-centre floor area, demand is residents, the catchment defaults to 1000 m (configurable), weight G(d) = (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½)). A community's value is the resident-weighted mean of its points' accessibility: reachable centre floor area per 1,000 residents. The two steps cancel when summed: Σ (residents × accessibility) = the floor area of the centres anyone can reach. So a self-contained scope (its residents reach only its centres, and only its residents reach them, such as models far apart) has the value floor area of its reachable centres ÷ residents with a location × 1,000 whatever the weight, and the Gaussian and classic variants agree there.
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

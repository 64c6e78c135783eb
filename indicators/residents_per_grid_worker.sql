-- id: residents_per_grid_worker
-- name_zh: 网格员人均服务常住人口
-- name_en: Residents per grid worker
-- unit_zh: 人/网格员
-- unit_en: residents per grid worker
-- format: integer
-- direction: lower_is_better
-- scale: 1
-- numerator_zh: 常住人口
-- numerator_en: resident population
-- denominator_zh: 网格员
-- denominator_en: grid workers
-- formula_zh: 常住人口 ÷ 网格员（本社区各网格的网格员之和）；上级范围：Σ常住人口 ÷ Σ网格员
-- formula_en: resident population ÷ grid workers (summed over the community's grids); scope: Σ resident population ÷ Σ grid workers
-- depends_on: communities, census, grid
-- equalize: false
-- description_zh: 常住人口 ÷ 网格员人数（社区内各网格之和）。无网格员的社区为空。
-- description_en: Resident population ÷ grid workers (summed over the community's grids). NULL where there are no grid workers.
SELECT c.period, c.community_code,
       p.resident AS numerator,
       g.workers AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(grid_workers) AS workers FROM grid GROUP BY ALL) g
       USING (period, community_code)

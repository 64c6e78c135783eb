-- id: households_per_grid
-- name_zh: 网格平均户数
-- name_en: Households per grid
-- unit_zh: 户/网格
-- unit_en: households per grid
-- format: integer
-- direction: neutral
-- scale: 1
-- numerator_zh: 网格户数之和
-- numerator_en: households in the grids
-- denominator_zh: 网格数
-- denominator_en: grids
-- formula_zh: 网格户数之和 ÷ 网格数（本社区各网格）；上级范围：Σ网格户数 ÷ Σ网格数
-- formula_en: households in the grids ÷ grids (over the community's grids); scope: Σ households in the grids ÷ Σ grids
-- depends_on: communities, grid
-- equalize: false
-- description_zh: 社区内各网格户数之和 ÷ 网格数。
-- description_en: Households summed over the community's grids ÷ number of grids.
SELECT c.period, c.community_code,
       g.households AS numerator,
       g.grids AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code, sum(households) AS households, count(*) AS grids FROM grid GROUP BY ALL) g
       USING (period, community_code)

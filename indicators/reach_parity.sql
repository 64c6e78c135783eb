-- id: reach_parity
-- name_zh: 非户籍人口活动覆盖均等度
-- name_en: Reach parity for non-registered residents
-- unit_zh: 倍
-- unit_en: ratio
-- format: decimal2
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 非户籍参与人次（实际）
-- numerator_en: non-registered participants (observed)
-- denominator_zh: 按非户籍人口占比预期的非户籍参与人次（参与人次 × 非户籍人口 ÷ 常住人口）
-- denominator_en: non-registered participants expected from their share of residents (participants × non-registered ÷ residents)
-- formula_zh: 非户籍参与人次（实际）÷ 按非户籍人口占比预期的非户籍参与人次（参与人次 × 非户籍人口 ÷ 常住人口），即（非户籍参与人次 ÷ 参与人次）÷（非户籍人口 ÷ 常住人口）；上级范围：Σ实际 ÷ Σ预期（间接标准化比）
-- formula_en: non-registered participants (observed) ÷ non-registered participants expected from their share of residents (participants × non-registered ÷ residents), i.e. (non-registered participants ÷ participants) ÷ (non-registered ÷ residents); scope: Σ observed ÷ Σ expected (an indirectly standardised ratio)
-- depends_on: communities, census, activities
-- equalize: false
-- description_zh: （非户籍参与人次 ÷ 参与人次）÷（非户籍人口 ÷ 常住人口），写成实际 ÷ 预期：上级范围为各社区实际之和 ÷ 预期之和（间接标准化比）。1为均等，小于1表示非户籍居民参与偏少。
-- description_en: (non-registered participants ÷ participants) ÷ (non-registered ÷ residents), written as observed ÷ expected so that a scope's value is Σ observed ÷ Σ expected (an indirectly standardised ratio). 1 is parity; below 1, non-registered residents take part less than their share.
SELECT c.period, c.community_code,
       a.non_registered AS numerator,
       a.participants::DOUBLE * p.non_registered / nullif(p.resident, 0) AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, sum(participants) AS participants,
                  sum(non_registered_participants) AS non_registered
           FROM activities GROUP BY ALL) a
       USING (period, community_code)

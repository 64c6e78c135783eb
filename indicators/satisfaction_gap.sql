-- id: satisfaction_gap
-- name_zh: 户籍与非户籍居民满意率差
-- name_en: Satisfaction gap, registered minus non-registered
-- unit_zh: 百分点
-- unit_en: percentage points
-- format: decimal1
-- direction: lower_is_better
-- scale: 100
-- aggregate: difference
-- difference_of: satisfied_share_registered, satisfied_share_non_registered
-- numerator_zh: 户籍居民满意率
-- numerator_en: share satisfied among registered respondents
-- denominator_zh: 非户籍居民满意率
-- denominator_en: share satisfied among non-registered respondents
-- formula_zh: （户籍居民满意率 − 非户籍居民满意率）× 100，单位为百分点；上级范围：两者各自的上级范围值之差 × 100（各为范围内受访者合并计算的满意率）
-- formula_en: (share satisfied among registered respondents − share satisfied among non-registered respondents) × 100, in percentage points; scope: the difference of the two shares' scope values × 100 (each pooled over the scope's respondents)
-- depends_on: communities, satisfied_share_registered, satisfied_share_non_registered
-- interval: newcombe
-- equalize: false
-- description_zh: 户籍居民满意率减非户籍居民满意率（百分点）；上级范围为两者各自范围值之差。正值表示非户籍居民满意度较低。ci_low、ci_high 为由两个威尔逊区间构成的95%纽科姆（Newcombe）混合得分区间（百分点）。
-- description_en: Share satisfied among registered minus among non-registered respondents, in percentage points; for a scope, the difference of the two scope values. Positive means non-registered residents are less satisfied. ci_low and ci_high are the 95% Newcombe hybrid score interval built from the two Wilson intervals, in percentage points.
SELECT c.period, c.community_code,
       r.value AS numerator,
       n.value AS denominator
FROM communities c
LEFT JOIN indicator_values r ON r.indicator_id = 'satisfied_share_registered' AND r.period = c.period AND r.community_code = c.community_code
LEFT JOIN indicator_values n ON n.indicator_id = 'satisfied_share_non_registered' AND n.period = c.period AND n.community_code = c.community_code

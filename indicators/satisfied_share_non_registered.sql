-- id: satisfied_share_non_registered
-- name_zh: 非户籍居民满意率
-- name_en: Share satisfied among non-registered respondents
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 总体满意度为4或5分（满意、非常满意）的非户籍受访者
-- numerator_en: non-registered respondents rating overall satisfaction 4 or 5 (satisfied, very satisfied)
-- denominator_zh: 非户籍受访者
-- denominator_en: non-registered respondents
-- formula_zh: 总体满意度为4或5分（满意、非常满意）的非户籍受访者 ÷ 非户籍受访者；上级范围：Σ满意的非户籍受访者 ÷ Σ非户籍受访者（合并计算，不是社区满意率的平均）
-- formula_en: non-registered respondents rating overall satisfaction 4 or 5 (satisfied, very satisfied) ÷ non-registered respondents; scope: Σ satisfied non-registered respondents ÷ Σ non-registered respondents (pooled, not a mean of community shares)
-- depends_on: communities, survey
-- interval: wilson
-- equalize: false
-- description_zh: 总体满意度评4分（满意）或5分（非常满意）的非户籍受访者占比。未调查的社区为空。受访者是社区居民的抽样，ci_low、ci_high 为95%威尔逊（Wilson）区间。
-- description_en: Share of non-registered respondents rating overall satisfaction 4 (satisfied) or 5 (very satisfied). NULL where nobody was surveyed. Respondents are a sample of the residents: ci_low and ci_high are the 95% Wilson score interval.
SELECT c.period, c.community_code,
       s.satisfied AS numerator,
       s.respondents AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  count(*) FILTER (WHERE overall >= 4) AS satisfied,
                  count(*) AS respondents
           FROM survey WHERE hukou_type = '非户籍' GROUP BY ALL) s
       USING (period, community_code)

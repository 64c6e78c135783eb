-- id: satisfied_share
-- name_zh: 居民满意率
-- name_en: Share of residents satisfied
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 总体满意度为4或5分（满意、非常满意）的全部受访者
-- numerator_en: all respondents rating overall satisfaction 4 or 5 (satisfied, very satisfied)
-- denominator_zh: 全部受访者
-- denominator_en: all respondents
-- formula_zh: 总体满意度为4或5分（满意、非常满意）的全部受访者 ÷ 全部受访者；上级范围：Σ满意受访者 ÷ Σ受访者（合并全部受访者，不是社区满意率的平均）
-- formula_en: all respondents rating overall satisfaction 4 or 5 (satisfied, very satisfied) ÷ all respondents; scope: Σ satisfied respondents ÷ Σ respondents (pooled, not a mean of community shares)
-- depends_on: communities, survey
-- interval: wilson
-- equalize: true
-- description_zh: 总体满意度评4分（满意）或5分（非常满意）的全部受访者占比。未调查的社区为空。受访者是社区居民的抽样，ci_low、ci_high 为95%威尔逊（Wilson）区间。
-- description_en: Share of all respondents rating overall satisfaction 4 (satisfied) or 5 (very satisfied). NULL where nobody was surveyed. Respondents are a sample of the residents: ci_low and ci_high are the 95% Wilson score interval.
SELECT c.period, c.community_code,
       s.satisfied AS numerator,
       s.respondents AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code,
                  count(*) FILTER (WHERE overall >= 4) AS satisfied,
                  count(*) AS respondents
           FROM survey WHERE TRUE GROUP BY ALL) s
       USING (period, community_code)

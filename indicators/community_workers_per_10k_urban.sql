-- id: community_workers_per_10k_urban
-- name_zh: 每万城镇常住人口社区工作者数
-- name_en: Community workers per 10,000 urban residents
-- unit_zh: 人/万人
-- unit_en: per 10,000 urban residents
-- format: decimal1
-- direction: higher_is_better
-- scale: 10000
-- numerator_zh: 城镇社区的社区工作者
-- numerator_en: community workers (社区工作者) of urban communities
-- denominator_zh: 城镇社区的常住人口
-- denominator_en: residents of urban communities
-- formula_zh: 社区值：城镇社区（城乡分类代码以1开头）社区工作者 ÷ 常住人口 × 10,000；乡村社区不计（分母为0，为空）；上级范围：Σ城镇社区的社区工作者 ÷ Σ城镇社区的常住人口 × 10,000
-- formula_en: community: for an urban community (urban-rural class code starting with 1), community workers (社区工作者) ÷ residents × 10,000; rural communities are left out (denominator 0: NULL); scope: Σ community workers (社区工作者) of urban communities ÷ Σ residents of urban communities × 10,000
-- depends_on: communities, census, staff
-- equalize: true
-- description_zh: 与 community_workers_per_10k 相同，只计城镇社区（城乡分类代码以1开头），即规划所说的“每万城镇常住人口拥有社区工作者数”。乡村社区为空（分母为0）；未报送工作力量的城镇社区为空。
-- description_en: As community_workers_per_10k, counting only urban communities (urban-rural class code starting with 1): the plans' "community workers per 10,000 urban residents". Rural communities are NULL (denominator 0); so is an urban community without a staff return.
SELECT c.period, c.community_code,
       CASE WHEN starts_with(c.urban_rural_class, '1') THEN s.community_workers
            WHEN p.resident IS NOT NULL THEN 0 END AS numerator,
       CASE WHEN starts_with(c.urban_rural_class, '1') THEN p.resident
            WHEN p.resident IS NOT NULL THEN 0 END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN staff s USING (period, community_code)

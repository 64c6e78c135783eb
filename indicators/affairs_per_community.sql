-- id: affairs_per_community
-- name_zh: 社区承担的工作事项数
-- name_en: Affairs assigned per community
-- unit_zh: 项/社区
-- unit_en: affairs per community
-- format: decimal1
-- direction: lower_is_better
-- scale: 1
-- numerator_zh: 社区工作事项清单中的事项数
-- numerator_en: affairs in the community affairs lists
-- denominator_zh: 报送清单的社区数
-- denominator_en: communities with an affairs list
-- formula_zh: 社区工作事项清单中的事项数 ÷ 报送清单的社区数（社区值：本社区清单的事项数 ÷ 1；没有清单的社区分母为0，为空）；上级范围：Σ事项数 ÷ 报送清单的社区数
-- formula_en: affairs in the community affairs lists ÷ communities with an affairs list (community: the affairs of its list ÷ 1; a community without a list has denominator 0: NULL); scope: Σ affairs ÷ communities with an affairs list
-- depends_on: communities, community_affairs
-- equalize: false
-- description_zh: 派给社区的工作事项数（社区工作事项清单的行数）：减负看它是否减少。招商街道撤销社区工作站后，每个社区159项事项合并为15个委托项目，事项数不变，由社会组织承接（见 affairs_contracted_share、affair_projects_per_community）。没有报送清单的社区为空，不计入上级范围。
-- description_en: Affairs assigned to a community (rows of its affairs list, 社区工作事项清单): burden reduction (减负) shows as fewer. Zhaoshang abolished its community workstations and merged each community's 159 affairs into 15 contracted projects: as many affairs, delivered by social organisations (see affairs_contracted_share and affair_projects_per_community). NULL for a community without a list, which its scopes leave out.
SELECT c.period, c.community_code,
       a.affairs AS numerator,
       CASE WHEN a.affairs > 0 THEN 1 ELSE 0 END AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code, count(*) AS affairs FROM community_affairs GROUP BY ALL) a
       USING (period, community_code)

-- id: affair_projects_per_community
-- name_zh: 社区承接事项的委托项目数
-- name_en: Contracted projects per community
-- unit_zh: 个/社区
-- unit_en: projects per community
-- format: decimal1
-- direction: neutral
-- scale: 1
-- numerator_zh: 委托事项所属的不同项目数
-- numerator_en: distinct projects carrying contracted affairs
-- denominator_zh: 报送清单的社区数
-- denominator_en: communities with an affairs list
-- formula_zh: 委托事项所属的不同项目数（是否委托为「是」且填写了项目名称的事项，按项目名称计不同的项目）÷ 报送清单的社区数（社区值：本社区的项目数 ÷ 1）；上级范围：Σ各社区的项目数 ÷ 报送清单的社区数
-- formula_en: distinct projects carrying contracted affairs (affairs contracted 「是」 with a project name, counted by distinct project name) ÷ communities with an affairs list (community: its projects ÷ 1); scope: Σ the communities' projects ÷ communities with an affairs list
-- depends_on: communities, community_affairs
-- equalize: false
-- description_zh: 社区的委托事项合并成多少个服务项目：招商街道每个社区159项事项合并为15个项目。同名项目在不同社区各算一个。没有清单的社区为空；有清单而没有委托事项的社区为0。
-- description_en: How many contracted projects a community's contracted affairs are merged into: in Zhaoshang, each community's 159 affairs into 15 projects. A project of the same name counts once in each community. NULL for a community without a list; 0 for one whose list contracts nothing.
SELECT c.period, c.community_code,
       CASE WHEN a.affairs > 0 THEN a.projects END AS numerator,
       CASE WHEN a.affairs > 0 THEN 1 ELSE 0 END AS denominator
FROM communities c
LEFT JOIN (SELECT period, community_code, count(*) AS affairs,
                  count(DISTINCT project_name) FILTER (WHERE contracted = '是') AS projects
           FROM community_affairs GROUP BY ALL) a
       USING (period, community_code)

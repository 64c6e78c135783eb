-- id: terminal_coverage_urban
-- name_zh: 城市社区政务通用自助服务覆盖率
-- name_en: Urban communities with a self-service government terminal
-- unit_zh: %
-- unit_en: %
-- format: percent
-- direction: higher_is_better
-- scale: 1
-- numerator_zh: 有政务自助终端的城市社区数（有常住人口）
-- numerator_en: urban communities with residents that have a self-service government terminal
-- denominator_zh: 报告了政务自助终端的有常住人口的城市社区数
-- denominator_en: urban communities with residents for which terminals are reported
-- formula_zh: 社区值：城市社区（城乡分类代码以1开头）有政务自助终端（任一设施的终端数大于0）为1，否则为0；其他社区和无常住人口的社区不计（分母为0，为空）；本社区的设施都没有填写终端数、或该期台账没有这一列时为空；上级范围：有政务自助终端的城市社区数（有常住人口）÷ 报告了政务自助终端的有常住人口的城市社区数
-- formula_en: community: for an urban community (urban-rural class code starting with 1), 1 if it has a self-service government terminal (any facility with more than 0), otherwise 0; other communities and those without residents are left out (denominator 0: NULL); NULL when none of its facilities reports terminals, or the period's ledger lacks the column; scope: urban communities with residents that have a self-service government terminal ÷ urban communities with residents for which terminals are reported
-- depends_on: communities, census, facilities
-- equalize: false
-- description_zh: 规划指标「城市社区政务通用自助服务覆盖率」：按规划的定义只计城市社区（城乡分类代码以1开头，有常住人口），农村社区（村）不计。社区的任一设施有政务服务通用自助终端即为覆盖。没有设施的城市社区，在该期台账报告了终端的情况下计为没有；设施都没有填写终端数的社区、或该期台账没有这一列（早期台账）时为空。
-- description_en: The plans' 城市社区政务通用自助服务覆盖率: as the plans define it, urban communities only (urban-rural class code starting with 1, with residents); rural villages are not counted. A community is covered when any of its facilities has a general-purpose self-service government terminal. An urban community with no facility counts as without one when the period's ledger reports terminals; NULL for a community none of whose facilities reports terminals, and for a period whose ledger lacks the column (older ledgers).
SELECT c.period, c.community_code,
       CASE WHEN starts_with(c.urban_rural_class, '1') AND p.resident > 0 THEN
                 CASE WHEN f.terminals > 0 THEN 1
                      WHEN f.terminals IS NOT NULL OR (f.facilities IS NULL AND r.reported) THEN 0 END
            WHEN p.resident IS NOT NULL THEN 0 END AS numerator,
       CASE WHEN starts_with(c.urban_rural_class, '1') AND p.resident > 0 THEN
                 CASE WHEN f.terminals IS NOT NULL OR (f.facilities IS NULL AND r.reported) THEN 1 END
            WHEN p.resident IS NOT NULL THEN 0 END AS denominator
FROM communities c
LEFT JOIN census p USING (period, community_code)
LEFT JOIN (SELECT period, community_code, count(*) AS facilities, sum(self_service_terminals) AS terminals
           FROM facilities GROUP BY ALL) f
       USING (period, community_code)
LEFT JOIN (SELECT period, count(self_service_terminals) > 0 AS reported FROM facilities GROUP BY ALL) r
       USING (period)

// Package samplegen writes realistic synthetic exports for the three
// governance models shequ compares — Pingshan (坪山, Shenzhen district
// 440310), Tianning (天宁, Changzhou district 320402) and Zhaoshang (招商,
// Shenzhen street 440305006) — for the periods 2015 and 2020, together with
// a shequ.yaml that ingests them.
//
// The figures are synthetic but calibrated: district totals match the
// published 2015 figures and the 2020 census exactly (see models.go, the one
// table of parameters, where every number names its source or says it is an
// assumption), on the real 2023 community codes of package divisions. The
// exports carry the formats real offices send (GBK, CRLF, thousands
// separators, an Excel ledger with a title row, dates written three ways)
// and a few deliberately bad rows, each listed in the Summary.
//
// Each period has a community register, population exports, the facility
// ledger, staff, grids, funding projects, community activities (社区活动),
// grid events (网格事件, in the grids of the same period's 网格.csv), a
// satisfaction survey (满意度调查), the register of community social
// organisations (社区社会组织: a GBK CSV with CRLF line ends in 2015, a
// workbook in 2020; organisations keep their number and name across the
// periods), a volunteer extract (志愿者注册: a random 1% of the
// registered volunteers, with synthetic identity numbers, names and phone
// numbers, hashed at ingest under the fixed key of pii.key, which
// shequ.yaml names and which is fit for synthetic data only) and the
// community affairs list (社区工作事项清单.xlsx, affairs.go): in Zhaoshang
// 159 affairs per community merged into 15 contracted projects
// (model-facts), in Pingshan and Tianning one community's longer list
// each. The facility ledger gives each facility's residents' activity area
// and, from 2020 (the 2015 ledger has no such column), its self-service
// government terminals (workbooks.go); these come from their own random
// stream, so the facilities themselves do not change with them.
// Options.Persons adds a person-level
// census of 2020 (persons/人口个案.csv) of any size for benchmarks: it is
// streamed row by row, in UTF-8 or GBK, with synthetic but well-formed ID
// numbers, names and phone numbers.
//
// Every export says it is synthetic: its first line (the first row of
// every sheet of the workbook) is the mark 「【模拟数据 SYNTHETIC】本文件由
// shequ gen 生成…」 on a line of its own, in the file's own encoding, and
// the workbook's document properties say so too. The ingest reads the mark
// as a title row above the header (counted in rows_in and skipped as
// above_header), records the file as synthetic (ingest_files.synthetic),
// and the reports built on such files say on every page that the data is
// synthetic: the community names and codes are real, the figures are not.
//
// Generation is deterministic for a seed: the same Options give the same
// CSV bytes and the same workbook cells.
package samplegen

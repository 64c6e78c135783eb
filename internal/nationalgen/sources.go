package nationalgen

// source is one generated source: its name (schemas/<name>.yaml) and the
// SELECT that makes it from the table div (one row per community).
type source struct{ name, sql string }

// sources lists the generated sources. Their columns follow
// schemas/*.yaml, then the lineage columns. The SELECTs use three macros
// that Write defines for each period: h(s), a signed pseudo-random number
// from a string, the same in every period (for what does not change: the
// communities' area, the places of facilities and grids); hp(s), the same
// with the period's salt (for every figure); and yr(), the period's year.
func sources() []source {
	return []source{
		{"communities", `SELECT code AS community_code, name AS community_name, street_code, street_name,
		district_code, district_name, CASE WHEN name LIKE '%村%' THEN '220' ELSE '111' END AS urban_rural_class,
		0.5 + (h(code || 'a') % 500) / 100.0 AS area_km2,
		lat, lon, 'communities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div`},
		{"census", `SELECT code AS community_code, name AS community_name, r AS resident, reg AS registered, r - reg AS non_registered,
		(r / 2.6)::BIGINT AS households, (r * 0.14)::BIGINT AS age_0_14, (r * 0.68)::BIGINT AS age_15_59,
		r - (r * 0.14)::BIGINT - (r * 0.68)::BIGINT AS age_60_plus,
		'census.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM (SELECT *, 300 + hp(code || 'r') % 15000 AS r, (300 + hp(code || 'r') % 15000) * (20 + hp(code || 'g') % 70) // 100 AS reg FROM div)`},
		{"facilities", `SELECT code || '-' || k AS facility_id, code AS community_code, name || '设施' || k AS facility_name,
		CASE WHEN k = 1 THEN '党群服务中心' WHEN k = 2 THEN '日间照料中心' ELSE '文体活动室' END AS facility_type,
		100 + hp(code || k) % 1200 AS floor_area_m2, lat + ((h(code || k || 'y') % 100) - 50) / 20000.0 AS lat,
		lon + ((h(code || k || 'x') % 100) - 50) / 20000.0 AS lon, '社会组织承接' AS operator, 2010 AS opened_year,
		round((100 + hp(code || k) % 1200) * (50 + hp(code || k || 'a') % 40) / 100.0, 1) AS activity_area_m2,
		CASE WHEN k = 1 THEN hp(code || 't') % 2 ELSE 0 END AS self_service_terminals,
		'facilities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM div, range(1, 4) t(k) WHERE k = 1 AND hp(code || 'c') % 100 < 85 OR k > 1 AND hp(code || k) % 100 < 50`},
		{"staff", `SELECT code AS community_code, name AS community_name, 2 + hp(code || 'w') % 30 AS community_workers,
		hp(code || 's') % 12 AS social_workers, 'staff.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div`},
		{"grid", `SELECT code || lpad(k::VARCHAR, 3, '0') AS grid_id, code AS community_code, '城市' AS grid_type,
		200 + hp(code || k || 'h') % 400 AS households, 5 + hp(code || k) % 20 AS buildings, 1 + hp(code || k || 'w') % 2 AS grid_workers,
		lat + ((h(code || k || 'gy') % 100) - 50) / 10000.0 AS lat, lon + ((h(code || k || 'gx') % 100) - 50) / 10000.0 AS lon,
		'grid.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 3) t(k)`},
		{"funding", `SELECT code || '-F' || k AS project_id, code AS community_code, '项目' || k AS project_name,
		['政府购买服务', '公益创投', '民生微实事', '社区基金', '企业/个人捐赠', '服务收费'][1 + hp(code || k || 'c') % 6] AS channel,
		(1000 + hp(code || k) % 300000)::DOUBLE AS amount_yuan, yr() AS year,
		['居民', '社会组织', '社区'][1 + hp(code || k || 'p') % 3] AS proposer, '已完成' AS status,
		'funding.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 4) t(k)`},
		{"activities", `SELECT code || '-A' || k AS activity_id, code AS community_code, '活动' || k AS activity_name, '文体活动' AS activity_type,
		make_date(yr(), 1, 1) + (hp(code || k) % 365)::INTEGER AS activity_date, p AS participants, (p * (hp(code || k || 'n') % 80) // 100) AS non_registered_participants,
		'社区' AS organiser, 'activities.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM (SELECT *, 10 + hp(code || k || 'p') % 2000 AS p FROM div, range(1, 3) t(k))`},
		{"grid_events", `SELECT code || '-E' || k AS event_id, code || '001' AS grid_id, code AS community_code, '环境卫生' AS category,
		make_timestamp(yr(), 1, 1, 8, 0, 0) + to_hours((hp(code || k) % 8000)::INTEGER) AS reported_at,
		CASE WHEN hp(code || k || 's') % 100 < 92 THEN make_timestamp(yr(), 1, 1, 8, 0, 0) + to_hours((hp(code || k) % 8000)::INTEGER) + to_minutes((60 + hp(code || k || 'h') % 4000)::INTEGER) END AS closed_at,
		CASE WHEN hp(code || k || 's') % 100 < 92 THEN '已办结' ELSE '办理中' END AS status,
		'grid_events.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line FROM div, range(1, 4) t(k)`},
		{"survey", `SELECT code || '-S' || k AS response_id, code AS community_code, CASE WHEN hp(code || k) % 2 = 0 THEN '户籍' ELSE '非户籍' END AS hukou_type,
		1 + hp(code || k || 'o') % 5 AS overall, 1 + hp(code || k || 'c') % 5 AS convenience, 1 + hp(code || k || 'q') % 5 AS quality,
		1 + hp(code || k || 'p') % 5 AS participation, 'survey.csv' AS source_file, '' AS source_sheet, row_number() OVER () + 1 AS source_line
		FROM div, range(1, 7) t(k)`},
	}
}

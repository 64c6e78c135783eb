// Package nationalgen writes a warehouse of the real community codes of
// China (the 620,573 of the 2023 statistical division codes, package
// divisions, or the first N of them in code order) with generated figures
// for every source, for benchmarks and for tests of the reports at scale.
//
// Write publishes, in one warehouse transaction, a Parquet file and its
// manifest per source and period, as if each had been ingested from a CSV
// export; it also writes those CSV copies (OUT/csv: the latest period's as
// csv/<source>.csv, which bench/pandas_indicators.py reads, earlier
// periods' as csv/<period>/<source>.csv) and OUT/run.yaml, a configuration
// with which `shequ run` ingests the copies into a warehouse of its own
// (OUT/run-warehouse, reports to OUT/run-reports). The warehouse is not
// built: `shequ build --warehouse OUT/warehouse` makes its database.
//
// Every figure comes from DuckDB's hash of the community code and a tag,
// so the output is the same from run to run. Each period but the latest
// adds a salt of its own to the tags, so an earlier period has other
// populations, facilities, staff, funding, activities, events and survey
// answers — its indicators differ from the latest one's, community by
// community — while the latest period's figures do not depend on which
// earlier periods are written with it (and are those the national
// benchmark has always used). The communities themselves (names, streets,
// districts, area, location) and the places of facilities and grids are
// the same in every period. Locations are plausible, not real: each county
// at a point inside China's extent, its communities within about 10 km.
//
// The governance models are the provinces of Guangdong, Jiangsu and Beijing
// (their districts in the selection), unless Options.Models names others.
package nationalgen

// Package census2020 holds the county-level tables of China's 7th national
// census (2020) bundled with shequ, reduced to the figures the sample
// generator and the indicators need: residents, family households,
// residents registered elsewhere (the closest published proxy for
// non-registered residents) and three age bands.
//
// The table is embedded in the binary (data/census_county_2020_v1.csv.gz,
// attribution in data/SOURCES.md: github.com/leiii/census, MIT; Dong, Du &
// Liu, SSRN 4049338), so nothing outside the program is read.
package census2020

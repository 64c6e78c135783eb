// Package divisions holds the 2023 statistical division codes of China
// (统计用区划代码, National Bureau of Statistics) bundled with shequ: every
// one of the 620,573 village- and community-level codes with its township
// or street and its county or district.
//
// The data is embedded in the binary (data/*.csv.gz, attribution in
// data/SOURCES.md), so shequ validates community codes and generates
// sample data without reading anything outside the program.
package divisions

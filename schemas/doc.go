// Package schemas holds the declared sources that shequ ingests. Each source
// is one YAML file in this folder (census.yaml, facilities.yaml, …) listing
// its columns with type, Chinese and English header aliases, range rules and
// descriptions, plus row rules that compare two columns.
//
// The files are embedded in the binary and loaded strictly: an unknown key,
// a duplicate column, an unknown type or a rule naming a missing column is an
// error, and Load reports every problem at once.
package schemas

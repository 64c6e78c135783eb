// Package config reads shequ.yaml, the nightly batch configuration: where the
// warehouse is, which export files feed which source and period, and which
// governance models group which districts or streets.
//
// Loading is strict: an unknown key (a typo such as "soruces") is an error,
// and every problem is reported at once with its line in the file.
package config

// Package indicators holds shequ's indicator declarations and runs them.
//
// An indicator is one SQL file in this folder: a header of "-- key: value"
// lines (id, Chinese and English names and units, direction, scale,
// numerator and denominator, the standard and its source, depends_on,
// equalize) followed by one SELECT that returns, for every community and
// period, the columns period, community_code, numerator and denominator.
// The value is numerator ÷ denominator × scale; it is NULL, with a reason,
// when the denominator is zero or an input is missing. A scope's value
// (street, district, model, all) is the ratio of the sums of numerators and
// denominators, never a mean of community ratios.
//
// An indicator whose value is a share from a sample (survey respondents)
// declares "-- interval: wilson", and a difference of two such shares
// "-- interval: newcombe": its values come with a 95 % interval (ci_low,
// ci_high; interval.go), a scope's from its pooled counts. below_standard
// says whether a value is below its standard for certain (the whole
// interval, or the exact value, on the wrong side of it), meets it, or is
// uncertain; a scope counts the communities meeting the standard by value
// and those surely below it. Every other indicator counts a whole
// population and is exact.
//
// A file with "-- kind: view" declares a helper view (such as
// service_centres) that indicators depend on.
//
// Everything else — the indicator_catalog table, `shequ indicators`, column
// comments and report headers — reads these declarations. Adding an
// indicator means adding a file (and its test), nothing else.
package indicators

// Package indicators holds shequ's indicator declarations and runs them.
//
// An indicator is one SQL file in this folder: a header of "-- key: value"
// lines (id, Chinese and English names and units, direction, scale,
// numerator and denominator, the formula for readers, depends_on,
// equalize, aggregate) followed by one SELECT that
// returns, for every community and period, the columns period,
// community_code, numerator and denominator.
//
// How the value is formed depends on aggregate:
//   - ratio (the default): value = numerator ÷ denominator × scale, and a
//     scope's value (street, district, model, all) is the ratio of the sums
//     of numerators and denominators over the scope's communities that
//     have both, never a mean of community ratios;
//   - median: the numerator is the community's median of a detail view's
//     rows (detail:), and a scope's value is the median of all those rows
//     in the scope;
//   - difference: value = (numerator − denominator) × scale, the two being
//     other indicators' values (difference_of:), and a scope's value is the
//     difference of their scope values.
//
// The value is NULL, with a reason, when the denominator is zero or an
// input is missing.
//
// formula_zh and formula_en, required of every indicator, write the formula
// as a reader should see it, in words and symbols: the community's value,
// then, after 「上级范围：」 / "scope: ", how a scope's value is formed. A
// ratio's formula names its numerator and denominator labels and its scale.
// They are what reports and `shequ indicators show` print; the SELECT is
// the formula the machine runs (formula_sql in indicator_catalog).
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
// Standards are not declared here: they are plans' targets, as data
// (package standards). Load gives each indicator its headline standard
// (StandardOp, StandardValue, StandardZh/En, StandardSource, StandardPlan)
// from the plans shipped with shequ — the national plan, then the
// benchmarks; plans an office adds are held side by side by the build.
//
// A file with "-- kind: view" declares a helper view (such as
// service_centres) that indicators depend on.
//
// Everything else — the indicator_catalog table, `shequ indicators`, column
// comments and report headers — reads these declarations. Adding an
// indicator means adding a file (and its test), nothing else.
package indicators

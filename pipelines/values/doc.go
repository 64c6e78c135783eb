// Package values turns the text cells of street and district office exports
// into typed values, and folds header cells so they can be matched against
// the Chinese aliases declared in a source schema.
//
// The exports are typed by hand or produced by several generations of
// office software, so the parsers are tolerant of the spellings seen in
// practice — full-width digits, thousands separators, a trailing ".0"
// left by Excel, a 万 (ten thousand) suffix, percentages, and a dozen date
// layouts — and strict about everything else: a cell that is not clearly a
// number or a date is an error, never a guess.
//
// None of the parsers treats a null spelling ("", "-", "无", "N/A", …) as a
// value; callers check IsNull first and store a null. A parse failure is a
// *ParseError that says which kind of value was expected, so the caller can
// quarantine the row with a reason.
//
// Every function here is pure and safe for concurrent use.
package values

// Package values turns the text cells of street and district office exports
// into typed values, and folds header cells so they can be matched against
// the Chinese aliases declared in a source schema.
//
// The exports are typed by hand or produced by several generations of
// office software, so the parsers are tolerant of the spellings seen in
// practice — full-width digits, thousands separators, a trailing ".0"
// left by Excel, a 万 (ten thousand) suffix, percentages, a dozen date
// layouts, dates and times with Excel serials — and strict about
// everything else: a cell that is not clearly a number or a date is an
// error, never a guess.
//
// None of the parsers treats a null spelling ("", "-", "无", "N/A", …) as a
// value; callers check IsNull first and store a null. A parse failure is a
// *ParseError that says which kind of value was expected, with a reason
// in English and (ReasonZh) in Chinese, so the caller can quarantine the
// row with a reason the office can act on.
//
// CheckResidentID checks a citizen identity number; what is wrong with
// one is an IDProblem, which never carries the number, so it can be shown
// and logged.
//
// SyntheticMark is the words that open the row marking an export of
// `shequ gen` as synthetic.
//
// Every function here is pure and safe for concurrent use.
package values

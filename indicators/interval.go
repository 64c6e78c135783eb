package indicators

import (
	"strconv"
	"strings"
)

// Z95 is the 0.975 quantile of the standard normal distribution, the z of
// every 95 % interval shequ states.
const Z95 = 1.959963984540054

// Values of indicator_values.below_standard.
const (
	// Below: the value fails the standard for certain — the whole
	// interval (or, for an exact indicator, the value) is on the wrong
	// side of it.
	Below = "below"
	// Meets: the whole interval (or the exact value) meets the standard.
	Meets = "meets"
	// Uncertain: the interval holds values on both sides of the standard.
	Uncertain = "uncertain"
)

// The SQL below spells out the two intervals once; Run puts them in its
// queries. Column names are the callers' and Z95 is a constant, so the
// fragments hold no value that comes from the data.

// wilsonSQL is the 95 % Wilson score interval of the share x ÷ n, times
// scale, as two SQL expressions (low, high): with z = Z95,
//
//	(x + z²/2 ∓ z·√(x(n−x)/n + z²/4)) ÷ (n + z²)
//
// which is Wilson's (p̂ + z²/2n ∓ z·√(p̂(1−p̂)/n + z²/4n²)) ÷ (1 + z²/n)
// with numerator and denominator multiplied by n. The low end is exactly 0
// when x = 0 and the high end exactly 1 when x = n (the formula gives them
// up to rounding), and both are held to [0, 1]. Both are NULL unless
// 0 ≤ x ≤ n and n > 0: a numerator outside that is not a count of
// respondents, and no interval is claimed for it.
func wilsonSQL(x, n, scale string) (low, high string) {
	z := strconv.FormatFloat(Z95, 'g', -1, 64)
	r := strings.NewReplacer("{x}", x, "{n}", n, "{z}", z, "{s}", scale)
	ok := r.Replace(`{n} > 0 AND {x} >= 0 AND {x} <= {n}`)
	root := r.Replace(`{z} * sqrt({x} * ({n} - {x}) / {n} + {z} * {z} / 4)`)
	low = r.Replace(`CASE WHEN ` + ok + ` THEN CASE WHEN {x} = 0 THEN 0 ELSE greatest(0, ({x} + {z} * {z} / 2 - ` + root + `) / ({n} + {z} * {z})) END * {s} END`)
	high = r.Replace(`CASE WHEN ` + ok + ` THEN CASE WHEN {x} = {n} THEN 1 ELSE least(1, ({x} + {z} * {z} / 2 + ` + root + `) / ({n} + {z} * {z})) END * {s} END`)
	return low, high
}

// newcombeSQL is Newcombe's hybrid score interval (method 10 of Newcombe
// 1998) of a difference d = (p1 − p2) × scale, as two SQL expressions
// (low, high). Each share pi comes with its Wilson interval [li, ui]
// (a and b name columns <a>_v, <a>_lo, <a>_hi and the same of <b>):
//
//	low  = d − scale·√((p1 − l1)² + (u2 − p2)²)
//	high = d + scale·√((u1 − p1)² + (p2 − l2)²)
//
// NULL when d or any of the six is NULL. The interval is centred on the
// stored difference d, so it always contains it.
func newcombeSQL(d, a, b, scale string) (low, high string) {
	r := strings.NewReplacer("{d}", d, "{a}", a, "{b}", b, "{s}", scale)
	low = r.Replace(`{d} - {s} * sqrt(pow({a}_v - {a}_lo, 2) + pow({b}_hi - {b}_v, 2))`)
	high = r.Replace(`{d} + {s} * sqrt(pow({a}_hi - {a}_v, 2) + pow({b}_v - {b}_lo, 2))`)
	return low, high
}

// belowSQL says, as SQL, whether value (with its interval [low, high], or
// exactly, when low and high are the value itself) fails the indicator's
// standard for certain: Below when even the interval's best end fails it,
// Meets when even its worst end meets it, Uncertain otherwise; NULL
// without a standard, a value or an interval. The best end is the high
// one for a standard ">=" or ">", the low one for "<=" or "<". The
// threshold is bound: the expression holds two "?", each for
// ind.StandardValue.
func belowSQL(ind *Indicator, value, low, high string) string {
	if !ind.HasStandard() {
		return "NULL::VARCHAR"
	}
	best, worst := high, low
	if ind.StandardOp == "<=" || ind.StandardOp == "<" {
		best, worst = low, high
	}
	return `CASE WHEN ` + value + ` IS NULL OR ` + best + ` IS NULL OR ` + worst + ` IS NULL THEN NULL
	WHEN NOT (` + best + ` ` + ind.StandardOp + ` ?) THEN '` + Below + `'
	WHEN ` + worst + ` ` + ind.StandardOp + ` ? THEN '` + Meets + `'
	ELSE '` + Uncertain + `' END`
}

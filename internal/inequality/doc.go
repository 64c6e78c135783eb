// Package inequality computes equalization (基本公共服务均等化) measures over a
// set of observations, usually communities, each with a value y_i (e.g.
// service centres per 10,000 residents), a weight w_i (residents) and an
// optional group label (governance model, street id).
//
// Measures returns every measure below, keyed by id, in the order of IDs.
// A measure that is undefined for the input is returned with Valid false and
// a Reason (and an Err that wraps a sentinel from errors.go); a Valid result
// is never NaN or ±Inf. Atkinson (any ε), Wolfson, Lorenz, ShareBelow and
// PopulationShareBelow are also available on their own.
//
// # Input rules
//
//   - Empty input: every measure is invalid (ErrNoObservations), n included.
//   - A NaN or ±Inf value or weight, a negative value or a negative weight
//     makes every measure except n invalid; the reason names the first
//     offending observation (obs[i], 0-based) and how many there are.
//   - Unweighted measures (n, min, max, gini, gini_corrected, max_min_ratio,
//     p90_p10_ratio, ShareBelow) count every observation once and ignore
//     weights, so an observation with weight 0 still counts there.
//   - Population-weighted measures (everything else) use p_i = w_i/Σw; an
//     observation with weight 0 contributes nothing, not even a zero value
//     that would otherwise make MLD or Atkinson(ε ≥ 1) undefined. They are
//     invalid when every weight is 0 (ErrZeroTotalWeight) or every value with
//     weight > 0 is 0 (ErrZeroTotal), except mean_weighted, which is then 0.
//   - The inequality measures are scale invariant, so they are computed on
//     values divided by their maximum and weights divided by theirs, and no
//     sum overflows; min, max, mean_weighted and the two ratios use the
//     input's units (a ratio that overflows is ErrNumeric). Population-weighted
//     measures are invalid (ErrNumeric) when an observation with weight > 0
//     has a weight, or a positive value, below 1e-140 times the largest, as
//     their sums would then fall into float64's subnormal range; no real
//     indicator comes near that. Results whose mathematical range is
//     [0, 1] or [0, ∞) are clamped to it to absorb rounding (a Gini of equal
//     values is 0, never −1e-17).
//
// # Measures
//
// Notation: ȳ = Σ w·y / Σ w, s_i = w_i·y_i / Σ w·y, y_(1) ≤ … ≤ y_(n).
//
//   - n: number of observations, len(obs), including those with weight 0.
//   - min, max: smallest and largest value, in the input's units.
//   - mean_weighted: ȳ, in the input's units.
//   - gini: unweighted Gini dividing by n, Σ_i (2i−n−1)·y_(i) / (n·Σy), as R
//     ineq::Gini (corr = FALSE). For one observation it is 0. Invalid when
//     every value is 0.
//   - gini_corrected: the same sum divided by (n−1)·Σy, i.e. gini·n/(n−1), as
//     ineq::Gini(corr = TRUE). Invalid for n < 2.
//   - gini_weighted: population-weighted Gini, 1 − Σ_i p_i·(L_{i−1} + L_i), the
//     trapezoid rule under the weighted Lorenz curve (Stata ineqdeco). It
//     equals the Gini (dividing by n) of the frequency-expanded data and has
//     no n/(n−1) factor, so with equal weights it equals gini.
//   - theil_t: Theil T = GE(1) = Σ_i s_i·ln(y_i/ȳ), population-weighted, with
//     0·ln 0 = 0 (PySAL's convention): zero values stay in ȳ and in the
//     population shares. R ineq::Theil instead drops zeros first, so on
//     0,0,0,10,10,10 it gives 0 where this package (and PySAL) gives ln 2.
//   - theil_l: mean log deviation (MLD) = GE(0) = Σ_i p_i·ln(ȳ/y_i). Invalid
//     when any value with weight > 0 is 0 (ErrZeroValue); PySAL raises there
//     and Stata drops y ≤ 0, this package drops nothing.
//   - theil_t_between, theil_t_within: decomposition of theil_t by Obs.Group
//     with population-weighted groups: between = Σ_g S_g·ln(S_g/P_g),
//     within = Σ_g S_g·T_g, where S_g = Σ_{i∈g} w·y / Σ w·y, P_g = Σ_{i∈g} w / Σ w
//     and T_g is theil_t inside g. between + within = theil_t up to rounding.
//     (PySAL TheilD uses observation counts, not population, as group
//     weights; with equal weights the two agree.)
//   - theil_l_between, theil_l_within: decomposition of the MLD with
//     population shares as group weights: between = Σ_g P_g·ln(P_g/S_g),
//     within = Σ_g P_g·L_g, with L_g the MLD inside g; between + within =
//     theil_l up to rounding.
//     All four decomposition measures need a non-empty Group on every
//     observation with weight > 0: if none has one they are invalid
//     (ErrNoGroups), if only some have one they are invalid
//     (ErrMissingGroup) rather than pooling the unlabelled observations.
//     A single group is valid: between is 0 and within is the total.
//   - cv: coefficient of variation, population-weighted standard deviation
//     dividing by Σw (not Σw − 1) over ȳ: sqrt(Σ p_i·(y_i − ȳ)²)/ȳ. With equal
//     weights it equals ineq::var.coeff (which divides by n).
//   - atkinson_0.5, atkinson_1, atkinson_2: population-weighted Atkinson,
//     A(ε) = 1 − (Σ p_i·(y_i/ȳ)^(1−ε))^(1/(1−ε)), and A(1) = 1 − exp(Σ p_i·ln y_i)/ȳ,
//     as ineq::Atkinson and PySAL atkinson with equal weights. For ε ≥ 1 it is
//     invalid when any value with weight > 0 is 0 (ErrZeroValue). Atkinson
//     accepts any finite ε ≥ 0; A(0) = 0.
//   - max_min_ratio: max/min over every observation; invalid when min is 0.
//   - p90_p10_ratio: unweighted, over communities, 90th over 10th
//     percentile, each the type-7 quantile (R's default quantile, NumPy's
//     default "linear"): with h = (n−1)·q, Q = y_(⌊h⌋+1) + (h−⌊h⌋)·(y_(⌊h⌋+2) − y_(⌊h⌋+1)).
//     Invalid when the 10th percentile is 0.
//   - wolfson: Wolfson bipolarization index in PySAL's scaling,
//     W = (2·D50 − G)·ȳ/m with D50 = 0.5 − L(0.5), here on the weighted
//     Lorenz curve (linear between vertices), G = gini_weighted and m the
//     weighted median (the first value whose cumulative population share
//     reaches 1/2, or the mean of it and the next when the share is 1/2
//     within 1e-9, so equal weights give the ordinary median). Wolfson's
//     original definition, as in the World Bank's wbpip, is
//     2·(2·D50 − G)·ȳ/m, twice this value. Invalid when the median is 0.
//
// Lorenz returns the population-weighted Lorenz curve; ShareBelow the
// unweighted share of observations failing a standard and
// PopulationShareBelow the population share living in them.
//
// The tests reproduce the published reference values of R ineq 0.2-13 and
// PySAL inequality for every measure that claims their definition.
package inequality

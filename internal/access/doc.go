// Package access measures how well residents can reach community services:
// walking distance to the nearest facility, the share of residents within a
// life-circle radius, and two-step floating catchment (2SFCA) accessibility,
// the supply per resident a community can reach once competition for each
// facility is accounted for.
//
// # Units and distances
//
// Distances are metres. Coordinates are WGS 84 decimal degrees; latitude
// must lie in [-90, 90] and longitude in [-180, 180]. Distance between two
// points is the great-circle (Haversine) distance on a sphere of radius
// EarthRadius = 6,371,008.8 m (the mean radius), i.e. a straight-line
// proxy for walking distance, not a network distance. Explicit costs given
// to TwoStepCosts may be in any unit (metres, minutes) that the maximum cost
// and the weight function share.
//
// Life-circle radii are pinned from GB 50180-2018, not derived from a
// walking speed: Walk5Min = 300 m, Walk10Min = 500 m, Walk15Min = 1000 m
// (the standard gives 800–1000 m for 15 minutes; this package uses 1000).
//
// # Two-step floating catchment (2SFCA)
//
// With demand P_k (residents), supply S_j (floor area, staff, doctors),
// costs d_kj from demand k to supply j, a catchment bound d0 and a weight
// function W:
//
//	R_j = S_j / Σ_k P_k·W(d_kj)   over d_kj ≤ d0   (step 1: supply-to-demand ratio)
//	A_i = Σ_j R_j·W(d_ij)         over d_ij ≤ d0   (step 2: accessibility)
//
// This is PySAL access's two_stage_fca. Decisions:
//
//   - The catchment bound is inclusive: a pair exactly at d0 is inside, in
//     both steps and in every search (Within, Nearest, ShareWithin). (PySAL's
//     code filters with a strict "<"; the two differ only at d = d0.)
//   - Step 1 uses the same weight W as step 2 (the enhanced 2SFCA of Luo and
//     Qi 2009 and the Gaussian 2SFCA of Dai 2010, and what PySAL does with
//     weight_fn). With Uniform it is the classic 2SFCA of Luo and Wang 2003.
//   - A supply whose catchment holds no weighted demand (Σ_k P_k·W(d_kj) = 0)
//     gets R_j = 0: it is unused and adds nothing to any A_i, so A is always
//     finite. (PySAL divides by zero there.) Consequently Σ_i P_i·A_i equals
//     the total supply of the supply points that have some weighted demand,
//     and with a catchment covering everything and W = Uniform every A_i is
//     total supply / total demand.
//   - In TwoStepCosts a Cost{I, J, D} is the cost from demand I to supply J
//     (PySAL's cost_origin is the demand side, cost_dest the supply side); a
//     pair without a Cost is unreachable, and a pair listed twice is an
//     error.
//   - W must return a finite, non-negative number for every cost inside the
//     catchment; otherwise the computation stops with ErrWeight (Inverse at
//     a cost of 0 is +Inf, for instance).
//
// TwoStep is the same computation by Haversine distance between points: it
// indexes supply points in a grid (Index) with cells of the catchment size,
// so only pairs inside the catchment are visited.
//
// # Weight functions
//
// Each is a func(d float64) float64 of the distance or cost d:
//
//   - Gaussian(d0), Dai (2010): (e^(−½(d/d0)²) − e^(−½)) / (1 − e^(−½)) for
//     d ≤ d0, 0 beyond: 1 at d = 0, exactly 0 at the catchment edge.
//   - PySALGaussian(σ), PySAL weights.gaussian: e^(−½(d/σ)²), neither
//     rescaled nor truncated (e^(−½) ≈ 0.607 at d = σ); only the catchment
//     bound cuts it off.
//   - Step(steps), PySAL weights.step_fn: steps[k] for the smallest
//     threshold k with d ≤ k (inclusive upper bounds), 0 past the largest.
//   - Gravity(scale, α, minDist), PySAL weights.gravity:
//     (max(d, minDist)/scale)^α; α is not implicitly negative.
//   - Inverse: 1/d (PySAL's hospital example uses gravity(1, −1)).
//   - Uniform: 1.
//
// # Nearest facility and coverage
//
// NearestDistances gives each demand point the distance to its nearest
// supply point within a maximum radius, or +Inf when there is none.
// ShareWithin turns such distances into the demand-weighted share of
// residents within a radius (inclusive), e.g. within Walk15Min.
//
// # Input rules
//
// Invalid input is an error, never a silently skipped row: a NaN or
// out-of-range coordinate, a NaN, infinite or negative weight, demand,
// supply or cost, and a bad Cost index give an *InputError whose Field
// ("demand", "supply", "costs") and Index name the first offending element
// and whose cause wraps a sentinel from errors.go. Weights of 0 are valid.
// Long loops check ctx every 1024 demand points. Nothing here holds
// resources that need closing.
package access

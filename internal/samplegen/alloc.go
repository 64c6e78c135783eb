package samplegen

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
)

// allocate splits total into non-negative integers proportional to weights
// by the largest-remainder method, so that they sum to total exactly. If caps
// is not nil, share i never exceeds caps[i]: shares that would are fixed at
// their cap and the rest is spread over the others. Zero weights get zero.
func allocate(total int64, weights []float64, caps []int64) ([]int64, error) {
	out := make([]int64, len(weights))
	if total < 0 {
		return nil, fmt.Errorf("%w: negative total %d", ErrCalibration, total)
	}
	if total == 0 {
		return out, nil
	}
	var active []int
	var room int64
	for i, w := range weights {
		if w < 0 || math.IsNaN(w) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("%w: weight %d is %v", ErrCalibration, i, w)
		}
		if w > 0 && (caps == nil || caps[i] > 0) {
			active = append(active, i)
			if caps != nil {
				room += caps[i]
			}
		}
	}
	if len(active) == 0 || (caps != nil && room < total) {
		return nil, fmt.Errorf("%w: cannot place %d in %d shares (room %d)", ErrCalibration, total, len(active), room)
	}
	remaining := total
	ideal := make([]float64, len(weights))
	for {
		var sum float64
		for _, i := range active {
			sum += weights[i]
		}
		capped := false
		next := active[:0:0]
		for _, i := range active {
			ideal[i] = float64(remaining) * weights[i] / sum
			if caps != nil && ideal[i] >= float64(caps[i]) {
				out[i] = caps[i]
				capped = true
				continue
			}
			next = append(next, i)
		}
		if !capped {
			break
		}
		for _, i := range active {
			if caps != nil && ideal[i] >= float64(caps[i]) {
				remaining -= caps[i]
			}
		}
		active = next
		if remaining == 0 {
			return out, nil
		}
		if len(active) == 0 {
			return nil, fmt.Errorf("%w: %d left after capping", ErrCalibration, remaining)
		}
	}
	left := remaining
	for _, i := range active {
		out[i] = int64(math.Floor(ideal[i]))
		left -= out[i]
	}
	// Hand the units lost to flooring to the largest fractional parts;
	// ties go to the earlier share so the result is deterministic.
	order := append([]int(nil), active...)
	sort.SliceStable(order, func(a, b int) bool {
		fa, fb := ideal[order[a]]-math.Floor(ideal[order[a]]), ideal[order[b]]-math.Floor(ideal[order[b]])
		return fa > fb
	})
	// Each share loses less than 1 to flooring, so left < len(order), and
	// floor(ideal) < cap keeps floor+1 within the cap.
	if left < 0 || left > int64(len(order)) {
		return nil, fmt.Errorf("%w: rounding left %d for %d shares", ErrCalibration, left, len(order))
	}
	for _, i := range order[:left] {
		out[i]++
	}
	return out, nil
}

// scaled returns round(v × scale).
func scaled(v int64, scale float64) int64 {
	return int64(math.Round(float64(v) * scale))
}

// stream returns a random source for one named purpose, so that changing
// how one file is generated does not change the others.
func stream(seed int64, name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}

// lognormal returns exp(N(0, sigma²)): a positive jitter around 1.
func lognormal(r *rand.Rand, sigma float64) float64 {
	return math.Exp(r.NormFloat64() * sigma)
}

func uniform(r *rand.Rand, s span) float64 {
	return s[0] + r.Float64()*(s[1]-s[0])
}

func intRange(r *rand.Rand, lo, hi int) int {
	return lo + r.IntN(hi-lo+1)
}

func pick(r *rand.Rand, ws []weighted) string {
	var sum float64
	for _, w := range ws {
		sum += w.weight
	}
	x := r.Float64() * sum
	for _, w := range ws {
		if x < w.weight {
			return w.value
		}
		x -= w.weight
	}
	return ws[len(ws)-1].value
}

// pickIndex returns i with probability weights[i] / Σ weights.
func pickIndex(r *rand.Rand, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.Float64() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

package access_test

import (
	"math"
	"math/rand/v2"

	"shequ/internal/access"
)

const (
	// refTol is the tolerance for published reference values printed to
	// 6 decimals (oracles.md); they cannot meet STYLE.md's 1e-9.
	refTol = 1e-6
	// exactTol is the tolerance for values worked out exactly by hand.
	exactTol = 1e-12
	// bruteTol is the relative tolerance between the indexed and the
	// brute-force computations, which differ only in summation order.
	bruteTol = 1e-9
)

// metresPerDegree is the length of one degree of latitude on the sphere of
// radius access.EarthRadius: R·π/180.
const metresPerDegree = access.EarthRadius * math.Pi / 180

// near reports whether got is within tol of want, relative to max(1, |want|).
func near(got, want, tol float64) bool {
	if math.IsInf(want, 0) || math.IsNaN(want) {
		return got == want || (math.IsNaN(got) && math.IsNaN(want))
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

// box returns n points scattered uniformly over a square of side metres
// centred on (lat, lon), with weights drawn from [0, maxWeight) and about a
// tenth of them 0. Longitudes are wrapped into [-180, 180] and latitudes
// clamped to [-90, 90].
func box(rng *rand.Rand, n int, lat, lon, side, maxWeight float64) []access.Point {
	pts := make([]access.Point, n)
	for i := range pts {
		la := lat + (rng.Float64()-0.5)*side/metresPerDegree
		la = math.Max(-90, math.Min(90, la))
		lo := lon + (rng.Float64()-0.5)*side/(metresPerDegree*math.Cos(lat*math.Pi/180))
		for lo > 180 {
			lo -= 360
		}
		for lo < -180 {
			lo += 360
		}
		w := math.Floor(rng.Float64() * maxWeight)
		if rng.IntN(10) == 0 {
			w = 0
		}
		pts[i] = access.Point{Lat: la, Lon: lo, Weight: w}
	}
	return pts
}

// polarCap returns n points uniform in latitude over [minLat, 90] and in
// longitude over [-180, 180].
func polarCap(rng *rand.Rand, n int, minLat float64) []access.Point {
	pts := make([]access.Point, n)
	for i := range pts {
		pts[i] = access.Point{
			Lat:    minLat + rng.Float64()*(90-minLat),
			Lon:    -180 + rng.Float64()*360,
			Weight: 1 + math.Floor(rng.Float64()*100),
		}
	}
	return pts
}

// globe returns n points spread over the whole sphere (uniform in area).
func globe(rng *rand.Rand, n int) []access.Point {
	pts := make([]access.Point, n)
	for i := range pts {
		pts[i] = access.Point{
			Lat:    math.Asin(2*rng.Float64()-1) * 180 / math.Pi,
			Lon:    -180 + rng.Float64()*360,
			Weight: 1 + math.Floor(rng.Float64()*100),
		}
	}
	return pts
}

// borderPoints returns points on, and a hair either side of, the edges and
// corners of the grid cells of an index with cells of cell metres around
// (lat, lon), reaching about reach metres from it.
func borderPoints(rng *rand.Rand, lat, lon, cell, reach float64) []access.Point {
	ix := access.NewIndex(nil, cell)
	var pts []access.Point
	add := func(la, lo float64) {
		for _, e := range []float64{0, 1e-12, -1e-12, 1e-9, -1e-9} {
			pts = append(pts, access.Point{Lat: la + e, Lon: lo - e, Weight: 1 + math.Floor(rng.Float64()*10)})
		}
	}
	steps := int(reach/cell) + 1
	for dy := -steps; dy <= steps; dy++ {
		for dx := -steps; dx <= steps; dx++ {
			la := lat + float64(dy)*cell/metresPerDegree
			lo := lon + float64(dx)*cell/(metresPerDegree*math.Cos(lat*math.Pi/180))
			latLo, _, lonLo, lonHi := ix.CellEdges(la, lo)
			add(latLo, lo)    // on the southern edge
			add(la, lonLo)    // on the western edge
			add(latLo, lonLo) // on the south-west corner
			add(la, lonHi)    // on the eastern edge
			add(latLo, lonHi) // on the south-east corner
		}
	}
	return pts
}

// bruteTwoStep is the all-pairs 2SFCA by Haversine distance, the reference
// for TwoStep: O(len(demand)·len(supply)) time and O(len(supply)) memory.
func bruteTwoStep(demand, supply []access.Point, catchment float64, w func(float64) float64) []float64 {
	load := make([]float64, len(supply))
	for _, p := range demand {
		for j, s := range supply {
			if d := access.Haversine(p.Lat, p.Lon, s.Lat, s.Lon); d <= catchment {
				load[j] += p.Weight * w(d)
			}
		}
	}
	ratio := make([]float64, len(supply))
	for j, s := range supply {
		if load[j] > 0 {
			ratio[j] = s.Weight / load[j]
		}
	}
	out := make([]float64, len(demand))
	for i, p := range demand {
		for j, s := range supply {
			if d := access.Haversine(p.Lat, p.Lon, s.Lat, s.Lon); d <= catchment {
				out[i] += ratio[j] * w(d)
			}
		}
	}
	return out
}

// bruteNearest is the all-pairs nearest supply point within maxRadius, ties
// to the lowest index.
func bruteNearest(lat, lon float64, supply []access.Point, maxRadius float64) (int, float64, bool) {
	best, bestD := -1, math.Inf(1)
	for j, s := range supply {
		if d := access.Haversine(lat, lon, s.Lat, s.Lon); d <= maxRadius && d < bestD {
			best, bestD = j, d
		}
	}
	return best, bestD, best >= 0
}

// scenario is a set of demand and supply points with a catchment in metres.
type scenario struct {
	name           string
	demand, supply []access.Point
	catchment      float64
}

// scenarios returns the random point sets the indexed code is checked on
// against brute force: a city, cell borders, high latitude, the pole, the
// ±180° meridian, the equator, and the whole globe.
func scenarios() []scenario {
	rng := rand.New(rand.NewPCG(2018, 50180))
	var out []scenario
	// A 6 km square of Chengdu.
	out = append(out, scenario{"chengdu", box(rng, 400, 30.66, 104.06, 6000, 1000), box(rng, 80, 30.66, 104.06, 6000, 2000), 700})
	// Demand and supply on the borders of the index's own cells.
	b := borderPoints(rng, 39.9, 116.4, 500, 1000)
	out = append(out, scenario{"cell borders", b, borderPoints(rng, 39.9, 116.4, 500, 1000)[:len(b)/3], 500})
	// Longyearbyen, 78°N: columns are much narrower in degrees.
	out = append(out, scenario{"78N", box(rng, 300, 78.22, 15.65, 8000, 500), box(rng, 60, 78.22, 15.65, 8000, 500), 1000})
	// Around the North Pole: the catchment caps contain the pole.
	out = append(out, scenario{"north pole", polarCap(rng, 300, 89.95), polarCap(rng, 60, 89.95), 2000})
	// Taveuni, Fiji, on the ±180° meridian.
	out = append(out, scenario{"antimeridian", box(rng, 300, -16.8, 180, 6000, 500), box(rng, 60, -16.8, -180, 6000, 500), 800})
	// Straddling the equator at Quito's longitude.
	out = append(out, scenario{"equator", box(rng, 300, 0, -78.5, 6000, 500), box(rng, 60, 0, -78.5, 6000, 500), 600})
	// The whole globe with a 1,500 km catchment.
	out = append(out, scenario{"globe", globe(rng, 300), globe(rng, 60), 1.5e6})
	return out
}

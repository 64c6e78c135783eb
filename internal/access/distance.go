package access

import "math"

// EarthRadius is the mean Earth radius in metres (IUGG mean radius R1 of
// the WGS 84 ellipsoid, 6,371,008.8 m) used by Haversine. A sphere of this
// radius is within about 0.5 % of the ellipsoidal distance everywhere, far
// below the error of treating walking distance as a straight line.
const EarthRadius = 6371008.8

// Life-circle walking radii in metres, from GB 50180-2018 (城市居住区规划设计
// 标准). They are pinned as published, not derived from a walking speed; the
// 15-minute circle is the upper end of the standard's 800–1000 m band.
const (
	// Walk5Min is the 5-minute life circle (五分钟生活圈) radius, 300 m.
	Walk5Min = 300.0
	// Walk10Min is the 10-minute life circle (十分钟生活圈) radius, 500 m.
	Walk10Min = 500.0
	// Walk15Min is the 15-minute life circle (十五分钟生活圈) radius, 1000 m.
	Walk15Min = 1000.0
)

// degToRad converts degrees to radians. Every conversion in the package is
// written lat*degToRad so that the index and Haversine see bit-identical
// radians and therefore return bit-identical distances.
const degToRad = math.Pi / 180

// Haversine returns the great-circle distance in metres between two points
// given as latitude and longitude in decimal degrees (WGS 84 coordinates
// read on a sphere of radius EarthRadius):
//
//	d = 2R·asin(√(sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2)))
//
// It is symmetric, 0 for identical points and at most πR ≈ 20,015,114 m. A
// NaN input gives NaN; the function does not check ranges (TwoStep and
// NearestDistances do).
func Haversine(lat1, lon1, lat2, lon2 float64) float64 {
	phi1, phi2 := lat1*degToRad, lat2*degToRad
	return havRad(phi1, lon1*degToRad, math.Cos(phi1), phi2, lon2*degToRad, math.Cos(phi2))
}

// havRad is Haversine on radians with the cosines of the latitudes given, so
// the index can precompute them. The explicit float64 conversions forbid
// fused multiply-adds, keeping the result identical wherever it is inlined.
func havRad(phi1, lam1, cos1, phi2, lam2, cos2 float64) float64 {
	s1 := math.Sin((phi2 - phi1) / 2)
	s2 := math.Sin((lam2 - lam1) / 2)
	a := float64(s1*s1) + float64(float64(cos1*cos2)*float64(s2*s2))
	if a > 1 {
		a = 1
	}
	return 2 * EarthRadius * math.Asin(math.Sqrt(a))
}

// validCoord reports whether lat and lon are finite degrees inside
// [-90, 90] and [-180, 180].
func validCoord(lat, lon float64) bool {
	return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180
}

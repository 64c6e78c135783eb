package access_test

import (
	"math"
	"testing"

	"shequ/internal/access"
)

// TestHaversine checks distances worked out independently of the haversine
// formula, with R = 6,371,008.8 m.
func TestHaversine(t *testing.T) {
	const R = access.EarthRadius
	tests := []struct {
		name                   string
		lat1, lon1, lat2, lon2 float64
		want, tol              float64
	}{
		{"same point", 31.2304, 121.4737, 31.2304, 121.4737, 0, 0},
		// Along a meridian the distance is R·Δφ: R·π/180 = 111,195.0802 m.
		{"one degree of latitude", 0, 0, 1, 0, R * math.Pi / 180, 1e-6},
		{"one degree of latitude at 45N", 45, 116, 46, 116, 111195.08023353292, 1e-6},
		// Along the equator the distance is R·Δλ.
		{"quarter of the equator", 0, 0, 0, 90, R * math.Pi / 2, 1e-6},
		{"antipodes on the equator", 0, 0, 0, 180, R * math.Pi, 1e-6},
		{"pole to pole", 90, 0, -90, 0, R * math.Pi, 1e-6},
		{"across the 180 meridian", 0, 179.5, 0, -179.5, R * math.Pi / 180, 1e-6},
		// On the 60th parallel, one degree of longitude apart: the chord
		// half-angle is asin(cos 60°·sin 0.5°) = asin(0.5·0.0087265354983739)
		// = asin(0.00436326774918695) = 0.004363281594030832 rad, so
		// d = 2R·0.004363281594030832 = 55,597.0109 m (not the 55,597.5 m of
		// R·cos 60°·π/180 along the parallel, which is longer).
		{"one degree of longitude at 60N", 60, 0, 60, 1, 55597.01086489691, 1e-6},
		// Tiananmen (39.9042 N, 116.4074 E) to People's Square, Shanghai
		// (31.2304 N, 121.4737 E) by the spherical law of cosines:
		// cos c = sin φ1 sin φ2 + cos φ1 cos φ2 cos Δλ = 0.9860002543962231,
		// c = 0.1675263178 rad, d = R·c = 1,067,311.645 m. The law of
		// cosines loses digits at short range, hence the 1 mm tolerance.
		{"Beijing to Shanghai", 39.9042, 116.4074, 31.2304, 121.4737, 1067311.6451587232, 1e-3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := access.Haversine(tt.lat1, tt.lon1, tt.lat2, tt.lon2)
			if math.Abs(got-tt.want) > tt.tol {
				t.Errorf("Haversine(%g, %g, %g, %g) = %.6f, want %.6f", tt.lat1, tt.lon1, tt.lat2, tt.lon2, got, tt.want)
			}
			back := access.Haversine(tt.lat2, tt.lon2, tt.lat1, tt.lon1)
			if back != got {
				t.Errorf("Haversine not symmetric: got %.9f one way, %.9f the other", got, back)
			}
		})
	}
}

// TestLifeCircleRadii pins the GB 50180-2018 radii.
func TestLifeCircleRadii(t *testing.T) {
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Walk5Min", access.Walk5Min, 300},
		{"Walk10Min", access.Walk10Min, 500},
		{"Walk15Min", access.Walk15Min, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %g m, want %g m", tt.got, tt.want)
			}
		})
	}
}

package access_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"shequ/internal/access"
)

// TestWithinMatchesBruteForce checks that Within reports exactly the points
// a Haversine scan of every point finds, with bit-identical distances.
func TestWithinMatchesBruteForce(t *testing.T) {
	for _, sc := range scenarios() {
		for _, cell := range []float64{sc.catchment, sc.catchment / 3, sc.catchment * 4} {
			t.Run(sc.name, func(t *testing.T) {
				ix := access.NewIndex(sc.supply, cell)
				if ix.Len() != len(sc.supply) {
					t.Fatalf("Len got %d, want %d", ix.Len(), len(sc.supply))
				}
				for i, q := range sc.demand {
					got := map[int]float64{}
					ix.Within(q.Lat, q.Lon, sc.catchment, func(j int, d float64) {
						if _, dup := got[j]; dup {
							t.Errorf("demand %d: supply %d reported twice", i, j)
						}
						got[j] = d
					})
					want := 0
					for j, s := range sc.supply {
						d := access.Haversine(q.Lat, q.Lon, s.Lat, s.Lon)
						if d > sc.catchment {
							continue
						}
						want++
						if gd, ok := got[j]; !ok {
							t.Errorf("cell %g: demand %d: supply %d at %.6f m missing", cell, i, j, d)
						} else if gd != d {
							t.Errorf("demand %d supply %d: got %.12g m, want %.12g m", i, j, gd, d)
						}
					}
					if len(got) != want {
						t.Errorf("cell %g: demand %d: got %d points, want %d", cell, i, len(got), want)
					}
				}
			})
		}
	}
}

// TestWithinInclusive checks that a point exactly at the radius is found.
func TestWithinInclusive(t *testing.T) {
	tests := []struct {
		name             string
		lat, lon         float64
		slat, slon, cell float64
	}{
		{"Chengdu", 30.66, 104.06, 30.667, 104.069, 1000},
		{"across the 180 meridian", -16.8, 179.999, -16.801, -179.998, 500},
		{"at the pole", 90, 0, 89.99, 45, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := access.NewIndex([]access.Point{{Lat: tt.slat, Lon: tt.slon}}, tt.cell)
			r := access.Haversine(tt.lat, tt.lon, tt.slat, tt.slon)
			n := 0
			ix.Within(tt.lat, tt.lon, r, func(int, float64) { n++ })
			if n != 1 {
				t.Errorf("radius = distance %g m: got %d points, want 1", r, n)
			}
			n = 0
			ix.Within(tt.lat, tt.lon, math.Nextafter(r, 0), func(int, float64) { n++ })
			if n != 0 {
				t.Errorf("radius just below %g m: got %d points, want 0", r, n)
			}
		})
	}
}

// TestNearestMatchesBruteForce checks index, distance and found flag
// against a scan of every point, for several maximum radii.
func TestNearestMatchesBruteForce(t *testing.T) {
	for _, sc := range scenarios() {
		// Duplicate a supply point so that ties must go to the lowest index.
		supply := append(append([]access.Point{}, sc.supply...), sc.supply[0])
		ix := access.NewIndex(supply, sc.catchment)
		for _, maxR := range []float64{0, sc.catchment / 10, sc.catchment, math.Inf(1)} {
			t.Run(sc.name, func(t *testing.T) {
				// Far queries from around the globe make the search expand
				// through many doublings.
				far := globe(rand.New(rand.NewPCG(uint64(len(sc.name)), 3)), 50)
				queries := append(append(append([]access.Point{}, sc.demand...), supply[0]), far...)
				for i, q := range queries {
					gj, gd, gok := ix.Nearest(q.Lat, q.Lon, maxR)
					wj, wd, wok := bruteNearest(q.Lat, q.Lon, supply, maxR)
					if gj != wj || gd != wd || gok != wok {
						t.Errorf("max %g m, query %d: got (%d, %.9g, %v), want (%d, %.9g, %v)", maxR, i, gj, gd, gok, wj, wd, wok)
					}
				}
			})
		}
	}
}

// TestIndexDegenerate checks queries that must find nothing and cell sizes
// that are replaced or clamped.
func TestIndexDegenerate(t *testing.T) {
	pts := []access.Point{{Lat: 30, Lon: 104}, {Lat: math.NaN(), Lon: 104}, {Lat: 91, Lon: 0}}
	tests := []struct {
		name             string
		cell             float64
		lat, lon, radius float64
		wantWithin       int
		wantLen          int
		wantNearestFound bool
	}{
		{"NaN query", 1000, math.NaN(), 104, 1e6, 0, 1, false},
		{"latitude out of range", 1000, 95, 104, 1e6, 0, 1, false},
		{"negative radius", 1000, 30, 104, -1, 0, 1, false},
		{"NaN radius", 1000, 30, 104, math.NaN(), 0, 1, false},
		{"zero radius on the point", 1000, 30, 104, 0, 1, 1, true},
		{"NaN cell", math.NaN(), 30, 104.001, 200, 1, 1, true},
		{"negative cell", -5, 30, 104.001, 200, 1, 1, true},
		{"tiny cell", 1e-9, 30, 104.001, 200, 1, 1, true},
		{"huge cell", 1e12, 30, 104.001, 200, 1, 1, true},
		{"infinite radius", 1000, -60, -70, math.Inf(1), 1, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := access.NewIndex(pts, tt.cell)
			if ix.Len() != tt.wantLen {
				t.Errorf("Len got %d, want %d (invalid points left out)", ix.Len(), tt.wantLen)
			}
			n := 0
			ix.Within(tt.lat, tt.lon, tt.radius, func(j int, _ float64) {
				n++
				if j != 0 {
					t.Errorf("Within got point %d, want only 0", j)
				}
			})
			if n != tt.wantWithin {
				t.Errorf("Within got %d points, want %d", n, tt.wantWithin)
			}
			j, d, ok := ix.Nearest(tt.lat, tt.lon, tt.radius)
			if ok != tt.wantNearestFound {
				t.Errorf("Nearest got ok %v, want %v", ok, tt.wantNearestFound)
			}
			if !ok && (j != -1 || !math.IsInf(d, 1)) {
				t.Errorf("Nearest not found: got (%d, %g), want (-1, +Inf)", j, d)
			}
		})
	}
	t.Run("empty index", func(t *testing.T) {
		ix := access.NewIndex(nil, 1000)
		if _, _, ok := ix.Nearest(30, 104, math.Inf(1)); ok {
			t.Errorf("Nearest on an empty index got ok, want not found")
		}
	})
}

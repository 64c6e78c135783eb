package access_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"shequ/internal/access"
)

// city returns nDemand residential points and nSupply facility points
// scattered over a 30 km × 30 km square of Chengdu, from a fixed seed.
func city(nDemand, nSupply int) (demand, supply []access.Point) {
	rng := rand.New(rand.NewPCG(30, 30))
	return box(rng, nDemand, 30.66, 104.06, 30000, 3000), box(rng, nSupply, 30.66, 104.06, 30000, 2000)
}

// BenchmarkNearest finds the nearest of 5,000 facilities within 1 km for
// 100,000 residential points.
func BenchmarkNearest(b *testing.B) {
	demand, supply := city(100000, 5000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := access.NearestDistances(ctx, demand, supply, access.Walk15Min); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTwoStep runs the indexed Gaussian 2SFCA with a 1 km catchment on
// the full city (100,000 demand, 5,000 supply) and on a tenth of it
// (10,000 and 500, the input of BenchmarkTwoStepBruteForce).
func BenchmarkTwoStep(b *testing.B) {
	for _, size := range []struct {
		name             string
		nDemand, nSupply int
	}{
		{"full", 100000, 5000},
		{"tenth", 10000, 500},
	} {
		b.Run(size.name, func(b *testing.B) {
			demand, supply := city(size.nDemand, size.nSupply)
			ctx := context.Background()
			w := access.Gaussian(access.Walk15Min)
			for b.Loop() {
				if _, err := access.TwoStep(ctx, demand, supply, access.Walk15Min, w); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTwoStepBruteForce runs the all-pairs 2SFCA on a tenth of the
// city (10,000 demand, 500 supply); the full city has 100 times as many
// pairs.
func BenchmarkTwoStepBruteForce(b *testing.B) {
	demand, supply := city(10000, 500)
	w := access.Gaussian(access.Walk15Min)
	for b.Loop() {
		bruteTwoStep(demand, supply, access.Walk15Min, w)
	}
}

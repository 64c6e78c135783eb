package inequality

import (
	"fmt"
	"math"
)

// ShareBelow returns the share of observations (communities, unweighted) that
// fail standard: a value below it when higherIsBetter (e.g. floor area per
// 100 households), above it otherwise (e.g. walking distance). A value equal
// to the standard meets it. Weights are ignored; see PopulationShareBelow.
func ShareBelow(obs []Obs, standard float64, higherIsBetter bool) Result {
	if err := checkStandard(obs, standard); err != nil {
		return invalid(err)
	}
	failing := 0
	for _, o := range obs {
		if fails(o.Value, standard, higherIsBetter) {
			failing++
		}
	}
	return valid(float64(failing) / float64(len(obs)))
}

// PopulationShareBelow returns the share of the total weight (residents)
// living in observations that fail standard, with the same rule as
// ShareBelow.
func PopulationShareBelow(obs []Obs, standard float64, higherIsBetter bool) Result {
	if err := checkStandard(obs, standard); err != nil {
		return invalid(err)
	}
	_, _, maxW, _ := validate(obs)
	if maxW == 0 {
		return invalid(fmt.Errorf("%w: the population share needs some weight > 0", ErrZeroTotalWeight))
	}
	failing, total := 0.0, 0.0
	for _, o := range obs {
		w := o.Weight / maxW
		total += w
		if fails(o.Value, standard, higherIsBetter) {
			failing += w
		}
	}
	return valid(min(failing/total, 1))
}

// checkStandard validates the input of ShareBelow and PopulationShareBelow.
func checkStandard(obs []Obs, standard float64) error {
	if len(obs) == 0 {
		return ErrNoObservations
	}
	if math.IsNaN(standard) || math.IsInf(standard, 0) {
		return fmt.Errorf("%w: standard %v is not finite", ErrParameter, standard)
	}
	_, _, _, err := validate(obs)
	return err
}

// fails reports whether v fails standard.
func fails(v, standard float64, higherIsBetter bool) bool {
	if higherIsBetter {
		return v < standard
	}
	return v > standard
}

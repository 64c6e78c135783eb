package inequality

// Point is one vertex of a Lorenz curve: Pop is the cumulative population
// share and Share the cumulative share of Σ w·y held by it.
type Point struct {
	Pop, Share float64
}

// Lorenz returns the population-weighted Lorenz curve of obs: observations
// sorted by value (ties in input order), one vertex per observation with
// weight > 0, starting at (0, 0) and ending exactly at (1, 1). It returns nil
// when the curve is undefined: no observations, invalid input (see Measures),
// every weight 0 or every weighted value 0; Measures gives the reason.
func Lorenz(obs []Obs) []Point {
	if len(obs) == 0 {
		return nil
	}
	s, err := newSample(obs)
	if err != nil || s.weighted("the Lorenz curve") != nil {
		return nil
	}
	pts := make([]Point, 1, len(s.pts)+1)
	cp, l := 0.0, 0.0
	for _, pt := range s.pts {
		if !pt.pos {
			continue
		}
		cp += pt.p
		l += pt.p * pt.x / s.mu
		pts = append(pts, Point{Pop: min(cp, 1), Share: min(l, 1)})
	}
	pts[len(pts)-1] = Point{Pop: 1, Share: 1}
	return pts
}

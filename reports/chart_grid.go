package reports

import (
	"math"
	"sort"

	"shequ/indicators"
)

// The geometry and colours of the community map (chart_map.go): the
// projection, the grid that stands for the dots above a few thousand
// communities, and the colour classes.

// mapKmPerDegree is the length of one degree of latitude on a sphere of the
// Earth's mean radius, 6,371.0088 km.
const mapKmPerDegree = 6371.0088 * math.Pi / 180

// mapMinSpan is the smallest extent, in degrees of latitude, a map is
// fitted to, so that one community (or a few at one place) is not blown
// up to the size of the panel.
const mapMinSpan = 0.01

// placed reports whether a point can be placed: finite WGS-84
// degrees in range, and not (0, 0), which exports write for "unknown".
func (p mapPoint) placed() bool {
	return chartFinite(p.Lon) && chartFinite(p.Lat) && math.Abs(p.Lon) <= 180 && math.Abs(p.Lat) <= 90 && (p.Lon != 0 || p.Lat != 0)
}

// valued reports whether a point has a value to colour by.
func (p mapPoint) valued() bool { return !p.Null && chartFinite(p.Value) }

// mapExtent is the bounding box of a panel's points in degrees, with the
// x scaling of an equirectangular projection at its middle latitude.
type mapExtent struct {
	lonMin, lonMax, latMin, latMax float64
	k                              float64 // cos(middle latitude)
}

// mapExtentOf is the extent of the points with coordinates; ok is false when
// there are none.
func mapExtentOf(pts []mapPoint) (e mapExtent, ok bool) {
	e = mapExtent{lonMin: math.Inf(1), lonMax: math.Inf(-1), latMin: math.Inf(1), latMax: math.Inf(-1)}
	for _, p := range pts {
		if !p.placed() {
			continue
		}
		ok = true
		e.lonMin, e.lonMax = math.Min(e.lonMin, p.Lon), math.Max(e.lonMax, p.Lon)
		e.latMin, e.latMax = math.Min(e.latMin, p.Lat), math.Max(e.latMax, p.Lat)
	}
	if !ok {
		return e, false
	}
	e.k = math.Max(0.05, math.Cos((e.latMin+e.latMax)/2*math.Pi/180)) // 0.05: within 3° of a pole
	if d := mapMinSpan - (e.latMax - e.latMin); d > 0 {
		e.latMin, e.latMax = e.latMin-d/2, e.latMax+d/2
	}
	if d := mapMinSpan/e.k - (e.lonMax - e.lonMin); d > 0 {
		e.lonMin, e.lonMax = e.lonMin-d/2, e.lonMax+d/2
	}
	return e, true
}

// width and height are the extent in projected degrees.
func (e mapExtent) width() float64  { return (e.lonMax - e.lonMin) * e.k }
func (e mapExtent) height() float64 { return e.latMax - e.latMin }

// mapFit places an extent in a box of pixels: scaled to fill the box less
// a margin, centred, north up.
type mapFit struct {
	e      mapExtent
	s      float64 // pixels per projected degree
	dx, dy float64 // the pixel of (lonMin, latMax)
}

func mapFitExtent(e mapExtent, bx, by, bw, bh, margin float64) mapFit {
	iw, ih := bw-2*margin, bh-2*margin
	s := math.Min(iw/e.width(), ih/e.height())
	return mapFit{e: e, s: s, dx: bx + margin + (iw-e.width()*s)/2, dy: by + margin + (ih-e.height()*s)/2}
}

// xy is the pixel of a point.
func (f mapFit) xy(lon, lat float64) (x, y float64) {
	return f.dx + (lon-f.e.lonMin)*f.e.k*f.s, f.dy + (f.e.latMax-lat)*f.s
}

// kmPerPixel is the ground length of one pixel.
func (f mapFit) kmPerPixel() float64 { return mapKmPerDegree / f.s }

// mapCell is one square of the grid that stands for the dots.
type mapCell struct {
	ix, iy int     // column and row from the extent's north-west corner
	n      int     // communities in the cell
	valued int     // of which have a value
	median float64 // of their values; NaN when none has one
}

// mapGridOrigin is the north-west corner of the grid: the fitted extent's,
// moved to whole pixels so that every cell's corners are whole pixels
// (short to write, and no seams between cells on screen).
func mapGridOrigin(f mapFit) (x, y float64) { return math.Floor(f.dx), math.Floor(f.dy) }

// mapGridCells aggregates the points with coordinates into square cells of
// size pixels over the fitted extent, and returns the cells that hold any,
// row by row, west to east.
func mapGridCells(f mapFit, pts []mapPoint, size float64) []mapCell {
	gx, gy := mapGridOrigin(f)
	nx := max(1, int(math.Ceil((f.dx+f.e.width()*f.s-gx)/size)))
	ny := max(1, int(math.Ceil((f.dy+f.e.height()*f.s-gy)/size)))
	index := func(p mapPoint) int {
		x, y := f.xy(p.Lon, p.Lat)
		ix := min(nx-1, max(0, int((x-gx)/size)))
		iy := min(ny-1, max(0, int((y-gy)/size)))
		return iy*nx + ix
	}
	count := make([]int, nx*ny)
	start := make([]int, nx*ny+1) // values of cell i are vals[start[i]:start[i+1]]
	for _, p := range pts {
		if !p.placed() {
			continue
		}
		i := index(p)
		count[i]++
		if p.valued() {
			start[i+1]++
		}
	}
	for i := range count {
		start[i+1] += start[i]
	}
	vals := make([]float64, start[len(count)])
	fill := append([]int(nil), start[:len(count)]...)
	for _, p := range pts {
		if p.placed() && p.valued() {
			i := index(p)
			vals[fill[i]] = p.Value
			fill[i]++
		}
	}
	var cells []mapCell
	for i, n := range count {
		if n == 0 {
			continue
		}
		c := mapCell{ix: i % nx, iy: i / nx, n: n, valued: start[i+1] - start[i], median: math.NaN()}
		if c.valued > 0 {
			seg := vals[start[i]:start[i+1]]
			sort.Float64s(seg)
			c.median = chartQuantile(seg, 0.5)
		}
		cells = append(cells, c)
	}
	return cells
}

// mapColors puts values into six classes: around the indicator's
// standard when it has one (three classes on each side, purple for
// meeting it and orange for not), in six equal steps over the middle 96 %
// of the values otherwise (viridis).
type mapColors struct {
	breaks      []float64 // five, ascending
	step        float64
	colors      []string // six, for the classes from low to high
	rightClosed bool     // a value on a break is in the class below it
	standard    int      // the index in breaks of the standard; -1 when none
	order       []int    // the classes in drawing order, the most telling last
}

// newMapColors fits a scale to the sorted values.
func newMapColors(ind *indicators.Indicator, sorted []float64) mapColors {
	lo, hi := chartQuantile(sorted, 0.02), chartQuantile(sorted, 0.98)
	if len(sorted) == 0 {
		lo, hi = 0, 1
	}
	if ind == nil || !ind.HasStandard() {
		span := hi - lo
		if span == 0 {
			span = math.Max(math.Abs(lo)*0.6, 6e-9)
		}
		step := chartNice(span / 6)
		start := math.Floor(lo/step+1e-9) * step
		c := mapColors{step: step, colors: chartSequential, standard: -1, order: []int{0, 1, 2, 3, 4, 5}}
		for i := 1; i <= 5; i++ {
			c.breaks = append(c.breaks, start+step*float64(i))
		}
		return c
	}
	std := ind.StandardValue
	d := math.Max(math.Abs(hi-std), math.Abs(std-lo))
	if d == 0 {
		d = math.Max(math.Abs(std)*0.3, 3e-9)
	}
	step := chartNice(d / 3)
	// Each side of the standard has its own step when the values reach
	// less far on it, so that no class stands for values the indicator
	// does not take (a negative floor area).
	below, above := step, step
	if std-lo > 0 && std-lo < d {
		below = chartNice((std - lo) / 3)
	}
	if hi-std > 0 && hi-std < d {
		above = chartNice((hi - std) / 3)
	}
	c := mapColors{step: step, standard: 2}
	c.breaks = []float64{std - 2*below, std - below, std, std + above, std + 2*above}
	switch ind.StandardOp {
	case ">", "<=":
		c.rightClosed = true
	}
	if ind.Meets(std + step) { // meeting it is above the standard
		c.colors = []string{chartFails[2], chartFails[1], chartFails[0], chartMeets[0], chartMeets[1], chartMeets[2]}
		c.order = []int{5, 4, 3, 2, 1, 0}
	} else {
		c.colors = []string{chartMeets[2], chartMeets[1], chartMeets[0], chartFails[0], chartFails[1], chartFails[2]}
		c.order = []int{0, 1, 2, 3, 4, 5}
	}
	return c
}

// class is the class of v: the number of breaks at or below it (below it
// when the classes are closed on the right).
func (c mapColors) class(v float64) int {
	n := 0
	for _, b := range c.breaks {
		if b < v || (b == v && !c.rightClosed) {
			n++
		}
	}
	return n
}

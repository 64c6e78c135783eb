package access

import (
	"cmp"
	"math"
	"slices"
)

// Point is a demand or supply location. Lat and Lon are WGS 84 decimal
// degrees; Weight is the amount there: residents for demand, floor area
// (m²) or staff for supply. ID is carried for the caller and never read.
type Point struct {
	// ID identifies the point to the caller (community code, facility id).
	ID string
	// Lat is the latitude in degrees, within [-90, 90].
	Lat float64
	// Lon is the longitude in degrees, within [-180, 180].
	Lon float64
	// Weight is the demand (residents) or supply (floor area, staff), ≥ 0.
	Weight float64
}

// Cell sizes accepted by NewIndex, in metres.
const (
	// DefaultCellMetres replaces a cell size that is NaN or not positive.
	DefaultCellMetres = 1000.0
	// minCellMetres keeps the cell keys inside int64.
	minCellMetres = 1.0
	// maxCellMetres is about a quarter of the Earth's circumference; larger
	// cells would make the grid no coarser.
	maxCellMetres = 1e7
	// boundSlack (radians, about 6 mm) widens every search box so that
	// rounding in the box arithmetic cannot drop a point; the exact test is
	// always Haversine ≤ radius.
	boundSlack = 1e-9
)

// span is the run [start, end) of an Index's arrays that holds one cell.
type span struct{ start, end int }

// Index is a grid over points for radius and nearest-neighbour searches.
// Rows are bands of latitude cell metres high; each row is cut into equal
// columns about cell metres wide at the row's middle latitude (an
// equirectangular projection around the row's own latitude, so cells stay
// roughly square from the equator to the poles). The grid only chooses
// which points to examine: every distance is computed with Haversine, and
// searches return exactly the points a brute-force Haversine scan would,
// including across the ±180° meridian and around the poles.
//
// An Index is immutable after NewIndex and safe for concurrent searches. It
// holds no resources and needs no closing.
type Index struct {
	cell   float64 // metres
	dLat   float64 // row height, radians
	nrows  int64
	stride int64 // key = row*stride + col; stride exceeds every row's columns
	cells  map[int64]span
	// Point data in cell order; ids maps back to the caller's index.
	phi, lam, cosPhi []float64
	ids              []int
}

// NewIndex returns an index over the points' coordinates (weights and IDs
// are not read). cellMetres is the cell size; about the search radius is
// best. A NaN or non-positive cellMetres becomes DefaultCellMetres, and
// sizes are clamped to [1 m, 10,000 km]. Points with a NaN or out-of-range
// coordinate are left out and never found; TwoStep and NearestDistances
// reject them before indexing.
func NewIndex(points []Point, cellMetres float64) *Index {
	cell := cellMetres
	switch {
	case !(cell > 0):
		cell = DefaultCellMetres
	case cell < minCellMetres:
		cell = minCellMetres
	case cell > maxCellMetres:
		cell = maxCellMetres
	}
	ix := &Index{cell: cell, dLat: cell / EarthRadius}
	ix.nrows = int64(math.Ceil(math.Pi / ix.dLat))
	ix.stride = int64(2*math.Pi*EarthRadius/cell) + 2

	type rec struct {
		key int64
		i   int
	}
	recs := make([]rec, 0, len(points))
	for i, p := range points {
		if !validCoord(p.Lat, p.Lon) {
			continue
		}
		row := ix.rowOf(p.Lat * degToRad)
		n := ix.colsIn(row)
		col := mod(colOf(p.Lon*degToRad, n), n)
		recs = append(recs, rec{row*ix.stride + col, i})
	}
	slices.SortFunc(recs, func(a, b rec) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.i, b.i))
	})
	ix.cells = make(map[int64]span)
	ix.phi = make([]float64, len(recs))
	ix.lam = make([]float64, len(recs))
	ix.cosPhi = make([]float64, len(recs))
	ix.ids = make([]int, len(recs))
	for k, r := range recs {
		p := points[r.i]
		ix.phi[k] = p.Lat * degToRad
		ix.lam[k] = p.Lon * degToRad
		ix.cosPhi[k] = math.Cos(ix.phi[k])
		ix.ids[k] = r.i
		if k == 0 || recs[k-1].key != r.key {
			ix.cells[r.key] = span{k, k}
		}
		sp := ix.cells[r.key]
		sp.end = k + 1
		ix.cells[r.key] = sp
	}
	return ix
}

// Len returns the number of indexed points (those with valid coordinates).
func (ix *Index) Len() int { return len(ix.ids) }

// Within calls fn(j, d) once for every indexed point j (its index in the
// slice given to NewIndex) whose Haversine distance d from (lat, lon) is at
// most radius metres (inclusive), in no particular order. radius may be
// +Inf. A NaN or out-of-range query coordinate or a NaN or negative radius
// finds nothing.
func (ix *Index) Within(lat, lon, radius float64, fn func(j int, d float64)) {
	if !validCoord(lat, lon) || !(radius >= 0) || len(ix.ids) == 0 {
		return
	}
	phi, lam := lat*degToRad, lon*degToRad
	cosq := math.Cos(phi)
	delta := radius / EarthRadius // angular radius

	rowLo := ix.rowOf(math.Max(phi-delta-boundSlack, -math.Pi/2))
	rowHi := ix.rowOf(math.Min(phi+delta+boundSlack, math.Pi/2))
	// Longitude half-width of the spherical cap: asin(sin δ / cos φ), or
	// every longitude when the cap reaches a pole.
	allLon := delta >= math.Pi/2 || math.Abs(phi)+delta+boundSlack >= math.Pi/2
	var dLam float64
	if !allLon {
		x := math.Sin(delta) / cosq
		if x >= 1 {
			allLon = true
		} else {
			dLam = math.Asin(x) + boundSlack
		}
	}
	// columns returns the wrapped column range of a row to visit.
	columns := func(row int64) (lo, hi, n int64) {
		n = ix.colsIn(row)
		if allLon {
			return 0, n - 1, n
		}
		lo, hi = colOf(lam-dLam, n), colOf(lam+dLam, n)
		if hi-lo+1 >= n {
			return 0, n - 1, n
		}
		return lo, hi, n
	}
	// When the search box spans more cells than there are points, a scan of
	// every point is cheaper than the map lookups.
	scan := func(start, end int) {
		for k := start; k < end; k++ {
			d := havRad(phi, lam, cosq, ix.phi[k], ix.lam[k], ix.cosPhi[k])
			if d <= radius {
				fn(ix.ids[k], d)
			}
		}
	}
	limit := int64(len(ix.ids))
	visits := rowHi - rowLo + 1
	for row := rowLo; row <= rowHi && visits <= limit; row++ {
		lo, hi, _ := columns(row)
		visits += hi - lo
	}
	if visits > limit {
		scan(0, len(ix.ids))
		return
	}
	for row := rowLo; row <= rowHi; row++ {
		lo, hi, n := columns(row)
		for c := lo; c <= hi; c++ {
			if sp, ok := ix.cells[row*ix.stride+mod(c, n)]; ok {
				scan(sp.start, sp.end)
			}
		}
	}
}

// Nearest returns the indexed point j nearest to (lat, lon) and its
// Haversine distance d in metres, if one lies within maxRadius (inclusive);
// otherwise ok is false, j is −1 and d is +Inf. maxRadius may be +Inf. Ties
// go to the lowest j, as in a brute-force scan. The search expands in rings:
// it examines the cells within one cell size of the query, then doubles the
// radius until a point is found or maxRadius is reached; a point found
// within the current radius is the nearest overall, since every closer
// point was examined too.
func (ix *Index) Nearest(lat, lon, maxRadius float64) (j int, d float64, ok bool) {
	if !validCoord(lat, lon) || !(maxRadius >= 0) || len(ix.ids) == 0 {
		return -1, math.Inf(1), false
	}
	r := math.Min(ix.cell, maxRadius)
	for {
		best, bestD := -1, math.Inf(1)
		ix.Within(lat, lon, r, func(j int, d float64) {
			if d < bestD || (d == bestD && j < best) {
				best, bestD = j, d
			}
		})
		if best >= 0 {
			return best, bestD, true
		}
		if r >= maxRadius || r >= math.Pi*EarthRadius {
			return -1, math.Inf(1), false
		}
		r = math.Min(2*r, maxRadius)
	}
}

// rowOf returns the grid row of latitude phi (radians).
func (ix *Index) rowOf(phi float64) int64 {
	r := int64(math.Floor((phi + math.Pi/2) / ix.dLat))
	return min(max(r, 0), ix.nrows-1)
}

// colsIn returns the number of columns of a row: the length of the row's
// middle parallel over the cell size, at least 1.
func (ix *Index) colsIn(row int64) int64 {
	mid := min(-math.Pi/2+(float64(row)+0.5)*ix.dLat, math.Pi/2)
	n := int64(2 * math.Pi * EarthRadius * math.Cos(mid) / ix.cell)
	return min(max(n, 1), ix.stride-1)
}

// colOf returns the column of longitude lam (radians) in a row of n columns,
// before wrapping: lam outside [−π, π) gives a column outside [0, n).
func colOf(lam float64, n int64) int64 {
	return int64(math.Floor((lam + math.Pi) / (2 * math.Pi) * float64(n)))
}

// mod returns c modulo n in [0, n).
func mod(c, n int64) int64 {
	c %= n
	if c < 0 {
		c += n
	}
	return c
}

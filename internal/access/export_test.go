package access

import "math"

// CellEdges returns the latitude and longitude edges, in degrees, of the
// grid cell that holds (lat, lon), so tests can put points on cell borders.
func (ix *Index) CellEdges(lat, lon float64) (latLo, latHi, lonLo, lonHi float64) {
	row := ix.rowOf(lat * degToRad)
	n := ix.colsIn(row)
	col := mod(colOf(lon*degToRad, n), n)
	latLo = (-math.Pi/2 + float64(row)*ix.dLat) / degToRad
	latHi = (-math.Pi/2 + float64(row+1)*ix.dLat) / degToRad
	lonLo = -180 + float64(col)*360/float64(n)
	lonHi = -180 + float64(col+1)*360/float64(n)
	return latLo, latHi, lonLo, lonHi
}

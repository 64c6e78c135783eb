package reports

import (
	"fmt"
	"math"
	"strconv"
)

// theilPerChart is how many indicators one Theil chart shows, so that a
// chart fits on an A4 page.
const theilPerChart = 8

// theilCharts draw the Theil T decomposition: for each equalized
// indicator, the share between and within models over all communities,
// and the share between and within streets inside each model. A total
// that shows as 0.000 (theilNone) has no split to show: its row says "no
// inequality" in a dashed outline instead of a bar whose shares would be
// rounding noise. The first chart is "theil", the next ones "theil-2",
// "theil-3", …
func (d *dataset) theilCharts() []string {
	type row struct {
		label          string
		between, total float64
	}
	type block struct {
		name string
		rows []row
	}
	var blocks []block
	for _, ind := range d.equalized() {
		var b block
		b.name = d.name(ind)
		if t, ok := d.theil[ind.ID]; ok && t.total.Valid && t.between.Valid && t.total.Float64 > 0 {
			b.rows = append(b.rows, row{ui.AllByModel.in(d.lang), t.between.Float64, t.total.Float64})
		}
		for _, m := range d.models {
			tot, ok1 := d.eq("model", m.id, ind.ID, "theil_t")
			bet, ok2 := d.eq("model", m.id, ind.ID, "theil_t_between")
			if ok1 && ok2 && tot.v.Valid && bet.v.Valid && tot.v.Float64 > 0 {
				b.rows = append(b.rows, row{ui.ModelByStreet.f(d.lang, d.modelName(m)), bet.v.Float64, tot.v.Float64})
			}
		}
		if len(b.rows) > 0 {
			blocks = append(blocks, b)
		}
	}
	var out []string
	for start := 0; start < len(blocks); start += theilPerChart {
		chunk := blocks[start:min(start+theilPerChart, len(blocks))]
		const w, left, barW, rowH, headH = 720.0, 190.0, 440.0, 16.0, 19.0
		h := 34.0
		for _, b := range chunk {
			h += headH + rowH*float64(len(b.rows)) + 5
		}
		id := "theil"
		if start > 0 {
			id = "theil-" + strconv.Itoa(start/theilPerChart+1)
		}
		s := newSVG(id, ui.SecTheil.in(d.lang), w, h)
		s.legend(left, 16, []legendItem{{svgBetween, ui.BetweenGroups.in(d.lang)}, {svgWithin, ui.WithinGroups.in(d.lang)}}, false)
		y := 34.0
		for _, b := range chunk {
			s.text(4, y+14, b.name, "start", 12, svgInk)
			y += headH
			for _, r := range b.rows {
				s.text(left-6, y+11.5, r.label, "end", 11, svgInk)
				total := "T=" + formatIndex(r.total)
				if theilNone(r.total) {
					// Nothing to split: no bar, the words instead.
					none := rd.TheilNoneChart.in(d.lang)
					s.raw(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="%s" stroke-dasharray="3 3"><title>%s</title></rect>`,
						num(left), num(y+2), num(barW), num(rowH-4), svgAxis, esc(r.label+": "+none+" ("+total+")"))
					s.text(left+6, y+12, none, "start", 10, svgInk)
					s.text(left+barW+6, y+12, total, "start", 10.5, svgInk)
					y += rowH
					continue
				}
				share := math.Max(0, math.Min(1, r.between/r.total))
				tip := fmt.Sprintf("%s: %s %s, %s %s", r.label, ui.BetweenGroups.in(d.lang), formatShare(share), ui.WithinGroups.in(d.lang), formatShare(1-share))
				s.rect(left, y+2, barW*share, rowH-4, svgBetween, tip)
				s.rect(left+barW*share, y+2, barW*(1-share), rowH-4, svgWithin, tip)
				if share >= 0.08 {
					s.text(left+4, y+12, formatShare(share), "start", 9.5, "#ffffff")
				}
				s.text(left+barW+6, y+12, total, "start", 10.5, svgInk)
				y += rowH
			}
			y += 5
		}
		out = append(out, s.String())
	}
	return out
}

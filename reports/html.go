package reports

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var templates embed.FS

// htmlPage is what the HTML report needs besides the dataset.
type htmlPage struct {
	now      time.Time
	version  string
	workbook string // the workbook's file name, which the report points to
}

type figure struct {
	SVG     template.HTML
	Caption string
	Note    string
}

type cell struct {
	Text    string
	Class   string // "num", "num below", "muted", "nowrap"
	Sup     string // rank
	Rowspan int
}

type fileView struct {
	Source, File, SHA256                   string
	RowsIn, Accepted, Quarantined, Skipped string
	Area                                   string
	Reasons                                string
}

type catalogView struct {
	ID, Name, Unit, Formula, Direction, Standard, Threshold, Source, Description string
}

type belowView struct {
	Name, Standard string
	Rows           [][]cell
	More           string
}

type chip struct{ Color, Name string }

type htmlView struct {
	Lang, Title, Period, RunID, RunTime, Generated, Version, RunVersion, Workbook string
	Legend                                                                        []chip
	Notes                                                                         []string
	Reading                                                                       readingView
	Methods                                                                       methodsView
	CompareHead                                                                   []string
	CompareSource                                                                 string
	CompareRows                                                                   [][]cell
	ModelStd                                                                      *figure
	Bars                                                                          []figure
	Below                                                                         []belowView
	KeyHead                                                                       []string
	KeyRows                                                                       [][]cell
	Lorenz                                                                        []figure
	Theil                                                                         []figure
	Walk                                                                          *figure
	Files                                                                         []fileView
	Reasons                                                                       [][]string
	ReconNote, ReconMore                                                          string
	Recon                                                                         [][]string
	TotalsNote, TotalsMore                                                        string
	Totals                                                                        [][]string
	Catalog                                                                       []catalogView
	Suppression                                                                   string
	Charts                                                                        []string
	Change                                                                        *changeView
	SyntheticMark, SyntheticNote                                                  string
	Map                                                                           *mapView
	Streets                                                                       *streetsView
	Intervals                                                                     *intervalsView
	Dist                                                                          *distView
	Plans                                                                         *plansView
	StandardsFrom                                                                 string
}

// renderHTML writes the self-contained HTML report and returns the ids of
// the charts it drew.
func renderHTML(w io.Writer, d *dataset, p htmlPage) ([]string, error) {
	l := d.lang
	tmpl, err := template.New("report.html.tmpl").Funcs(template.FuncMap{
		// t looks a label up in the bilingual label table by field name.
		"t": func(name string) (string, error) {
			f := reflect.ValueOf(ui).FieldByName(name)
			if !f.IsValid() {
				return "", fmt.Errorf("no label %q", name)
			}
			return f.Interface().(text).in(l), nil
		},
		// m looks a label up in the labels of the newer sections.
		"m": func(name string) (string, error) {
			f := reflect.ValueOf(uiMore).FieldByName(name)
			if !f.IsValid() {
				return "", fmt.Errorf("no label %q", name)
			}
			return f.Interface().(text).in(l), nil
		},
		// safeCSS passes a model colour ("#2e6db4", from modelColors) into a
		// style attribute.
		"safeCSS": func(s string) template.CSS { return template.CSS(s) },
	}).ParseFS(templates, "report.html.tmpl")
	if err != nil {
		return nil, err
	}
	v := htmlView{Lang: ui.Lang.in(l), Title: ui.ReportTitle.in(l), Period: d.period, RunID: d.runID(),
		Generated: d.formatTime(p.now), Version: p.version, Workbook: p.workbook, Notes: d.notes, Reading: d.readingView(d.modelChanges), Methods: d.methods()}
	if d.run.found {
		v.RunTime = d.formatTime(d.run.started) + " – " + d.formatTime(d.run.finished) + " · " + d.run.status
		v.RunVersion = d.run.version
	}
	for _, m := range d.models {
		v.Legend = append(v.Legend, chip{m.color, d.modelName(m)})
	}
	if d.synthetic {
		v.SyntheticMark, v.SyntheticNote = syntheticText(l)
	}
	d.compareView(&v)
	d.changeSection(&v)
	d.standardsView(&v)
	d.plansSection(&v)
	d.intervalsSection(&v)
	d.distributionsSection(&v)
	if err := d.streetsSection(&v); err != nil {
		return nil, err
	}
	if err := d.mapSection(&v); err != nil {
		return nil, err
	}
	d.equalizationView(&v)
	if svg, ok := d.walkChart(); ok {
		v.Walk = &figure{SVG: template.HTML(svg), Caption: ui.WalkCaption.in(l)}
		v.Charts = append(v.Charts, "walk")
	}
	for _, f := range d.files {
		area := ""
		if f.area != "" {
			area = d.areaName(f.area)
		}
		v.Files = append(v.Files, fileView{sourceName(f.source, l), f.file, f.sha256, formatCount(f.rowsIn),
			formatCount(f.accepted), formatCount(f.quarantined), formatCount(f.skipped), area, d.topReasons(f, 3)})
	}
	for _, r := range d.reasons {
		v.Reasons = append(v.Reasons, []string{sourceName(r.source, l), r.file, withID(d.ruleLabel(r.source, r.rule), r.rule),
			withID(d.columnLabel(r.source, r.column), r.column),
			d.pick(r.messageZh, r.messageEn), formatCount(r.rows)})
	}
	d.totalsView(&v)
	d.reconView(&v)
	for _, ind := range d.catalog {
		unit := ""
		if d.unit(ind) != "" {
			unit = strings.TrimPrefix(d.header(ind), d.name(ind))
		}
		v.Catalog = append(v.Catalog, catalogView{ind.ID, d.name(ind), unit, d.formula(ind), direction(ind.Direction, l),
			d.pick(ind.StandardZh, ind.StandardEn), d.standardText(ind), ind.StandardSource, d.pick(ind.DescriptionZh, ind.DescriptionEn)})
	}
	if d.priv.on() {
		v.Suppression = ui.NoteSuppressed.f(l, d.priv.below, d.priv.below, ui.Suppressed.in(l))
	}
	return v.Charts, tmpl.Execute(w, v)
}

// maxTotalsRows is how many totals figures that do not add up the HTML
// report lists; the workbook lists them all.
const maxTotalsRows = 50

// totalsView fills the totals rows of the data-quality section: nothing
// when no figure of a totals row was checked.
func (d *dataset) totalsView(v *htmlView) {
	l := d.lang
	if d.totalsChecked == 0 && len(d.totals) == 0 {
		return
	}
	if len(d.totals) == 0 {
		v.TotalsNote = ui.NoteTotalsAgree.f(l, d.totalsChecked)
		return
	}
	v.TotalsNote = ui.NoteTotals.f(l, d.totalsChecked, len(d.totals))
	for i, x := range d.totals {
		if i == maxTotalsRows {
			v.TotalsMore = ui.NoteTotalsMore.f(l, len(d.totals)-maxTotalsRows)
			break
		}
		stated, since, sheet := d.totalsCells(x)
		v.Totals = append(v.Totals, []string{sourceName(x.source, l), x.file, x.sheet, formatCount(x.line), x.label,
			d.totalsColumn(x), stated, since, sheet})
	}
}

// maxReconRows is how many differing census figures the HTML report
// lists; the workbook lists them all.
const maxReconRows = 50

// reconView fills the census reconciliation of the data-quality section:
// nothing when no community has both a census table and person-level
// records.
func (d *dataset) reconView(v *htmlView) {
	l := d.lang
	if d.reconBoth == 0 {
		return
	}
	if len(d.recon) == 0 {
		v.ReconNote = ui.NoteReconSame.f(l, d.reconBoth)
		return
	}
	v.ReconNote = ui.NoteRecon.f(l, d.reconBoth, len(d.recon))
	for i, x := range d.recon {
		if i == maxReconRows {
			v.ReconMore = ui.NoteReconMore.f(l, len(d.recon)-maxReconRows)
			break
		}
		census, persons, diff, rel := d.reconCells(x)
		v.Recon = append(v.Recon, []string{x.code, x.name, d.pick(x.figureZh, x.figureEn), census, persons, diff, rel})
	}
}

// formatTime writes a time for the report's readers: Beijing time in
// Chinese, UTC in English.
func (d *dataset) formatTime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	if d.lang == LangEn {
		return t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return t.In(time.FixedZone("UTC+8", 8*3600)).Format("2006-01-02 15:04（北京时间）")
}

// compareView fills the model comparison table and its chart.
func (d *dataset) compareView(v *htmlView) {
	l := d.lang
	v.CompareSource = ui.NoteModelComparison.in(l)
	v.StandardsFrom = d.standardsFrom(uiPlans.Section)
	if !d.fromModelComparison {
		v.CompareSource = ui.NoteNoModelComparison.in(l)
	}
	v.CompareHead = []string{ui.Indicator.in(l), ui.Standard.in(l)}
	for _, m := range d.models {
		v.CompareHead = append(v.CompareHead, d.modelName(m))
	}
	v.CompareHead = append(v.CompareHead, ui.TheilBetweenModels.in(l), ui.TheilWithinModels.in(l))
	for _, ind := range d.catalog {
		row := []cell{{Text: d.header(ind)}, {Text: d.standardText(ind)}}
		for _, m := range d.models {
			c, ok := d.compare[ind.ID][m.id]
			switch {
			case !ok || !c.v.Valid:
				row = append(row, cell{Text: "—", Class: "num muted"})
			case d.scopeSuppressed("model", m.id, ind):
				row = append(row, cell{Text: ui.Suppressed.in(l), Class: "num muted"})
			default:
				x := cell{Text: formatValue(ind.Format, c.v.Float64), Class: "num"}
				if ind.HasStandard() && !ind.Meets(c.v.Float64) {
					x.Class = "num below"
				}
				if c.rank.Valid {
					x.Sup = strconv.FormatInt(c.rank.Int64, 10)
				}
				row = append(row, x)
			}
		}
		t := d.theil[ind.ID]
		for _, x := range []struct {
			ok bool
			v  float64
		}{{t.between.Valid, t.between.Float64}, {t.within.Valid, t.within.Float64}} {
			if x.ok {
				row = append(row, cell{Text: strconv.FormatFloat(x.v, 'f', 4, 64), Class: "num"})
			} else {
				row = append(row, cell{Text: "—", Class: "num muted"})
			}
		}
		v.CompareRows = append(v.CompareRows, row)
	}
	if svg, ok := d.modelStandardChart(); ok {
		v.ModelStd = &figure{SVG: template.HTML(svg), Caption: ui.ModelStdCaption.in(l)}
		v.Charts = append(v.Charts, "model-standard")
	}
}

// standardsView fills the per-community bar charts (for groups small
// enough to read, perCommunityMax), the distributions and the best and
// worst communities (for larger periods), and the lists of communities
// below each standard.
func (d *dataset) standardsView(v *htmlView) {
	l := d.lang
	for _, ind := range d.catalog {
		if !ind.HasStandard() || binary(ind) {
			continue
		}
		if svg, skipped, ok := d.barsChart(ind); ok {
			f := figure{SVG: template.HTML(svg), Caption: ui.BarsCaption.f(l, d.name(ind), d.standardText(ind))}
			if skipped > 0 {
				f.Note = ui.SkippedCommunities.f(l, skipped)
			}
			v.Bars = append(v.Bars, f)
			v.Charts = append(v.Charts, "bars-"+ind.ID)
		}
		b := belowView{Name: d.name(ind), Standard: d.standardText(ind)}
		for _, r := range d.below.top[ind.ID] {
			modelName := ""
			if m, ok := d.modelByID(r.comm.modelID); ok {
				modelName = d.modelName(m)
			}
			val := formatValue(ind.Format, r.v)
			if r.lo.Valid && r.hi.Valid && r.n.Valid {
				val = uiMore.ValueInterval.f(l, val, formatValue(ind.Format, r.lo.Float64), formatValue(ind.Format, r.hi.Float64), formatCount(int64(r.n.Float64)))
			}
			b.Rows = append(b.Rows, []cell{{Text: r.comm.code}, {Text: r.comm.name}, {Text: r.comm.streetName}, {Text: modelName},
				{Text: val, Class: "num below"}, {Text: formatGap(ind, r.v-ind.StandardValue, l), Class: "num"}})
		}
		if n := d.below.n[ind.ID]; n > int64(len(b.Rows)) {
			b.More = ui.MoreBelow.f(l, n-int64(len(b.Rows)), ui.SheetBelow.in(l))
		}
		if k := d.below.suppressed[ind.ID]; k > 0 {
			b.More += " " + ui.NoteBelowSuppressed.f(l, k)
		}
		v.Below = append(v.Below, b)
	}
}

func modelScopes(ms []model) [][2]string {
	var out [][2]string
	for _, m := range ms {
		out = append(out, [2]string{"model", m.id})
	}
	return out
}

// equalizationView fills the key measures table, the Lorenz curves and
// the Theil decomposition.
func (d *dataset) equalizationView(v *htmlView) {
	l := d.lang
	v.KeyHead = []string{ui.Indicator.in(l), ui.Model.in(l)}
	for _, m := range keyMeasures {
		v.KeyHead = append(v.KeyHead, measure(m).label.in(l))
	}
	for _, ind := range d.equalized() {
		var scopes [][2]string
		for _, sc := range append([][2]string{{"all", "all"}}, modelScopes(d.models)...) {
			if _, ok := d.eq(sc[0], sc[1], ind.ID, "n"); ok {
				scopes = append(scopes, sc)
			}
		}
		for i, sc := range scopes {
			var row []cell
			if i == 0 {
				row = append(row, cell{Text: d.name(ind), Rowspan: len(scopes)})
			}
			row = append(row, cell{Text: d.scopeName(sc[0], sc[1]), Class: "nowrap"})
			for _, m := range keyMeasures {
				e, ok := d.eq(sc[0], sc[1], ind.ID, m)
				if !ok || !e.v.Valid {
					row = append(row, cell{Text: "—", Class: "num muted"})
					continue
				}
				info := measure(m)
				row = append(row, cell{Text: formatMeasure(info.kind, ind.Format, e.v.Float64), Class: "num"})
			}
			v.KeyRows = append(v.KeyRows, row)
		}
		if svg, ok := d.lorenzChart(ind); ok {
			v.Lorenz = append(v.Lorenz, figure{SVG: template.HTML(svg),
				Caption: ui.LorenzCaption.f(l, d.name(ind), d.pick(ind.DenominatorZh, ind.DenominatorEn))})
			v.Charts = append(v.Charts, "lorenz-"+ind.ID)
		}
	}
	for i, svg := range d.theilCharts() {
		v.Theil = append(v.Theil, figure{SVG: template.HTML(svg), Caption: ui.TheilCaption.in(l)})
		if i == 0 {
			v.Charts = append(v.Charts, "theil")
		} else {
			v.Charts = append(v.Charts, "theil-"+strconv.Itoa(i+1))
		}
	}
}

// withID writes a label with the id it stands for, so that a researcher
// can trace it: "建筑面积（平方米） (floor_area_m2)"; the id alone when the
// label is the id.
func withID(label, id string) string {
	if label == id || id == "" {
		return label
	}
	return label + " (" + id + ")"
}

package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"shequ/internal/batch"
	"shequ/internal/warehouse"
)

// printReport writes a run report as a table, or as JSON.
func printReport(w io.Writer, r *batch.Report, asJSON bool) error {
	if r == nil {
		return nil
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	if len(r.Files) > 0 {
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "source\tperiod\tstatus\trows_in\taccepted\tquarantined\tskipped\t file")
		for _, f := range r.Files {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t %s\n", f.Source, f.Period, f.Status, f.RowsIn, f.Accepted, f.Quarantined, f.Skipped, f.File)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, f := range r.Files {
			if len(f.Unknown) > 0 {
				fmt.Fprintf(w, "note: %s: columns not in the %s schema were not ingested: %s\n", f.File, f.Source, strings.Join(f.Unknown, ", "))
			}
		}
		for _, f := range r.Files {
			for _, m := range f.TotalsMismatches {
				fmt.Fprintln(w, totalsLine(f.File, m))
			}
		}
	}
	for _, rm := range r.Removed {
		fmt.Fprintf(w, "removed (no longer in the configuration): %s\n", rm)
	}
	if b := r.Build; b != nil {
		fmt.Fprintf(w, "built %s\n", b.Database)
		for _, p := range b.Periods {
			fmt.Fprintf(w, "  period %s: %d communities\n", p, b.Communities[p])
		}
		fmt.Fprintf(w, "  %d indicators, %d indicator values (%d NULL with a reason), %d equalization rows, %d rows in quarantine\n",
			b.Indicators, b.IndicatorValues, b.NullValues, b.Equalization, b.Quarantined)
		if b.Unassigned > 0 {
			fmt.Fprintf(w, "  note: %d community-periods belong to no configured model\n", b.Unassigned)
		}
	}
	switch r.ReportsStatus {
	case batch.ReportsPending:
		fmt.Fprintln(w, "writing the reports (the log says when each is written):")
	case batch.ReportsFailed:
		fmt.Fprintln(w, "reports (not all written):")
	case batch.ReportsSkipped:
		fmt.Fprintln(w, "reports skipped (reports: skip: true in the configuration)")
	}
	for _, f := range r.Reports {
		if r.ReportsStatus == batch.ReportsWritten {
			fmt.Fprint(w, "wrote ")
		} else {
			fmt.Fprint(w, "  ")
		}
		fmt.Fprintln(w, f)
	}
	fmt.Fprintf(w, "run %s\n", r.RunID)
	return nil
}

// totalsLine says how a figure of a totals row does not add up: where the
// row is, its label, the column's header as the file writes it, the
// figure it states and the two sums it could have been.
func totalsLine(file string, m warehouse.TotalsMismatch) string {
	where := fmt.Sprintf("line %d", m.Line)
	if m.Sheet != "" {
		where = fmt.Sprintf("sheet %s row %d", m.Sheet, m.Line)
	}
	sum := func(p *float64) string {
		if p == nil {
			return "unknown (a row could not be read)"
		}
		return formatFigure(*p)
	}
	return fmt.Sprintf("totals do not add up: %s %s 「%s」, %s: stated %s; the rows since the previous totals row sum to %s, the rows of the sheet to %s",
		file, where, m.Label, m.Header, formatFigure(m.Stated), sum(m.SumSincePrevious), sum(m.SumOfSheet))
}

// formatFigure writes a figure with thousands separators: 538,861; 1,234.5.
func formatFigure(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if math.IsInf(v, 0) || math.IsNaN(v) {
		return s
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

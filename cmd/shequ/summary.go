package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"shequ/internal/batch"
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
	for _, f := range r.Reports {
		fmt.Fprintf(w, "wrote %s\n", f)
	}
	fmt.Fprintf(w, "run %s\n", r.RunID)
	return nil
}

package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func newIndicatorsCmd(f *factory) *cobra.Command {
	var lang string
	cmd := &cobra.Command{
		Use:   "indicators",
		Short: "List and explain the declared indicators",
		Long:  `Indicators prints the catalog generated from indicators/*.sql: formula, unit, direction, standard and inputs.`,
		Args:  args(cobra.NoArgs),
	}
	cmd.PersistentFlags().StringVar(&lang, "lang", "zh", "language: zh or en")
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the indicators",
		Example: "  shequ indicators list --lang en",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if lang != "zh" && lang != "en" {
				return &usageError{fmt.Errorf("--lang %q: want zh or en", lang)}
			}
			cat, err := f.catalog()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(f.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tname\tunit\tstandard")
			for _, ind := range cat.Indicators() {
				name, unit, std := ind.NameZh, ind.UnitZh, ind.StandardZh
				if lang == "en" {
					name, unit, std = ind.NameEn, ind.UnitEn, ind.StandardEn
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ind.ID, name, unit, std)
			}
			return tw.Flush()
		},
	}
	show := &cobra.Command{
		Use:     "show ID",
		Short:   "Show one indicator's declaration: formula, unit, standard, inputs",
		Example: "  shequ indicators show floor_area_per_100hh",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			cat, err := f.catalog()
			if err != nil {
				return err
			}
			ind, err := cat.Get(a[0])
			if err != nil {
				return err
			}
			w := f.stdout
			if lang == "en" {
				fmt.Fprintf(w, "%s — %s\n%s\n\nformula: %s\nnumerator: %s\ndenominator: %s\nunit: %s\ndirection: %s\n", ind.ID, ind.NameEn,
					ind.DescriptionEn, ind.FormulaEn, ind.NumeratorEn, ind.DenominatorEn, ind.UnitEn, ind.Direction)
				if ind.HasStandard() {
					fmt.Fprintf(w, "standard: %s (value %s %g) — %s\n", ind.StandardEn, ind.StandardOp, ind.StandardValue, ind.StandardSource)
				}
				if ind.Interval != "" {
					fmt.Fprintf(w, "interval: 95%% %s (ci_low, ci_high)\n", ind.Interval)
					if ind.HasStandard() {
						fmt.Fprintln(w, "below the standard (below_standard = below) only when the whole interval is")
					}
				}
			} else {
				fmt.Fprintf(w, "%s — %s\n%s\n\n公式：%s\n分子：%s\n分母：%s\n单位：%s\n方向：%s\n", ind.ID, ind.NameZh,
					ind.DescriptionZh, ind.FormulaZh, ind.NumeratorZh, ind.DenominatorZh, ind.UnitZh, ind.Direction)
				if ind.HasStandard() {
					fmt.Fprintf(w, "标准：%s（值 %s %g）—— %s\n", ind.StandardZh, ind.StandardOp, ind.StandardValue, ind.StandardSource)
				}
				if ind.Interval != "" {
					fmt.Fprintf(w, "区间：95%% %s（ci_low、ci_high）\n", ind.Interval)
					if ind.HasStandard() {
						fmt.Fprintln(w, "整个区间都未达标时才判为未达标（below_standard = below）")
					}
				}
			}
			fmt.Fprintf(w, "inputs: %s\nfile: indicators/%s\n\n%s\n", strings.Join(ind.DependsOn, ", "), ind.File, ind.SQL)
			return nil
		},
	}
	cmd.AddCommand(list, show)
	return cmd
}

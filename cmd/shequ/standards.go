package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"shequ/internal/config"
	"shequ/standards"
)

func newStandardsCmd(f *factory) *cobra.Command {
	var lang, cfgPath string
	cmd := &cobra.Command{
		Use:   "standards",
		Short: "List and show the plans whose targets communities are held to",
		Long: `Standards prints the plans shequ holds communities to: the national plan
(国办发〔2021〕56号) and the benchmarks shipped with shequ, which hold every
community, and the provincial or city plans a configuration adds under
standards.plans and applies to models or areas under standards.apply.

show takes a plan id, or the path of a plan file to check it before adding it.`,
		Args: args(cobra.NoArgs),
	}
	cmd.PersistentFlags().StringVar(&lang, "lang", "zh", "language: zh or en")
	cmd.PersistentFlags().StringVar(&cfgPath, "config", "", "shequ.yaml whose added plans to include")
	holdings := func() ([]standards.Holding, error) {
		if lang != "zh" && lang != "en" {
			return nil, &usageError{fmt.Errorf("--lang %q: want zh or en", lang)}
		}
		if cfgPath == "" {
			return (&config.Config{}).Holdings(), nil
		}
		cfg, err := config.Load(cfgPath)
		if err != nil {
			return nil, err
		}
		if err := checkTargets(f, cfg); err != nil {
			return nil, err
		}
		return cfg.Holdings(), nil
	}
	list := &cobra.Command{
		Use:     "list",
		Short:   "List the plans: id, document, scope, years, targets and whom each holds",
		Example: "  shequ standards list\n  shequ standards list --config exports/shequ.yaml --lang en",
		Args:    args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			hs, err := holdings()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(f.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "id\tkind\tplan\tscope\tyears\ttargets\tholds")
			for _, h := range hs {
				p := h.Plan
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", p.ID, p.Kind, p.Name(lang == "zh"), scopeText(p),
					yearsText(p.BaselineYear, p.TargetYear), len(p.Targets), holdsText(h))
			}
			return tw.Flush()
		},
	}
	show := &cobra.Command{
		Use:     "show ID|FILE",
		Short:   "Show one plan's targets: indicator, comparison, target, baseline, years and where the document sets it",
		Example: "  shequ standards show cn-2021-56\n  shequ standards show standards/js-2022-60.yaml",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			hs, err := holdings()
			if err != nil {
				return err
			}
			var h *standards.Holding
			if strings.HasSuffix(a[0], ".yaml") || strings.HasSuffix(a[0], ".yml") || strings.ContainsRune(a[0], filepath.Separator) {
				p, err := standards.ReadFile(a[0])
				if err != nil {
					return err
				}
				if err := checkPlan(f, p); err != nil {
					return err
				}
				h = &standards.Holding{Plan: p, Areas: []string{p.Scope.Code}}
			} else {
				for i := range hs {
					if hs[i].Plan.ID == a[0] {
						h = &hs[i]
					}
				}
				if h == nil {
					return &usageError{fmt.Errorf("no plan %q; shequ standards list shows them (add --config for a configuration's plans)", a[0])}
				}
			}
			return showPlan(f, f.stdout, h, lang == "zh")
		},
	}
	cmd.AddCommand(list, show)
	return cmd
}

// checkTargets reports the targets of a configuration's added plans for
// indicators shequ does not have.
func checkTargets(f *factory, cfg *config.Config) error {
	cat, err := f.catalog()
	if err != nil {
		return err
	}
	var ids []string
	for _, ind := range cat.Indicators() {
		ids = append(ids, ind.ID)
	}
	return cfg.CheckTargets(ids)
}

// checkPlan is checkTargets for one plan file.
func checkPlan(f *factory, p *standards.Plan) error {
	return checkTargets(f, &config.Config{Path: p.File, Standards: config.Standards{Loaded: []*standards.Plan{p}}})
}

func showPlan(f *factory, w io.Writer, h *standards.Holding, zh bool) error {
	cat, err := f.catalog()
	if err != nil {
		return err
	}
	p := h.Plan
	pick := func(a, b string) string {
		if zh || b == "" {
			return a
		}
		return b
	}
	fmt.Fprintf(w, "%s — %s\n", p.ID, p.Name(zh))
	if p.IssuerZh != "" {
		fmt.Fprintf(w, "%s%s\n", pick("发文机关：", "issuer: "), pick(p.IssuerZh, p.IssuerEn))
	}
	if p.Issued != "" {
		fmt.Fprintf(w, "%s%s\n", pick("印发日期：", "issued: "), p.Issued)
	}
	fmt.Fprintf(w, "%s%s\n%s%s\n%s%s\n%s%s\n", pick("适用范围：", "scope: "), scopeText(p), pick("基期 → 目标年份：", "baseline → target year: "),
		yearsText(p.BaselineYear, p.TargetYear), pick("约束：", "holds: "), holdsText(*h), pick("文件：", "file: "), p.File)
	if note := pick(p.NoteZh, p.NoteEn); note != "" {
		fmt.Fprintln(w, note)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, pick("指标\t名称\t目标\t基期值\t年份\t原文\t出处", "indicator\tname\ttarget\tbaseline\tyears\twording\twhere"))
	for i := range p.Targets {
		t := &p.Targets[i]
		name := ""
		if ind, err := cat.Get(t.Indicator); err == nil {
			name = pick(ind.NameZh, ind.NameEn)
		}
		baseline := "—"
		if t.Baseline != nil {
			baseline = strconv.FormatFloat(*t.Baseline, 'g', -1, 64)
		}
		b, y := p.Years(t)
		where := pick(t.WhereZh, t.WhereEn)
		if t.Source != "" {
			where = t.Source + "，" + where
		}
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\t%s\t%s\n", t.Indicator, name, t.Op, strconv.FormatFloat(t.Value, 'g', -1, 64),
			baseline, yearsText(b, y), pick(t.TextZh, t.TextEn), where)
	}
	return tw.Flush()
}

func scopeText(p *standards.Plan) string {
	if p.Scope.Level == standards.LevelNational {
		return "national"
	}
	return p.Scope.Level + " " + p.Scope.Code
}

func yearsText(baseline, target int) string {
	if baseline == 0 && target == 0 {
		return "—"
	}
	s := func(y int) string {
		if y == 0 {
			return "?"
		}
		return strconv.Itoa(y)
	}
	return s(baseline) + "→" + s(target)
}

func holdsText(h standards.Holding) string {
	if h.All {
		return "all communities"
	}
	var parts []string
	if len(h.Models) > 0 {
		parts = append(parts, "models "+strings.Join(h.Models, ","))
	}
	if len(h.Areas) > 0 {
		parts = append(parts, "areas "+strings.Join(h.Areas, ","))
	}
	return strings.Join(parts, "; ")
}

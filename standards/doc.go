// Package standards declares the plans whose targets shequ holds
// communities to, as data: one YAML file a plan.
//
// A plan has an id, a title, the document number it was issued under, a
// scope (national, or the code of the province, city or district it is
// for), a baseline year and a target year, and a list of targets. A target
// names an indicator of package indicators, a comparison (>=, <=, >, <), a
// target value, optionally the plan's published baseline value, and where
// in the document it stands. A plan states only what its document says: a
// target that cannot be cited is left out, never guessed.
//
// Three files ship inside shequ and hold every community:
//   - cn-2021-56.yaml, the national 十四五 urban–rural community service
//     plan (国办发〔2021〕56号);
//   - cn-2017-191.yaml, the Ministry of Civil Affairs' opinion on community
//     social organisations (民发〔2017〕191号: by 2020, at least 10 per urban
//     and 5 per rural community);
//   - shequ-benchmarks.yaml, reference points that are not plan targets
//     (the 2005 national satisfaction baseline, parity of reach); each
//     names its own source.
//
// Their targets are the indicators' headline standards (Shipped,
// Headline): every chart, highlight and count that holds a value against
// "the standard" uses them and names the plan. A province's or city's plan
// is a file an office adds (examples/ holds a Jiangsu plan written from
// what is public); the configuration applies it to models or areas
// (config.Standards), and the build holds those communities to it as well,
// side by side (tables standard_plans, standard_targets, plan_communities
// and plan_attainment).
//
// Progress toward a target is the share of the way from the baseline to
// the target a scope has come: (value − baseline) ÷ (target − baseline).
// The baseline is the plan's published value when it has one, otherwise
// the scope's own value in the plan's baseline year.
package standards

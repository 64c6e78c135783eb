package reports

import (
	"database/sql"
	"strconv"
	"strings"

	"shequ/indicators"
)

// DefaultSuppressBelow is the smallest person-level count a report
// publishes as it is.
const DefaultSuppressBelow = 5

// privacy applies small-count suppression to what a report publishes. The
// warehouse keeps the exact values; only the report hides them.
//
// A count is person-level when it counts people or households: an
// indicator's numerator or denominator whose English label (from the
// catalog) starts with residents, resident, households, respondents,
// participants, persons or people, after any of the qualifiers all,
// registered, non-registered, survey, activity, observed, expected — so
// "resident population", "households in the grids", "registered
// respondents", "activity participants (person-visits)" are person-level,
// and "communities with residents", "micro-projects proposed by residents",
// "share satisfied among registered respondents" are not. A label with ×
// or ÷ is a computed quantity, not a count. A person-level count n with
// 1 ≤ n < below is suppressed; 0 is shown, since it singles out nobody.
//
// What is suppressed:
//   - the count columns of the Indicators sheet (one per distinct
//     person-level denominator in the catalog: resident population,
//     households, survey respondents, …), shown as "<5";
//   - every indicator value, per community or per scope, whose numerator or
//     denominator is a suppressed count (numerator ÷ value would give the
//     count back), and every value computed from a suppressed value (an
//     indicator whose depends_on names a suppressed indicator, such as the
//     registered / non-registered satisfaction gap), shown as "suppressed"
//     and left out of the charts, the reading and the below-standard lists;
//   - the figures of totals rows that do not add up, and the sums of the
//     rows they total, from 1 to below the threshold, whatever the column
//     (a subtotal may be one community's), shown as "<5".
//
// Not suppressed: counts of communities, facilities, staff, grids, events
// and projects; rows in, accepted, quarantined and skipped per file (they
// count file rows, and the quarantined values themselves are never
// published); equalization measures and Lorenz points, which are shares
// over whole scopes.
type privacy struct{ below int }

var (
	personQualifiers = map[string]bool{"all": true, "registered": true, "non-registered": true, "survey": true,
		"activity": true, "observed": true, "expected": true}
	personNouns = map[string]bool{"resident": true, "residents": true, "household": true, "households": true,
		"respondent": true, "respondents": true, "participant": true, "participants": true,
		"person": true, "persons": true, "people": true}
)

// personLevel reports whether a catalog numerator or denominator label
// (English) counts people or households.
func personLevel(labelEn string) bool {
	if strings.ContainsAny(labelEn, "×÷") {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(labelEn)) {
		w = strings.Trim(w, "(),;:")
		if personQualifiers[w] {
			continue
		}
		return personNouns[w]
	}
	return false
}

func (p privacy) on() bool { return p.below > 1 }

// small reports whether a person-level count is to be suppressed.
func (p privacy) small(n sql.NullFloat64) bool {
	return p.on() && n.Valid && n.Float64 > 0 && n.Float64 < float64(p.below)
}

// mask is what a suppressed count shows: "<5".
func (p privacy) mask() string { return "<" + strconv.Itoa(p.below) }

// suppressed reports whether a value of one of the detail communities
// (dataset.detail) is suppressed: for its own counts, or because a value
// it is computed from is (visibleSQL decides).
func (d *dataset) suppressed(code string, ind *indicators.Indicator) bool {
	return d.values[code][ind.ID].sup
}

// scopeSuppressed is suppressed for the value of a scope held in memory
// (all, a model or a district).
func (d *dataset) scopeSuppressed(scope, id string, ind *indicators.Indicator) bool {
	return d.scope[scopeKey{scope, id, ind.ID}].sup
}

// countColumn is a person-level count the Indicators sheet publishes per
// community: the denominator of the first indicator that has it.
type countColumn struct {
	labelZh, labelEn string
	indicator        string
}

// countColumns lists the distinct person-level denominators of the
// catalog, in catalog order.
func countColumns(cat []*indicators.Indicator) []countColumn {
	seen := map[string]bool{}
	var out []countColumn
	for _, ind := range cat {
		if !personLevel(ind.DenominatorEn) || seen[ind.DenominatorEn] {
			continue
		}
		seen[ind.DenominatorEn] = true
		out = append(out, countColumn{ind.DenominatorZh, ind.DenominatorEn, ind.ID})
	}
	return out
}

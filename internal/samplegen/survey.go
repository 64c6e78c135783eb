package samplegen

import (
	"fmt"
	"math"
	"strconv"
)

// Hukou types as the survey records them.
const (
	hukouRegistered    = "户籍"
	hukouNonRegistered = "非户籍"
)

// respondent is one questionnaire before it is written.
type respondent struct {
	comm       *community
	registered bool
	overall    int
	shift      [3]int // item scores relative to overall: 服务便利度, 服务质量, 参与机会
}

// surveyTable is 满意度调查 for periods[i]: 20–30 respondents per
// community, registered residents in their share of residents but at least
// minRegisteredRespondents. The share answering 满意 or 非常满意 overall is
// the model's target for the period, lower by nonRegGap for non-registered
// respondents, shifted a little per community. Within each model and hukou
// group the draws are stratified, so that the group's share sits close to
// its target even in a small sample; the item scores follow the overall
// score within a point. The badPeriod table carries one score of 6.
func surveyTable(plans []*modelPlan, i int, seed int64) []row {
	year := periods[i]
	var rows []row
	for _, p := range plans {
		m := p.m
		var resp []respondent
		shift := map[*community]float64{}
		var meanShift float64
		var comms int
		for _, c := range p.comms {
			q := c.pop[i]
			if c.virtual || q.residents == 0 {
				continue
			}
			r := stream(seed, fmt.Sprintf("survey/%s/%d", c.Code, year))
			n := intRange(r, respondentsPerCommunity[0], respondentsPerCommunity[1])
			reg := int(math.Round(float64(n) * max(float64(q.registered)/float64(q.residents), minRegisteredRespondents)))
			shift[c] = r.NormFloat64() * communitySatSigma
			meanShift += shift[c]
			comms++
			order := r.Perm(n) // the quota's registered respondents fall anywhere in the round
			for k := range n {
				x := respondent{comm: c, registered: order[k] < reg}
				for j, probs := range itemShift {
					x.shift[j] = pickIndex(r, probs[:]) - 1
				}
				resp = append(resp, x)
			}
		}
		meanShift /= float64(max(comms, 1))
		for _, registered := range []bool{true, false} {
			target := m.satisfied[i]
			name := hukouRegistered
			if !registered {
				target -= m.nonRegGap
				name = hukouNonRegistered
			}
			var group []int
			for k, x := range resp {
				if x.registered == registered {
					group = append(group, k)
				}
			}
			r := stream(seed, fmt.Sprintf("survey/%s/%d/%s", m.id, year, name))
			strata := r.Perm(len(group))
			for k, idx := range group {
				u := (float64(strata[k]) + r.Float64()) / float64(len(group))
				x := &resp[idx]
				x.overall = overallScore(u, clamp(target+shift[x.comm]-meanShift, 0.05, 0.99))
			}
		}
		for k, x := range resp {
			rows = append(rows, row{cells: surveyCells(surveyID(m, year, k+1), x, scores(x))})
		}
	}
	if year != badPeriod {
		return rows
	}
	r := stream(seed, fmt.Sprintf("bad/survey/%d", year))
	p := plans[0]
	c := populated(r, p, i, anyCommunity)
	if c == nil {
		return rows
	}
	x := respondent{comm: c, registered: r.Float64() < 0.5, overall: 3 + r.IntN(3)}
	s := scores(x)
	col := r.IntN(len(s))
	s[col] = 6
	bad := row{cells: surveyCells(surveyID(p.m, year, countPrefix(rows, p.m.idPrefix)+1), x, s),
		problem: fmt.Sprintf("%s 6 is outside the scores 1–5", headerSurvey[3+col])}
	return insertAt(r, rows, bad)
}

func surveyID(m modelParams, year, seq int) string {
	return fmt.Sprintf("%s%d-WJ%04d", m.idPrefix, year, seq)
}

// overallScore maps a uniform draw u to a score 1–5 of which the share p is
// 4 or 5.
func overallScore(u, p float64) int {
	switch {
	case u < p*verySatisfied:
		return 5
	case u < p:
		return 4
	}
	v := (u - p) / (1 - p)
	switch {
	case v < dissatisfied[0]:
		return 3
	case v < dissatisfied[0]+dissatisfied[1]:
		return 2
	}
	return 1
}

// scores are a respondent's 总体满意度, 服务便利度, 服务质量, 参与机会.
func scores(x respondent) [4]int {
	s := [4]int{x.overall}
	for j, d := range x.shift {
		s[j+1] = min(5, max(1, x.overall+d))
	}
	return s
}

func surveyCells(id string, x respondent, s [4]int) []string {
	hukou := hukouNonRegistered
	if x.registered {
		hukou = hukouRegistered
	}
	cells := []string{id, x.comm.Code, hukou}
	for _, v := range s {
		cells = append(cells, strconv.Itoa(v))
	}
	return cells
}

package decode

import "bytes"

// maxSniffRecords bounds how many records detectDelimiter looks at.
const maxSniffRecords = 50

// detectDelimiter picks the delimiter among ',', '\t', ';' and '|' that
// splits the most of the first records of text into the same number of
// fields; ties go to fallback, then to the candidate that makes more
// fields, then to the order above. Quoted text is skipped. When complete
// is false text is a prefix and its last, possibly partial, record is not
// used. A text with none of the candidates gets fallback.
func detectDelimiter(text []byte, complete bool, fallback rune) rune {
	candidates := [...]byte{',', '\t', ';', '|'}
	var counts [][len(candidates)]int
	var cur [len(candidates)]int
	nonBlank, inQuotes := false, false
	for i := 0; i < len(text) && len(counts) < maxSniffRecords; i++ {
		c := text[i]
		switch {
		case c == '"':
			inQuotes = !inQuotes
			nonBlank = true
		case inQuotes:
		case c == '\n':
			if nonBlank {
				counts = append(counts, cur)
			}
			cur, nonBlank = [len(candidates)]int{}, false
		case c == '\r' || c == ' ':
		default:
			if k := bytes.IndexByte(candidates[:], c); k >= 0 {
				cur[k]++
			}
			nonBlank = true
		}
	}
	if complete && nonBlank && len(counts) < maxSniffRecords {
		counts = append(counts, cur)
	}

	best, bestFreq, bestWidth := fallback, 0, 0
	for k, cand := range candidates {
		// The most frequent non-zero count for this candidate.
		freqOf := map[int]int{}
		width, freq := 0, 0
		for _, rc := range counts {
			n := rc[k]
			if n == 0 {
				continue
			}
			freqOf[n]++
			if f := freqOf[n]; f > freq || (f == freq && n > width) {
				width, freq = n, f
			}
		}
		if freq == 0 {
			continue
		}
		better := freq > bestFreq ||
			(freq == bestFreq && rune(cand) == fallback && best != fallback) ||
			(freq == bestFreq && best != fallback && width > bestWidth)
		if bestFreq == 0 || better {
			best, bestFreq, bestWidth = rune(cand), freq, width
		}
	}
	return best
}

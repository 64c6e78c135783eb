package reports

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"testing"
)

// The chart tests need no warehouse: run them alone with
//
//	CGO_ENABLED=1 go test -tags duckdb_arrow ./reports -run 'Chart'
//
// (TestMain still builds the demo warehouse first).

// chartNode is an element of a parsed SVG.
type chartNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr  `xml:",any,attr"`
	Text    string      `xml:",chardata"`
	Nodes   []chartNode `xml:",any"`
}

func (n *chartNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *chartNode) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// title is the text of the element's <title> child.
func (n *chartNode) title() string {
	for _, c := range n.Nodes {
		if c.XMLName.Local == "title" {
			return c.Text
		}
	}
	return ""
}

// all returns the elements named name under n, depth first.
func (n *chartNode) all(name string) []*chartNode {
	var out []*chartNode
	var walk func(*chartNode)
	walk = func(x *chartNode) {
		if x.XMLName.Local == name {
			out = append(out, x)
		}
		for i := range x.Nodes {
			walk(&x.Nodes[i])
		}
	}
	walk(n)
	return out
}

// parent finds the element whose children include c.
func (n *chartNode) parent(c *chartNode) *chartNode {
	for i := range n.Nodes {
		if &n.Nodes[i] == c {
			return n
		}
		if p := n.Nodes[i].parent(c); p != nil {
			return p
		}
	}
	return nil
}

// texts are the contents of every <text>.
func (n *chartNode) texts() []string {
	var out []string
	for _, x := range n.all("text") {
		out = append(out, x.Text)
	}
	return out
}

// chartParse parses an SVG chart and checks what every chart must have:
// well-formed XML, an svg root with the data-chart id, a <title> with
// the title, and text that reads on white paper.
func chartParse(t *testing.T, svg, id, title string) *chartNode {
	t.Helper()
	var root chartNode
	if err := xml.Unmarshal([]byte(svg), &root); err != nil {
		t.Fatalf("chart %s is not well-formed XML: %v", id, err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element %q, want svg", root.XMLName.Local)
	}
	if got := root.attr("data-chart"); got != id {
		t.Errorf("data-chart %q, want %q", got, id)
	}
	if got := root.title(); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
	for _, x := range root.all("text") {
		if c := chartContrast(t, x.attr("fill")); c < 4.5 {
			t.Errorf("text %q in %s has contrast %.2f:1 on white, want at least 4.5:1 (WCAG AA)", x.Text, x.attr("fill"), c)
		}
	}
	return &root
}

// chartContrast is the WCAG 2 contrast ratio of a #rrggbb colour
// against white.
func chartContrast(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	lum := 0.0
	for i, w := range []float64{0.2126, 0.7152, 0.0722} {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		c := float64(v) / 255
		if c <= 0.04045 {
			c /= 12.92
		} else {
			c = math.Pow((c+0.055)/1.055, 2.4)
		}
		lum += w * c
	}
	return 1.05 / (lum + 0.05)
}

// chartNear reports whether got is within 0.05 px of want (the SVG
// writes one decimal).
func chartNear(got, want float64) bool { return math.Abs(got-want) <= 0.051 }

func chartHasText(texts []string, want string) bool {
	for _, s := range texts {
		if s == want {
			return true
		}
	}
	return false
}

func chartContains(texts []string, part string) bool {
	for _, s := range texts {
		if strings.Contains(s, part) {
			return true
		}
	}
	return false
}

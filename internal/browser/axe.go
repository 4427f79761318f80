package browser

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// axeSource is axe-core, vendored (see axe/README.md).
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the rule tags Axe runs: WCAG 2.0 and 2.1, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// AxeViolation is one axe-core rule that fails on the page, with the
// elements it fails on.
type AxeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// String is the rule, its help text and the first elements it fails on.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, %d elements): %s", v.ID, v.Impact, len(v.Nodes), v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n    … %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n    %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// AxeViolations injects axe-core into the page, unless it is there already,
// runs the WCAG 2.1 A and AA rules (AxeTags) on the whole document and
// returns the violations.
func (p *Page) AxeViolations(t testing.TB) []AxeViolation {
	t.Helper()
	var loaded bool
	p.Eval(t, `typeof window.axe === "object"`, &loaded)
	if !loaded {
		p.Eval(t, axeSource+"\n;true", &loaded)
	}
	tags, err := json.Marshal(AxeTags)
	if err != nil {
		t.Fatalf("browser: axe tags: %v", err)
	}
	var out []AxeViolation
	p.Eval(t, fmt.Sprintf(`axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(r => r.violations)`,
		tags), &out)
	return out
}

// Axe fails the test with every WCAG 2.1 A and AA violation axe-core finds
// on the page; name says which page it is in the message.
func (p *Page) Axe(t testing.TB, name string) {
	t.Helper()
	for _, v := range p.AxeViolations(t) {
		t.Errorf("axe on %s: %s", name, v)
	}
}

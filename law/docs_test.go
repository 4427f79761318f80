package law

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// documentedKinds are the rule folders whose every node docs/law quotes.
var documentedKinds = []string{"letting", "rental", "plan", "monitor"}

// ruleNodes returns the rule nodes of the embedded rule files of a kind,
// named as docs/law/README.md says: KIND/RULESET:PATH, where PATH joins the
// ids (or codes) of the nested items, or their keys where they have none,
// and "." is the file's top level. A node is a mapping with a legal_ref.
func ruleNodes(t *testing.T, kind string) []string {
	t.Helper()
	fsys, err := RuleFiles(kind)
	if err != nil {
		t.Fatal(err)
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("%s: no rule files (%v)", kind, err)
	}
	var out []string
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s/%s: %v", kind, n, err)
		}
		prefix := kind + "/" + strings.TrimSuffix(n, path.Ext(n)) + ":"
		walkNodes(doc.Content[0], "", true, func(p string) { out = append(out, prefix+p) })
	}
	return out
}

// walkNodes finds the rule nodes under n; the file's own id (root) is the
// RULESET part of the names, not a step of the path.
func walkNodes(n *yaml.Node, at string, root bool, found func(string)) {
	switch n.Kind {
	case yaml.MappingNode:
		if id := scalarOf(n, "id", "code"); id != "" && !root {
			at = join(at, id)
		}
		if scalarOf(n, "legal_ref") != "" {
			if at == "" {
				found(".")
			} else {
				found(at)
			}
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			switch v.Kind {
			case yaml.MappingNode:
				if scalarOf(v, "id", "code") != "" {
					walkNodes(v, at, false, found)
				} else {
					walkNodes(v, join(at, k), false, found)
				}
			case yaml.SequenceNode:
				for _, item := range v.Content {
					if scalarOf(item, "id", "code") != "" {
						walkNodes(item, at, false, found)
					} else {
						walkNodes(item, join(at, k), false, found)
					}
				}
			}
		}
	}
}

func join(at, part string) string {
	if at == "" {
		return part
	}
	return at + "/" + part
}

// scalarOf returns the value of the first of the keys a mapping has.
func scalarOf(n *yaml.Node, keys ...string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for _, key := range keys {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key && n.Content[i+1].Kind == yaml.ScalarNode {
				return n.Content[i+1].Value
			}
		}
	}
	return ""
}

// docRow is one row of a table in docs/law: the sentence, the rule nodes
// (KIND/RULESET:PATH, RULESET may be *) and the tests.
type docRow struct {
	where    string
	sentence string
	nodes    []string
	tests    []string
}

var backticked = regexp.MustCompile("`([^`]+)`")

func docRows(t *testing.T) []docRow {
	t.Helper()
	files, err := filepath.Glob("../docs/law/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("docs/law: no pages (%v)", err)
	}
	var rows []docRow
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for line := 1; sc.Scan(); line++ {
			cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
			if len(cells) != 3 || !strings.HasPrefix(strings.TrimSpace(sc.Text()), "|") {
				continue
			}
			r := docRow{where: fmt.Sprintf("%s:%d", filepath.Base(f), line), sentence: strings.TrimSpace(cells[0])}
			for _, m := range backticked.FindAllStringSubmatch(cells[1], -1) {
				r.nodes = append(r.nodes, m[1])
			}
			for _, m := range backticked.FindAllStringSubmatch(cells[2], -1) {
				r.tests = append(r.tests, m[1])
			}
			if len(r.nodes) > 0 && strings.Contains(r.nodes[0], ":") {
				rows = append(rows, r)
			}
		}
		fh.Close()
	}
	return rows
}

// matches reports whether a documented node (its RULESET may be *) names
// a node.
func matches(doc, node string) bool {
	dk, dp, _ := strings.Cut(doc, ":")
	nk, np, _ := strings.Cut(node, ":")
	if dp != np {
		return false
	}
	if kind, set, ok := strings.Cut(dk, "/"); ok && set == "*" {
		return strings.HasPrefix(nk, kind+"/")
	}
	return dk == nk
}

// TestDocsCoverEveryRuleNode: every node of the letting, rental, plan and
// monitor rule sets has a row in docs/law that quotes the sentence it
// applies and names a test written from it; no row names a node or a test
// that does not exist.
func TestDocsCoverEveryRuleNode(t *testing.T) {
	rows := docRows(t)
	var nodes []string
	for _, k := range documentedKinds {
		nodes = append(nodes, ruleNodes(t, k)...)
	}
	for _, n := range nodes {
		if !slices.ContainsFunc(rows, func(r docRow) bool {
			return slices.ContainsFunc(r.nodes, func(d string) bool { return matches(d, n) })
		}) {
			t.Errorf("rule node %s has no row in docs/law", n)
		}
	}
	tests := map[string]bool{}
	for _, r := range rows {
		if r.sentence == "" || len(r.tests) == 0 {
			t.Errorf("%s: a row needs the sentence and a test", r.where)
		}
		for _, d := range r.nodes {
			if !slices.ContainsFunc(nodes, func(n string) bool { return matches(d, n) }) {
				t.Errorf("%s: no rule node %s", r.where, d)
			}
		}
		for _, x := range r.tests {
			tests[x] = true
		}
	}
	for x := range tests {
		if err := testExists(x); err != nil {
			t.Errorf("docs/law names test %s: %v", x, err)
		}
	}
}

// testExists checks that pkg.TestName is a test function of the package
// (the directory pkg under the module root), and that a case of the
// letting catalogue (letting.TestCatalogue/ID) is in it.
func testExists(name string) error {
	pkg, rest, ok := strings.Cut(name, ".")
	if !ok {
		return fmt.Errorf("expected pkg.TestName")
	}
	fn, sub, _ := strings.Cut(rest, "/")
	files, _ := filepath.Glob(filepath.Join("..", filepath.FromSlash(pkg), "*_test.go"))
	found := false
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), "func "+fn+"(") {
			found = true
		}
	}
	if !found {
		return fmt.Errorf("no func %s in %s", fn, pkg)
	}
	if pkg == "letting" && fn == "TestCatalogue" {
		b, err := os.ReadFile("../letting/testdata/catalogue.yaml")
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), "- id: "+sub+"\n") {
			return fmt.Errorf("no case %s in letting/testdata/catalogue.yaml", sub)
		}
	}
	return nil
}

// TestDocsNodeNames pins the node names of a small file against a reading
// by hand, so that the walk above cannot silently name nothing.
func TestDocsNodeNames(t *testing.T) {
	var doc yaml.Node
	src := "id: v1\nlegal_ref: x\nrules:\n  - id: A\n    legal_ref: a\n    tests:\n      - {id: A-1, legal_ref: a1}\n    area: {legal_ref: b}\n    reasons:\n      - {code: r, legal_ref: c}\nlabel: {da: x, en: y}\n"
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	walkNodes(doc.Content[0], "", true, func(p string) { got = append(got, p) })
	if want := []string{".", "A", "A/A-1", "A/area", "A/r"}; !slices.Equal(got, want) {
		t.Fatalf("nodes %v, want %v", got, want)
	}
}

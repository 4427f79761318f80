package msg_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// TestCatalogueComplete: both languages define the same ids, with the same
// plural forms, and no text is empty.
func TestCatalogueComplete(t *testing.T) {
	da, en := msg.IDs(blandby.Danish), msg.IDs(blandby.English)
	if len(da) == 0 {
		t.Fatal("the catalogue is empty")
	}
	for _, id := range da {
		if !slices.Contains(en, id) {
			t.Errorf("%s: no English text", id)
		}
	}
	for _, id := range en {
		if !slices.Contains(da, id) {
			t.Errorf("%s: no Danish text", id)
		}
	}
	for _, l := range msg.Langs {
		for _, id := range msg.IDs(l) {
			for _, s := range msg.Forms(l, id) {
				if s == "" {
					t.Errorf("%s: empty %s text", id, l)
				}
			}
		}
	}
}

// verbRe matches a printf verb, with its flags, width, precision and
// argument index; %% is no verb, nor is a % before a letter that is no
// verb ("30 % ikke-vestlige").
var verbRe = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*(\d+|\*)?(\.(\d+|\*))?[vTtbcdoOqxXUeEfFgGsp%]`)

func verbs(s string) []string {
	var out []string
	for _, v := range verbRe.FindAllString(s, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// verbArgs is how many args a text's verbs take: the count of verbs, or the
// highest explicit index.
func verbArgs(s string) int {
	n, next := 0, 0
	for _, v := range verbs(s) {
		if m := argIndex.FindStringSubmatch(v); m != nil {
			next, _ = strconv.Atoi(m[1])
		} else {
			next++
		}
		n = max(n, next)
	}
	return n
}

var argIndex = regexp.MustCompile(`^%\[(\d+)\]`)

// TestVerbsAgree: the Danish and English texts of a message take the same
// printf arguments: the same verbs in the same order, in every plural form.
func TestVerbsAgree(t *testing.T) {
	for _, id := range msg.IDs(blandby.Danish) {
		daForms := msg.Forms(blandby.Danish, id)
		want := verbs(daForms[len(daForms)-1])
		for _, l := range msg.Langs {
			for _, s := range msg.Forms(l, id) {
				if got := verbs(s); !slices.Equal(got, want) {
					t.Errorf("%s: %s text %q has verbs %v, the Danish text has %v", id, l, s, got, want)
				}
			}
		}
	}
}

// templateCall matches a template's {{t LANG "id" ...}} or
// {{n LANG "id" count ...}}, also inside parentheses.
var templateCall = regexp.MustCompile(`(?:\{\{-?|\()\s*[tn]\s+\S+\s+("(?:[^"\\]|\\.)*")(?:\s+[^"\s]|\s*-?\}\}|\))`)

// idArg is the position of the id among the arguments of each function of
// msg that takes one.
var idArg = map[string]int{"T": 1, "N": 1, "Text": 0}

// TestIDsUsed walks the repository's Go files (not tests) and templates:
// every id given as a literal to msg.T, msg.N, msg.Text or the templates'
// t is in the catalogue, and every id of the catalogue is used somewhere.
func TestIDsUsed(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, id := range msg.IDs(blandby.Danish) {
		known[id] = true
	}
	used := map[string]bool{}
	var templates int
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if rel != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || rel == filepath.Join("web", "static")) {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					sel, ok := n.Fun.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "msg" {
						return true
					}
					i, ok := idArg[sel.Sel.Name]
					if !ok || len(n.Args) <= i {
						return true
					}
					id, ok := stringLit(n.Args[i])
					if !ok {
						return true
					}
					if !known[id] {
						t.Errorf("%s: message %q is not in the catalogue", fset.Position(n.Pos()), id)
						return true
					}
					// The args given must fill the text's verbs; a call
					// without args returns the text as it is (a format for
					// later, or a text with a literal %).
					args := len(n.Args) - i - 1
					if sel.Sel.Name == "N" {
						args-- // the count
						if args == 0 {
							args = 1 // N formats with the count alone
						}
					}
					if args > 0 && !n.Ellipsis.IsValid() {
						forms := msg.Forms(blandby.Danish, id)
						if want := verbArgs(forms[len(forms)-1]); args != want {
							t.Errorf("%s: message %q takes %d args, given %d", fset.Position(n.Pos()), id, want, args)
						}
					}
				case *ast.BasicLit:
					// An id may also be kept in a table, as a literal.
					if id, ok := stringLit(n); ok && known[id] {
						used[id] = true
					}
				}
				return true
			})
		case strings.HasSuffix(path, ".html") && (strings.HasPrefix(rel, filepath.Join("web", "templates")) || strings.HasPrefix(rel, filepath.Join("report", "templates"))):
			templates++
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range templateCall.FindAllSubmatch(src, -1) {
				id, err := strconv.Unquote(string(m[1]))
				if err != nil {
					t.Errorf("%s: %s: %v", rel, m[1], err)
					continue
				}
				if !known[id] {
					t.Errorf("%s: message %q is not in the catalogue", rel, id)
				}
				used[id] = true
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if templates == 0 {
		t.Fatal("found no templates; is the walk at the repository's root?")
	}
	for _, id := range msg.IDs(blandby.Danish) {
		if !used[id] {
			t.Errorf("message %q is used nowhere", id)
		}
	}
}

func stringLit(e ast.Expr) (string, bool) {
	b, ok := e.(*ast.BasicLit)
	if !ok || b.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(b.Value)
	return s, err == nil
}

// TestMissingPanics: an unknown id is a programming error that a test run
// cannot miss.
func TestMissingPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("T of an unknown id did not panic under go test")
		}
	}()
	msg.T(blandby.Danish, "no.such.message")
}

// TestFormat: args are applied when given; a text without args stays as
// it is; plural forms follow each language's rules; Text carries both.
func TestFormat(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{msg.T(blandby.Danish, "common.yes"), "ja"},
		{msg.T(blandby.English, "common.yes"), "yes"},
		{msg.T("", "common.yes"), "ja"},
		{msg.T(blandby.Danish, "cli.monitor.above_30_on_western"), "over 30 % ikke-vestlige"},
		{msg.T(blandby.English, "explain.rules.on_list", "udsat"), "on the udsat list"},
		{msg.N(blandby.Danish, "rental.status.areas", 1), "1 udsat boligområde eller forebyggelsesområde"},
		{msg.N(blandby.Danish, "rental.status.areas", 2), "2 udsatte boligområder eller forebyggelsesområder"},
		{msg.N(blandby.English, "rental.status.areas", 0), "0 udsat or forebyggelse areas"},
		{msg.N(blandby.English, "explain.format.persons", -1, "-1"), "-1 person"},
		{msg.N(blandby.Danish, "explain.format.persons", 1200, "1.200"), "1.200 personer"},
		{msg.Text("letting.priority", 2).EN, "Priority group 2:"},
		{msg.Text("letting.priority", 2).DA, "Fortrinsgruppe 2:"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// oldPair matches a template call in the old form {{t $l "dansk" "English"}}.
var oldPair = regexp.MustCompile(`\{\{-?\s*t\s+\S+\s+"(?:[^"\\]|\\.)*"\s+"`)

// TestNoPairsInTemplates: the templates name messages by id; a second
// string after the id would be the old English text, not an argument.
func TestNoPairsInTemplates(t *testing.T) {
	for _, glob := range []string{"../web/templates/*.html", "../report/templates/*.html"} {
		files, err := filepath.Glob(glob)
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v (%d files)", glob, err, len(files))
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range oldPair.FindAll(src, -1) {
				t.Errorf("%s: %s…: a Danish/English pair, not a message id", f, m)
			}
		}
	}
}

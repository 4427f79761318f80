package web

import (
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/geo"
	"github.com/blandby/blandby/internal/langscan"
)

// templateSymbols are the literal words a template may hold outside its
// actions: names and units that are the same in every language (numbers
// and punctuation such as "·", "→", "–", "×", "%" are allowed anyway).
var templateSymbols = []string{"blandby", "API", "JSON", "SHA-256", "UTC", "m²"}

var (
	templateAction = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	scriptOrStyle  = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	tag            = regexp.MustCompile(`(?s)<[^>]*>`)
	comment        = regexp.MustCompile(`(?s)<!--.*?-->`)
	// userName is where the layout prints the signed-in user's name,
	// which is data in no language.
	userName = regexp.MustCompile(`<span class="user">[^<]*</span>`)
	// deniedAs is the refusal's line that names who is signed in.
	deniedAs = regexp.MustCompile(`<dd id="denied-as">[^<]*</dd>`)
	// visibleAttr is an attribute a reader sees or hears.
	visibleAttr = regexp.MustCompile(`\b(?:title|alt|aria-label|placeholder)="([^"]*)"`)
)

// templateLiterals returns the literal texts of a template a reader would
// see: the text between its tags and actions, and its visible attributes'
// literal values.
func templateLiterals(src string) []string {
	src = comment.ReplaceAllString(src, " ")
	src = scriptOrStyle.ReplaceAllString(src, " ")
	src = templateAction.ReplaceAllString(src, " ")
	var out []string
	for _, m := range visibleAttr.FindAllStringSubmatch(src, -1) {
		out = append(out, m[1])
	}
	src = tag.ReplaceAllString(src, "\n")
	out = append(out, strings.Split(src, "\n")...)
	return out
}

// literalAllowed reports whether a literal text is made of names and
// symbols only (and numbers).
func literalAllowed(s string) bool {
	for _, f := range strings.Fields(html.UnescapeString(s)) {
		if !slices.Contains(templateSymbols, f) && strings.Trim(f, "0123456789.,:;·()%–-×…#?✓✗|/→▲▼⚠") != "" {
			return false
		}
	}
	return true
}

// TestTemplatesHaveNoLiteralText: every text a template shows comes from
// the catalogue (in the page's language); a literal text outside the
// template's actions and tags is a name or a symbol.
func TestTemplatesHaveNoLiteralText(t *testing.T) {
	names, err := fs.Glob(files, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "templates/")
		t.Run(base, func(t *testing.T) {
			src, err := fs.ReadFile(files, name)
			if err != nil {
				t.Fatal(err)
			}
			var found []string
			for _, lit := range templateLiterals(string(src)) {
				if lit = strings.TrimSpace(lit); lit != "" && !literalAllowed(lit) {
					found = append(found, lit)
				}
			}
			if len(found) == 0 {
				return
			}
			t.Errorf("literal text outside the catalogue: %q", found)
		})
	}
}

// visibleText returns the text of a page a reader sees or hears: the text
// between its tags, and its visible attributes, entities decoded.
func visibleText(page string) string {
	page = comment.ReplaceAllString(page, " ")
	page = userName.ReplaceAllString(page, " ")
	page = scriptOrStyle.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range visibleAttr.FindAllStringSubmatch(page, -1) {
		b.WriteString(m[1] + "\n")
	}
	b.WriteString(tag.ReplaceAllString(page, "\n"))
	return html.UnescapeString(b.String())
}

// contexts returns each word with the line of text it is first found in,
// so that a reader of the test's output sees where it is.
func contexts(text string, words []string) []string {
	var out []string
	for _, w := range words {
		re := regexp.MustCompile(`(?i)(^|[^\p{L}])` + regexp.QuoteMeta(w) + `($|[^\p{L}])`)
		for _, line := range strings.Split(text, "\n") {
			if re.MatchString(line) {
				out = append(out, fmt.Sprintf("%s in %q", w, strings.Join(strings.Fields(line), " ")))
				break
			}
		}
	}
	return out
}

// ruleSetLegalRefs returns every legal reference of the rule sets in
// law/rules (their legal_ref fields) as written.
func ruleSetLegalRefs(t *testing.T) []string {
	t.Helper()
	field := regexp.MustCompile(`legal_ref:\s*"([^"]+)"`)
	var refs []string
	rules := os.DirFS(filepath.Join("..", "law", "rules"))
	err := fs.WalkDir(rules, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		src, err := fs.ReadFile(rules, path)
		if err != nil {
			return err
		}
		for _, m := range field.FindAllStringSubmatch(string(src), -1) {
			refs = append(refs, m[1])
		}
		return nil
	})
	if err != nil || len(refs) == 0 {
		t.Fatalf("reading the rule sets' legal references: %d found, %v", len(refs), err)
	}
	return refs
}

// scanPage is a page the language scan renders: its path, the role it is
// signed in as ("" for none), and why its scan is skipped ("" when it is
// not).
type scanPage struct {
	path, role, skip string
}

// TestPagesInOneLanguage renders every public page, and each signed-in
// page, in Danish and in English: no English word on a Danish page and no
// Danish word on an English one, but for legal terms and data (area and
// municipality names, the names of the lists).
func TestPagesInOneLanguage(t *testing.T) {
	f := testFixture(t)
	var listed listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &listed)
	area := listed.Areas[0].AreaID
	var data []string
	var all listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d", lastYear), &all)
	for _, a := range all.Areas {
		data = append(data, a.Name, a.AreaID)
	}
	for _, m := range dk.Municipalities {
		data = append(data, auth.MunicipalityName(m.Code, blandby.English), m.Name)
	}
	// Quoted as written, in Danish on pages of both languages: the data
	// licence's credit under a map, and the rule sets' legal references
	// (legal terms stay Danish).
	data = append(data, geo.Attribution)
	data = append(data, ruleSetLegalRefs(t)...)
	pages := []scanPage{
		{"/", "", ""},
		{fmt.Sprintf("/lister/%d", lastYear), "", ""},
		{"/omraader/" + area, "", ""},
		{"/regler", "", ""},
		{"/hvad-hvis", "", ""},
		{fmt.Sprintf("/hvad-hvis?year=%d&U1=abc&run=1", lastYear), "", ""},
		{fmt.Sprintf("/hvad-hvis?year=%d&U1=30&run=1", lastYear), "", ""},
		{"/monitor", "", ""},
		{"/login", "", ""},
		{"/findes-ikke", "", ""},
		{"/omraader/intet-omraade", "", ""},
		{"/planer", "", ""},
		{"/planer", "landlord", ""},
		{"/revisionsspor", "municipality", ""},
		{"/udlejning", "housing_org", ""},
		{"/tildeling", "ministry", ""},
		{"/hvad-hvis", "municipality", ""},
		{"/planer", "municipality", ""},
		{"/planer", "housing_org", ""},
		{"/udlejning", "landlord", ""},
		{"/tildeling", "housing_org", ""},
		{"/tildeling", "municipality", ""},
		{"/offentliggoerelse", "ministry", ""},
		{"/offentliggoerelse", "municipality", ""},
		{"/revisionsspor", "admin", "the entries' details are technical records of the audit trail (data, in English)"},
	}
	for _, p := range pages {
		for _, l := range []blandby.Lang{blandby.Danish, blandby.English} {
			t.Run(fmt.Sprintf("%s as %q in %s", p.path, p.role, l), func(t *testing.T) {
				sep := "?"
				if strings.Contains(p.path, "?") {
					sep = "&"
				}
				_, body, _ := serve(f.srv, "GET", p.path+sep+"lang="+string(l), nil, func(r *http.Request) {
					if u := f.users[p.role]; u.token != "" {
						r.Header.Set("Authorization", "Bearer "+u.token)
					}
				})
				page := string(body)
				if u, ok := f.users[p.role]; ok {
					// The refusal says who is signed in by user name: data.
					page = deniedAs.ReplaceAllStringFunc(page, func(dd string) string { return strings.ReplaceAll(dd, " "+u.name+" ", " ") })
				}
				text := visibleText(page)
				found := langscan.Foreign(text, l, data...)
				if len(found) == 0 {
					return
				}
				if p.skip != "" {
					t.Skipf("not held to the rule yet (%s); words of the other language: %v", p.skip, contexts(text, found))
				}
				t.Errorf("words of the other language: %v", contexts(text, found))
			})
		}
	}
}

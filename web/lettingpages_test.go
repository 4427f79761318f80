package web

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// freshFixture is a fixture of its own over a copy of the demo database,
// for tests that save letting policies: the shared fixture's policy stays
// as the other tests expect it.
func freshFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "blandby.db")
	if err := demotest.Copy(ctx, db, demo.Options{Scale: 0.5, FirstYear: firstYear, LastYear: lastYear, SoftwareVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(st, cat, Options{Synthetic: true, Version: "test", RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, cat: cat, srv: srv}
	if err := f.addUsers(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// signedIn returns a client signed in as the fixture's user.
func signedIn(t *testing.T, f *fixture, user string) *client {
	t.Helper()
	b := newClient(f.srv)
	if code := b.login(t, f.users[user].name, f.users[user].password); code != http.StatusSeeOther {
		t.Fatalf("login as %s: %d", user, code)
	}
	return b
}

// formCSRF returns the CSRF token of the form with the id on a page.
func formCSRF(t *testing.T, page, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `"[^>]*>\s*<input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in the form #%s", id)
	}
	return m[1]
}

// text is a page's text without tags, entities unescaped, spaces folded.
func text(page string) string {
	s := regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(page, " ")
	s = regexp.MustCompile(`</?(strong|span|a|code|em)\b[^>]*>`).ReplaceAllString(s, "")
	s = regexp.MustCompile(`<[^>]*>`).ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(html.UnescapeString(s)), " ")
}

// TestLettingPagesWhoMaySee: a municipality sees its own letting policy
// and no other municipality's; a housing organisation sees the policy of
// the municipalities of its departments but cannot change it; a landlord,
// an admin and the ministry are told in words why the letting pages are
// not theirs; nobody signed in is asked to sign in.
func TestLettingPagesWhoMaySee(t *testing.T) {
	f := testFixture(t)
	get := func(user, path string) (int, string) {
		t.Helper()
		code, body, _ := f.doAs(t, f.users[user], "GET", path, nil)
		return code, text(string(body))
	}
	for _, tt := range []struct {
		user, path string
		code       int
		says       string
	}{
		{"municipality", "/tildeling/politik", 200, "Tildelingspolitik: København"},
		{"municipality", "/tildeling/politik/101", 200, "Tildelingspolitik: København"},
		{"municipality", "/tildeling/politik/851", 403, "Som kommune kan du kun se og ændre din egen tildelingspolitik (København), ikke tildelingspolitikken for Aalborg."},
		{"municipality-other", "/tildeling/politik/101", 403, "ikke tildelingspolitikken for København"},
		{"municipality-other", "/tildeling/politik", 200, "Aalborg har ikke gemt nogen tildelingspolitik endnu"},
		{"housing_org", "/tildeling/politik", 200, "Tildelingspolitik: København"},
		{"housing_org", "/tildeling/politik/101", 200, "Tildelingspolitik: København"},
		{"housing_org-other", "/tildeling/politik/101", 403, "Som boligorganisation kan du se tildelingspolitikken i de kommuner, hvor du har afdelinger"},
		{"housing_org-other", "/tildeling/politik", 200, "Du har ingen afdelinger i nogen kommune"},
		{"landlord", "/tildeling/politik", 403, "Som udlejer (CVR 12345678) har du ikke adgang til boligtildeling i almene boliger"},
		{"landlord", "/tildeling/politik/101", 403, "Som udlejer (CVR 12345678)"},
		{"landlord", "/tildeling/venteliste", 403, "tildelingspolitikken, ventelisterne og beslutningsloggen hører til kommunen og boligorganisationerne"},
		{"landlord", "/tildeling/beslutninger", 403, "Som udlejer (CVR 12345678)"},
		{"landlord", "/tildeling/politik?lang=en", 403, "As a landlord (CVR 12345678) you have no access to the letting of public housing"},
		{"admin", "/tildeling/politik/101", 403, "administratorer og ministeriet handler ikke på deres vegne"},
		{"ministry", "/tildeling/beslutninger", 403, "administratorer og ministeriet handler ikke på deres vegne"},
		{"", "/tildeling/politik/101", 401, "Log ind"},
	} {
		code, page := get(tt.user, tt.path)
		if code != tt.code || !strings.Contains(page, tt.says) {
			t.Errorf("%s GET %s: %d, want %d saying %q; the page says %.600q", tt.user, tt.path, code, tt.code, tt.says, page)
		}
	}
	// The housing organisation reads the policy but gets no form to
	// change it; the municipality gets one.
	if _, body, _ := f.doAs(t, f.users["housing_org"], "GET", "/tildeling/politik/101", nil); strings.Contains(string(body), `id="policy-form"`) {
		t.Error("the housing organisation is offered the form to change the municipality's policy")
	}
	if _, body, _ := f.doAs(t, f.users["municipality"], "GET", "/tildeling/politik/101", nil); !strings.Contains(string(body), `id="policy-form"`) {
		t.Error("the municipality is not offered the form to change its policy")
	}
}

// policyPostForm is a valid form of a policy: two priority groups, a
// § 51 b decision, an option and the listed share.
func policyPostForm(csrf, prev string) url.Values {
	return url.Values{"csrf": {csrf}, "prev": {prev}, "criterion_rows": {"3"}, "combined_rows": {"1"},
		"valid_from": {"2024-01-01"},
		"c0_id":      {"arbejde"}, "c0_label_da": {"i arbejde"}, "c0_label_en": {"in work"}, "c0_status": {"employed", "self_employed"},
		"c1_id": {"uddannelse"}, "c1_label_da": {"under uddannelse"}, "c1_label_en": {"in education"}, "c1_status": {"in_education"},
		"b0_departments": {"D1, D2"}, "b0_residents": {"5.200"}, "b0_pct": {"41,5"}, "b0_decided_on": {"2023-06-01"},
		"option": {"combined_insurance"}, "share_listed": {"1200"}, "share_total": {"10000"}}
}

// TestLettingPolicyEdit: the municipality edits its policy in the form:
// errors are shown beside their fields with the values typed kept and
// nothing saved; a valid form is saved as a new version, confirmed
// ("Gemt"), described in words, in the history with who and what
// changed, and the old version stays readable; a form of a version no
// longer the latest saves nothing. Another municipality cannot save it.
func TestLettingPolicyEdit(t *testing.T) {
	f := freshFixture(t)
	ctx := context.Background()
	before, err := f.st.LettingPolicies(ctx, 101)
	if err != nil || len(before) == 0 {
		t.Fatalf("the demo's policy of 101: %v, %v", before, err)
	}
	b := signedIn(t, f, "municipality")
	code, page, _ := b.do("GET", "/tildeling/politik/101", nil)
	if code != 200 {
		t.Fatalf("GET: %d", code)
	}
	csrf := formCSRF(t, page, "policy-form")

	bad := policyPostForm(csrf, "1")
	bad.Set("valid_from", "1. januar")
	bad.Set("c1_label_en", "")
	bad.Set("b0_pct", "141")
	code, page, _ = b.do("POST", "/tildeling/politik/101", bad)
	if code != http.StatusBadRequest {
		t.Fatalf("bad form: %d", code)
	}
	for field, says := range map[string]string{
		"valid_from":  `"1. januar" er ikke en dato (ÅÅÅÅ-MM-DD)`,
		"c1_label_en": "Skriv gruppens navn på engelsk",
		"b0_pct":      `"141" er ikke en procentdel fra 0 til 100 (fx 41,5)`,
	} {
		input := regexp.MustCompile(`<input [^>]*id="f-` + field + `"[^>]*>`).FindString(page)
		if !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, `aria-describedby="f-`+field+`-error"`) {
			t.Errorf("%s: the field is not marked invalid and described by its error: %s", field, input)
		}
		if e := text(htmltest.Between(t, page, `<p class="field-error" id="f-`+field+`-error">`, `</p>`)); e != says {
			t.Errorf("%s: error %q beside the field, want %q", field, e, says)
		}
	}
	if !strings.Contains(page, `value="1. januar"`) || !strings.Contains(page, `value="D1, D2"`) {
		t.Error("the form does not keep the values typed")
	}
	if vs, _ := f.st.LettingPolicies(ctx, 101); len(vs) != len(before) {
		t.Fatalf("a form with errors saved a version: %d versions, were %d", len(vs), len(before))
	}

	code, _, h := b.do("POST", "/tildeling/politik/101", policyPostForm(csrf, "1"))
	if code != http.StatusSeeOther {
		t.Fatalf("save: %d", code)
	}
	vs, err := f.st.LettingPolicies(ctx, 101)
	if err != nil || len(vs) != len(before)+1 {
		t.Fatalf("after saving: %d versions, %v; want %d", len(vs), err, len(before)+1)
	}
	saved := vs[len(vs)-1]
	if saved.Author != f.users["municipality"].name || len(saved.Policy.Criteria) != 2 || saved.Policy.CombinedLetting[0].Residents != 5200 ||
		saved.Policy.ListedFamilyShare == nil || saved.Policy.ListedFamilyShare.Listed != 1200 {
		t.Errorf("saved %+v", saved)
	}
	code, page, _ = b.do("GET", h.Get("Location"), nil)
	words := text(page)
	for _, says := range []string{
		"Gemt: tildelingspolitikken er nu version 2.",
		"Gældende politik (version 2)",
		"Gælder for afgørelser fra 2024-01-01.",
		"i arbejde: ansøgeren eller ægtefællen/samleveren er i arbejde eller selvstændig",
		"under uddannelse: ansøgeren eller ægtefællen/samleveren er under uddannelse",
		"Afdelingerne D1, D2: 5.200 beboere, heraf 41,5 % af de 18-64-årige uden for arbejdsmarkedet; besluttet 2023-06-01",
		"Kombineret udlejning omfatter også boligsøgende, der har i 6 sammenhængende kalendermåneder modtaget arbejdsløshedsdagpenge",
		"1.200 af 10.000 almene familieboliger (12 %)",
	} {
		if code != 200 || !strings.Contains(words, says) {
			t.Errorf("after saving the page does not say %q: %.2000q", says, words)
		}
	}
	history := text(htmltest.Between(t, page, `<table class="data" id="policy-history">`, `</table>`))
	for _, says := range []string{"Version 2", f.users["municipality"].name, "gælder nu fra 2024-01-01 (før fra 2018-12-01)",
		"tilvalgt: har i 6 sammenhængende", "§ 51 b-beslutning tilføjet for afdelingerne D1, D2", "Version 1 ", "første version"} {
		if !strings.Contains(history, says) {
			t.Errorf("the history does not say %q: %q", says, history)
		}
	}
	if strings.Contains(words, "combined_insurance") || strings.Contains(words, "self_employed") {
		t.Error("the page shows codes, not words")
	}
	code, page, _ = b.do("GET", "/tildeling/politik/101?version=1", nil)
	if words := text(page); code != 200 || !strings.Contains(words, "Tidligere version 1") || !strings.Contains(words, "ansøger eller ægtefælle/samlever er i arbejde") {
		t.Errorf("version 1: %d %.600q", code, words)
	}

	// The form of version 1, sent after version 2 was saved, saves nothing.
	code, page, _ = b.do("POST", "/tildeling/politik/101", policyPostForm(csrf, "1"))
	if code != http.StatusConflict || !strings.Contains(text(page), "version 2 er nu den seneste") {
		t.Errorf("stale form: %d %.400q", code, text(page))
	}
	// Another municipality may not save 101's policy, even with a valid form.
	other := signedIn(t, f, "municipality-other")
	_, page, _ = other.do("GET", "/tildeling/politik", nil)
	code, page, _ = other.do("POST", "/tildeling/politik/101", policyPostForm(formCSRF(t, page, "policy-form"), "2"))
	if code != http.StatusForbidden || !strings.Contains(text(page), "ikke tildelingspolitikken for København") {
		t.Errorf("another municipality saving 101's policy: %d %.400q", code, text(page))
	}
	if vs, _ := f.st.LettingPolicies(ctx, 101); len(vs) != len(before)+1 {
		t.Errorf("%d versions after the refused saves, want %d", len(vs), len(before)+1)
	}
	// The save and the refusal are in the audit trail.
	entries, err := f.st.AuditLog(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	var savedAudit, refused bool
	for _, e := range entries {
		savedAudit = savedAudit || (e.Action == "letting_policy" && e.Outcome == store.AuditOK && strings.Contains(e.Detail, "version 2"))
		refused = refused || (e.Action == "letting_policy" && e.Outcome == store.AuditDenied && e.Actor == f.users["municipality-other"].name)
	}
	if !savedAudit || !refused {
		t.Errorf("audit trail: save recorded %v, refusal recorded %v", savedAudit, refused)
	}
}

func init() {
	// postForm signs u in, reads the CSRF token of the form with the id
	// on the page at from (none when the page has no such form) and posts
	// the form to path; anonymous posts without signing in.
	postForm := func(t *testing.T, f *fixture, u testUser, from, id, path string, form url.Values) int {
		if u.name == "" {
			code, _, _ := f.doAs(t, u, "POST", path, strings.NewReader(form.Encode()))
			return code
		}
		b := newClient(f.srv)
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", u.name, code)
		}
		if _, page, _ := b.do("GET", from, nil); strings.Contains(page, `id="`+id+`"`) {
			form.Set("csrf", formCSRF(t, page, id))
		}
		code, _, _ := b.do("POST", path, form)
		return code
	}
	matrixRequests["GET /tildeling/politik/{kommunekode}"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _, _ := f.doAs(t, u, "GET", "/tildeling/politik/101", nil)
		return code
	}
	matrixRequests["POST /tildeling/politik/{kommunekode}"] = func(t *testing.T, f *fixture, u testUser) int {
		// The policy testLettingPolicy saves through the API, so that the
		// shared fixture's policy stays what the other tests expect.
		form := url.Values{"prev": {"0"}, "valid_from": {"2018-01-01"}, "c0_id": {"work"}, "c0_label_da": {"i arbejde"},
			"c0_label_en": {"in work"}, "c0_status": {"employed"}}
		if vs, err := f.st.LettingPolicies(context.Background(), 101); err == nil {
			form.Set("prev", strconv.Itoa(len(vs)))
		}
		return postForm(t, f, u, "/tildeling/politik", "policy-form", "/tildeling/politik/101", form)
	}
	matrixRequests["POST /tildeling/venteliste"] = func(t *testing.T, f *fixture, u testUser) int {
		form := url.Values{"department": {testLettingDepartment(t, f).ID}, "dwelling_type": {"family"}, "channel": {"waiting_list"},
			"date": {"2024-07-15"}, "applicants": {"M-1; 2019-01-01; 1; 40; DK; employed"}}
		return postForm(t, f, u, "/tildeling/venteliste", "ranking-form", "/tildeling/venteliste", form)
	}
	matrixRequests["GET /tildeling/beslutninger/{id}"] = func(t *testing.T, f *fixture, u testUser) int {
		code, _, _ := f.doAs(t, u, "GET", "/tildeling/beslutninger/"+loggedDecision(t, f), nil)
		return code
	}
}

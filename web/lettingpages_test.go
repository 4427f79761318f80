package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/htmltest"
	"github.com/blandby/blandby/store"
)

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
	f := privateFixture(t)
	ctx := context.Background()
	before, err := f.st.LettingPolicies(ctx, 101)
	if err != nil || len(before) == 0 {
		t.Fatalf("the demo's policy of 101: %v, %v", before, err)
	}
	b := f.signedIn(t, "municipality")
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
		"valid_from":  `"1. januar" er ikke en dato (fx 15-07-2024 eller 2024-07-15)`,
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
	// In English.
	_, page, _ = b.do("GET", "/tildeling/politik/101?lang=en", nil)
	words = text(page)
	for _, says := range []string{"Current policy (version 2)", "Applies to decisions from 2024-01-01.",
		"Departments D1, D2: 5,200 residents, of whom 41.5% of those aged 18-64 are outside the labour market; decided 2023-06-01",
		"1,200 of 10,000 public family dwellings (12%)", "opted in: has for 6 consecutive calendar months"} {
		if !strings.Contains(words, says) {
			t.Errorf("in English the page does not say %q: %.2000q", says, words)
		}
	}
	code, page, _ = b.do("GET", "/tildeling/politik/101?version=1&lang=da", nil)
	if words := text(page); code != 200 || !strings.Contains(words, "Tidligere version 1") || !strings.Contains(words, "ansøger eller ægtefælle/samlever er i arbejde") {
		t.Errorf("version 1: %d %.600q", code, words)
	}

	// The form of version 1, sent after version 2 was saved, saves nothing.
	code, page, _ = b.do("POST", "/tildeling/politik/101", policyPostForm(csrf, "1"))
	if code != http.StatusConflict || !strings.Contains(text(page), "version 2 er nu den seneste") {
		t.Errorf("stale form: %d %.400q", code, text(page))
	}
	// Another municipality may not save 101's policy, even with a valid form.
	other := f.signedIn(t, "municipality-other")
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

// rankForm is the waiting-list form for a department's vacancy.
func rankForm(csrf, dep, channel, applicants string) url.Values {
	return url.Values{"csrf": {csrf}, "department": {dep}, "dwelling_type": {"family"}, "channel": {channel},
		"date": {"2024-07-15"}, "applicants": {applicants}}
}

// TestLettingRankingPage: the waiting list pasted for a flexible letting
// is ranked by the municipality's priority groups (the demo's: in work,
// then in education), then by seniority, each applicant with the outcome
// and reasons in words, and every decision is logged; a bad line is shown
// beside the list, naming the line and the field, and nothing is logged.
func TestLettingRankingPage(t *testing.T) {
	f := privateFixture(t)
	ctx := context.Background()
	dep := testLettingDepartment(t, f)
	b := f.signedIn(t, "municipality")
	_, page, _ := b.do("GET", "/tildeling/venteliste", nil)
	csrf := formCSRF(t, page, "ranking-form")
	logged, err := f.st.CountLettingDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list := "A; 2015-01-01; 1; 40; DK; ledig\n" +
		"B; 01-01-2019; 2; 30; DK; i arbejde\n" +
		"C\t2018-01-01\t3\t25\tDK\tunder uddannelse\n" +
		"D; 2016-01-01; 4; 50; DK; uden for arbejdsmarkedet; kontanthjaelp; 2023-01-01; ; 48; DK; pensionist"
	code, page, _ := b.do("POST", "/tildeling/venteliste", rankForm(csrf, dep.ID, "flexible_letting", list))
	if code != 200 {
		t.Fatalf("ranking: %d %.600q", code, text(page))
	}
	rows := regexp.MustCompile(`(?s)<tr>\s*<td class="num">(.*?)</td>\s*<th scope="row">(.*?)</th>(.*?)</tr>`).FindAllStringSubmatch(
		htmltest.Between(t, page, `<table class="data" id="ranking-table">`, `</table>`), -1)
	want := []struct{ place, ref, says string }{
		{"1", "B", "tilladt fortrinsgruppe 1 (ansøger eller ægtefælle/samlever er i arbejde)"},
		{"2", "C", "tilladt fortrinsgruppe 2 (ansøger eller ægtefælle/samlever er under uddannelse)"},
		{"3", "A", "intet fortrin: Husstanden opfylder ingen af kommunens kriterier for fleksibel udlejning"},
		{"4", "D", "intet fortrin"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %.2000q", len(rows), len(want), text(page))
	}
	for i, w := range want {
		if got := text(rows[i][3]); rows[i][1] != w.place || rows[i][2] != w.ref || !strings.Contains(got, w.says) {
			t.Errorf("row %d: place %s, %s, %q; want place %s, %s saying %q", i+1, rows[i][1], rows[i][2], got, w.place, w.ref, w.says)
		}
	}
	if s := text(htmltest.Between(t, page, `<p id="ranking-counts">`, `</p>`)); s != "4 ansøgere kan få boligen; 0 afvises." {
		t.Errorf("counts %q", s)
	}
	if n, _ := f.st.CountLettingDecisions(ctx); n != logged+4 {
		t.Errorf("%d decisions logged, want %d", n, logged+4)
	}
	// English, and one applicant.
	_, page, _ = b.do("POST", "/tildeling/venteliste?lang=en", rankForm(csrf, dep.ID, "waiting_list", "Z; 2015-01-01; 1; 40; DK; employed"))
	if s := text(htmltest.Between(t, page, `<p id="ranking-counts">`, `</p>`)); s != "1 applicant may have the dwelling; 0 are refused." {
		t.Errorf("English counts %q", s)
	}

	bad := "A; 2015-01-01; 1; 40; DK; ledig\nB; 1. januar 2019; 2; 30; DK; astronaut"
	code, page, _ = b.do("POST", "/tildeling/venteliste?lang=da", rankForm(csrf, dep.ID, "flexible_letting", bad))
	if code != http.StatusBadRequest {
		t.Fatalf("bad list: %d", code)
	}
	textarea := regexp.MustCompile(`<textarea [^>]*id="f-applicants"[^>]*>`).FindString(page)
	if !strings.Contains(textarea, `aria-invalid="true"`) || !strings.Contains(textarea, "f-applicants-error") {
		t.Errorf("the list is not marked invalid and described by its error: %s", textarea)
	}
	e := text(htmltest.Between(t, page, `<p class="field-error" id="f-applicants-error">`, `</p>`))
	for _, says := range []string{`Linje 2, felt 2 (på ventelisten siden): "1. januar 2019" er ikke en dato (fx 15-07-2024 eller 2024-07-15).`,
		`Linje 2, felt 6 (beskæftigelse): ukendt beskæftigelse "astronaut".`} {
		if !strings.Contains(e, says) {
			t.Errorf("the error beside the list %q does not say %q", e, says)
		}
	}
	if !strings.Contains(page, "astronaut</textarea>") {
		t.Error("the list typed is not kept")
	}
	if n, _ := f.st.CountLettingDecisions(ctx); n != logged+5 {
		t.Errorf("%d decisions logged after the bad list, want %d", n, logged+5)
	}
}

// TestLettingDecisionLogPage: the decision log shows a municipality's and
// a housing organisation's own decisions, newest first, a page at a time,
// every decision once; another municipality sees none of them; a decision
// found by its id opens with its reasons in words, and another's decision
// is refused with the reason.
func TestLettingDecisionLogPage(t *testing.T) {
	f := privateFixture(t)
	dep := testLettingDepartment(t, f)
	b := f.signedIn(t, "municipality")
	_, page, _ := b.do("GET", "/tildeling/venteliste", nil)
	var list []string
	for i := range 30 {
		list = append(list, fmt.Sprintf("R-%02d; 2015-01-%02d; %d; 40; DK; employed", i, i+1, i))
	}
	if code, page, _ := b.do("POST", "/tildeling/venteliste", rankForm(formCSRF(t, page, "ranking-form"), dep.ID, "waiting_list", strings.Join(list, "\n"))); code != 200 {
		t.Fatalf("ranking: %d %.400q", code, text(page))
	}
	ids := regexp.MustCompile(`<a href="/tildeling/beslutninger/([0-9A-Z]{26})">`)
	var seen []string
	next := "/tildeling/beslutninger"
	for pages := 0; next != ""; pages++ {
		if pages > 3 {
			t.Fatal("more pages than 31 decisions need")
		}
		code, page, _ := b.do("GET", next, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d", next, code)
		}
		table := htmltest.Between(t, page, `<table class="data" id="log-table">`, `</table>`)
		var onPage []string
		for _, m := range ids.FindAllStringSubmatch(table, -1) {
			onPage = append(onPage, m[1])
		}
		if len(onPage) > 25 || !slices.IsSortedFunc(onPage, func(a, b string) int { return strings.Compare(b, a) }) {
			t.Errorf("page %d: %d decisions, newest first %v", pages+1, len(onPage), slices.IsSortedFunc(onPage, func(a, b string) int { return strings.Compare(b, a) }))
		}
		seen = append(seen, onPage...)
		next = ""
		if m := regexp.MustCompile(`<a href="(/tildeling/beslutninger\?foer=[0-9A-Z]{26})" id="log-older"`).FindStringSubmatch(page); m != nil {
			next = m[1]
		}
	}
	// 30 ranked now and the demo's decision (of demo-boligselskab's
	// department): each once, newest first.
	if len(seen) != 31 || !slices.Contains(seen, demo.LettingDecisionID) {
		t.Fatalf("the log shows %d decisions (the demo's among them: %v), want 31", len(seen), slices.Contains(seen, demo.LettingDecisionID))
	}
	if !slices.IsSortedFunc(seen, func(a, b string) int { return strings.Compare(b, a) }) || len(slices.Compact(slices.Clone(seen))) != 31 {
		t.Error("the pages are not newest first, each decision once")
	}
	org := f.signedIn(t, "housing_org")
	if _, page, _ := org.do("GET", "/tildeling/beslutninger", nil); !strings.Contains(page, seen[0]) ||
		!strings.Contains(text(page), "for boligorganisationen demo-boligselskab") {
		t.Error("the housing organisation does not see its decisions")
	}
	other := f.signedIn(t, "municipality-other")
	if _, page, _ := other.do("GET", "/tildeling/beslutninger", nil); strings.Contains(page, demo.LettingDecisionID) ||
		!strings.Contains(text(page), "Der er ingen beslutninger i loggen endnu.") {
		t.Error("another municipality sees 101's decisions")
	}

	// Found by its id.
	code, _, h := b.do("GET", "/tildeling/beslutninger?id=+"+seen[0]+"+", nil)
	if code != http.StatusSeeOther || h.Get("Location") != "/tildeling/beslutninger/"+seen[0] {
		t.Fatalf("search by id: %d to %q", code, h.Get("Location"))
	}
	code, page, _ = b.do("GET", h.Get("Location"), nil)
	words := text(page)
	for _, says := range []string{"Afgørelse: tilladt", "Begrundelse", "Området er ikke på nogen liste i kraft på beslutningsdatoen.", seen[0], "venteliste", "2024-07-15"} {
		if code != 200 || !strings.Contains(words, says) {
			t.Errorf("the decision's page does not say %q: %d %.1200q", says, code, words)
		}
	}
	code, page, _ = b.do("GET", "/tildeling/beslutninger?id=4711", nil)
	input := regexp.MustCompile(`<input id="f-id"[^>]*>`).FindString(page)
	if code != http.StatusBadRequest || !strings.Contains(input, `aria-invalid="true"`) || !strings.Contains(input, `value="4711"`) ||
		text(htmltest.Between(t, page, `<p class="field-error" id="f-id-error">`, `</p>`)) != `"4711" er ikke et beslutnings-id (26 tegn, fx 01J2Y7K0M0AB2C3D4E5F6G7H8J)` {
		t.Errorf("a bad id: %d, %s, %.300q", code, input, text(page))
	}
	if code, page, _ := other.do("GET", "/tildeling/beslutninger/"+seen[0], nil); code != http.StatusForbidden ||
		!strings.Contains(text(page), "hører ikke til din kommune eller boligorganisation") {
		t.Errorf("another municipality opening 101's decision: %d %.300q", code, text(page))
	}
	if code, page, _ := b.do("GET", "/tildeling/beslutninger/01J2Y7K0M0AB2C3D4E5F6G7H8J", nil); code != http.StatusNotFound ||
		!strings.Contains(text(page), "Der er ingen beslutning med id 01J2Y7K0M0AB2C3D4E5F6G7H8J i loggen.") {
		t.Errorf("an unknown id: %d %.300q", code, text(page))
	}
}

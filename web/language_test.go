package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/blandby/blandby"
)

// TestWhatIfErrorsTold: a bad threshold or year is told in the reader's
// language, beside the field it belongs to (aria-invalid,
// aria-describedby), the form keeping what was typed; the API answers the
// field and the text in both languages.
func TestWhatIfErrorsTold(t *testing.T) {
	f := testFixture(t)
	pages := []struct {
		query, lang string
		id          string // the field's id
		value       string // what the field keeps
		text        string // the message beside it
	}{
		{"U1=abc&run=1", "da", "th-U1", "abc", `kriterium U1: &#34;abc&#34; er ikke en procentdel fra 0 til 100 (fx 45 eller 45,5)`},
		{"U1=abc&run=1", "en", "th-U1", "abc", `criterion U1: &#34;abc&#34; is not a percentage from 0 to 100 (such as 45 or 45,5)`},
		{"U2=-1&run=1", "da", "th-U2", "-1", `kriterium U2: &#34;-1&#34; er ikke et multiplum af landsgennemsnittet på 0 eller mere (fx 3 eller 2,5)`},
		{"year=abc&run=1", "da", "whatif-year", "", `&#34;abc&#34; er ikke et årstal (fx 2022)`},
		{"year=abc&run=1", "en", "whatif-year", "", `&#34;abc&#34; is not a year (such as 2022)`},
		{"year=1999&run=1", "da", "whatif-year", "", fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", firstYear, lastYear)},
	}
	for _, p := range pages {
		t.Run(p.lang+" "+p.query, func(t *testing.T) {
			code, body, _ := f.do(t, "GET", fmt.Sprintf("/hvad-hvis?%s&lang=%s", p.query, p.lang), nil)
			page := string(body)
			if code != http.StatusBadRequest {
				t.Errorf("status %d, want 400", code)
			}
			field := regexp.MustCompile(`<(input|select) [^>]*id="` + p.id + `"[^>]*>`).FindString(page)
			errID := ""
			if m := regexp.MustCompile(`aria-describedby="([^"]+)"`).FindStringSubmatch(field); m != nil {
				errID = m[1]
			}
			if !strings.Contains(field, `aria-invalid="true"`) || errID == "" {
				t.Fatalf("field %s is not marked invalid with a description: %s", p.id, field)
			}
			if p.value != "" && !strings.Contains(field, `value="`+p.value+`"`) {
				t.Errorf("field %s does not keep %q: %s", p.id, p.value, field)
			}
			if want := `id="` + errID + `">` + p.text + `<`; !strings.Contains(page, want) {
				t.Errorf("the field's description is not %q:\n%s", p.text, regexp.MustCompile(`(?s)id="`+errID+`">[^<]*`).FindString(page))
			}
			if n := strings.Count(page, `aria-invalid="true"`); n != 1 {
				t.Errorf("%d fields marked invalid, want 1", n)
			}
		})
	}
	apis := []struct {
		body   string
		status int
		field  string
		da, en string
	}{
		{`{"year": 2022, "changes": [{"criterion": "U1", "value": "abc"}]}`, 400, "changes[0].value",
			`kriterium U1: "abc" er ikke en procentdel fra 0 til 100 (fx 45 eller 45,5)`, `criterion U1: "abc" is not a percentage from 0 to 100 (such as 45 or 45,5)`},
		{`{"year": 2022, "changes": [{"criterion": "U1", "value": "40"}, {"criterion": "X9", "value": "3"}]}`, 400, "changes[1].criterion",
			`ukendt kriterium "X9" i regelsættet 2021-11-30 (forventede et af U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`,
			`unknown criterion "X9" in rule set 2021-11-30 (expected one of U1, U2, U3, U4, P1, F0, F1, F2, F3, F4)`},
		{`{"changes": []}`, 400, "year", "angiv et listeår (fx 2022)", "year is required (such as 2022)"},
		{`{"year": 1999, "changes": []}`, 404, "year", fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", firstYear, lastYear),
			fmt.Sprintf("there is no published list of 1999; there are lists of %d–%d", firstYear, lastYear)},
	}
	for _, a := range apis {
		code, body, _ := f.do(t, "POST", "/api/v1/whatif", strings.NewReader(a.body))
		var e apiError
		if err := json.Unmarshal(body, &e); err != nil || code != a.status {
			t.Fatalf("%s: %d %s", a.body, code, body)
		}
		want := apiErrorBody{Code: string(blandby.CodeOf(errFor(a.status))), Message: a.en, Field: a.field, Text: &blandby.Text{DA: a.da, EN: a.en}}
		if e.Error.Code != want.Code || e.Error.Message != want.Message || e.Error.Field != want.Field || e.Error.Text == nil || *e.Error.Text != *want.Text {
			t.Errorf("%s:\n got %s\nwant %+v", a.body, body, want)
		}
	}
}

// errFor is an error of the code an HTTP status answers.
func errFor(status int) error {
	if status == http.StatusNotFound {
		return blandby.Errorf(blandby.CodeNotFound, "")
	}
	return blandby.Errorf(blandby.CodeInvalid, "")
}

// TestMenuPerRole: each role sees in the menu the tools it may use, and
// no other.
func TestMenuPerRole(t *testing.T) {
	f := testFixture(t)
	lists := fmt.Sprintf("/lister/%d", lastYear)
	public := []string{"/", lists, "/regler", "/hvad-hvis", "/monitor"}
	tests := []struct {
		role string
		want []string
	}{
		{"", public},
		{"admin", append(public[:5:5], "/planer", "/offentliggoerelse", "/revisionsspor")},
		{"ministry", append(public[:5:5], "/planer", "/offentliggoerelse")},
		{"municipality", append(public[:5:5], "/planer", "/udlejning", "/tildeling")},
		{"housing_org", append(public[:5:5], "/planer", "/tildeling")},
		{"landlord", append(public[:5:5], "/udlejning")},
	}
	nav := regexp.MustCompile(`(?s)<nav aria-label="[^"]*">(.*?)</nav>`)
	href := regexp.MustCompile(`href="([^"]+)"`)
	for _, tt := range tests {
		t.Run("role="+tt.role, func(t *testing.T) {
			_, body, _ := f.doAs(t, f.users[tt.role], "GET", "/regler", nil)
			m := nav.FindSubmatch(body)
			if m == nil {
				t.Fatalf("no menu:\n%s", body)
			}
			var got []string
			for _, h := range href.FindAllSubmatch(m[1], -1) {
				got = append(got, string(h[1]))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("menu %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDeniedPageInWords: a page a role may not use says, in the page's
// language, what the page is for, who may use it, who the reader is
// signed in as (role and scope in words) and what to do; no raw codes.
func TestDeniedPageInWords(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		role, path string
		status     int
		da, en     []string
	}{
		{"landlord", "/planer", 403,
			[]string{"Ingen adgang", "Udviklingsplanerne efter § 168 a", "en kommune, for sin egen kommune", "ministeriet (Bolig- og Planstyrelsen)",
				"Du er logget ind som landlord (udlejer 12345678).", "Log ind som en bruger med en af rollerne ovenfor"},
			[]string{"No access", "The development plans under § 168 a", "a municipality, for its own municipality",
				"You are signed in as landlord (landlord 12345678).", "Sign in as a user with one of the roles above"}},
		{"municipality", "/revisionsspor", 403,
			[]string{"Revisionssporet viser, hvem der har gjort hvad", "<li>administrator</li>", "Du er logget ind som municipality (Københavns Kommune)."},
			[]string{"The audit trail shows who did what", "<li>administrator</li>", "You are signed in as municipality (Københavns Kommune)."}},
		{"housing_org", "/udlejning", 403,
			[]string{"Kommunens adgang til private udlejningsboliger", "en udlejer, for sine egne ejendomme", "(boligorganisationen demo-boligselskab)"},
			[]string{"The municipality&#39;s access to private rental housing", "a landlord, for its own properties", "(housing organisation demo-boligselskab)"}},
		{"ministry", "/tildeling", 403,
			[]string{"Udlejningsregler for boligområderne", "Du er logget ind som ministry (ministeriet (Bolig- og Planstyrelsen))."},
			[]string{"Letting rules for the housing areas", "You are signed in as ministry (the ministry (Bolig- og Planstyrelsen))."}},
		{"admin", "/tildeling", 403,
			[]string{"Udlejningsregler for boligområderne", "(administrator)", "eller bed din administrator om adgang"},
			[]string{"Letting rules for the housing areas", "(administrator)", "or ask your administrator for access"}},
		{"", "/planer", 401,
			[]string{"Udviklingsplanerne efter § 168 a", "Du er ikke logget ind.", `href="/login?next=%2Fplaner%3Flang%3Dda"`},
			[]string{"The development plans under § 168 a", "You are not signed in.", `href="/login?next=%2Fplaner%3Flang%3Den"`}},
	}
	for _, tt := range tests {
		for _, l := range []struct {
			lang  string
			words []string
		}{{"da", tt.da}, {"en", tt.en}} {
			t.Run(tt.role+" "+tt.path+" "+l.lang, func(t *testing.T) {
				code, body, _ := serve(f.srv, "GET", tt.path+"?lang="+l.lang, nil, func(r *http.Request) {
					if u := f.users[tt.role]; u.token != "" {
						r.Header.Set("Authorization", "Bearer "+u.token)
					}
				})
				page := string(body)
				if code != tt.status {
					t.Errorf("status %d, want %d", code, tt.status)
				}
				for _, w := range l.words {
					if !strings.Contains(page, w) {
						t.Errorf("the page does not say %q", w)
					}
				}
				for _, raw := range []string{"may not", "read_plan", "read_audit", "rental_access", "decide_letting", "landlord:"} {
					if strings.Contains(page, raw) {
						t.Errorf("the page shows the raw %q", raw)
					}
				}
			})
		}
	}
}

// TestNotFoundInWords: a page that does not exist, or an area that does
// not, is told in words in the page's language, with a way on.
func TestNotFoundInWords(t *testing.T) {
	f := testFixture(t)
	for _, tt := range []struct {
		path, lang string
		words      []string
	}{
		{"/findes-ikke?lang=da", "da", []string{"Siden findes ikke", "Siden /findes-ikke findes ikke.", `href="/lister"`, "Find et boligområde på årets lister"}},
		{"/findes-ikke?lang=en", "en", []string{"Page not found", "There is no page /findes-ikke.", `href="/lister"`, "Find a housing area on the year&#39;s lists"}},
		{"/omraader/intet-omraade?lang=da", "da", []string{"Der er intet boligområde med id&#39;et &#34;intet-omraade&#34;.", `href="/lister"`}},
	} {
		code, body, _ := f.do(t, "GET", tt.path, nil)
		if code != http.StatusNotFound {
			t.Errorf("%s: %d", tt.path, code)
		}
		for _, w := range tt.words {
			if !strings.Contains(string(body), w) {
				t.Errorf("%s does not say %q", tt.path, w)
			}
		}
	}
}

// TestRequestErrorsTold: a bad query or path parameter is told in the
// page's language on a page, and with its field and both texts by the API.
func TestRequestErrorsTold(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		api, page string
		field     string
		da, en    string
	}{
		{"/api/v1/lists/abc", "/lister/abc", "year", `"abc" er ikke et listeår (forventede ÅÅÅÅ, fx 2022)`, `"abc" is not a list year (expected YYYY, such as 2022)`},
		{fmt.Sprintf("/api/v1/lists/%d?municipality=x", lastYear), fmt.Sprintf("/lister/%d?municipality=x", lastYear), "municipality",
			`"x" er ikke en kommunekode (fx 101)`, `municipality "x" is not a municipality code (such as 101)`},
		{"/api/v1/rules?at=yesterday", "/regler?at=yesterday", "at", `"yesterday" er ikke en dato (forventede ÅÅÅÅ-MM-DD)`, `at "yesterday" is not a date (expected YYYY-MM-DD)`},
	}
	for _, tt := range tests {
		code, body, _ := f.do(t, "GET", tt.api, nil)
		var e apiError
		if err := json.Unmarshal(body, &e); err != nil || code != 400 || e.Error.Field != tt.field || e.Error.Message != tt.en ||
			e.Error.Text == nil || *e.Error.Text != (blandby.Text{DA: tt.da, EN: tt.en}) {
			t.Errorf("%s: %d %s, want field %s and %q / %q", tt.api, code, body, tt.field, tt.da, tt.en)
		}
		for _, l := range []struct{ lang, want string }{{"da", tt.da}, {"en", tt.en}} {
			sep := "?"
			if strings.Contains(tt.page, "?") {
				sep = "&"
			}
			code, body, _ := f.do(t, "GET", tt.page+sep+"lang="+l.lang, nil)
			if want := strings.ReplaceAll(l.want, `"`, "&#34;"); code != 400 || !strings.Contains(string(body), want) {
				t.Errorf("%s in %s: %d, does not say %q", tt.page, l.lang, code, want)
			}
		}
	}
}

// TestJSONErrorsTold: a request body that is no JSON, or JSON of another
// form, is told in both languages, naming the field when one is to blame.
func TestJSONErrorsTold(t *testing.T) {
	f := testFixture(t)
	tests := []struct {
		body, field, da, en string
	}{
		{"{", "", "Indholdet er ikke gyldig JSON: det slutter, før JSON-værdien gør.", "The body is not valid JSON: it ends before its JSON value does."},
		{"{x", "", "Indholdet er ikke gyldig JSON (fejl ved byte 2; se /api/v1/openapi.json).", "The body is not valid JSON (error at byte 2; see /api/v1/openapi.json)."},
		{"", "", "Indholdet er tomt; send et JSON-objekt.", "The body is empty; send a JSON object."},
		{`{"year": 2022, "changes": [], "extra": 1}`, "extra", `Feltet "extra" kendes ikke (se /api/v1/openapi.json).`, `Unknown field "extra" (see /api/v1/openapi.json).`},
		{`{"year": "2022"}`, "year", "Feltet year har ikke den forventede type (se /api/v1/openapi.json).", "Field year does not have the expected type (see /api/v1/openapi.json)."},
		{`{"year": 2022} {}`, "", "Indholdet rummer mere end én JSON-værdi.", "The body holds more than one JSON value."},
	}
	for _, tt := range tests {
		code, body, _ := f.do(t, "POST", "/api/v1/whatif", strings.NewReader(tt.body))
		var e apiError
		if err := json.Unmarshal(body, &e); err != nil || code != 400 || e.Error.Field != tt.field || e.Error.Message != tt.en ||
			e.Error.Text == nil || *e.Error.Text != (blandby.Text{DA: tt.da, EN: tt.en}) {
			t.Errorf("%s: %d %s, want field %q and %q / %q", tt.body, code, body, tt.field, tt.da, tt.en)
		}
	}
}

// TestWhatIfNumbersDanish: the what-if page writes its thresholds the
// page's way ("≥ 3 ×", not ">= 3 ×"), and a threshold typed the Danish way
// with the same value as the law's is no change.
func TestWhatIfNumbersDanish(t *testing.T) {
	f := testFixture(t)
	_, body, _ := f.do(t, "GET", fmt.Sprintf("/hvad-hvis?year=%d&lang=da", lastYear), nil)
	if page := string(body); !strings.Contains(page, "<td>≥ 3 ×</td>") || strings.Contains(page, "&gt;=") {
		t.Errorf("the current thresholds are not written the Danish way:\n%s", regexp.MustCompile(`<td>[^<]*×</td>`).FindAllString(page, -1))
	}
	_, body, _ = f.do(t, "GET", fmt.Sprintf("/hvad-hvis?year=%d&U1=40,0&U2=3&run=1&lang=da", lastYear), nil)
	if page := string(body); !strings.Contains(page, "Ingen grænser er ændret.") || !strings.Contains(page, `id="whatif-nomoves"`) {
		t.Errorf("U1 40,0 (the law's 40) is taken as a change")
	}
}

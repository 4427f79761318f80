package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/blandby/blandby/internal/browser"
)

// apiFieldError is the error of an API answer, as a client reads it.
type apiFieldError struct {
	Error struct {
		Code, Field string
		Text        struct{ DA, EN string }
	}
}

// TestRentalAPIErrorsNameField: a bad value in a rental request is answered
// with the JSON field it is in, and told in Danish and English.
func TestRentalAPIErrorsNameField(t *testing.T) {
	f := testFixture(t)
	mun, landlord := f.users["municipality"], f.users["landlord"]
	for _, tt := range []struct {
		name   string
		u      testUser
		path   string
		body   any
		field  string
		da, en string
	}{
		{"agreement N below the rule set's least", mun, "/api/v1/rental/agreements",
			map[string]any{"id": "api-fejl-1", "municipality": 101, "property_id": "demo-udl-1", "kind": "every_nth", "n": 3, "max_share": "1/10", "from": "2022-01-01T00:00:00Z"},
			"n", "N skal være mindst 4", "N must be at least 4"},
		{"decision without a reason", mun, "/api/v1/rental/decisions",
			map[string]any{"id": "api-fejl-2", "municipality": 101, "date": "2022-12-07T00:00:00Z", "properties": []string{"demo-udl-1"}, "target_group": "venteliste_udsat_forebyggelse", "reason": "kort"},
			"reason", "hvorfor aftaler ikke er nok", "why agreements are not enough"},
		{"vacancy of a dwelling without rooms", landlord, "/api/v1/rental/properties/demo-udl-3/vacancies",
			map[string]any{"dwelling": map[string]any{"id": "api.fejl", "rooms": 0, "area_m2": 60, "rent": 7000}, "date": "2023-04-01T00:00:00Z"},
			"dwelling.rooms", "mindst 1 værelse", "at least 1 room"},
		{"rooms given as words", landlord, "/api/v1/rental/properties/demo-udl-3/vacancies",
			map[string]any{"dwelling": map[string]any{"id": "api.fejl", "rooms": "to", "area_m2": 60, "rent": 7000}, "date": "2023-04-01T00:00:00Z"},
			"dwelling.rooms", "ikke den forventede type", "does not have the expected type"},
		{"property with a landlord of no name", landlord, "/api/v1/rental/properties",
			map[string]any{"id": "api-fejl-ejendom", "landlord_cvr": "12345678", "address": "Vej 1", "municipality": 101, "dwellings": 20},
			"landlord_name", "Skriv udlejerens navn.", "Give the landlord's name."},
		{"allocation of vacancy number zero", mun, "/api/v1/rental/properties/demo-udl-1/vacancies/0/allocation",
			map[string]any{"date": "2023-04-01T00:00:00Z", "applicant_ref": "a1", "target_group": "boligsocial"},
			"seq", `"0" er ikke et nummer på en ledig bolig`, `"0" is not a vacancy number`},
		{"ledger of a municipality that is no code", mun, "GET /api/v1/rental/ledger?municipality=Kbh", nil,
			"municipality", `"Kbh" er ikke en kommunekode (fx 101)`, `"Kbh" is not a municipality code`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			method, path, ok := strings.Cut(tt.path, " ")
			if !ok {
				method, path = "POST", tt.path
			}
			code, body := f.rentalDo(t, tt.u, method, path, tt.body)
			var e apiFieldError
			if err := json.Unmarshal(body, &e); err != nil || code != http.StatusBadRequest {
				t.Fatalf("%d %s (%v), want 400 with an error", code, body, err)
			}
			if e.Error.Field != tt.field || !strings.Contains(e.Error.Text.DA, tt.da) || !strings.Contains(e.Error.Text.EN, tt.en) {
				t.Errorf("error %+v, want field %q told %q / %q", e.Error, tt.field, tt.da, tt.en)
			}
		})
	}
}

// TestRentalFormErrorsBesideField: a form of the rental page refused for a
// bad value shows the page again (400) in the reader's language with the
// form open, the error beside its field (aria-invalid, aria-describedby),
// a summary linking to the field, and what was typed kept; as the
// municipality (a decision) and as the landlord (a vacancy).
func TestRentalFormErrorsBesideField(t *testing.T) {
	f := testFixture(t)
	for _, tt := range []struct {
		lang, user, action string
		form               url.Values
		id, field, tag     string
		told               string
		kept               []string
	}{
		{"da", "municipality", "/udlejning/beslutning",
			url.Values{"id": {"beslutning-kort"}, "date": {"2022-12-07"}, "properties": {"demo-udl-1"}, "target_group": {"venteliste_udsat_forebyggelse"}, "n": {"10"}, "reason": {"kort"}},
			"decision-reason", "reason", "textarea", "Skriv, hvorfor aftaler ikke er nok (mindst 10 tegn).",
			[]string{`value="beslutning-kort"`, `>kort</textarea>`, `value="demo-udl-1" checked`, `<details id="rental-new-decision" open>`}},
		{"en", "municipality", "/udlejning/beslutning",
			url.Values{"id": {"beslutning-kort"}, "date": {"2022-12-07"}, "properties": {"demo-udl-1"}, "target_group": {"venteliste_udsat_forebyggelse"}, "n": {"10"}, "reason": {"kort"}},
			"decision-reason", "reason", "textarea", "Say why agreements are not enough (at least 10 characters).",
			[]string{`value="beslutning-kort"`, `>kort</textarea>`, `value="demo-udl-1" checked`, `<details id="rental-new-decision" open>`}},
		{"da", "landlord", "/udlejning/ledig",
			url.Values{"property": {"demo-udl-3"}, "dwelling": {"7.mf"}, "rooms": {"0"}, "area_m2": {"61"}, "rent": {"7100"}, "date": {"2023-04-01"}},
			"report-rooms", "rooms", "input", "En bolig har mindst 1 værelse, ikke 0.",
			[]string{`value="7.mf"`, `value="61"`, `value="7100"`, `value="2023-04-01"`, `value="demo-udl-3" selected`}},
		{"en", "landlord", "/udlejning/ledig",
			url.Values{"property": {"demo-udl-3"}, "dwelling": {"7.mf"}, "rooms": {"to"}, "area_m2": {"61"}, "rent": {"7100"}, "date": {"2023-04-01"}},
			"report-rooms", "rooms", "input", `Write a whole number (not "to").`,
			[]string{`value="7.mf"`, `value="to"`, `value="7100"`}},
	} {
		t.Run(tt.lang+"/"+tt.user+tt.action, func(t *testing.T) {
			u := f.users[tt.user]
			b := newClient(f.srv)
			if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
				t.Fatalf("login: %d", code)
			}
			_, page, _ := b.do("GET", "/udlejning?lang="+tt.lang, nil)
			tt.form.Set("csrf", csrf(t, page, tt.action))
			code, page, _ := b.do("POST", tt.action, tt.form)
			if code != http.StatusBadRequest {
				t.Fatalf("%d, want 400 and the page again", code)
			}
			field := `<` + tt.tag + ` id="` + tt.id + `" aria-invalid="true" aria-describedby="` + tt.id + `-error" name="` + tt.field + `"`
			beside := `<span class="field-error" id="` + tt.id + `-error">` + html.EscapeString(tt.told) + `</span>`
			summary := `<a href="#` + tt.id + `">`
			for _, want := range append([]string{field, beside, summary, `id="rental-errors"`}, tt.kept...) {
				if !strings.Contains(page, want) {
					t.Errorf("the page lacks %s", want)
				}
			}
		})
	}
}

// TestRentalFormErrorsBrowser: the municipality allocates a vacancy to a
// reference that looks like a CPR number, and the landlord offers a
// dwelling dated before the vacancy, in Danish and English: the page
// comes back with the ledger row's form open, the error beside the field
// it names (aria-invalid, aria-describedby) and in the summary linking to
// it, what was typed kept, and axe finds no WCAG 2.1 A/AA violation with
// the error shown.
func TestRentalFormErrorsBrowser(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, tc := range []struct {
		role, form, field, value string
		told                     map[string]string
	}{
		{"municipality", `form[action="/udlejning/anvisning"]`, "applicant_ref", "010190-1234",
			map[string]string{"da": "Referencen ligner et CPR-nummer; skriv en pseudonym reference.", "en": "The reference looks like a CPR number; give a pseudonymous reference."}},
		{"landlord", `form[action="/udlejning/tilbud"]`, "date", "2000-01-01",
			map[string]string{"da": "Datoen ligger før den dag, boligen blev ledig", "en": "The date is before the day the dwelling became vacant"}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := browser.New(t)
			browserSignIn(t, b, ts.URL, f.users[tc.role])
			for _, lang := range []string{"da", "en"} {
				p := b.Open(t, ts.URL+"/udlejning?lang="+lang)
				form := "#rental-ledger " + tc.form
				p.Click(t, "#rental-ledger details.ledger-act:has("+tc.form+") summary")
				if tc.role == "municipality" {
					p.SetValue(t, form+" [name=applicant_ref]", tc.value)
				} else {
					p.SetValue(t, form+" [name=dwelling]", "99.tv")
					p.SetValue(t, form+" [name=date]", tc.value)
				}
				p.Submit(t, form)
				var got struct {
					Open, Invalid, Value, Beside, Summary, Link string
				}
				p.Eval(t, `(() => {
					const el = document.querySelector("#rental-ledger details.ledger-act[open] [name=`+tc.field+`]");
					if (!el) return {};
					const err = document.getElementById(el.getAttribute("aria-describedby") || "-");
					const link = document.querySelector('#rental-errors a[href="#' + el.id + '"]');
					return {Open: el.closest("details").open ? "open" : "", Invalid: el.getAttribute("aria-invalid") || "", Value: el.value,
						Beside: err ? err.innerText.trim() : "", Summary: document.querySelector("#rental-errors") ? document.querySelector("#rental-errors").innerText : "",
						Link: link ? link.innerText.trim() : ""};
				})()`, &got)
				if got.Open != "open" || got.Invalid != "true" || got.Value != tc.value {
					t.Errorf("%s: the field %s after the error: %+v, want its form open, aria-invalid and %q kept", lang, tc.field, got, tc.value)
				}
				if !strings.Contains(got.Beside, tc.told[lang]) || !strings.Contains(got.Link, tc.told[lang]) {
					t.Errorf("%s: beside the field %q, in the summary's link %q; want %q", lang, got.Beside, got.Link, tc.told[lang])
				}
				p.Axe(t, tc.role+" /udlejning error "+lang)
				noSideways(t, p)
				if lang == "da" {
					p.Screenshot(t, "rental-error-"+tc.role+"-da")
				}
				p.Close()
			}
		})
	}
}

// TestRentalPageFormErrorsBrowser: the municipality's decision with too
// short a reason, and the landlord's vacancy report of a dwelling with no
// rooms (sent by a browser that does not check the form itself), come back
// in Danish and English with the form open, the error beside its field
// and linked from the summary, what was typed kept, and no axe violation.
func TestRentalPageFormErrorsBrowser(t *testing.T) {
	f := testFixture(t)
	ts := httptest.NewServer(f.srv)
	defer ts.Close()
	for _, tc := range []struct {
		role, form, open, id string
		fill                 map[string]string
		kept                 string
		told                 map[string]string
	}{
		{"municipality", "#rental-decision", "#rental-new-decision summary", "decision-reason",
			map[string]string{"#decision-id": "beslutning-kort", "#decision-date": "2022-12-07", "#decision-reason": "kort"}, "kort",
			map[string]string{"da": "Skriv, hvorfor aftaler ikke er nok (mindst 10 tegn).", "en": "Say why agreements are not enough (at least 10 characters)."}},
		{"landlord", "#rental-report", "", "report-rooms",
			map[string]string{"#report-dwelling": "7.mf", "#report-rooms": "0"}, "0",
			map[string]string{"da": "En bolig har mindst 1 værelse, ikke 0.", "en": "A dwelling has at least 1 room, not 0."}},
	} {
		t.Run(tc.role, func(t *testing.T) {
			b := browser.New(t)
			browserSignIn(t, b, ts.URL, f.users[tc.role])
			for _, lang := range []string{"da", "en"} {
				p := b.Open(t, ts.URL+"/udlejning?lang="+lang)
				if tc.open != "" {
					p.Click(t, tc.open)
				}
				if tc.role == "municipality" {
					p.Click(t, `#rental-decision input[name=properties]`)
				}
				for sel, v := range tc.fill {
					p.SetValue(t, sel, v)
				}
				p.Eval(t, `document.querySelector("`+tc.form+`").noValidate = true`, nil)
				p.Submit(t, tc.form)
				var got struct{ Open, Invalid, Value, Beside, Link string }
				p.Eval(t, `(() => {
					const el = document.getElementById("`+tc.id+`");
					if (!el) return {};
					const err = document.getElementById(el.getAttribute("aria-describedby") || "-");
					const link = document.querySelector('#rental-errors a[href="#`+tc.id+`"]');
					const d = el.closest("details");
					return {Open: !d || d.open ? "open" : "", Invalid: el.getAttribute("aria-invalid") || "", Value: el.value,
						Beside: err ? err.innerText.trim() : "", Link: link ? link.innerText.trim() : ""};
				})()`, &got)
				if got.Open != "open" || got.Invalid != "true" || got.Value != tc.kept {
					t.Errorf("%s: #%s after the error: %+v, want its form open, aria-invalid and %q kept", lang, tc.id, got, tc.kept)
				}
				if got.Beside != tc.told[lang] || !strings.Contains(got.Link, tc.told[lang]) {
					t.Errorf("%s: beside the field %q, in the summary's link %q; want %q", lang, got.Beside, got.Link, tc.told[lang])
				}
				p.Axe(t, tc.role+" /udlejning form error "+lang)
				noSideways(t, p)
				if lang == "da" {
					p.Screenshot(t, "rental-form-error-"+tc.role+"-da")
				}
				p.Close()
			}
		})
	}
}

package web

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
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

package web

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// rentalPropertyRoutes are the routes that name a rental property: a
// principal of another scope gets 404 there, as for an unknown property
// (SECURITY.md, "Routes by role").
var rentalPropertyRoutes = map[string]bool{
	"POST /api/v1/rental/agreements":                                 true,
	"POST /api/v1/rental/properties/{id}/vacancies":                  true,
	"POST /api/v1/rental/properties/{id}/vacancies/{seq}/offer":      true,
	"POST /api/v1/rental/properties/{id}/vacancies/{seq}/allocation": true,
	"POST /api/v1/rental/properties/{id}/vacancies/{seq}/claims":     true,
	"POST /udlejning/ledig":                                          true,
	"POST /udlejning/anvisning":                                      true,
	"POST /udlejning/aftale":                                         true,
	"POST /udlejning/tilbud":                                         true,
}

// TestRentalNoExistenceOracle: a landlord or municipality naming a
// property of another landlord or municipality gets the same answer,
// status and body, as for a property that does not exist, and no answer
// names the owner; registering another landlord's property id is refused
// without naming its landlord.
func TestRentalNoExistenceOracle(t *testing.T) {
	f := testFixture(t)
	otherLandlord, otherMun := f.users["landlord-other"], f.users["municipality-other"]
	vacancy := map[string]any{"dwelling": map[string]any{"id": "orakel", "rooms": 2, "area_m2": 70, "rent": 8000}, "date": "2023-02-01T00:00:00Z"}
	offer := map[string]any{"dwelling": map[string]any{"id": "orakel", "rooms": 2, "area_m2": 70, "rent": 8000}, "date": "2023-03-01T00:00:00Z"}
	claim := map[string]any{"date": "2023-06-01T00:00:00Z", "amount": 5000, "note": "orakel"}
	alloc := map[string]any{"date": "2023-03-01T00:00:00Z", "applicant_ref": "orakel", "target_group": "boligsocial"}
	agreement := func(property string) map[string]any {
		return map[string]any{"id": "orakel-aftale", "municipality": 101, "property_id": property, "kind": "named",
			"dwellings": []string{"o1"}, "from": "2023-01-01T00:00:00Z", "to": "2023-01-31T00:00:00Z", "compensation": 1000}
	}
	for _, tc := range []struct {
		name         string
		u            testUser
		method, path string
		body         func(property string) any
	}{
		{"ledger", otherLandlord, "GET", "/api/v1/rental/ledger?property=ID", nil},
		{"statement", otherLandlord, "GET", "/api/v1/rental/statement?property=ID", nil},
		{"properties", otherLandlord, "GET", "/api/v1/rental/properties?property=ID", nil},
		{"ledger as municipality", otherMun, "GET", "/api/v1/rental/ledger?property=ID", nil},
		{"vacancy", otherLandlord, "POST", "/api/v1/rental/properties/ID/vacancies", func(string) any { return vacancy }},
		{"offer", otherLandlord, "POST", "/api/v1/rental/properties/ID/vacancies/1/offer", func(string) any { return offer }},
		{"claim", otherLandlord, "POST", "/api/v1/rental/properties/ID/vacancies/1/claims", func(string) any { return claim }},
		{"allocation", otherMun, "POST", "/api/v1/rental/properties/ID/vacancies/1/allocation", func(string) any { return alloc }},
		{"agreement", otherMun, "POST", "/api/v1/rental/agreements", func(p string) any { return agreement(p) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ask := func(id string) (int, string) {
				var body any
				if tc.body != nil {
					body = tc.body(id)
				}
				code, out := f.rentalDo(t, tc.u, tc.method, strings.ReplaceAll(tc.path, "ID", id), body)
				return code, strings.ReplaceAll(string(out), id, "ID")
			}
			fc, fb := ask("demo-udl-1")
			uc, ub := ask("ingen-saadan")
			if fc != uc || fb != ub {
				t.Errorf("another's property: %d %s\nan unknown one: %d %s", fc, fb, uc, ub)
			}
			if fc != http.StatusNotFound {
				t.Errorf("another's property: %d %s, want 404", fc, fb)
			}
			if strings.Contains(fb, "12345678") || strings.Contains(fb, "101") {
				t.Errorf("the answer names the owner: %s", fb)
			}
		})
	}
	prop := map[string]any{"id": "demo-udl-1", "landlord_cvr": "87654321", "landlord_name": "Anden A/S", "address": "Vej 1", "municipality": 101, "dwellings": 30}
	code, body := f.rentalDo(t, otherLandlord, "POST", "/api/v1/rental/properties", prop)
	if code != http.StatusConflict || bytes.Contains(body, []byte("12345678")) {
		t.Errorf("registering another's property id: %d %s, want 409 without the owner", code, body)
	}
}

// TestRentalFormsNoExistenceOracle: the page's forms answer a property of
// another municipality or landlord as they answer an unknown one (the act
// decides, app.NotYourProperty), and never name its owner.
func TestRentalFormsNoExistenceOracle(t *testing.T) {
	f := testFixture(t)
	for _, tc := range []struct {
		user, form string
		values     url.Values
	}{
		{"municipality-other", "/udlejning/aftale", url.Values{"id": {"orakel-form"}, "kind": {"named"}, "dwellings": {"o1"},
			"from": {"2023-01-01"}, "to": {"2023-01-31"}, "compensation": {"1000"}}},
		{"municipality-other", "/udlejning/anvisning", url.Values{"seq": {"1"}, "date": {"2023-03-01"}, "applicant_ref": {"orakel"}, "target_group": {"boligsocial"}}},
		{"landlord-other", "/udlejning/tilbud", url.Values{"seq": {"1"}, "dwelling": {"orakel"}, "rooms": {"2"}, "area_m2": {"70"}, "rent": {"8000"}, "date": {"2023-03-01"}}},
	} {
		t.Run(tc.form, func(t *testing.T) {
			u := f.users[tc.user]
			b := newClient(f.srv)
			if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
				t.Fatalf("login: %d", code)
			}
			_, page, _ := b.do("GET", "/udlejning", nil)
			answer := func(property string) (int, string) {
				// The session's token; the page shows the form only for
				// the caller's own properties and vacancies.
				v := url.Values{"csrf": {csrf(t, page, "/logout")}, "property": {property}}
				for k, vs := range tc.values {
					v[k] = vs
				}
				code, body, _ := b.do("POST", tc.form, v)
				return code, body
			}
			foreign, fBody := answer("demo-udl-1")
			unknown, _ := answer("ingen-saadan-ejendom")
			if foreign != http.StatusNotFound || unknown != http.StatusNotFound {
				t.Errorf("another's property %d, an unknown one %d: want 404 for both", foreign, unknown)
			}
			if strings.Contains(fBody, "12345678") || strings.Contains(fBody, "101") {
				t.Errorf("the answer names the owner:\n%s", fBody)
			}
		})
	}
}

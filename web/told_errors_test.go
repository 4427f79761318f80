package web

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
)

// TestAPITokenRefusalsTold: an unusable API token and an Authorization
// header that is no bearer token are answered 401, told in Danish and
// English.
func TestAPITokenRefusalsTold(t *testing.T) {
	f := testFixture(t)
	// A token of the right form that was never handed out.
	tok := f.users["municipality"].token
	i := len(tok) - 10
	forged := tok[:i] + map[bool]string{true: "b", false: "a"}[tok[i] == 'a'] + tok[i+1:]
	for _, tc := range []struct {
		header, da, en string
	}{
		{"Bearer " + forged, "API-tokenet kendes ikke.", "The API token is unknown."},
		{"Bearer not-a-token", "API-tokenet har ikke den rette form; brug tokenet, som det blev udstedt (det begynder med bby_).", "The API token is malformed; use the token as it was issued (it begins with bby_)."},
		{"Basic dXNlcjpwdw==", `Authorization-headeren er ikke "Bearer <API-token>".`, `The Authorization header is not "Bearer <API token>".`},
	} {
		code, body, _ := serve(f.srv, "GET", "/api/v1/lists", nil, func(r *http.Request) { r.Header.Set("Authorization", tc.header) })
		var e apiFieldError
		if err := json.Unmarshal(body, &e); err != nil || code != http.StatusUnauthorized {
			t.Fatalf("%s: %d %s (%v), want 401 with an error", tc.header, code, body, err)
		}
		if e.Error.Text.DA != tc.da || e.Error.Text.EN != tc.en {
			t.Errorf("%s: told %+v, want %q / %q (%s)", tc.header, e.Error.Text, tc.da, tc.en, body)
		}
	}
}

// TestMonitorNoListTold: monitoring a year with no published list, or a
// year that is no year, is told in Danish and English and names the field
// year, in the API and on the page.
func TestMonitorNoListTold(t *testing.T) {
	f := testFixture(t)
	years, err := f.srv.data.years(t.Context())
	if err != nil || len(years) == 0 {
		t.Fatalf("the fixture has no published lists: %v", err)
	}
	first, last := years[0], years[len(years)-1]
	code, body, _ := f.do(t, "GET", "/api/v1/monitor/1999", nil)
	var e apiFieldError
	if err := json.Unmarshal(body, &e); err != nil || code != http.StatusNotFound {
		t.Fatalf("GET /api/v1/monitor/1999: %d %s (%v), want 404 with an error", code, body, err)
	}
	if want := fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", first, last); e.Error.Field != "year" || e.Error.Text.DA != want ||
		e.Error.Text.EN != fmt.Sprintf("there is no published list of 1999; there are lists of %d–%d", first, last) {
		t.Errorf("GET /api/v1/monitor/1999: %+v, want field year told %q", e.Error, want)
	}
	for _, tc := range []struct {
		path string
		code int
		told string
	}{
		{"/monitor?lang=da&year=1999", http.StatusNotFound, fmt.Sprintf("der er ingen offentliggjort liste for 1999; der er lister for %d–%d", first, last)},
		{"/monitor?lang=en&year=1999", http.StatusNotFound, fmt.Sprintf("there is no published list of 1999; there are lists of %d–%d", first, last)},
		{"/monitor?lang=da&year=sidste", http.StatusBadRequest, `"sidste" er ikke et listeår (forventede ÅÅÅÅ, fx 2022)`},
		{"/monitor?lang=en&year=last", http.StatusBadRequest, `"last" is not a list year`},
	} {
		code, body, _ := f.do(t, "GET", tc.path, nil)
		if code != tc.code || !strings.Contains(string(body), html.EscapeString(tc.told)) {
			t.Errorf("GET %s: %d, want %d telling %q", tc.path, code, tc.code, tc.told)
		}
	}
}

package web

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby/letting"
)

// TestLettingDateBounded: a letting decision's or ranking's date must be
// from the earliest letting rule set to a year after today.
func TestLettingDateBounded(t *testing.T) {
	f := testFixture(t)
	dep := testLettingDepartment(t, f).ID
	mun := f.users["municipality"]
	for _, date := range []string{"9999-12-31", "1900-01-01", time.Now().AddDate(2, 0, 0).Format(time.DateOnly)} {
		req := lettingCase(dep, letting.WaitingList, "DK")
		req.Date = &letting.Date{Time: mustDate(date)}
		code, body := f.doJSON(t, mun, "POST", "/api/v1/letting/decisions", req)
		wantAPIError(t, "decision on "+date, code, body, 400, "invalid")
		code, body = f.doJSON(t, mun, "POST", "/api/v1/letting/rankings", rankRequest{Date: req.Date, Department: dep,
			DwellingType: letting.Family, Channel: letting.WaitingList})
		wantAPIError(t, "ranking on "+date, code, body, 400, "invalid")
	}
	if code, body := f.doJSON(t, mun, "POST", "/api/v1/letting/decisions", lettingCase(dep, letting.WaitingList, "DK")); code != 200 {
		t.Errorf("decision on 2024-07-15: %d %s", code, body)
	}
}

// TestWhatIfStrictJSON: a what-if body is application/json and one value.
func TestWhatIfStrictJSON(t *testing.T) {
	f := testFixture(t)
	for _, tt := range []struct{ what, ct, body string }{
		{"text/plain", "text/plain", `{"year": 2022, "changes": []}`},
		{"no content type", "", `{"year": 2022, "changes": []}`},
		{"a trailing value", "application/json", `{"year": 2022, "changes": []} {"year": 2021}`},
	} {
		code, body, _ := serve(f.srv, "POST", "/api/v1/whatif", strings.NewReader(tt.body), func(r *http.Request) {
			if tt.ct != "" {
				r.Header.Set("Content-Type", tt.ct)
			}
		})
		wantAPIError(t, tt.what, code, body, 400, "invalid")
	}
	code, body, _ := serve(f.srv, "POST", "/api/v1/whatif", strings.NewReader(`{"year": 2022, "changes": []}`), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/json; charset=utf-8")
	})
	if code != 200 {
		t.Errorf("a JSON what-if: %d %.200s", code, body)
	}
}

// TestWhatIfLimited: what-ifs cost more of the caller's request budget
// than reads, so that one caller cannot keep the cores busy with them.
func TestWhatIfLimited(t *testing.T) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, Options{})
	if err != nil {
		t.Fatal(err)
	}
	limited := 0
	for range DefaultAnonymousBurst {
		code, _, _ := serve(srv, "POST", "/api/v1/whatif", strings.NewReader(`{"year": 2022, "changes": []}`), func(r *http.Request) {
			r.Header.Set("Content-Type", "application/json")
		})
		if code == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Errorf("%d what-ifs at once from one address were all run", DefaultAnonymousBurst)
	}
}

// TestStaticNoListing: /static/ serves files, never a directory listing.
func TestStaticNoListing(t *testing.T) {
	f := testFixture(t)
	for _, p := range []string{"/static/", "/static/vendor/", "/static/vendor"} {
		code, body, _ := f.do(t, "GET", p, nil)
		if code != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404\n%.300s", p, code, body)
		}
	}
	if code, _, _ := f.do(t, "GET", "/static/app.css", nil); code != 200 {
		t.Errorf("GET /static/app.css: %d", code)
	}
}

// TestLoginNotCached: the sign-in page (with its CSRF token) is never
// cached.
func TestLoginNotCached(t *testing.T) {
	f := testFixture(t)
	_, _, h := f.do(t, "GET", "/login", nil)
	if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("GET /login: Cache-Control %q, want no-store", cc)
	}
}

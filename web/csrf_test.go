package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/blandby/blandby/auth"
)

// TestAPICookieCSRF: a state-changing API request signed in with the
// session cookie needs the session's CSRF token in X-CSRF-Token and a JSON
// body; and every state-changing request from a browser must come from
// this site (Sec-Fetch-Site, else Origin).
func TestAPICookieCSRF(t *testing.T) {
	f := testFixture(t)
	landlord := f.users["landlord"]
	b := newClient(f.srv)
	if code := b.login(t, landlord.name, landlord.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	session := b.cookies[sessionCookie]
	prop := `{"id": "csrf-1", "landlord_cvr": "12345678", "landlord_name": "Demo Ejendomme A/S", "address": "Csrfvej 1", "municipality": 101, "dwellings": 30}`
	post := func(headers map[string]string, withCookie bool) (int, []byte) {
		code, body, _ := serve(f.srv, "POST", "/api/v1/rental/properties", strings.NewReader(prop), func(r *http.Request) {
			if withCookie {
				r.AddCookie(&http.Cookie{Name: sessionCookie, Value: session})
			}
			for k, v := range headers {
				r.Header.Set(k, v)
			}
		})
		return code, body
	}
	token := auth.CSRFToken(session)
	for _, tt := range []struct {
		what    string
		headers map[string]string
	}{
		{"text/plain from another site", map[string]string{"Content-Type": "text/plain", "Origin": "https://evil.example"}},
		{"text/plain, no Origin", map[string]string{"Content-Type": "text/plain"}},
		{"JSON without the CSRF token", map[string]string{"Content-Type": "application/json"}},
		{"JSON with a wrong CSRF token", map[string]string{"Content-Type": "application/json", "X-CSRF-Token": "forged"}},
		{"text/plain with the CSRF token", map[string]string{"Content-Type": "text/plain", "X-CSRF-Token": token}},
		{"the CSRF token from another site", map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token, "Origin": "https://evil.example"}},
		{"the CSRF token cross-site", map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token, "Sec-Fetch-Site": "cross-site"}},
		{"the CSRF token same-site", map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token, "Sec-Fetch-Site": "same-site"}},
	} {
		code, body := post(tt.headers, true)
		wantAPIError(t, tt.what, code, body, http.StatusForbidden, "forbidden")
	}
	if code, body := post(map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token, "Origin": "http://example.com", "Sec-Fetch-Site": "same-origin"}, true); code != http.StatusOK {
		t.Errorf("the session with its CSRF token and JSON, same origin: %d %s", code, body)
	}
	// A token needs no CSRF token; a browser's cross-site request is
	// refused whatever it authenticates with.
	code, body, _ := serve(f.srv, "POST", "/api/v1/rental/properties", strings.NewReader(prop), func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+landlord.token)
		r.Header.Set("Content-Type", "application/json")
	})
	if code != http.StatusOK {
		t.Errorf("the API token: %d %s", code, body)
	}
	code, body, _ = serve(f.srv, "POST", "/api/v1/whatif", strings.NewReader(`{"year": 2022, "changes": []}`), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Origin", "https://evil.example")
	})
	wantAPIError(t, "anonymous what-if from another site", code, body, http.StatusForbidden, "forbidden")
	// The sign-in form from another site.
	code, _, _ = serve(f.srv, "POST", "/login", strings.NewReader("name=x&password=y"), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
	})
	if code != http.StatusForbidden {
		t.Errorf("sign-in posted from another site: %d, want 403", code)
	}
}

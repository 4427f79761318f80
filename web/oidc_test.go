package web

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/blandby/blandby/store"
)

// testProvider is a small but real OpenID Connect provider: discovery,
// keys, and a token endpoint that checks the PKCE verifier and signs ID
// tokens with RS256. Each test says what the next token holds.
type testProvider struct {
	*httptest.Server
	key *rsa.PrivateKey

	mu sync.Mutex
	// claims are the claims of the next ID token (iss, iat and exp are
	// added when missing); challenge is the PKCE challenge of the code.
	claims    map[string]any
	challenge string
}

func newTestProvider(t *testing.T) *testProvider {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &testProvider{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.URL, "authorization_endpoint": p.URL + "/auth", "token_endpoint": p.URL + "/token",
			"jwks_uri": p.URL + "/keys", "id_token_signing_alg_values_supported": []string{"RS256"},
			"response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
		})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		sum := sha256.Sum256([]byte(r.PostFormValue("code_verifier")))
		if r.PostFormValue("code") != "the-code" || base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant"})
			return
		}
		claims := map[string]any{"iss": p.URL, "iat": time.Now().Unix(), "exp": time.Now().Add(time.Hour).Unix()}
		for k, v := range p.claims {
			claims[k] = v
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 3600, "id_token": p.sign(t, claims)})
	})
	p.Server = httptest.NewServer(mux)
	t.Cleanup(p.Close)
	return p
}

func (p *testProvider) sign(t *testing.T, claims map[string]any) string {
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: p.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	if err != nil {
		t.Error(err)
		return ""
	}
	b, _ := json.Marshal(claims)
	obj, err := signer.Sign(b)
	if err != nil {
		t.Error(err)
		return ""
	}
	s, _ := obj.CompactSerialize()
	return s
}

// TestOIDCSignIn signs in through a real provider round trip and checks
// each way a sign-in must fail.
func TestOIDCSignIn(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	prov := newTestProvider(t)
	if _, err := addUser(ctx, f.st, "kommune@example.dk", "municipality:101"); err != nil {
		t.Fatal(err)
	}
	if _, err := addUser(ctx, f.st, "disabled@example.dk", "municipality:101"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.DisableUser(ctx, "disabled@example.dk", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	o, err := NewOIDC(ctx, OIDCConfig{Issuer: prov.URL, ClientID: "blandby", ClientSecret: "s3cret",
		RedirectURL: "https://blandby.example" + oidcCallbackPath, Label: "Test-IdP"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(f.st, f.cat, Options{Version: "test", OIDC: o, SecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	_, page, _ := newClient(srv).do("GET", "/login", nil)
	if !strings.Contains(page, `href="/login/oidc"`) || !strings.Contains(page, "Test-IdP") {
		t.Error("the sign-in page does not offer the provider")
	}

	// start begins a round trip in a new browser and returns it with the
	// state and nonce the provider was sent.
	start := func(t *testing.T) (*client, string, string) {
		t.Helper()
		b := newClient(srv)
		code, _, h := b.do("GET", oidcStartPath, nil)
		if code != http.StatusFound {
			t.Fatalf("GET %s: %d", oidcStartPath, code)
		}
		loc, err := url.Parse(h.Get("Location"))
		if err != nil || !strings.HasPrefix(loc.String(), prov.URL+"/auth?") {
			t.Fatalf("redirected to %q", h.Get("Location"))
		}
		q := loc.Query()
		if q.Get("client_id") != "blandby" || q.Get("code_challenge_method") != "S256" || !strings.Contains(q.Get("scope"), "openid") {
			t.Fatalf("authorisation request %v", q)
		}
		prov.mu.Lock()
		prov.challenge = q.Get("code_challenge")
		prov.mu.Unlock()
		return b, q.Get("state"), q.Get("nonce")
	}
	callback := func(b *client, state string) (int, string) {
		code, page, _ := b.do("GET", oidcCallbackPath+"?code=the-code&state="+url.QueryEscape(state), nil)
		return code, page
	}
	claims := func(c map[string]any) {
		prov.mu.Lock()
		prov.claims = c
		prov.mu.Unlock()
	}

	t.Run("signs in", func(t *testing.T) {
		b, state, nonce := start(t)
		claims(map[string]any{"sub": "u1", "aud": "blandby", "nonce": nonce, "email": "kommune@example.dk", "email_verified": true})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", oidcCallbackPath+"?code=the-code&state="+url.QueryEscape(state), nil)
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		srv.ServeHTTP(rec, req)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("callback: %d %s", rec.Code, rec.Body)
		}
		var session *http.Cookie
		for _, c := range rec.Result().Cookies() {
			if c.Name == sessionCookie {
				session = c
			}
		}
		if session == nil || !session.Secure || !session.HttpOnly {
			t.Fatalf("session cookie %+v: want Secure and HttpOnly", session)
		}
		b.cookies[sessionCookie] = session.Value
		if _, page, _ := b.do("GET", "/", nil); !strings.Contains(page, "kommune@example.dk") {
			t.Error("after signing in, the page does not show the user")
		}
		log, err := f.st.AuditLog(ctx, 0, 100000)
		if err != nil {
			t.Fatal(err)
		}
		last := log[len(log)-1]
		if last.Actor != "kommune@example.dk" || last.Action != "login" || last.Outcome != store.AuditOK || !strings.Contains(last.Detail, "OIDC") {
			t.Errorf("audit entry %+v", last)
		}
	})

	for _, tt := range []struct {
		name   string
		claims func(nonce string) map[string]any
		state  func(state string) string
		code   int
	}{
		{"state of another sign-in", func(n string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": n, "email": "kommune@example.dk"}
		}, func(string) string { return "forged" }, http.StatusForbidden},
		{"nonce of another sign-in", func(string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": "replayed", "email": "kommune@example.dk"}
		}, nil, http.StatusUnauthorized},
		{"token for another client", func(n string) map[string]any {
			return map[string]any{"aud": "other-client", "nonce": n, "email": "kommune@example.dk"}
		}, nil, http.StatusUnauthorized},
		{"expired token", func(n string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": n, "email": "kommune@example.dk", "exp": time.Now().Add(-time.Hour).Unix()}
		}, nil, http.StatusUnauthorized},
		{"e-mail not verified", func(n string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": n, "email": "kommune@example.dk", "email_verified": false}
		}, nil, http.StatusUnauthorized},
		{"no such user", func(n string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": n, "email": "stranger@example.dk"}
		}, nil, http.StatusUnauthorized},
		{"disabled user", func(n string) map[string]any {
			return map[string]any{"aud": "blandby", "nonce": n, "email": "disabled@example.dk"}
		}, nil, http.StatusUnauthorized},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b, state, nonce := start(t)
			claims(tt.claims(nonce))
			if tt.state != nil {
				state = tt.state(state)
			}
			code, page := callback(b, state)
			if code != tt.code {
				t.Errorf("callback: %d, want %d", code, tt.code)
			}
			if _, ok := b.cookies[sessionCookie]; ok {
				t.Error("a failed sign-in set a session cookie")
			}
			if strings.Contains(page, "stranger@example.dk") {
				t.Error("the answer quotes the claim of someone who is no user")
			}
		})
	}

	t.Run("callback without a started sign-in", func(t *testing.T) {
		if code, _ := callback(newClient(srv), "whatever"); code != http.StatusForbidden {
			t.Errorf("callback: %d, want 403", code)
		}
	})
	t.Run("refusals told in Danish and English", func(t *testing.T) {
		for lang, want := range map[string][2]string{
			"da": {"Log ind med Test-IdP mislykkedes: log ind blev ikke startet i denne browser, eller det tog for lang tid.",
				"Log ind med Test-IdP mislykkedes: ingen aktiv blandby-bruger har det navn, udbyderen gav."},
			"en": {"Signing in with Test-IdP failed: the sign-in was not started in this browser, or took too long.",
				"Signing in with Test-IdP failed: no enabled blandby user has the name the provider gave."},
		} {
			b := newClient(srv)
			b.cookies["lang"] = lang
			if _, page := callback(b, "whatever"); !strings.Contains(page, want[0]) {
				t.Errorf("%s: callback without a started sign-in does not tell %q:\n%s", lang, want[0], page)
			}
			b, state, nonce := start(t)
			b.cookies["lang"] = lang
			claims(map[string]any{"aud": "blandby", "nonce": nonce, "email": "stranger@example.dk"})
			if _, page := callback(b, state); !strings.Contains(page, want[1]) {
				t.Errorf("%s: a sign-in of no user does not tell %q", lang, want[1])
			}
		}
	})
	t.Run("not configured", func(t *testing.T) {
		if code, _, _ := f.do(t, "GET", oidcStartPath, nil); code != http.StatusNotFound {
			t.Errorf("GET %s without OIDC: %d, want 404", oidcStartPath, code)
		}
	})
}

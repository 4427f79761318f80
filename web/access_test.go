package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// testUser is a user of the test store with a password and an API token.
type testUser struct {
	name, principal, password, token string
}

// cheap are argon2id parameters for tests only.
var cheap = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// testPrincipals are the fixture's users: one per role, and a second
// municipality for scoped routes.
var testPrincipals = map[string]string{
	"admin":              "admin",
	"ministry":           "ministry",
	"municipality":       "municipality:101",
	"municipality-other": "municipality:851",
	"housing_org":        "housing_org:demo-boligselskab",
	"housing_org-other":  "housing_org:andet-boligselskab",
	"landlord":           "landlord:12345678",
	"landlord-other":     "landlord:87654321",
}

// addUser stores a user with a password and an API token valid for an hour.
func addUser(ctx context.Context, st store.Store, name, principal string) (testUser, error) {
	p, err := auth.ParsePrincipal(principal)
	if err != nil {
		return testUser{}, err
	}
	u := testUser{name: name, principal: principal, password: name + "-secret-password"}
	hash, err := auth.HashPassword(u.password, cheap)
	if err != nil {
		return testUser{}, err
	}
	now := time.Now().UTC()
	if _, err := st.AddUser(ctx, store.User{Name: name, Role: string(p.Role), Scope: p.Scope, PasswordHash: hash, CreatedAt: now}); err != nil {
		return testUser{}, err
	}
	plain, id, th, err := auth.NewToken()
	if err != nil {
		return testUser{}, err
	}
	if err := st.AddToken(ctx, store.Token{ID: id, UserName: name, Name: "test", Hash: th, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		return testUser{}, err
	}
	u.token = plain
	return u, nil
}

func (f *fixture) addUsers(ctx context.Context) error {
	f.users = map[string]testUser{}
	for name, p := range testPrincipals {
		u, err := addUser(ctx, f.st, name, p)
		if err != nil {
			return err
		}
		f.users[name] = u
	}
	return nil
}

// doAs serves a request with u's API token (none for the zero testUser).
func (f *fixture) doAs(t testing.TB, u testUser, method, path string, body io.Reader) (int, []byte, http.Header) {
	t.Helper()
	return serve(f.srv, method, path, body, func(r *http.Request) {
		if body != nil {
			r.Header.Set("Content-Type", "application/json")
		}
		if u.token != "" {
			r.Header.Set("Authorization", "Bearer "+u.token)
		}
	})
}

// serve serves one request, prepared by prep.
func serve(srv *Server, method, path string, body io.Reader, prep func(r *http.Request)) (int, []byte, http.Header) {
	req := httptest.NewRequest(method, path, body)
	prep(req)
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.Bytes(), rec.Header()
}

// wantAPIError checks a JSON error answer.
func wantAPIError(t *testing.T, what string, code int, body []byte, status int, errCode string) {
	t.Helper()
	var e apiError
	if err := json.Unmarshal(body, &e); err != nil || code != status || e.Error.Code != errCode {
		t.Errorf("%s: %d %s, want %d with code %s", what, code, body, status, errCode)
	}
}

func TestTokens(t *testing.T) {
	f := testFixture(t)
	ctx := context.Background()
	admin := f.users["admin"]
	if code, body, _ := f.doAs(t, admin, "GET", "/api/v1/audit?limit=5", nil); code != 200 {
		t.Fatalf("admin token: %d %s", code, body)
	}
	id, _ := auth.ParseToken(admin.token)
	if tok, err := f.st.Token(ctx, id); err != nil || tok.LastUsedAt == nil {
		t.Errorf("the token's use was not recorded: %+v %v", tok, err)
	}

	expired, err := addUser(ctx, f.st, "t-expired", "admin")
	if err != nil {
		t.Fatal(err)
	}
	plain, tid, hash, _ := auth.NewToken()
	past := time.Now().Add(-time.Hour).UTC()
	if err := f.st.AddToken(ctx, store.Token{ID: tid, UserName: expired.name, Name: "old", Hash: hash, CreatedAt: past.Add(-time.Hour), ExpiresAt: past}); err != nil {
		t.Fatal(err)
	}
	expired.token = plain

	revoked, err := addUser(ctx, f.st, "t-revoked", "admin")
	if err != nil {
		t.Fatal(err)
	}
	rid, _ := auth.ParseToken(revoked.token)
	if err := f.st.RevokeToken(ctx, rid, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	disabled, err := addUser(ctx, f.st, "t-disabled", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.DisableUser(ctx, disabled.name, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	wrongSecret := admin
	wrongSecret.token = admin.token[:len(admin.token)-4] + "aaaa"
	if wrongSecret.token == admin.token {
		wrongSecret.token = admin.token[:len(admin.token)-4] + "bbbb"
	}
	for what, u := range map[string]testUser{"expired": expired, "revoked": revoked, "disabled user": disabled,
		"wrong secret": wrongSecret, "malformed": {token: "bby_nonsense"}} {
		code, body, h := f.doAs(t, u, "GET", "/api/v1/years", nil)
		wantAPIError(t, what, code, body, 401, "unauthorized")
		if !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: WWW-Authenticate %q", what, h.Get("WWW-Authenticate"))
		}
		if strings.Contains(string(body), u.token) {
			t.Errorf("%s: the answer quotes the token", what)
		}
	}
	code, body, _ := serve(f.srv, "GET", "/api/v1/years", nil, func(r *http.Request) { r.Header.Set("Authorization", "Basic YTpi") })
	wantAPIError(t, "basic auth", code, body, 401, "unauthorized")
	// Roles other than admin may not read the audit trail; anonymous must
	// sign in.
	code, body, _ = f.doAs(t, f.users["ministry"], "GET", "/api/v1/audit", nil)
	wantAPIError(t, "ministry reads audit", code, body, 403, "forbidden")
	code, body, _ = f.doAs(t, testUser{}, "GET", "/api/v1/audit", nil)
	wantAPIError(t, "anonymous reads audit", code, body, 401, "unauthorized")
	var out struct {
		Entries []auditEntryJSON `json:"entries"`
		Chain   chainJSON        `json:"chain"`
	}
	_, body, _ = f.doAs(t, admin, "GET", "/api/v1/audit?limit=1000", nil)
	if err := json.Unmarshal(body, &out); err != nil || !out.Chain.OK {
		t.Fatalf("audit: %v %+v", err, out.Chain)
	}
	found := false
	for _, e := range out.Entries {
		found = found || e.Outcome == store.AuditDenied && e.Actor == "ministry" && e.Action == string(auth.ActionReadAudit)
	}
	if !found {
		t.Error("the ministry's denied read of the audit trail is not in the audit trail")
	}
	code, body, _ = f.doAs(t, admin, "GET", "/api/v1/audit?limit=0", nil)
	wantAPIError(t, "limit=0", code, body, 400, "invalid")
}

func TestRateLimit(t *testing.T) {
	f := testFixture(t)
	// Anonymous requests are limited per address (TestAnonymousLimitedByDefault).
	anon := func(r *http.Request) {}
	srv, err := New(f.st, f.cat, Options{AnonymousRate: 0.01, AnonymousBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if code, _, _ := serve(srv, "GET", "/api/v1/years", nil, anon); code != 200 {
			t.Fatalf("request %d: %d", i, code)
		}
	}
	code, body, h := serve(srv, "GET", "/api/v1/years", nil, anon)
	wantAPIError(t, "third request", code, body, 429, codeRateLimited)
	if h.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	// Another client (a token) has its own budget.
	if code, _, _ := serve(srv, "GET", "/api/v1/years", nil, func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+f.users["ministry"].token)
	}); code != 200 {
		t.Errorf("token after the address is limited: %d", code)
	}
}

// client is a cookie jar over a server, for the sign-in tests.
type client struct {
	srv     *Server
	cookies map[string]string
	// addr is the client's address ("" for httptest's 192.0.2.1).
	addr string
}

func newClient(srv *Server) *client { return &client{srv: srv, cookies: map[string]string{}} }

// do serves a request with the browser's cookies and keeps the cookies set.
func (b *client) do(method, path string, form url.Values) (int, string, http.Header) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	code, out, h := serve(b.srv, method, path, body, func(r *http.Request) {
		if form != nil {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range b.cookies {
			r.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		if b.addr != "" {
			r.RemoteAddr = b.addr
		}
	})
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return code, string(out), h
}

// csrf returns the CSRF token of the form that posts to action on a page.
func csrf(t *testing.T, page, action string) string {
	t.Helper()
	m := regexp.MustCompile(`action="` + action + `">\s*(?:<span class="user">[^<]*</span>)?(?: <span class="role">[^<]*</span>)?<input type="hidden" name="csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF field in the form to %s", action)
	}
	return m[1]
}

// login signs in through the form and returns the status.
func (b *client) login(t *testing.T, name, password string) int {
	t.Helper()
	code, page, _ := b.do("GET", "/login", nil)
	if code != 200 {
		t.Fatalf("GET /login: %d", code)
	}
	code, _, _ = b.do("POST", "/login", url.Values{"csrf": {csrf(t, page, "/login")}, "name": {name}, "password": {password}})
	return code
}

func TestLogin(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	ctx := context.Background()
	admin := f.users["admin"]
	b := newClient(f.srv)
	if _, page, _ := b.do("GET", "/", nil); !strings.Contains(page, "Log ind") {
		t.Error("the anonymous page has no Log ind")
	}
	// Without the pre-session cookie, or with a forged token: refused.
	code, page, _ := b.do("GET", "/login", nil)
	token := csrf(t, page, "/login")
	stranger := newClient(f.srv)
	if code, _, _ := stranger.do("POST", "/login", url.Values{"csrf": {token}, "name": {admin.name}, "password": {admin.password}}); code != 403 {
		t.Errorf("login without the CSRF cookie: %d, want 403", code)
	}
	if code, _, _ := b.do("POST", "/login", url.Values{"csrf": {"forged"}, "name": {admin.name}, "password": {admin.password}}); code != 403 || b.cookies[sessionCookie] != "" {
		t.Errorf("login with a forged CSRF token: %d, want 403", code)
	}
	if code != 200 {
		t.Fatalf("GET /login: %d", code)
	}
	// A session cookie planted before sign-in is not the one after.
	if code := b.login(t, admin.name, "wrong password!"); code != 401 {
		t.Errorf("wrong password: %d", code)
	}
	b.cookies[sessionCookie] = strings.Repeat("A", sessionIDLength)
	if code := b.login(t, admin.name, admin.password); code != http.StatusSeeOther {
		t.Fatalf("login: %d", code)
	}
	first := b.cookies[sessionCookie]
	if first == "" || first == strings.Repeat("A", sessionIDLength) {
		t.Fatalf("session cookie after login: %q", first)
	}
	_, page, h := b.do("GET", "/regler?lang=en", nil)
	if !strings.Contains(page, "Log out") || !strings.Contains(page, `<span class="user">admin</span>`) {
		t.Error("the signed-in page shows no user and no Log out")
	}
	if !strings.Contains(h.Get("Cache-Control"), "no-store") {
		t.Errorf("signed-in page cacheable: %q", h.Get("Cache-Control"))
	}
	if code, _, _ := b.do("GET", "/api/v1/audit", nil); code != 200 {
		t.Errorf("the session does not authenticate: %d", code)
	}
	// Signing in again with the first session replaces (and ends) it.
	if code := b.login(t, admin.name, admin.password); code != http.StatusSeeOther {
		t.Fatalf("second login: %d %v", code, b.cookies)
	}
	second := b.cookies[sessionCookie]
	if second == first {
		t.Fatal("the session id was kept across sign-in")
	}
	old := newClient(f.srv)
	old.cookies[sessionCookie] = first
	if code, _, _ := old.do("GET", "/api/v1/audit", nil); code != 401 {
		t.Errorf("the replaced session still authenticates: %d", code)
	}
	// A tampered cookie is anonymous.
	tampered := newClient(f.srv)
	tampered.cookies[sessionCookie] = second[:10] + strings.Map(func(r rune) rune {
		if r == 'x' {
			return 'y'
		}
		return 'x'
	}, second[10:11]) + second[11:]
	if code, _, _ := tampered.do("GET", "/api/v1/audit", nil); code != 401 {
		t.Errorf("tampered cookie: %d, want 401", code)
	}
	// Sign-out needs the session's CSRF token.
	if code, _, _ := b.do("POST", "/logout", url.Values{"csrf": {token}}); code != 403 {
		t.Errorf("logout with another CSRF token: %d, want 403", code)
	}
	_, page, _ = b.do("GET", "/regler", nil)
	if code, _, _ := b.do("POST", "/logout", url.Values{"csrf": {csrf(t, page, "/logout")}}); code != http.StatusSeeOther {
		t.Errorf("logout: %d", code)
	}
	after := newClient(f.srv)
	after.cookies[sessionCookie] = second
	if code, _, _ := after.do("GET", "/api/v1/audit", nil); code != 401 {
		t.Errorf("the session authenticates after sign-out: %d", code)
	}
	// The audit trail has the sign-ins, the failure and the sign-out, and
	// never the password.
	log, err := f.st.AuditLog(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range log {
		seen[e.Action+" "+e.Outcome] = true
		if strings.Contains(e.Detail+e.Object+e.Actor, "wrong password!") || strings.Contains(e.Detail+e.Object+e.Actor, admin.password) {
			t.Errorf("audit entry %d holds a password", e.Seq)
		}
	}
	for _, want := range []string{"login ok", "login failed", "login denied", "logout ok", "logout denied"} {
		if !seen[want] {
			t.Errorf("no %q in the audit trail", want)
		}
	}
}

func TestLoginThrottle(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	srv, err := New(f.st, f.cat, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	u := f.users["landlord"]
	b := newClient(srv)
	for i := 1; i <= auth.DefaultThrottleConfig().PairFailures; i++ {
		if code := b.login(t, u.name, "not the password"); code != 401 {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	code, page, _ := b.do("GET", "/login", nil)
	if code != 200 {
		t.Fatal(code)
	}
	code, page, h := b.do("POST", "/login", url.Values{"csrf": {csrf(t, page, "/login")}, "name": {u.name}, "password": {u.password}})
	if code != http.StatusTooManyRequests || h.Get("Retry-After") == "" || !strings.Contains(page, "For mange") || b.cookies[sessionCookie] != "" {
		t.Errorf("the right password after 5 wrong ones: %d, Retry-After %q", code, h.Get("Retry-After"))
	}
}

// TestLoginThrottleNoLockout: someone who knows a user's name cannot lock
// the user out: wrong passwords from one address lock that address's
// attempts at that name, not the user at their own address.
func TestLoginThrottleNoLockout(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	srv, err := New(f.st, f.cat, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	u := f.users["landlord"]
	attacker := newClient(srv)
	attacker.addr = "198.51.100.66:4000"
	for i := 1; i <= 2*auth.DefaultThrottleConfig().PairFailures; i++ {
		code := attacker.login(t, u.name, "not the password")
		if code != http.StatusUnauthorized && code != http.StatusTooManyRequests {
			t.Fatalf("wrong password %d: %d", i, code)
		}
	}
	if code := attacker.login(t, u.name, u.password); code != http.StatusTooManyRequests {
		t.Errorf("the attacker's address is not locked out of the name: %d", code)
	}
	user := newClient(srv)
	user.addr = "203.0.113.7:5000"
	if code := user.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Errorf("the user from their own address after someone else's wrong passwords: %d, want 303", code)
	}
}

// TestLoginThrottleParallel: attempts made at once cannot all pass the
// throttle before the first failure is counted: an attempt is reserved
// before its password is checked.
func TestLoginThrottleParallel(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	srv, err := New(f.st, f.cat, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	u := f.users["housing_org"]
	const n = 30
	forms := make([]url.Values, n)
	clients := make([]*client, n)
	for i := range n {
		clients[i] = newClient(srv)
		_, page, _ := clients[i].do("GET", "/login", nil)
		forms[i] = url.Values{"csrf": {csrf(t, page, "/login")}, "name": {u.name}, "password": {"not the password"}}
	}
	codes := make(chan int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			code, _, _ := clients[i].do("POST", "/login", forms[i])
			codes <- code
		}()
	}
	wg.Wait()
	close(codes)
	checked := 0
	for code := range codes {
		switch code {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
		default:
			t.Errorf("parallel attempt: %d", code)
		}
	}
	if limit := auth.DefaultThrottleConfig().PairFailures; checked > limit {
		t.Errorf("%d of %d parallel attempts had their password checked, the limit is %d", checked, n, limit)
	}
}

// TestAuditPage: an admin reads the audit trail in the UI, with the
// chain's state and the token use just recorded; others may not.
func TestAuditPage(t *testing.T) {
	f := testFixture(t)
	admin := f.users["admin"]
	// The ministry's refusal is audited, so it is among the newest entries
	// the admin's page shows, however many entries other tests have added.
	if code, _, _ := f.doAs(t, f.users["ministry"], "GET", "/revisionsspor", nil); code != 403 {
		t.Errorf("audit page as ministry: %d, want 403", code)
	}
	code, body, _ := f.doAs(t, admin, "GET", "/revisionsspor?lang=en", nil)
	page := string(body)
	if code != 200 || !strings.Contains(page, "The chain is unbroken") || !strings.Contains(page, "read_audit") {
		t.Fatalf("audit page as admin: %d\n%.2000s", code, page)
	}
	if code, _, _ := f.do(t, "GET", "/revisionsspor", nil); code != 401 {
		t.Errorf("audit page anonymous: %d, want 401", code)
	}
}

// TestLocalPathRefusesOtherSites: the target after signing in is a path of
// this site however it is written: browsers drop tabs and newlines from
// URLs and read a backslash as a slash, so /<TAB>/evil.example is
// //evil.example to them.
func TestLocalPathRefusesOtherSites(t *testing.T) {
	for _, tt := range []struct{ next, want string }{
		{"/revisionsspor?lang=en", "/revisionsspor?lang=en"},
		{"/lister/2022?kommune=101#kort", "/lister/2022?kommune=101#kort"},
		{"/omraader/a%20b", "/omraader/a%20b"},
		{"/\t/evil.example/x", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/\u0085/evil.example", "/"},
		{"/ /evil.example", "/%20/evil.example"},
		{"/%09/evil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"/x\\y", "/"},
		{"/x?a=\t", "/"},
		{"https://evil.example/", "/"},
		{"https:/evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{"", "/"},
	} {
		if got := localPath(tt.next); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
	f := testFixture(t)
	b := newClient(f.srv)
	admin := f.users["admin"]
	_, page, _ := b.do("GET", "/login?next=/%09/evil.example/x", nil)
	code, _, h := b.do("POST", "/login", url.Values{"csrf": {csrf(t, page, "/login")}, "name": {admin.name}, "password": {admin.password}, "next": {"/\t/evil.example/x"}})
	if code != http.StatusSeeOther || h.Get("Location") != "/" {
		t.Errorf("sign in with next /<TAB>/evil.example/x: %d to %q, want /", code, h.Get("Location"))
	}
}

// TestSignInReturnsToPage: a page that needs signing in answers 401 with a
// link to the sign-in page, which comes back to the page afterwards, and
// only ever to a page of this site.
func TestSignInReturnsToPage(t *testing.T) {
	f := testFixture(t)
	b := newClient(f.srv)
	code, page, _ := b.do("GET", "/revisionsspor?lang=en", nil)
	if code != http.StatusUnauthorized || !strings.Contains(page, `href="/login?next=%2Frevisionsspor%3Flang%3Den"`) {
		t.Fatalf("anonymous /revisionsspor: %d, no link to sign in and come back:\n%s", code, page)
	}
	admin := f.users["admin"]
	for _, tt := range []struct{ next, want string }{
		{"/revisionsspor?lang=en", "/revisionsspor?lang=en"},
		{"//evil.example/x", "/"},
		{"https://evil.example/", "/"},
		{"/\\evil.example", "/"},
		{"", "/"},
	} {
		b := newClient(f.srv)
		_, page, _ := b.do("GET", "/login?next="+url.QueryEscape(tt.next), nil)
		if !strings.Contains(page, `name="next" value="`+tt.want+`"`) {
			t.Errorf("the sign-in form for next %q does not carry %q", tt.next, tt.want)
		}
		code, _, h := b.do("POST", "/login", url.Values{"csrf": {csrf(t, page, "/login")}, "name": {admin.name}, "password": {admin.password}, "next": {tt.next}})
		if code != http.StatusSeeOther || h.Get("Location") != tt.want {
			t.Errorf("sign in with next %q: %d to %q, want %q", tt.next, code, h.Get("Location"), tt.want)
		}
	}
}

// TestReplicasShareSessionsAndThrottle: two servers on one store (replicas
// behind a load balancer) share the sign-in throttle, and a session and its
// CSRF token made by one are accepted by the other.
func TestReplicasShareSessionsAndThrottle(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	opts := Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6}
	a, err := New(f.st, f.cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(f.st, f.cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	u := f.users["housing_org"]
	checked := 0
	for i := range 12 {
		c := newClient(a)
		if i%2 == 1 {
			c = newClient(b)
		}
		switch code := c.login(t, u.name, "not the password"); code {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("attempt %d: %d", i, code)
		}
	}
	if limit := auth.DefaultThrottleConfig().PairFailures; checked != limit {
		t.Errorf("%d wrong passwords checked through two servers, want the one limit %d", checked, limit)
	}
	f.freshThrottle(t)
	// Signed in at a, the session works at b, and so does its CSRF token
	// (sign-out at b).
	c := newClient(a)
	if code := c.login(t, u.name, u.password); code != http.StatusSeeOther {
		t.Fatalf("sign-in at a: %d", code)
	}
	c.srv = b
	code, page, _ := c.do("GET", "/planer", nil)
	if code != http.StatusOK {
		t.Fatalf("a page at b with a's session: %d", code)
	}
	if code, _, _ := c.do("POST", "/logout", url.Values{"csrf": {csrf(t, page, "/logout")}}); code != http.StatusSeeOther {
		t.Errorf("sign-out at b with the CSRF token of a's session: %d", code)
	}
	c.srv = a
	if code, _, _ := c.do("GET", "/planer", nil); code != http.StatusUnauthorized && code != http.StatusSeeOther && code != http.StatusFound {
		t.Errorf("a page at a after signing out at b: %d", code)
	}
}

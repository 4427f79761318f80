package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/blandby/blandby/store"
)

// auditAfter returns the audit entries after seq.
func auditAfter(t *testing.T, st store.Store, seq int64) []store.AuditEntry {
	t.Helper()
	es, err := st.AuditLog(context.Background(), seq, 100000)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// lastSeq returns the audit trail's last sequence number.
func lastSeq(t *testing.T, st store.Store) int64 {
	t.Helper()
	rep, err := st.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep.LastSeq
}

// TestAnonymousDenialsSampled: a flood of anonymous denials is not one
// audit entry each: the first denial of an action in an interval is
// stored, with its path capped, and the rest are counted per action and
// address and stored as one summary entry per interval.
func TestAnonymousDenialsSampled(t *testing.T) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	srv.denials.now = func() time.Time { return now }
	before := lastSeq(t, f.st)
	long := "/api/v1/plans/" + strings.Repeat("æ", 30000) // 60 KB
	for i := range 200 {
		addr := "198.51.100.1:1000"
		if i%2 == 1 {
			addr = "198.51.100.2:1000"
		}
		code, _, _ := serve(srv, "GET", long, nil, func(r *http.Request) { r.RemoteAddr = addr })
		if code != http.StatusUnauthorized {
			t.Fatalf("anonymous request %d: %d", i, code)
		}
	}
	added := auditAfter(t, f.st, before)
	if len(added) != 1 {
		t.Fatalf("200 anonymous denials added %d audit entries, want 1 (the first)", len(added))
	}
	if e := added[0]; len(e.Object) > maxAuditPath+len("GET ")+len("…") || !strings.HasSuffix(e.Object, "…") || !utf8.ValidString(e.Object) {
		t.Errorf("the denial's object is %d bytes, not cut at a rune boundary and marked …: %.80q", len(e.Object), e.Object)
	}
	// The next interval's first denial flushes the counts as one entry.
	now = now.Add(denialInterval)
	serve(srv, "GET", "/api/v1/plans/x", nil, func(r *http.Request) { r.RemoteAddr = "198.51.100.3:1000" })
	added = auditAfter(t, f.st, added[0].Seq)
	if len(added) != 2 || added[0].Action != "anonymous_denials" || added[1].Object != "GET /api/v1/plans/x" {
		t.Fatalf("after the interval: %+v", added)
	}
	if d := added[0].Detail; !strings.Contains(d, "199 ") || !strings.Contains(d, "read_plan from 198.51.100.1: 99") || !strings.Contains(d, "read_plan from 198.51.100.2: 100") {
		t.Errorf("the summary: %s", d)
	}
	// A flush (the server's ticker, its shutdown) stores what is counted.
	serve(srv, "GET", "/api/v1/plans/y", nil, func(r *http.Request) { r.RemoteAddr = "198.51.100.3:1000" })
	srv.flushDenials(context.Background())
	added = auditAfter(t, f.st, added[1].Seq)
	if len(added) != 1 || !strings.Contains(added[0].Detail, "read_plan from 198.51.100.3: 1") {
		t.Errorf("after a flush: %+v", added)
	}
	// Signed-in callers' denials are each stored.
	seq := lastSeq(t, f.st)
	for range 3 {
		serve(srv, "GET", "/api/v1/audit", nil, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+f.users["ministry"].token) })
	}
	if n := len(auditAfter(t, f.st, seq)); n < 3 {
		t.Errorf("3 denials of a signed-in caller added %d entries", n)
	}
}

// TestAnonymousLimitedByDefault: anonymous requests are limited per
// address without being asked for; the address is the connection's unless
// a trusted proxy header is configured.
func TestAnonymousLimitedByDefault(t *testing.T) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, Options{AnonymousRate: 0.01, AnonymousBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	from := func(addr, xff string) func(r *http.Request) {
		return func(r *http.Request) {
			r.RemoteAddr = addr
			if xff != "" {
				r.Header.Set("X-Forwarded-For", xff)
			}
		}
	}
	for i := range 2 {
		if code, _, _ := serve(srv, "GET", "/api/v1/years", nil, from("192.0.2.10:1", "")); code != 200 {
			t.Fatalf("request %d: %d", i, code)
		}
	}
	code, body, _ := serve(srv, "GET", "/api/v1/years", nil, from("192.0.2.10:1", "203.0.113.1"))
	wantAPIError(t, "third request, the header not trusted", code, body, 429, codeRateLimited)
	if code, _, _ := serve(srv, "GET", "/api/v1/years", nil, from("192.0.2.11:1", "")); code != 200 {
		t.Errorf("another address: %d", code)
	}
	// Behind a proxy: the last address of the trusted header.
	proxied, err := New(f.st, f.cat, Options{AnonymousRate: 0.01, AnonymousBurst: 2, TrustedProxyHeader: "X-Forwarded-For"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if code, _, _ := serve(proxied, "GET", "/api/v1/years", nil, from("10.0.0.1:1", "198.51.100.9, 203.0.113.1")); code != 200 {
			t.Fatalf("proxied request %d: %d", i, code)
		}
	}
	code, body, _ = serve(proxied, "GET", "/api/v1/years", nil, from("10.0.0.1:1", "198.51.100.10, 203.0.113.1"))
	wantAPIError(t, "third request of 203.0.113.1 (the first address forged)", code, body, 429, codeRateLimited)
	if code, _, _ := serve(proxied, "GET", "/api/v1/years", nil, from("10.0.0.1:1", "203.0.113.2")); code != 200 {
		t.Errorf("another client behind the proxy: %d", code)
	}
	if code, _, _ := serve(proxied, "GET", "/api/v1/years", nil, from("10.0.0.2:1", "")); code != 200 {
		t.Errorf("no header: the remote address: %d", code)
	}
}

// TestTooManyInPageLanguage: a page refused by the limit says so in the
// page's language, with the seconds to wait; the API answers in English.
func TestTooManyInPageLanguage(t *testing.T) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, Options{AnonymousRate: 0.01, AnonymousBurst: 1})
	if err != nil {
		t.Fatal(err)
	}
	from := func(r *http.Request) { r.RemoteAddr = "192.0.2.20:1" }
	serve(srv, "GET", "/regler", nil, from)
	for path, want := range map[string]string{
		"/regler?lang=da": "for mange forespørgsler; prøv igen om",
		"/regler?lang=en": "too many requests; try again in",
		"/api/v1/years":   `"too many requests; try again in`,
	} {
		code, body, _ := serve(srv, "GET", path, nil, from)
		if code != http.StatusTooManyRequests || !strings.Contains(string(body), want) {
			t.Errorf("%s: %d, the answer lacks %q:\n%.300s", path, code, want, body)
		}
	}
}

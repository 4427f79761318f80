//go:build !race

// This file's tests are in the full-scale tier: hundreds of sequential
// requests, so the race detector finds nothing in them and makes them 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE); the concurrent paths they pass through have their own tests
// under the detector.

package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blandby/blandby/register"
)

// syncBuffer is a buffer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestLogHygiene serves every route with API tokens, passwords and session
// cookies (and bad ones) to a server logging JSON at debug level, and
// checks that the log holds no token, password, session id, password hash
// or person-level register column name.
func TestLogHygiene(t *testing.T) {
	f := testFixture(t)
	f.freshThrottle(t)
	ctx := context.Background()
	var logged syncBuffer
	srv, err := New(f.st, f.cat, Options{Synthetic: true, Version: "test", RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: 1e6, AnonymousBurst: 1e6,
		Logger: slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{}
	for name, u := range f.users {
		secrets["token of "+name] = u.token
		secrets["password of "+name] = u.password
	}
	users, err := f.st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.PasswordHash != "" {
			secrets["password hash of "+u.Name] = u.PasswordHash
		}
	}
	table, err := srv.routeTable()
	if err != nil {
		t.Fatal(err)
	}
	var list listJSON
	f.getJSON(t, fmt.Sprintf("/api/v1/lists/%d?category=listed", lastYear), &list)
	paths := strings.NewReplacer("{year}", fmt.Sprint(lastYear), "{id}", list.Areas[0].AreaID, "{$}", "", "/static/", "/static/app.css")

	// Signed in with a session, as every user; a wrong password first.
	wrong := "wrong-password-for-the-log"
	secrets["wrong password"] = wrong
	var sessions []*client
	for name, u := range f.users {
		b := newClient(srv)
		if code := b.login(t, u.name, wrong); code != http.StatusUnauthorized {
			t.Fatalf("wrong password of %s: %d", name, code)
		}
		secrets["login CSRF cookie of "+name] = b.cookies[loginCSRFCookie]
		if code := b.login(t, u.name, u.password); code != http.StatusSeeOther {
			t.Fatalf("login as %s: %d", name, code)
		}
		secrets["session of "+name] = b.cookies[sessionCookie]
		sessions = append(sessions, b)
	}
	logging := *f
	logging.srv = srv
	for _, rt := range table {
		method, path, _ := strings.Cut(rt.pattern, " ")
		path = paths.Replace(path)
		if req, ok := matrixRequests[rt.pattern]; ok {
			// The route's valid request (with its body of household or
			// other case data), as every user.
			for _, u := range f.users {
				req(t, &logging, u)
			}
		}
		var form url.Values
		if method == "POST" {
			form = url.Values{"password": {wrong}}
		}
		for _, u := range f.users {
			serve(srv, method, path, strings.NewReader(form.Encode()), func(r *http.Request) {
				r.Header.Set("Authorization", "Bearer "+u.token)
			})
		}
		// A token that does not parse, and one whose secret is wrong.
		for _, bad := range []string{"bby_" + f.users["admin"].password, f.users["admin"].token[:len(f.users["admin"].token)-2] + "zz"} {
			serve(srv, method, path, nil, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+bad) })
		}
		for _, b := range sessions {
			if method == "GET" {
				b.do(method, path, nil)
			}
		}
	}
	for _, b := range sessions {
		_, page, _ := b.do("GET", "/regler", nil)
		if code, _, _ := b.do("POST", "/logout", url.Values{"csrf": {csrf(t, page, "/logout")}}); code != http.StatusSeeOther {
			t.Errorf("logout: %d", code)
		}
	}

	out := logged.String()
	if !strings.Contains(out, `"msg":"request"`) || strings.Count(out, "\n") < len(table)*len(f.users) {
		t.Fatalf("the log has %d lines: the requests were not logged", strings.Count(out, "\n"))
	}
	for what, s := range secrets {
		if s == "" {
			t.Fatalf("%s: empty", what)
		}
		if strings.Contains(out, s) {
			t.Errorf("the log holds the %s", what)
		}
	}
	shared := map[string]bool{register.ColYear: true, register.ColAreaID: true, register.ColMunicipalityCode: true, register.ColRegionCode: true}
	for _, c := range append(slices.Clone(register.Columns), personFields...) {
		if !shared[c] && regexp.MustCompile(`\b`+regexp.QuoteMeta(c)+`\b`).MatchString(out) {
			t.Errorf("the log holds the person-level field name %q", c)
		}
	}
}

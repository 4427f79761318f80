package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// The cookies of signing in.
const (
	// sessionCookie holds the session id of a signed-in browser.
	sessionCookie = "blandby_session"
	// loginCSRFCookie holds the random value the sign-in form's CSRF token
	// is bound to before there is a session (a signed double submit).
	loginCSRFCookie = "blandby_login_csrf"
	// sessionIDLength is the length of a session id (auth.NewSessionID).
	sessionIDLength = 43
	// SessionLifetime is how long a browser session lasts.
	SessionLifetime = 12 * time.Hour
	// maxLoginBody bounds a sign-in or sign-out form.
	maxLoginBody = 16 << 10
	// maxConcurrentLogins bounds the password verifications running at
	// once: each holds argon2id's memory (64 MiB by default).
	maxConcurrentLogins = 4
)

// noSuchUser is an argon2id hash checked when the user is unknown, so that
// a sign-in takes as long whether or not the name exists.
var noSuchUser = sync.OnceValues(func() (string, error) {
	return auth.HashPassword("blandby: no such user", auth.DefaultParams())
})

// loginPage is the sign-in page's data.
type loginPage struct {
	CSRF    string
	Name    string
	Message string
	// Next is the local page to go to after signing in.
	Next string
	// OIDC names the OpenID Connect provider offered ("" when none).
	OIDC string
}

// setCookie sets an HttpOnly cookie, Secure when the request came over TLS
// or the server is told it is behind a TLS-terminating proxy
// (Options.SecureCookies).
func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value, path string, maxAge int, site http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: r.TLS != nil || s.opts.SecureCookies, SameSite: site})
}

// clearCookie tells the browser to forget a cookie.
func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	s.setCookie(w, r, name, "", path, -1, http.SameSiteLaxMode)
}

// loginForm renders the sign-in form with a CSRF token bound to the
// browser's pre-session cookie (made when missing).
func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, status int, name, message string) error {
	v := ""
	if c, err := r.Cookie(loginCSRFCookie); err == nil && len(c.Value) == sessionIDLength {
		v = c.Value
	} else {
		plain, _, err := auth.NewSessionID()
		if err != nil {
			return err
		}
		v = plain
		s.setCookie(w, r, loginCSRFCookie, v, "/login", 3600, http.SameSiteStrictMode)
	}
	// The form holds a CSRF token bound to this browser: never cached.
	w.Header().Set("Cache-Control", "no-store")
	l := lang(w, r)
	return s.render(w, r, status, "login", msg.T(l, "web.log_in"),
		loginPage{CSRF: auth.CSRFToken(v), Name: name, Message: message, OIDC: s.oidcLabel(), Next: localPath(r.FormValue("next"))})
}

// oidcLabel names the OpenID Connect provider offered, "" when none.
func (s *Server) oidcLabel() string {
	if s.opts.OIDC == nil {
		return ""
	}
	return s.opts.OIDC.cfg.Label
}

func (s *Server) loginGet(w http.ResponseWriter, r *http.Request) error {
	return s.loginForm(w, r, http.StatusOK, "", "")
}

// loginPost signs a browser in: CSRF check, throttle, password, then a new
// session (never one the browser brought).
func (s *Server) loginPost(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l := lang(w, r)
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginBody)
	if err := r.ParseForm(); err != nil {
		return &blandby.Error{Code: blandby.CodeInvalid, Msg: fmt.Sprintf("the sign-in form could not be read: %v", err), Text: msg.Text("web.err.form_unreadable")}
	}
	c, err := r.Cookie(loginCSRFCookie)
	if err != nil || !auth.CheckCSRF(c.Value, r.PostFormValue("csrf")) {
		s.audit(ctx, identityOf(r), "login", "", store.AuditDenied, "CSRF check failed")
		return errFormExpired
	}
	name, pw := strings.TrimSpace(r.PostFormValue("name")), r.PostFormValue("password")
	ip := s.clientIP(r)
	attempt, err := s.throttle.Begin(name, ip)
	if err != nil {
		var te *auth.ThrottledError
		if !errors.As(err, &te) {
			return err
		}
		s.audit(ctx, identityOf(r), "login", "", store.AuditDenied, "throttled after repeated failures")
		s.opts.Logger.Info("sign-in refused by the throttle", "address", ip, "retry_after", te.RetryAfter)
		w.Header().Set("Retry-After", fmt.Sprint(max(1, int(te.RetryAfter.Seconds()+0.999))))
		return s.loginForm(w, r, http.StatusTooManyRequests, name, msg.T(l, "web.login.too_many_attempts", te.RetryAfter.Round(time.Second)))
	}
	p, ok, err := s.checkPassword(ctx, name, pw)
	if err != nil {
		attempt.Cancel()
		return err
	}
	if !ok {
		for _, lo := range attempt.Failure() {
			// The pattern for the operators: what was locked out, from
			// where, after how many failures. The name only when it is a
			// user's (never what was typed: it may be a password).
			s.opts.Logger.Warn("sign-in throttled", "kind", lo.Kind, "user", p.Name, "address", ip,
				"failures", lo.Failures, "for", lo.For)
		}
		// The name is recorded only when it is a user's: a mistyped
		// password in the name field must not land in the audit trail.
		s.audit(ctx, identity{p: p}, "login", "", store.AuditFailed, "wrong user name or password")
		return s.loginForm(w, r, http.StatusUnauthorized, name, msg.T(l, "web.login.wrong_user_name_or"))
	}
	attempt.Success()
	return s.startSession(w, r, p, "signed in", r.PostFormValue("next"))
}

// localPath returns next when it is a path on this site (so that signing
// in can return to the page that asked for it, and never to another
// site), else "/". The target is parsed and rebuilt from its path, query
// and fragment only, not filtered: it must have no scheme, host or user, a
// path starting with exactly one "/" (decoded: "/%2F/host" is "//host"),
// and no control character (browsers drop tabs and newlines from URLs, so
// "/<TAB>/host" would be "//host") or backslash (read as a slash) anywhere,
// encoded or not.
func localPath(next string) string {
	if hasControlOrBackslash(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	q, err := url.QueryUnescape(u.RawQuery)
	if err != nil || hasControlOrBackslash(u.Path) || hasControlOrBackslash(q) || hasControlOrBackslash(u.Fragment) {
		return "/"
	}
	return (&url.URL{Path: u.Path, RawQuery: u.RawQuery, Fragment: u.Fragment}).String()
}

// hasControlOrBackslash reports whether s holds a control character (C0,
// DEL or C1) or a backslash.
func hasControlOrBackslash(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || unicode.IsControl(r) })
}

// startSession signs the browser in as p, however p was authenticated: a
// new session (never one the browser brought, which is ended), audited
// with detail, and on to next (a local path; otherwise home).
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, p auth.Principal, detail, next string) error {
	ctx := r.Context()
	now := time.Now().UTC()
	// Session fixation: a session the browser brought is ended, never
	// taken over.
	if old, err := r.Cookie(sessionCookie); err == nil && len(old.Value) == sessionIDLength {
		if err := s.st.RevokeSession(ctx, auth.SessionHash(old.Value), now); err != nil && blandby.CodeOf(err) != blandby.CodeNotFound {
			return fmt.Errorf("ending the previous session: %w", err)
		}
	}
	plain, hash, err := auth.NewSessionID()
	if err != nil {
		return err
	}
	if err := s.st.AddSession(ctx, store.Session{Hash: hash, UserName: p.Name, CreatedAt: now, ExpiresAt: now.Add(SessionLifetime)}); err != nil {
		return fmt.Errorf("storing the session of %s: %w", p.Name, err)
	}
	if err := s.auditErr(ctx, identity{p: p}, "login", "user "+p.Name, store.AuditOK, detail); err != nil {
		_ = s.st.RevokeSession(ctx, hash, now)
		return err
	}
	s.setCookie(w, r, sessionCookie, plain, "/", int(SessionLifetime/time.Second), http.SameSiteLaxMode)
	s.clearCookie(w, r, loginCSRFCookie, "/login")
	http.Redirect(w, r, localPath(next), http.StatusSeeOther)
	return nil
}

// checkPassword verifies a user's password, taking as long for an unknown
// or disabled user. On failure the principal is the user's when the name is
// a user's (for the audit trail), else Anonymous.
func (s *Server) checkPassword(ctx context.Context, name, pw string) (auth.Principal, bool, error) {
	select {
	case s.logins <- struct{}{}:
		defer func() { <-s.logins }()
	case <-ctx.Done():
		return auth.Anonymous, false, ctx.Err()
	}
	hash := ""
	p := auth.Anonymous
	u, err := s.st.User(ctx, name)
	switch {
	case err == nil:
		if up, ok, _ := s.userPrincipal(ctx, name); ok {
			p, hash = up, u.PasswordHash
		}
	case blandby.CodeOf(err) != blandby.CodeNotFound:
		return p, false, fmt.Errorf("reading user %s: %w", name, err)
	}
	if hash == "" {
		dummy, err := noSuchUser()
		if err != nil {
			return p, false, err
		}
		_, _ = auth.VerifyPassword(dummy, pw)
		return p, false, nil
	}
	ok, err := auth.VerifyPassword(hash, pw)
	if err != nil {
		s.opts.Logger.Error("unreadable password hash", "user", name, "err", err)
		return p, false, nil
	}
	return p, ok, nil
}

// logoutPost ends the request's session; the form's CSRF token must be the
// session's. Without a session it only goes home.
func (s *Server) logoutPost(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	if id.session == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxLoginBody)
	if err := r.ParseForm(); err != nil {
		return &blandby.Error{Code: blandby.CodeInvalid, Msg: fmt.Sprintf("the sign-out form could not be read: %v", err), Text: msg.Text("web.err.form_unreadable")}
	}
	if !auth.CheckCSRF(id.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), id, "logout", "user "+id.p.Name, store.AuditDenied, "CSRF check failed")
		return errFormExpired
	}
	if err := s.st.RevokeSession(r.Context(), id.session, time.Now().UTC()); err != nil {
		return fmt.Errorf("ending the session of %s: %w", id.p.Name, err)
	}
	s.audit(r.Context(), id, "logout", "user "+id.p.Name, store.AuditOK, "signed out")
	s.clearCookie(w, r, sessionCookie, "/")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// errFormExpired is the refusal of a form whose CSRF token does not match
// the session's (or the sign-in form's), told in both languages.
var errFormExpired = blandby.Told(blandby.CodeForbidden, msg.Text("web.form_expired"))

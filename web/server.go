// Package web is blandby's HTTP server: the JSON API under /api/v1 and the
// server-rendered web UI (Danish, with English on ?lang=en), over any store.
// Pages work without JavaScript; the vendored Chart.js and Leaflet draw the
// charts and the map on top of the same data.
//
// Published lists are immutable, so the server caches each published
// revision's view for good; which revision is the latest, and the areas,
// are read again at most every RefreshEvery.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

//go:embed static templates openapi.json openapi
var files embed.FS

// YearCounts are the published counts of a list year: areas per list.
type YearCounts struct {
	Year   int
	Counts map[blandby.Category]int
}

// RefreshEvery is how long the server trusts its index of published lists
// and areas before reading them again.
const RefreshEvery = 2 * time.Second

// Options configure a Server.
type Options struct {
	// Synthetic shows on every page that the data are synthetic.
	Synthetic bool
	// Source, when set, is a line on every page saying where the lists
	// come from (the published lists: no synthetic banner, a source line).
	Source blandby.Text
	// CountsOnly are published counts of years with no list in the store
	// (the ministry published only how many areas each list holds): rows
	// of Tabel 1 on the overview.
	CountsOnly []YearCounts
	// Version is the software version shown in the footer.
	Version string
	// Logger logs requests; nil logs nothing. Credentials are never
	// logged.
	Logger *slog.Logger
	// RequestRate and RequestBurst limit the requests of each API token
	// and signed-in user; 0 means DefaultRequestRate and
	// DefaultRequestBurst.
	RequestRate  float64
	RequestBurst int
	// AnonymousRate and AnonymousBurst limit the requests of anonymous
	// callers per client address (see TrustedProxyHeader); 0 means
	// DefaultAnonymousRate and DefaultAnonymousBurst, and a negative
	// AnonymousRate turns the limit off (for a reverse proxy that limits
	// instead).
	AnonymousRate  float64
	AnonymousBurst int
	// TrustedProxyHeader names the header a reverse proxy in front of the
	// server puts the client's address in ("X-Forwarded-For",
	// "X-Real-IP"): the client address is then its last address (the one
	// the proxy added). Empty (the default): the connection's remote
	// address, and no forwarding header is trusted. Behind a proxy without
	// it, every visitor has the proxy's address and shares one anonymous
	// limit and one sign-in throttle.
	TrustedProxyHeader string
	// Throttle configures the sign-in throttle; the zero value means
	// auth.DefaultThrottleConfig. Its state is kept in the store, shared
	// by every server on the database.
	Throttle auth.ThrottleConfig
	// SecureCookies marks every cookie Secure even on plain HTTP
	// requests: set it behind a reverse proxy that terminates TLS (the
	// server cannot see the browser's scheme and trusts no forwarding
	// header). Without it cookies are Secure on TLS requests only.
	SecureCookies bool
	// OIDC, when set, offers signing in with an OpenID Connect provider
	// (NewOIDC) next to passwords.
	OIDC *OIDC
}

// Server serves the API and the UI.
type Server struct {
	st    store.Store
	cat   *law.Catalog
	opts  Options
	mux   *http.ServeMux
	pages map[string]*template.Template
	data  *cache

	limiter *auth.Limiter
	// anonLimiter limits anonymous requests per address (nil: no limit).
	anonLimiter *auth.Limiter
	throttle    *auth.LoginThrottle
	// denials samples anonymous denials for the audit trail.
	denials *denialSampler
	// auditCheck verifies the audit trail incrementally for its readers.
	auditCheck auditVerifier
	// logins bounds the password verifications running at once.
	logins chan struct{}

	touchMu sync.Mutex
	touched map[string]time.Time // a token's last recorded use
}

// New returns a Server over a store.
func New(st store.Store, cat *law.Catalog, opts Options) (*Server, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RequestRate == 0 {
		opts.RequestRate = DefaultRequestRate
	}
	if opts.RequestBurst == 0 {
		opts.RequestBurst = DefaultRequestBurst
	}
	if opts.AnonymousRate == 0 {
		opts.AnonymousRate = DefaultAnonymousRate
	}
	if opts.AnonymousBurst == 0 {
		opts.AnonymousBurst = DefaultAnonymousBurst
	}
	if opts.Throttle == (auth.ThrottleConfig{}) {
		opts.Throttle = auth.DefaultThrottleConfig()
	}
	s := &Server{st: st, cat: cat, opts: opts, mux: http.NewServeMux(), data: newCache(st, cat, opts.CountsOnly),
		limiter: auth.NewLimiter(opts.RequestRate, opts.RequestBurst, nil),
		logins:  make(chan struct{}, maxConcurrentLogins), touched: map[string]time.Time{}, denials: newDenialSampler()}
	// The sign-in throttle's state is in the store, so that every server
	// on the database (replicas behind a load balancer) shares it.
	s.throttle = auth.NewSharedLoginThrottle(opts.Throttle, nil, st, func(err error) {
		opts.Logger.Error("sign-in throttle", "err", err)
	})
	if opts.AnonymousRate > 0 {
		s.anonLimiter = auth.NewLimiter(opts.AnonymousRate, opts.AnonymousBurst, nil)
	}
	if _, err := openAPIDocument(); err != nil {
		return nil, err
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = pages
	if err := s.routes(); err != nil {
		return nil, err
	}
	return s, nil
}

// ServeHTTP serves a request: security headers, authentication (an API
// token, else a session cookie, else anonymous), the request limit, a
// recovered panic as an internal error, and a log line. Whether the
// principal may use the route is the route's guard's to decide.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	began := time.Now()
	rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
	h := rec.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
	id := identity{p: auth.Anonymous}
	defer func() {
		if v := recover(); v != nil {
			s.opts.Logger.Error("panic", "method", r.Method, "path", app.CutText(r.URL.Path, maxAuditPath), "panic", v)
			if !rec.wrote {
				s.fail(rec, r, blandby.Errorf(blandby.CodeInternal, "internal error"))
			}
		}
		s.opts.Logger.Info("request", "method", r.Method, "path", app.CutText(r.URL.Path, maxAuditPath), "status", rec.status, "principal", id.p.String(),
			"user", id.p.Name, "duration", time.Since(began))
	}()
	var err error
	if id, err = s.authenticate(rec, r); err != nil {
		id = identity{p: auth.Anonymous}
		s.fail(rec, r, err)
		return
	}
	id.addr = s.clientIP(r)
	lim, _, key := s.limiterFor(id)
	if lim != nil && !lim.Allow(key) {
		s.tooMany(rec, r, lim.RetryAfter(key), "web.rate.requests")
		return
	}
	if err := s.checkCrossSite(r, id); err != nil {
		s.fail(rec, r, err)
		return
	}
	s.mux.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), identityKey{}, id)))
}

// csrfHeader carries the session's CSRF token on a state-changing API
// request signed in with the session cookie.
const csrfHeader = "X-CSRF-Token"

// safeMethod reports whether a method changes nothing.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions || m == http.MethodTrace
}

// checkCrossSite is the rule against cross-site request forgery, on top of
// SameSite cookies and the forms' CSRF tokens:
//
//   - a state-changing request (any method but GET, HEAD, OPTIONS, TRACE)
//     must come from this site: with Sec-Fetch-Site (every current
//     browser sends it) same-origin or none; without it, an Origin header,
//     when sent, must name this host;
//   - a state-changing API request signed in with the session cookie (not
//     an API token) must carry the session's CSRF token in X-CSRF-Token and
//     a body of Content-Type application/json, which no form of another
//     site can send.
func (s *Server) checkCrossSite(r *http.Request, id identity) error {
	if safeMethod(r.Method) {
		return nil
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" {
		if site != "same-origin" && site != "none" {
			return &blandby.Error{Code: blandby.CodeForbidden, Text: msg.Text("web.err.cross_site"),
				Msg: fmt.Sprintf("%s %s: a request from another site (Sec-Fetch-Site: %s) may not change anything", r.Method, r.URL.Path, site)}
		}
	} else if origin := r.Header.Get("Origin"); origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
			return &blandby.Error{Code: blandby.CodeForbidden, Text: msg.Text("web.err.cross_site"),
				Msg: fmt.Sprintf("%s %s: a request from another site (Origin %.100q) may not change anything", r.Method, r.URL.Path, origin)}
		}
	}
	if id.session == "" || !isAPI(r) {
		return nil
	}
	if !auth.CheckCSRF(id.sessionID, r.Header.Get(csrfHeader)) {
		return blandby.Told(blandby.CodeForbidden, msg.Text("web.err.csrf_header", csrfHeader))
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		return blandby.Told(blandby.CodeForbidden, msg.Text("web.err.json_type"))
	}
	return nil
}

// statusRecorder remembers the status written.
type statusRecorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *statusRecorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.ResponseWriter.Write(b)
}

// staticHandler serves the embedded assets with a day of caching: files
// only, a directory is not found (never listed).
func staticHandler(fsys fs.FS) http.Handler {
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		if fi, err := fs.Stat(fsys, name); name == "" || strings.HasSuffix(name, "/") || err != nil || fi.IsDir() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=86400")
		files.ServeHTTP(w, r)
	})
}

// tooManyError is a handler's 429 Too Many Requests; what is the message
// id of what there were too many of (see tooMany).
type tooManyError struct {
	retry time.Duration
	what  string
}

func (e *tooManyError) Error() string { return msg.T(blandby.English, e.what, 0) }

// httpStatus maps an error's stable code to an HTTP status.
func httpStatus(err error) int {
	switch blandby.CodeOf(err) {
	case blandby.CodeInvalid:
		return http.StatusBadRequest
	case blandby.CodeNotFound:
		return http.StatusNotFound
	case blandby.CodeConflict:
		return http.StatusConflict
	case blandby.CodeUnauthorized:
		return http.StatusUnauthorized
	case blandby.CodeForbidden:
		return http.StatusForbidden
	}
	if errors.Is(err, context.Canceled) {
		return 499
	}
	return http.StatusInternalServerError
}

// fail answers an error: JSON under /api/, an HTML error page elsewhere.
// Internal errors are logged and shown without their detail.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if tm := (*tooManyError)(nil); errors.As(err, &tm) {
		s.tooMany(w, r, tm.retry, tm.what)
		return
	}
	status := httpStatus(err)
	message := err.Error()
	if status == http.StatusInternalServerError {
		s.opts.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		message = "internal error"
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="blandby"`)
	}
	if isAPI(r) {
		body := apiErrorBody{Code: string(blandby.CodeOf(err)), Message: message}
		if status != http.StatusInternalServerError {
			body.Field, body.Message = blandby.Explain(err, blandby.English)
			if _, da := blandby.Explain(err, blandby.Danish); da != body.Message {
				body.Text = &blandby.Text{DA: da, EN: body.Message}
			}
		}
		writeJSON(w, status, apiError{Error: body})
		return
	}
	if status == http.StatusInternalServerError {
		message = msg.T(lang(w, r), "web.err.internal")
	} else {
		_, message = blandby.Explain(err, lang(w, r))
	}
	if status == http.StatusUnauthorized {
		s.renderSignIn(w, r, message)
		return
	}
	s.renderError(w, r, status, message)
}

func isAPI(r *http.Request) bool { return len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" }

func listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

// maxHeaderBytes bounds a request's line and headers: 16 KiB holds any
// URL a page links to and a session's cookies many times over, and a
// request beyond it is answered 431 after reading no more than that, so a
// flood of huge requests costs the server little.
const maxHeaderBytes = 16 << 10

// HTTPServer returns the HTTP server blandby serves with: its timeouts and
// header bound, and s as the handler.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: maxHeaderBytes}
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(url string)) error {
	srv := s.HTTPServer()
	srv.Addr = addr
	ln, err := listen(addr)
	if err != nil {
		return fmt.Errorf("serve on %s: %w", addr, err)
	}
	if ready != nil {
		ready("http://" + ln.Addr().String() + "/")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	tick := time.NewTicker(denialInterval)
	defer tick.Stop()
	defer s.flushDenials(context.Background())
	for {
		select {
		case <-tick.C:
			s.flushDenials(ctx)
		case err := <-errc:
			return err
		case <-ctx.Done():
			shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			return srv.Shutdown(shutdown)
		}
	}
}

// limiterFor returns the limiter an identity's requests count against
// (the anonymous one per address, else per token or user; nil when
// anonymous requests are not limited), its rate, and the key.
func (s *Server) limiterFor(id identity) (*auth.Limiter, float64, string) {
	key, anonymous := id.limitKey()
	if anonymous {
		return s.anonLimiter, s.opts.AnonymousRate, key
	}
	return s.limiter, s.opts.RequestRate, key
}

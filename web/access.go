package web

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// The default request limits: per API token or signed-in user, and per
// address for anonymous requests.
const (
	// DefaultRequestRate is the sustained requests a second allowed.
	DefaultRequestRate = 20
	// DefaultRequestBurst is the burst allowed (a page and its assets).
	DefaultRequestBurst = 120
	// DefaultAnonymousRate and DefaultAnonymousBurst are the anonymous
	// requests allowed per address: a visitor's pages and their assets.
	DefaultAnonymousRate  = 10
	DefaultAnonymousBurst = 60
)

// touchEvery is how often a token's last use is recorded at most.
const touchEvery = time.Minute

// route is one served route: its pattern ("METHOD /path", the path under
// apiPrefix for the API), the action it needs and its handler. The route
// tables (apiRoutes, pageRoutes) are the one place that says what each
// route needs; guard enforces it.
type route struct {
	pattern string
	action  auth.Action
	handler func(w http.ResponseWriter, r *http.Request) error
}

// identity is who a request acts as, found by authenticate.
type identity struct {
	p auth.Principal
	// session is the hash of the request's session ("" when the request
	// is not signed in with a session cookie).
	session string
	// sessionID is the session's secret id, the cookie's value, from
	// which its CSRF token is derived (auth.CSRFToken); never logged or
	// stored.
	sessionID string
	// tokenID is the id of the request's API token ("" when none).
	tokenID string
	// addr is the client's address (Server.clientIP), "" when not from a
	// request.
	addr string
}

type identityKey struct{}

// identityOf returns the request's identity; Anonymous when none was set.
func identityOf(r *http.Request) identity {
	if id, ok := r.Context().Value(identityKey{}).(identity); ok {
		return id
	}
	return identity{p: auth.Anonymous}
}

// actor names a principal in the audit trail.
func (id identity) actor() string {
	if id.p.Name != "" {
		return id.p.Name
	}
	return "anonymous"
}

// webActor is the request's identity as the actor of an act of package
// app, through the web.
func webActor(r *http.Request) app.Actor { return identityOf(r).appActor() }

// appActor is the identity as the actor of an act of package app, through
// the web.
func (id identity) appActor() app.Actor {
	p := id.p
	p.Name = id.actor()
	return app.Actor{Principal: p, Via: "web"}
}

// limitKey is the key the request limiter counts the request under, and
// whether the caller is anonymous (limited per address, by the anonymous
// limiter).
func (id identity) limitKey() (key string, anonymous bool) {
	switch {
	case id.tokenID != "":
		return "token:" + id.tokenID, false
	case id.p.Name != "":
		return "user:" + id.p.Name, false
	}
	return "ip:" + id.addr, true
}

// clientIP is the address the request came from: the connection's remote
// address, or, when Options.TrustedProxyHeader is set, the last address in
// that header (the one the proxy in front of the server added; the ones
// before it are the client's to forge). Without the header, or with no
// address in it, the remote address. The header is trusted only when
// configured, since anyone can send it.
func (s *Server) clientIP(r *http.Request) string {
	if name := s.opts.TrustedProxyHeader; name != "" {
		if vs := r.Header.Values(name); len(vs) > 0 {
			last := vs[len(vs)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if a, err := netip.ParseAddr(strings.TrimSpace(last)); err == nil {
				return a.Unmap().String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// errBadToken is the answer to every unusable API token, told by the
// message id of why; it never quotes the token.
func errBadToken(id string) error {
	return blandby.Told(blandby.CodeUnauthorized, msg.Text(id))
}

// authenticate finds the request's identity: an API token in an
// Authorization: Bearer header (an unusable one is an unauthorized error),
// else a session cookie (an unusable one is ignored and cleared), else
// Anonymous.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (identity, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, cred, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			return identity{}, errBadToken("web.err.token_header")
		}
		return s.tokenIdentity(ctx, strings.TrimSpace(cred))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return identity{p: auth.Anonymous}, nil
	}
	id, ok, err := s.sessionIdentity(ctx, c.Value)
	if err != nil {
		return identity{}, err
	}
	if !ok {
		s.clearCookie(w, r, sessionCookie, "/")
		return identity{p: auth.Anonymous}, nil
	}
	return id, nil
}

// tokenIdentity checks an API token: well-formed, stored, matching, not
// revoked or expired, of an enabled user. Its use is recorded.
func (s *Server) tokenIdentity(ctx context.Context, plain string) (identity, error) {
	tid, err := auth.ParseToken(plain)
	if err != nil {
		return identity{}, errBadToken("web.err.token_malformed")
	}
	t, u, err := s.st.TokenUser(ctx, tid)
	if blandby.CodeOf(err) == blandby.CodeNotFound {
		return identity{}, errBadToken("web.err.token_unknown")
	}
	if err != nil {
		return identity{}, fmt.Errorf("reading API token %s: %w", tid, err)
	}
	if !auth.TokenMatches(plain, t.Hash) {
		return identity{}, errBadToken("web.err.token_unknown")
	}
	now := time.Now()
	if t.RevokedAt != nil {
		return identity{}, errBadToken("web.err.token_revoked")
	}
	if !now.Before(t.ExpiresAt) {
		return identity{}, errBadToken("web.err.token_expired")
	}
	p, ok := principalOf(u)
	if !ok {
		return identity{}, errBadToken("web.err.token_user")
	}
	id := identity{p: p, tokenID: tid}
	s.touch(ctx, id, now)
	return id, nil
}

// sessionIdentity checks a session cookie's value: a stored session, not
// revoked or expired, of an enabled user. ok is false for an unusable one.
func (s *Server) sessionIdentity(ctx context.Context, plain string) (id identity, ok bool, err error) {
	if len(plain) != sessionIDLength {
		return identity{}, false, nil
	}
	hash := auth.SessionHash(plain)
	sess, u, err := s.st.SessionUser(ctx, hash)
	if blandby.CodeOf(err) == blandby.CodeNotFound {
		return identity{}, false, nil
	}
	if err != nil {
		return identity{}, false, fmt.Errorf("reading a session: %w", err)
	}
	if sess.RevokedAt != nil || !time.Now().Before(sess.ExpiresAt) {
		return identity{}, false, nil
	}
	p, ok := principalOf(u)
	if !ok {
		return identity{}, false, nil
	}
	return identity{p: p, session: hash, sessionID: plain}, true, nil
}

// userPrincipal returns an enabled user's principal; ok is false for a
// user that is unknown, disabled or has no valid role.
func (s *Server) userPrincipal(ctx context.Context, name string) (auth.Principal, bool, error) {
	u, err := s.st.User(ctx, name)
	if blandby.CodeOf(err) == blandby.CodeNotFound {
		return auth.Principal{}, false, nil
	}
	if err != nil {
		return auth.Principal{}, false, fmt.Errorf("reading user %s: %w", name, err)
	}
	p, ok := principalOf(u)
	return p, ok, nil
}

// principalOf returns a user's principal; ok is false for a user that is
// disabled or has no valid role.
func principalOf(u store.User) (auth.Principal, bool) {
	p := auth.Principal{Role: auth.Role(u.Role), Scope: u.Scope, Name: u.Name}
	if u.DisabledAt != nil || p.Role == auth.RolePublic || p.Validate() != nil {
		return auth.Principal{}, false
	}
	return p, true
}

// touch records a token's use, as its last use and in the audit trail, at
// most once every touchEvery per token.
func (s *Server) touch(ctx context.Context, id identity, now time.Time) {
	s.touchMu.Lock()
	last, seen := s.touched[id.tokenID]
	if seen && now.Sub(last) < touchEvery {
		s.touchMu.Unlock()
		return
	}
	s.touched[id.tokenID] = now
	s.touchMu.Unlock()
	if err := s.st.TouchToken(ctx, id.tokenID, now.UTC()); err != nil {
		s.opts.Logger.Warn("recording token use", "token_id", id.tokenID, "err", err)
	}
	s.audit(ctx, id, "token_use", "token "+id.tokenID, store.AuditOK, fmt.Sprintf("API token used (recorded at most once every %v)", touchEvery))
}

// guard wraps a route's handler: the one authorisation point for the
// route's action. A principal whose grant is its own scope only passes, and
// the handler then authorises the resource it acts on (auth.Authorize with
// the units looked up in the store). A denial of an action that is not
// public is recorded in the audit trail.
func (s *Server) guard(rt route) http.HandlerFunc {
	h := s.handle(rt.handler)
	public := auth.Allowed(auth.Anonymous, rt.action, auth.Resource{})
	return func(w http.ResponseWriter, r *http.Request) {
		id := identityOf(r)
		if err := auth.Authorize(id.p, rt.action, auth.Resource{}); err != nil && !ownGrant(id.p, rt.action) {
			if !public {
				s.audit(r.Context(), id, string(rt.action), r.Method+" "+app.CutText(r.URL.Path, maxAuditPath), store.AuditDenied, err.Error())
			}
			told := deniedError(rt, id.p, explainDenial(rt.action, err))
			if code := blandby.CodeOf(err); !isAPI(r) && (code == blandby.CodeForbidden || code == blandby.CodeUnauthorized) {
				var why error // the route's or the action's own words, if it has them
				if told != err {
					why = told
				}
				s.renderDenied(w, r, httpStatus(err), rt.action, why)
				return
			}
			s.fail(w, r, told)
			return
		}
		h(w, r)
	}
}

// deniedTexts are, by action, the message ids that tell a signed-in
// principal refused a route of the action why, in words; the features
// register theirs in init functions.
var deniedTexts = map[auth.Action]string{}

// explainDenial returns a refusal (forbidden) of action a as the action's
// words when it has them (deniedTexts), else err.
func explainDenial(a auth.Action, err error) error {
	if id, ok := deniedTexts[a]; ok && blandby.CodeOf(err) == blandby.CodeForbidden {
		return blandby.Told(blandby.CodeForbidden, msg.Text(id))
	}
	return err
}

// ownGrant reports whether p may do a within its own scope only: the guard
// lets it through, and the route's handler authorises the resource, whose
// municipality, housing organisation or landlord it looks up in the store.
func ownGrant(p auth.Principal, a auth.Action) bool {
	g, ok := auth.GrantFor(a, p.Role)
	return ok && g == auth.GrantOwn && p.Validate() == nil
}

// audit appends an entry to the audit trail; a failure is logged (the
// callers that must not go on without the entry use auditErr).
//
// An anonymous caller's denial is sampled (denialSampler): stored when it
// is the first of its action in the interval, else only counted.
func (s *Server) audit(ctx context.Context, id identity, action, object, outcome, detail string) {
	if id.p.Name == "" && outcome == store.AuditDenied {
		first, done := s.denials.sample(action, id.addr)
		s.storeDenials(ctx, done)
		if !first {
			return
		}
		detail += fmt.Sprintf(" (the first anonymous denial of %s in this interval; further ones are counted)", action)
	}
	if err := s.auditErr(ctx, id, action, object, outcome, detail); err != nil {
		s.opts.Logger.Error("audit trail", "action", action, "err", err)
	}
}

// auditErr appends an entry to the audit trail (app.Record).
func (s *Server) auditErr(ctx context.Context, id identity, action, object, outcome, detail string) error {
	return app.Record(ctx, s.st, id.appActor(), action, object, outcome, detail)
}

// tooMany answers 429 Too Many Requests with Retry-After; what is the
// message id of what there were too many of ("…; try again in %d s"), in
// the page's language, and in English for the API.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, retry time.Duration, what string) {
	secs := max(1, int(math.Ceil(retry.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	if isAPI(r) {
		writeJSON(w, http.StatusTooManyRequests, apiError{Error: apiErrorBody{Code: codeRateLimited, Message: msg.T(blandby.English, what, secs)}})
		return
	}
	s.renderError(w, r, http.StatusTooManyRequests, msg.T(lang(w, r), what, secs))
}

// codeRateLimited is the API error code of a 429 answer; it is the web
// server's own, not one of blandby's error codes.
const codeRateLimited = "rate_limited"

// maxAuditLimit bounds the entries one audit request returns.
const maxAuditLimit = 1000

// auditEntryJSON is an audit entry as the API gives it.
type auditEntryJSON struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Role     string    `json:"role"`
	Scope    string    `json:"scope"`
	Action   string    `json:"action"`
	Object   string    `json:"object"`
	Outcome  string    `json:"outcome"`
	Detail   string    `json:"detail"`
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// chainJSON is VerifyAudit's report as the API gives it.
type chainJSON struct {
	OK        bool   `json:"ok"`
	Entries   int64  `json:"entries"`
	LastSeq   int64  `json:"last_seq"`
	LastHash  string `json:"last_hash"`
	BrokenSeq int64  `json:"broken_seq"`
	Problem   string `json:"problem"`
	Detail    string `json:"detail"`
}

// auditView is the audit trail as the API and the admin page show it.
type auditView struct {
	Entries []auditEntryJSON `json:"entries"`
	Chain   chainJSON        `json:"chain"`
}

// readAudit reads ?after= and ?limit= and returns those entries and the
// chain's state, verified incrementally, or in full with ?verify=full
// (auditVerifier).
func (s *Server) readAudit(r *http.Request) (*auditView, error) {
	q := r.URL.Query()
	after, limit := int64(0), 100
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return nil, blandby.InvalidField("after", msg.Text("web.err.after", v))
		}
		after = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxAuditLimit {
			return nil, blandby.InvalidField("limit", msg.Text("web.err.limit", v, maxAuditLimit))
		}
		limit = n
	}
	entries, err := s.st.AuditLog(r.Context(), after, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the audit trail: %w", err)
	}
	full := false
	switch v := q.Get("verify"); v {
	case "":
	case "full":
		full = true
	default:
		return nil, blandby.InvalidField("verify", msg.Text("web.err.verify", v))
	}
	rep, err := s.verifyAudit(r.Context(), full)
	if err != nil {
		return nil, fmt.Errorf("verifying the audit trail: %w", err)
	}
	out := &auditView{Entries: []auditEntryJSON{}, Chain: chainJSON{OK: rep.OK, Entries: rep.Entries, LastSeq: rep.LastSeq, LastHash: rep.LastHash,
		BrokenSeq: rep.BrokenSeq, Problem: rep.Problem, Detail: rep.Detail}}
	for _, e := range entries {
		out.Entries = append(out.Entries, auditEntryJSON{Seq: e.Seq, At: e.At, Actor: e.Actor, Role: e.Role, Scope: e.Scope,
			Action: e.Action, Object: e.Object, Outcome: e.Outcome, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	return out, nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	out, err := s.readAudit(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// postedForm reads a form posted from a page of a signed-in session, of at
// most limit bytes (multipart when the request says so), and checks its
// CSRF token; a failed check is audited as a denial of action on what.
func (s *Server) postedForm(w http.ResponseWriter, r *http.Request, limit int64, action auth.Action, what string) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
	} else {
		err = r.ParseForm()
	}
	if err != nil {
		return blandby.Told(blandby.CodeInvalid, msg.Text("web.err.form_unreadable"))
	}
	who := identityOf(r)
	if who.session == "" || !auth.CheckCSRF(who.sessionID, r.PostFormValue("csrf")) {
		s.audit(r.Context(), who, string(action), what, store.AuditDenied, "CSRF check failed")
		return errFormExpired
	}
	return nil
}

package auth

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/blandby/blandby"
)

// ThrottleConfig configures a LoginThrottle.
type ThrottleConfig struct {
	// PairFailures is how many failed log-ins as one user name from one IP
	// address within Window lock that pair out, with growing lockouts: the
	// guesser is stopped, the user at another address is not.
	PairFailures int
	// IPFailures is how many failed log-ins from one IP address, whatever
	// the user names, within Window lock the address out, with growing
	// lockouts: it bounds guessing across names. It is higher than
	// PairFailures, since many users may share one address (an office, a
	// municipality's network).
	IPFailures int
	// UserFailures is how many failed log-ins as one user name, from any
	// addresses, within Window slow the name down: every further attempt
	// waits Lockout (never more), except from an address the name signed
	// in from within Known. It is much higher than PairFailures: it only
	// slows a guesser spread over many addresses, and never locks the user
	// out at an address they use.
	UserFailures int
	// Window is how long failures count: the count starts over when Window
	// has passed since the first failure it holds.
	Window time.Duration
	// Lockout is the first lockout; each further lockout of the same pair
	// or address lasts twice as long as the one before, up to MaxLockout.
	Lockout    time.Duration
	MaxLockout time.Duration
	// Forget is how long after its last failure or lockout a key is
	// forgotten altogether, its lockouts starting again from Lockout.
	Forget time.Duration
	// Known is how long a user name's successful log-in from an address is
	// remembered, exempting the address from the name's slowdown.
	Known time.Duration
	// MaxKeys bounds how many keys of each kind (pairs, addresses, user
	// names, known addresses) are remembered.
	MaxKeys int
}

// DefaultThrottleConfig returns the production configuration: 5 failures
// as one user name from one address, or 20 from one address, within 15
// minutes lock that pair or address out for 1 minute, then 2, 4, … up to 1
// hour; 100 failures as one user name from anywhere slow it to one attempt
// a minute except from addresses it signed in from within 30 days; a key
// is forgotten a day after its last failure; at most 100,000 keys of each
// kind are remembered.
func DefaultThrottleConfig() ThrottleConfig {
	return ThrottleConfig{
		PairFailures: 5,
		IPFailures:   20,
		UserFailures: 100,
		Window:       15 * time.Minute,
		Lockout:      time.Minute,
		MaxLockout:   time.Hour,
		Forget:       24 * time.Hour,
		Known:        30 * 24 * time.Hour,
		MaxKeys:      100000,
	}
}

// LoginThrottle refuses log-in attempts that have failed too often, the
// way mature identity systems do, so that a guesser is stopped without
// locking the real user out:
//
//   - per user name and IP address (the pair): after PairFailures failures
//     within the window, that pair is locked out for a lockout that doubles
//     with every further lockout up to a cap;
//   - per IP address, across user names: after IPFailures, likewise;
//   - per user name, from any address: after UserFailures, attempts are
//     slowed to one per Lockout, not locked out, and not at all from an
//     address the name signed in from within Known.
//
// A success resets the pair and makes the address known for the name (not
// the address's count: an attacker's own account must not clear it). A
// LoginThrottle is safe for concurrent use.
//
// Use: Begin before verifying the password (and refuse without verifying
// when it errs), then the Attempt's Failure or Success after. Begin
// reserves the attempt atomically: attempts under way count against the
// limits as if they had failed, so parallel attempts cannot all pass
// before the first failure is counted; Success gives the reservation back.
//
// User names are compared case-insensitively with surrounding space trimmed.
// IPv6 addresses count per /64 prefix, since one host usually has a whole
// /64; IPv4-mapped IPv6 addresses count as their IPv4 address.
type LoginThrottle struct {
	cfg ThrottleConfig
	now func() time.Time

	mu    sync.Mutex
	pairs map[string]*failState
	users map[string]*failState
	ips   map[string]*failState
	known map[string]time.Time // pair → its last successful log-in
}

type failState struct {
	fails int       // failures in the current window
	start time.Time // the window's first failure
	level int       // lockouts so far
	until time.Time // locked out until
	last  time.Time // the last failure
	// pending are the attempts begun and not yet ended.
	pending int
}

// NewLoginThrottle returns a throttle with cfg, reading the time from now
// (time.Now when nil). It panics when cfg has a non-positive field: a
// throttle is configured by code, not by input.
func NewLoginThrottle(cfg ThrottleConfig, now func() time.Time) *LoginThrottle {
	if cfg.PairFailures < 1 || cfg.UserFailures < 1 || cfg.IPFailures < 1 || cfg.Window <= 0 || cfg.Lockout <= 0 ||
		cfg.MaxLockout < cfg.Lockout || cfg.Forget <= 0 || cfg.Known <= 0 || cfg.MaxKeys < 1 {
		panic(fmt.Sprintf("auth: invalid ThrottleConfig %+v", cfg))
	}
	if now == nil {
		now = time.Now
	}
	return &LoginThrottle{cfg: cfg, now: now, pairs: map[string]*failState{}, users: map[string]*failState{},
		ips: map[string]*failState{}, known: map[string]time.Time{}}
}

// ThrottledError is Begin's and Check's refusal: the pair, the IP address or
// the user name is locked out for RetryAfter more. Its code is blandby.CodeUnauthorized; the web
// server should answer 429 Too Many Requests with a Retry-After header.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failed log-ins; try again in %s", e.RetryAfter.Round(time.Second))
}

// ErrorCode returns blandby.CodeUnauthorized.
func (e *ThrottledError) ErrorCode() blandby.Code { return blandby.CodeUnauthorized }

// Check returns nil when a log-in as user from ip may be attempted now, and a
// *ThrottledError when the pair, the address or the name is locked out (the
// longest wait). An empty user or ip is not checked. Check reserves
// nothing: log-ins use Begin.
func (t *LoginThrottle) Check(user, ip string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range t.keys(user, ip, now) {
		if s, ok := k.m[k.key]; ok && now.Before(s.until) {
			wait = max(wait, s.until.Sub(now))
		}
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	return nil
}

// Attempt is a log-in attempt reserved by Begin; end it with exactly one
// of Failure, Success and Cancel.
type Attempt struct {
	t        *LoginThrottle
	user, ip string
	ended    bool
}

// Begin reserves a log-in attempt as user from ip: it returns a
// *ThrottledError when either is locked out or when the attempts under way
// would reach a limit if they all failed; else the attempt counts as under
// way until it ends. The check and the reservation are one step.
func (t *LoginThrottle) Begin(user, ip string) (*Attempt, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	ks := t.keys(user, ip, now)
	for _, k := range ks {
		s, ok := k.m[k.key]
		if !ok {
			continue
		}
		if now.Before(s.until) {
			wait = max(wait, s.until.Sub(now))
		} else if s.pending > 0 && t.current(s, now)+s.pending >= k.limit {
			// As many attempts are under way as would lock it out:
			// wait for them to end.
			wait = max(wait, time.Second)
		}
	}
	if wait > 0 {
		return nil, &ThrottledError{RetryAfter: wait}
	}
	for _, k := range ks {
		t.state(k.m, k.key, now).pending++
	}
	return &Attempt{t: t, user: user, ip: ip}, nil
}

// Failure ends the attempt as failed: it counts against the pair, the
// address and the name, and returns the lockouts it started (none
// usually), for the log.
func (a *Attempt) Failure() []Lockout {
	if a.end() {
		return a.t.Failure(a.user, a.ip)
	}
	return nil
}

// Lockout is a lockout a failure started.
type Lockout struct {
	// Kind is what is locked out: "pair" (the user name from the address),
	// "address" or "user" (the name, slowed).
	Kind string
	// Failures is how many failures within the window started it.
	Failures int
	// For is how long it lasts.
	For time.Duration
}

// Success ends the attempt as successful (Success of the throttle).
func (a *Attempt) Success() {
	if a.end() {
		a.t.Success(a.user, a.ip)
	}
}

// Cancel ends the attempt without an outcome (the password could not be
// checked): the reservation is given back and nothing is counted.
func (a *Attempt) Cancel() { a.end() }

// end gives the reservation back; false when the attempt had ended.
func (a *Attempt) end() bool {
	t := a.t
	t.mu.Lock()
	defer t.mu.Unlock()
	if a.ended {
		return false
	}
	a.ended = true
	for _, k := range t.keys(a.user, a.ip, t.now()) {
		if s, ok := k.m[k.key]; ok && s.pending > 0 {
			s.pending--
		}
	}
	return true
}

// current returns the failures that count in s's window now.
func (t *LoginThrottle) current(s *failState, now time.Time) int {
	if t.forgotten(s, now) || s.fails > 0 && now.Sub(s.start) >= t.cfg.Window {
		return 0
	}
	return s.fails
}

// state returns key's state, made when new (making room in a full map).
func (t *LoginThrottle) state(m map[string]*failState, key string, now time.Time) *failState {
	s, ok := m[key]
	if !ok {
		if len(m) >= t.cfg.MaxKeys {
			t.shrink(m, now)
		}
		s = &failState{}
		m[key] = s
	}
	return s
}

// Failure records a failed log-in as user from ip and returns the
// lockouts it started. A failure while locked out (which Begin should have
// refused) is not counted. Prefer Begin and Attempt.Failure, which also
// reserve the attempt.
func (t *LoginThrottle) Failure(user, ip string) []Lockout {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var out []Lockout
	for _, k := range t.keys(user, ip, now) {
		if l, ok := t.fail(k, now); ok {
			out = append(out, l)
		}
	}
	return out
}

// Success records a successful log-in as user from ip: the pair's failures
// and lockouts are forgotten and the address becomes known for the name;
// the address's and the name's counts are kept.
func (t *LoginThrottle) Success(user, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	p := pairKey(user, ip)
	if p == "" {
		return
	}
	if s, ok := t.pairs[p]; ok && s.pending > 0 {
		*s = failState{pending: s.pending}
	} else {
		delete(t.pairs, p)
	}
	now := t.now()
	if _, ok := t.known[p]; !ok && len(t.known) >= t.cfg.MaxKeys {
		t.shrinkKnown(now)
	}
	t.known[p] = now
}

// shrinkKnown makes room among the known addresses: it drops those past
// Known, then, if none was, the one known longest ago.
func (t *LoginThrottle) shrinkKnown(now time.Time) {
	var oldest string
	var at time.Time
	for k, when := range t.known {
		if now.Sub(when) >= t.cfg.Known {
			delete(t.known, k)
		} else if oldest == "" || when.Before(at) {
			oldest, at = k, when
		}
	}
	if len(t.known) >= t.cfg.MaxKeys {
		delete(t.known, oldest)
	}
}

// Len returns how many user names, IP addresses and pairs the throttle
// remembers failures of.
func (t *LoginThrottle) Len() (users, ips, pairs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.users), len(t.ips), len(t.pairs)
}

type throttleKey struct {
	m     map[string]*failState
	key   string
	kind  string
	limit int
	// slow marks the name's key: its lockout is always Lockout, never
	// doubled.
	slow bool
}

// keys are the keys an attempt as user from ip counts under: the pair, the
// address and the name (not when the address is known for the name).
func (t *LoginThrottle) keys(user, ip string, now time.Time) []throttleKey {
	var ks []throttleKey
	u, i := userKey(user), ipKey(ip)
	p := pairKey(user, ip)
	if p != "" {
		ks = append(ks, throttleKey{m: t.pairs, key: p, kind: "pair", limit: t.cfg.PairFailures})
	}
	if i != "" {
		ks = append(ks, throttleKey{m: t.ips, key: i, kind: "address", limit: t.cfg.IPFailures})
	}
	if u != "" {
		if when, ok := t.known[p]; !ok || now.Sub(when) >= t.cfg.Known {
			ks = append(ks, throttleKey{m: t.users, key: u, kind: "user", limit: t.cfg.UserFailures, slow: true})
		}
	}
	return ks
}

// pairKey is the key of a user name from an address, "" unless both are
// given.
func pairKey(user, ip string) string {
	u, i := userKey(user), ipKey(ip)
	if u == "" || i == "" {
		return ""
	}
	return u + "\x00" + i
}

func userKey(user string) string { return strings.ToLower(strings.TrimSpace(user)) }

func ipKey(ip string) string {
	ip = strings.TrimSpace(ip)
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.WithZone("").Prefix(64)
		return p.String()
	}
	return a.String()
}

// fail counts a failure under k and returns the lockout it started, if
// any.
func (t *LoginThrottle) fail(k throttleKey, now time.Time) (Lockout, bool) {
	s := t.state(k.m, k.key, now)
	if t.forgotten(s, now) {
		*s = failState{pending: s.pending}
	}
	if now.Before(s.until) {
		return Lockout{}, false
	}
	if s.fails > 0 && now.Sub(s.start) >= t.cfg.Window {
		s.fails = 0
	}
	if s.fails == 0 {
		s.start = now
	}
	s.fails++
	s.last = now
	if s.fails < k.limit {
		return Lockout{}, false
	}
	d := t.cfg.Lockout
	for i := 0; !k.slow && i < s.level && d < t.cfg.MaxLockout; i++ {
		d *= 2
	}
	d = min(d, t.cfg.MaxLockout)
	s.until = now.Add(d)
	s.level++
	l := Lockout{Kind: k.kind, Failures: s.fails, For: d}
	if k.slow {
		// The name stays slowed while failures go on: one more failure
		// within the window slows it again.
		s.fails = k.limit - 1
	} else {
		s.fails = 0
	}
	return l, true
}

// forgotten reports whether s is old enough to be forgotten.
func (t *LoginThrottle) forgotten(s *failState, now time.Time) bool {
	if s.pending > 0 {
		return false
	}
	end := s.last
	if s.until.After(end) {
		end = s.until
	}
	return now.Sub(end) >= t.cfg.Forget
}

// shrink makes room in a full map: it drops the forgotten keys, then, if
// none was, the keys neither locked out nor within a window (losing their
// lockout count), then, if still full, the key not locked out whose last
// failure is oldest (a locked-out key only when every key is).
// It is linear in the map's size, which is small next to the argon2id hash
// every failure has cost.
func (t *LoginThrottle) shrink(m map[string]*failState, now time.Time) {
	for k, s := range m {
		if t.forgotten(s, now) {
			delete(m, k)
		}
	}
	if len(m) < t.cfg.MaxKeys {
		return
	}
	for k, s := range m {
		if !now.Before(s.until) && now.Sub(s.start) >= t.cfg.Window {
			delete(m, k)
		}
	}
	if len(m) < t.cfg.MaxKeys {
		return
	}
	var oldest string
	var at time.Time
	oldestLocked := true
	for k, s := range m {
		locked := now.Before(s.until)
		if oldest == "" || oldestLocked && !locked || locked == oldestLocked && s.last.Before(at) {
			oldest, at, oldestLocked = k, s.last, locked
		}
	}
	delete(m, oldest)
}

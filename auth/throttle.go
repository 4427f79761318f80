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
	// UserFailures and IPFailures are how many failed log-ins within Window
	// lock a user name or an IP address out. An IP address gets more, since
	// many users may share one (an office, a municipality's network).
	UserFailures int
	IPFailures   int
	// Window is how long failures count: the count starts over when Window
	// has passed since the first failure it holds.
	Window time.Duration
	// Lockout is the first lockout; each further lockout of the same key
	// lasts twice as long as the one before, up to MaxLockout.
	Lockout    time.Duration
	MaxLockout time.Duration
	// Forget is how long after its last failure or lockout a key is
	// forgotten altogether, its lockouts starting again from Lockout.
	Forget time.Duration
	// MaxKeys bounds how many user names and how many IP addresses are
	// remembered (each).
	MaxKeys int
}

// DefaultThrottleConfig returns the production configuration: 5 failures per
// user name or 20 per IP address within 15 minutes lock it out for 1 minute,
// then 2, 4, … up to 1 hour; a key is forgotten a day after its last
// failure; at most 100,000 keys of each kind are remembered.
func DefaultThrottleConfig() ThrottleConfig {
	return ThrottleConfig{
		UserFailures: 5,
		IPFailures:   20,
		Window:       15 * time.Minute,
		Lockout:      time.Minute,
		MaxLockout:   time.Hour,
		Forget:       24 * time.Hour,
		MaxKeys:      100000,
	}
}

// LoginThrottle refuses log-in attempts for user names and IP addresses that
// have failed too often: after the configured number of failures within the
// window, attempts are refused for a lockout that doubles with every further
// lockout up to a cap. A success resets the user name (not the IP address:
// an attacker's own account must not clear the address's count). A
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
	users map[string]*failState
	ips   map[string]*failState
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
	if cfg.UserFailures < 1 || cfg.IPFailures < 1 || cfg.Window <= 0 || cfg.Lockout <= 0 ||
		cfg.MaxLockout < cfg.Lockout || cfg.Forget <= 0 || cfg.MaxKeys < 1 {
		panic(fmt.Sprintf("auth: invalid ThrottleConfig %+v", cfg))
	}
	if now == nil {
		now = time.Now
	}
	return &LoginThrottle{cfg: cfg, now: now, users: map[string]*failState{}, ips: map[string]*failState{}}
}

// ThrottledError is Check's refusal: the user name or IP address is locked
// out for RetryAfter more. Its code is blandby.CodeUnauthorized; the web
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
// *ThrottledError when either is locked out (the longer wait of the two). An
// empty user or ip is not checked.
func (t *LoginThrottle) Check(user, ip string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range t.keys(user, ip) {
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
	ks := t.keys(user, ip)
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

// Failure ends the attempt as failed: it counts against user and ip.
func (a *Attempt) Failure() {
	if a.end() {
		a.t.Failure(a.user, a.ip)
	}
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
	for _, k := range t.keys(a.user, a.ip) {
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

// Failure records a failed log-in as user from ip. A failure while locked out
// (which Check should have refused) is not counted. Prefer Begin and
// Attempt.Failure, which also reserve the attempt.
func (t *LoginThrottle) Failure(user, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range t.keys(user, ip) {
		t.fail(k.m, k.key, k.limit, now)
	}
}

// Success records a successful log-in as user from ip: the user name's
// failures and lockouts are forgotten; the IP address's are kept.
func (t *LoginThrottle) Success(user, ip string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if u := userKey(user); u != "" {
		if s, ok := t.users[u]; ok && s.pending > 0 {
			*s = failState{pending: s.pending}
		} else {
			delete(t.users, u)
		}
	}
}

// Len returns how many user names and IP addresses the throttle remembers.
func (t *LoginThrottle) Len() (users, ips int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.users), len(t.ips)
}

type throttleKey struct {
	m     map[string]*failState
	key   string
	limit int
}

func (t *LoginThrottle) keys(user, ip string) []throttleKey {
	var ks []throttleKey
	if u := userKey(user); u != "" {
		ks = append(ks, throttleKey{t.users, u, t.cfg.UserFailures})
	}
	if i := ipKey(ip); i != "" {
		ks = append(ks, throttleKey{t.ips, i, t.cfg.IPFailures})
	}
	return ks
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

func (t *LoginThrottle) fail(m map[string]*failState, key string, limit int, now time.Time) {
	s := t.state(m, key, now)
	if t.forgotten(s, now) {
		*s = failState{pending: s.pending}
	}
	if now.Before(s.until) {
		return
	}
	if s.fails > 0 && now.Sub(s.start) >= t.cfg.Window {
		s.fails = 0
	}
	if s.fails == 0 {
		s.start = now
	}
	s.fails++
	s.last = now
	if s.fails >= limit {
		d := t.cfg.Lockout
		for i := 0; i < s.level && d < t.cfg.MaxLockout; i++ {
			d *= 2
		}
		s.until = now.Add(min(d, t.cfg.MaxLockout))
		s.level++
		s.fails = 0
	}
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

package auth

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
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
//
// NewLoginThrottle keeps the state in the process's memory (one server);
// NewSharedLoginThrottle in a ThrottleStore (the database), so that
// several servers on one database (replicas behind a load balancer) share
// one throttle: each Begin, Check and end of an attempt is one
// transaction that the store serialises against every other, and a
// reservation of a process that died lapses after PendingLapse.
type LoginThrottle struct {
	cfg ThrottleConfig
	now func() time.Time
	// shared holds the state when set; else the maps below.
	shared ThrottleStore
	// onError is told of an error of the shared store when ending an
	// attempt (Begin and Check return theirs).
	onError func(error)

	mu    sync.Mutex
	pairs map[string]*ThrottleState
	users map[string]*ThrottleState
	ips   map[string]*ThrottleState
	known map[string]time.Time // pair → its last successful log-in
}

// ThrottleState is what a LoginThrottle remembers of one key (a pair, an
// address, a user name, or a pair's last successful log-in in Last). It is
// exported for the stores that keep it (ThrottleStore).
type ThrottleState struct {
	Fails int       // failures in the current window
	Start time.Time // the window's first failure
	Level int       // lockouts so far
	Until time.Time // locked out until
	Last  time.Time // the last failure (of a known pair: its last log-in)
	// Pending are the attempts begun and not yet ended; they lapse at
	// PendingUntil (the attempts of a process that died never end).
	Pending      int
	PendingUntil time.Time
	// Expires is when the state may be forgotten (set for the stores).
	Expires time.Time
}

// PendingLapse is how long after the last reservation of a key its
// attempts under way stop counting: far longer than a password check or a
// request may take, so that only a process that died mid-attempt leaves a
// reservation to lapse.
const PendingLapse = 5 * time.Minute

// ThrottleStore keeps a shared LoginThrottle's state, for several servers
// on one database.
type ThrottleStore interface {
	// UpdateThrottle calls fn once with the states of keys, in order (the
	// zero state for a key not stored), in one transaction that no other
	// UpdateThrottle runs alongside (across processes), then stores the
	// states as fn left them: a zero state is deleted. It also deletes the
	// states that expired before now.
	UpdateThrottle(ctx context.Context, now time.Time, keys []string, fn func(states []*ThrottleState)) error
}

// NewLoginThrottle returns a throttle with cfg, in memory, reading the
// time from now (time.Now when nil). It panics when cfg has a non-positive
// field: a throttle is configured by code, not by input.
func NewLoginThrottle(cfg ThrottleConfig, now func() time.Time) *LoginThrottle {
	if cfg.PairFailures < 1 || cfg.UserFailures < 1 || cfg.IPFailures < 1 || cfg.Window <= 0 || cfg.Lockout <= 0 ||
		cfg.MaxLockout < cfg.Lockout || cfg.Forget <= 0 || cfg.Known <= 0 || cfg.MaxKeys < 1 {
		panic(fmt.Sprintf("auth: invalid ThrottleConfig %+v", cfg))
	}
	if now == nil {
		now = time.Now
	}
	return &LoginThrottle{cfg: cfg, now: now, pairs: map[string]*ThrottleState{}, users: map[string]*ThrottleState{},
		ips: map[string]*ThrottleState{}, known: map[string]time.Time{}, onError: func(error) {}}
}

// NewSharedLoginThrottle returns a throttle with cfg whose state st keeps,
// shared by every server on st's database (MaxKeys does not apply: st
// forgets a key Forget after its last failure). onError (nil: ignored) is
// told when st fails while an attempt ends; Begin and Check return st's
// errors, so that a sign-in fails closed.
func NewSharedLoginThrottle(cfg ThrottleConfig, now func() time.Time, st ThrottleStore, onError func(error)) *LoginThrottle {
	t := NewLoginThrottle(cfg, now)
	t.shared = st
	if onError != nil {
		t.onError = onError
	}
	return t
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

// throttleView is the state an attempt as a user name from an address
// counts under: the pair's, the address's and the name's (nil when its key
// is empty), and when the pair last signed in (nil without a pair).
type throttleView struct {
	pair, addr, user *ThrottleState
	known            *time.Time
}

// storeTimeout bounds one transaction of a shared throttle.
const storeTimeout = 10 * time.Second

// update runs fn on the view of an attempt as user from ip, atomically
// against every other update (across processes when shared).
func (t *LoginThrottle) update(user, ip string, fn func(v *throttleView, now time.Time)) error {
	now := t.now()
	u, i, p := userKey(user), ipKey(ip), pairKey(user, ip)
	if t.shared != nil {
		// The store holds each key as its kind and a SHA-256 of it: never
		// the name typed (it may be a password) or the address.
		var keys []string
		for _, k := range [][2]string{{"pair", p}, {"address", i}, {"user", u}, {"known", p}} {
			if k[1] != "" {
				keys = append(keys, k[0]+":"+TokenHash(k[1]))
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		return t.shared.UpdateThrottle(ctx, now, keys, func(states []*ThrottleState) {
			var v throttleView
			var known *ThrottleState
			for j, k := range keys {
				s := states[j]
				switch kind, _, _ := strings.Cut(k, ":"); kind {
				case "pair":
					v.pair = s
				case "address":
					v.addr = s
				case "user":
					v.user = s
				case "known":
					known = s
					at := s.Last
					v.known = &at
				}
			}
			t.lapse(&v, now)
			fn(&v, now)
			if known != nil {
				*known = ThrottleState{Last: *v.known}
				if !v.known.IsZero() {
					known.Expires = v.known.Add(t.cfg.Known)
				}
			}
			for _, s := range []*ThrottleState{v.pair, v.addr, v.user} {
				if s != nil && *s != (ThrottleState{}) {
					s.Expires = latest(s.Last, s.Until, s.PendingUntil).Add(t.cfg.Forget)
				}
			}
		})
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	var v throttleView
	if p != "" {
		v.pair = t.state(t.pairs, p, now)
		at := t.known[p]
		v.known = &at
	}
	if i != "" {
		v.addr = t.state(t.ips, i, now)
	}
	if u != "" {
		v.user = t.state(t.users, u, now)
	}
	t.lapse(&v, now)
	fn(&v, now)
	for _, k := range []struct {
		m   map[string]*ThrottleState
		key string
	}{{t.pairs, p}, {t.ips, i}, {t.users, u}} {
		if s, ok := k.m[k.key]; ok && *s == (ThrottleState{}) {
			delete(k.m, k.key)
		}
	}
	if p != "" {
		_, had := t.known[p]
		switch {
		case v.known.IsZero():
			delete(t.known, p)
		case !had && len(t.known) >= t.cfg.MaxKeys:
			t.shrinkKnown(now)
			fallthrough
		default:
			t.known[p] = *v.known
		}
	}
	return nil
}

// latest returns the latest of times.
func latest(times ...time.Time) time.Time {
	var l time.Time
	for _, at := range times {
		if at.After(l) {
			l = at
		}
	}
	return l
}

// lapse drops the reservations that lapsed.
func (t *LoginThrottle) lapse(v *throttleView, now time.Time) {
	for _, s := range []*ThrottleState{v.pair, v.addr, v.user} {
		if s != nil && s.Pending > 0 && !now.Before(s.PendingUntil) {
			s.Pending, s.PendingUntil = 0, time.Time{}
		}
	}
}

// Check returns nil when a log-in as user from ip may be attempted now, and a
// *ThrottledError when the pair, the address or the name is locked out (the
// longest wait). An empty user or ip is not checked. Check reserves
// nothing: log-ins use Begin. Only a shared throttle's store errs.
func (t *LoginThrottle) Check(user, ip string) error {
	var wait time.Duration
	err := t.update(user, ip, func(v *throttleView, now time.Time) {
		for _, k := range t.keys(v, now) {
			if now.Before(k.s.Until) {
				wait = max(wait, k.s.Until.Sub(now))
			}
		}
	})
	if err != nil {
		return err
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
	ended    atomic.Bool
}

// Begin reserves a log-in attempt as user from ip: it returns a
// *ThrottledError when either is locked out or when the attempts under way
// would reach a limit if they all failed; else the attempt counts as under
// way until it ends. The check and the reservation are one step (one
// transaction of a shared throttle; its store's error is returned).
func (t *LoginThrottle) Begin(user, ip string) (*Attempt, error) {
	var wait time.Duration
	err := t.update(user, ip, func(v *throttleView, now time.Time) {
		ks := t.keys(v, now)
		for _, k := range ks {
			s := k.s
			if now.Before(s.Until) {
				wait = max(wait, s.Until.Sub(now))
			} else if s.Pending > 0 && t.current(s, now)+s.Pending >= k.limit {
				// As many attempts are under way as would lock it out:
				// wait for them to end.
				wait = max(wait, time.Second)
			}
		}
		if wait > 0 {
			return
		}
		for _, k := range ks {
			k.s.Pending++
			k.s.PendingUntil = now.Add(PendingLapse)
		}
	})
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return nil, &ThrottledError{RetryAfter: wait}
	}
	return &Attempt{t: t, user: user, ip: ip}, nil
}

// Failure ends the attempt as failed: it counts against the pair, the
// address and the name, and returns the lockouts it started (none
// usually), for the log.
func (a *Attempt) Failure() []Lockout {
	var out []Lockout
	a.end(func(v *throttleView, now time.Time) { out = a.t.failure(v, now) })
	return out
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
	a.end(func(v *throttleView, now time.Time) { a.t.success(v, now) })
}

// Cancel ends the attempt without an outcome (the password could not be
// checked): the reservation is given back and nothing is counted.
func (a *Attempt) Cancel() { a.end(func(*throttleView, time.Time) {}) }

// end gives the reservation back and records the outcome, in one step;
// nothing when the attempt had ended.
func (a *Attempt) end(outcome func(v *throttleView, now time.Time)) {
	if a.ended.Swap(true) {
		return
	}
	err := a.t.update(a.user, a.ip, func(v *throttleView, now time.Time) {
		for _, s := range []*ThrottleState{v.pair, v.addr, v.user} {
			if s != nil && s.Pending > 0 {
				s.Pending--
				if s.Pending == 0 {
					s.PendingUntil = time.Time{}
				}
			}
		}
		outcome(v, now)
	})
	if err != nil {
		a.t.onError(fmt.Errorf("the sign-in throttle could not record an attempt: %w", err))
	}
}

// current returns the failures that count in s's window now.
func (t *LoginThrottle) current(s *ThrottleState, now time.Time) int {
	if t.forgotten(s, now) || s.Fails > 0 && now.Sub(s.Start) >= t.cfg.Window {
		return 0
	}
	return s.Fails
}

// state returns key's state, made when new (making room in a full map).
func (t *LoginThrottle) state(m map[string]*ThrottleState, key string, now time.Time) *ThrottleState {
	s, ok := m[key]
	if !ok {
		if len(m) >= t.cfg.MaxKeys {
			t.shrink(m, now)
		}
		s = &ThrottleState{}
		m[key] = s
	}
	return s
}

// Failure records a failed log-in as user from ip and returns the
// lockouts it started. A failure while locked out (which Begin should have
// refused) is not counted. Prefer Begin and Attempt.Failure, which also
// reserve the attempt.
func (t *LoginThrottle) Failure(user, ip string) []Lockout {
	var out []Lockout
	if err := t.update(user, ip, func(v *throttleView, now time.Time) { out = t.failure(v, now) }); err != nil {
		t.onError(fmt.Errorf("the sign-in throttle could not record a failure: %w", err))
	}
	return out
}

func (t *LoginThrottle) failure(v *throttleView, now time.Time) []Lockout {
	var out []Lockout
	for _, k := range t.keys(v, now) {
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
	if err := t.update(user, ip, t.success); err != nil {
		t.onError(fmt.Errorf("the sign-in throttle could not record a success: %w", err))
	}
}

func (t *LoginThrottle) success(v *throttleView, now time.Time) {
	if v.pair == nil {
		return
	}
	*v.pair = ThrottleState{Pending: v.pair.Pending, PendingUntil: v.pair.PendingUntil}
	*v.known = now
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
// remembers failures of in memory (none when shared).
func (t *LoginThrottle) Len() (users, ips, pairs int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.users), len(t.ips), len(t.pairs)
}

type throttleKey struct {
	s     *ThrottleState
	kind  string
	limit int
	// slow marks the name's key: its lockout is always Lockout, never
	// doubled.
	slow bool
}

// keys are the keys an attempt counts under: the pair, the address and
// the name (not when the address is known for the name).
func (t *LoginThrottle) keys(v *throttleView, now time.Time) []throttleKey {
	var ks []throttleKey
	if v.pair != nil {
		ks = append(ks, throttleKey{s: v.pair, kind: "pair", limit: t.cfg.PairFailures})
	}
	if v.addr != nil {
		ks = append(ks, throttleKey{s: v.addr, kind: "address", limit: t.cfg.IPFailures})
	}
	if v.user != nil {
		if v.known == nil || v.known.IsZero() || now.Sub(*v.known) >= t.cfg.Known {
			ks = append(ks, throttleKey{s: v.user, kind: "user", limit: t.cfg.UserFailures, slow: true})
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
	s := k.s
	if t.forgotten(s, now) {
		*s = ThrottleState{Pending: s.Pending, PendingUntil: s.PendingUntil}
	}
	if now.Before(s.Until) {
		return Lockout{}, false
	}
	if s.Fails > 0 && now.Sub(s.Start) >= t.cfg.Window {
		s.Fails = 0
	}
	if s.Fails == 0 {
		s.Start = now
	}
	s.Fails++
	s.Last = now
	if s.Fails < k.limit {
		return Lockout{}, false
	}
	d := t.cfg.Lockout
	for i := 0; !k.slow && i < s.Level && d < t.cfg.MaxLockout; i++ {
		d *= 2
	}
	d = min(d, t.cfg.MaxLockout)
	s.Until = now.Add(d)
	s.Level++
	l := Lockout{Kind: k.kind, Failures: s.Fails, For: d}
	if k.slow {
		// The name stays slowed while failures go on: one more failure
		// within the window slows it again.
		s.Fails = k.limit - 1
	} else {
		s.Fails = 0
	}
	return l, true
}

// forgotten reports whether s is old enough to be forgotten.
func (t *LoginThrottle) forgotten(s *ThrottleState, now time.Time) bool {
	if s.Pending > 0 {
		return false
	}
	end := s.Last
	if s.Until.After(end) {
		end = s.Until
	}
	return now.Sub(end) >= t.cfg.Forget
}

// shrink makes room in a full map: it drops the forgotten keys, then, if
// none was, the keys neither locked out nor within a window (losing their
// lockout count), then, if still full, the key not locked out whose last
// failure is oldest (a locked-out key only when every key is).
// It is linear in the map's size, which is small next to the argon2id hash
// every failure has cost.
func (t *LoginThrottle) shrink(m map[string]*ThrottleState, now time.Time) {
	for k, s := range m {
		if t.forgotten(s, now) {
			delete(m, k)
		}
	}
	if len(m) < t.cfg.MaxKeys {
		return
	}
	for k, s := range m {
		if !now.Before(s.Until) && now.Sub(s.Start) >= t.cfg.Window {
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
		locked := now.Before(s.Until)
		if oldest == "" || oldestLocked && !locked || locked == oldestLocked && s.Last.Before(at) {
			oldest, at, oldestLocked = k, s.Last, locked
		}
	}
	delete(m, oldest)
}

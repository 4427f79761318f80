package auth

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/blandby/blandby"
)

// testConfig: 3 failures lock a pair, 6 an address, 10 slow a name.
func testConfig() ThrottleConfig {
	return ThrottleConfig{
		PairFailures: 3, IPFailures: 6, UserFailures: 10,
		Window: 10 * time.Minute, Lockout: time.Minute, MaxLockout: 5 * time.Minute,
		Forget: time.Hour, Known: 24 * time.Hour, MaxKeys: 100,
	}
}

func testThrottle(c *clock) *LoginThrottle { return NewLoginThrottle(testConfig(), c.Now) }

// waitOf returns how long Check says to wait, or 0 when it allows.
func waitOf(t *testing.T, th *LoginThrottle, user, ip string) time.Duration {
	t.Helper()
	err := th.Check(user, ip)
	if err == nil {
		return 0
	}
	var te *ThrottledError
	if !errors.As(err, &te) || blandby.CodeOf(err) != blandby.CodeUnauthorized {
		t.Fatalf("Check: %v, want a *ThrottledError with code unauthorized", err)
	}
	return te.RetryAfter
}

func TestLoginThrottleLockoutAndBackoff(t *testing.T) {
	c := newClock()
	cfg := testConfig()
	cfg.IPFailures, cfg.UserFailures = 1000, 1000
	th := NewLoginThrottle(cfg, c.Now)
	const ip = "192.0.2.1"
	// Each lockout of the pair takes 3 failures; the lockouts are 1, 2, 4,
	// 5 (the cap), 5 minutes.
	for i, lockout := range []time.Duration{1, 2, 4, 5, 5} {
		lockout *= time.Minute
		for f := range 3 {
			if w := waitOf(t, th, "ane", ip); w != 0 {
				t.Fatalf("round %d, failure %d: refused for %v before the limit", i, f, w)
			}
			ls := th.Failure("ane", ip)
			if f == 2 && (len(ls) != 1 || ls[0] != Lockout{Kind: "pair", Failures: 3, For: lockout}) {
				t.Errorf("round %d: the third failure started %+v", i, ls)
			}
		}
		if w := waitOf(t, th, "ane", ip); w != lockout {
			t.Fatalf("round %d: locked out for %v, want %v", i, w, lockout)
		}
		th.Failure("ane", ip) // refused attempts do not count or extend
		c.Advance(lockout - time.Second)
		if w := waitOf(t, th, "ane", ip); w != time.Second {
			t.Fatalf("round %d: %v left a second before the end", i, w)
		}
		c.Advance(time.Second)
	}
	if w := waitOf(t, th, "bo", ip); w != 0 {
		t.Errorf("another user is refused for %v", w)
	}
}

// TestLoginThrottlePairNotUser: failures from one address lock that address
// out of the name; the user at another address signs in.
func TestLoginThrottlePairNotUser(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	for range 3 {
		th.Failure("ane", "198.51.100.66")
	}
	if w := waitOf(t, th, "ane", "198.51.100.66"); w != time.Minute {
		t.Errorf("the guesser waits %v, want 1m", w)
	}
	if w := waitOf(t, th, "ane", "203.0.113.7"); w != 0 {
		t.Errorf("the user at another address waits %v", w)
	}
	if w := waitOf(t, th, "bo", "198.51.100.66"); w != 0 {
		t.Errorf("another name from the guesser's address waits %v (3 of 6 failures)", w)
	}
}

// TestLoginThrottleUserSlowed: failures at one name from many addresses
// slow the name (one attempt a Lockout, never doubled), except from an
// address it signed in from.
func TestLoginThrottleUserSlowed(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	a, err := th.Begin("ane", "203.0.113.7")
	if err != nil {
		t.Fatal(err)
	}
	a.Success()
	var started []Lockout
	for i := range 10 {
		started = append(started, th.Failure("ane", fmt.Sprintf("198.51.100.%d", i))...)
	}
	if len(started) != 1 || started[0] != (Lockout{Kind: "user", Failures: 10, For: time.Minute}) {
		t.Errorf("lockouts started: %+v", started)
	}
	if w := waitOf(t, th, "ane", "198.51.100.200"); w != time.Minute {
		t.Errorf("a new address waits %v, want 1m", w)
	}
	if w := waitOf(t, th, "ane", "203.0.113.7"); w != 0 {
		t.Errorf("the user's known address waits %v", w)
	}
	// Slowed, never locked out for longer: each failure after a slowdown
	// slows again by Lockout.
	for range 3 {
		c.Advance(time.Minute)
		th.Failure("ane", "198.51.100.201")
		if w := waitOf(t, th, "ane", "198.51.100.202"); w != time.Minute {
			t.Errorf("slowed by %v, want 1m", w)
		}
	}
	// A known address is forgotten after Known.
	c.Advance(24 * time.Hour)
	for i := range 10 {
		th.Failure("ane", fmt.Sprintf("198.51.100.%d", 100+i))
	}
	if w := waitOf(t, th, "ane", "203.0.113.7"); w != time.Minute {
		t.Errorf("the address known a day ago waits %v, want 1m", w)
	}
}

func TestLoginThrottleWindowAndForget(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	const ip = "192.0.2.1"
	th.Failure("ane", ip)
	th.Failure("ane", ip)
	c.Advance(10 * time.Minute) // the window is over: the count starts again
	th.Failure("ane", ip)
	th.Failure("ane", ip)
	if w := waitOf(t, th, "ane", ip); w != 0 {
		t.Fatalf("locked out by failures in two windows: %v", w)
	}
	th.Failure("ane", ip)
	if w := waitOf(t, th, "ane", ip); w != time.Minute {
		t.Fatalf("lockout %v, want 1m", w)
	}
	// An hour after the lockout ended the pair is forgotten: the next
	// lockout is the first again.
	c.Advance(time.Minute + time.Hour)
	for range 3 {
		th.Failure("ane", ip)
	}
	if w := waitOf(t, th, "ane", ip); w != time.Minute {
		t.Errorf("lockout %v after being forgotten, want 1m", w)
	}
}

func TestLoginThrottleSuccessResetsPair(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	for range 2 {
		th.Failure("Ane", "10.0.0.1")
	}
	th.Success(" ane ", "10.0.0.1") // the same user name, folded
	for range 2 {
		th.Failure("ane", "10.0.0.1")
	}
	if w := waitOf(t, th, "ane", "10.0.0.1"); w != 0 {
		t.Fatalf("refused for %v: the success did not reset the count", w)
	}
	// The IP address has 4 failures, kept through the success; two more
	// (at other names) lock it.
	th.Failure("bo", "10.0.0.1")
	th.Failure("carl", "10.0.0.1")
	if w := waitOf(t, th, "dorte", "10.0.0.1"); w != time.Minute {
		t.Errorf("the IP address is refused for %v, want 1m", w)
	}
	// Success resets the pair's lockouts too.
	th2 := testThrottle(c)
	for range 3 {
		th2.Failure("ane", "10.0.0.2")
	}
	c.Advance(time.Minute)
	th2.Success("ane", "10.0.0.2")
	for range 3 {
		th2.Failure("ane", "10.0.0.2")
	}
	if w := waitOf(t, th2, "ane", "10.0.0.2"); w != time.Minute {
		t.Errorf("lockout %v after a success, want the first (1m)", w)
	}
}

func TestLoginThrottlePerIP(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	// Six failures from one address over six user names lock the address,
	// not the user names.
	for i := range 6 {
		th.Failure(fmt.Sprint("user", i), "192.0.2.7")
	}
	cases := []struct {
		user, ip string
		want     time.Duration
	}{
		{"user0", "192.0.2.8", 0},
		{"user9", "192.0.2.7", time.Minute},
		{"", "192.0.2.7", time.Minute},
		{"", "::ffff:192.0.2.7", time.Minute}, // IPv4-mapped is the same address
		{"user0", "", 0},
	}
	for _, c := range cases {
		if w := waitOf(t, th, c.user, c.ip); w != c.want {
			t.Errorf("Check(%q, %q) waits %v, want %v", c.user, c.ip, w, c.want)
		}
	}
	// IPv6 counts per /64.
	for i := range 6 {
		th.Failure("", fmt.Sprintf("2001:db8:1:2::%x", i+1))
	}
	if w := waitOf(t, th, "", "2001:db8:1:2:ffff::1"); w != time.Minute {
		t.Errorf("another address in the /64 waits %v, want 1m", w)
	}
	if w := waitOf(t, th, "", "2001:db8:1:3::1"); w != 0 {
		t.Errorf("another /64 waits %v", w)
	}
	// The longer of two lockouts wins.
	for range 3 {
		th.Failure("ane", "198.51.100.1")
	}
	c.Advance(30 * time.Second)
	if w := waitOf(t, th, "ane", "192.0.2.7"); w != 30*time.Second {
		t.Errorf("waits %v, want 30s", w)
	}
	if w := waitOf(t, th, "ane", "198.51.100.1"); w != 30*time.Second {
		t.Errorf("the pair waits %v, want 30s", w)
	}
}

func TestLoginThrottleMaxKeys(t *testing.T) {
	c := newClock()
	cfg := testConfig()
	cfg.PairFailures = 3
	th := NewLoginThrottle(cfg, c.Now)
	for i := range 99 {
		th.Failure(fmt.Sprint("u", i), fmt.Sprint("10.0.0.", i))
	}
	for range 3 {
		th.Failure("locked", "10.0.1.1") // the hundredth pair, locked out
	}
	c.Advance(time.Second)
	for i := range 500 {
		th.Failure(fmt.Sprint("flood", i), fmt.Sprintf("10.1.%d.%d", i/200, i%200))
		if users, ips, pairs := th.Len(); users > 100 || ips > 100 || pairs > 100 {
			t.Fatalf("%d user names, %d addresses, %d pairs remembered, the cap is 100", users, ips, pairs)
		}
	}
	// Within the window nothing is forgettable, so the oldest go first, but
	// never a locked-out key while another is not locked out.
	if _, _, pairs := th.Len(); pairs != 100 {
		t.Errorf("%d pairs remembered, want 100", pairs)
	}
	if w := waitOf(t, th, "locked", "10.0.1.1"); w != time.Minute-time.Second {
		t.Errorf("the locked-out pair waits %v after the flood, want 59s", w)
	}
	// After the window, a full map drops every key outside a window at once.
	c.Advance(11 * time.Minute)
	th.Failure("late", "10.2.0.1")
	if _, _, pairs := th.Len(); pairs != 1 {
		t.Errorf("%d pairs remembered after the window, want 1", pairs)
	}
}

func TestLoginThrottleConcurrent(t *testing.T) {
	c := newClock()
	th := NewLoginThrottle(DefaultThrottleConfig(), c.Now)
	done := make(chan bool)
	for g := range 4 {
		go func() {
			for i := range 100 {
				user, ip := fmt.Sprint("u", i%7), fmt.Sprint("10.0.0.", g)
				if a, err := th.Begin(user, ip); err == nil {
					if i%3 == 0 {
						a.Success()
					} else {
						a.Failure()
					}
				}
				c.Advance(time.Second)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	if users, ips, pairs := th.Len(); users > 7 || ips > 4 || pairs > 28 {
		t.Errorf("Len = %d, %d, %d", users, ips, pairs)
	}
}

func TestNewLoginThrottlePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("NewLoginThrottle with a zero config did not panic")
		}
	}()
	NewLoginThrottle(ThrottleConfig{}, nil)
}

// TestLoginThrottleBegin: attempts under way count against the limit, so
// parallel attempts cannot all pass before the first failure is counted;
// a success or a cancel gives the reservation back.
func TestLoginThrottleBegin(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	var began []*Attempt
	for range 10 {
		if a, err := th.Begin("ane", "192.0.2.1"); err == nil {
			began = append(began, a)
		}
	}
	if len(began) != 3 {
		t.Fatalf("%d attempts began at once, the limit is 3", len(began))
	}
	began[0].Success()
	began[1].Cancel()
	began[1].Failure() // ended already: not counted
	if _, err := th.Begin("ane", "192.0.2.1"); err != nil {
		t.Errorf("no attempt after two were given back: %v", err)
	}
	began[2].Failure()
}

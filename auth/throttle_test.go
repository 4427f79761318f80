package auth

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/blandby/blandby"
)

func testThrottle(c *clock) *LoginThrottle {
	return NewLoginThrottle(ThrottleConfig{
		UserFailures: 3, IPFailures: 5,
		Window: 10 * time.Minute, Lockout: time.Minute, MaxLockout: 5 * time.Minute,
		Forget: time.Hour, MaxKeys: 100,
	}, c.Now)
}

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
	th := testThrottle(c)
	// Each lockout takes 3 failures; the lockouts are 1, 2, 4, 5 (the cap), 5 minutes.
	for i, lockout := range []time.Duration{1, 2, 4, 5, 5} {
		lockout *= time.Minute
		for f := range 3 {
			if w := waitOf(t, th, "ane", ""); w != 0 {
				t.Fatalf("round %d, failure %d: refused for %v before the limit", i, f, w)
			}
			th.Failure("ane", "")
		}
		if w := waitOf(t, th, "ane", ""); w != lockout {
			t.Fatalf("round %d: locked out for %v, want %v", i, w, lockout)
		}
		th.Failure("ane", "") // refused attempts do not count or extend
		c.Advance(lockout - time.Second)
		if w := waitOf(t, th, "ane", ""); w != time.Second {
			t.Fatalf("round %d: %v left a second before the end", i, w)
		}
		c.Advance(time.Second)
	}
	if w := waitOf(t, th, "bo", ""); w != 0 {
		t.Errorf("another user is refused for %v", w)
	}
}

func TestLoginThrottleWindowAndForget(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	th.Failure("ane", "")
	th.Failure("ane", "")
	c.Advance(10 * time.Minute) // the window is over: the count starts again
	th.Failure("ane", "")
	th.Failure("ane", "")
	if w := waitOf(t, th, "ane", ""); w != 0 {
		t.Fatalf("locked out by failures in two windows: %v", w)
	}
	th.Failure("ane", "")
	if w := waitOf(t, th, "ane", ""); w != time.Minute {
		t.Fatalf("lockout %v, want 1m", w)
	}
	// An hour after the lockout ended the user name is forgotten: the next
	// lockout is the first again.
	c.Advance(time.Minute + time.Hour)
	for range 3 {
		th.Failure("ane", "")
	}
	if w := waitOf(t, th, "ane", ""); w != time.Minute {
		t.Errorf("lockout %v after being forgotten, want 1m", w)
	}
}

func TestLoginThrottleSuccessResetsUser(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	for range 2 {
		th.Failure("Ane", "10.0.0.1")
	}
	th.Success(" ane ", "10.0.0.1") // the same user name, folded
	for range 2 {
		th.Failure("ane", "10.0.0.1")
	}
	if w := waitOf(t, th, "ane", ""); w != 0 {
		t.Fatalf("refused for %v: the success did not reset the count", w)
	}
	// The IP address has 4 failures, kept through the success; the fifth locks it.
	th.Failure("bo", "10.0.0.1")
	if w := waitOf(t, th, "carl", "10.0.0.1"); w != time.Minute {
		t.Errorf("the IP address is refused for %v, want 1m", w)
	}
	// Success resets lockouts too.
	th2 := testThrottle(c)
	for range 3 {
		th2.Failure("ane", "")
	}
	c.Advance(time.Minute)
	th2.Success("ane", "")
	for range 3 {
		th2.Failure("ane", "")
	}
	if w := waitOf(t, th2, "ane", ""); w != time.Minute {
		t.Errorf("lockout %v after a success, want the first (1m)", w)
	}
}

func TestLoginThrottlePerIP(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	// Five failures from one address over five user names lock the address,
	// not the user names.
	for i := range 5 {
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
	for i := range 5 {
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
}

func TestLoginThrottleMaxKeys(t *testing.T) {
	c := newClock()
	th := testThrottle(c)
	for i := range 99 {
		th.Failure(fmt.Sprint("u", i), "")
	}
	for range 3 {
		th.Failure("locked", "") // the hundredth key, locked out
	}
	c.Advance(time.Second)
	for i := range 500 {
		th.Failure(fmt.Sprint("flood", i), "")
		if users, _ := th.Len(); users > 100 {
			t.Fatalf("%d user names remembered, the cap is 100", users)
		}
	}
	// Within the window nothing is forgettable, so the oldest go first, but
	// never a locked-out key while another is not locked out.
	if users, _ := th.Len(); users != 100 {
		t.Errorf("%d user names remembered, want 100", users)
	}
	if w := waitOf(t, th, "locked", ""); w != time.Minute-time.Second {
		t.Errorf("the locked-out key waits %v after the flood, want 59s", w)
	}
	// After the window, a full map drops every key outside a window at once.
	c.Advance(11 * time.Minute)
	th.Failure("late", "")
	if users, _ := th.Len(); users != 1 {
		t.Errorf("%d user names remembered after the window, want 1", users)
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
				_ = th.Check(user, ip)
				if i%3 == 0 {
					th.Success(user, ip)
				} else {
					th.Failure(user, ip)
				}
				c.Advance(time.Second)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
	if users, ips := th.Len(); users > 7 || ips > 4 {
		t.Errorf("Len = %d, %d", users, ips)
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

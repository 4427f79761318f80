package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// testThrottle: the sign-in throttle's states round-trip, a zero state is
// deleted, an expired one is forgotten.
func testThrottle(t *testing.T, st store.Store) {
	ctx := context.Background()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	want := auth.ThrottleState{Fails: 3, Start: now.Add(-time.Minute), Level: 2, Until: now.Add(time.Minute), Last: now,
		Pending: 1, PendingUntil: now.Add(auth.PendingLapse), Expires: now.Add(time.Hour)}
	check(t, st.UpdateThrottle(ctx, now, []string{"pair:a", "user:b"}, func(s []*auth.ThrottleState) {
		if *s[0] != (auth.ThrottleState{}) || *s[1] != (auth.ThrottleState{}) {
			t.Errorf("new keys have states %+v %+v", *s[0], *s[1])
		}
		*s[0] = want
	}))
	check(t, st.UpdateThrottle(ctx, now, []string{"user:b", "pair:a"}, func(s []*auth.ThrottleState) {
		if *s[1] != want || *s[0] != (auth.ThrottleState{}) {
			t.Errorf("read %+v and %+v, want %+v and the zero state", *s[1], *s[0], want)
		}
	}))
	// Past its expiry the state is forgotten.
	check(t, st.UpdateThrottle(ctx, now.Add(2*time.Hour), []string{"pair:a"}, func(s []*auth.ThrottleState) {
		if *s[0] != (auth.ThrottleState{}) {
			t.Errorf("an expired state was kept: %+v", *s[0])
		}
		s[0].Fails, s[0].Expires = 1, now.Add(3*time.Hour)
	}))
	// A zero state is deleted.
	check(t, st.UpdateThrottle(ctx, now, []string{"pair:a"}, func(s []*auth.ThrottleState) { *s[0] = auth.ThrottleState{} }))
	var n int
	check(t, raw(t, st).QueryRowContext(ctx, "SELECT COUNT(*) FROM login_throttle").Scan(&n))
	if n != 0 {
		t.Errorf("%d states left, want none", n)
	}
}

// testThrottleConcurrent: updates of the throttle through two stores on
// one database (as two processes) are serialised: no count is lost.
func testThrottleConcurrent(t *testing.T, st store.Store) {
	ctx := context.Background()
	re, ok := st.(Reopener)
	if !ok {
		t.Fatalf("%T cannot reopen its database", st)
	}
	other, err := re.Reopen(ctx)
	check(t, err)
	defer other.Close()
	now := time.Now().UTC()
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		s := st
		if w%2 == 1 {
			s = other
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				errs <- s.UpdateThrottle(ctx, now, []string{"address:192.0.2.1", "pair:x"}, func(st []*auth.ThrottleState) {
					n := st[0].Fails
					time.Sleep(time.Millisecond) // widen the window between read and write
					st[0].Fails, st[0].Expires = n+1, now.Add(time.Hour)
				})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	check(t, st.UpdateThrottle(ctx, now, []string{"address:192.0.2.1"}, func(s []*auth.ThrottleState) {
		if s[0].Fails != workers*each {
			t.Errorf("%d failures counted, want %d: updates were lost", s[0].Fails, workers*each)
		}
	}))
}

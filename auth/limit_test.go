package auth

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clock is a fake clock safe for concurrent use.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func TestLimiterBurstAndRefill(t *testing.T) {
	c := newClock()
	l := NewLimiter(2, 3, c.Now) // 2 a second, bursts of 3
	steps := []struct {
		advance time.Duration
		key     string
		allow   bool
		retry   time.Duration // RetryAfter after the call
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", true, 500 * time.Millisecond},
		{0, "a", false, 500 * time.Millisecond},
		{0, "b", true, 0}, // keys are separate
		{200 * time.Millisecond, "a", false, 300 * time.Millisecond},
		{300 * time.Millisecond, "a", true, 500 * time.Millisecond},
		{0, "a", false, 500 * time.Millisecond},
		{10 * time.Second, "a", true, 0}, // full again: 3, not 20
		{0, "a", true, 0},
		{0, "a", true, 500 * time.Millisecond},
		{0, "a", false, 500 * time.Millisecond},
		{-time.Hour, "a", false, 500 * time.Millisecond}, // a clock going back refills nothing
		// A bucket refilled without being forgotten holds no more than burst.
		{time.Hour, "c", true, 0},
		{1400 * time.Millisecond, "c", true, 0},
		{0, "c", true, 0},
		{0, "c", true, 500 * time.Millisecond},
		{0, "c", false, 500 * time.Millisecond},
	}
	for i, s := range steps {
		c.Advance(s.advance)
		if got := l.Allow(s.key); got != s.allow {
			t.Errorf("step %d: Allow(%q) = %v, want %v", i, s.key, got, s.allow)
		}
		if got := l.RetryAfter(s.key); got != s.retry {
			t.Errorf("step %d: RetryAfter(%q) = %v, want %v", i, s.key, got, s.retry)
		}
	}
	if got := l.RetryAfter("never seen"); got != 0 {
		t.Errorf("RetryAfter of a new key = %v", got)
	}
}

func TestLimiterEviction(t *testing.T) {
	c := newClock()
	l := NewLimiter(1, 2, c.Now) // full again after 2 s idle
	l.Allow("a")
	l.Allow("a")
	c.Advance(time.Second)
	l.Allow("b")
	if l.Len() != 2 {
		t.Fatalf("Len = %d, want 2", l.Len())
	}
	c.Advance(time.Second) // a idle 2 s: full, forgotten; b idle 1 s: kept
	l.Allow("c")
	if l.Len() != 2 {
		t.Errorf("Len = %d after a's bucket filled, want 2 (b, c)", l.Len())
	}

	// The cap: the least recently used key goes, the others stay.
	c2 := newClock()
	l = NewLimiter(1, 1, c2.Now)
	l.Allow("first")
	for i := range LimiterMaxKeys - 1 {
		l.Allow(fmt.Sprint("k", i))
	}
	l.Allow("first") // refused, and now the most recently used
	if l.Len() != LimiterMaxKeys {
		t.Fatalf("Len = %d, want %d", l.Len(), LimiterMaxKeys)
	}
	l.Allow("one more")
	if l.Len() != LimiterMaxKeys {
		t.Errorf("Len = %d past the cap, want %d", l.Len(), LimiterMaxKeys)
	}
	if l.Allow("first") {
		t.Error("the most recently used key was evicted")
	}
	if !l.Allow("k0") {
		t.Error("the least recently used key was not evicted (its bucket is still empty)")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	c := newClock()
	l := NewLimiter(1, 50, c.Now)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				key := "shared"
				if i%2 == 1 {
					key = fmt.Sprint("own", g)
				}
				if l.Allow(key) && key == "shared" {
					allowed.Add(1)
				}
				_ = l.RetryAfter(key)
				_ = l.Len()
			}
		})
	}
	wg.Wait()
	if got := allowed.Load(); got != 50 {
		t.Errorf("the shared key was allowed %d times without the clock moving, want the burst of 50", got)
	}
}

func TestNewLimiterPanics(t *testing.T) {
	for _, c := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewLimiter(%v, %d) did not panic", c.rate, c.burst)
				}
			}()
			NewLimiter(c.rate, c.burst, nil)
		}()
	}
}

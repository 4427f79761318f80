package auth

import (
	"container/list"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// LimiterMaxKeys is how many keys a Limiter remembers at most. When a new key
// would exceed it, the least recently used key is forgotten (its bucket
// starts full again if it returns): memory stays bounded under a flood of
// keys, at the price of not throttling keys that have not been seen for the
// longest time.
const LimiterMaxKeys = 10000

// Limiter is a token-bucket rate limiter per key (an IP address, a user, a
// token id): each key's bucket (a [rate.Limiter]) holds up to burst tokens,
// refills at rate tokens a second and spends one per allowed request. A key
// idle long enough for its bucket to be full again is forgotten, since a new
// bucket is the same. A Limiter is safe for concurrent use.
type Limiter struct {
	rate  float64
	burst int
	idle  time.Duration // after this long unused a bucket is full
	now   func() time.Time

	mu   sync.Mutex
	keys map[string]*list.Element // of *bucket
	lru  list.List                // front: most recently used
}

// bucket is one key's token bucket and when the key was last seen.
type bucket struct {
	key  string
	lim  *rate.Limiter
	last time.Time
}

// NewLimiter returns a limiter allowing rate requests a second per key with
// bursts of up to burst requests, reading the time from now (time.Now when
// nil). It panics unless rate > 0 and burst ≥ 1: a limiter is configured by
// code, not by input.
func NewLimiter(rate float64, burst int, now func() time.Time) *Limiter {
	if !(rate > 0) || math.IsInf(rate, 0) || burst < 1 {
		panic("auth: NewLimiter needs rate > 0 and burst >= 1")
	}
	if now == nil {
		now = time.Now
	}
	return &Limiter{
		rate:  rate,
		burst: burst,
		idle:  time.Duration(math.Ceil(float64(burst) / rate * float64(time.Second))),
		now:   now,
		keys:  make(map[string]*list.Element),
	}
}

// Allow reports whether key may make a request now, and if so spends a token.
func (l *Limiter) Allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.evictIdle(now)
	return l.bucket(key, now).lim.AllowN(now, 1)
}

// AllowN reports whether key may spend n tokens now, and if so spends
// them (an expensive request costs more than one).
func (l *Limiter) AllowN(key string, n int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.evictIdle(now)
	return l.bucket(key, now).lim.AllowN(now, n)
}

// RetryAfter returns how long key must wait until Allow would allow it: 0
// when it may make a request now. It rounds up, so that waiting that long is
// always enough.
func (l *Limiter) RetryAfter(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.keys[key]
	if !ok {
		return 0
	}
	tokens := e.Value.(*bucket).lim.TokensAt(l.now())
	if tokens >= 1 {
		return 0
	}
	return time.Duration(math.Ceil((1 - tokens) / l.rate * float64(time.Second)))
}

// Len returns how many keys the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// bucket returns key's bucket, making it (full) when new and marking it most
// recently used.
func (l *Limiter) bucket(key string, now time.Time) *bucket {
	if e, ok := l.keys[key]; ok {
		b := e.Value.(*bucket)
		if now.After(b.last) {
			b.last = now
		}
		l.lru.MoveToFront(e)
		return b
	}
	if len(l.keys) >= LimiterMaxKeys {
		oldest := l.lru.Back()
		l.lru.Remove(oldest)
		delete(l.keys, oldest.Value.(*bucket).key)
	}
	b := &bucket{key: key, lim: rate.NewLimiter(rate.Limit(l.rate), l.burst), last: now}
	l.keys[key] = l.lru.PushFront(b)
	return b
}

// evictIdle forgets the buckets that are full again by now. Every bucket
// refills at the same rate, so the least recently used come first.
func (l *Limiter) evictIdle(now time.Time) {
	for e := l.lru.Back(); e != nil; e = l.lru.Back() {
		b := e.Value.(*bucket)
		if now.Sub(b.last) < l.idle {
			return
		}
		l.lru.Remove(e)
		delete(l.keys, b.key)
	}
}

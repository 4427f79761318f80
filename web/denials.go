package web

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// Anonymous denials are sampled, not stored one audit entry each: anyone
// can make them, as fast as they like, and each entry costs a write and a
// place in the hash chain. In each interval (denialInterval) the first
// anonymous denial of each action is stored as it is; the rest are counted
// per action and client address, and when the interval is over (at the
// next anonymous denial, at the server's ticker, or at shutdown) the counts
// are stored as one summary entry (action anonymous_denials). Signed-in
// callers' denials are always stored one by one: they have a name and a
// rate limit.
const (
	// denialInterval is the interval of the summaries.
	denialInterval = time.Minute
	// maxDenialKeys bounds the (action, address) pairs counted in an
	// interval; the rest are counted together.
	maxDenialKeys = 10000
	// denialTop is how many (action, address) pairs a summary names.
	denialTop = 20
	// maxAuditPath bounds a request path in an audit entry (bytes).
	maxAuditPath = 256
)

// denialKey is what anonymous denials are counted under.
type denialKey struct{ action, addr string }

// denialSampler counts anonymous denials; safe for concurrent use.
type denialSampler struct {
	now func() time.Time

	mu     sync.Mutex
	start  time.Time         // the interval's start
	first  map[string]bool   // actions whose first denial is stored
	counts map[denialKey]int // the denials counted, not stored
	other  int               // counted beyond maxDenialKeys pairs
}

func newDenialSampler() *denialSampler {
	return &denialSampler{now: time.Now, first: map[string]bool{}, counts: map[denialKey]int{}}
}

// denialSummary is an interval's counts.
type denialSummary struct {
	start, end time.Time
	counts     map[denialKey]int
	other      int
}

// sample records an anonymous denial of action from addr: store reports
// whether to store it (the first of its action in the interval), and
// done, when not nil, is the interval that just ended, to store.
func (d *denialSampler) sample(action, addr string) (store bool, done *denialSummary) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	if now.Sub(d.start) >= denialInterval {
		done = d.take(now)
		d.start = now
	}
	if !d.first[action] {
		d.first[action] = true
		return true, done
	}
	k := denialKey{action, addr}
	if _, ok := d.counts[k]; ok || len(d.counts) < maxDenialKeys {
		d.counts[k]++
	} else {
		d.other++
	}
	return false, done
}

// flush ends the interval now and returns its counts (nil when none).
func (d *denialSampler) flush() *denialSummary {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	s := d.take(now)
	d.start = now
	return s
}

// take returns the interval's counts, nil when none, and starts counting
// afresh (the caller holds mu).
func (d *denialSampler) take(now time.Time) *denialSummary {
	clear(d.first)
	if len(d.counts) == 0 && d.other == 0 {
		return nil
	}
	s := &denialSummary{start: d.start, end: now, counts: d.counts, other: d.other}
	d.counts, d.other = map[denialKey]int{}, 0
	return s
}

// detail describes the summary: the total, then the pairs with the most
// denials.
func (s *denialSummary) detail() string {
	total := s.other
	keys := make([]denialKey, 0, len(s.counts))
	for k, n := range s.counts {
		keys = append(keys, k)
		total += n
	}
	slices.SortFunc(keys, func(a, b denialKey) int {
		return cmp.Or(cmp.Compare(s.counts[b], s.counts[a]), cmp.Compare(a.action, b.action), cmp.Compare(a.addr, b.addr))
	})
	var b strings.Builder
	fmt.Fprintf(&b, "%d further denials of anonymous requests from %s to %s, counted, not stored one by one (the first of each action in each %v is):",
		total, s.start.UTC().Format(time.RFC3339), s.end.UTC().Format(time.RFC3339), denialInterval)
	for i, k := range keys {
		if i == denialTop {
			fmt.Fprintf(&b, "; %d more action and address pairs", len(keys)-denialTop)
			break
		}
		sep := " "
		if i > 0 {
			sep = "; "
		}
		fmt.Fprintf(&b, "%s%s from %s: %d", sep, k.action, k.addr, s.counts[k])
	}
	if s.other > 0 {
		fmt.Fprintf(&b, "; %d from further pairs not counted apart", s.other)
	}
	return b.String()
}

// storeDenials stores an interval's summary in the audit trail.
func (s *Server) storeDenials(ctx context.Context, sum *denialSummary) {
	if sum == nil {
		return
	}
	// Stored even when the request that ended the interval has gone.
	ctx = context.WithoutCancel(ctx)
	id := identity{p: auth.Anonymous}
	if err := s.auditErr(ctx, id, "anonymous_denials", "sampled", store.AuditDenied, sum.detail()); err != nil {
		s.opts.Logger.Error("audit trail", "action", "anonymous_denials", "err", err)
	}
}

// flushDenials stores the denials counted so far.
func (s *Server) flushDenials(ctx context.Context) { s.storeDenials(ctx, s.denials.flush()) }

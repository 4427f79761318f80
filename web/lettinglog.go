package web

import (
	"context"
	"log/slog"

	"github.com/blandby/blandby/store"
)

// maxLogBatch bounds the decisions one log transaction commits.
const maxLogBatch = 1024

// decisionLog appends letting decisions to the store's log with group
// commit: one writer goroutine takes every decision queued while the
// previous transaction committed and commits them together. A request is
// answered only after its decisions' transaction has committed, so a
// decision answered is a decision logged, even if the process is killed
// the next instant; under load many requests share one commit (and one
// fsync) instead of queueing for one each.
type decisionLog struct {
	st  store.LettingStore
	log *slog.Logger
	in  chan *pendingDecisions
}

// pendingDecisions are one request's decisions and where its outcome goes.
type pendingDecisions struct {
	ds   []store.LettingDecision
	done chan error
}

func newDecisionLog(st store.LettingStore, log *slog.Logger) *decisionLog {
	l := &decisionLog{st: st, log: log, in: make(chan *pendingDecisions, maxLogBatch)}
	go l.run()
	return l
}

// AddLettingDecisions queues decisions and waits until they are committed
// (app.DecisionLog). When ctx
// ends first the decisions may still be committed; the caller answers an
// error either way, so no decision is answered that was not logged.
func (l *decisionLog) AddLettingDecisions(ctx context.Context, ds []store.LettingDecision) error {
	p := &pendingDecisions{ds: ds, done: make(chan error, 1)}
	select {
	case l.in <- p:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-p.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run is the one writer: it commits whatever is queued, batch after batch.
func (l *decisionLog) run() {
	var batch []*pendingDecisions
	var rows []store.LettingDecision
	for first := range l.in {
		batch, rows = append(batch[:0], first), append(rows[:0], first.ds...)
	more:
		for len(rows) < maxLogBatch {
			select {
			case p := <-l.in:
				batch, rows = append(batch, p), append(rows, p.ds...)
			default:
				break more
			}
		}
		err := l.st.AddLettingDecisions(context.Background(), rows)
		if err != nil && len(batch) > 1 {
			// One request's bad decision must not fail the others: retry
			// each request's decisions on their own.
			l.log.Warn("letting decision log: batch refused, committing one request at a time", "requests", len(batch), "err", err)
			for _, p := range batch {
				p.done <- l.st.AddLettingDecisions(context.Background(), p.ds)
			}
			continue
		}
		for _, p := range batch {
			p.done <- err
		}
	}
}

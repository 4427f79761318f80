package app

import (
	"context"
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/store"
)

// PublishRequest asks to publish a computed list as the official list of
// its year.
type PublishRequest struct {
	Year int
	// ComputationID is the computation to publish; 0 is the latest of the
	// year.
	ComputationID int64
	// Correction publishes a new revision of a year already published;
	// Reason is then required.
	Correction bool
	Reason     string
	// PublishedBy names who publishes, as the list records it (the
	// actor's name when empty).
	PublishedBy string
	// SoftwareVersion is the version of blandby that publishes.
	SoftwareVersion string
}

// StaleError refuses a computation that read earlier years' lists other
// than those published now: it must be computed again.
type StaleError struct {
	ComputationID int64
	Year          int
	Differences   []record.Difference
}

func (e *StaleError) Error() string {
	return fmt.Sprintf("computation %d read earlier lists that differ from those published now (%d differences, first: %s); compute list year %d again",
		e.ComputationID, len(e.Differences), e.Differences[0], e.Year)
}

// ErrorCode makes a stale computation a conflict.
func (e *StaleError) ErrorCode() blandby.Code { return blandby.CodeConflict }

// RuleSetError refuses a computation that applied another rule set than
// the one governing its list year: it must be computed again.
type RuleSetError struct {
	ComputationID    int64
	Year             int
	Applied, InForce string
}

func (e *RuleSetError) Error() string {
	return fmt.Sprintf("computation %d applied rule set %s, but %s governs list year %d", e.ComputationID, e.Applied, e.InForce, e.Year)
}

// ErrorCode makes a computation under another rule set a conflict.
func (e *RuleSetError) ErrorCode() blandby.Code { return blandby.CodeConflict }

// AlreadyPublishedError refuses a publication of a year already published
// that is not a correction.
type AlreadyPublishedError struct {
	Year int
	Err  error
}

func (e *AlreadyPublishedError) Error() string { return e.Err.Error() }

// Unwrap returns the store's conflict.
func (e *AlreadyPublishedError) Unwrap() error { return e.Err }

// Publish publishes a computation as the list of its year: the actor must
// be allowed to publish (or correct), the computation must be of the year
// and have applied the rule set governing it, and the earlier lists it read
// must be those published now. The act, done or refused, is audited.
func Publish(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, req PublishRequest) (*store.Publication, error) {
	action, object := auth.ActionPublish, fmt.Sprintf("list of %d", req.Year)
	if req.Correction {
		action = auth.ActionCorrect
	}
	pub, err := publish(ctx, st, cat, a, action, req)
	if pub != nil {
		object = fmt.Sprintf("list of %d revision %d", pub.Year, pub.Revision)
	}
	if aerr := Audit(ctx, st, a, string(action), object, "", err); err == nil && aerr != nil {
		return nil, aerr
	}
	return pub, err
}

func publish(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, action auth.Action, req PublishRequest) (*store.Publication, error) {
	if err := auth.Authorize(a.Principal, action, auth.Resource{}); err != nil {
		return nil, err
	}
	if req.Correction != (req.Reason != "") {
		return nil, blandby.Errorf(blandby.CodeInvalid, "a correction and its reason go together: a correction needs a reason, and only a correction has one")
	}
	c, err := computationToPublish(ctx, st, req.Year, req.ComputationID)
	if err != nil {
		return nil, err
	}
	if _, err := checkPublishable(ctx, st, cat, c); err != nil {
		return nil, err
	}
	by := req.PublishedBy
	if by == "" {
		by = a.Principal.Name
	}
	pub, err := st.Publish(ctx, store.PublishRequest{ComputationID: c.ID, PublishedBy: by, PublishedAt: time.Now().UTC(),
		SoftwareVersion: req.SoftwareVersion, Correction: req.Correction, Reason: req.Reason})
	if err != nil && !req.Correction && blandby.CodeOf(err) == blandby.CodeConflict {
		return nil, &AlreadyPublishedError{Year: req.Year, Err: err}
	}
	return pub, err
}

// computationToPublish reads computation id of list year, with its
// results; id 0 is the latest computation of the year.
func computationToPublish(ctx context.Context, st store.Store, year int, id int64) (*store.Computation, error) {
	if id == 0 {
		cs, err := st.Computations(ctx, year)
		if err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			return nil, blandby.Errorf(blandby.CodeNotFound, "no computation of list year %d to publish", year)
		}
		id = cs[len(cs)-1].ID
	}
	c, err := st.Computation(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Year != year {
		return nil, blandby.Errorf(blandby.CodeInvalid, "computation %d is of list year %d, not %d", id, c.Year, year)
	}
	return c, nil
}

// checkPublishable is the check every publication passes: the computation
// applied the rule set governing its year (returned), and the earlier
// lists it read are those published now.
func checkPublishable(ctx context.Context, st store.Store, cat *law.Catalog, c *store.Computation) (*law.RuleSet, error) {
	inForce, err := cat.ForListYear(c.Year)
	if err != nil {
		return nil, err
	}
	if c.RuleSet != inForce.ID {
		return inForce, &RuleSetError{ComputationID: c.ID, Year: c.Year, Applied: c.RuleSet, InForce: inForce.ID}
	}
	published, err := st.History(ctx)
	if err != nil {
		return nil, err
	}
	if diffs := record.Stale(c, inForce, published); len(diffs) > 0 {
		return inForce, &StaleError{ComputationID: c.ID, Year: c.Year, Differences: diffs}
	}
	return inForce, nil
}

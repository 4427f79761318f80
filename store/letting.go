package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/letting"
)

// LettingPolicy is one saved version of a municipality's letting policy.
// Versions are never changed or deleted: every save is a new version.
type LettingPolicy struct {
	Municipality blandby.MunicipalityCode
	// Version numbers a municipality's versions 1, 2, 3, … in the order
	// saved.
	Version int
	// Author is the name of the user who saved the version.
	Author  string
	SavedAt time.Time
	// Policy is the policy; its Municipality and Version are the row's.
	Policy letting.Policy
}

// LettingDecision is one entry of the append-only decision log. It holds
// no person attributes: the applicant is a pseudonymous reference and the
// inputs are a hash (letting.Case.InputHash), so that whoever holds the
// inputs can re-run the decision and compare.
type LettingDecision struct {
	// ID is the decision id (letting.NewID).
	ID        string
	DecidedAt time.Time
	// DecidedBy names the user who asked for the decision.
	DecidedBy    string
	RuleSet      string
	Channel      string
	Outcome      string
	Municipality blandby.MunicipalityCode
	HousingOrg   string
	AreaID       string
	Department   string
	// ApplicantRef is a pseudonymous reference (a keyed hash), never an
	// identifier in clear.
	ApplicantRef string
	// InputSHA256 is the hex SHA-256 of the canonical inputs.
	InputSHA256 string
	// Decision is the decision with its reasons, as JSON
	// (letting.Decision).
	Decision json.RawMessage
}

// LettingStore keeps the letting side of the lists (package letting): the
// municipalities' letting policies and the append-only decision log.
type LettingStore interface {
	// AddLettingPolicy stores a new version of a municipality's policy and
	// returns it with its Version, one more than the latest. When prev is
	// not -1 it is the version the author edited (0: none yet); another
	// version saved since is a conflict.
	AddLettingPolicy(ctx context.Context, p LettingPolicy, prev int) (LettingPolicy, error)
	// LettingPolicy returns a version of a municipality's policy; version
	// 0 is the latest. Not found when there is none.
	LettingPolicy(ctx context.Context, municipality, version int) (LettingPolicy, error)
	// LettingPolicies returns every version of a municipality's policy,
	// oldest first.
	LettingPolicies(ctx context.Context, municipality blandby.MunicipalityCode) ([]LettingPolicy, error)

	// AddLettingDecisions appends decisions to the log in one transaction:
	// all of them or none. An id already logged is a conflict.
	AddLettingDecisions(ctx context.Context, ds []LettingDecision) error
	// LettingDecision returns a logged decision by id.
	LettingDecision(ctx context.Context, id string) (LettingDecision, error)
	// LettingDecisions returns at most limit (> 0) decisions with an id
	// after afterID, by id (ids sort by time).
	LettingDecisions(ctx context.Context, afterID string, limit int) ([]LettingDecision, error)
	// CountLettingDecisions returns the number of logged decisions.
	CountLettingDecisions(ctx context.Context) (int64, error)
	// RecentLettingDecisions returns at most limit (> 0) decisions of a
	// scope, newest first (by id, which sorts by time), with an id before
	// beforeID ("": from the newest). A scope that names neither a
	// municipality nor a housing organisation is invalid.
	RecentLettingDecisions(ctx context.Context, scope DecisionScope, beforeID string, limit int) ([]LettingDecision, error)
}

// DecisionScope is whose letting decisions are read: a municipality's
// (every decision on a dwelling in it) or a housing organisation's (every
// decision on a dwelling of its departments).
type DecisionScope struct {
	Municipality blandby.MunicipalityCode
	HousingOrg   string
}

// PolicyAt returns the policy version in force on a decision date: of the
// versions whose ValidFrom is on or before the date, the latest saved. ok
// is false when none is.
func PolicyAt(versions []LettingPolicy, date letting.Date) (LettingPolicy, bool) {
	var best LettingPolicy
	ok := false
	for _, v := range versions {
		if v.Policy.ValidFrom.After(date.Time) {
			continue
		}
		if !ok || v.Version > best.Version {
			best, ok = v, true
		}
	}
	return best, ok
}

package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// LettingSource is what a letting decision reads. StoreLettingSource reads
// the store each time; the web server answers from its caches.
type LettingSource interface {
	// Department returns a department by id.
	Department(ctx context.Context, id string) (store.Department, error)
	// Area returns an area by id.
	Area(ctx context.Context, id string) (store.Area, error)
	// ListYears are the published list years, oldest first.
	ListYears(ctx context.Context) ([]int, error)
	// Category is the area's category on the latest revision of the
	// year's published list (None when it is not on it).
	Category(ctx context.Context, year int, areaID string) (blandby.Category, error)
	// Plan reports whether a development plan is stored for the area and
	// whether its latest version is carried out.
	Plan(ctx context.Context, areaID string) (stored, completed bool, err error)
	// Policies are a municipality's letting policy versions, oldest first.
	Policies(ctx context.Context, municipality blandby.MunicipalityCode) ([]store.LettingPolicy, error)
}

// StoreLettingSource reads what a letting decision needs from the store;
// the published history is read once, on first use.
func StoreLettingSource(st store.Store) LettingSource { return &storeLetting{st: st} }

type storeLetting struct {
	st store.Store
	h  *blandby.History
}

func (s *storeLetting) history(ctx context.Context) (*blandby.History, error) {
	if s.h == nil {
		h, err := s.st.History(ctx)
		if err != nil {
			return nil, err
		}
		s.h = h
	}
	return s.h, nil
}

func (s *storeLetting) Department(ctx context.Context, id string) (store.Department, error) {
	return s.st.Department(ctx, id)
}

func (s *storeLetting) Area(ctx context.Context, id string) (store.Area, error) {
	return s.st.Area(ctx, id)
}

func (s *storeLetting) ListYears(ctx context.Context) ([]int, error) {
	h, err := s.history(ctx)
	if err != nil {
		return nil, err
	}
	return h.Years(), nil
}

func (s *storeLetting) Category(ctx context.Context, year int, areaID string) (blandby.Category, error) {
	h, err := s.history(ctx)
	if err != nil {
		return "", err
	}
	if c, ok := h.Category(year, areaID); ok {
		return c, nil
	}
	return blandby.None, nil
}

func (s *storeLetting) Plan(ctx context.Context, areaID string) (bool, bool, error) {
	switch v, err := s.st.PlanVersion(ctx, areaID, 0); {
	case err == nil:
		return true, v.Plan.Completed, nil
	case blandby.CodeOf(err) == blandby.CodeNotFound:
		return false, false, nil
	default:
		return false, false, err
	}
}

func (s *storeLetting) Policies(ctx context.Context, municipality blandby.MunicipalityCode) ([]store.LettingPolicy, error) {
	return s.st.LettingPolicies(ctx, municipality)
}

// Standing is an area's standing on the lists on a date: the year of the
// list in force (0: none yet) and what ABL § 168 a, stk. 6 asks of the
// area (its category on each list up to that one, and its development
// plan).
type Standing struct {
	ListYear int
	*letting.AreaStanding
}

// StandingAt returns an area's standing on the lists in force on date
// under cat (law.Catalog.ListInForce).
func StandingAt(ctx context.Context, src LettingSource, cat *law.Catalog, areaID string, date time.Time) (Standing, error) {
	years, err := src.ListYears(ctx)
	if err != nil {
		return Standing{}, err
	}
	year, err := cat.ListInForce(date, years)
	if err != nil {
		return Standing{}, err
	}
	as, err := letting.StandingOn(years, year, func(y int) (blandby.Category, error) { return src.Category(ctx, y, areaID) })
	if err != nil {
		return Standing{}, err
	}
	if as.DevelopmentPlan, as.PlanCompleted, err = src.Plan(ctx, areaID); err != nil {
		return Standing{}, err
	}
	return Standing{ListYear: year, AreaStanding: as}, nil
}

// LettingTarget is the dwelling a letting is about, as the source knows
// it on the letting's date.
type LettingTarget struct {
	Department store.Department
	Area       store.Area
	// Standing is the area's standing on the lists in force on the date.
	Standing Standing
	// Policy is the municipality's letting policy in force on the date
	// (nil: none).
	Policy *letting.Policy
}

// lettingTarget reads a department, its area, the area's standing and the
// municipality's policy on date, after checking that the actor decides for
// the department through the channel: municipal allocation is the
// municipality's (allocate), every other letting the department's
// municipality's or housing organisation's (decide_letting). A refusal is
// audited.
func lettingTarget(ctx context.Context, st store.Store, src LettingSource, cat *law.Catalog, a Actor, depID string, ch letting.Channel, date letting.Date) (LettingTarget, error) {
	var t LettingTarget
	if depID == "" {
		return t, blandby.InvalidField("department", msg.Text("letting.err.department_required"))
	}
	var err error
	if t.Department, err = src.Department(ctx, depID); err != nil {
		return t, err
	}
	if t.Area, err = src.Area(ctx, t.Department.AreaID); err != nil {
		return t, err
	}
	muni := t.Area.MunicipalityCode
	action, res := auth.ActionDecideLetting, auth.Resource{Municipality: muni, HousingOrg: t.Department.HousingOrg}
	if ch == letting.MunicipalAllocation {
		action, res = auth.ActionAllocate, auth.Resource{Municipality: muni}
	}
	if err := auth.Authorize(a.Principal, action, res); err != nil {
		if aerr := Audit(ctx, st, a, string(action), "department "+depID, "", err); aerr != nil {
			return t, aerr
		}
		return t, err
	}
	if t.Standing, err = StandingAt(ctx, src, cat, t.Area.ID, date.Time); err != nil {
		return t, err
	}
	versions, err := src.Policies(ctx, t.Area.MunicipalityCode)
	if err != nil {
		return t, err
	}
	if p, ok := store.PolicyAt(versions, date); ok {
		t.Policy = &p.Policy
	}
	return t, nil
}

// LettingRequest is a letting case of a dwelling in a stored department.
type LettingRequest struct {
	// ID is the decision's id; empty gives it a new one (letting.NewID).
	ID string
	// ApplicantRef is the caller's reference for the applicant; the log
	// keeps only a hash of it.
	ApplicantRef string
	Date         letting.Date
	Department   string
	DwellingType letting.DwellingType
	Channel      letting.Channel
	Household    letting.Household
	Dispensation *letting.Dispensation
	Sublet       *letting.SubletTerms
}

// DecisionLog appends logged decisions; the store is one, the web server's
// group-committing log another. A decision is answered only once logged.
type DecisionLog interface {
	AddLettingDecisions(ctx context.Context, ds []store.LettingDecision) error
}

// lettingDateAhead is how far after today a letting case may be dated (a
// vacancy announced ahead).
const lettingDateAhead = 1 // year

// lettingDateValid checks a letting case's date: from the earliest letting
// rule set's date to lettingDateAhead after now. A decision is logged for
// good, so a date far off (9999-12-31) is refused, not decided under the
// rules of today; the refusal is an error of the field "date", told in
// Danish and English.
func lettingDateValid(lcat *letting.Catalog, date letting.Date, now time.Time) error {
	sets := lcat.All()
	if len(sets) == 0 {
		return blandby.Errorf(blandby.CodeInvalid, "letting: no letting rule set")
	}
	earliest := sets[0].ValidFrom
	for _, rs := range sets[1:] {
		if rs.ValidFrom.Before(earliest.Time) {
			earliest = rs.ValidFrom
		}
	}
	latest := letting.DateOf(now).AddDate(lettingDateAhead, 0, 0)
	if date.Before(earliest.Time) || date.After(latest) {
		return blandby.InvalidField("date", msg.Text("app.letting.date_out_of_range", date.String(), earliest.String(), latest.Format(time.DateOnly)))
	}
	return nil
}

// DecideLetting decides a letting case and logs it: the department, its
// area, the area's standing on the lists in force on the date and the
// municipality's policy then are read from src (see lettingTarget for who
// may decide; a refusal is audited), and the decision is logged, decided
// by the actor at now, before it is returned.
func DecideLetting(ctx context.Context, st store.Store, src LettingSource, cat *law.Catalog, lcat *letting.Catalog, log DecisionLog, a Actor, req LettingRequest, now time.Time) (*letting.Decision, LettingTarget, error) {
	t, err := lettingTarget(ctx, st, src, cat, a, req.Department, req.Channel, req.Date)
	if err != nil {
		return nil, t, err
	}
	if err := lettingDateValid(lcat, req.Date, now); err != nil {
		return nil, t, err
	}
	d, err := letting.Decide(lcat, letting.Case{Date: req.Date, Category: t.Standing.Category(), Channel: req.Channel, Policy: t.Policy,
		Dwelling:  letting.Dwelling{AreaID: t.Area.ID, Department: t.Department.ID, Type: req.DwellingType},
		Household: req.Household, Dispensation: req.Dispensation, Sublet: req.Sublet, Area: t.Standing.AreaStanding})
	if err != nil {
		return nil, t, err
	}
	if d.ID = req.ID; d.ID == "" {
		if d.ID, err = newDecisionID(now); err != nil {
			return nil, t, err
		}
	}
	entry, err := logEntry(d, t, a.Principal.Name, req.ApplicantRef, now)
	if err != nil {
		return nil, t, err
	}
	if err := log.AddLettingDecisions(ctx, []store.LettingDecision{entry}); err != nil {
		return nil, t, fmt.Errorf("logging letting decision: %w", err)
	}
	return d, t, nil
}

// RankRequest is a vacancy in a stored department and its applicants.
type RankRequest struct {
	Date         letting.Date
	Department   string
	DwellingType letting.DwellingType
	Channel      letting.Channel
	Applicants   []letting.Applicant
}

// RankLetting ranks a waiting list for a vacancy (letting.Rank) and logs
// every applicant's decision, as DecideLetting does one.
func RankLetting(ctx context.Context, st store.Store, src LettingSource, cat *law.Catalog, lcat *letting.Catalog, log DecisionLog, a Actor, req RankRequest, now time.Time) ([]letting.Ranked, LettingTarget, error) {
	t, err := lettingTarget(ctx, st, src, cat, a, req.Department, req.Channel, req.Date)
	if err != nil {
		return nil, t, err
	}
	if err := lettingDateValid(lcat, req.Date, now); err != nil {
		return nil, t, err
	}
	v := letting.Vacancy{Date: req.Date, Category: t.Standing.Category(), Channel: req.Channel, Policy: t.Policy, Area: t.Standing.AreaStanding,
		Dwelling: letting.Dwelling{AreaID: t.Area.ID, Department: t.Department.ID, Type: req.DwellingType}}
	ranked, err := letting.Rank(lcat, v, req.Applicants)
	if err != nil {
		return nil, t, err
	}
	entries := make([]store.LettingDecision, len(ranked))
	for i, r := range ranked {
		if r.Decision.ID, err = newDecisionID(now); err != nil {
			return nil, t, err
		}
		if entries[i], err = logEntry(r.Decision, t, a.Principal.Name, r.Ref, now); err != nil {
			return nil, t, err
		}
	}
	if err := log.AddLettingDecisions(ctx, entries); err != nil {
		return nil, t, fmt.Errorf("logging letting decisions: %w", err)
	}
	return ranked, t, nil
}

// newDecisionID is a new decision id at now (letting.NewID).
func newDecisionID(now time.Time) (string, error) {
	var e [10]byte
	if _, err := rand.Read(e[:]); err != nil {
		return "", err
	}
	return letting.NewID(now, e), nil
}

// logEntry is a decision's log entry. The dispensation's free-text note is
// not logged (it might name a person); its reason code is. The applicant's
// reference is kept only as a hash.
func logEntry(d *letting.Decision, t LettingTarget, by, ref string, now time.Time) (store.LettingDecision, error) {
	logged := *d
	if d.Dispensation != nil {
		logged.Dispensation = &letting.Dispensation{Reason: d.Dispensation.Reason}
	}
	body, err := json.Marshal(&logged)
	if err != nil {
		return store.LettingDecision{}, err
	}
	return store.LettingDecision{ID: d.ID, DecidedAt: now, DecidedBy: by, RuleSet: d.RuleSet, Channel: string(d.Channel),
		Outcome: string(d.Outcome), Municipality: t.Area.MunicipalityCode, HousingOrg: t.Department.HousingOrg, AreaID: t.Area.ID,
		Department: t.Department.ID, ApplicantRef: pseudonym(ref), InputSHA256: d.InputSHA256, Decision: body}, nil
}

// pseudonym is the reference the log keeps for an applicant: a hash, never
// the caller's reference itself.
func pseudonym(ref string) string {
	if ref == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("blandby letting applicant\x00" + ref))
	return hex.EncodeToString(sum[:])
}

// SaveLettingPolicy saves a new version of a municipality's letting policy
// (valid under the letting rules of lcat), as the municipality; prev must
// be the latest version (-1: any). The act, done, refused or failed, is
// audited.
func SaveLettingPolicy(ctx context.Context, st store.Store, lcat *letting.Catalog, a Actor, municipality blandby.MunicipalityCode, p letting.Policy, prev int, now time.Time) (store.LettingPolicy, error) {
	var v store.LettingPolicy
	res := auth.Resource{Municipality: municipality}
	err := authorised(ctx, st, a, auth.ActionLettingPolicy, res, string(auth.ActionLettingPolicy), fmt.Sprintf("letting policy %d", municipality), func() (string, error) {
		if p.Municipality == 0 {
			p.Municipality = municipality
		}
		if p.Municipality != municipality {
			return "", blandby.Errorf(blandby.CodeInvalid, "letting policy: municipality: the policy is for %d, not %d", p.Municipality, municipality)
		}
		if err := p.Validate(lcat); err != nil {
			return "", err
		}
		var err error
		v, err = st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: municipality, Author: a.Principal.Name, SavedAt: now, Policy: p}, prev)
		return fmt.Sprintf("saved version %d", v.Version), err
	})
	return v, err
}

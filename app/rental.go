package app

// The rental acts run the rental ledger (package rental) over a store: they
// read what the domain needs (agreements, decisions, the published lists
// behind a municipality's eligibility), let the domain answer, and write
// the answer in the store's transaction. Package rental itself stays free
// of I/O.

import (
	"context"
	"time"

	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// RentalStatus is a municipality's list status on date, from the published
// history and the areas' municipalities in the store.
func RentalStatus(ctx context.Context, st store.Store, cat *law.Catalog, rs *rental.RuleSet, municipality int, date time.Time) (rental.ListStatus, error) {
	h, err := st.History(ctx)
	if err != nil {
		return rental.ListStatus{}, err
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		return rental.ListStatus{}, err
	}
	mun := make(map[string]int, len(areas))
	for _, a := range areas {
		mun[a.ID] = a.MunicipalityCode
	}
	return rental.StatusAt(date, municipality, h, mun, rs.Right.EligibleLists, cat)
}

// RentalRules returns the rule set of track in force on date.
func RentalRules(track string, date time.Time) (*rental.RuleSet, error) {
	c, err := rental.Embedded()
	if err != nil {
		return nil, err
	}
	return c.At(track, date)
}

// ReportVacancy answers a vacancy under the track's rule set in force at its date
// and stores it: the agreements, decisions and list status are read first,
// the count is given inside the store's transaction.
func ReportVacancy(ctx context.Context, st store.Store, cat *law.Catalog, track string, p rental.Property, v rental.Vacancy, now time.Time) (rental.Entry, error) {
	rs, err := RentalRules(track, v.Date)
	if err != nil {
		return rental.Entry{}, err
	}
	ags, err := st.Agreements(ctx, store.RentalFilter{PropertyID: p.ID})
	if err != nil {
		return rental.Entry{}, err
	}
	ds, err := st.Decisions(ctx, p.Municipality)
	if err != nil {
		return rental.Entry{}, err
	}
	status, err := RentalStatus(ctx, st, cat, rs, p.Municipality, v.Date)
	if err != nil {
		return rental.Entry{}, err
	}
	v.PropertyID = p.ID
	return st.ReportVacancy(ctx, p.ID, func(p rental.Property, prior []rental.Entry) (rental.Entry, error) {
		return rental.Assess(rs, rental.Input{Property: p, Agreements: ags, Decisions: ds, Status: status, Prior: prior, Vacancy: v, ReportedAt: now})
	})
}

// AddAgreement checks an agreement under the track's rule set in force at
// its start and stores it.
func AddAgreement(ctx context.Context, st store.Store, track string, a rental.Agreement) error {
	rs, err := RentalRules(track, a.From)
	if err != nil {
		return err
	}
	return st.AddAgreement(ctx, a, func(p rental.Property, existing []rental.Agreement) error {
		return rental.CheckAgreement(rs, a, p, existing)
	})
}

// AddRightDecision checks a decision to use the right under the track's rule
// set in force at its date (eligibility from the lists) and stores it with
// the rule set's id.
func AddRightDecision(ctx context.Context, st store.Store, cat *law.Catalog, track string, d rental.Decision) (rental.Decision, error) {
	rs, err := RentalRules(track, d.Date)
	if err != nil {
		return d, err
	}
	d.RuleSetID = rs.ID
	status, err := RentalStatus(ctx, st, cat, rs, d.Municipality, d.Date)
	if err != nil {
		return d, err
	}
	props, err := st.Properties(ctx, store.RentalFilter{Municipality: d.Municipality})
	if err != nil {
		return d, err
	}
	if err := rental.CheckDecision(rs, d, status, props); err != nil {
		return d, err
	}
	return d, st.AddDecision(ctx, d)
}

// Allocate checks an allocation against its vacancy (under the rule set
// the vacancy was answered with, and its decision) and stores it.
func Allocate(ctx context.Context, st store.Store, a rental.Allocation) (rental.Allocation, error) {
	c, err := rental.Embedded()
	if err != nil {
		return a, err
	}
	p, err := st.Property(ctx, a.PropertyID)
	if err != nil {
		return a, err
	}
	ds, err := st.Decisions(ctx, p.Municipality)
	if err != nil {
		return a, err
	}
	return st.AddAllocation(ctx, a, func(e rental.Entry, allocated bool) (rental.Allocation, error) {
		rs, err := c.ByID(e.RuleSetID)
		if err != nil {
			return a, err
		}
		var d *rental.Decision
		for i := range ds {
			if ds[i].ID == e.DecisionID {
				d = &ds[i]
			}
		}
		return rental.CheckAllocation(rs, e, d, a, allocated)
	})
}

// Offer checks a landlord's equivalent dwelling against its vacancy and
// stores it.
func Offer(ctx context.Context, st store.Store, o rental.Offer) (rental.Offer, error) {
	c, err := rental.Embedded()
	if err != nil {
		return o, err
	}
	return st.AddOffer(ctx, o, func(e rental.Entry, allocated bool) (rental.Offer, error) {
		rs, err := c.ByID(e.RuleSetID)
		if err != nil {
			return o, err
		}
		return rental.CheckOffer(rs, e, o, allocated)
	})
}

// Claim checks a restoration claim against its vacancy and allocation and
// stores it.
func Claim(ctx context.Context, st store.Store, cl rental.Claim) error {
	c, err := rental.Embedded()
	if err != nil {
		return err
	}
	return st.AddClaim(ctx, cl, func(e rental.Entry, a *rental.Allocation) error {
		rs, err := c.ByID(e.RuleSetID)
		if err != nil {
			return err
		}
		return rental.CheckClaim(rs, e, a, cl)
	})
}

// RentalStatement sums the filter's ledger up to asOf.
func RentalStatement(ctx context.Context, st store.Store, f store.RentalFilter, asOf time.Time) (rental.Statement, error) {
	c, err := rental.Embedded()
	if err != nil {
		return rental.Statement{}, err
	}
	l, err := st.RentalLedger(ctx, f)
	if err != nil {
		return rental.Statement{}, err
	}
	return rental.BuildStatement(c, l, asOf)
}

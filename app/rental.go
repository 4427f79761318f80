package app

// The rental acts run the rental ledger (package rental) over a store: they
// read what the domain needs (agreements, decisions, the published lists
// behind a municipality's eligibility), let the domain answer, and write
// the answer in the store's transaction. Package rental itself stays free
// of I/O.

import (
	"context"
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// RentalStatus is a municipality's list status on date, from the published
// history and the areas' municipalities in the store.
func RentalStatus(ctx context.Context, st store.Store, cat *law.Catalog, rs *rental.RuleSet, municipality blandby.MunicipalityCode, date time.Time) (rental.ListStatus, error) {
	h, err := st.History(ctx)
	if err != nil {
		return rental.ListStatus{}, err
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		return rental.ListStatus{}, err
	}
	mun := make(map[string]blandby.MunicipalityCode, len(areas))
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
	return c.AtTrack(track, date)
}

// The audit actions of the rental acts (each authorised as
// auth.ActionRentalAccess on the resource it touches).
const (
	auditRentalProperty   = "rental_property"
	auditRentalAgreement  = "rental_agreement"
	auditRentalDecision   = "rental_decision"
	auditRentalVacancy    = "rental_vacancy"
	auditRentalAllocation = "rental_allocation"
	auditRentalOffer      = "rental_offer"
	auditRentalClaim      = "rental_claim"
)

// rentalAct is a rental act, authorised as rental access on the resource
// and audited as action.
func rentalAct(ctx context.Context, st store.Store, a Actor, action, object string, res auth.Resource, act func() (string, error)) error {
	return authorised(ctx, st, a, auth.ActionRentalAccess, res, action, object, act)
}

// landlordOf and municipalityOf are the resources of a property's landlord
// and municipality.
func landlordOf(p rental.Property) auth.Resource { return auth.Resource{Landlord: p.LandlordCVR} }

func municipalityOf(code blandby.MunicipalityCode) auth.Resource {
	return auth.Resource{Municipality: code}
}

func municipalityOfProperty(p rental.Property) auth.Resource { return municipalityOf(p.Municipality) }

// NotYourProperty is the answer to a property an actor may not reach,
// whether it exists or not: a landlord or municipality cannot tell another
// one's property from an unknown id, nor learn whose it is.
func NotYourProperty(id string) error {
	return blandby.Errorf(blandby.CodeNotFound, "no property %q of yours", id)
}

// rentalProperty reads the property an act on res(p) names, authorising
// before it answers anything about the property: an actor whose role may
// never act on such a resource is refused as before (403, naming nothing of
// the property); an unknown property and one of another landlord or
// municipality are answered alike, NotYourProperty (404), and the latter
// refusal is audited as action on object.
func rentalProperty(ctx context.Context, st store.Store, a Actor, action, object, id string, res func(rental.Property) auth.Resource) (rental.Property, error) {
	var own rental.Property
	if a.Principal.Role == auth.RoleLandlord {
		own.LandlordCVR = a.Principal.Scope
	}
	own.Municipality, _ = a.Principal.Municipality()
	if err := auth.Authorize(a.Principal, auth.ActionRentalAccess, res(own)); err != nil {
		if aerr := Audit(ctx, st, a, action, object, "", err); aerr != nil {
			return rental.Property{}, aerr
		}
		return rental.Property{}, err
	}
	p, err := st.Property(ctx, id)
	if blandby.CodeOf(err) == blandby.CodeNotFound {
		return rental.Property{}, NotYourProperty(id)
	}
	if err != nil {
		return rental.Property{}, err
	}
	if err := auth.Authorize(a.Principal, auth.ActionRentalAccess, res(p)); err != nil {
		if aerr := Audit(ctx, st, a, action, object, "", err); aerr != nil {
			return rental.Property{}, aerr
		}
		return rental.Property{}, NotYourProperty(id)
	}
	return p, nil
}

// readerOf is the resource of reading a property's ledger: its landlord
// and its municipality may.
func readerOf(p rental.Property) auth.Resource {
	return auth.Resource{Municipality: p.Municipality, Landlord: p.LandlordCVR}
}

// ReadableProperty returns a property the actor may read (its landlord or
// its municipality): another's property is answered as an unknown one,
// NotYourProperty.
func ReadableProperty(ctx context.Context, st store.Store, a Actor, id string) (rental.Property, error) {
	return rentalProperty(ctx, st, a, string(auth.ActionRentalAccess), "rental property "+id, id, readerOf)
}

// PutProperty registers or updates a landlord's property (and the landlord,
// when new), as its landlord, in one store transaction: a refused
// registration stores nothing.
func PutProperty(ctx context.Context, st store.Store, a Actor, p rental.Property, landlordName string) error {
	return rentalAct(ctx, st, a, auditRentalProperty, "rental property "+p.ID, landlordOf(p), func() (string, error) {
		return fmt.Sprintf("%d dwellings in municipality %d", p.Dwellings, p.Municipality),
			st.PutLandlordProperty(ctx, rental.Landlord{CVR: p.LandlordCVR, Name: landlordName}, p)
	})
}

// ReportVacancy answers a vacancy of a property under the track's rule set
// in force at its date and stores it, as the property's landlord: the
// agreements, decisions and list status are read first, the count is given
// inside the store's transaction.
func ReportVacancy(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, track, propertyID string, v rental.Vacancy, now time.Time) (rental.Entry, error) {
	p, err := rentalProperty(ctx, st, a, auditRentalVacancy, "rental property "+propertyID, propertyID, landlordOf)
	if err != nil {
		return rental.Entry{}, err
	}
	var e rental.Entry
	err = rentalAct(ctx, st, a, auditRentalVacancy, "rental property "+p.ID, landlordOf(p), func() (string, error) {
		if v.Date.IsZero() {
			return "", blandby.Errorf(blandby.CodeInvalid, "vacancy: missing date")
		}
		var err error
		if e, err = reportVacancy(ctx, st, cat, track, p, v, now); err != nil {
			return "", err
		}
		return fmt.Sprintf("vacancy no. %d (%s): %s", e.Seq, e.Dwelling.ID, e.Route), nil
	})
	return e, err
}

func reportVacancy(ctx context.Context, st store.Store, cat *law.Catalog, track string, p rental.Property, v rental.Vacancy, now time.Time) (rental.Entry, error) {
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
// its start and stores it, as the municipality of its property.
func AddAgreement(ctx context.Context, st store.Store, a Actor, track string, ag rental.Agreement) error {
	p, err := rentalProperty(ctx, st, a, auditRentalAgreement, "rental agreement "+ag.ID, ag.PropertyID, municipalityOfProperty)
	if err != nil {
		return err
	}
	if ag.Municipality == 0 {
		ag.Municipality = p.Municipality // the property's, as the form gives none
	}
	return rentalAct(ctx, st, a, auditRentalAgreement, "rental agreement "+ag.ID, municipalityOf(p.Municipality), func() (string, error) {
		rs, err := RentalRules(track, ag.From)
		if err != nil {
			return "", err
		}
		err = st.AddAgreement(ctx, ag, func(p rental.Property, existing []rental.Agreement) error {
			return rental.CheckAgreement(rs, ag, p, existing)
		})
		return fmt.Sprintf("%s on property %s", ag.Kind, ag.PropertyID), err
	})
}

// AddRightDecision checks a municipality's decision to use the right under
// the track's rule set in force at its date (eligibility from the lists)
// and stores it with the rule set's id, as that municipality.
func AddRightDecision(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, track string, d rental.Decision) (rental.Decision, error) {
	err := rentalAct(ctx, st, a, auditRentalDecision, "rental decision "+d.ID, municipalityOf(d.Municipality), func() (string, error) {
		rs, err := RentalRules(track, d.Date)
		if err != nil {
			return "", err
		}
		d.RuleSetID = rs.ID
		status, err := RentalStatus(ctx, st, cat, rs, d.Municipality, d.Date)
		if err != nil {
			return "", err
		}
		props, err := st.Properties(ctx, store.RentalFilter{Municipality: d.Municipality})
		if err != nil {
			return "", err
		}
		if err := rental.CheckDecision(rs, d, status, props); err != nil {
			return "", err
		}
		return fmt.Sprintf("right to every 10th vacancy (rule set %s) from %s on %d properties", d.RuleSetID, d.Date.Format(time.DateOnly), len(d.Properties)),
			st.AddDecision(ctx, d)
	})
	return d, err
}

// vacancyObject names a vacancy in the audit trail.
func vacancyObject(propertyID string, seq int) string {
	return fmt.Sprintf("rental vacancy %s/%d", propertyID, seq)
}

// Allocate checks an allocation against its vacancy (under the rule set
// the vacancy was answered with, and its decision) and stores it, as the
// municipality of the property.
func Allocate(ctx context.Context, st store.Store, a Actor, al rental.Allocation) (rental.Allocation, error) {
	p, err := rentalProperty(ctx, st, a, auditRentalAllocation, vacancyObject(al.PropertyID, al.Seq), al.PropertyID, municipalityOfProperty)
	if err != nil {
		return al, err
	}
	err = rentalAct(ctx, st, a, auditRentalAllocation, vacancyObject(al.PropertyID, al.Seq), municipalityOf(p.Municipality), func() (string, error) {
		c, err := rental.Embedded()
		if err != nil {
			return "", err
		}
		ds, err := st.Decisions(ctx, p.Municipality)
		if err != nil {
			return "", err
		}
		al, err = st.AddAllocation(ctx, al, func(e rental.Entry, allocated bool) (rental.Allocation, error) {
			rs, err := c.ByID(e.RuleSetID)
			if err != nil {
				return al, err
			}
			var d *rental.Decision
			for i := range ds {
				if ds[i].ID == e.DecisionID {
					d = &ds[i]
				}
			}
			return rental.CheckAllocation(rs, e, d, al, allocated)
		})
		return "target group " + al.TargetGroup, err
	})
	return al, err
}

// Offer checks a landlord's equivalent dwelling against its vacancy and
// stores it, as the property's landlord.
func Offer(ctx context.Context, st store.Store, a Actor, o rental.Offer) (rental.Offer, error) {
	p, err := rentalProperty(ctx, st, a, auditRentalOffer, vacancyObject(o.PropertyID, o.Seq), o.PropertyID, landlordOf)
	if err != nil {
		return o, err
	}
	err = rentalAct(ctx, st, a, auditRentalOffer, vacancyObject(o.PropertyID, o.Seq), landlordOf(p), func() (string, error) {
		c, err := rental.Embedded()
		if err != nil {
			return "", err
		}
		o, err = st.AddOffer(ctx, o, func(e rental.Entry, allocated bool) (rental.Offer, error) {
			rs, err := c.ByID(e.RuleSetID)
			if err != nil {
				return o, err
			}
			return rental.CheckOffer(rs, e, o, allocated)
		})
		return "equivalent dwelling " + o.Dwelling.ID, err
	})
	return o, err
}

// Claim checks a restoration claim against its vacancy and allocation and
// stores it, as the property's landlord.
func Claim(ctx context.Context, st store.Store, a Actor, cl rental.Claim) error {
	p, err := rentalProperty(ctx, st, a, auditRentalClaim, vacancyObject(cl.PropertyID, cl.Seq), cl.PropertyID, landlordOf)
	if err != nil {
		return err
	}
	return rentalAct(ctx, st, a, auditRentalClaim, vacancyObject(cl.PropertyID, cl.Seq), landlordOf(p), func() (string, error) {
		c, err := rental.Embedded()
		if err != nil {
			return "", err
		}
		return fmt.Sprintf("restoration %d kr.", cl.Amount), st.AddClaim(ctx, cl, func(e rental.Entry, al *rental.Allocation) error {
			rs, err := c.ByID(e.RuleSetID)
			if err != nil {
				return err
			}
			return rental.CheckClaim(rs, e, al, cl)
		})
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

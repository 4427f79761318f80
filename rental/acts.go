package rental

import (
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// CheckAgreement validates an agreement on a property under the rule set in
// force at its start, against the agreements the property already has (at
// most one every-Nth agreement at a time; a dwelling named in at most one
// agreement at a time).
func CheckAgreement(rs *RuleSet, a Agreement, p Property, existing []Agreement) error {
	if err := validID("agreement id", a.ID); err != nil {
		return err
	}
	if a.PropertyID != p.ID {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s names property %q, checked against %q", a.ID, a.PropertyID, p.ID)
	}
	if a.Municipality != p.Municipality {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s: municipality %d, but property %s lies in municipality %d", a.ID, a.Municipality, p.ID, p.Municipality)
	}
	if a.From.IsZero() || (!a.To.IsZero() && a.To.Before(a.From)) {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s: expected a start date and an end date not before it", a.ID)
	}
	if a.Compensation < 0 {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s: compensation %d kr.: expected 0 or more", a.ID, a.Compensation)
	}
	if p.Dwellings < rs.Property.MinDwellings {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s: property %s has %d dwellings; an agreement needs at least %d (%s, rule set %s)",
			a.ID, p.ID, p.Dwellings, rs.Property.MinDwellings, rs.Property.LegalRef, rs.ID)
	}
	ref := rs.Agreements.LegalRef
	switch a.Kind {
	case EveryNth:
		if a.N < rs.Agreements.MinN {
			return blandby.Errorf(blandby.CodeInvalid, "agreement %s: every %dth vacancy: N must be at least %d (%s, rule set %s)", a.ID, a.N, rs.Agreements.MinN, ref, rs.ID)
		}
		if a.MaxShare.Sign() <= 0 || a.MaxShare.Cmp(blandby.RatioInt(1)) > 0 {
			return blandby.Errorf(blandby.CodeInvalid, "agreement %s: max_share %s: expected a share above 0 and at most 1", a.ID, a.MaxShare)
		}
		if len(a.Dwellings) > 0 {
			return blandby.Errorf(blandby.CodeInvalid, "agreement %s: an every-Nth agreement names no dwellings", a.ID)
		}
	case Named:
		n := len(a.Dwellings)
		limit := rs.Agreements.NamedShare.MulInt(int64(p.Dwellings))
		if n < rs.Agreements.NamedMin || blandby.RatioInt(int64(n)).Cmp(limit) > 0 {
			return blandby.Errorf(blandby.CodeInvalid, "agreement %s: %d named dwellings: expected at least %d and at most %s of the property's %d (%s, rule set %s)",
				a.ID, n, rs.Agreements.NamedMin, rs.Agreements.NamedShare, p.Dwellings, ref, rs.ID)
		}
		seen := map[string]bool{}
		for _, d := range a.Dwellings {
			if err := validID("dwelling id", d); err != nil {
				return err
			}
			if seen[d] {
				return blandby.Errorf(blandby.CodeInvalid, "agreement %s: dwelling %s named twice", a.ID, d)
			}
			seen[d] = true
		}
		if a.N != 0 || a.MaxShare.Sign() != 0 {
			return blandby.Errorf(blandby.CodeInvalid, "agreement %s: a named-dwellings agreement has no n or max_share", a.ID)
		}
	default:
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s: kind %q: expected %q or %q", a.ID, a.Kind, EveryNth, Named)
	}
	for _, o := range existing {
		if o.PropertyID != p.ID || o.ID == a.ID || !overlap(a, o) {
			continue
		}
		if a.Kind == EveryNth && o.Kind == EveryNth {
			return blandby.Errorf(blandby.CodeConflict, "agreement %s overlaps every-Nth agreement %s on property %s", a.ID, o.ID, p.ID)
		}
		for _, d := range a.Dwellings {
			if slices.Contains(o.Dwellings, d) {
				return blandby.Errorf(blandby.CodeConflict, "agreement %s: dwelling %s is already named in agreement %s for the same period", a.ID, d, o.ID)
			}
		}
	}
	return nil
}

func overlap(a, b Agreement) bool {
	aEndsBefore := !a.To.IsZero() && a.To.Before(b.From)
	bEndsBefore := !b.To.IsZero() && b.To.Before(a.From)
	return !aEndsBefore && !bEndsBefore
}

// CheckDecision validates a municipality's decision to use the right: the
// rule set in force must have the right on, the municipality must be
// eligible on the list in force at the decision date (status), it must say
// why agreements are not enough, name a target group the right allows, and
// cover properties in the municipality large enough for the right.
func CheckDecision(rs *RuleSet, d Decision, status ListStatus, props []Property) error {
	if err := validID("decision id", d.ID); err != nil {
		return err
	}
	ref := rs.Right.LegalRef
	if !rs.Right.Enabled {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: the right to every %dth vacancy does not apply under rule set %s (%s)", d.ID, rs.Right.Every, rs.ID, ref)
	}
	if d.Date.IsZero() {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: missing date", d.ID)
	}
	if !status.Eligible {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: %s (%s)", d.ID, status.Explain().EN, ref)
	}
	if d.N != 0 && d.N < rs.Right.Every {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: n %d: the right gives at most every %dth vacancy, so n must be %d or more (%s)", d.ID, d.N, rs.Right.Every, rs.Right.Every, ref)
	}
	if len(d.Reason) < 10 {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: reason: say why agreements are not enough (at least 10 characters)", d.ID)
	}
	if !slices.Contains(rs.Right.TargetGroups, d.TargetGroup) {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: target group %q: the right allows only %v (%s)", d.ID, d.TargetGroup, rs.Right.TargetGroups, ref)
	}
	if len(d.Properties) == 0 {
		return blandby.Errorf(blandby.CodeInvalid, "decision %s: covers no property", d.ID)
	}
	for _, id := range d.Properties {
		i := slices.IndexFunc(props, func(p Property) bool { return p.ID == id })
		if i < 0 {
			return blandby.Errorf(blandby.CodeNotFound, "decision %s: no property %q", d.ID, id)
		}
		p := props[i]
		if p.Municipality != d.Municipality {
			return blandby.Errorf(blandby.CodeInvalid, "decision %s: property %s lies in municipality %d, not %d", d.ID, p.ID, p.Municipality, d.Municipality)
		}
		if p.Dwellings < rs.Right.MinDwellings {
			return blandby.Errorf(blandby.CodeInvalid, "decision %s: property %s has %d dwellings; the right covers properties of at least %d (%s)", d.ID, p.ID, p.Dwellings, rs.Right.MinDwellings, ref)
		}
	}
	return nil
}

// Offer is an equivalent dwelling a landlord offers instead of a vacancy
// that went to the municipality by the right.
type Offer struct {
	PropertyID string    `json:"property_id"`
	Seq        int       `json:"seq"`
	Date       time.Time `json:"date"`
	Dwelling   Dwelling  `json:"dwelling"`
	Reasons    []Reason  `json:"reasons"`
}

// CheckOffer validates a substitution: only a vacancy the right gave the
// municipality, not yet allocated, and an equivalent dwelling of the same
// property (same rooms when the rule says so; floor area and rent within
// the rule set's margins).
func CheckOffer(rs *RuleSet, e Entry, o Offer, allocated bool) (Offer, error) {
	if o.PropertyID != e.PropertyID || o.Seq != e.Seq {
		return o, blandby.Errorf(blandby.CodeInvalid, "offer for %s/%d checked against entry %s/%d", o.PropertyID, o.Seq, e.PropertyID, e.Seq)
	}
	if e.Route != RouteRight {
		return o, blandby.Errorf(blandby.CodeInvalid, "vacancy %s/%d went by %s: only a vacancy taken by the right can be substituted", e.PropertyID, e.Seq, e.Route)
	}
	if allocated {
		return o, blandby.Errorf(blandby.CodeConflict, "vacancy %s/%d is already allocated", e.PropertyID, e.Seq)
	}
	if err := o.Dwelling.Validate(); err != nil {
		return o, err
	}
	if o.Date.Before(e.Date) {
		return o, blandby.Errorf(blandby.CodeInvalid, "offer for %s/%d dated before the vacancy", e.PropertyID, e.Seq)
	}
	if o.Dwelling.ID == e.Dwelling.ID {
		return o, blandby.Errorf(blandby.CodeInvalid, "offer for %s/%d names the same dwelling %s", e.PropertyID, e.Seq, e.Dwelling.ID)
	}
	orig, sub, s := e.Dwelling, o.Dwelling, rs.Right.Substitution
	if s.SameRooms && orig.Rooms != sub.Rooms {
		return o, blandby.Errorf(blandby.CodeInvalid, "offered dwelling %s has %d rooms, not %d: not equivalent (%s)", sub.ID, sub.Rooms, orig.Rooms, rs.Right.LegalRef)
	}
	diff := blandby.RatioInt(int64(sub.AreaM2 - orig.AreaM2)).Abs()
	if diff.Cmp(s.MaxAreaDifference.MulInt(int64(orig.AreaM2))) > 0 {
		return o, blandby.Errorf(blandby.CodeInvalid, "offered dwelling %s has %d m², the vacant one %d m²: differs by more than %s of it (%s)", sub.ID, sub.AreaM2, orig.AreaM2, s.MaxAreaDifference, rs.Right.LegalRef)
	}
	maxRent := blandby.RatioInt(1).Add(s.MaxRentIncrease).MulInt(orig.Rent)
	if blandby.RatioInt(sub.Rent).Cmp(maxRent) > 0 {
		return o, blandby.Errorf(blandby.CodeInvalid, "offered dwelling %s costs %d kr. a month, more than the vacant one's %d kr. allows (%s)", sub.ID, sub.Rent, orig.Rent, rs.Right.LegalRef)
	}
	o.Reasons = []Reason{{Rule: "right.substitution", LegalRef: rs.Right.LegalRef, Text: msg.Text("rental.acts.landlord_offers_dwelling_rooms", sub.ID, sub.Rooms, sub.AreaM2, sub.Rent, orig.ID, orig.Rooms, orig.AreaM2, orig.Rent)}}
	return o, nil
}

// Allocation is the municipality's allocation of a dwelling it obtained.
type Allocation struct {
	PropertyID string    `json:"property_id"`
	Seq        int       `json:"seq"`
	Date       time.Time `json:"date"`
	// ApplicantRef is a pseudonymous reference, never a CPR number.
	ApplicantRef string   `json:"applicant_ref"`
	TargetGroup  string   `json:"target_group"`
	Reasons      []Reason `json:"reasons"`
}

// CheckAllocation validates an allocation: the vacancy must be the
// municipality's and not yet allocated; a dwelling obtained by the right
// goes only to the decision's target group, one obtained by agreement to
// any target group of the rule set.
func CheckAllocation(rs *RuleSet, e Entry, d *Decision, a Allocation, allocated bool) (Allocation, error) {
	if a.PropertyID != e.PropertyID || a.Seq != e.Seq {
		return a, blandby.Errorf(blandby.CodeInvalid, "allocation for %s/%d checked against entry %s/%d", a.PropertyID, a.Seq, e.PropertyID, e.Seq)
	}
	if !e.Municipal() {
		return a, blandby.Errorf(blandby.CodeInvalid, "vacancy %s/%d is the landlord's, not the municipality's to allocate", e.PropertyID, e.Seq)
	}
	if allocated {
		return a, blandby.Errorf(blandby.CodeConflict, "vacancy %s/%d is already allocated", e.PropertyID, e.Seq)
	}
	if err := ValidApplicantRef(a.ApplicantRef); err != nil {
		return a, err
	}
	if a.Date.Before(e.Date) {
		return a, blandby.Errorf(blandby.CodeInvalid, "allocation of %s/%d dated before the vacancy", e.PropertyID, e.Seq)
	}
	g, ok := rs.TargetGroup(a.TargetGroup)
	if !ok {
		return a, blandby.Errorf(blandby.CodeInvalid, "target group %q is not one of rule set %s", a.TargetGroup, rs.ID)
	}
	if e.Route == RouteRight {
		if d == nil || d.ID != e.DecisionID {
			return a, blandby.Errorf(blandby.CodeInternal, "vacancy %s/%d: decision %s not given", e.PropertyID, e.Seq, e.DecisionID)
		}
		if a.TargetGroup != d.TargetGroup {
			return a, blandby.Errorf(blandby.CodeInvalid, "vacancy %s/%d was obtained by the right under decision %s and goes only to its target group %q, not %q (%s)",
				e.PropertyID, e.Seq, d.ID, d.TargetGroup, a.TargetGroup, rs.Right.LegalRef)
		}
	}
	const toGroup = "rental.acts.allocated_to_target_group"
	a.Reasons = []Reason{{Rule: "allocation." + string(e.Route), LegalRef: rs.Right.LegalRef,
		Text: blandby.Text{DA: msg.T(blandby.Danish, toGroup, g.Label.DA), EN: msg.T(blandby.English, toGroup, g.Label.EN)}}}
	if e.Route == RouteAgreement {
		a.Reasons[0].LegalRef = rs.Agreements.LegalRef
	}
	return a, nil
}

// Claim is the landlord's claim under the restoration guarantee when a
// tenant the municipality allocated moves out.
type Claim struct {
	PropertyID string    `json:"property_id"`
	Seq        int       `json:"seq"`
	Date       time.Time `json:"date"`
	// Amount is in whole kroner.
	Amount int64  `json:"amount"`
	Note   string `json:"note"`
}

// CheckClaim validates a restoration claim: the guarantee must apply, the
// dwelling must have been obtained by the right and allocated before.
func CheckClaim(rs *RuleSet, e Entry, alloc *Allocation, c Claim) error {
	if !rs.Duties.RestorationGuarantee {
		return blandby.Errorf(blandby.CodeInvalid, "rule set %s has no restoration guarantee", rs.ID)
	}
	if !e.Municipal() {
		return blandby.Errorf(blandby.CodeInvalid, "vacancy %s/%d went to the landlord: the restoration guarantee covers dwellings the municipality obtained (%s)", e.PropertyID, e.Seq, rs.Duties.LegalRef)
	}
	if alloc == nil {
		return blandby.Errorf(blandby.CodeInvalid, "vacancy %s/%d was never allocated: there is no tenant's restoration duty to guarantee", e.PropertyID, e.Seq)
	}
	if c.Amount <= 0 {
		return blandby.Errorf(blandby.CodeInvalid, "claim on %s/%d: amount %d kr.: expected more than 0", e.PropertyID, e.Seq, c.Amount)
	}
	if c.Date.Before(alloc.Date) {
		return blandby.Errorf(blandby.CodeInvalid, "claim on %s/%d dated before the allocation", e.PropertyID, e.Seq)
	}
	return nil
}

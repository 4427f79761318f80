package rental

import (
	"slices"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/explain"
	"github.com/blandby/blandby/msg"
)

// CheckAgreement validates an agreement on a property under the rule set in
// force at its start, against the agreements the property already has (at
// most one every-Nth agreement at a time; a dwelling named in at most one
// agreement at a time).
func CheckAgreement(rs *RuleSet, a Agreement, p Property, existing []Agreement) error {
	if err := validID("id", a.ID); err != nil {
		return err
	}
	if a.PropertyID != p.ID {
		return blandby.Errorf(blandby.CodeInvalid, "agreement %s names property %q, checked against %q", a.ID, a.PropertyID, p.ID)
	}
	if a.Municipality != p.Municipality {
		return blandby.InvalidField("municipality", msg.Text("rental.err.property_elsewhere", p.ID, int(p.Municipality), int(a.Municipality)))
	}
	if a.From.IsZero() || (!a.To.IsZero() && a.To.Before(a.From)) {
		if a.From.IsZero() {
			return blandby.InvalidField("from", msg.Text("rental.err.agreement_from"))
		}
		return blandby.InvalidField("to", msg.Text("rental.err.agreement_to"))
	}
	if a.Compensation < 0 {
		return blandby.InvalidField("compensation", msg.Text("rental.err.compensation"))
	}
	if p.Dwellings < rs.Property.MinDwellings {
		return blandby.InvalidField("property_id", msg.Text("rental.err.agreement_property_small", p.ID, p.Dwellings, rs.Property.MinDwellings, rs.Property.LegalRef, rs.ID))
	}
	ref := rs.Agreements.LegalRef
	switch a.Kind {
	case EveryNth:
		if a.N < rs.Agreements.MinN {
			return blandby.InvalidField("n", msg.Text("rental.err.agreement_n", a.N, rs.Agreements.MinN, ref, rs.ID))
		}
		if a.MaxShare.Sign() <= 0 || a.MaxShare.Cmp(blandby.RatioInt(1)) > 0 {
			return blandby.InvalidField("max_share", msg.Text("rental.err.max_share", a.MaxShare.String()))
		}
		if len(a.Dwellings) > 0 {
			return blandby.InvalidField("dwellings", msg.Text("rental.err.every_nth_names_dwellings"))
		}
	case Named:
		n := len(a.Dwellings)
		limit := rs.Agreements.NamedShare.MulInt(int64(p.Dwellings))
		if n < rs.Agreements.NamedMin || blandby.RatioInt(int64(n)).Cmp(limit) > 0 {
			return blandby.InvalidField("dwellings", msg.Text("rental.err.named_count", n, p.Dwellings, rs.Agreements.NamedMin, rs.Agreements.NamedShare.String(), ref, rs.ID))
		}
		seen := map[string]bool{}
		for _, d := range a.Dwellings {
			if err := validID("dwellings", d); err != nil {
				return err
			}
			if seen[d] {
				return blandby.InvalidField("dwellings", msg.Text("rental.err.named_twice", d))
			}
			seen[d] = true
		}
		if a.N != 0 || a.MaxShare.Sign() != 0 {
			return blandby.InvalidField("n", msg.Text("rental.err.named_has_n"))
		}
	default:
		return blandby.InvalidField("kind", msg.Text("rental.err.kind", a.Kind, EveryNth, Named))
	}
	for _, o := range existing {
		if o.PropertyID != p.ID || o.ID == a.ID || !overlap(a, o) {
			continue
		}
		if a.Kind == EveryNth && o.Kind == EveryNth {
			return conflictField("from", msg.Text("rental.err.overlaps_every_nth", o.ID, p.ID))
		}
		for _, d := range a.Dwellings {
			if slices.Contains(o.Dwellings, d) {
				return conflictField("dwellings", msg.Text("rental.err.already_named", d, o.ID))
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
	if err := validID("id", d.ID); err != nil {
		return err
	}
	ref := rs.Right.LegalRef
	if !rs.Right.Enabled {
		return blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.right_off", rs.Right.Every, rs.ID, ref))
	}
	if d.Date.IsZero() {
		return blandby.InvalidField("date", msg.Text("rental.err.date_missing"))
	}
	if !status.Eligible {
		why := status.Explain()
		return blandby.Told(blandby.CodeInvalid, blandby.Text{DA: why.DA + " (" + ref + ")", EN: why.EN + " (" + ref + ")"})
	}
	if d.N != 0 && d.N < rs.Right.Every {
		return blandby.InvalidField("n", msg.Text("rental.err.decision_n", rs.Right.Every, rs.Right.Every, d.N, ref))
	}
	if len(d.Reason) < 10 {
		return blandby.InvalidField("reason", msg.Text("rental.err.reason", 10))
	}
	if !slices.Contains(rs.Right.TargetGroups, d.TargetGroup) {
		return blandby.InvalidField("target_group", msg.Text("rental.err.decision_target_group", d.TargetGroup, strings.Join(rs.Right.TargetGroups, ", "), ref))
	}
	if len(d.Properties) == 0 {
		return blandby.InvalidField("properties", msg.Text("rental.err.no_property"))
	}
	for _, id := range d.Properties {
		i := slices.IndexFunc(props, func(p Property) bool { return p.ID == id })
		if i < 0 {
			return &blandby.Error{Code: blandby.CodeNotFound, Err: blandby.InvalidField("properties", msg.Text("rental.err.unknown_property", id))}
		}
		p := props[i]
		if p.Municipality != d.Municipality {
			return blandby.InvalidField("properties", msg.Text("rental.err.property_elsewhere", p.ID, int(p.Municipality), int(d.Municipality)))
		}
		if p.Dwellings < rs.Right.MinDwellings {
			return blandby.InvalidField("properties", msg.Text("rental.err.decision_property_small", p.ID, p.Dwellings, rs.Right.MinDwellings, ref))
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
		return o, blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.offer_not_right", e.Seq, e.PropertyID))
	}
	if allocated {
		return o, blandby.Told(blandby.CodeConflict, msg.Text("rental.err.already_allocated", e.Seq, e.PropertyID))
	}
	if err := o.Dwelling.Validate(); err != nil {
		return o, err
	}
	if o.Date.Before(e.Date) {
		return o, blandby.InvalidField("date", msg.Text("rental.err.before_vacancy", e.Date.Format(time.DateOnly)))
	}
	if o.Dwelling.ID == e.Dwelling.ID {
		return o, blandby.InvalidField("dwelling.id", msg.Text("rental.err.offer_same_dwelling", e.Dwelling.ID))
	}
	orig, sub, s := e.Dwelling, o.Dwelling, rs.Right.Substitution
	if s.SameRooms && orig.Rooms != sub.Rooms {
		return o, blandby.InvalidField("dwelling.rooms", msg.Text("rental.err.offer_rooms", sub.Rooms, orig.Rooms, rs.Right.LegalRef))
	}
	diff := blandby.RatioInt(int64(sub.AreaM2 - orig.AreaM2)).Abs()
	if diff.Cmp(s.MaxAreaDifference.MulInt(int64(orig.AreaM2))) > 0 {
		return o, blandby.InvalidField("dwelling.area_m2", msg.Text("rental.err.offer_area", sub.AreaM2, orig.AreaM2, s.MaxAreaDifference.String(), rs.Right.LegalRef))
	}
	maxRent := blandby.RatioInt(1).Add(s.MaxRentIncrease).MulInt(orig.Rent)
	if blandby.RatioInt(sub.Rent).Cmp(maxRent) > 0 {
		const id = "rental.err.offer_rent"
		return o, blandby.InvalidField("dwelling.rent", blandby.Text{
			DA: msg.T(blandby.Danish, id, explain.Int(sub.Rent, blandby.Danish), explain.Int(orig.Rent, blandby.Danish), rs.Right.LegalRef),
			EN: msg.T(blandby.English, id, explain.Int(sub.Rent, blandby.English), explain.Int(orig.Rent, blandby.English), rs.Right.LegalRef)})
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
		return a, blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.landlords_vacancy", e.Seq, e.PropertyID))
	}
	if allocated {
		return a, blandby.Told(blandby.CodeConflict, msg.Text("rental.err.already_allocated", e.Seq, e.PropertyID))
	}
	if err := ValidApplicantRef(a.ApplicantRef); err != nil {
		return a, err
	}
	if a.Date.Before(e.Date) {
		return a, blandby.InvalidField("date", msg.Text("rental.err.before_vacancy", e.Date.Format(time.DateOnly)))
	}
	g, ok := rs.TargetGroup(a.TargetGroup)
	if !ok {
		return a, blandby.InvalidField("target_group", msg.Text("rental.err.target_group", a.TargetGroup, rs.ID))
	}
	if e.Route == RouteRight {
		if d == nil || d.ID != e.DecisionID {
			return a, blandby.Errorf(blandby.CodeInternal, "vacancy %s/%d: decision %s not given", e.PropertyID, e.Seq, e.DecisionID)
		}
		if a.TargetGroup != d.TargetGroup {
			return a, blandby.InvalidField("target_group", msg.Text("rental.err.right_target_group", d.ID, d.TargetGroup, a.TargetGroup, rs.Right.LegalRef))
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
		return blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.no_guarantee", rs.ID))
	}
	if !e.Municipal() {
		return blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.claim_landlords", e.Seq, e.PropertyID, rs.Duties.LegalRef))
	}
	if alloc == nil {
		return blandby.Told(blandby.CodeInvalid, msg.Text("rental.err.claim_never_allocated", e.Seq, e.PropertyID))
	}
	if c.Amount <= 0 {
		return blandby.InvalidField("amount", msg.Text("rental.err.claim_amount"))
	}
	if c.Date.Before(alloc.Date) {
		return blandby.InvalidField("date", msg.Text("rental.err.claim_before_allocation", alloc.Date.Format(time.DateOnly)))
	}
	return nil
}

// conflictField is a conflict with what is already recorded, told in
// Danish and English, that belongs to a field of the request: its code is
// blandby.CodeConflict, and blandby.Explain names the field.
func conflictField(field string, text blandby.Text) error {
	return &blandby.Error{Code: blandby.CodeConflict, Err: blandby.InvalidField(field, text)}
}

package rental

import (
	"fmt"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Route says whose a vacancy is.
type Route string

// The routes.
const (
	// RouteAgreement: the municipality's under an agreement.
	RouteAgreement Route = "agreement"
	// RouteRight: the municipality's under the right to every Nth vacancy.
	RouteRight Route = "right"
	// RouteLandlord: the landlord lets the dwelling itself.
	RouteLandlord Route = "landlord"
)

// Entry is one line of the vacancy ledger: a reported vacancy and the
// answer it got.
type Entry struct {
	PropertyID   string                   `json:"property_id"`
	Municipality blandby.MunicipalityCode `json:"municipality"`
	LandlordCVR  string                   `json:"landlord_cvr"`
	// Seq counts the vacancies reported for the property: 1, 2, 3, …
	Seq        int       `json:"seq"`
	Dwelling   Dwelling  `json:"dwelling"`
	Date       time.Time `json:"date"`
	ReportedAt time.Time `json:"reported_at"`
	Route      Route     `json:"route"`
	// AgreementID and AgreementCount: the agreement the vacancy was counted
	// under and its count there (for a named dwelling: how many times the
	// agreement has given a dwelling).
	AgreementID    string `json:"agreement_id,omitempty"`
	AgreementCount int    `json:"agreement_count,omitempty"`
	// DecisionID and RightCount: the decision whose right the vacancy was
	// counted under and its count there; RightCount is 0 when the vacancy
	// did not count.
	DecisionID string `json:"decision_id,omitempty"`
	RightCount int    `json:"right_count,omitempty"`
	// Repeat is true for a dwelling the municipality obtained before and
	// gets again (it counts in no sequence and under no cap).
	Repeat bool `json:"repeat,omitempty"`
	// Status is the municipality's list status at the vacancy date.
	Status    ListStatus `json:"status"`
	RuleSetID string     `json:"rule_set"`
	Reasons   []Reason   `json:"reasons"`
}

// Municipal reports whether the vacancy went to the municipality.
func (e Entry) Municipal() bool { return e.Route == RouteAgreement || e.Route == RouteRight }

// Input is what the ledger needs to answer one vacancy.
type Input struct {
	Property Property
	// Agreements and Decisions of the property's municipality; those that
	// do not concern the property are ignored.
	Agreements []Agreement
	Decisions  []Decision
	// Status is the municipality's list status at the vacancy date.
	Status ListStatus
	// Prior are the property's earlier entries, by Seq.
	Prior      []Entry
	Vacancy    Vacancy
	ReportedAt time.Time
}

// Assess answers a reported vacancy: the municipality's (by which agreement
// or by the right, at which count, under which cap) or the landlord's, and
// why. A dwelling the municipality obtained before is its again (lov om
// kommunal anvisningsret § 1, stk. 5). Otherwise agreements come first; a
// vacancy that goes by agreement does not count under the right. The right
// counts the vacancies after the decision date while the municipality is
// eligible on the list in force.
func Assess(rs *RuleSet, in Input) (Entry, error) {
	p, v := in.Property, in.Vacancy
	if v.PropertyID != p.ID {
		return Entry{}, blandby.Errorf(blandby.CodeInvalid, "vacancy of property %q assessed with property %q", v.PropertyID, p.ID)
	}
	if err := v.Dwelling.Validate(); err != nil {
		return Entry{}, err
	}
	if v.Date.IsZero() {
		return Entry{}, blandby.InvalidField("date", msg.Text("rental.err.date_missing"))
	}
	for i, e := range in.Prior {
		if e.Seq != i+1 || e.PropertyID != p.ID {
			return Entry{}, blandby.Errorf(blandby.CodeInternal, "ledger of property %s: entry %d has seq %d of property %s", p.ID, i+1, e.Seq, e.PropertyID)
		}
	}
	e := Entry{
		PropertyID: p.ID, Municipality: p.Municipality, LandlordCVR: p.LandlordCVR,
		Seq: len(in.Prior) + 1, Dwelling: v.Dwelling, Date: v.Date, ReportedAt: in.ReportedAt,
		Route: RouteLandlord, Status: in.Status, RuleSetID: rs.ID,
	}
	e.Reasons = append(e.Reasons, Reason{Rule: "count", Text: msg.Text("rental.ledger.vacancy_no_in_property", e.Seq, p.ID)})
	if !repeatAgreement(rs, in, &e) {
		d := rightDecision(in, e.Date)
		if d == nil || !repeatRight(rs, in, d, &e) {
			assessAgreements(rs, in, &e)
			assessRight(rs, in, d, &e)
		}
	}
	if e.Route == RouteLandlord {
		e.Reasons = append(e.Reasons, Reason{Rule: "landlord", Text: msg.Text("rental.ledger.dwelling_is_landlords")})
	}
	return e, nil
}

// obtained reports whether an earlier entry gave the municipality the
// dwelling under an agreement or a decision (not as a repeat).
func obtained(prior []Entry, dwelling string, f func(Entry) bool) bool {
	return slices.ContainsFunc(prior, func(o Entry) bool { return o.Dwelling.ID == dwelling && !o.Repeat && f(o) })
}

// repeatAgreement gives the municipality a dwelling it obtained under an
// agreement still in force, again (§ 1, stk. 5, 1. pkt.).
func repeatAgreement(rs *RuleSet, in Input, e *Entry) bool {
	for _, a := range in.Agreements {
		if a.PropertyID != e.PropertyID || !a.Active(e.Date) {
			continue
		}
		if obtained(in.Prior, e.Dwelling.ID, func(o Entry) bool { return o.Route == RouteAgreement && o.AgreementID == a.ID }) {
			e.Route, e.AgreementID, e.Repeat = RouteAgreement, a.ID, true
			e.Reasons = append(e.Reasons, Reason{Rule: "agreement.repeat", LegalRef: rs.Agreements.RepeatRef, Text: msg.Text("rental.ledger.municipality_has_allocated_dwelling", e.Dwelling.ID, a.ID)})
			return true
		}
	}
	return false
}

// rightDecision returns the latest decision of the property's municipality
// covering it and taken before date.
func rightDecision(in Input, date time.Time) *Decision {
	var d *Decision
	for i := range in.Decisions {
		c := &in.Decisions[i]
		if c.Municipality == in.Property.Municipality && c.Covers(in.Property.ID) && c.Date.Before(date) && (d == nil || c.Date.After(d.Date)) {
			d = c
		}
	}
	return d
}

// repeatRight gives the municipality a dwelling it obtained by the right
// again, while the right applies to the property.
func repeatRight(rs *RuleSet, in Input, d *Decision, e *Entry) bool {
	if !rs.Right.Enabled || in.Property.Dwellings < rs.Right.MinDwellings || !in.Status.Eligible ||
		!obtained(in.Prior, e.Dwelling.ID, func(o Entry) bool { return o.Route == RouteRight && o.DecisionID == d.ID }) {
		return false
	}
	e.Route, e.DecisionID, e.Repeat = RouteRight, d.ID, true
	e.Reasons = append(e.Reasons, Reason{Rule: "right.repeat", LegalRef: rs.Right.RepeatRef, Text: msg.Text("rental.ledger.municipality_obtained_dwelling_by", e.Dwelling.ID, d.ID)})
	return true
}

// takes reports whether the count-th counted vacancy is one the
// municipality gets when it gets every nth: the first, then every nth
// after it (1, 1+n, …), or the nth, 2nth, ….
func takes(count, n int, first bool) bool {
	if first {
		return (count-1)%n == 0
	}
	return count%n == 0
}

func assessAgreements(rs *RuleSet, in Input, e *Entry) {
	for _, a := range in.Agreements {
		if a.PropertyID != e.PropertyID || !a.Active(e.Date) {
			continue
		}
		switch a.Kind {
		case Named:
			for _, d := range a.Dwellings {
				if d != e.Dwelling.ID {
					continue
				}
				e.Route, e.AgreementID = RouteAgreement, a.ID
				e.AgreementCount = 1 + countPrior(in.Prior, func(o Entry) bool { return o.Route == RouteAgreement && o.AgreementID == a.ID })
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.named", LegalRef: rs.Agreements.NamedRef, Text: msg.Text("rental.ledger.dwelling_is_named_in", d, a.ID, e.AgreementCount)})
				return
			}
		case EveryNth:
			count := 1 + countPrior(in.Prior, func(o Entry) bool { return o.AgreementID == a.ID && o.AgreementCount > 0 })
			got := countPrior(in.Prior, func(o Entry) bool { return o.Route == RouteAgreement && o.AgreementID == a.ID && !o.Repeat })
			limit := int(a.MaxShare.MulInt(int64(in.Property.Dwellings)).Floor().Int64())
			if e.AgreementID == "" {
				e.AgreementID, e.AgreementCount = a.ID, count
			}
			if !takes(count, a.N, rs.Agreements.FirstVacancy) {
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.every_nth", LegalRef: rs.Agreements.EveryNthRef, Text: msg.Text("rental.ledger.agreement_vacancy_no_in", a.ID, count, positions(a.N, rs.Agreements.FirstVacancy))})
				continue
			}
			if got >= limit {
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.cap", LegalRef: rs.Agreements.CapRef, Text: msg.Text("rental.ledger.agreement_vacancy_no_but", a.ID, count, got, limit, a.MaxShare.String(), in.Property.Dwellings)})
				continue
			}
			e.Route, e.AgreementID, e.AgreementCount = RouteAgreement, a.ID, count
			e.Reasons = append(e.Reasons, Reason{Rule: "agreement.every_nth", LegalRef: rs.Agreements.EveryNthRef, Text: msg.Text("rental.ledger.agreement_vacancy_no_in_agreement_period", a.ID, count, positions(a.N, rs.Agreements.FirstVacancy), got+1, limit)})
			return
		}
	}
}

// positions lists the counts the municipality gets: "1, 11, 21, …".
func positions(n int, first bool) string {
	s := n
	if first {
		s = 1
	}
	return fmt.Sprintf("%d, %d, %d, …", s, s+n, s+2*n)
}

func assessRight(rs *RuleSet, in Input, d *Decision, e *Entry) {
	if d == nil {
		return
	}
	ref := rs.Right.LegalRef
	e.DecisionID = d.ID
	switch {
	case !rs.Right.Enabled:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.off", LegalRef: ref, Text: msg.Text("rental.ledger.decision_right_to_every", d.ID, rs.Right.Every, rs.ID)})
	case in.Property.Dwellings < rs.Right.MinDwellings:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.size", LegalRef: ref, Text: msg.Text("rental.ledger.decision_property_has_dwellings", d.ID, in.Property.Dwellings, rs.Right.MinDwellings)})
	case !in.Status.Eligible:
		ex := in.Status.Explain()
		e.Reasons = append(e.Reasons, Reason{Rule: "right.list", LegalRef: ref, Text: blandby.Text{
			DA: msg.T(blandby.Danish, "rental.ledger.decision_vacancy_does_not", d.ID, ex.DA),
			EN: msg.T(blandby.English, "rental.ledger.decision_vacancy_does_not", d.ID, ex.EN)}})
	case e.Route == RouteAgreement:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.agreement", LegalRef: ref, Text: msg.Text("rental.ledger.decision_dwelling_went_by", d.ID)})
	default:
		n := d.Every(rs)
		e.RightCount = 1 + countPrior(in.Prior, func(o Entry) bool { return o.DecisionID == d.ID && o.RightCount > 0 })
		got := countPrior(in.Prior, func(o Entry) bool { return o.Route == RouteRight && o.DecisionID == d.ID && !o.Repeat })
		limit := in.Property.Dwellings / n
		switch {
		case !takes(e.RightCount, n, rs.Right.FirstVacancy):
			e.Reasons = append(e.Reasons, Reason{Rule: "right.count", LegalRef: ref, Text: msg.Text("rental.ledger.decision_vacancy_no_after", e.DecisionID, e.RightCount, positions(n, rs.Right.FirstVacancy))})
		case got >= limit:
			e.Reasons = append(e.Reasons, Reason{Rule: "right.cap", LegalRef: rs.Right.CapRef, Text: msg.Text("rental.ledger.decision_vacancy_no_after_decision_but", e.DecisionID, e.RightCount, got, limit, n, in.Property.Dwellings)})
		default:
			e.Route = RouteRight
			group := blandby.Text{DA: d.TargetGroup, EN: d.TargetGroup}
			if g, ok := rs.TargetGroup(d.TargetGroup); ok {
				group = g.Label
			}
			p := positions(n, rs.Right.FirstVacancy)
			e.Reasons = append(e.Reasons, Reason{Rule: "right.take", LegalRef: ref, Text: blandby.Text{
				DA: msg.T(blandby.Danish, "rental.ledger.decision_vacancy_no_after_decision_is", e.DecisionID, e.RightCount, p, got+1, limit, group.DA),
				EN: msg.T(blandby.English, "rental.ledger.decision_vacancy_no_after_decision_is", e.DecisionID, e.RightCount, p, got+1, limit, group.EN)}})
		}
	}
}

func countPrior(prior []Entry, f func(Entry) bool) int {
	n := 0
	for _, e := range prior {
		if f(e) {
			n++
		}
	}
	return n
}

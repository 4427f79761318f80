package rental

import (
	"fmt"
	"time"

	"github.com/blandby/blandby"
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
	PropertyID   string `json:"property_id"`
	Municipality int    `json:"municipality"`
	LandlordCVR  string `json:"landlord_cvr"`
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

func txt(da, en string, args ...any) blandby.Text {
	return blandby.Text{DA: fmt.Sprintf(da, args...), EN: fmt.Sprintf(en, args...)}
}

// Assess answers a reported vacancy: the municipality's (by which agreement
// or by the right, at which count, under which cap) or the landlord's, and
// why. Agreements come first; a vacancy that goes by agreement does not
// count under the right. The right counts the vacancies after the decision
// date while the municipality is eligible on the list in force.
func Assess(rs *RuleSet, in Input) (Entry, error) {
	p, v := in.Property, in.Vacancy
	if v.PropertyID != p.ID {
		return Entry{}, blandby.Errorf(blandby.CodeInvalid, "vacancy of property %q assessed with property %q", v.PropertyID, p.ID)
	}
	if err := v.Dwelling.Validate(); err != nil {
		return Entry{}, err
	}
	if v.Date.IsZero() {
		return Entry{}, blandby.Errorf(blandby.CodeInvalid, "vacancy of %s %s: missing date", p.ID, v.Dwelling.ID)
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
	e.Reasons = append(e.Reasons, Reason{Rule: "count", Text: txt(
		"ledig bolig nr. %d i ejendommen %s",
		"vacancy no. %d in property %s", e.Seq, p.ID)})
	assessAgreements(rs, in, &e)
	assessRight(rs, in, &e)
	if e.Route == RouteLandlord {
		e.Reasons = append(e.Reasons, Reason{Rule: "landlord", Text: txt(
			"boligen er udlejerens at udleje",
			"the dwelling is the landlord's to let")})
	}
	return e, nil
}

func assessAgreements(rs *RuleSet, in Input, e *Entry) {
	ref := rs.Agreements.LegalRef
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
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.named", LegalRef: ref, Text: txt(
					"boligen %s er navngivet i aftale %s: kommunens (%d. bolig efter aftalen)",
					"dwelling %s is named in agreement %s: the municipality's (dwelling no. %d under the agreement)",
					d, a.ID, e.AgreementCount)})
				return
			}
		case EveryNth:
			count := 1 + countPrior(in.Prior, func(o Entry) bool { return a.Active(o.Date) })
			obtained := countPrior(in.Prior, func(o Entry) bool { return o.Route == RouteAgreement && o.AgreementID == a.ID })
			limit := int(a.MaxShare.MulInt(int64(in.Property.Dwellings)).Floor().Int64())
			if e.AgreementID == "" {
				e.AgreementID, e.AgreementCount = a.ID, count
			}
			if count%a.N != 0 {
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.every_nth", LegalRef: ref, Text: txt(
					"aftale %s: ledig bolig nr. %d i aftaleperioden; kommunen får hver %d.",
					"agreement %s: vacancy no. %d in the agreement period; the municipality gets every %dth",
					a.ID, count, a.N)})
				continue
			}
			if obtained >= limit {
				e.Reasons = append(e.Reasons, Reason{Rule: "agreement.cap", LegalRef: ref, Text: txt(
					"aftale %s: ledig bolig nr. %d, men loftet er nået (%d af højst %d boliger = %s af %d)",
					"agreement %s: vacancy no. %d, but the cap is reached (%d of at most %d dwellings = %s of %d)",
					a.ID, count, obtained, limit, a.MaxShare.String(), in.Property.Dwellings)})
				continue
			}
			e.Route, e.AgreementID, e.AgreementCount = RouteAgreement, a.ID, count
			e.Reasons = append(e.Reasons, Reason{Rule: "agreement.every_nth", LegalRef: ref, Text: txt(
				"aftale %s: ledig bolig nr. %d er hver %d.: kommunens (%d af højst %d boliger)",
				"agreement %s: vacancy no. %d is an every-%dth: the municipality's (%d of at most %d dwellings)",
				a.ID, count, a.N, obtained+1, limit)})
			return
		}
	}
}

func assessRight(rs *RuleSet, in Input, e *Entry) {
	var d *Decision
	for i := range in.Decisions {
		c := &in.Decisions[i]
		if c.Municipality == in.Property.Municipality && c.Covers(e.PropertyID) && c.Date.Before(e.Date) && (d == nil || c.Date.After(d.Date)) {
			d = c
		}
	}
	if d == nil {
		return
	}
	ref := rs.Right.LegalRef
	e.DecisionID = d.ID
	switch {
	case !rs.Right.Enabled:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.off", LegalRef: ref, Text: txt(
			"beslutning %s: retten til hver %d. ledige bolig gælder ikke efter regelsæt %s",
			"decision %s: the right to every %dth vacancy does not apply under rule set %s",
			d.ID, rs.Right.Every, rs.ID)})
	case in.Property.Dwellings < rs.Right.MinDwellings:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.size", LegalRef: ref, Text: txt(
			"beslutning %s: ejendommen har %d boliger, under %d; retten gælder ikke",
			"decision %s: the property has %d dwellings, fewer than %d; the right does not apply",
			d.ID, in.Property.Dwellings, rs.Right.MinDwellings)})
	case !in.Status.Eligible:
		ex := in.Status.Explain()
		e.Reasons = append(e.Reasons, Reason{Rule: "right.list", LegalRef: ref, Text: blandby.Text{
			DA: fmt.Sprintf("beslutning %s: boligen tæller ikke, fordi %s", d.ID, ex.DA),
			EN: fmt.Sprintf("decision %s: the vacancy does not count because %s", d.ID, ex.EN),
		}})
	case e.Route == RouteAgreement:
		e.Reasons = append(e.Reasons, Reason{Rule: "right.agreement", LegalRef: ref, Text: txt(
			"beslutning %s: boligen gik efter aftale og tæller ikke med under retten",
			"decision %s: the dwelling went by agreement and does not count under the right",
			d.ID)})
	default:
		e.RightCount = 1 + countPrior(in.Prior, func(o Entry) bool { return o.DecisionID == d.ID && o.RightCount > 0 })
		if e.RightCount%rs.Right.Every == rs.Right.Position%rs.Right.Every {
			e.Route = RouteRight
			group := blandby.Text{DA: d.TargetGroup, EN: d.TargetGroup}
			if g, ok := rs.TargetGroup(d.TargetGroup); ok {
				group = g.Label
			}
			e.Reasons = append(e.Reasons, Reason{Rule: "right.take", LegalRef: ref, Text: blandby.Text{
				DA: fmt.Sprintf("beslutning %s: ledig bolig nr. %d efter beslutningen er hver %d.: kommunens, til målgruppen %s",
					e.DecisionID, e.RightCount, rs.Right.Every, group.DA),
				EN: fmt.Sprintf("decision %s: vacancy no. %d after the decision is an every-%dth: the municipality's, for the target group %s",
					e.DecisionID, e.RightCount, rs.Right.Every, group.EN),
			}})
			return
		}
		e.Reasons = append(e.Reasons, Reason{Rule: "right.count", LegalRef: ref, Text: txt(
			"beslutning %s: ledig bolig nr. %d efter beslutningen; kommunen får hver %d.",
			"decision %s: vacancy no. %d after the decision; the municipality gets every %dth",
			e.DecisionID, e.RightCount, rs.Right.Every)})
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

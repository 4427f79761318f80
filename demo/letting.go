package demo

import (
	"context"
	"encoding/json"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
)

// demoLettingAt is when the demo's example letting decision was made.
var demoLettingAt = time.Date(2024, time.July, 15, 12, 0, 0, 0, time.UTC)

// LettingDecisionID is the id of the demo's example letting decision (a
// waiting-list letting in the first department of DemoHousingOrg).
var LettingDecisionID = letting.NewID(demoLettingAt, [10]byte{'b', 'l', 'a', 'n', 'd', 'b', 'y', 'd', 'e', 'm'})

// demoLettingPolicy is the letting policy of DemoMunicipality in the demo.
func demoLettingPolicy() letting.Policy {
	return letting.Policy{
		Municipality: DemoMunicipality,
		ValidFrom:    letting.NewDate(2018, time.December, 1),
		Criteria: []letting.Criterion{
			{ID: "arbejde", Label: blandby.Text{DA: "ansøger eller ægtefælle/samlever er i arbejde", EN: "the applicant or partner is in work"}, AnyOf: []string{letting.Employed, letting.SelfEmployed}},
			{ID: "uddannelse", Label: blandby.Text{DA: "ansøger eller ægtefælle/samlever er under uddannelse", EN: "the applicant or partner is in education"}, AnyOf: []string{letting.StatusInEducation}},
		},
	}
}

// putLetting stores DemoMunicipality's letting policy and one example
// decision in the log, unless they are there already.
func putLetting(ctx context.Context, st store.Store, cat *law.Catalog) error {
	vs, err := st.LettingPolicies(ctx, DemoMunicipality)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		if _, err := st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: DemoMunicipality, Author: "blandby demo",
			SavedAt: demoLettingAt, Policy: demoLettingPolicy()}, 0); err != nil {
			return err
		}
	}
	_, err = st.LettingDecision(ctx, LettingDecisionID)
	if err == nil || blandby.CodeOf(err) != blandby.CodeNotFound {
		return err
	}
	deps, err := st.Departments(ctx, "")
	if err != nil {
		return err
	}
	i := slices.IndexFunc(deps, func(d store.Department) bool { return d.HousingOrg == DemoHousingOrg })
	if i < 0 {
		return nil // no department of the demo's housing organisation
	}
	dep := deps[i]
	h, err := st.History(ctx)
	if err != nil {
		return err
	}
	date := letting.DateOf(demoLettingAt)
	y, err := cat.ListInForce(date.Time, h.Years())
	if err != nil {
		return err
	}
	standing, err := letting.StandingOn(h.Years(), y, func(y int) (blandby.Category, error) {
		if c, ok := h.Category(y, dep.AreaID); ok {
			return c, nil
		}
		return blandby.None, nil
	})
	if err != nil {
		return err
	}
	policy := demoLettingPolicy()
	lcat, err := letting.Embedded()
	if err != nil {
		return err
	}
	d, err := letting.Decide(lcat, letting.Case{Date: date, Category: standing.Category(), Channel: letting.WaitingList, Policy: &policy,
		Dwelling: letting.Dwelling{AreaID: dep.AreaID, Department: dep.ID, Type: letting.Family},
		Household: letting.Household{Members: []letting.Member{
			{Role: letting.RoleApplicant, Age: 38, Citizenships: []string{"DK"}, Work: letting.Employed},
			{Role: letting.RoleSpouse, Age: 36, Citizenships: []string{"DK"}, InEducation: true},
		}}})
	if err != nil {
		return err
	}
	d.ID = LettingDecisionID
	body, err := json.Marshal(d)
	if err != nil {
		return err
	}
	area, err := st.Area(ctx, dep.AreaID)
	if err != nil {
		return err
	}
	err = st.AddLettingDecisions(ctx, []store.LettingDecision{{ID: d.ID, DecidedAt: demoLettingAt, DecidedBy: "blandby demo",
		RuleSet: d.RuleSet, Channel: string(d.Channel), Outcome: string(d.Outcome), Municipality: area.MunicipalityCode,
		HousingOrg: dep.HousingOrg, AreaID: dep.AreaID, Department: dep.ID, InputSHA256: d.InputSHA256, Decision: body}})
	if blandby.CodeOf(err) == blandby.CodeConflict {
		return nil // stored meanwhile
	}
	return err
}

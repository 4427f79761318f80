package demo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// maxDemoPlans is how many areas get a demo development plan.
const maxDemoPlans = 3

// putPlans gives a few omdannelse areas a development plan (at least one in
// DemoMunicipality, so the demo's municipality and housing-organisation
// users see one): the first is on track, the second misses the goal by one
// dwelling, the third is far off. An area that has a plan keeps it, so
// running this again changes nothing.
func putPlans(ctx context.Context, st store.Store, opts Options) error {
	areas, err := planAreas(ctx, st)
	if err != nil {
		return err
	}
	saved := time.Date(opts.LastYear, 12, 15, 12, 0, 0, 0, time.UTC)
	rules, err := law.InForce(plan.Embedded, saved)
	if blandby.CodeOf(err) == blandby.CodeInvalid {
		return nil // a demo ending before development plans existed has none
	}
	if err != nil {
		return err
	}
	base := min(opts.LastYear+1, rules.Goal.LastActionYear())
	for i, a := range areas {
		_, err := st.PlanVersion(ctx, a.ID, 0)
		if err == nil {
			continue
		}
		if blandby.CodeOf(err) != blandby.CodeNotFound {
			return err
		}
		p, err := demoPlan(rules, a, base, i)
		if err != nil {
			return fmt.Errorf("area %s: %w", a.ID, err)
		}
		// Saved by the area's municipality through the act: validated
		// under the plan rules and audited like any plan.
		by := demoActor(auth.RoleMunicipality, auth.MunicipalityScope(a.MunicipalityCode))
		if _, err := app.SavePlan(ctx, st, by, a.ID, p, 0, saved); err != nil {
			return err
		}
	}
	return nil
}

// planAreas picks the areas: those that have been omdannelse areas, the
// ones in DemoMunicipality first; when DemoMunicipality has none, its area
// that was on a list most recently comes first.
func planAreas(ctx context.Context, st store.Store) ([]store.Area, error) {
	h, err := st.History(ctx)
	if err != nil {
		return nil, err
	}
	all, err := st.Areas(ctx)
	if err != nil {
		return nil, err
	}
	everOmdannelse, lastListed := map[string]bool{}, map[string]int{}
	for _, y := range h.Years() {
		for _, e := range h.Entries(y) {
			if e.Category == blandby.Omdannelse {
				everOmdannelse[e.AreaID] = true
			}
			if e.Category != blandby.None {
				lastListed[e.AreaID] = y
			}
		}
	}
	var picked []store.Area
	for _, a := range all {
		if everOmdannelse[a.ID] {
			picked = append(picked, a)
		}
	}
	inDemo := func(a store.Area) bool { return a.MunicipalityCode == DemoMunicipality }
	if !slices.ContainsFunc(picked, inDemo) {
		var best *store.Area
		for i, a := range all {
			if inDemo(a) && (best == nil || lastListed[a.ID] > lastListed[best.ID]) {
				best = &all[i]
			}
		}
		if best != nil {
			picked = append(picked, *best)
		}
	}
	slices.SortStableFunc(picked, func(a, b store.Area) int {
		switch {
		case inDemo(a) && !inDemo(b):
			return -1
		case inDemo(b) && !inDemo(a):
			return 1
		}
		return 0
	})
	if len(picked) > maxDemoPlans {
		picked = picked[:maxDemoPlans]
	}
	return picked, nil
}

// demoPlan makes an area's plan: demolition, sale and relabelling, then as
// many private dwellings in 2029 as reach the goal exactly (kind 0), one
// fewer (kind 1: misses by one dwelling), or only a renovation (kind 2).
func demoPlan(r *plan.Rules, a store.Area, base, kind int) (plan.Plan, error) {
	family, total := a.FamilyDwellings, a.DwellingsTotal
	if family <= 0 || total < family {
		family, total = 1200, 1500
	}
	other := total - family
	yes, no := true, false
	share, all := family/2, family*4
	p := plan.Plan{
		AreaID: a.ID, BaseYear: base,
		Stock:                 plan.Stock{PublicFamily: family, OwnerOccupied: other / 2, PrivateRental: other - other/2, BusinessM2: 1200},
		DemolishedNotReplaced: family / 50,
		CountDemolished:       true,
		Facts: plan.Facts{EndsOmdannelseStatus: &yes, MunicipalParallelFamilyDwellings: &share, MunicipalFamilyDwellings: &all,
			NewBuildingCannotHelp: &no},
		Note: "Syntetisk udviklingsplan (blandby demo).",
	}
	last := r.Goal.LastActionYear()
	if kind == 2 {
		hh := family / 10
		p.Actions = []plan.Action{{Year: min(base+1, last), Kind: plan.Renovate, Households: &hh, TemporaryMonths: 14, Note: "Helhedsrenovering"}}
		return p, nil
	}
	// A tenth demolished, a tenth sold and a twentieth relabelled: at least
	// one dwelling each, in the small areas of a small-scale demo too.
	tenth, twentieth := max(1, family/10), max(1, family/20)
	hh := tenth * 9 / 10
	p.Actions = []plan.Action{
		{Year: base, Kind: plan.Demolish, Dwellings: tenth, Households: &hh, Note: "Nedrivning af blok"},
		{Year: min(base+1, last), Kind: plan.Sell, Dwellings: tenth, To: plan.OwnerOccupied},
		{Year: min(base+2, last), Kind: plan.RelabelYouth, Dwellings: twentieth, TemporaryMonths: 6, Households: planPtr(twentieth / 2)},
	}
	pr, err := r.Project(&p)
	if err != nil {
		return p, err
	}
	for _, s := range pr.Suggestions {
		if s.Kind != plan.BuildPrivate {
			continue
		}
		if !s.Possible {
			return p, errors.New("no number of private dwellings reaches the goal")
		}
		n := s.Quantity
		if kind == 1 {
			n--
		}
		if n > 0 {
			p.Actions = append(p.Actions, plan.Action{Year: last, Kind: plan.BuildPrivate, Dwellings: n, To: plan.OwnerOccupied})
		}
	}
	return p, nil
}

func planPtr[T any](v T) *T { return &v }

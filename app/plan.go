package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// SavePlan saves a new version of an area's development plan: the actor
// must plan for the area (its municipality, or a housing organisation
// owning one of its departments, as the store says), the plan must be valid
// under the plan rules in force on now, and prev must be the latest version
// (-1: any). The act, done, refused or failed, is audited.
func SavePlan(ctx context.Context, st store.Store, a Actor, areaID string, doc plan.Plan, prev int, now time.Time) (store.PlanVersion, error) {
	v, err := savePlan(ctx, st, a.Principal, areaID, doc, prev, now)
	note := fmt.Sprintf("saved version %d", v.Version)
	if aerr := Audit(ctx, st, a, string(auth.ActionPlan), "plan "+areaID, note, err); aerr != nil && err == nil {
		return v, aerr
	}
	return v, err
}

func savePlan(ctx context.Context, st store.Store, p auth.Principal, areaID string, doc plan.Plan, prev int, now time.Time) (store.PlanVersion, error) {
	area, err := st.Area(ctx, areaID)
	if err != nil {
		return store.PlanVersion{}, err
	}
	res := auth.Resource{Municipality: area.MunicipalityCode}
	if p.Role == auth.RoleHousingOrg {
		deps, err := st.Departments(ctx, areaID)
		if err != nil {
			return store.PlanVersion{}, err
		}
		res = auth.Resource{}
		if slices.ContainsFunc(deps, func(d store.Department) bool { return d.HousingOrg == p.Scope }) {
			res.HousingOrg = p.Scope
		}
	}
	if err := auth.Authorize(p, auth.ActionPlan, res); err != nil {
		return store.PlanVersion{}, err
	}
	if doc.AreaID == "" {
		doc.AreaID = areaID
	}
	if doc.AreaID != areaID {
		return store.PlanVersion{}, blandby.Errorf(blandby.CodeInvalid, "plan: area_id: the plan is for area %q, not %q", doc.AreaID, areaID)
	}
	rules, err := law.InForce(plan.Embedded, now)
	if err != nil {
		return store.PlanVersion{}, err
	}
	if _, err := rules.Project(&doc); err != nil {
		return store.PlanVersion{}, err
	}
	return st.AddPlanVersion(ctx, store.PlanVersion{AreaID: areaID, Author: p.Name, SavedAt: now, Plan: doc}, prev)
}

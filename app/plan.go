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

// PlanResource is the resource a principal acts on in an area's plan: the
// area's municipality, or for a housing organisation its own id when it
// owns one of the area's departments (orgs are the owners), else none, which
// the policy refuses. Reading a plan and saving one go by the same rule.
func PlanResource(p auth.Principal, municipality blandby.MunicipalityCode, orgs []string) auth.Resource {
	if p.Role != auth.RoleHousingOrg {
		return auth.Resource{Municipality: municipality}
	}
	if slices.Contains(orgs, p.Scope) {
		return auth.Resource{HousingOrg: p.Scope}
	}
	return auth.Resource{}
}

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
	var orgs []string
	if p.Role == auth.RoleHousingOrg {
		deps, err := st.Departments(ctx, areaID)
		if err != nil {
			return store.PlanVersion{}, err
		}
		for _, d := range deps {
			orgs = append(orgs, d.HousingOrg)
		}
	}
	if err := auth.Authorize(p, auth.ActionPlan, PlanResource(p, area.MunicipalityCode, orgs)); err != nil {
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

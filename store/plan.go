package store

import (
	"context"
	"time"

	"github.com/blandby/blandby/plan"
)

// PlanVersion is one saved version of an area's development plan. Versions
// are never changed or deleted: every save is a new version.
type PlanVersion struct {
	AreaID string
	// Version numbers an area's versions 1, 2, 3, … in the order saved.
	Version int
	// Author is the name of the user who saved the version.
	Author  string
	SavedAt time.Time
	Plan    plan.Plan
}

// PlanStore keeps the development plans (package plan) of omdannelse areas,
// every saved version.
type PlanStore interface {
	// AddPlanVersion stores a new version of the plan of v.AreaID (the
	// plan's own AreaID must be the same) and returns it with its Version,
	// one more than the area's latest. When prev is not -1 it is the
	// version the author edited (0: none yet); another version saved since
	// is a conflict. The area must be stored (not found otherwise).
	AddPlanVersion(ctx context.Context, v PlanVersion, prev int) (PlanVersion, error)
	// PlanVersion returns a version of an area's plan; version 0 is the
	// latest. Not found when there is none.
	PlanVersion(ctx context.Context, areaID string, version int) (PlanVersion, error)
	// PlanVersions returns every version of an area's plan, oldest first.
	PlanVersions(ctx context.Context, areaID string) ([]PlanVersion, error)
	// LatestPlans returns the latest version of every area's plan, by area
	// id.
	LatestPlans(ctx context.Context) ([]PlanVersion, error)
}

package report

import (
	"context"
	"time"

	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

// LoadPlans reads the latest version of every stored development plan and
// computes its status under the plan rules in force on asOf. A plan whose
// status cannot be computed is reported with the reason.
func LoadPlans(ctx context.Context, st store.Store, asOf time.Time) ([]PlanRow, error) {
	vs, err := st.LatestPlans(ctx)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, nil
	}
	rules, err := law.InForce(plan.Embedded, asOf)
	if err != nil {
		return nil, err
	}
	out := make([]PlanRow, 0, len(vs))
	for _, v := range vs {
		row := PlanRow{AreaID: v.AreaID, Name: v.AreaID, Version: v.Version}
		if a, err := st.Area(ctx, v.AreaID); err == nil && a.Name != "" {
			row.Name = a.Name
		}
		p := v.Plan
		if row.Status, err = plan.PlanStatus(rules, &p); err != nil {
			row.Err = err.Error()
		}
		out = append(out, row)
	}
	return out, nil
}

package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store"
)

func samplePlan(area string, family int64) plan.Plan {
	hh := int64(40)
	yes := true
	return plan.Plan{
		AreaID: area, BaseYear: 2024,
		Stock:                 plan.Stock{PublicFamily: family, OwnerOccupied: 300, PublicYouth: 20, BusinessM2: 750},
		DemolishedNotReplaced: 12,
		Actions: []plan.Action{
			{Year: 2025, Kind: plan.Sell, Dwellings: 100, To: plan.PrivateRental},
			{Year: 2026, Kind: plan.Demolish, Dwellings: 80, Households: &hh, Note: "blok 4"},
			{Year: 2027, Kind: plan.BuildBusiness, BusinessM2: 1500},
		},
		Facts: plan.Facts{EndsOmdannelseStatus: &yes},
		Note:  "Udviklingsplan ½",
	}
}

func testPlans(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A", MunicipalityCode: 101}}, {Area: blandby.Area{ID: "b", Name: "B", MunicipalityCode: 851}}}))
	_, err := st.PlanVersion(ctx, "a", 0)
	wantCode(t, err, blandby.CodeNotFound, "a")
	at := time.Date(2025, 3, 1, 10, 0, 0, 123456789, time.FixedZone("CET", 3600))
	v1 := must[store.PlanVersion](t)(st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "a", Author: "kbh", SavedAt: at, Plan: samplePlan("a", 700)}, 0))
	if v1.Version != 1 || !v1.SavedAt.Equal(at) || v1.SavedAt.Location() != time.UTC {
		t.Errorf("first version %d saved %s", v1.Version, v1.SavedAt)
	}
	p2 := samplePlan("", 690) // the store fills in the area
	v2 := must[store.PlanVersion](t)(st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "a", Author: "org", SavedAt: at.Add(time.Hour), Plan: p2}, 1))
	if v2.Version != 2 || v2.Plan.AreaID != "a" {
		t.Errorf("second version %d of %q", v2.Version, v2.Plan.AreaID)
	}
	vb := must[store.PlanVersion](t)(st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "b", Author: "aarhus", SavedAt: at, Plan: samplePlan("b", 500)}, -1))
	if vb.Version != 1 {
		t.Errorf("b's first version is %d", vb.Version)
	}
	diff(t, "latest of a", v2, must[store.PlanVersion](t)(st.PlanVersion(ctx, "a", 0)))
	diff(t, "version 1 of a", v1, must[store.PlanVersion](t)(st.PlanVersion(ctx, "a", 1)))
	diff(t, "versions of a", []store.PlanVersion{v1, v2}, must[[]store.PlanVersion](t)(st.PlanVersions(ctx, "a")))
	diff(t, "latest plans", []store.PlanVersion{v2, vb}, must[[]store.PlanVersion](t)(st.LatestPlans(ctx)))
	_, err = st.PlanVersion(ctx, "a", 3)
	wantCode(t, err, blandby.CodeNotFound, "version 3")

	// An edit of version 1 saved after version 2 is refused, and nothing
	// is stored.
	_, err = st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "a", Author: "kbh", SavedAt: at, Plan: samplePlan("a", 1)}, 1)
	wantCode(t, err, blandby.CodeConflict, "version 2")
	if n := len(must[[]store.PlanVersion](t)(st.PlanVersions(ctx, "a"))); n != 2 {
		t.Errorf("%d versions after a refused save", n)
	}
}

func testPlansInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}))
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		name string
		v    store.PlanVersion
		prev int
		code blandby.Code
	}{
		{"no area", store.PlanVersion{Author: "x", SavedAt: at}, 0, blandby.CodeInvalid},
		{"other area in the plan", store.PlanVersion{AreaID: "a", Author: "x", SavedAt: at, Plan: plan.Plan{AreaID: "b"}}, 0, blandby.CodeInvalid},
		{"no author", store.PlanVersion{AreaID: "a", SavedAt: at}, 0, blandby.CodeInvalid},
		{"no time", store.PlanVersion{AreaID: "a", Author: "x"}, 0, blandby.CodeInvalid},
		{"unknown area", store.PlanVersion{AreaID: "x", Author: "x", SavedAt: at}, 0, blandby.CodeNotFound},
		{"previous version not saved", store.PlanVersion{AreaID: "a", Author: "x", SavedAt: at}, 1, blandby.CodeConflict},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.AddPlanVersion(ctx, tt.v, tt.prev)
			wantCode(t, err, tt.code)
			if got := must[[]store.PlanVersion](t)(st.LatestPlans(ctx)); len(got) != 0 {
				t.Errorf("stored after an error: %+v", got)
			}
		})
	}
}

// testPlansAppendOnly: a saved version cannot be changed or deleted, not
// even by direct SQL.
func testPlansAppendOnly(t *testing.T, st store.Store) {
	ctx := context.Background()
	db := raw(t, st)
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}))
	v := must[store.PlanVersion](t)(st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "a", Author: "x", SavedAt: time.Now(), Plan: samplePlan("a", 600)}, 0))
	for _, stmt := range []string{
		"UPDATE plan_versions SET author = 'changed'",
		"UPDATE plan_versions SET document = document",
		"DELETE FROM plan_versions",
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: no error", stmt)
		}
	}
	diff(t, "after refused changes", v, must[store.PlanVersion](t)(st.PlanVersion(ctx, "a", 0)))
}

// testPlansConcurrent: concurrent saves of the same area never share a
// version number; each either gets its own or is a conflict, and the
// versions stored run 1, 2, 3, … without gaps.
func testPlansConcurrent(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}))
	const n = 8
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		seen = map[int]bool{}
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := st.AddPlanVersion(ctx, store.PlanVersion{AreaID: "a", Author: "x", SavedAt: time.Now(), Plan: samplePlan("a", int64(500+i))}, -1)
			if err != nil {
				if blandby.CodeOf(err) != blandby.CodeConflict {
					t.Errorf("save %d: %v", i, err)
				}
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if seen[v.Version] {
				t.Errorf("version %d given twice", v.Version)
			}
			seen[v.Version] = true
		}()
	}
	wg.Wait()
	vs := must[[]store.PlanVersion](t)(st.PlanVersions(ctx, "a"))
	if len(vs) != len(seen) || len(vs) == 0 {
		t.Fatalf("%d versions stored, %d saves succeeded", len(vs), len(seen))
	}
	for i, v := range vs {
		if v.Version != i+1 {
			t.Errorf("version %d at position %d", v.Version, i)
		}
	}
}

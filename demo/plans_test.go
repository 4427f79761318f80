package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/plan"
	"github.com/blandby/blandby/store/sqlite"
)

// TestDemoPlans: the demo holds plans for a few areas, one in
// demo.DemoMunicipality, one on track and one missing the goal by one dwelling;
// preparing again adds no version.
func TestDemoPlans(t *testing.T) {
	ctx := context.Background()
	// The shared demo (prepared once per test run, without the race
	// detector: internal/demotest); Prepare itself runs below, on a
	// prepared database, and in TestPrepare.
	opts := demo.Options{Scale: 0.5, FirstYear: 2018, LastYear: 2022, SoftwareVersion: "test"}
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := demotest.Copy(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	plans, err := st.LatestPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(plans) < 2 {
		t.Fatalf("%d demo plans", len(plans))
	}
	rules, err := law.InForce(plan.Embedded, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	inDemo, onTrack, missByOne := false, false, false
	for _, v := range plans {
		a, err := st.Area(ctx, v.AreaID)
		if err != nil {
			t.Fatal(err)
		}
		inDemo = inDemo || a.MunicipalityCode == demo.DemoMunicipality
		s, err := plan.PlanStatus(rules, &v.Plan)
		if err != nil {
			t.Fatalf("%s: %v", v.AreaID, err)
		}
		onTrack = onTrack || s.OnTrack
		missByOne = missByOne || (!s.OnTrack && s.Gap == 1)
	}
	if !inDemo || !onTrack || !missByOne {
		t.Errorf("in municipality %d: %v, on track: %v, missing by one: %v", demo.DemoMunicipality, inDemo, onTrack, missByOne)
	}
	if _, err := demo.Prepare(ctx, st, nil, opts); err != nil {
		t.Fatal(err)
	}
	again, err := st.LatestPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range again {
		if v.Version != 1 || v.AreaID != plans[i].AreaID {
			t.Errorf("after a second Prepare: %s version %d", v.AreaID, v.Version)
		}
	}
}

package app_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// TestDecideLetting: on the demo, the housing organisation decides a
// letting in its own department and the decision is logged with the
// applicant's reference hashed; another organisation is refused and the
// refusal audited, and nothing is logged for it.
func TestDecideLetting(t *testing.T) {
	if testing.Short() {
		t.Skip("needs the demo database")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "blandby.db")
	if err := demotest.Copy(ctx, db, demo.Options{Scale: 0.5, FirstYear: 2018, LastYear: 2022, SoftwareVersion: "test"}); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	lcat, err := letting.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	deps, err := st.Departments(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	var dep store.Department
	for _, d := range deps {
		if d.HousingOrg == demo.DemoHousingOrg {
			dep = d
			break
		}
	}
	now := time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	req := app.LettingRequest{ApplicantRef: "ans-4711", Date: letting.DateOf(now), Department: dep.ID, DwellingType: letting.Family,
		Channel: letting.WaitingList, Household: letting.Household{Members: []letting.Member{{Role: letting.RoleApplicant, Age: 40, Citizenships: []string{"DK"}, Work: letting.Employed}}}}
	actor := func(scope string) app.Actor {
		return app.Actor{Principal: auth.Principal{Role: auth.RoleHousingOrg, Scope: scope, Name: "org:" + scope}, Via: "test"}
	}

	d, target, err := app.DecideLetting(ctx, st, app.StoreLettingSource(st), cat, lcat, st, actor(demo.DemoHousingOrg), req, now)
	if err != nil {
		t.Fatal(err)
	}
	want, err := app.StandingAt(ctx, app.StoreLettingSource(st), cat, dep.AreaID, now)
	if err != nil {
		t.Fatal(err)
	}
	if target.Standing.ListYear != 2022 || target.Standing.Category() != want.Category() || target.Department.ID != dep.ID {
		t.Errorf("target: list %d, category %s (want 2022, %s), department %s", target.Standing.ListYear, target.Standing.Category(), want.Category(), target.Department.ID)
	}
	logged, err := st.LettingDecision(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if logged.DecidedBy != "org:"+demo.DemoHousingOrg || logged.ApplicantRef == "" || logged.ApplicantRef == req.ApplicantRef || logged.Outcome != string(d.Outcome) {
		t.Errorf("logged %+v", logged)
	}

	before, err := st.AuditLog(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = app.DecideLetting(ctx, st, app.StoreLettingSource(st), cat, lcat, st, actor("andet-boligselskab"), req, now.Add(time.Minute))
	if blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Fatalf("another organisation's letting: %v, want forbidden", err)
	}
	after, err := st.AuditLog(ctx, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before)+1 || after[len(after)-1].Outcome != store.AuditDenied || after[len(after)-1].Object != "department "+dep.ID {
		t.Errorf("the refusal is not audited: %+v", after[len(before):])
	}
}

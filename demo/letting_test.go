package demo

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// TestPutLettingIdempotent: the demo's letting policy and example decision
// are stored once, however often the demo is prepared.
func TestPutLettingIdempotent(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A", MunicipalityCode: DemoMunicipality, FamilyDwellings: 900, DwellingsTotal: 1000}}}); err != nil {
		t.Fatal(err)
	}
	h := blandby.NewHistory()
	h.Set(2023, "a", blandby.Udsat)
	if _, err := st.ImportHistory(ctx, h, store.ImportMeta{Input: store.Input{Role: "history", Name: "h.csv", SHA256: "00"}, ImportedBy: "test", ImportedAt: demoLettingAt, RuleSets: map[int]string{2023: "2021-11-30"}}); err != nil {
		t.Fatal(err)
	}
	if err := putDepartments(ctx, st); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := putLetting(ctx, st, cat); err != nil {
			t.Fatal(err)
		}
	}
	vs, err := st.LettingPolicies(ctx, DemoMunicipality)
	if err != nil || len(vs) != 1 {
		t.Fatalf("%d policy versions (%v), want 1", len(vs), err)
	}
	n, err := st.CountLettingDecisions(ctx)
	if err != nil || n != 1 {
		t.Fatalf("%d decisions (%v), want 1", n, err)
	}
	d, err := st.LettingDecision(ctx, LettingDecisionID)
	if err != nil {
		t.Fatal(err)
	}
	if d.HousingOrg != DemoHousingOrg || d.Outcome != "allowed" {
		t.Errorf("demo decision %+v", d)
	}
}

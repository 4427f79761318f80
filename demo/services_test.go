package demo_test

import (
	"context"
	"testing"

	"github.com/blandby/blandby/demo"
)

// TestDepartments: every area's family dwellings are shared out over its
// departments, and the demo's housing organisation owns a department in
// every area of the demo municipality.
func TestDepartments(t *testing.T) {
	st, _ := prepared(t)
	ctx := context.Background()
	areas, err := st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := st.Departments(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	family := map[string]int64{}
	demoOrg := map[string]bool{}
	for _, d := range ds {
		family[d.AreaID] += d.FamilyDwellings
		if d.HousingOrg == demo.DemoHousingOrg {
			demoOrg[d.AreaID] = true
		}
	}
	inDemoMunicipality := 0
	for _, a := range areas {
		if family[a.ID] != a.FamilyDwellings {
			t.Errorf("area %s: departments hold %d family dwellings, the area %d", a.ID, family[a.ID], a.FamilyDwellings)
		}
		if a.MunicipalityCode == demo.DemoMunicipality {
			inDemoMunicipality++
			if !demoOrg[a.ID] {
				t.Errorf("area %s of municipality %d: %s owns no department", a.ID, demo.DemoMunicipality, demo.DemoHousingOrg)
			}
		} else if demoOrg[a.ID] {
			t.Errorf("area %s of municipality %d: %s owns a department", a.ID, a.MunicipalityCode, demo.DemoHousingOrg)
		}
	}
	if inDemoMunicipality == 0 {
		t.Errorf("the demo has no area in municipality %d", demo.DemoMunicipality)
	}
}

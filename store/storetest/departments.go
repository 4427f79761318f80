package storetest

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

func testDepartments(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A", MunicipalityCode: 101}}, {Area: blandby.Area{ID: "b", Name: "B", MunicipalityCode: 851}}}))
	ds := []store.Department{
		{ID: "org1-2", AreaID: "a", HousingOrg: "org1", Name: "Afdeling 2", FamilyDwellings: 300, YouthDwellings: 20},
		{ID: "org1-1", AreaID: "b", HousingOrg: "org1", Name: "Afdeling 1", FamilyDwellings: 120, ElderlyDwellings: 12},
		{ID: "org2-7", AreaID: "a", HousingOrg: "org2", Name: "Afdeling 7", FamilyDwellings: 80},
	}
	check(t, st.PutDepartments(ctx, ds))
	all := must[[]store.Department](t)(st.Departments(ctx, ""))
	if diff := cmp.Diff([]store.Department{ds[1], ds[0], ds[2]}, all); diff != "" {
		t.Errorf("all departments (-want +got):\n%s", diff)
	}
	inA := must[[]store.Department](t)(st.Departments(ctx, "a"))
	if diff := cmp.Diff([]store.Department{ds[0], ds[2]}, inA); diff != "" {
		t.Errorf("departments of a (-want +got):\n%s", diff)
	}
	// An update replaces the department's fields.
	moved := ds[2]
	moved.HousingOrg, moved.FamilyDwellings = "org3", 81
	check(t, st.PutDepartments(ctx, []store.Department{moved}))
	if d := must[store.Department](t)(st.Department(ctx, "org2-7")); d != moved {
		t.Errorf("after update: %+v, want %+v", d, moved)
	}
	_, err := st.Department(ctx, "nope")
	wantCode(t, err, blandby.CodeNotFound, "nope")
	if got := must[[]store.Department](t)(st.Departments(ctx, "nope")); len(got) != 0 {
		t.Errorf("departments of an unknown area: %v", got)
	}
}

func testDepartmentsInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}))
	for _, tt := range []struct {
		name string
		ds   []store.Department
		code blandby.Code
	}{
		{"no id", []store.Department{{AreaID: "a", HousingOrg: "o"}}, blandby.CodeInvalid},
		{"twice", []store.Department{{ID: "d", AreaID: "a", HousingOrg: "o"}, {ID: "d", AreaID: "a", HousingOrg: "o"}}, blandby.CodeInvalid},
		{"no organisation", []store.Department{{ID: "d", AreaID: "a"}}, blandby.CodeInvalid},
		{"negative dwellings", []store.Department{{ID: "d", AreaID: "a", HousingOrg: "o", FamilyDwellings: -1}}, blandby.CodeInvalid},
		{"unknown area, after a good one", []store.Department{{ID: "d1", AreaID: "a", HousingOrg: "o"}, {ID: "d2", AreaID: "x", HousingOrg: "o"}}, blandby.CodeNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, st.PutDepartments(ctx, tt.ds), tt.code)
			if got := must[[]store.Department](t)(st.Departments(ctx, "")); len(got) != 0 {
				t.Errorf("a refused put stored %v", got)
			}
		})
	}
}

package demo

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
)

// addServiceData stores what the tools the lists switch on need in the
// demo (departments and their housing organisations, and each tool's
// synthetic cases), after the lists. Every step derives its data from the
// stored areas and lists alone and writes by id, so running it again on a
// reused demo database changes nothing. It is quick and reports no
// progress.
func addServiceData(ctx context.Context, st store.Store, cat *law.Catalog, opts Options) error {
	if err := putDepartments(ctx, st); err != nil {
		return fmt.Errorf("demo: departments: %w", err)
	}
	if err := putPlans(ctx, st, opts); err != nil {
		return fmt.Errorf("demo: development plans: %w", err)
	}
	if err := putRental(ctx, st, cat, opts); err != nil {
		return fmt.Errorf("demo: private rental: %w", err)
	}
	if err := putLetting(ctx, st, cat); err != nil {
		return fmt.Errorf("demo: letting: %w", err)
	}
	return nil
}

// DemoHousingOrg is the housing organisation the demo's housing_org user
// belongs to: it owns the first department of every area of municipality
// DemoMunicipality.
const (
	DemoHousingOrg                            = "demo-boligselskab"
	DemoMunicipality blandby.MunicipalityCode = 101
)

// putDepartments splits every area's family dwellings over one to three
// departments. The first department of an area in DemoMunicipality belongs
// to DemoHousingOrg; the others to a housing organisation of the
// municipality ("boligselskab-<code>-<n>").
func putDepartments(ctx context.Context, st store.Store) error {
	areas, err := st.Areas(ctx)
	if err != nil {
		return err
	}
	var ds []register.Department
	for _, a := range areas {
		h := fnv.New32a()
		h.Write([]byte(a.ID))
		n := int64(1 + h.Sum32()%3)
		family := a.FamilyDwellings
		for k := int64(1); k <= n; k++ {
			org := fmt.Sprintf("boligselskab-%d-%d", a.MunicipalityCode, 1+(h.Sum32()>>8+uint32(k))%2)
			if k == 1 && a.MunicipalityCode == DemoMunicipality {
				org = DemoHousingOrg
			}
			// The family dwellings are shared out evenly, the remainder
			// to the first department.
			share := family / n
			if k == 1 {
				share += family % n
			}
			ds = append(ds, register.Department{
				ID: fmt.Sprintf("%s-%d", a.ID, k), AreaID: a.ID, HousingOrg: org,
				Name:            fmt.Sprintf("%s, afdeling %d", a.Name, k),
				FamilyDwellings: share, YouthDwellings: (a.DwellingsTotal - family) / n,
			})
		}
	}
	return app.ImportDepartments(ctx, st, admin, "synthetic Denmark", ds)
}

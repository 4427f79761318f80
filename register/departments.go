package register

import (
	"fmt"
	"io"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/csvio"
)

// The columns of the departments registry.
const (
	ColDepartmentID     = "department_id"
	ColHousingOrg       = "housing_org"
	ColDepartmentName   = "department_name"
	ColYouthDwellings   = "youth_dwellings"
	ColElderlyDwellings = "elderly_dwellings"
)

// Department is a public-housing department of an area and the housing
// organisation that owns it. Dwelling counts are 0 when not given.
type Department struct {
	ID, AreaID, HousingOrg, Name                      string
	FamilyDwellings, YouthDwellings, ElderlyDwellings int64
}

// ReadDepartments reads a departments registry: department_id, area_id,
// housing_org, and optionally department_name, family_dwellings,
// youth_dwellings and elderly_dwellings. Every error names its line and
// column; a file with an error gives no departments.
func ReadDepartments(r io.Reader, file string) ([]Department, error) {
	t, err := csvio.NewReader(r, file, []string{ColDepartmentID, ColAreaID, ColHousingOrg},
		[]string{ColDepartmentName, ColFamilyDwellings, ColYouthDwellings, ColElderlyDwellings})
	if err != nil {
		return nil, err
	}
	var list []Department
	seen := map[string]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		d := Department{ID: row.Get(ColDepartmentID), AreaID: row.Get(ColAreaID), HousingOrg: row.Get(ColHousingOrg), Name: row.Get(ColDepartmentName)}
		if d.ID == "" {
			errs.Add(row.Errorf(ColDepartmentID, "missing department id"))
		} else if first, dup := seen[d.ID]; dup {
			errs.Add(row.Errorf(ColDepartmentID, "department %q appears twice (first on line %d)", d.ID, first))
		}
		seen[d.ID] = row.Line
		if d.AreaID == "" {
			errs.Add(row.Errorf(ColAreaID, "missing area id"))
		}
		if d.HousingOrg == "" {
			errs.Add(row.Errorf(ColHousingOrg, "missing housing organisation id"))
		}
		for _, c := range []struct {
			col string
			v   *int64
		}{{ColFamilyDwellings, &d.FamilyDwellings}, {ColYouthDwellings, &d.YouthDwellings}, {ColElderlyDwellings, &d.ElderlyDwellings}} {
			if row.Get(c.col) != "" {
				*c.v, _ = row.Int(c.col, 0, 1_000_000, &errs)
			}
		}
		if errs.Len() == before {
			list = append(list, d)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return list, nil
}

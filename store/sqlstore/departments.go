package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// PutDepartments adds departments or updates them, by id.
func (s *Store) PutDepartments(ctx context.Context, ds []store.Department) error {
	seen := make(map[string]bool, len(ds))
	for i, d := range ds {
		switch {
		case d.ID == "":
			return blandby.Errorf(blandby.CodeInvalid, "put departments: department %d has no id", i+1)
		case seen[d.ID]:
			return blandby.Errorf(blandby.CodeInvalid, "put departments: department %q appears twice", d.ID)
		case d.AreaID == "":
			return blandby.Errorf(blandby.CodeInvalid, "put departments: department %q has no area", d.ID)
		case d.HousingOrg == "":
			return blandby.Errorf(blandby.CodeInvalid, "put departments: department %q has no housing organisation", d.ID)
		case d.FamilyDwellings < 0 || d.YouthDwellings < 0 || d.ElderlyDwellings < 0:
			return blandby.Errorf(blandby.CodeInvalid, "put departments: department %q has a negative number of dwellings", d.ID)
		}
		seen[d.ID] = true
	}
	t := table{
		name: "departments",
		cols: []string{"id", "area_id", "housing_org", "name", "family_dwellings", "youth_dwellings", "elderly_dwellings"},
		suffix: `ON CONFLICT (id) DO UPDATE SET area_id = excluded.area_id, housing_org = excluded.housing_org,
			name = excluded.name, family_dwellings = excluded.family_dwellings,
			youth_dwellings = excluded.youth_dwellings, elderly_dwellings = excluded.elderly_dwellings`,
	}
	return s.write(ctx, "put departments", func(tx *wtx) error {
		for _, d := range ds {
			var one int
			err := tx.QueryRowContext(ctx, s.q("SELECT 1 FROM areas WHERE id = ?"), d.AreaID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return blandby.Errorf(blandby.CodeNotFound, "put departments: department %q: no area %q", d.ID, d.AreaID)
			}
			if err != nil {
				return err
			}
		}
		return s.insert(ctx, tx, t, len(ds), func(i int, args []any) []any {
			d := &ds[i]
			return append(args, d.ID, d.AreaID, d.HousingOrg, d.Name, d.FamilyDwellings, d.YouthDwellings, d.ElderlyDwellings)
		})
	})
}

const departmentColumns = "id, area_id, housing_org, name, family_dwellings, youth_dwellings, elderly_dwellings"

func scanDepartment(sc interface{ Scan(...any) error }) (store.Department, error) {
	var d store.Department
	err := sc.Scan(&d.ID, &d.AreaID, &d.HousingOrg, &d.Name, &d.FamilyDwellings, &d.YouthDwellings, &d.ElderlyDwellings)
	return d, err
}

// Departments returns the departments of an area, or of every area when
// areaID is "", by id.
func (s *Store) Departments(ctx context.Context, areaID string) ([]store.Department, error) {
	var out []store.Department
	err := s.read(ctx, "departments", func(q querier) error {
		query, args := "SELECT "+departmentColumns+" FROM departments ORDER BY id", []any(nil)
		if areaID != "" {
			query, args = s.q("SELECT "+departmentColumns+" FROM departments WHERE area_id = ? ORDER BY id"), []any{areaID}
		}
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanDepartment(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

// Department returns one department.
func (s *Store) Department(ctx context.Context, id string) (store.Department, error) {
	var d store.Department
	err := s.read(ctx, "department", func(q querier) error {
		var err error
		d, err = scanDepartment(q.QueryRowContext(ctx, s.q("SELECT "+departmentColumns+" FROM departments WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no department %q", id)
		}
		return err
	})
	return d, err
}

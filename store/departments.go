package store

import "context"

// Department is a public-housing department (almen boligafdeling) in an
// area, and the housing organisation (boligorganisation) that owns it: what
// a housing organisation's scope covers.
type Department struct {
	// ID is the department's id, unique across organisations (for
	// example "<organisation>-<number>").
	ID     string
	AreaID string
	// HousingOrg is the owning housing organisation's id, the scope of a
	// housing_org principal.
	HousingOrg string
	Name       string
	// The department's dwellings by type (0 when unknown).
	FamilyDwellings  int64
	YouthDwellings   int64
	ElderlyDwellings int64
}

// DepartmentStore keeps the departments of the areas.
type DepartmentStore interface {
	// PutDepartments adds departments or updates them, by id; the area of
	// each must be stored (not found otherwise).
	PutDepartments(ctx context.Context, ds []Department) error
	// Departments returns the departments of an area, or of every area
	// when areaID is "", by id.
	Departments(ctx context.Context, areaID string) ([]Department, error)
	// Department returns one department.
	Department(ctx context.Context, id string) (Department, error)
}

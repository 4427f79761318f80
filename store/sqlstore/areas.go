package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// PutAreas adds areas or updates them; a nil Geometry keeps the stored one
// and the JSON null clears it. Names (by year) are not taken from the
// input: they come from indicator sets.
func (s *Store) PutAreas(ctx context.Context, areas []store.Area) error {
	seen := make(map[string]bool, len(areas))
	for i, a := range areas {
		if a.ID == "" {
			return blandby.Errorf(blandby.CodeInvalid, "put areas: area %d has no id", i+1)
		}
		if seen[a.ID] {
			return blandby.Errorf(blandby.CodeInvalid, "put areas: area %q appears twice", a.ID)
		}
		seen[a.ID] = true
		if a.Geometry != nil && !json.Valid(a.Geometry) {
			return blandby.Errorf(blandby.CodeInvalid, "put areas: area %q: geometry is not valid JSON", a.ID)
		}
	}
	t := table{
		name: "areas",
		cols: []string{"id", "name", "municipality_code", "region_code", "dwellings_total", "family_dwellings", "geometry"},
		suffix: `ON CONFLICT (id) DO UPDATE SET name = excluded.name, municipality_code = excluded.municipality_code,
			region_code = excluded.region_code, dwellings_total = excluded.dwellings_total,
			family_dwellings = excluded.family_dwellings, geometry = COALESCE(excluded.geometry, areas.geometry)`,
	}
	return s.write(ctx, "put areas", func(tx *wtx) error {
		return s.insert(ctx, tx, t, len(areas), func(i int, args []any) []any {
			a := &areas[i]
			return append(args, a.ID, a.Name, a.MunicipalityCode, a.RegionCode, a.DwellingsTotal, a.FamilyDwellings, rawJSON(a.Geometry))
		})
	})
}

// newAreasTable inserts areas not stored yet and leaves a stored area as it
// is.
var newAreasTable = table{
	name:   "areas",
	cols:   []string{"id", "name", "municipality_code", "region_code", "dwellings_total", "family_dwellings", "geometry"},
	suffix: "ON CONFLICT (id) DO NOTHING",
}

const areaColumns = "id, name, municipality_code, region_code, dwellings_total, family_dwellings, geometry"

func scanArea(sc interface{ Scan(...any) error }) (store.Area, error) {
	var a store.Area
	var geom sql.NullString
	if err := sc.Scan(&a.ID, &a.Name, &a.MunicipalityCode, &a.RegionCode, &a.DwellingsTotal, &a.FamilyDwellings, &geom); err != nil {
		return a, err
	}
	if geom.Valid && geom.String != "null" {
		a.Geometry = json.RawMessage(geom.String)
	}
	return a, nil
}

// Areas returns every area by id (without names by year).
func (s *Store) Areas(ctx context.Context) ([]store.Area, error) {
	var out []store.Area
	err := s.read(ctx, "areas", func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+areaColumns+" FROM areas")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArea(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b store.Area) int { return strings.Compare(a.ID, b.ID) })
	return out, err
}

// Area returns one area with its names by year, oldest first.
func (s *Store) Area(ctx context.Context, id string) (store.Area, error) {
	var a store.Area
	err := s.read(ctx, "area", func(q querier) error {
		var err error
		a, err = scanArea(q.QueryRowContext(ctx, s.q("SELECT "+areaColumns+" FROM areas WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no area %q", id)
		}
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, s.q("SELECT year, name FROM area_names WHERE area_id = ? ORDER BY year"), id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n store.YearName
			if err := rows.Scan(&n.Year, &n.Name); err != nil {
				return err
			}
			a.Names = append(a.Names, n)
		}
		return rows.Err()
	})
	return a, err
}

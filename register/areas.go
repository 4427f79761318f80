package register

import (
	"fmt"
	"io"
	"strconv"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/internal/csvio"
)

// The columns of the areas registry.
const (
	ColAreaName        = "area_name"
	ColDwellingsTotal  = "dwellings_total"
	ColFamilyDwellings = "family_dwellings"
)

// Areas is the areas registry: the universe of housing areas, each with an
// index that register batches use instead of the id. An area's dwelling
// counts are 0 when not given; it has no Municipality or Region name.
type Areas struct {
	list  []blandby.Area
	index map[string]int32
}

// NewAreas builds a registry; ids must be distinct and regions known.
func NewAreas(list []blandby.Area) (*Areas, error) {
	a := &Areas{list: list, index: make(map[string]int32, len(list))}
	for i, ar := range list {
		if ar.ID == "" {
			return nil, blandby.Errorf(blandby.CodeInvalid, "area %d has no id", i)
		}
		if _, dup := a.index[ar.ID]; dup {
			return nil, blandby.Errorf(blandby.CodeInvalid, "area %q appears twice", ar.ID)
		}
		if dk.RegionIndex(ar.RegionCode) < 0 {
			return nil, blandby.Errorf(blandby.CodeInvalid, "area %q: unknown region %d", ar.ID, ar.RegionCode)
		}
		a.index[ar.ID] = int32(i)
	}
	return a, nil
}

// Len returns the number of areas.
func (a *Areas) Len() int { return len(a.list) }

// At returns the area with index i.
func (a *Areas) At(i int32) blandby.Area { return a.list[i] }

// Index returns the index of an area id.
func (a *Areas) Index(id string) (int32, bool) {
	i, ok := a.index[id]
	return i, ok
}

// lookup finds an area by an id given as bytes, without allocating.
func (a *Areas) lookup(id []byte) (int32, bool) {
	i, ok := a.index[string(id)]
	return i, ok
}

// ReadAreas reads an areas registry: area_id, area_name, municipality_code,
// region_code, and optionally dwellings_total and family_dwellings.
func ReadAreas(r io.Reader, file string) (*Areas, error) {
	t, err := csvio.NewReader(r, file, []string{ColAreaID, ColAreaName, ColMunicipalityCode, ColRegionCode},
		[]string{ColDwellingsTotal, ColFamilyDwellings})
	if err != nil {
		return nil, err
	}
	var list []blandby.Area
	seen := map[string]int{}
	var errs blandby.InputErrors
	err = t.Each(&errs, func(row *csvio.Row) {
		before := errs.Len()
		ar := blandby.Area{ID: row.Get(ColAreaID), Name: row.Get(ColAreaName)}
		if ar.ID == "" {
			errs.Add(row.Errorf(ColAreaID, "missing area id"))
		} else if first, dup := seen[ar.ID]; dup {
			errs.Add(row.Errorf(ColAreaID, "area %q appears twice (first on line %d)", ar.ID, first))
		}
		seen[ar.ID] = row.Line
		ar.MunicipalityCode, _ = row.MunicipalityCode(ColMunicipalityCode, false, &errs)
		rc, ok := row.Int(ColRegionCode, 1000, 9999, &errs)
		if ok && dk.RegionIndex(int(rc)) < 0 {
			errs.Add(row.Errorf(ColRegionCode, "unknown region %d (expected 1081–1085)", rc))
		}
		ar.RegionCode = int(rc)
		if row.Get(ColDwellingsTotal) != "" {
			ar.DwellingsTotal, _ = row.Int(ColDwellingsTotal, 0, 1_000_000, &errs)
		}
		if row.Get(ColFamilyDwellings) != "" {
			ar.FamilyDwellings, _ = row.Int(ColFamilyDwellings, 0, 1_000_000, &errs)
		}
		if ar.FamilyDwellings > ar.DwellingsTotal && ar.DwellingsTotal > 0 {
			errs.Add(row.Errorf(ColFamilyDwellings, "%d family dwellings is more than the %d dwellings in all", ar.FamilyDwellings, ar.DwellingsTotal))
		}
		if errs.Len() == before {
			list = append(list, ar)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return NewAreas(list)
}

// WriteAreas writes the registry in the format ReadAreas reads.
func WriteAreas(w io.Writer, a *Areas) error {
	cw, err := csvio.NewWriter(w, []string{ColAreaID, ColAreaName, ColMunicipalityCode, ColRegionCode, ColDwellingsTotal, ColFamilyDwellings})
	if err != nil {
		return err
	}
	for _, ar := range a.list {
		rec := []string{ar.ID, ar.Name, ar.MunicipalityCode.DAGI(), strconv.Itoa(ar.RegionCode), "", ""}
		if ar.DwellingsTotal > 0 || ar.FamilyDwellings > 0 {
			rec[4], rec[5] = strconv.FormatInt(ar.DwellingsTotal, 10), strconv.FormatInt(ar.FamilyDwellings, 10)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write areas: %w", err)
		}
	}
	return cw.Flush()
}

package app

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/register"
	"github.com/blandby/blandby/store"
)

// importAct is an import into the store (auth.ActionImport), audited with
// the object it names (what and from which file).
func importAct(ctx context.Context, st store.Store, a Actor, object string, act func() (string, error)) error {
	return authorised(ctx, st, a, auth.ActionImport, auth.Resource{}, string(auth.ActionImport), object, act)
}

// SaveComputations stores each computed list year of a run, in one
// transaction, with the history it read (base, the published history,
// plus the years computed before it in the run), its indicators and the
// inputs src names. It returns the computations' ids in the run's order.
func SaveComputations(ctx context.Context, st store.Store, a Actor, run []compute.Year, base *blandby.History, src record.Source, version string, now time.Time) ([]int64, error) {
	if len(run) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "no computed list year to save")
	}
	var ids []int64
	object := fmt.Sprintf("computations of list years %d–%d", run[0].Lists.Year, run[len(run)-1].Lists.Year)
	err := authorised(ctx, st, a, auth.ActionCompute, auth.Resource{}, string(auth.ActionCompute), object, func() (string, error) {
		cs, err := record.Computations(run, base, src, version, now)
		if err != nil {
			return "", err
		}
		ids, err = st.AddComputations(ctx, cs)
		return fmt.Sprintf("%d computations", len(ids)), err
	})
	return ids, err
}

// ImportHistory records the published lists of a history file as imported
// publications, each under the rule set of its list year, all or none. The
// publications record by as who imported them (empty: the actor's name).
func ImportHistory(ctx context.Context, st store.Store, cat *law.Catalog, a Actor, by string, h *blandby.History, in store.Input, version string, now time.Time) ([]store.Publication, error) {
	if by == "" {
		by = a.Principal.Name
	}
	var pubs []store.Publication
	err := importAct(ctx, st, a, "history "+in.Name, func() (string, error) {
		ruleSets := map[int]string{}
		for _, y := range h.Years() {
			rs, err := cat.ForListYear(y)
			if err != nil {
				return "", err
			}
			ruleSets[y] = rs.ID
		}
		var err error
		pubs, err = st.ImportHistory(ctx, h, store.ImportMeta{Input: in, ImportedBy: by,
			ImportedAt: now, SoftwareVersion: version, RuleSets: ruleSets})
		return fmt.Sprintf("%d lists", len(pubs)), err
	})
	return pubs, err
}

// ImportIndicators stores an indicator file's rows, one imported set per
// year, all or none, and returns the sets with their ids.
func ImportIndicators(ctx context.Context, st store.Store, a Actor, set *indicator.Set, inputs []store.Input, now time.Time) ([]store.IndicatorSet, error) {
	if len(inputs) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "indicators: no input file named")
	}
	name := inputs[0].Name
	var sets []store.IndicatorSet
	for _, y := range set.Years() {
		sets = append(sets, store.IndicatorSet{Year: y, Origin: store.Imported, Source: name, Inputs: inputs, CreatedAt: now, Rows: set.Year(y)})
	}
	err := importAct(ctx, st, a, "indicators "+name, func() (string, error) {
		ids, err := st.AddIndicatorSets(ctx, sets)
		for i := range ids {
			sets[i].ID = ids[i]
		}
		return fmt.Sprintf("%d sets", len(ids)), err
	})
	if err != nil {
		return nil, err
	}
	return sets, nil
}

// StoredAreas are the areas of a registry as the store keeps them, with
// their polygons where shapes has one.
func StoredAreas(reg *register.Areas, shapes map[string]json.RawMessage) []store.Area {
	out := make([]store.Area, reg.Len())
	for i := range out {
		a := reg.At(int32(i))
		out[i] = store.Area{Area: a, Geometry: shapes[a.ID]}
	}
	return out
}

// ImportAreas adds or updates the areas of a registry (read from source),
// with their polygons where shapes has one, all or none.
func ImportAreas(ctx context.Context, st store.Store, a Actor, source string, reg *register.Areas, shapes map[string]json.RawMessage) error {
	areas := StoredAreas(reg, shapes)
	return importAct(ctx, st, a, "areas "+source, func() (string, error) {
		return fmt.Sprintf("%d areas, %d with polygons", len(areas), len(shapes)), st.PutAreas(ctx, areas)
	})
}

// ImportDepartments adds or updates the areas' departments (read from
// source), all or none; every area must be stored already.
func ImportDepartments(ctx context.Context, st store.Store, a Actor, source string, read []register.Department) error {
	ds := make([]store.Department, len(read))
	for i, d := range read {
		ds[i] = store.Department{ID: d.ID, AreaID: d.AreaID, HousingOrg: d.HousingOrg, Name: d.Name,
			FamilyDwellings: d.FamilyDwellings, YouthDwellings: d.YouthDwellings, ElderlyDwellings: d.ElderlyDwellings}
	}
	return importAct(ctx, st, a, "departments "+source, func() (string, error) {
		return fmt.Sprintf("%d departments", len(ds)), st.PutDepartments(ctx, ds)
	})
}

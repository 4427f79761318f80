package app_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

func officialFixture(t *testing.T) (store.Store, *law.Catalog, app.Actor) {
	t.Helper()
	ctx := context.Background()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, cat, app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "ops"}, Via: "test"}
}

// TestImportOfficial: every published list 2010–2023 becomes an imported
// publication with each row's source and, per list, the published count
// (counts.csv) and how many areas the files name; the history the store
// returns is the files' history under the registry's ids.
func TestImportOfficial(t *testing.T) {
	ctx := context.Background()
	st, cat, admin := officialFixture(t)
	reg, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	// An area stored before keeps what it has (dwellings, a polygon).
	kept := store.Area{Area: blandby.Area{ID: "kvaglund", Name: "Kvaglund (stored)", MunicipalityCode: 561, RegionCode: 1083, DwellingsTotal: 1200},
		Geometry: json.RawMessage(`{"type":"Point","coordinates":[8.4,55.5]}`)}
	if err := st.PutAreas(ctx, []store.Area{kept}); err != nil {
		t.Fatal(err)
	}
	pubs, err := app.ImportOfficial(ctx, st, cat, reg, admin, "", official.Published, "published", "official/published", "test", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	// The 61 areas of the lists are in the store's areas, with the
	// registry's name and municipality, and no dwellings or polygon the
	// registry does not know.
	areas, err := st.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(areas) != 61 {
		t.Errorf("%d areas stored, want the 61 areas of the lists", len(areas))
	}
	for _, a := range areas {
		if a.ID == kept.ID {
			if a.Name != kept.Name || a.DwellingsTotal != 1200 || string(a.Geometry) != string(kept.Geometry) {
				t.Errorf("the area stored before was changed: %+v", a)
			}
			continue
		}
		r, ok := reg.ByID(a.ID)
		switch {
		case !ok:
			t.Errorf("area %q stored is not in the registry", a.ID)
		case a.Name != r.Name || a.MunicipalityCode != r.MunicipalityCode || a.MunicipalityCode == 0 || a.RegionCode == 0:
			t.Errorf("area %s stored as %q in %d (region %d), the registry says %q in %d", a.ID, a.Name, a.MunicipalityCode, a.RegionCode, r.Name, r.MunicipalityCode)
		case a.DwellingsTotal != 0 || a.FamilyDwellings != 0 || a.Geometry != nil:
			t.Errorf("area %s stored with dwellings or a polygon: %+v", a.ID, a)
		}
	}
	if a, err := st.Area(ctx, "stengaardsvej"); err != nil || a.MunicipalityCode != 561 || a.Name != "Stengårdsvej" {
		t.Errorf("stengaardsvej: %+v (%v), want Stengårdsvej in Esbjerg (561)", a, err)
	}
	if len(pubs) != 14 {
		t.Fatalf("%d lists, want 14 (2010–2023)", len(pubs))
	}
	// year: list → published ("?" unknown) / named, from published/README.md's table.
	want := map[int]string{
		2010: "parallelsamfund 29/29",
		2011: "parallelsamfund 26/26",
		2012: "parallelsamfund 33/33",
		2013: "parallelsamfund ?/40",
		2014: "parallelsamfund 31/31",
		2015: "parallelsamfund 25/25",
		2016: "parallelsamfund 25/25",
		2017: "parallelsamfund 22/22",
		2018: "udsat 43/33, parallelsamfund 29/29, omdannelse 15/15",
		2019: "udsat 40/30, parallelsamfund 28/28, omdannelse 15/15",
		2020: "udsat 25/15, parallelsamfund 15/15, omdannelse 13/13",
		2021: "udsat 20/14, parallelsamfund 12/12, omdannelse 10/10, forebyggelse 62/0",
		2022: "udsat 17/11, parallelsamfund 10/10, omdannelse 9/9, forebyggelse 67/1",
		2023: "udsat 19/11, parallelsamfund 12/10, omdannelse 8/8, forebyggelse 56/0",
	}
	stored, err := st.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range stored {
		var parts []string
		for _, c := range p.Counts {
			n := "?"
			if c.Known {
				n = strconv.Itoa(c.Published)
			}
			parts = append(parts, string(c.Category)+" "+n+"/"+strconv.Itoa(c.Named))
		}
		if got := strings.Join(parts, ", "); got != want[p.Year] || p.Kind != store.PublishedImport || p.PublishedBy != "ops" {
			t.Errorf("%d: %s (%s by %s), want %s", p.Year, got, p.Kind, p.PublishedBy, want[p.Year])
		}
		if len(p.Inputs) != 1 || p.Inputs[0].Role != app.OfficialRole || len(p.Inputs[0].SHA256) != 64 {
			t.Errorf("%d: inputs %+v", p.Year, p.Inputs)
		}
	}
	p, err := st.Publication(ctx, 2018, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Entries {
		if e.AreaID == "ringparken-slagelse" && (e.Category != blandby.Omdannelse || !strings.Contains(e.Source, "tv2fyn.dk")) {
			t.Errorf("Ringparken 2018: %+v", e)
		}
	}
	h, err := st.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Stengårdsvej-kvarteret (2013–2015) and Stengårdsvej are one area.
	for y := 2010; y <= 2023; y++ {
		if c, _ := h.Category(y, "stengaardsvej"); !c.On(blandby.Parallelsamfund) {
			t.Errorf("stengaardsvej in %d: %s, want on the parallelsamfund list", y, c)
		}
	}
	// Again: every year is published already; nothing is added.
	if _, err := app.ImportOfficial(ctx, st, cat, reg, admin, "", official.Published, "published", "official/published", "test", time.Now().UTC()); blandby.CodeOf(err) != blandby.CodeConflict {
		t.Errorf("a second import: %v, want a conflict", err)
	}
	log, err := st.AuditLog(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 || log[0].Outcome != "ok" || log[0].Object != "official official/published" || log[1].Outcome != "failed" {
		t.Errorf("audit trail %+v", log)
	}
}

// TestImportOfficialAllOrNothing: one bad file (here a name the registry
// does not know, in the last year) imports no list at all, and the
// refusal names the file, line and the nearest names.
func TestImportOfficialAllOrNothing(t *testing.T) {
	ctx := context.Background()
	st, cat, admin := officialFixture(t)
	reg, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	err = fs.WalkDir(official.Published, "published", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(official.Published, p)
		fsys[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	bad := string(fsys["published/areas_2023.csv"].Data)
	fsys["published/areas_2023.csv"].Data = []byte(strings.Replace(bad, "2023,Vollsmose,", "2023,Volsmose,", 1))
	_, err = app.ImportOfficial(ctx, st, cat, reg, admin, "", fsys, "published", "copy", "test", time.Now().UTC())
	if err == nil || !strings.Contains(err.Error(), "official/published/areas_2023.csv:3:") || !strings.Contains(err.Error(), `did you mean "Vollsmose"`) {
		t.Fatalf("bad file: %v", err)
	}
	if pubs, err := st.Publications(ctx); err != nil || len(pubs) != 0 {
		t.Errorf("after a failed import: %d publications (%v), want none", len(pubs), err)
	}
	if areas, err := st.Areas(ctx); err != nil || len(areas) != 0 {
		t.Errorf("after a failed import: %d areas (%v), want none", len(areas), err)
	}
}

// TestImportOfficialExplains: a list published with values (2010–2017) is
// explained under the law of its year from those values: every area the
// classification agrees with carries its explanation, with the published
// values; the one published anomaly (Ringparken 2012: one criterion of
// three) carries none; a list of names only (2018–) carries none.
func TestImportOfficialExplains(t *testing.T) {
	ctx := context.Background()
	st, cat, admin := officialFixture(t)
	reg, err := official.Registry()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.ImportOfficial(ctx, st, cat, reg, admin, "", official.Published, "published", "official/published", "test", time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	explained := func(year int) map[string]*classify.Result {
		p, err := st.Publication(ctx, year, 0)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]*classify.Result{}
		for _, e := range p.Entries {
			if e.Explanation == nil {
				out[e.AreaID] = nil
				continue
			}
			var r classify.Result
			if err := json.Unmarshal(e.Explanation, &r); err != nil {
				t.Fatal(err)
			}
			out[e.AreaID] = &r
		}
		return out
	}
	y2015 := explained(2015)
	g := y2015["gellerupparken-toveshoej"]
	// The row of official/published/areas_2015.csv: 6,464 residents.
	if g == nil || g.Category != blandby.Parallelsamfund || g.Year != 2015 || g.Residents != 6464 {
		t.Fatalf("Gellerupparken/Toveshøj 2015: %+v", g)
	}
	if len(g.CriteriaMet()) < 3 {
		t.Errorf("Gellerupparken/Toveshøj 2015 meets %v: a ghetto list of 2015 needs 3 of 5 criteria", g.CriteriaMet())
	}
	for id, r := range y2015 {
		if r == nil {
			t.Errorf("2015 %s: no explanation, though every 2015 row has values", id)
		}
	}
	y2012 := explained(2012)
	if r, ok := y2012["ringparken-slagelse"]; !ok || r != nil {
		t.Errorf("Ringparken 2012, the published anomaly: %+v (on the list: %v), want no explanation", r, ok)
	}
	if n := len(y2012); n != 38 {
		t.Errorf("2012: %d entries, want 38", n)
	}
	for id, r := range explained(2021) {
		if r != nil {
			t.Errorf("2021 %s: an explanation of a list of names", id)
		}
	}
}

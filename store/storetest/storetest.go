// Package storetest is the conformance suite of store.Store: every back
// end (store/sqlite, store/postgres) passes Run on a real database.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// RawDB is what a store under test offers for raw SQL: the suite shows
// that even direct SQL cannot change what is append-only.
type RawDB interface {
	DB() *sql.DB
}

// Reopener opens another store on the same database.
type Reopener interface {
	Reopen(ctx context.Context) (store.Store, error)
}

// Run runs the suite. open returns a store on a new, empty database and
// arranges (t.Cleanup) for it to be closed and removed. The store must
// implement RawDB and Reopener.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		f    func(t *testing.T, st store.Store)
	}{
		{"SchemaVersion", testSchemaVersion},
		{"NewerSchemaRefused", testNewerSchemaRefused},
		{"Areas", testAreas},
		{"AreasInvalid", testAreasInvalid},
		{"IndicatorSetRoundTrip", testIndicatorSetRoundTrip},
		{"IndicatorSets", testIndicatorSets},
		{"AreaNamesByYear", testAreaNamesByYear},
		{"IndicatorSetInvalid", testIndicatorSetInvalid},
		{"IndicatorSetAtomic", testIndicatorSetAtomic},
		{"IndicatorSetsBatchAtomic", testIndicatorSetsBatch},
		{"ComputationRoundTrip", testComputationRoundTrip},
		{"ComputationOfStoredSet", testComputationOfStoredSet},
		{"ComputationInvalid", testComputationInvalid},
		{"ComputationAtomic", testComputationAtomic},
		{"ComputationsBatchAtomic", testComputationsBatch},
		{"Publish", testPublish},
		{"PublishRules", testPublishRules},
		{"Correction", testCorrection},
		{"ImportHistory", testImportHistory},
		{"ImportHistoryConflictAtomic", testImportHistoryConflict},
		{"ImportHistorySources", testImportHistorySources},
		{"ImportHistoryExplained", testImportHistoryExplained},
		{"ImportHistoryInvalidAtomic", testImportHistoryInvalid},
		{"ImportHistoryAreas", testImportHistoryAreas},
		{"AreaNamesFiles", testAreaNamesFiles},
		{"AreaNamesFilesRefused", testAreaNamesFilesRefused},
		{"InvalidTextNone", testInvalidTextNone},
		{"HistoryLatestRevision", testHistoryLatest},
		{"NotFound", testNotFound},
		{"AppendOnly", testAppendOnly},
		{"LargeRoundTrip", testLargeRoundTrip},
		{"LargeAtomic", testLargeAtomic},
		{"ConcurrentFirstPublication", testConcurrentPublish},
		{"ConcurrentReadsDuringWrites", testConcurrentReads},
		{"Users", testUsers},
		{"Tokens", testTokens},
		{"Sessions", testSessions},
		{"Throttle", testThrottle},
		{"ThrottleConcurrent", testThrottleConcurrent},
		{"AuditChain", testAuditChain},
		{"AuditConcurrentAppends", testAuditConcurrent},
		{"AuditTamperDetected", testAuditTamper},
		{"Departments", testDepartments},
		{"DepartmentsInvalid", testDepartmentsInvalid},
		{"LettingPolicies", testLettingPolicies},
		{"LettingDecisions", testLettingDecisions},
		{"RecentLettingDecisions", testRecentLettingDecisions},
		{"LettingDecisionsConcurrent", testLettingDecisionsConcurrent},
		{"Plans", testPlans},
		{"PlansInvalid", testPlansInvalid},
		{"PlansAppendOnly", testPlansAppendOnly},
		{"PlansConcurrent", testPlansConcurrent},
		{"Rental", testRental},
		{"RentalInvalid", testRentalInvalid},
		{"RentalLandlordPropertyAtomic", testRentalLandlordProperty},
		{"RentalAppendOnly", testRentalAppendOnly},
		{"RentalConcurrentVacancies", testRentalConcurrentVacancies},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.f(t, open(t))
		})
	}
}

// wantCode fails unless err carries code; the message must mention each of
// the words.
func wantCode(t *testing.T, err error, code blandby.Code, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := blandby.CodeOf(err); got != code {
		t.Fatalf("got code %s (%v), want %s", got, err, code)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func diff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpOpts...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

func raw(t *testing.T, st store.Store) *sql.DB {
	t.Helper()
	r, ok := st.(RawDB)
	if !ok {
		t.Fatalf("%T does not expose its database (DB() *sql.DB)", st)
	}
	return r.DB()
}

// state is everything a store returns, to show a failed write left nothing.
type state struct {
	Areas        []store.Area
	Sets         []store.IndicatorSet
	Computations []store.Computation
	Publications []store.Publication
	Years        []int
}

func snapshot(t *testing.T, st store.Store) state {
	t.Helper()
	ctx := context.Background()
	h := must[*blandby.History](t)(st.History(ctx))
	return state{
		Areas:        must[[]store.Area](t)(st.Areas(ctx)),
		Sets:         must[[]store.IndicatorSet](t)(st.IndicatorSets(ctx, 0)),
		Computations: must[[]store.Computation](t)(st.Computations(ctx, 0)),
		Publications: must[[]store.Publication](t)(st.Publications(ctx)),
		Years:        h.Years(),
	}
}

func unchanged(t *testing.T, st store.Store, before state) {
	t.Helper()
	diff(t, "state after a failed write", before, snapshot(t, st))
}

func testSchemaVersion(t *testing.T, st store.Store) {
	v := must[int](t)(st.SchemaVersion(context.Background()))
	if v < 1 {
		t.Fatalf("schema version %d", v)
	}
}

func testNewerSchemaRefused(t *testing.T, st store.Store) {
	ctx := context.Background()
	v := must[int](t)(st.SchemaVersion(ctx))
	re, ok := st.(Reopener)
	if !ok {
		t.Fatalf("%T cannot reopen its database", st)
	}
	again, err := re.Reopen(ctx)
	check(t, err)
	check(t, again.Close())
	newer := v + 100
	if _, err := raw(t, st).ExecContext(ctx, fmt.Sprintf("INSERT INTO schema_migrations (version, applied_at) VALUES (%d, 'test')", newer)); err != nil {
		t.Fatal(err)
	}
	if got := must[int](t)(st.SchemaVersion(ctx)); got != newer {
		t.Errorf("schema version %d, want %d", got, newer)
	}
	again, err = re.Reopen(ctx)
	if err == nil {
		again.Close()
		t.Fatal("a database with a newer schema was opened")
	}
	wantCode(t, err, blandby.CodeInvalid, fmt.Sprint(newer), fmt.Sprint(v))
}

func testAreas(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, nil))
	poly := []byte(`{"type":"Polygon", "coordinates":[[[12.5,55.6],[12.6,55.6],[12.6,55.7],[12.5,55.6]]]}`)
	areas := []store.Area{
		{Area: blandby.Area{ID: "b", Name: "Bispeparken", MunicipalityCode: 101, RegionCode: 1084, DwellingsTotal: 1000, FamilyDwellings: 900}, Geometry: poly},
		{Area: blandby.Area{ID: "a", Name: "Akacieparken", MunicipalityCode: 147, RegionCode: 1084}},
		{Area: blandby.Area{ID: "Æ", Name: "Ærø"}},
	}
	check(t, st.PutAreas(ctx, areas))
	got := must[[]store.Area](t)(st.Areas(ctx))
	diff(t, "areas by id", []store.Area{areas[1], areas[0], areas[2]}, got)

	one := must[store.Area](t)(st.Area(ctx, "b"))
	diff(t, "area b", areas[0], one)
	if string(one.Geometry) != string(poly) {
		t.Errorf("geometry %s, want byte-identical %s", one.Geometry, poly)
	}

	// Update: a nil geometry keeps the stored one; the rest is replaced.
	upd := store.Area{Area: blandby.Area{ID: "b", Name: "Bispeparken (ny)", MunicipalityCode: 101, RegionCode: 1084, DwellingsTotal: 1100}}
	check(t, st.PutAreas(ctx, []store.Area{upd}))
	one = must[store.Area](t)(st.Area(ctx, "b"))
	upd.Geometry = poly
	diff(t, "area b updated", upd, one)

	// The JSON null clears it.
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "b", Name: "Bispeparken"}, Geometry: []byte("null")}}))
	if one = must[store.Area](t)(st.Area(ctx, "b")); one.Geometry != nil {
		t.Errorf("geometry %s after null, want none", one.Geometry)
	}
	if len(must[[]store.Area](t)(st.Areas(ctx))) != 3 {
		t.Error("an update added an area")
	}
}

func testAreasInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name  string
		areas []store.Area
	}{
		{"no id", []store.Area{{Area: blandby.Area{ID: "a"}}, {Area: blandby.Area{Name: "x"}}}},
		{"twice", []store.Area{{Area: blandby.Area{ID: "a"}}, {Area: blandby.Area{ID: "a"}}}},
		{"geometry not JSON", []store.Area{{Area: blandby.Area{ID: "a"}, Geometry: []byte("{")}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, st.PutAreas(ctx, tt.areas), blandby.CodeInvalid)
			if n := len(must[[]store.Area](t)(st.Areas(ctx))); n != 0 {
				t.Errorf("%d areas stored", n)
			}
		})
	}
}

func testIndicatorSetRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	set := indicatorSet(2023, store.Imported, "x", "b", "a") // stored order is kept
	id := must[int64](t)(st.AddIndicatorSet(ctx, set))
	if id == 0 {
		t.Fatal("id 0")
	}
	got := must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, id))
	want := set
	want.ID = id
	diff(t, "indicator set", want, *got)
	if !got.CreatedAt.Equal(at) || got.CreatedAt.Nanosecond() != at.Nanosecond() {
		t.Errorf("created at %v, want %v to the nanosecond", got.CreatedAt, at)
	}
	// Known flags and absent values exactly as given.
	r := got.Rows[0]
	if r.BasicEducation.Known || r.BasicEducation.Value.Sign() != 0 || r.Income.Known || r.Income.Value.Cmp(blandby.NewRatio(-7, 8)) != 0 || r.Income.Base != 5 {
		t.Errorf("unknown measures: %+v %+v", r.BasicEducation, r.Income)
	}
	if got.Details[0].Reference != nil {
		t.Error("a detail without a reference came back with one")
	}
	// The areas are added, with their names that year.
	a := must[store.Area](t)(st.Area(ctx, "b"))
	diff(t, "area added by a set", store.Area{Area: blandby.Area{ID: "b", Name: "b 2023", MunicipalityCode: 101}, Names: []store.YearName{{Year: 2023, Name: "b 2023"}}}, a)
}

func testIndicatorSets(t *testing.T, st store.Store) {
	ctx := context.Background()
	s1 := indicatorSet(2022, store.Imported, "a")
	s2 := indicatorSet(2021, store.Computed, "a", "b")
	s3 := indicatorSet(2022, store.Computed, "b")
	var ids []int64
	for _, s := range []store.IndicatorSet{s1, s2, s3} {
		ids = append(ids, must[int64](t)(st.AddIndicatorSet(ctx, s)))
	}
	head := func(s store.IndicatorSet, id int64) store.IndicatorSet {
		s.ID, s.Rows, s.Details = id, nil, nil
		return s
	}
	diff(t, "sets of 2022", []store.IndicatorSet{head(s1, ids[0]), head(s3, ids[2])}, must[[]store.IndicatorSet](t)(st.IndicatorSets(ctx, 2022)))
	diff(t, "all sets", []store.IndicatorSet{head(s1, ids[0]), head(s2, ids[1]), head(s3, ids[2])}, must[[]store.IndicatorSet](t)(st.IndicatorSets(ctx, 0)))
	if got := must[[]store.IndicatorSet](t)(st.IndicatorSets(ctx, 1999)); len(got) != 0 {
		t.Errorf("sets of 1999: %v", got)
	}
}

func testAreaNamesByYear(t *testing.T, st store.Store) {
	ctx := context.Background()
	add := func(year int, name string) {
		t.Helper()
		s := indicatorSet(year, store.Imported, "a")
		s.Rows[0].Area.Name = name
		must[int64](t)(st.AddIndicatorSet(ctx, s))
	}
	add(2020, "Gamle navn")
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "Registernavn", MunicipalityCode: 461, RegionCode: 1083}}}))
	if a := must[store.Area](t)(st.Area(ctx, "a")); a.Name != "Registernavn" || a.MunicipalityCode != 461 {
		t.Errorf("after PutAreas: %+v", a)
	}
	add(2022, "Nyt navn") // a later list year renames the area
	add(2019, "Ældste navn")
	add(2021, "") // no name that year: none recorded
	add(2020, "Rettet navn")
	a := must[store.Area](t)(st.Area(ctx, "a"))
	want := store.Area{Area: blandby.Area{ID: "a", Name: "Nyt navn", MunicipalityCode: 461, RegionCode: 1083},
		Names: []store.YearName{{Year: 2019, Name: "Ældste navn"}, {Year: 2020, Name: "Rettet navn"}, {Year: 2022, Name: "Nyt navn"}}}
	diff(t, "area with names by year", want, a)
	// Areas leaves names to Area.
	if all := must[[]store.Area](t)(st.Areas(ctx)); len(all) != 1 || all[0].Names != nil {
		t.Errorf("areas: %+v", all)
	}
}

func testIndicatorSetInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name   string
		change func(s *store.IndicatorSet)
	}{
		{"no year", func(s *store.IndicatorSet) { s.Year = 0 }},
		{"unknown origin", func(s *store.IndicatorSet) { s.Origin = "guessed" }},
		{"no rows", func(s *store.IndicatorSet) { s.Rows, s.Details = nil, nil }},
		{"row of another year", func(s *store.IndicatorSet) { s.Rows[1].Year = 2022 }},
		{"row without area", func(s *store.IndicatorSet) { s.Rows[1].Area.ID = "" }},
		{"detail of another year", func(s *store.IndicatorSet) { s.Details[3].Year = 2022 }},
		{"detail without indicator", func(s *store.IndicatorSet) { s.Details[3].Indicator = "" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := indicatorSet(2023, store.Imported, "a", "b")
			tt.change(&s)
			_, err := st.AddIndicatorSet(ctx, s)
			wantCode(t, err, blandby.CodeInvalid)
			unchanged(t, st, state{})
		})
	}
}

func testIndicatorSetAtomic(t *testing.T, st store.Store) {
	ctx := context.Background()
	check(t, st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "a", Name: "A"}}}))
	before := snapshot(t, st)
	for _, tt := range []struct {
		name   string
		change func(s *store.IndicatorSet)
		code   blandby.Code
		words  []string
	}{
		{"second row duplicates an area", func(s *store.IndicatorSet) { s.Rows[2].Area.ID = "new" }, blandby.CodeConflict, []string{`"new"`, "twice"}},
		{"a detail twice", func(s *store.IndicatorSet) { s.Details = append(s.Details, s.Details[len(s.Details)-1]) }, blandby.CodeConflict, []string{"twice"}},
		{"a detail of an area without a row", func(s *store.IndicatorSet) { s.Details[len(s.Details)-1].AreaID = "nowhere" }, blandby.CodeInvalid, []string{`"nowhere"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// New areas first, so a failure comes after rows were written.
			s := indicatorSet(2023, store.Imported, "new", "a", "b", "c")
			s.Rows[0].Area.Name = "renamed"
			tt.change(&s)
			_, err := st.AddIndicatorSet(ctx, s)
			wantCode(t, err, tt.code, tt.words...)
			unchanged(t, st, before)
			if a := must[store.Area](t)(st.Area(ctx, "a")); a.Name != "A" || len(a.Names) != 0 {
				t.Errorf("area a changed by a failed set: %+v", a)
			}
		})
	}
}

func testIndicatorSetsBatch(t *testing.T, st store.Store) {
	ctx := context.Background()
	good := indicatorSet(2021, store.Imported, "a", "b")
	bad := indicatorSet(2022, store.Imported, "a", "b", "a")
	_, err := st.AddIndicatorSets(ctx, []store.IndicatorSet{good, bad})
	wantCode(t, err, blandby.CodeConflict, "2022")
	unchanged(t, st, state{})
	ids := must[[]int64](t)(st.AddIndicatorSets(ctx, []store.IndicatorSet{good, indicatorSet(2022, store.Imported, "a")}))
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("ids %v", ids)
	}
	got := must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, ids[0]))
	good.ID = ids[0]
	diff(t, "first set of a batch", good, *got)
}

func testComputationRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	c := computation(2023, "2021-11-30", "z", "a", "m", "b", "c", "d")
	id := must[int64](t)(st.AddComputation(ctx, c))
	got := must[*store.Computation](t)(st.Computation(ctx, id))
	if got.IndicatorSetID == 0 || got.Indicators != nil {
		t.Fatalf("indicator set %d, indicators %v", got.IndicatorSetID, got.Indicators)
	}
	want := c
	want.ID, want.IndicatorSetID, want.Indicators = id, got.IndicatorSetID, nil
	diff(t, "computation", want, *got)
	for i, r := range got.Results {
		if string(r.Explanation) != string(c.Results[i].Explanation) {
			t.Errorf("explanation of %s changed:\n got %s\nwant %s", r.AreaID, r.Explanation, c.Results[i].Explanation)
		}
	}
	set := must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, got.IndicatorSetID))
	wantSet := *c.Indicators
	wantSet.ID, wantSet.Origin = got.IndicatorSetID, store.Computed // stored as computed when no origin is given
	diff(t, "indicator set of a computation", wantSet, *set)

	// A second computation of the year, with an imported set; listings
	// come without results, oldest first.
	c2 := computation(2023, "2021-11-30", "a")
	c2.Indicators.Origin = store.Imported
	c2.History = nil
	id2 := must[int64](t)(st.AddComputation(ctx, c2))
	c3 := computation(2022, "2021-11-30", "a")
	id3 := must[int64](t)(st.AddComputation(ctx, c3))
	list := must[[]store.Computation](t)(st.Computations(ctx, 2023))
	if len(list) != 2 || list[0].ID != id || list[1].ID != id2 {
		t.Fatalf("computations of 2023: %+v", list)
	}
	for _, l := range list {
		if l.Results != nil {
			t.Error("Computations returned results")
		}
	}
	if list[1].History != nil || list[0].RuleSet != "2021-11-30" || !list[0].ComputedAt.Equal(at) {
		t.Errorf("computation heads: %+v", list)
	}
	if all := must[[]store.Computation](t)(st.Computations(ctx, 0)); len(all) != 3 || all[2].ID != id3 {
		t.Errorf("all computations: %+v", all)
	}
	if set2 := must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, list[1].IndicatorSetID)); set2.Origin != store.Imported {
		t.Errorf("origin %q, want imported", set2.Origin)
	}
}

func testComputationOfStoredSet(t *testing.T, st store.Store) {
	ctx := context.Background()
	setID := must[int64](t)(st.AddIndicatorSet(ctx, indicatorSet(2023, store.Imported, "a", "b")))
	c := computation(2023, "2021-11-30", "a", "b")
	c.Indicators, c.IndicatorSetID = nil, setID
	id := must[int64](t)(st.AddComputation(ctx, c))
	got := must[*store.Computation](t)(st.Computation(ctx, id))
	if got.IndicatorSetID != setID {
		t.Errorf("indicator set %d, want %d", got.IndicatorSetID, setID)
	}
	if n := len(must[[]store.IndicatorSet](t)(st.IndicatorSets(ctx, 0))); n != 1 {
		t.Errorf("%d sets, want the one referred to", n)
	}
}

func testComputationInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	setID := must[int64](t)(st.AddIndicatorSet(ctx, indicatorSet(2022, store.Imported, "a", "b")))
	before := snapshot(t, st)
	for _, tt := range []struct {
		name   string
		change func(c *store.Computation)
		code   blandby.Code
	}{
		{"no year", func(c *store.Computation) { c.Year = 0 }, blandby.CodeInvalid},
		{"no rule set", func(c *store.Computation) { c.RuleSet = "" }, blandby.CodeInvalid},
		{"no indicators", func(c *store.Computation) { c.Indicators = nil }, blandby.CodeInvalid},
		{"indicators and a set", func(c *store.Computation) { c.IndicatorSetID = setID }, blandby.CodeInvalid},
		{"indicators of another year", func(c *store.Computation) { c.Indicators.Year = 2022 }, blandby.CodeInvalid},
		{"set of another year", func(c *store.Computation) { c.Indicators, c.IndicatorSetID = nil, setID }, blandby.CodeInvalid},
		{"no such set", func(c *store.Computation) { c.Indicators, c.IndicatorSetID = nil, setID+1000 }, blandby.CodeNotFound},
		{"unknown category", func(c *store.Computation) { c.Results[1].Category = "ghetto" }, blandby.CodeInvalid},
		{"explanation not JSON", func(c *store.Computation) { c.Results[1].Explanation = []byte(`{"a":`) }, blandby.CodeInvalid},
		{"result without area", func(c *store.Computation) { c.Results[1].AreaID = "" }, blandby.CodeInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := computation(2023, "2021-11-30", "a", "b")
			tt.change(&c)
			_, err := st.AddComputation(ctx, c)
			wantCode(t, err, tt.code)
			unchanged(t, st, before)
		})
	}
}

func testComputationAtomic(t *testing.T, st store.Store) {
	ctx := context.Background()
	before := snapshot(t, st)
	for _, tt := range []struct {
		name   string
		change func(c *store.Computation)
		code   blandby.Code
		words  []string
	}{
		{"a result names an unknown area", func(c *store.Computation) { c.Results[2].AreaID = "unknown" }, blandby.CodeInvalid, []string{`"unknown"`}},
		{"two results of an area", func(c *store.Computation) { c.Results[2].AreaID = "a" }, blandby.CodeConflict, []string{`"a"`}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := computation(2023, "2021-11-30", "a", "b", "c")
			tt.change(&c)
			_, err := st.AddComputation(ctx, c)
			wantCode(t, err, tt.code, tt.words...)
			unchanged(t, st, before)
		})
	}
	// A result must name an area of the computation's own set, even one
	// stored by another set.
	must[int64](t)(st.AddIndicatorSet(ctx, indicatorSet(2023, store.Imported, "other")))
	before = snapshot(t, st)
	c := computation(2023, "2021-11-30", "a", "b")
	c.Results[1].AreaID = "other"
	_, err := st.AddComputation(ctx, c)
	wantCode(t, err, blandby.CodeInvalid, `"other"`)
	unchanged(t, st, before)
}

func testComputationsBatch(t *testing.T, st store.Store) {
	ctx := context.Background()
	good := computation(2022, "2021-11-30", "a", "b")
	bad := computation(2023, "2021-11-30", "a", "b")
	bad.Results[1].AreaID = "a"
	_, err := st.AddComputations(ctx, []store.Computation{good, bad})
	wantCode(t, err, blandby.CodeConflict, `"a"`)
	unchanged(t, st, state{})
	ids := must[[]int64](t)(st.AddComputations(ctx, []store.Computation{good, computation(2023, "2021-11-30", "a")}))
	if len(ids) != 2 || ids[0] == ids[1] {
		t.Fatalf("ids %v", ids)
	}
	for i, year := range []int{2022, 2023} {
		got := must[*store.Computation](t)(st.Computation(ctx, ids[i]))
		if got.Year != year {
			t.Errorf("computation %d: year %d, want %d", ids[i], got.Year, year)
		}
	}
}

func publishRequest(id int64) store.PublishRequest {
	return store.PublishRequest{ComputationID: id, PublishedBy: "Bolig- og Planstyrelsen", PublishedAt: at, SoftwareVersion: "v2.0.0"}
}

func testPublish(t *testing.T, st store.Store) {
	ctx := context.Background()
	c := computation(2023, "2021-11-30", "c", "a", "b")
	id := must[int64](t)(st.AddComputation(ctx, c))
	p := must[*store.Publication](t)(st.Publish(ctx, publishRequest(id)))
	var entries []store.Entry
	for _, i := range []int{1, 2, 0} { // by area id
		r := c.Results[i]
		entries = append(entries, store.Entry{AreaID: r.AreaID, Category: r.Category, Explanation: r.Explanation})
	}
	want := store.Publication{
		Year: 2023, Revision: 1, Kind: store.PublishedComputation, ComputationID: id, RuleSet: "2021-11-30",
		SoftwareVersion: "v2.0.0", PublishedAt: at, PublishedBy: "Bolig- og Planstyrelsen", Inputs: c.Inputs,
		ContentSHA256: store.ContentHash(2023, "2021-11-30", entries), Entries: entries,
	}
	diff(t, "published", want, *p)
	for _, rev := range []int{0, 1} {
		got := must[*store.Publication](t)(st.Publication(ctx, 2023, rev))
		diff(t, fmt.Sprintf("publication 2023/%d", rev), want, *got)
		if h := store.ContentHash(got.Year, got.RuleSet, got.Entries); h != got.ContentSHA256 {
			t.Errorf("stored entries hash to %s, recorded %s", h, got.ContentSHA256)
		}
	}
	head := want
	head.Entries = nil
	diff(t, "publications", []store.Publication{head}, must[[]store.Publication](t)(st.Publications(ctx)))
	h := must[*blandby.History](t)(st.History(ctx))
	diff(t, "history", []blandby.ListEntry{{Year: 2023, AreaID: "a", Category: blandby.None}, {Year: 2023, AreaID: "b", Category: blandby.Parallelsamfund}, {Year: 2023, AreaID: "c", Category: blandby.Udsat}}, h.Entries(2023))
	diff(t, "history years", []int{2023}, h.Years())
}

func testPublishRules(t *testing.T, st store.Store) {
	ctx := context.Background()
	id := must[int64](t)(st.AddComputation(ctx, computation(2023, "2021-11-30", "a", "b")))
	other := must[int64](t)(st.AddComputation(ctx, computation(2023, "2021-11-30", "a", "c")))
	next := must[int64](t)(st.AddComputation(ctx, computation(2024, "2021-11-30", "a")))

	req := publishRequest(id)
	req.Correction = true
	req.Reason = "ny opgørelse"
	_, err := st.Publish(ctx, req)
	wantCode(t, err, blandby.CodeConflict, "2023", "not published")

	must[*store.Publication](t)(st.Publish(ctx, publishRequest(id)))
	before := snapshot(t, st)
	for _, cid := range []int64{id, other} {
		_, err = st.Publish(ctx, publishRequest(cid))
		wantCode(t, err, blandby.CodeConflict, "2023", "already published", "revision 1")
	}
	for _, reason := range []string{"", "  "} {
		req := publishRequest(other)
		req.Correction, req.Reason = true, reason
		_, err = st.Publish(ctx, req)
		wantCode(t, err, blandby.CodeInvalid, "reason")
	}
	_, err = st.Publish(ctx, publishRequest(next+100))
	wantCode(t, err, blandby.CodeNotFound)
	unchanged(t, st, before)
	// Another year is independent.
	if p := must[*store.Publication](t)(st.Publish(ctx, publishRequest(next))); p.Year != 2024 || p.Revision != 1 {
		t.Errorf("published %d/%d", p.Year, p.Revision)
	}
}

func testCorrection(t *testing.T, st store.Store) {
	ctx := context.Background()
	first := computation(2023, "2021-11-30", "a", "b")
	id1 := must[int64](t)(st.AddComputation(ctx, first))
	second := computation(2023, "2021-11-30", "a", "b", "c")
	second.Results[0].Category = blandby.Omdannelse
	second.Results[0].Explanation = explanation("a", blandby.Omdannelse)
	second.Inputs = second.Inputs[:1]
	id2 := must[int64](t)(st.AddComputation(ctx, second))
	p1 := must[*store.Publication](t)(st.Publish(ctx, publishRequest(id1)))
	req := publishRequest(id2)
	req.Correction, req.Reason, req.PublishedAt = true, "Ny opgørelse af beboertal i område a", at.Add(1)
	p2 := must[*store.Publication](t)(st.Publish(ctx, req))
	if p2.Revision != 2 || p2.Reason != req.Reason || p2.ComputationID != id2 || len(p2.Entries) != 3 || len(p2.Inputs) != 1 {
		t.Errorf("correction: %+v", p2)
	}
	// Both revisions are kept; the latest wins.
	diff(t, "revision 1", *p1, *must[*store.Publication](t)(st.Publication(ctx, 2023, 1)))
	diff(t, "revision 2", *p2, *must[*store.Publication](t)(st.Publication(ctx, 2023, 2)))
	diff(t, "latest", *p2, *must[*store.Publication](t)(st.Publication(ctx, 2023, 0)))
	pubs := must[[]store.Publication](t)(st.Publications(ctx))
	if len(pubs) != 2 || pubs[0].Revision != 1 || pubs[1].Revision != 2 {
		t.Fatalf("publications %+v", pubs)
	}
	h := must[*blandby.History](t)(st.History(ctx))
	if c, _ := h.Category(2023, "a"); c != blandby.Omdannelse {
		t.Errorf("history: a is %s, want the correction's omdannelse", c)
	}
	if _, known := h.Category(2023, "c"); !known || len(h.Entries(2023)) != 3 {
		t.Errorf("history of 2023: %v", h.Entries(2023))
	}
	// A third revision.
	req.Reason = "igen"
	if p3 := must[*store.Publication](t)(st.Publish(ctx, req)); p3.Revision != 3 {
		t.Errorf("revision %d, want 3", p3.Revision)
	}
}

func testImportHistory(t *testing.T, st store.Store) {
	ctx := context.Background()
	h := history()
	pubs := must[[]store.Publication](t)(st.ImportHistory(ctx, h, importMeta(2018, 2019, 2020)))
	if len(pubs) != 3 {
		t.Fatalf("%d publications, want 3", len(pubs))
	}
	for i, p := range pubs {
		year := 2018 + i
		var entries []store.Entry
		for _, e := range h.Entries(year) {
			entries = append(entries, store.Entry{AreaID: e.AreaID, Category: e.Category})
		}
		want := store.Publication{Year: year, Revision: 1, Kind: store.PublishedImport, RuleSet: "2018-12-01", SoftwareVersion: "v1.2.3",
			PublishedAt: at, PublishedBy: "tester", Inputs: []store.Input{importMeta().Input},
			ContentSHA256: store.ContentHash(year, "2018-12-01", entries), Entries: entries}
		diff(t, fmt.Sprintf("import of %d", year), want, p)
		diff(t, fmt.Sprintf("stored import of %d", year), want, *must[*store.Publication](t)(st.Publication(ctx, year, 0)))
	}
	got := must[*blandby.History](t)(st.History(ctx))
	diff(t, "years", h.Years(), got.Years())
	for _, y := range h.Years() {
		diff(t, fmt.Sprint("history ", y), h.Entries(y), got.Entries(y))
	}
	if !got.HasYear(2020) {
		t.Error("a year without entries was lost")
	}
	// An empty history imports nothing.
	if pubs := must[[]store.Publication](t)(st.ImportHistory(ctx, blandby.NewHistory(), importMeta())); len(pubs) != 0 {
		t.Errorf("empty history: %v", pubs)
	}
	// A computed list can correct an imported one.
	id := must[int64](t)(st.AddComputation(ctx, computation(2019, "2018-12-01", "a", "b", "c")))
	req := publishRequest(id)
	req.Correction, req.Reason = true, "genberegnet"
	if p := must[*store.Publication](t)(st.Publish(ctx, req)); p.Revision != 2 || p.Kind != store.PublishedComputation {
		t.Errorf("correction of an import: %+v", p)
	}
}

// An import from public sources records each entry's source and, per list,
// how many areas were published and how many are named; a list whose
// published count is unknown keeps it unknown.
func testImportHistorySources(t *testing.T, st store.Store) {
	ctx := context.Background()
	meta := officialMeta()
	pubs := must[[]store.Publication](t)(st.ImportHistory(ctx, history(), meta))
	if len(pubs) != 3 {
		t.Fatalf("%d publications", len(pubs))
	}
	for _, y := range []int{2018, 2019, 2020} {
		p := must[*store.Publication](t)(st.Publication(ctx, y, 0))
		diff(t, fmt.Sprint("counts of ", y), meta.Counts[y], p.Counts)
		for _, e := range p.Entries {
			if want := meta.Sources[y][e.AreaID]; e.Source != want {
				t.Errorf("%d %s: source %q, want %q", y, e.AreaID, e.Source, want)
			}
		}
	}
	all := must[[]store.Publication](t)(st.Publications(ctx))
	for _, p := range all {
		diff(t, fmt.Sprint("listed counts of ", p.Year), meta.Counts[p.Year], p.Counts)
	}
}

// An import with the classification of a year's published values stores
// it in the same transaction: the entries it agrees with carry its
// explanation, the one it disagrees with (a published anomaly) carries
// none, and the content hash covers what was stored.
func testImportHistoryExplained(t *testing.T, st store.Store) {
	ctx := context.Background()
	meta := officialMeta()
	c := computation(2019, ruleSetOf(2019), "a", "c", "b")
	c.Indicators.Origin = store.Imported
	// "a" agrees (omdannelse), "c" is published udsat but computed none,
	// "b" agrees (none).
	c.Results[0].Category, c.Results[1].Category, c.Results[2].Category = blandby.Omdannelse, blandby.None, blandby.None
	meta.Computations = map[int]*store.Computation{2019: &c}
	must[[]store.Publication](t)(st.ImportHistory(ctx, history(), meta))
	p := must[*store.Publication](t)(st.Publication(ctx, 2019, 0))
	got := map[string]string{}
	for _, e := range p.Entries {
		got[e.AreaID] = string(e.Explanation)
	}
	want := map[string]string{"a": string(c.Results[0].Explanation), "b": string(c.Results[2].Explanation), "c": ""}
	diff(t, "explanations of 2019", want, got)
	if h := store.ContentHash(2019, p.RuleSet, p.Entries); h != p.ContentSHA256 {
		t.Errorf("content hash %s, stored %s", h, p.ContentSHA256)
	}
	if p.Kind != store.PublishedImport || p.ComputationID != 0 {
		t.Errorf("kind %s, computation %d: want an import", p.Kind, p.ComputationID)
	}
	if cs := must[[]store.Computation](t)(st.Computations(ctx, 2019)); len(cs) != 1 {
		t.Errorf("%d computations of 2019, want the one imported", len(cs))
	}
	for _, y := range []int{2018, 2020} {
		for _, e := range must[*store.Publication](t)(st.Publication(ctx, y, 0)).Entries {
			if e.Explanation != nil {
				t.Errorf("%d %s: an explanation, but no computation was given", y, e.AreaID)
			}
		}
	}
	// A computation of a year the history does not hold is refused, and
	// nothing is stored.
	bad := officialMeta()
	c21 := computation(2021, ruleSetOf(2021), "a")
	bad.Computations = map[int]*store.Computation{2021: &c21}
	_, err := st.ImportHistory(ctx, history(), bad)
	wantCode(t, err, blandby.CodeInvalid)
}

func testImportHistoryConflict(t *testing.T, st store.Store) {
	ctx := context.Background()
	id := must[int64](t)(st.AddComputation(ctx, computation(2019, "2018-12-01", "a")))
	must[*store.Publication](t)(st.Publish(ctx, publishRequest(id)))
	before := snapshot(t, st)
	_, err := st.ImportHistory(ctx, history(), importMeta(2018, 2019, 2020))
	wantCode(t, err, blandby.CodeConflict, "2019")
	unchanged(t, st, before)
	if _, err := st.Publication(ctx, 2018, 0); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Errorf("2018 after a failed import: %v", err)
	}
}

func testImportHistoryInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, tt := range []struct {
		name string
		h    func() *blandby.History
		meta store.ImportMeta
	}{
		{"a year without a rule set", history, importMeta(2018, 2020)},
		{"an unknown category", func() *blandby.History {
			h := history()
			h.Set(2020, "x", "ghetto")
			return h
		}, importMeta(2018, 2019, 2020)},
		{"no history", func() *blandby.History { return nil }, importMeta()},
		{"counts of a year not in the history", history, func() store.ImportMeta {
			m := officialMeta()
			m.Counts[2021] = []store.ListCount{{Category: blandby.Udsat, Named: 1}}
			return m
		}()},
		{"a count of no list", history, func() store.ImportMeta {
			m := officialMeta()
			m.Counts[2019] = append(m.Counts[2019], store.ListCount{Category: blandby.None, Named: 1})
			return m
		}()},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := st.ImportHistory(ctx, tt.h(), tt.meta)
			wantCode(t, err, blandby.CodeInvalid)
			unchanged(t, st, state{})
		})
	}
}

func testHistoryLatest(t *testing.T, st store.Store) {
	ctx := context.Background()
	if h := must[*blandby.History](t)(st.History(ctx)); len(h.Years()) != 0 {
		t.Fatalf("empty store has history %v", h.Years())
	}
	must[[]store.Publication](t)(st.ImportHistory(ctx, history(), importMeta(2018, 2019, 2020)))
	c := computation(2020, "2018-12-01", "a", "b")
	id := must[int64](t)(st.AddComputation(ctx, c))
	req := publishRequest(id)
	req.Correction, req.Reason = true, "beregnet"
	must[*store.Publication](t)(st.Publish(ctx, req))
	h := must[*blandby.History](t)(st.History(ctx))
	diff(t, "years", []int{2018, 2019, 2020}, h.Years())
	diff(t, "2020 corrected", []blandby.ListEntry{{Year: 2020, AreaID: "a", Category: blandby.Udsat}, {Year: 2020, AreaID: "b", Category: blandby.None}}, h.Entries(2020))
	diff(t, "2019 imported", history().Entries(2019), h.Entries(2019))
}

func testNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	must[int64](t)(st.AddComputation(ctx, computation(2023, "2021-11-30", "a")))
	for name, f := range map[string]func() error{
		"area":                 func() error { _, err := st.Area(ctx, "nowhere"); return err },
		"indicator set":        func() error { _, err := st.IndicatorSet(ctx, 999999); return err },
		"computation":          func() error { _, err := st.Computation(ctx, 999999); return err },
		"publication":          func() error { _, err := st.Publication(ctx, 2023, 0); return err },
		"publication revision": func() error { _, err := st.Publication(ctx, 2023, 2); return err },
		"publish":              func() error { _, err := st.Publish(ctx, publishRequest(999999)); return err },
	} {
		t.Run(name, func(t *testing.T) { wantCode(t, f(), blandby.CodeNotFound) })
	}
	if _, err := st.Publication(ctx, 2023, -1); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("revision -1: %v", err)
	}
}

// appendOnly lists each append-only table with a column to update.
var appendOnly = []struct{ table, column string }{
	{"indicator_sets", "source"},
	{"indicator_values", "area_name"},
	{"indicator_details", "numerator"},
	{"computations", "rule_set"},
	{"computation_results", "category"},
	{"publications", "reason"},
	{"publication_entries", "category"},
	{"publication_counts", "category"},
	{"audit_log", "detail"},
}

func testAppendOnly(t *testing.T, st store.Store) {
	ctx := context.Background()
	db := raw(t, st)
	id := must[int64](t)(st.AddComputation(ctx, computation(2023, "2021-11-30", "a", "b")))
	pub := must[*store.Publication](t)(st.Publish(ctx, publishRequest(id)))
	must[[]store.Publication](t)(st.ImportHistory(ctx, history(), officialMeta()))
	must[store.AuditEntry](t)(st.Audit(ctx, auditEntry(0)))
	comp := must[*store.Computation](t)(st.Computation(ctx, id))
	set := must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, comp.IndicatorSetID))
	before := snapshot(t, st)
	count := func(table string) int {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, tt := range appendOnly {
		t.Run(tt.table, func(t *testing.T) {
			n := count(tt.table)
			if n == 0 {
				t.Fatalf("%s is empty: nothing to test", tt.table)
			}
			for _, stmt := range []string{
				fmt.Sprintf("UPDATE %s SET %s = %s", tt.table, tt.column, tt.column),
				fmt.Sprintf("UPDATE %s SET %s = 'changed'", tt.table, tt.column),
				"DELETE FROM " + tt.table,
			} {
				_, err := db.ExecContext(ctx, stmt)
				if err == nil {
					t.Errorf("%s: no error", stmt)
					continue
				}
				if !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: %v, want an error saying the table is append-only", stmt, err)
				}
			}
			// Inside a transaction too (nothing half-done either).
			tx, err := db.BeginTx(ctx, nil)
			check(t, err)
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+tt.table); err == nil {
				t.Errorf("DELETE in a transaction: no error")
			}
			_ = tx.Rollback()
			if got := count(tt.table); got != n {
				t.Errorf("%d rows, had %d", got, n)
			}
		})
	}
	unchanged(t, st, before)
	diff(t, "publication", *pub, *must[*store.Publication](t)(st.Publication(ctx, 2023, 1)))
	diff(t, "computation", *comp, *must[*store.Computation](t)(st.Computation(ctx, id)))
	diff(t, "indicator set", *set, *must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, set.ID)))
	// Areas and their names stay mutable.
	if _, err := db.ExecContext(ctx, "UPDATE areas SET name = 'x' WHERE id = 'a'"); err != nil {
		t.Errorf("areas: %v", err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE area_names SET name = 'x'"); err != nil {
		t.Errorf("area_names: %v", err)
	}
}

func testConcurrentPublish(t *testing.T, st store.Store) {
	ctx := context.Background()
	id := must[int64](t)(st.AddComputation(ctx, computation(2023, "2021-11-30", "a", "b", "c")))
	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			req := publishRequest(id)
			req.PublishedBy = fmt.Sprint("publisher ", i)
			_, errs[i] = st.Publish(ctx, req)
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case blandby.CodeOf(err) != blandby.CodeConflict:
			t.Errorf("got %v (code %s), want a conflict", err, blandby.CodeOf(err))
		case !strings.Contains(err.Error(), "2023") || !strings.Contains(err.Error(), "revision 1"):
			t.Errorf("conflict %q does not name the year and revision", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d publications succeeded, want exactly 1", ok)
	}
	pubs := must[[]store.Publication](t)(st.Publications(ctx))
	if len(pubs) != 1 || pubs[0].Revision != 1 {
		t.Errorf("publications: %+v", pubs)
	}
	p := must[*store.Publication](t)(st.Publication(ctx, 2023, 0))
	if len(p.Entries) != 3 {
		t.Errorf("%d entries", len(p.Entries))
	}
}

// testConcurrentReads reads while another goroutine writes: every read
// sees a whole computation or none.
func testConcurrentReads(t *testing.T, st store.Store) {
	ctx := context.Background()
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	done := make(chan error, 1)
	go func() {
		for y := 2010; y < 2020; y++ {
			if _, err := st.AddComputation(ctx, computation(y, ruleSetOf(y), ids...)); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	var werr error
	for finished := false; !finished; {
		select {
		case werr = <-done:
			finished = true
		default:
		}
		cs, err := st.Computations(ctx, 0)
		check(t, err)
		for _, c := range cs {
			full, err := st.Computation(ctx, c.ID)
			check(t, err)
			if len(full.Results) != len(ids) {
				t.Fatalf("computation %d has %d results, want %d", c.ID, len(full.Results), len(ids))
			}
			set, err := st.IndicatorSet(ctx, c.IndicatorSetID)
			check(t, err)
			if len(set.Rows) != len(ids) {
				t.Fatalf("set %d has %d rows", set.ID, len(set.Rows))
			}
		}
	}
	if werr != nil {
		t.Fatal(werr)
	}
	if n := len(must[[]store.Computation](t)(st.Computations(ctx, 0))); n != 10 {
		t.Errorf("%d computations, want 10", n)
	}
}

// manyIDs returns n area ids.
func manyIDs(n int) []string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("area-%04d", (i*7919)%n) // not in id order
	}
	return ids
}

// testLargeRoundTrip stores sets and computations large enough for every
// bulk path (many INSERT batches, COPY).
func testLargeRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	ids := manyIDs(1200)
	set := indicatorSet(2022, store.Imported, ids...)
	setID := must[int64](t)(st.AddIndicatorSet(ctx, set))
	set.ID = setID
	diff(t, "large set", set, *must[*store.IndicatorSet](t)(st.IndicatorSet(ctx, setID)))

	c := computation(2023, "2021-11-30", ids...)
	id := must[int64](t)(st.AddComputation(ctx, c))
	got := must[*store.Computation](t)(st.Computation(ctx, id))
	want := c
	want.ID, want.IndicatorSetID, want.Indicators = id, got.IndicatorSetID, nil
	diff(t, "large computation", want, *got)
	p := must[*store.Publication](t)(st.Publish(ctx, publishRequest(id)))
	if len(p.Entries) != len(ids) {
		t.Fatalf("%d entries", len(p.Entries))
	}
	diff(t, "large publication", *p, *must[*store.Publication](t)(st.Publication(ctx, 2023, 0)))
	if n := len(must[[]store.Area](t)(st.Areas(ctx))); n != len(ids) {
		t.Errorf("%d areas", n)
	}
	h := history()
	for _, id := range ids {
		h.Set(2021, id, blandby.Udsat)
	}
	pubs := must[[]store.Publication](t)(st.ImportHistory(ctx, h, importMeta(2018, 2019, 2020, 2021)))
	diff(t, "large import", pubs[3], *must[*store.Publication](t)(st.Publication(ctx, 2021, 1)))
}

// testLargeAtomic: a duplicate far into a large write fails it whole.
func testLargeAtomic(t *testing.T, st store.Store) {
	ctx := context.Background()
	ids := manyIDs(1200)
	before := snapshot(t, st)
	set := indicatorSet(2022, store.Imported, ids...)
	set.Rows[1100].Area.ID = set.Rows[3].Area.ID
	_, err := st.AddIndicatorSet(ctx, set)
	wantCode(t, err, blandby.CodeConflict, set.Rows[3].Area.ID)
	unchanged(t, st, before)

	c := computation(2023, "2021-11-30", ids...)
	c.Results[1100].AreaID = "unknown"
	_, err = st.AddComputation(ctx, c)
	wantCode(t, err, blandby.CodeInvalid, "unknown")
	unchanged(t, st, before)
}

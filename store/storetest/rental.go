package storetest

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// rentalFixture stores a landlord with two properties in municipality 101
// and one in 851, and returns the seed track's rule set.
func rentalFixture(t *testing.T, st store.Store) *rental.RuleSet {
	t.Helper()
	ctx := context.Background()
	check(t, st.PutLandlord(ctx, rental.Landlord{CVR: "12345678", Name: "Udlejer A/S"}))
	check(t, st.PutLandlord(ctx, rental.Landlord{CVR: "87654321", Name: "Anden udlejer"}))
	for _, p := range []rental.Property{
		{ID: "p1", LandlordCVR: "12345678", Address: "Vej 1", Municipality: 101, Dwellings: 30},
		{ID: "p2", LandlordCVR: "12345678", Address: "Vej 2", Municipality: 101, Dwellings: 12},
		{ID: "p3", LandlordCVR: "87654321", Address: "Vej 3", Municipality: 851, Dwellings: 40},
	} {
		check(t, st.PutProperty(ctx, p))
	}
	cat, err := rental.Embedded()
	check(t, err)
	rs, err := cat.AtTrack(rental.TrackSeed, day("2024-01-01"))
	check(t, err)
	return rs
}

var rentalEligible = rental.ListStatus{Municipality: 101, ListYear: 2023, Eligible: true, Areas: []string{"a"}}

// report reports a vacancy through the domain, as the web and CLI do.
func report(st store.Store, rs *rental.RuleSet, ags []rental.Agreement, ds []rental.Decision, propertyID, dwelling string, on time.Time) (rental.Entry, error) {
	v := rental.Vacancy{PropertyID: propertyID, Dwelling: rental.Dwelling{ID: dwelling, Rooms: 2, AreaM2: 70, Rent: 9000}, Date: on}
	return st.ReportVacancy(context.Background(), propertyID, func(p rental.Property, prior []rental.Entry) (rental.Entry, error) {
		return rental.Assess(rs, rental.Input{Property: p, Agreements: ags, Decisions: ds, Status: rentalEligible, Prior: prior, Vacancy: v, ReportedAt: on})
	})
}

func testRental(t *testing.T, st store.Store) {
	ctx := context.Background()
	rs := rentalFixture(t, st)
	diff(t, "landlord", rental.Landlord{CVR: "12345678", Name: "Udlejer A/S"}, must[rental.Landlord](t)(st.Landlord(ctx, "12345678")))
	check(t, st.PutProperty(ctx, rental.Property{ID: "p2", LandlordCVR: "12345678", Address: "Vej 2B", Municipality: 101, Dwellings: 14}))
	props := must[[]rental.Property](t)(st.Properties(ctx, store.RentalFilter{LandlordCVR: "12345678"}))
	diff(t, "landlord's properties", []rental.Property{
		{ID: "p1", LandlordCVR: "12345678", Address: "Vej 1", Municipality: 101, Dwellings: 30},
		{ID: "p2", LandlordCVR: "12345678", Address: "Vej 2B", Municipality: 101, Dwellings: 14},
	}, props)
	if got := must[[]rental.Property](t)(st.Properties(ctx, store.RentalFilter{Municipality: 851})); len(got) != 1 || got[0].ID != "p3" {
		t.Errorf("municipality 851's properties: %v", got)
	}

	ag := rental.Agreement{ID: "ag1", Municipality: 101, PropertyID: "p1", Kind: rental.EveryNth, N: 4, MaxShare: blandby.NewRatio(1, 10), From: day("2024-01-01"), Compensation: 4000}
	var seen []rental.Agreement
	check(t, st.AddAgreement(ctx, ag, func(p rental.Property, existing []rental.Agreement) error {
		seen = existing
		return rental.CheckAgreement(rs, ag, p, existing)
	}))
	if len(seen) != 0 {
		t.Errorf("first agreement saw %v", seen)
	}
	ag2 := ag
	ag2.ID = "ag2"
	wantCode(t, st.AddAgreement(ctx, ag2, func(p rental.Property, existing []rental.Agreement) error {
		return rental.CheckAgreement(rs, ag2, p, existing)
	}), blandby.CodeConflict, "overlaps")
	wantCode(t, st.AddAgreement(ctx, ag, func(rental.Property, []rental.Agreement) error { return nil }), blandby.CodeConflict)
	diff(t, "agreements", []rental.Agreement{ag}, must[[]rental.Agreement](t)(st.Agreements(ctx, store.RentalFilter{Municipality: 101})))

	d := rental.Decision{ID: "d1", Municipality: 101, Date: day("2024-01-10"), Reason: "aftalerne rækker ikke", Properties: []string{"p1"}, TargetGroup: "venteliste_udsat_forebyggelse", RuleSetID: rs.ID}
	check(t, st.AddDecision(ctx, d))
	wantCode(t, st.AddDecision(ctx, d), blandby.CodeConflict)
	diff(t, "decisions", []rental.Decision{d}, must[[]rental.Decision](t)(st.Decisions(ctx, 101)))

	var entries []rental.Entry
	for i := range 10 {
		e, err := report(st, rs, []rental.Agreement{ag}, []rental.Decision{d}, "p1", fmt.Sprintf("v%d", i+1), day("2024-02-01").AddDate(0, 0, i))
		check(t, err)
		entries = append(entries, e)
	}
	// The agreement takes the first vacancy, then every 4th (1, 5, 9).
	if got := entries[0]; got.Seq != 1 || got.Route != rental.RouteAgreement {
		t.Errorf("vacancy 1: %+v", got)
	}
	diff(t, "entry", entries[7], must[rental.Entry](t)(st.LedgerEntry(ctx, "p1", 8)))
	_, err := st.LedgerEntry(ctx, "p1", 11)
	wantCode(t, err, blandby.CodeNotFound)

	// Vacancy 1 went by agreement; allocate it and offer nothing.
	alloc := rental.Allocation{PropertyID: "p1", Seq: 1, Date: day("2024-02-10"), ApplicantRef: "ans-1", TargetGroup: "boligsocial"}
	got, err := st.AddAllocation(ctx, alloc, func(e rental.Entry, allocated bool) (rental.Allocation, error) {
		return rental.CheckAllocation(rs, e, nil, alloc, allocated)
	})
	check(t, err)
	_, err = st.AddAllocation(ctx, alloc, func(e rental.Entry, allocated bool) (rental.Allocation, error) {
		return rental.CheckAllocation(rs, e, nil, alloc, allocated)
	})
	wantCode(t, err, blandby.CodeConflict, "already allocated")
	_, err = st.AddAllocation(ctx, alloc, func(rental.Entry, bool) (rental.Allocation, error) { return alloc, nil })
	wantCode(t, err, blandby.CodeConflict)

	// Find a vacancy the right took, if any, by reporting more.
	var right rental.Entry
	for i := 10; right.Seq == 0 && i < 30; i++ {
		e, err := report(st, rs, []rental.Agreement{ag}, []rental.Decision{d}, "p1", fmt.Sprintf("v%d", i+1), day("2024-02-01").AddDate(0, 0, i))
		check(t, err)
		if e.Route == rental.RouteRight {
			right = e
		}
	}
	if right.Seq == 0 {
		t.Fatal("the right took no vacancy in 30")
	}
	offer := rental.Offer{PropertyID: "p1", Seq: right.Seq, Date: right.Date, Dwelling: rental.Dwelling{ID: "w1", Rooms: 2, AreaM2: 72, Rent: 8800}}
	offer, err = st.AddOffer(ctx, offer, func(e rental.Entry, allocated bool) (rental.Offer, error) {
		return rental.CheckOffer(rs, e, offer, allocated)
	})
	check(t, err)
	ralloc := rental.Allocation{PropertyID: "p1", Seq: right.Seq, Date: right.Date.AddDate(0, 0, 6), ApplicantRef: "ans-2", TargetGroup: "venteliste_udsat_forebyggelse"}
	ralloc = must[rental.Allocation](t)(st.AddAllocation(ctx, ralloc, func(e rental.Entry, allocated bool) (rental.Allocation, error) {
		return rental.CheckAllocation(rs, e, &d, ralloc, allocated)
	}))
	claim := rental.Claim{PropertyID: "p1", Seq: right.Seq, Date: day("2024-12-01"), Amount: 15000, Note: "maling"}
	check(t, st.AddClaim(ctx, claim, func(e rental.Entry, a *rental.Allocation) error { return rental.CheckClaim(rs, e, a, claim) }))
	noClaim := rental.Claim{PropertyID: "p1", Seq: 3, Date: day("2024-12-01"), Amount: 1} // the landlord's
	wantCode(t, st.AddClaim(ctx, noClaim, func(e rental.Entry, a *rental.Allocation) error { return rental.CheckClaim(rs, e, a, noClaim) }), blandby.CodeInvalid)

	l := must[rental.Ledger](t)(st.RentalLedger(ctx, store.RentalFilter{LandlordCVR: "12345678"}))
	if len(l.Entries) != right.Seq || l.Entries[0].Seq != 1 || l.Entries[len(l.Entries)-1].Seq != right.Seq {
		t.Errorf("ledger holds %d entries, want %d by seq", len(l.Entries), right.Seq)
	}
	diff(t, "offers", []rental.Offer{offer}, l.Offers)
	diff(t, "allocations", []rental.Allocation{got, ralloc}, l.Allocations)
	diff(t, "claims", []rental.Claim{claim}, l.Claims)
	diff(t, "ledger agreements", []rental.Agreement{ag}, l.Agreements)
	if other := must[rental.Ledger](t)(st.RentalLedger(ctx, store.RentalFilter{Municipality: 851})); len(other.Entries)+len(other.Allocations) != 0 {
		t.Errorf("municipality 851 sees %+v", other)
	}
}

func testRentalInvalid(t *testing.T, st store.Store) {
	ctx := context.Background()
	rs := rentalFixture(t, st)
	wantCode(t, st.PutProperty(ctx, rental.Property{ID: "px", LandlordCVR: "11111111", Address: "x", Municipality: 101, Dwellings: 9}), blandby.CodeNotFound, "landlord")
	wantCode(t, st.PutProperty(ctx, rental.Property{ID: "p1", LandlordCVR: "87654321", Address: "x", Municipality: 101, Dwellings: 9}), blandby.CodeConflict, "cannot move")
	wantCode(t, st.PutProperty(ctx, rental.Property{ID: "p1", LandlordCVR: "12345678", Address: "x", Municipality: 101, Dwellings: 0}), blandby.CodeInvalid, "dwellings")
	wantCode(t, st.PutLandlord(ctx, rental.Landlord{CVR: "0123", Name: "x"}), blandby.CodeInvalid, "cvr")
	_, err := st.Landlord(ctx, "99999999")
	wantCode(t, err, blandby.CodeNotFound)
	_, err = st.Property(ctx, "nope")
	wantCode(t, err, blandby.CodeNotFound)
	_, err = report(st, rs, nil, nil, "nope", "v", day("2024-01-01"))
	wantCode(t, err, blandby.CodeNotFound, "nope")
	// An answer that does not carry the next count is refused, and nothing
	// is stored.
	_, err = st.ReportVacancy(ctx, "p1", func(p rental.Property, prior []rental.Entry) (rental.Entry, error) {
		return rental.Entry{PropertyID: "p1", Seq: len(prior) + 2, Route: rental.RouteLandlord}, nil
	})
	wantCode(t, err, blandby.CodeInternal, "does not follow")
	// A refused assessment stores nothing either.
	_, err = st.ReportVacancy(ctx, "p1", func(rental.Property, []rental.Entry) (rental.Entry, error) {
		return rental.Entry{}, blandby.Errorf(blandby.CodeInvalid, "bad vacancy")
	})
	wantCode(t, err, blandby.CodeInvalid, "bad vacancy")
	if l := must[rental.Ledger](t)(st.RentalLedger(ctx, store.RentalFilter{})); len(l.Entries) != 0 {
		t.Errorf("refused reports stored %v", l.Entries)
	}
	_, err = st.AddAllocation(ctx, rental.Allocation{PropertyID: "p1", Seq: 1}, func(rental.Entry, bool) (rental.Allocation, error) { return rental.Allocation{}, nil })
	wantCode(t, err, blandby.CodeNotFound)
	wantCode(t, st.AddAgreement(ctx, rental.Agreement{ID: "a", PropertyID: "nope"}, func(rental.Property, []rental.Agreement) error { return nil }), blandby.CodeNotFound)
}

func testRentalAppendOnly(t *testing.T, st store.Store) {
	ctx := context.Background()
	rs := rentalFixture(t, st)
	db := raw(t, st)
	e, err := report(st, rs, nil, nil, "p1", "v1", day("2024-03-01"))
	check(t, err)
	check(t, st.AddDecision(ctx, rental.Decision{ID: "d", Municipality: 101, Date: day("2024-01-01")}))
	for _, stmt := range []string{
		"UPDATE rental_ledger SET route = 'right'",
		"DELETE FROM rental_ledger",
		"UPDATE rental_decisions SET municipality = 851",
		"DELETE FROM rental_decisions",
		"INSERT INTO rental_ledger (property_id, seq, route, vacant_on, body) VALUES ('p1', 1, 'right', 'x', '{}')",
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: no error", stmt)
		}
	}
	diff(t, "after refused changes", e, must[rental.Entry](t)(st.LedgerEntry(ctx, "p1", 1)))
}

// testRentalConcurrentVacancies: 50 reports for one property at once get
// the counts 1–50, none twice and none skipped, and the right takes exactly
// the 1st, 11th, 21st of them: its cap is 3 of the property's 30 dwellings.
func testRentalConcurrentVacancies(t *testing.T, st store.Store) {
	rs := rentalFixture(t, st)
	d := rental.Decision{ID: "d1", Municipality: 101, Date: day("2024-01-01"), Properties: []string{"p1"}, TargetGroup: "venteliste_udsat_forebyggelse"}
	const n = 50
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			// Other properties' reports run alongside.
			if i%5 == 0 {
				if _, err := report(st, rs, nil, nil, "p2", fmt.Sprintf("o%d", i), day("2024-02-01")); err != nil {
					errs <- err
				}
			}
			if _, err := report(st, rs, nil, []rental.Decision{d}, "p1", fmt.Sprintf("v%d", i), day("2024-02-01")); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	l := must[rental.Ledger](t)(st.RentalLedger(context.Background(), store.RentalFilter{PropertyID: "p1"}))
	var seqs, rightCounts, taken []int
	dwellings := map[string]bool{}
	for _, e := range l.Entries {
		seqs = append(seqs, e.Seq)
		rightCounts = append(rightCounts, e.RightCount)
		dwellings[e.Dwelling.ID] = true
		if e.Route == rental.RouteRight {
			taken = append(taken, e.Seq)
		}
	}
	want := make([]int, n)
	for i := range want {
		want[i] = i + 1
	}
	if !slices.Equal(seqs, want) || !slices.Equal(rightCounts, want) {
		t.Errorf("counts %v, right counts %v: want 1..%d without gap or repeat", seqs, rightCounts, n)
	}
	if len(dwellings) != n {
		t.Errorf("%d reports stored, want %d", len(dwellings), n)
	}
	if !slices.Equal(taken, []int{1, 11, 21}) {
		t.Errorf("the right took %v, want the 1st, 11th and 21st (cap 3)", taken)
	}
}

// testRentalLandlordProperty: PutLandlordProperty stores a new landlord
// with its property, keeps an existing landlord's name, and stores nothing
// when the property is refused.
func testRentalLandlordProperty(t *testing.T, st store.Store) {
	ctx := context.Background()
	rentalFixture(t, st)
	check(t, st.PutLandlordProperty(ctx, rental.Landlord{CVR: "33333333", Name: "Ny udlejer"},
		rental.Property{ID: "p4", LandlordCVR: "33333333", Address: "Vej 4", Municipality: 101, Dwellings: 8}))
	diff(t, "new landlord", rental.Landlord{CVR: "33333333", Name: "Ny udlejer"}, must[rental.Landlord](t)(st.Landlord(ctx, "33333333")))
	diff(t, "new property", rental.Property{ID: "p4", LandlordCVR: "33333333", Address: "Vej 4", Municipality: 101, Dwellings: 8}, must[rental.Property](t)(st.Property(ctx, "p4")))
	check(t, st.PutLandlordProperty(ctx, rental.Landlord{CVR: "12345678", Name: "Omdøbt"},
		rental.Property{ID: "p5", LandlordCVR: "12345678", Address: "Vej 5", Municipality: 101, Dwellings: 8}))
	diff(t, "existing landlord", rental.Landlord{CVR: "12345678", Name: "Udlejer A/S"}, must[rental.Landlord](t)(st.Landlord(ctx, "12345678")))

	for _, tc := range []struct {
		name string
		p    rental.Property
		code blandby.Code
	}{
		{"another landlord's property", rental.Property{ID: "p1", LandlordCVR: "44444444", Address: "x", Municipality: 101, Dwellings: 9}, blandby.CodeConflict},
		{"an invalid property", rental.Property{ID: "p6", LandlordCVR: "44444444", Address: "x", Municipality: 101, Dwellings: 0}, blandby.CodeInvalid},
	} {
		wantCode(t, st.PutLandlordProperty(ctx, rental.Landlord{CVR: "44444444", Name: "Afvist"}, tc.p), tc.code)
		if _, err := st.Landlord(ctx, "44444444"); blandby.CodeOf(err) != blandby.CodeNotFound {
			t.Errorf("%s: the landlord was stored (%v)", tc.name, err)
		}
	}
	wantCode(t, st.PutLandlordProperty(ctx, rental.Landlord{CVR: "44444444", Name: "x"},
		rental.Property{ID: "p7", LandlordCVR: "55555555", Address: "x", Municipality: 101, Dwellings: 9}), blandby.CodeInvalid)
	diff(t, "p1 unchanged", rental.Property{ID: "p1", LandlordCVR: "12345678", Address: "Vej 1", Municipality: 101, Dwellings: 30}, must[rental.Property](t)(st.Property(ctx, "p1")))
}

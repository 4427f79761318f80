package demo_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blandby/blandby/demo"
	"github.com/blandby/blandby/internal/demotest"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
)

// TestDemoRental: the demo landlord has properties in demo.DemoMunicipality with
// agreements and a ledger whose vacancies went by agreement and (when the
// municipality is on the last list) by the right; preparing again adds
// nothing.
func TestDemoRental(t *testing.T) {
	ctx := context.Background()
	// The shared demo (prepared once per test run, without the race
	// detector: internal/demotest); Prepare itself runs below, on a
	// prepared database, and in TestPrepare.
	opts := demo.Options{Scale: 0.5, FirstYear: 2018, LastYear: 2022, SoftwareVersion: "test"}
	db := filepath.Join(t.TempDir(), "demo.db")
	if err := demotest.Copy(ctx, db, opts); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := store.RentalFilter{LandlordCVR: demo.DemoLandlord}
	l, err := st.RentalLedger(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	byRoute := map[rental.Route]int{}
	for _, e := range l.Entries {
		byRoute[e.Route]++
		if e.Municipality != demo.DemoMunicipality || len(e.Reasons) == 0 {
			t.Errorf("entry %s/%d: municipality %d, reasons %v", e.PropertyID, e.Seq, e.Municipality, e.Reasons)
		}
	}
	ds, err := st.Decisions(ctx, demo.DemoMunicipality)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Entries) != 24 || len(l.Agreements) != 2 || byRoute[rental.RouteAgreement] == 0 || len(l.Allocations) == 0 {
		t.Errorf("demo ledger: %d entries %v, %d agreements, %d allocations", len(l.Entries), byRoute, len(l.Agreements), len(l.Allocations))
	}
	if len(ds) != 1 || byRoute[rental.RouteRight] == 0 {
		t.Errorf("want one decision and vacancies by the right: %d decisions, %v", len(ds), byRoute)
	}
	t.Logf("demo rental: %v, %d decisions", byRoute, len(ds))
	if _, err := demo.Prepare(ctx, st, nil, opts); err != nil {
		t.Fatal(err)
	}
	again, err := st.RentalLedger(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Entries) != len(l.Entries) || len(again.Allocations) != len(l.Allocations) || len(again.Agreements) != len(l.Agreements) {
		t.Errorf("second Prepare changed the ledger: %d/%d entries, %d/%d allocations", len(again.Entries), len(l.Entries), len(again.Allocations), len(l.Allocations))
	}
}

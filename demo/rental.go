package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// DemoLandlord is the CVR number of the demo's private landlord (the
// landlord:12345678 user): it owns rental properties in DemoMunicipality.
const DemoLandlord = "12345678"

// demoProperties are the demo landlord's properties.
var demoProperties = []rental.Property{
	{ID: "demo-udl-1", LandlordCVR: DemoLandlord, Address: "Vesterbrogade 10, 1620 København V", Municipality: DemoMunicipality, Dwellings: 48},
	{ID: "demo-udl-2", LandlordCVR: DemoLandlord, Address: "Nørrebrogade 52, 2200 København N", Municipality: DemoMunicipality, Dwellings: 24},
	{ID: "demo-udl-3", LandlordCVR: DemoLandlord, Address: "Amagerbrogade 7, 2300 København S", Municipality: DemoMunicipality, Dwellings: 10},
}

// putRental stores the demo landlord, its properties, two agreements with
// municipality DemoMunicipality, a decision to use the right (under the
// seed's rule set, when the municipality is on the last list) and a run of
// vacancies, some of them allocated. Demo years before the rental rules
// took effect get the properties only. Everything is written by id, and the
// vacancies only into an empty ledger, so a second run changes nothing.
func putRental(ctx context.Context, st store.Store, cat *law.Catalog, opts Options) error {
	if err := st.PutLandlord(ctx, rental.Landlord{CVR: DemoLandlord, Name: "Demo Ejendomme A/S"}); err != nil {
		return err
	}
	for _, p := range demoProperties {
		if err := st.PutProperty(ctx, p); err != nil {
			return err
		}
	}
	start := time.Date(opts.LastYear, 7, 1, 0, 0, 0, 0, time.UTC)
	if _, err := app.RentalRules(rental.DefaultTrack, start); err != nil {
		// List years before the June 2021 agreement: no rental rules yet.
		return nil
	}
	municipality := app.Actor{Principal: auth.Principal{Role: auth.RoleMunicipality, Scope: auth.MunicipalityScope(DemoMunicipality), Name: PublishedBy}, Via: "demo"}
	landlord := app.Actor{Principal: auth.Principal{Role: auth.RoleLandlord, Scope: DemoLandlord, Name: PublishedBy}, Via: "demo"}
	ags := []rental.Agreement{
		{ID: "demo-aftale-1", Municipality: DemoMunicipality, PropertyID: "demo-udl-2", Kind: rental.EveryNth, N: 5, MaxShare: blandby.NewRatio(1, 5), From: start, Compensation: 5000},
		{ID: "demo-aftale-2", Municipality: DemoMunicipality, PropertyID: "demo-udl-3", Kind: rental.Named, Dwellings: []string{"st.tv", "1.th"}, From: start, Compensation: 7500},
	}
	have, err := st.Agreements(ctx, store.RentalFilter{Municipality: DemoMunicipality})
	if err != nil {
		return err
	}
	for _, a := range ags {
		if slices.ContainsFunc(have, func(h rental.Agreement) bool { return h.ID == a.ID }) {
			continue
		}
		if err := app.AddAgreement(ctx, st, municipality, rental.DefaultTrack, a); err != nil {
			return fmt.Errorf("agreement %s: %w", a.ID, err)
		}
	}
	decided := time.Date(opts.LastYear, 12, 2, 0, 0, 0, 0, time.UTC)
	ds, err := st.Decisions(ctx, DemoMunicipality)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		d := rental.Decision{ID: "demo-beslutning-1", Municipality: DemoMunicipality, Date: decided,
			Reason:      "Aftalerne med private udlejere giver for få boliger til boligsøgende fra kommunens udsatte områder",
			Properties:  []string{"demo-udl-1", "demo-udl-2"},
			TargetGroup: "venteliste_udsat_forebyggelse"}
		// A municipality not on the list in force may not decide: the
		// demo then shows agreements only.
		if _, err := app.AddRightDecision(ctx, st, cat, municipality, rental.DefaultTrack, d); err != nil && blandby.CodeOf(err) != blandby.CodeInvalid {
			return fmt.Errorf("decision: %w", err)
		}
	}
	l, err := st.RentalLedger(ctx, store.RentalFilter{LandlordCVR: DemoLandlord})
	if err != nil || len(l.Entries) > 0 {
		return err
	}
	rooms := []int{1, 2, 2, 3, 3, 4}
	for i := range 24 {
		p := demoProperties[i%len(demoProperties)]
		if i%4 == 3 {
			p = demoProperties[0]
		}
		r := rooms[i%len(rooms)]
		dw := rental.Dwelling{ID: fmt.Sprintf("%d.%s", 1+i%5, []string{"tv", "th", "mf"}[i%3]), Rooms: r, AreaM2: 35 + 22*r, Rent: int64(35+22*r) * 120}
		if p.ID == "demo-udl-3" && i%2 == 0 {
			dw.ID = "st.tv"
		}
		on := decided.AddDate(0, 0, 1+i*3)
		e, err := app.ReportVacancy(ctx, st, cat, landlord, rental.DefaultTrack, p.ID, rental.Vacancy{Dwelling: dw, Date: on}, on)
		if err != nil {
			return fmt.Errorf("vacancy %d: %w", i+1, err)
		}
		if !e.Municipal() || i > 18 {
			continue
		}
		group := "boligsocial"
		if e.Route == rental.RouteRight {
			group = "venteliste_udsat_forebyggelse"
		}
		a := rental.Allocation{PropertyID: e.PropertyID, Seq: e.Seq, Date: on.AddDate(0, 0, 12), ApplicantRef: fmt.Sprintf("demo-ansoeger-%02d", i+1), TargetGroup: group}
		if _, err := app.Allocate(ctx, st, municipality, a); err != nil {
			return fmt.Errorf("allocation %d: %w", i+1, err)
		}
	}
	return nil
}

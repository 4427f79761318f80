package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store/sqlite"
)

// TestRentalActsAuthoriseAndAudit: each rental act is its landlord's or
// its municipality's (auth.ActionRentalAccess on the property's resource),
// whichever front end asks, and each attempt is in the audit trail with
// what it did or why it was refused.
func TestRentalActsAuthoriseAndAudit(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	actor := func(role auth.Role, scope string) app.Actor {
		return app.Actor{Principal: auth.Principal{Role: role, Scope: scope, Name: string(role) + ":" + scope}, Via: "test"}
	}
	landlord, otherLandlord := actor(auth.RoleLandlord, "11111111"), actor(auth.RoleLandlord, "22222222")
	municipality, otherMunicipality := actor(auth.RoleMunicipality, "101"), actor(auth.RoleMunicipality, "851")
	p := rental.Property{ID: "p1", LandlordCVR: "11111111", Address: "Vej 1", Municipality: 101, Dwellings: 40}

	if err := app.PutProperty(ctx, st, otherLandlord, p, "A/S"); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Errorf("another landlord registering the property: %v, want forbidden", err)
	}
	if err := app.PutProperty(ctx, st, landlord, p, "A/S"); err != nil {
		t.Fatal(err)
	}
	from := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	ag := rental.Agreement{ID: "a1", Municipality: 101, PropertyID: "p1", Kind: rental.EveryNth, N: 5, MaxShare: blandby.NewRatio(1, 5), From: from, Compensation: 5000}
	// Another municipality's property is answered as an unknown one.
	if err := app.AddAgreement(ctx, st, otherMunicipality, rental.DefaultTrack, ag); blandby.CodeOf(err) != blandby.CodeNotFound || err.Error() != app.NotYourProperty("p1").Error() {
		t.Errorf("another municipality's agreement: %v, want %v", err, app.NotYourProperty("p1"))
	}
	if err := app.AddAgreement(ctx, st, municipality, rental.DefaultTrack, ag); err != nil {
		t.Fatal(err)
	}
	v := rental.Vacancy{Dwelling: rental.Dwelling{ID: "1.tv", Rooms: 2, AreaM2: 70, Rent: 9000}, Date: from.AddDate(0, 1, 0)}
	if _, err := app.ReportVacancy(ctx, st, cat, municipality, rental.DefaultTrack, "p1", v, v.Date); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Errorf("the municipality reporting the landlord's vacancy: %v, want forbidden", err)
	}
	e, err := app.ReportVacancy(ctx, st, cat, landlord, rental.DefaultTrack, "p1", v, v.Date)
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 1 || e.Route != rental.RouteAgreement {
		t.Errorf("the first vacancy under an every-5th agreement: %+v, want the municipality's (agreement)", e)
	}
	al := rental.Allocation{PropertyID: "p1", Seq: 1, Date: v.Date.AddDate(0, 0, 10), ApplicantRef: "ans-1", TargetGroup: "boligsocial"}
	if _, err := app.Allocate(ctx, st, landlord, al); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Errorf("the landlord allocating: %v, want forbidden", err)
	}

	log, err := st.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Actor+" "+e.Action+" "+e.Outcome+" "+e.Object+" | "+e.Detail)
	}
	want := []string{
		"landlord:22222222 rental_property denied rental property p1 | test: ",
		"landlord:11111111 rental_property ok rental property p1 | test: 40 dwellings in municipality 101",
		"municipality:851 rental_agreement denied rental agreement a1 | test: ",
		"municipality:101 rental_agreement ok rental agreement a1 | test: every_nth on property p1",
		"municipality:101 rental_vacancy denied rental property p1 | test: ",
		"landlord:11111111 rental_vacancy ok rental property p1 | test: vacancy no. 1 (1.tv): agreement",
		"landlord:11111111 rental_allocation denied rental vacancy p1/1 | test: ",
	}
	if len(got) != len(want) {
		t.Fatalf("audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("audit entry %d:\n%s\nwant it to begin\n%s", i+1, got[i], want[i])
		}
	}
}

// TestPutPropertyRefusedStoresNoLandlord: a registration the store refuses
// (the property id is another landlord's) leaves no trace of the new
// landlord: the landlord and the property are one transaction.
func TestPutPropertyRefusedStoresNoLandlord(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "blandby.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	owner := app.Actor{Principal: auth.Principal{Role: auth.RoleLandlord, Scope: "11111111", Name: "owner"}, Via: "test"}
	other := app.Actor{Principal: auth.Principal{Role: auth.RoleLandlord, Scope: "22222222", Name: "other"}, Via: "test"}
	p := rental.Property{ID: "p1", LandlordCVR: "11111111", Address: "Vej 1", Municipality: 101, Dwellings: 40}
	if err := app.PutProperty(ctx, st, owner, p, "Ejer A/S"); err != nil {
		t.Fatal(err)
	}
	p.LandlordCVR = "22222222"
	if err := app.PutProperty(ctx, st, other, p, "Anden A/S"); err == nil {
		t.Fatal("registering another landlord's property id was accepted")
	}
	if l, err := st.Landlord(ctx, "22222222"); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Errorf("the refused registration stored the landlord %+v (%v)", l, err)
	}
	// An invalid property does not store its landlord either.
	bad := rental.Property{ID: "p2", LandlordCVR: "22222222", Address: "Vej 2", Municipality: 101, Dwellings: 0}
	if err := app.PutProperty(ctx, st, other, bad, "Anden A/S"); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("a property without dwellings: %v, want invalid", err)
	}
	if l, err := st.Landlord(ctx, "22222222"); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Errorf("the invalid registration stored the landlord %+v (%v)", l, err)
	}
}

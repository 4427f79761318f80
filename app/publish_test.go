package app_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/store"
)

// TestPublish: a computation is published only by whom the policy lets
// publish, only as a correction when its year is published, only with the
// rule set governing its year and only when the lists it read are those
// published now; every attempt is audited.
func TestPublish(t *testing.T) {
	ctx := context.Background()
	fx := apptest.NewStale(t)
	st := fx.Store
	admin := app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "ops"}, Via: "test"}
	year := apptest.StaleYear

	// Stale first: the refusal names the differing list and what to do.
	_, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: year, ComputationID: fx.Stale})
	var stale *app.StaleError
	if !errors.As(err, &stale) || blandby.CodeOf(err) != blandby.CodeConflict || len(stale.Differences) != 1 ||
		stale.Differences[0].Year != 2019 || stale.Differences[0].AreaID != "b" || !strings.Contains(err.Error(), "compute list year 2022 again") {
		t.Fatalf("stale computation: %v", err)
	}
	// Not allowed: a municipality may not publish; nothing is published.
	municipality := app.Actor{Principal: auth.Principal{Role: auth.RoleMunicipality, Scope: "101", Name: "kommune"}, Via: "test"}
	if _, err := app.Publish(ctx, st, fx.Catalog, municipality, app.PublishRequest{Year: year, ComputationID: fx.Fresh}); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Fatalf("a municipality publishing: %v, want forbidden", err)
	}
	if _, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: 2021, ComputationID: fx.Fresh}); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("a computation of 2022 as the list of 2021: %v, want invalid", err)
	}
	if _, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: year, ComputationID: fx.Fresh, Reason: "why"}); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("a reason without a correction: %v, want invalid", err)
	}
	// The latest computation of the year (the stale one) is the default.
	if _, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: year}); !errors.As(err, &stale) {
		t.Errorf("the default computation: %v, want the stale one refused", err)
	}
	pub, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: year, ComputationID: fx.Fresh, PublishedBy: "Bolig- og Planstyrelsen", SoftwareVersion: "test"})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Year != year || pub.Revision != 1 || pub.PublishedBy != "Bolig- og Planstyrelsen" || len(pub.Entries) != 2 {
		t.Errorf("publication %+v", pub)
	}
	if _, err := app.Publish(ctx, st, fx.Catalog, admin, app.PublishRequest{Year: year, ComputationID: fx.Fresh}); !errors.As(err, new(*app.AlreadyPublishedError)) {
		t.Errorf("publishing %d again: %v, want already published", year, err)
	}

	log, err := st.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		if e.Action == string(auth.ActionPublish) {
			got = append(got, e.Actor+" "+e.Outcome+" "+e.Object)
		}
	}
	want := []string{
		"ops failed list of 2022", "kommune denied list of 2022", "ops failed list of 2021", "ops failed list of 2022",
		"ops failed list of 2022", "ops ok list of 2022 revision 1", "ops failed list of 2022",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit trail:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if e := log[0]; !strings.HasPrefix(e.Detail, "test: computation") {
		t.Errorf("a refusal's detail %q: want the medium and the error", e.Detail)
	}
	var ok store.AuditEntry
	for _, e := range log {
		if e.Outcome == store.AuditOK {
			ok = e
		}
	}
	if ok.Detail != "test" || ok.Role != string(auth.RoleAdmin) {
		t.Errorf("the publication's entry %+v", ok)
	}
}

// TestPublishPreview: the preview of a year shows the computation Publish
// would publish by default and refuses what Publish refuses, for the same
// reason; only whom the policy lets publish may see it.
func TestPublishPreview(t *testing.T) {
	ctx := context.Background()
	fx := apptest.NewStale(t)
	ministry := app.Actor{Principal: auth.Principal{Role: auth.RoleMinistry, Name: "bps"}, Via: "test"}
	municipality := app.Actor{Principal: auth.Principal{Role: auth.RoleMunicipality, Scope: "101", Name: "kommune"}, Via: "test"}
	if _, err := app.PublishPreview(ctx, fx.Store, fx.Catalog, municipality, 0); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Errorf("a municipality's preview: %v, want forbidden", err)
	}
	p, err := app.PublishPreview(ctx, fx.Store, fx.Catalog, ministry, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, perr := app.Publish(ctx, fx.Store, fx.Catalog, ministry, app.PublishRequest{Year: apptest.StaleYear})
	var stale, shown *app.StaleError
	if !errors.As(perr, &stale) || !errors.As(p.Refusal, &shown) || shown.Error() != stale.Error() {
		t.Fatalf("the preview refuses with %v, Publish with %v", p.Refusal, perr)
	}
	if p.Year != apptest.StaleYear || p.Computation.ID != fx.Stale || p.Previous == nil || p.Previous.Year != 2021 {
		t.Errorf("preview of %d: computation %d, previous %v", p.Year, p.Computation.ID, p.Previous)
	}
	// Area a was parallelsamfund and b udsat on the list of 2021, as
	// imported; the counts of 2022 are the computation's.
	for _, ch := range p.Changes {
		wasOn := map[string]bool{"a": blandby.Parallelsamfund.On(ch.List), "b": blandby.Udsat.On(ch.List)}
		nowOn := map[string]bool{}
		n := 0
		for _, r := range p.Computation.Results {
			nowOn[r.AreaID] = r.Category.On(ch.List)
			if nowOn[r.AreaID] {
				n++
			}
		}
		var entering, leaving []string
		for _, id := range []string{"a", "b"} {
			if nowOn[id] && !wasOn[id] {
				entering = append(entering, id)
			}
			if wasOn[id] && !nowOn[id] {
				leaving = append(leaving, id)
			}
		}
		ids := func(as []app.PreviewArea) []string {
			var out []string
			for _, a := range as {
				out = append(out, a.ID)
			}
			return out
		}
		if !slices.Equal(ids(ch.Entering), entering) || !slices.Equal(ids(ch.Leaving), leaving) || p.Counts[ch.List] != n {
			t.Errorf("%s: entering %v leaving %v count %d, want %v %v %d", ch.List, ids(ch.Entering), ids(ch.Leaving), p.Counts[ch.List], entering, leaving, n)
		}
	}
	if _, err := app.Publish(ctx, fx.Store, fx.Catalog, ministry, app.PublishRequest{Year: apptest.StaleYear, ComputationID: fx.Fresh}); err != nil {
		t.Fatal(err)
	}
	if p, err = app.PublishPreview(ctx, fx.Store, fx.Catalog, ministry, apptest.StaleYear); err != nil {
		t.Fatal(err)
	}
	if !errors.As(p.Refusal, new(*app.AlreadyPublishedError)) || p.Published == nil || p.Published.ComputationID != fx.Fresh {
		t.Errorf("the preview of a published year: refusal %v, published %v", p.Refusal, p.Published)
	}
}

package demo

import (
	"context"
	"errors"
	"testing"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/store"
)

// TestPublishRefusesStale: the demo publishes as every front end does
// (app.Publish), so a computation that read other lists than those
// published is refused with the same error.
func TestPublishRefusesStale(t *testing.T) {
	ctx := context.Background()
	fx := apptest.NewStale(t)
	err := publish(ctx, fx.Store, fx.Catalog, []store.Computation{{ID: fx.Stale, Year: apptest.StaleYear}}, "test")
	var stale *app.StaleError
	if !errors.As(err, &stale) || stale.ComputationID != fx.Stale {
		t.Fatalf("the demo publishing a stale computation: %v, want app.StaleError", err)
	}
	want := (&app.StaleError{ComputationID: fx.Stale, Year: apptest.StaleYear, Differences: stale.Differences}).Error()
	if err.Error() != want {
		t.Errorf("refusal %q, want %q", err, want)
	}
	if err := publish(ctx, fx.Store, fx.Catalog, []store.Computation{{ID: fx.Fresh, Year: apptest.StaleYear}}, "test"); err != nil {
		t.Errorf("the fresh computation: %v", err)
	}
}

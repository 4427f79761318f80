package compute_test

import (
	"context"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/synth"
)

// TestRunHistory: a run sees the published history of years it does not
// compute, and its own lists for the years it does, which take the place of
// published ones; the caller's history is left alone.
func TestRunHistory(t *testing.T) {
	ctx := context.Background()
	g, err := synth.New(synth.Config{Seed: synth.DefaultSeed, Scale: 0.5, FirstYear: 2014, LastYear: 2017})
	if err != nil {
		t.Fatal(err)
	}
	data, err := g.Data(ctx, synth.AreasOnly)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	// A published history with every area on the ghetto list 2014–2017.
	published := blandby.NewHistory()
	for y := 2014; y <= 2017; y++ {
		for i := 0; i < g.Areas().Len(); i++ {
			published.Set(y, g.Areas().At(int32(i)).ID, blandby.Parallelsamfund)
		}
	}
	alone, err := compute.Run(ctx, cat, compute.FromData(data), []int{2018}, published)
	if err != nil {
		t.Fatal(err)
	}
	// With every earlier year published as ghetto, 2018's omdannelse (5
	// years under the transition) is exactly its parallelsamfund list.
	l18 := alone[0].Lists
	if l18.Count(blandby.Omdannelse) != l18.Count(blandby.Parallelsamfund) || l18.Count(blandby.Omdannelse) == 0 {
		t.Errorf("2018 alone: omdannelse %d, parallelsamfund %d", l18.Count(blandby.Omdannelse), l18.Count(blandby.Parallelsamfund))
	}
	// Computing 2016–2018 replaces the published 2016 and 2017 lists with
	// the computed ones: an area is omdannelse in 2018 only if it was on the
	// computed 2016 and 2017 lists.
	run, err := compute.Run(ctx, cat, compute.FromData(data), []int{2016, 2017, 2018}, published)
	if err != nil {
		t.Fatal(err)
	}
	if len(run) != 3 || run[0].Lists.Year != 2016 || run[2].Lists.Year != 2018 {
		t.Fatalf("run years %d", len(run))
	}
	want := 0
	for _, r := range run[2].Lists.Results {
		on16, _ := run[0].Lists.Result(r.Area.ID)
		on17, _ := run[1].Lists.Result(r.Area.ID)
		if r.IsOn(blandby.Parallelsamfund) && on16.IsOn(blandby.Parallelsamfund) && on17.IsOn(blandby.Parallelsamfund) {
			want++
		}
	}
	if got := run[2].Lists.Count(blandby.Omdannelse); got != want || got >= l18.Count(blandby.Omdannelse) {
		t.Errorf("2018 after computing 2016–2017: omdannelse %d, want %d (and fewer than the %d with published years)", got, want, l18.Count(blandby.Omdannelse))
	}
	// The caller's history still says every area was listed in 2016.
	for i := 0; i < g.Areas().Len(); i++ {
		if c, _ := published.Category(2016, g.Areas().At(int32(i)).ID); c != blandby.Parallelsamfund {
			t.Fatalf("Run changed the caller's history: %s", c)
		}
	}
	if published.HasYear(2018) {
		t.Error("Run added a year to the caller's history")
	}
}

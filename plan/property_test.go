package plan

import (
	"slices"
	"testing"

	"pgregory.net/rapid"
)

// genPlan draws a plan of a few actions that Validate accepts.
func genPlan(t *rapid.T) Plan {
	p := Plan{AreaID: "a", BaseYear: rapid.IntRange(2015, 2029).Draw(t, "base"),
		Stock: Stock{
			PublicFamily:  rapid.Int64Range(1, 5000).Draw(t, "family"),
			OwnerOccupied: rapid.Int64Range(0, 3000).Draw(t, "owner"),
			PublicYouth:   rapid.Int64Range(0, 300).Draw(t, "youth"),
			BusinessM2:    rapid.Int64Range(0, 20000).Draw(t, "business"),
		},
		DemolishedNotReplaced: rapid.Int64Range(0, 500).Draw(t, "dnr"),
	}
	family := p.Stock.PublicFamily
	for i := range rapid.IntRange(0, 5).Draw(t, "actions") {
		k := rapid.SampledFrom([]Kind{Demolish, Sell, RelabelElderly, BuildPrivate, BuildPublicFamily, BuildBusiness}).Draw(t, "kind")
		a := Action{Year: p.BaseYear + i, Kind: k}
		switch {
		case k == BuildBusiness:
			a.BusinessM2 = rapid.Int64Range(1, 10000).Draw(t, "m2")
		case takesFamily(k):
			if family == 0 {
				continue
			}
			a.Dwellings = rapid.Int64Range(1, family).Draw(t, "n")
			family -= a.Dwellings
		default:
			a.Dwellings = rapid.Int64Range(1, 1000).Draw(t, "n")
			if k == BuildPublicFamily {
				family += a.Dwellings
			}
		}
		p.Actions = append(p.Actions, a)
	}
	return p
}

// TestSuggestionsAreSmallest: each suggested quantity reaches the goal and
// one less does not (the law's invariant: the smallest extra action).
func TestSuggestionsAreSmallest(t *testing.T) {
	r := rules(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPlan(t)
		pr, err := r.Project(&p)
		if err != nil {
			t.Fatal(err)
		}
		final := r.finalState(&p)
		if pr.OnTrack != r.meets(final) || pr.OnTrack != pr.Final.Meets {
			t.Fatalf("on track %v, final row meets %v", pr.OnTrack, pr.Final.Meets)
		}
		for _, s := range pr.Suggestions {
			if !s.Possible {
				continue
			}
			apply := func(n int64) bool {
				st := final
				a := Action{Kind: s.Kind, Dwellings: n}
				if s.Kind == BuildBusiness {
					a = Action{Kind: s.Kind, BusinessM2: n}
				}
				st.apply(a)
				return r.meets(st)
			}
			if !apply(s.Quantity) || apply(s.Quantity-1) {
				t.Fatalf("%s %d is not the smallest that reaches the goal", s.Kind, s.Quantity)
			}
		}
	})
}

// TestSellingNeverRaisesTheShare: selling one more dwelling in the last year
// never raises the final share.
func TestSellingNeverRaisesTheShare(t *testing.T) {
	r := rules(t)
	rapid.Check(t, func(t *rapid.T) {
		p := genPlan(t)
		// Only actions that count at the deadline: the extra sale comes
		// after them.
		p.Actions = slices.DeleteFunc(p.Actions, func(a Action) bool { return a.Year > r.Goal.LastActionYear() })
		before, err := r.Project(&p)
		if err != nil {
			t.Fatal(err)
		}
		if before.Final.Stock.PublicFamily == 0 {
			t.Skip("no family dwellings left")
		}
		p.Actions = append(p.Actions, Action{Year: 2029, Kind: Sell, Dwellings: 1})
		after, err := r.Project(&p)
		if err != nil {
			t.Fatal(err)
		}
		if after.Final.Share.Cmp(before.Final.Share) > 0 {
			t.Fatalf("share rose from %s to %s", before.Final.Share, after.Final.Share)
		}
		if before.OnTrack && !after.OnTrack {
			t.Fatal("selling put the plan off track")
		}
	})
}

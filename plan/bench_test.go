package plan

import (
	"testing"
	"time"

	"github.com/blandby/blandby/law"
)

// BenchmarkProject projects a plan of 100 actions with its suggestions
// (the work behind one plan page).
func BenchmarkProject(b *testing.B) {
	r, err := law.InForce(Embedded, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		b.Fatal(err)
	}
	p := Plan{AreaID: "a", BaseYear: 2020, Stock: Stock{PublicFamily: 50000, OwnerOccupied: 10000, BusinessM2: 30000}}
	for i := range 100 {
		p.Actions = append(p.Actions, Action{Year: 2020 + i%10, Kind: []Kind{Sell, Demolish, BuildPrivate, BuildBusiness}[i%4], Dwellings: 10})
		if p.Actions[i].Kind == BuildBusiness {
			p.Actions[i].Dwellings, p.Actions[i].BusinessM2 = 0, 750
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Project(&p); err != nil {
			b.Fatal(err)
		}
	}
}

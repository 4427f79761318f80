package letting

import (
	"testing"

	"github.com/blandby/blandby"
)

// BenchmarkDecide decides a three-member household on a waiting list in an
// omdannelse area (every rule of the 2021 rule set evaluated).
func BenchmarkDecide(b *testing.B) {
	cat, err := Embedded()
	if err != nil {
		b.Fatal(err)
	}
	spouse := applicant(benefit("kontanthjaelp", "2023-11-01", "2024-06-30"))
	spouse.Role = RoleSpouse
	c := baseCase("2024-07-15", blandby.Omdannelse, WaitingList, applicant(), spouse, Member{Role: RoleChild, Age: 4, Citizenships: []string{"DK"}})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decide(cat, c); err != nil {
			b.Fatal(err)
		}
	}
}

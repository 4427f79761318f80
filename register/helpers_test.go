package register

import (
	"cmp"
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/blandby/blandby/dk"
)

// randomPerson returns a valid person: about a third live in an area; the
// FTE is often exactly 0, 1 or a whole number of months.
func randomPerson(r *rand.Rand, id int64, areas *Areas) Person {
	p := Person{ID: id, Area: NoArea, Age: uint8(r.IntN(AgeCount)), Origin: Origin(r.IntN(OriginCount)),
		Convicted: r.IntN(20) == 0, Education: Education(r.IntN(EducationCount)),
		EducationDK: Education(r.IntN(EducationCount)), InEducation: r.IntN(5) == 0, Taxpayer: r.IntN(5) != 0,
		Income: r.Int64N(2_000_000)}
	switch r.IntN(5) {
	case 0:
		p.FTE = 0
	case 1:
		p.FTE = FTEScale
	case 2:
		p.FTE = int32(r.IntN(13)) * FTEScale / 12 // whole months, rounded down
	default:
		p.FTE = r.Int32N(FTEScale + 1)
	}
	if r.IntN(3) == 0 {
		p.Area = int32(r.IntN(areas.Len()))
		ar := areas.At(p.Area)
		p.Municipality, p.Region = uint16(ar.MunicipalityCode), uint8(dk.RegionIndex(ar.RegionCode))
	} else {
		m := dk.Municipalities[r.IntN(len(dk.Municipalities))]
		p.Municipality, p.Region = uint16(m.Code), uint8(dk.RegionIndex(m.RegionCode))
	}
	return p
}

// readAll reads a file with several workers and returns every row, sorted
// by person id; it checks that every batch comes from a worker in range.
func readAll(t testing.TB, path string, areas *Areas, workers int) ([]Person, Stats, error) {
	t.Helper()
	var mu sync.Mutex
	var rows []Person
	st, err := ReadFile(context.Background(), path, areas, ReadOptions{Workers: workers}, func(worker int, b *Batch) error {
		if worker < 0 || worker >= workers {
			t.Errorf("worker %d out of [0, %d)", worker, workers)
		}
		mu.Lock()
		defer mu.Unlock()
		for i := range b.Len() {
			rows = append(rows, b.Row(i))
		}
		return nil
	})
	slices.SortFunc(rows, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
	return rows, st, err
}

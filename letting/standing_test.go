package letting

import (
	"errors"
	"testing"

	"github.com/blandby/blandby"
)

// TestStandingOn: an area's standing lists its category on every published
// list up to the list in force, oldest first, and its category is that of
// the list in force; before any list it is on none.
func TestStandingOn(t *testing.T) {
	cats := map[int]blandby.Category{2019: blandby.Omdannelse, 2020: blandby.Omdannelse, 2021: blandby.Parallelsamfund}
	category := func(y int) (blandby.Category, error) {
		if c, ok := cats[y]; ok {
			return c, nil
		}
		return blandby.None, nil
	}
	st, err := StandingOn([]int{2022, 2019, 2021, 2020}, 2021, category)
	if err != nil {
		t.Fatal(err)
	}
	want := []ListCategory{{2019, blandby.Omdannelse}, {2020, blandby.Omdannelse}, {2021, blandby.Parallelsamfund}}
	if len(st.Lists) != len(want) || st.Category() != blandby.Parallelsamfund {
		t.Fatalf("standing %+v (category %s), want %+v", st.Lists, st.Category(), want)
	}
	for i := range want {
		if st.Lists[i] != want[i] {
			t.Errorf("list %d: %+v, want %+v", i, st.Lists[i], want[i])
		}
	}
	if st, err := StandingOn([]int{2019}, 0, category); err != nil || len(st.Lists) != 0 || st.Category() != blandby.None {
		t.Errorf("before any list: %+v, %v", st, err)
	}
	boom := errors.New("boom")
	if _, err := StandingOn([]int{2019}, 2019, func(int) (blandby.Category, error) { return "", boom }); !errors.Is(err, boom) {
		t.Errorf("an error reading a list: %v", err)
	}
}

package classify

import (
	"testing"

	"github.com/blandby/blandby"
)

// parallel returns indicators that make an area parallelsamfund under the
// 2018 and 2021 rule sets (U1, U2 and P1 met), or only udsat when
// nonWestern is false.
func parallel(year int, nonWestern bool) blandby.Indicators {
	nw := blandby.NewRatio(60, 100)
	if !nonWestern {
		nw = blandby.NewRatio(20, 100)
	}
	return blandby.Indicators{Year: year, Area: blandby.Area{ID: "a"}, Residents: 2500,
		NonWestern: known(nw), OutsideLabour: known(blandby.NewRatio(45, 100)),
		Convicted: known(blandby.NewRatio(4, 100)), NationalConvicted: known(blandby.NewRatio(1, 100))}
}

// hist builds a history of area "a" from year → category; every year given
// is a published list.
func hist(entries map[int]blandby.Category) *blandby.History {
	h := blandby.NewHistory()
	for y, c := range entries {
		h.Set(y, "a", c)
		h.Set(y, "other", blandby.Parallelsamfund)
	}
	return h
}

const (
	ps   = blandby.Parallelsamfund
	om   = blandby.Omdannelse
	ud   = blandby.Udsat
	none = blandby.None
)

func TestOmdannelse(t *testing.T) {
	tests := []struct {
		name      string
		ruleSet   string
		year      int
		now       bool // parallelsamfund in the current year
		history   map[int]blandby.Category
		want      bool
		wantYears int
		unknown   []int // years the explanation must call unknown
	}{
		{name: "five years in a row, 2017 a ghetto list of the 2014 rules", ruleSet: "2021-11-30", year: 2021, now: true,
			history: map[int]blandby.Category{2017: ps, 2018: ps, 2019: om, 2020: ps}, want: true, wantYears: 5},
		{name: "four years are not enough from 2021", ruleSet: "2021-11-30", year: 2021, now: true,
			history: map[int]blandby.Category{2017: none, 2018: ps, 2019: ps, 2020: ps}, want: false, wantYears: 5},
		{name: "gap year in the window", ruleSet: "2021-11-30", year: 2022, now: true,
			history: map[int]blandby.Category{2018: ps, 2019: ps, 2020: none, 2021: ps}, want: false, wantYears: 5},
		{name: "udsat only in a year breaks the chain", ruleSet: "2021-11-30", year: 2022, now: true,
			history: map[int]blandby.Category{2018: ps, 2019: ps, 2020: ud, 2021: ps}, want: false, wantYears: 5},
		{name: "a year missing from the history is not assumed", ruleSet: "2021-11-30", year: 2022, now: true,
			history: map[int]blandby.Category{2018: ps, 2019: ps, 2021: ps}, want: false, wantYears: 5, unknown: []int{2020}},
		{name: "left in 2017, returned 2018: not yet in 2021", ruleSet: "2021-11-30", year: 2021, now: true,
			history: map[int]blandby.Category{2015: ps, 2016: ps, 2017: none, 2018: ps, 2019: ps, 2020: ps}, want: false, wantYears: 5},
		{name: "left in 2017, returned 2018: omdannelse in 2022", ruleSet: "2021-11-30", year: 2022, now: true,
			history: map[int]blandby.Category{2015: ps, 2016: ps, 2017: none, 2018: ps, 2019: ps, 2020: ps, 2021: ps}, want: true, wantYears: 5},
		{name: "leaves the list this year", ruleSet: "2021-11-30", year: 2023, now: false,
			history: map[int]blandby.Category{2018: ps, 2019: ps, 2020: ps, 2021: om, 2022: om}, want: false, wantYears: 5},
		{name: "the current year's history entry is ignored", ruleSet: "2021-11-30", year: 2023, now: false,
			history: map[int]blandby.Category{2019: ps, 2020: ps, 2021: om, 2022: om, 2023: om}, want: false, wantYears: 5},
		{name: "2018 list: transition needs 5 years", ruleSet: "2018-12-01", year: 2018, now: true,
			history: map[int]blandby.Category{2015: ps, 2016: ps, 2017: ps}, want: false, wantYears: 5, unknown: []int{2014}},
		{name: "2018 list: 5 years of ghetto lists", ruleSet: "2018-12-01", year: 2018, now: true,
			history: map[int]blandby.Category{2014: ps, 2015: ps, 2016: ps, 2017: ps}, want: true, wantYears: 5},
		{name: "2020 list: transition still 5 years", ruleSet: "2018-12-01", year: 2020, now: true,
			history: map[int]blandby.Category{2016: none, 2017: ps, 2018: ps, 2019: om}, want: false, wantYears: 5},
		{name: "2018 rules after the transition: 4 years", ruleSet: "2018-12-01", year: 2021, now: true,
			history: map[int]blandby.Category{2017: none, 2018: ps, 2019: ps, 2020: om}, want: true, wantYears: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs := ruleSet(t, tt.ruleSet)
			out, err := Classify(rs, tt.year, []blandby.Indicators{parallel(tt.year, tt.now)}, hist(tt.history))
			if err != nil {
				t.Fatal(err)
			}
			r := out.Results[0]
			if got := r.IsOn(blandby.Omdannelse); got != tt.want {
				t.Errorf("omdannelse = %v, want %v (on %v)", got, tt.want, r.On)
			}
			if tt.want && r.Category != blandby.Omdannelse {
				t.Errorf("category %s, want omdannelse", r.Category)
			}
			var chk *ConsecutiveCheck
			for _, l := range r.Lists {
				if l.Category == blandby.Omdannelse {
					chk = l.Consecutive
				}
			}
			if chk == nil || chk.Years != tt.wantYears || len(chk.Window) != tt.wantYears {
				t.Fatalf("window %+v, want %d years", chk, tt.wantYears)
			}
			if last := chk.Window[len(chk.Window)-1]; last.Year != tt.year || !last.Computed || last.On != tt.now {
				t.Errorf("the current year must be computed: %+v", last)
			}
			for _, y := range chk.Window {
				wantKnown := true
				for _, u := range tt.unknown {
					if y.Year == u {
						wantKnown = false
					}
				}
				if y.Known != wantKnown {
					t.Errorf("year %d known = %v, want %v", y.Year, y.Known, wantKnown)
				}
			}
		})
	}
}

func TestOmdannelseNeedsEligibleArea(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	small := parallel(2022, true)
	small.Residents = 990
	out, _ := Classify(rs, 2022, []blandby.Indicators{small}, hist(map[int]blandby.Category{2018: ps, 2019: ps, 2020: ps, 2021: ps}))
	if r := out.Results[0]; len(r.On) != 0 {
		t.Errorf("an area below 1,000 residents is on no list, got %v", r.On)
	}
}

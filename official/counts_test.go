package official

import (
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/inputtest"
)

func TestPublishedCounts(t *testing.T) {
	counts, err := PublishedCounts()
	if err != nil {
		t.Fatal(err)
	}
	byYear := map[int]Counts{}
	for _, c := range counts {
		byYear[c.Year] = c
	}
	// docs/law/lists.md, "Published counts".
	want := map[int][4]int{ // udsat, parallelsamfund, omdannelse, forebyggelse; -1 = none published
		2010: {-1, 29, -1, -1}, 2012: {-1, 33, -1, -1}, 2014: {-1, 31, -1, -1}, 2015: {-1, 25, -1, -1},
		2016: {-1, 25, -1, -1}, 2017: {-1, 22, -1, -1}, 2018: {43, 29, 15, -1}, 2019: {40, 28, 15, -1},
		2020: {25, 15, 13, -1}, 2021: {20, 12, 10, 62}, 2022: {17, 10, 9, 67}, 2023: {19, 12, 8, 56},
		2024: {12, 8, 7, 63},
	}
	if len(counts) != len(want) {
		t.Errorf("%d years, want %d", len(counts), len(want))
	}
	for y, w := range want {
		c, ok := byYear[y]
		if !ok {
			t.Errorf("no counts for %d", y)
			continue
		}
		for i, cat := range blandby.ListColumns {
			n, published := c.Published(cat)
			if w[i] < 0 && published || w[i] >= 0 && (!published || n != w[i]) {
				t.Errorf("%d %s: %d (published %t), want %d", y, cat, n, published, w[i])
			}
		}
	}
	est := byYear[2020]
	if n, ok := est.N[blandby.Forebyggelse]; !ok || n != 58 || !est.Estimated[blandby.Forebyggelse] {
		t.Errorf("2020 forebyggelse: %d, estimate %t; want the ministry's estimate 58", n, est.Estimated[blandby.Forebyggelse])
	}
	if got := byYear[2020].String(); got != "2020: udsat 25, parallelsamfund 15, omdannelse 13, forebyggelse 58 (estimate)" {
		t.Errorf("String() = %q", got)
	}
}

func TestReadCountsErrors(t *testing.T) {
	_, err := ReadCounts(strings.NewReader("year,udsat,parallelsamfund,omdannelse,forebyggelse\n2018,43,29,15,\n2018,1,2,3,\n2019,x,2,3,\n"), "c.csv")
	inputtest.Check(t, err, "c.csv", []inputtest.Want{
		{Line: 3, Field: "year", Msg: "appears twice"},
		{Line: 4, Field: "udsat"},
	})
	if _, err := ReadCounts(strings.NewReader("year,udsat,ghetto\n"), "c.csv"); err == nil {
		t.Error("unknown column accepted")
	}
}

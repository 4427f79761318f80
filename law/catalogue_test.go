package law

import (
	"strings"
	"testing"
	"time"

	"github.com/blandby/blandby"
)

// fakeRules is a rule set of a test kind.
type fakeRules struct{ v Version }

func (f fakeRules) Version() Version { return f.v }

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestCatalogue: the rule set in force on a date is the latest of its
// track to take effect on or before it; an id finds its rule set or the
// one that replaces it; a kind's catalogue refuses no rule sets, an id
// given twice, and two rule sets of one track on one day.
func TestCatalogue(t *testing.T) {
	sets := []fakeRules{
		{Version{ID: "b", ValidFrom: day("2021-11-30"), Replaces: []string{"b-old"}}},
		{Version{ID: "a", ValidFrom: day("2018-12-01")}},
		{Version{ID: "s", Track: "seed", ValidFrom: day("2021-11-30")}},
	}
	c, err := NewCatalogue("test", sets)
	if err != nil {
		t.Fatal(err)
	}
	if all := c.All(); all[0].v.ID != "a" || all[len(all)-1].v.ValidFrom != day("2021-11-30") {
		t.Errorf("All() = %v, want oldest first", all)
	}
	for date, want := range map[string]string{"2018-12-01": "a", "2021-11-29": "a", "2021-11-30": "b", "2030-01-01": "b"} {
		if got, err := c.At(day(date)); err != nil || got.v.ID != want {
			t.Errorf("At(%s) = %v, %v; want %s", date, got, err, want)
		}
	}
	if got, err := c.AtTrack("seed", day("2022-01-01")); err != nil || got.v.ID != "s" {
		t.Errorf("AtTrack(seed) = %v, %v", got, err)
	}
	if _, err := c.At(day("2018-11-30")); blandby.CodeOf(err) != blandby.CodeInvalid || !strings.Contains(err.Error(), "earliest takes effect on 2018-12-01") {
		t.Errorf("before the first: %v", err)
	}
	if _, err := c.AtTrack("seed", day("2021-11-29")); err == nil || !strings.Contains(err.Error(), "2021-11-30") {
		t.Errorf("before the seed track's first: %v", err)
	}
	if _, err := c.AtTrack("other", day("2022-01-01")); err == nil || !strings.Contains(err.Error(), `track "other"`) {
		t.Errorf("an unknown track: %v", err)
	}
	if got, err := c.ByID("b-old"); err != nil || got.v.ID != "b" {
		t.Errorf("ByID(b-old) = %v, %v; want b, which replaces it", got, err)
	}
	if _, err := c.ByID("z"); blandby.CodeOf(err) != blandby.CodeNotFound {
		t.Errorf("ByID(z): %v", err)
	}
	for name, bad := range map[string][]fakeRules{
		"none":     nil,
		"id twice": {sets[0], {Version{ID: "b", ValidFrom: day("2022-01-01")}}},
		"same day": {sets[0], {Version{ID: "c", ValidFrom: day("2021-11-30")}}},
	} {
		if _, err := NewCatalogue("test", bad); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
}

// TestInForce: every kind's embedded catalogue answers the same question
// the same way.
func TestInForce(t *testing.T) {
	rs, err := InForce(func() (*Catalogue[*RuleSet], error) {
		c, err := Embedded()
		if err != nil {
			return nil, err
		}
		return c.Catalogue, nil
	}, day("2019-06-01"))
	if err != nil || rs.ID != "2018-12-01" {
		t.Errorf("the list rule set in force on 2019-06-01: %v, %v", rs, err)
	}
}

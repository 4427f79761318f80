package storetest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// cmpOpts compare exact values exactly (a Ratio by value).
var cmpOpts = []cmp.Option{
	cmp.Comparer(func(a, b blandby.Ratio) bool { return a.Cmp(b) == 0 }),
}

func ratio(s string) blandby.Ratio {
	if num, den, ok := cutFraction(s); ok {
		n, _ := new(big.Int).SetString(num, 10)
		d, _ := new(big.Int).SetString(den, 10)
		return blandby.RatioFromBig(n, d)
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		panic("not an integer or fraction: " + s)
	}
	return blandby.RatioFromBig(n, big.NewInt(1))
}

func cutFraction(s string) (string, string, bool) {
	for i := range len(s) {
		if s[i] == '/' {
			return s[:i], s[i+1:], true
		}
	}
	return "", "", false
}

func ptr[T any](v T) *T { return &v }

// at is a fixed time with nanoseconds, in a zone other than UTC, so that a
// round trip shows both the instant and the nanoseconds are kept.
var at = time.Date(2024, 12, 1, 10, 30, 15, 123456789, time.FixedZone("CET", 3600))

// row returns an area's indicators in a list year with a mix of values:
// terminating decimals, fractions, long fractions, unknown measures with
// and without a value, and bases.
func row(year int, id, name string, n int) blandby.Indicators {
	return blandby.Indicators{
		Year:      year,
		Area:      blandby.Area{ID: id, Name: name, Municipality: "København", MunicipalityCode: 101, Region: "Region Hovedstaden"},
		Residents: int64(1000 + n),
		NonWestern: blandby.Measure{
			Value: blandby.NewRatio(int64(431+n), 1000), Known: true, Base: int64(1000 + n),
		},
		OutsideLabour: blandby.Measure{Value: blandby.NewRatio(1, 3), Known: true, Base: 603},
		// A value whose exact text is longer than ParseDecimal accepts.
		Convicted: blandby.Measure{
			Value: ratio("123456789012345678901234567890123456789/987654321098765432109876543210987654321"), Known: true, Base: 812,
		},
		BasicEducation:    blandby.Measure{},                                                      // unknown, no value
		Income:            blandby.Measure{Value: blandby.NewRatio(-7, 8), Known: false, Base: 5}, // unknown, yet carrying a value
		NationalConvicted: blandby.KnownMeasure(blandby.NewRatio(9, 1000)),
		ConvictedMultiple: blandby.KnownMeasure(blandby.RatioInt(0)),
	}
}

// details returns realistic details of an area: five indicators, one or
// two data years each.
func details(year int, id string) []blandby.IndicatorDetail {
	var out []blandby.IndicatorDetail
	for i, ind := range blandby.AllIndicators {
		for dy := year - 1 - i%2; dy < year; dy++ {
			d := blandby.IndicatorDetail{Year: year, AreaID: id, Indicator: ind, DataYear: dy,
				Numerator: blandby.RatioInt(int64(100 + i)), Denominator: blandby.RatioInt(int64(1000 + dy))}
			switch ind {
			case blandby.IndicatorConvicted:
				d.Reference = ptr(blandby.NewRatio(27, 1000))
			case blandby.IndicatorIncome:
				d.Numerator = ratio("98765432109876543210987654321098765432109876543210987654321098765432109876543210")
				d.Reference = ptr(blandby.NewRatio(1234567, 3))
			}
			out = append(out, d)
		}
	}
	return out
}

// indicatorSet returns a set of a list year over the areas ids.
func indicatorSet(year int, origin string, ids ...string) store.IndicatorSet {
	set := store.IndicatorSet{
		Year: year, Origin: origin, Source: fmt.Sprintf("indicators-%d.csv", year),
		Inputs:    []store.Input{{Role: "indicators", Name: fmt.Sprintf("indicators-%d.csv", year), SHA256: sha(year)}},
		CreatedAt: at,
	}
	for i, id := range ids {
		set.Rows = append(set.Rows, row(year, id, fmt.Sprintf("%s %d", id, year), i))
		set.Details = append(set.Details, details(year, id)...)
	}
	return set
}

func sha(n int) string { return fmt.Sprintf("%064x", n) }

// explanation is JSON as the classifier writes it, with bytes that a
// normalising store would change (spacing, key order, escapes).
func explanation(id string, c blandby.Category) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"area":{"id":%q},  "category":%q,"z":1,"a":[1.50, 2e3],"s":"\u00e6\u00f8\u00e5 <&>"}`, id, c))
}

// computation returns a computation of a list year over ids, with its
// indicators; categories cycle through the lists.
func computation(year int, ruleSet string, ids ...string) store.Computation {
	set := indicatorSet(year, "", ids...)
	cats := []blandby.Category{blandby.Udsat, blandby.None, blandby.Parallelsamfund, blandby.Omdannelse, blandby.Forebyggelse}
	c := store.Computation{
		Year: year, RuleSet: ruleSet, SoftwareVersion: "v1.2.3", ComputedAt: at,
		Inputs: []store.Input{{Role: "register", Name: "register-2023.parquet", SHA256: sha(1)}, {Role: "areas", Name: "areas.csv", SHA256: sha(2)}},
		History: []blandby.ListEntry{
			{Year: year - 1, AreaID: ids[0], Category: blandby.Parallelsamfund},
			{Year: year - 1, AreaID: "elsewhere", Category: blandby.None},
		},
		Indicators: &set,
	}
	for i, id := range ids {
		cat := cats[i%len(cats)]
		c.Results = append(c.Results, store.Result{AreaID: id, Category: cat, Explanation: explanation(id, cat)})
	}
	return c
}

// history returns a published history of years 2018–2020 with None
// entries and an empty year.
func history() *blandby.History {
	h := blandby.NewHistory()
	h.Set(2018, "a", blandby.Parallelsamfund)
	h.Set(2018, "b", blandby.None)
	h.Set(2019, "a", blandby.Omdannelse)
	h.Set(2019, "c", blandby.Udsat)
	h.Set(2019, "b", blandby.None)
	h.AddYear(2020)
	return h
}

func importMeta(years ...int) store.ImportMeta {
	m := store.ImportMeta{
		Input:      store.Input{Role: "history", Name: "history.csv", SHA256: sha(9)},
		ImportedBy: "tester", ImportedAt: at, SoftwareVersion: "v1.2.3", RuleSets: map[int]string{},
	}
	for _, y := range years {
		m.RuleSets[y] = ruleSetOf(y)
	}
	return m
}

// officialMeta is importMeta(2018, 2019, 2020) with sources and counts,
// as an import of the published lists records them; 2020's udsat count is
// unknown.
func officialMeta() store.ImportMeta {
	m := importMeta(2018, 2019, 2020)
	m.Sources = map[int]map[string]string{
		2018: {"a": "https://example.org/2018 ; https://example.org/a"},
		2019: {"a": "https://example.org/2019", "c": "https://example.org/c"},
	}
	m.Counts = map[int][]store.ListCount{
		2018: {{Category: blandby.Udsat, Published: 43, Known: true, Named: 1}, {Category: blandby.Parallelsamfund, Published: 29, Known: true, Named: 1}},
		2019: {{Category: blandby.Udsat, Published: 40, Known: true, Named: 2}, {Category: blandby.Omdannelse, Published: 15, Known: true, Named: 1}},
		2020: {{Category: blandby.Udsat, Named: 0}},
	}
	return m
}

func ruleSetOf(year int) string {
	switch {
	case year >= 2021:
		return "2021-11-30"
	case year >= 2018:
		return "2018-12-01"
	case year >= 2014:
		return "2014-02-01"
	}
	return "2010-10-26"
}

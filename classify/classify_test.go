package classify

import (
	"bytes"
	"slices"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/indicator"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
)

func ruleSet(t testing.TB, id string) *law.RuleSet {
	t.Helper()
	c, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	rs, err := c.ByID(id)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func pct(t testing.TB, s string) blandby.Ratio {
	t.Helper()
	r, err := blandby.ParsePercent(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func known(v blandby.Ratio) blandby.Measure { return blandby.KnownMeasure(v) }

// TestOfficial2010 classifies the published values of the first list and
// expects exactly the 29 published areas on it.
func TestOfficial2010(t *testing.T) {
	set, err := indicator.Read(bytes.NewReader(official.Areas2010), official.Areas2010File)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Classify(ruleSet(t, "2010-10-26"), 2010, set.Year(2010), nil)
	if err != nil {
		t.Fatal(err)
	}
	var published, computed []string
	for _, e := range set.Published.Entries(2010) {
		if e.Category != blandby.None {
			published = append(published, e.AreaID)
		}
	}
	for _, r := range out.Results {
		if r.IsOn(blandby.Parallelsamfund) {
			computed = append(computed, r.Area.ID)
		}
		if r.IsOn(blandby.Udsat) || r.IsOn(blandby.Omdannelse) || r.IsOn(blandby.Forebyggelse) {
			t.Errorf("%s: the 2010 rule set has only the ghetto list, got %v", r.Area.ID, r.On)
		}
	}
	slices.Sort(published)
	slices.Sort(computed)
	if len(published) != 29 || !slices.Equal(published, computed) {
		t.Errorf("computed list %v\npublished list %v", computed, published)
	}
	if out.Count(blandby.Parallelsamfund) != 29 {
		t.Errorf("count %d, want 29", out.Count(blandby.Parallelsamfund))
	}
}

// withValue returns an area of 5,000 residents whose only known indicator
// is the one a criterion reads, set to v (a share, an income share, or a
// multiple held as shares against a national share of 1 %).
func withValue(t interface{ Fatalf(string, ...any) }, year int, c law.Criterion, v blandby.Ratio) blandby.Indicators {
	ind := blandby.Indicators{Year: year, Area: blandby.Area{ID: "a"}, Residents: 5000}
	switch {
	case c.Threshold.Kind == law.NationalMultiple:
		nat := blandby.NewRatio(1, 100)
		ind.NationalConvicted = known(nat)
		ind.Convicted = known(v.Mul(nat))
	case c.Indicator == blandby.IndicatorNonWestern:
		ind.NonWestern = known(v)
	case c.Indicator == blandby.IndicatorOutsideLabour:
		ind.OutsideLabour = known(v)
	case c.Indicator == blandby.IndicatorConvicted:
		ind.Convicted = known(v)
	case c.Indicator == blandby.IndicatorBasicEducation:
		ind.BasicEducation = known(v)
	case c.Indicator == blandby.IndicatorIncome:
		ind.Income = known(v)
	default:
		t.Fatalf("no way to set %s", c.Indicator)
	}
	return ind
}

// TestBoundaries puts a value one unit below, exactly on and one unit above
// every threshold of every rule set, for shares, multiples and income
// shares. A unit is 0.01 percentage point for shares and 0.0001 of the
// national share for multiples.
func TestBoundaries(t *testing.T) {
	// What "below, on, above" must give per operator, from docs/law/lists.md,
	// "Comparisons": "overstiger" is >, "mindst" is >=, "mindre end" is <.
	expect := map[law.Operator][3]bool{
		law.Greater:        {false, false, true},
		law.GreaterOrEqual: {false, true, true},
		law.Less:           {true, false, false},
		law.LessOrEqual:    {true, true, false},
	}
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range cat.All() {
		for _, c := range rs.Criteria {
			unit := blandby.NewRatio(1, 10000)
			values := []blandby.Ratio{c.Threshold.Value.Sub(unit), c.Threshold.Value, c.Threshold.Value.Add(unit)}
			for i, v := range values {
				out, err := Classify(rs, rs.FirstListYear, []blandby.Indicators{withValue(t, rs.FirstListYear, c, v)}, nil)
				if err != nil {
					t.Fatal(err)
				}
				cr, _ := out.Results[0].Criterion(c.ID)
				if want := expect[c.Operator][i]; cr.Met != want || cr.Missing {
					t.Errorf("%s %s (%s %s): value %s → met %v missing %v, want met %v",
						rs.ID, c.ID, c.Operator, c.Threshold.Value, v, cr.Met, cr.Missing, want)
				}
				if i == 1 && cr.Margin.Points.Sign() != 0 {
					t.Errorf("%s %s: on the threshold, margin %s points, want 0", rs.ID, c.ID, cr.Margin.Points)
				}
			}
		}
	}
}

// TestPublishedValuesOnThresholds checks thresholds met exactly in the
// published form of the values, written as the ministry writes them.
func TestPublishedValuesOnThresholds(t *testing.T) {
	rs21 := ruleSet(t, "2021-11-30")
	tests := []struct {
		name                                           string
		convicted, national, labour, income, education string
		id                                             string
		met                                            bool
	}{
		{"U2 exactly 3 × national", "1,47", "0,49", "", "", "", "U2", true},
		{"U2 just under 3 ×", "1,46", "0,49", "", "", "", "U2", false},
		{"F2 on the 2022 bar of 1.45 %", "1,45", "0,725", "", "", "", "F2", true},
		{"F2 under the 2022 bar", "1,44", "0,725", "", "", "", "F2", false},
		{"U1 40 % is not over 40 %", "", "", "40,0", "", "", "U1", false},
		{"U1 40.01 %", "", "", "40,01", "", "", "U1", true},
		{"F1 30 % is not over 30 %", "", "", "30", "", "", "F1", false},
		{"U4 55 % is not under 55 %", "", "", "", "55", "", "U4", false},
		{"U4 54.99 %", "", "", "", "54,99", "", "U4", true},
		{"F4 64.99 %", "", "", "", "64.99", "", "F4", true},
		{"U3 60 % is not over 60 %", "", "", "", "", "60", "U3", false},
		{"U3 60.01 %", "", "", "", "", "60,01", "U3", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 2000}
			set := func(m *blandby.Measure, s string) {
				if s != "" {
					*m = known(pct(t, s))
				}
			}
			set(&ind.Convicted, tt.convicted)
			set(&ind.NationalConvicted, tt.national)
			set(&ind.OutsideLabour, tt.labour)
			set(&ind.Income, tt.income)
			set(&ind.BasicEducation, tt.education)
			out, err := Classify(rs21, 2022, []blandby.Indicators{ind}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cr, _ := out.Results[0].Criterion(tt.id)
			if cr.Met != tt.met {
				t.Errorf("%s met = %v, want %v (value %v)", tt.id, cr.Met, tt.met, cr.Value)
			}
		})
	}
}

func TestPublishedMultipleWins(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 2000,
		Convicted: known(pct(t, "1")), NationalConvicted: known(pct(t, "0,5")), ConvictedMultiple: known(blandby.RatioInt(3))}
	out, _ := Classify(rs, 2022, []blandby.Indicators{ind}, nil)
	cr, _ := out.Results[0].Criterion("U2")
	if !cr.Met || cr.Value.Cmp(blandby.RatioInt(3)) != 0 {
		t.Errorf("a published multiple of 3 must be used as is: met %v value %v", cr.Met, cr.Value)
	}
}

func TestMissingValues(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 2000,
		OutsideLabour: known(pct(t, "50")), Convicted: known(pct(t, "5"))}
	out, _ := Classify(rs, 2022, []blandby.Indicators{ind}, nil)
	r := out.Results[0]
	u2, _ := r.Criterion("U2")
	if u2.Met || !u2.Missing || !slices.Equal(u2.MissingWhat, []string{"national_convicted"}) || u2.Margin != nil {
		t.Errorf("U2 without a national share: %+v", u2)
	}
	u3, _ := r.Criterion("U3")
	if u3.Met || !u3.Missing || !slices.Equal(u3.MissingWhat, []string{"basic_education"}) {
		t.Errorf("U3 without a value: %+v", u3)
	}
	if r.IsOn(blandby.Udsat) {
		t.Errorf("one met criterion and three missing must not make udsat: %v", r.On)
	}
}

func TestSize(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	area := func(id string, residents int64) blandby.Indicators {
		return blandby.Indicators{Year: 2022, Area: blandby.Area{ID: id}, Residents: residents,
			NonWestern: known(pct(t, "70")), OutsideLabour: known(pct(t, "50")), BasicEducation: known(pct(t, "70")), Income: known(pct(t, "40"))}
	}
	out, err := Classify(rs, 2022, []blandby.Indicators{area("small", 999), area("big", 1000)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	small, big := out.Results[0], out.Results[1]
	if small.Size.Met || len(small.On) != 0 || small.Category != blandby.None || small.Size.Margin != -1 {
		t.Errorf("999 residents: size %+v on %v", small.Size, small.On)
	}
	for _, l := range small.Lists {
		if l.Eligible || l.On {
			t.Errorf("999 residents: list %s eligible %v on %v", l.Category, l.Eligible, l.On)
		}
	}
	if !big.Size.Met || big.Category != blandby.Parallelsamfund {
		t.Errorf("1,000 residents: size %+v category %s", big.Size, big.Category)
	}
}

// TestMargins checks margins computed by hand.
func TestMargins(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	tests := []struct {
		name       string
		id         string
		ind        blandby.Indicators
		points     string // percentage points, signed
		persons    int64  // 0: no persons margin
		multiple   string // "" when none
		wantMet    bool
		personsNil bool
	}{
		{name: "U1 43.3 % of 1,000: 33 fewer", id: "U1",
			ind:    blandby.Indicators{OutsideLabour: blandby.Measure{Value: blandby.NewRatio(433, 1000), Known: true, Base: 1000}},
			points: "3.3", persons: 33, wantMet: true},
		{name: "U1 exactly 40 %: 1 more", id: "U1",
			ind:    blandby.Indicators{OutsideLabour: blandby.Measure{Value: blandby.NewRatio(400, 1000), Known: true, Base: 1000}},
			points: "0", persons: 1, wantMet: false},
		{name: "U1 38 %: 21 more", id: "U1",
			ind:    blandby.Indicators{OutsideLabour: blandby.Measure{Value: blandby.NewRatio(38, 100), Known: true, Base: 1000}},
			points: "-2", persons: 21, wantMet: false},
		{name: "P1 65.5 % of 2,440 residents: 378.2 over, 379 fewer", id: "P1",
			ind:    blandby.Indicators{Residents: 2440, NonWestern: blandby.Measure{Value: blandby.NewRatio(655, 1000), Known: true, Base: 2440}},
			points: "15.5", persons: 379, wantMet: true},
		{name: "U2 exactly 3 ×: 1 fewer flips it", id: "U2",
			ind: blandby.Indicators{Convicted: blandby.Measure{Value: blandby.NewRatio(30, 1000), Known: true, Base: 1000},
				NationalConvicted: known(blandby.NewRatio(1, 100))},
			points: "0", persons: 1, multiple: "0", wantMet: true},
		{name: "U2 2.5 ×: 0.5 % of 2,000 is 10 more", id: "U2",
			ind: blandby.Indicators{Convicted: blandby.Measure{Value: blandby.NewRatio(25, 1000), Known: true, Base: 2000},
				NationalConvicted: known(blandby.NewRatio(1, 100))},
			points: "-0.5", persons: 10, multiple: "-0.5", wantMet: false},
		{name: "U2 published multiple only: no points", id: "U2",
			ind:    blandby.Indicators{ConvictedMultiple: known(blandby.NewRatio(7, 2))},
			points: "", multiple: "0.5", wantMet: true, personsNil: true},
		{name: "U4 income 50 %: no persons", id: "U4",
			ind:    blandby.Indicators{Income: known(blandby.NewRatio(1, 2))},
			points: "-5", wantMet: true, personsNil: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ind.Year, tt.ind.Area.ID = 2022, "a"
			if tt.ind.Residents == 0 {
				tt.ind.Residents = 1000
			}
			out, err := Classify(rs, 2022, []blandby.Indicators{tt.ind}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cr, _ := out.Results[0].Criterion(tt.id)
			if cr.Met != tt.wantMet {
				t.Fatalf("met %v, want %v", cr.Met, tt.wantMet)
			}
			m := cr.Margin
			if tt.points == "" {
				if m.Points != nil {
					t.Errorf("points %s, want none", m.Points)
				}
			} else if want, _ := blandby.ParseDecimal(tt.points); m.Points == nil || m.Points.Cmp(want) != 0 {
				t.Errorf("points %v, want %s", m.Points, tt.points)
			}
			if tt.multiple != "" {
				if want, _ := blandby.ParseDecimal(tt.multiple); m.Multiple == nil || m.Multiple.Cmp(want) != 0 {
					t.Errorf("multiple margin %v, want %s", m.Multiple, tt.multiple)
				}
			}
			switch {
			case tt.personsNil && m.Persons != nil:
				t.Errorf("persons %d, want none", *m.Persons)
			case !tt.personsNil && (m.Persons == nil || *m.Persons != tt.persons):
				t.Errorf("persons %v, want %d", m.Persons, tt.persons)
			}
		})
	}
}

func TestClassifyRejectsInconsistentInput(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	a := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 1000}
	if _, err := Classify(rs, 2023, []blandby.Indicators{a}, nil); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("year mismatch: err %v", err)
	}
	if _, err := Classify(rs, 2022, []blandby.Indicators{a, a}, nil); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("duplicate area: err %v", err)
	}
}

func TestForebyggelseExcludesUdsat(t *testing.T) {
	rs := ruleSet(t, "2021-11-30")
	// Meets udsat (U1, U3) and forebyggelse (F0, F1, F3) but not P1.
	ind := blandby.Indicators{Year: 2022, Area: blandby.Area{ID: "a"}, Residents: 3000,
		NonWestern: known(pct(t, "40")), OutsideLabour: known(pct(t, "45")), BasicEducation: known(pct(t, "65"))}
	out, _ := Classify(rs, 2022, []blandby.Indicators{ind}, nil)
	r := out.Results[0]
	if r.Category != blandby.Udsat || r.IsOn(blandby.Forebyggelse) {
		t.Fatalf("category %s on %v, want udsat only", r.Category, r.On)
	}
	for _, l := range r.Lists {
		if l.Category == blandby.Forebyggelse && !slices.Equal(l.ExcludedBy, []blandby.Category{blandby.Udsat}) {
			t.Errorf("forebyggelse must say it is excluded by udsat: %v", l.ExcludedBy)
		}
	}
	off := withoutExclusion(rs)
	out, _ = Classify(off, 2022, []blandby.Indicators{ind}, nil)
	if r := out.Results[0]; !r.IsOn(blandby.Forebyggelse) || !r.IsOn(blandby.Udsat) || r.Category != blandby.Udsat {
		t.Errorf("flag off: on %v category %s, want udsat and forebyggelse, udsat most specific", r.On, r.Category)
	}
}

// withoutExclusion copies a rule set with the forebyggelse_excludes_udsat
// flag turned off.
func withoutExclusion(rs *law.RuleSet) *law.RuleSet {
	c := *rs
	c.ForebyggelseExcludesUdsat = false
	c.Lists = slices.Clone(rs.Lists)
	for i := range c.Lists {
		c.Lists[i].Excludes = nil
	}
	return &c
}

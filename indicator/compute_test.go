package indicator

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

// target is what one area's population of one data year is built to have.
// Persons are of four ages: 10 (a child), 16 (15–64 only), 40 (in every
// band but 18+ alone) and 70 (18+ only).
type target struct {
	kids, kidsNonWestern           int
	n16, taxpayers16               int
	n40, nonWestern40, convicted40 int
	basic40                        int // grundskole in both education columns
	unknown40                      int // uoplyst in both
	foreign40                      int // videregaaende abroad: uoplyst among Danish-recognised
	fteMicro40                     []int32
	taxpayers40                    int // of whom the first inEducation40 are in education
	inEducation40                  int
	n70, convicted70               int
	incomes                        []int64 // incomes of the taxpayers, 16-year-olds first
}

func randomTarget(r *rand.Rand) target {
	t := target{kids: r.IntN(50), n16: 1 + r.IntN(20), n40: 20 + r.IntN(200), n70: r.IntN(60)}
	t.kidsNonWestern = r.IntN(t.kids + 1)
	t.taxpayers16 = r.IntN(t.n16 + 1)
	t.nonWestern40 = r.IntN(t.n40 + 1)
	t.convicted40 = r.IntN(t.n40/5 + 1)
	t.basic40 = r.IntN(t.n40/3 + 1)
	t.unknown40 = r.IntN(t.n40/4 + 1)
	t.foreign40 = r.IntN(t.n40/4 + 1)
	t.taxpayers40 = 1 + r.IntN(t.n40)
	t.inEducation40 = r.IntN(t.taxpayers40)
	t.convicted70 = r.IntN(t.n70/5 + 1)
	for range t.n40 {
		t.fteMicro40 = append(t.fteMicro40, int32(r.IntN(register.FTEScale+1)))
	}
	for range t.taxpayers16 + t.taxpayers40 {
		t.incomes = append(t.incomes, int64(r.IntN(900_000)))
	}
	return t
}

// build appends the persons of a target to a batch.
func (t target) build(b *register.Batch, area int32, region uint8, nextID *int64) {
	add := func(p register.Person) {
		*nextID++
		p.ID, p.Area, p.Region, p.Municipality = *nextID, area, region, 101
		b.Append(p)
	}
	nw := func(i, n int) register.Origin {
		if i < n {
			return register.IkkeVestligEfterkommer
		}
		return register.Dansk
	}
	for i := range t.kids {
		add(register.Person{Age: 10, Origin: nw(i, t.kidsNonWestern), Education: register.Grundskole, EducationDK: register.Grundskole, InEducation: true})
	}
	income := 0
	for i := range t.n16 {
		p := register.Person{Age: 16, Education: register.Grundskole, EducationDK: register.Grundskole}
		if i < t.taxpayers16 {
			p.Taxpayer, p.Income = true, t.incomes[income]
			income++
		}
		add(p)
	}
	for i := range t.n40 {
		p := register.Person{Age: 40, Origin: nw(i, t.nonWestern40), FTE: t.fteMicro40[i], Convicted: i < t.convicted40,
			Education: register.Videregaaende, EducationDK: register.Videregaaende}
		switch j := i; {
		case j < t.basic40:
			p.Education, p.EducationDK = register.Grundskole, register.Grundskole
		case j < t.basic40+t.unknown40:
			p.Education, p.EducationDK = register.Uoplyst, register.Uoplyst
		case j < t.basic40+t.unknown40+t.foreign40:
			p.EducationDK = register.Uoplyst
		}
		if i < t.taxpayers40 {
			p.Taxpayer, p.Income, p.InEducation = true, t.incomes[income], i < t.inEducation40
			income++
		}
		add(p)
	}
	for i := range t.n70 {
		add(register.Person{Age: 70, Convicted: i < t.convicted70, Education: register.Grundskole, EducationDK: register.Grundskole})
	}
}

func (t target) residents() int64 { return int64(t.kids + t.n16 + t.n40 + t.n70) }

// expected returns the numerator and denominator of an indicator under the
// rule sets' definitions, from the target alone.
func (t target) expected(ind blandby.Indicator, ruleSet string) (num, den blandby.Ratio) {
	i := func(n int) blandby.Ratio { return blandby.RatioInt(int64(n)) }
	switch ind {
	case blandby.IndicatorNonWestern:
		return i(t.kidsNonWestern + t.nonWestern40), i(t.kids + t.n16 + t.n40 + t.n70)
	case blandby.IndicatorOutsideLabour: // 18–64
		var sum int64
		for _, f := range t.fteMicro40 {
			sum += int64(f)
		}
		return blandby.NewRatio(sum, register.FTEScale), i(t.n40)
	case blandby.IndicatorConvicted: // 18+
		return i(t.convicted40 + t.convicted70), i(t.n40 + t.n70)
	case blandby.IndicatorBasicEducation: // 30–59
		if ruleSet == "2014-02-01" { // all sources, uoplyst counts
			return i(t.basic40 + t.unknown40), i(t.n40)
		}
		return i(t.basic40 + t.unknown40 + t.foreign40), i(t.n40) // Danish-recognised only
	case blandby.IndicatorIncome: // taxpayers 15–64 not in education
		var sum int64
		for _, v := range t.incomes[:t.taxpayers16] {
			sum += v
		}
		for k, v := range t.incomes[t.taxpayers16:] {
			if k >= t.inEducation40 {
				sum += v
			}
		}
		return i(int(sum)), i(t.taxpayers16 + t.taxpayers40 - t.inEducation40)
	}
	panic(ind)
}

// TestRoundTrip builds populations from known targets for three areas and
// the rest of the country, and checks that the engine recovers every
// numerator and denominator exactly, with national and regional values from
// the whole population, for every rule set.
func TestRoundTrip(t *testing.T) {
	cat, err := law.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	areas, err := register.NewAreas([]blandby.Area{
		{ID: "a1", Name: "Et", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "a2", Name: "To", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "a3", Name: "Tre", MunicipalityCode: 751, RegionCode: 1082},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, rs := range cat.All() {
		t.Run(rs.ID, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, uint64(rs.FirstListYear)))
			year := rs.FirstListYear
			targets := map[int][]target{} // data year → per area, then one per region outside the areas
			data := NewData(areas, nil)
			for _, y := range DataYears(rs, year) {
				b := register.NewBatch(0)
				b.Reset(y)
				var id int64
				for a := range 3 {
					tg := randomTarget(r)
					targets[y] = append(targets[y], tg)
					tg.build(b, int32(a), uint8(dk.RegionIndex(areas.At(int32(a)).RegionCode)), &id)
				}
				for ri := range dk.Regions {
					tg := randomTarget(r)
					targets[y] = append(targets[y], tg)
					tg.build(b, register.NoArea, uint8(ri), &id)
				}
				tables := NewYearTables(y, areas.Len())
				tables.Add(b)
				data.Add(tables)
			}
			out, err := Compute(rs, year, data)
			if err != nil {
				t.Fatal(err)
			}
			checkRoundTrip(t, rs, year, areas, targets, out)
		})
	}
}

func checkRoundTrip(t *testing.T, rs *law.RuleSet, year int, areas *register.Areas, targets map[int][]target, out *Output) {
	t.Helper()
	// Expected regional and national values, from the targets.
	regionOf := func(a int) int { return dk.RegionIndex(areas.At(int32(a)).RegionCode) }
	regionTargets := func(y, ri int) []target {
		ts := []target{targets[y][3+ri]}
		for a := range 3 {
			if regionOf(a) == ri {
				ts = append(ts, targets[y][a])
			}
		}
		return ts
	}
	seen := map[string]bool{}
	for _, d := range out.Details {
		a := int(d.AreaID[1] - '1')
		tg := targets[d.DataYear][a]
		num, den := tg.expected(d.Indicator, rs.ID)
		if d.Numerator.Cmp(num) != 0 || d.Denominator.Cmp(den) != 0 {
			t.Errorf("%s %s %d: %s/%s, built %s/%s", d.AreaID, d.Indicator, d.DataYear, d.Numerator, d.Denominator, num, den)
		}
		switch d.Indicator {
		case blandby.IndicatorConvicted:
			var cn, cd blandby.Ratio
			for ri := range dk.Regions {
				for _, rt := range regionTargets(d.DataYear, ri) {
					n, dd := rt.expected(blandby.IndicatorConvicted, rs.ID)
					cn, cd = cn.Add(n), cd.Add(dd)
				}
			}
			if d.Reference == nil || d.Reference.Cmp(cn.Quo(cd)) != 0 {
				t.Errorf("%s national share %v, built %s", d.AreaID, d.Reference, cn.Quo(cd))
			}
		case blandby.IndicatorIncome:
			var sn, sd blandby.Ratio
			for _, rt := range regionTargets(d.DataYear, regionOf(a)) {
				n, dd := rt.expected(blandby.IndicatorIncome, rs.ID)
				sn, sd = sn.Add(n), sd.Add(dd)
			}
			if d.Reference == nil || d.Reference.Cmp(sn.Quo(sd)) != 0 {
				t.Errorf("%s regional mean %v, built %s", d.AreaID, d.Reference, sn.Quo(sd))
			}
		}
		seen[fmt.Sprint(d.AreaID, d.Indicator, d.DataYear)] = true
	}
	// Every criterion's indicator and data year has a detail for every area.
	for _, c := range rs.Criteria {
		for _, off := range c.DataYears {
			for a := range 3 {
				if !seen[fmt.Sprint(areas.At(int32(a)).ID, c.Indicator, year+off)] {
					t.Errorf("no detail for %s %s %d", areas.At(int32(a)).ID, c.Indicator, year+off)
				}
			}
		}
	}
	// The values are the means of the yearly shares.
	for a, ind := range out.Indicators {
		if want := targets[year+rs.Area.DataYear][a].residents(); ind.Residents != want {
			t.Errorf("%s residents %d, built %d", ind.Area.ID, ind.Residents, want)
		}
		for _, c := range rs.Criteria {
			if c.Indicator == blandby.IndicatorIncome {
				continue // checked through the details and references above
			}
			var shares []blandby.Ratio
			for _, off := range c.DataYears {
				n, d := targets[year+off][a].expected(c.Indicator, rs.ID)
				shares = append(shares, n.Quo(d))
			}
			if got := ind.Measure(c.Indicator); !got.Known || got.Value.Cmp(blandby.Mean(shares...)) != 0 {
				t.Errorf("%s %s = %v, want the mean of %v", ind.Area.ID, c.Indicator, got.Value, shares)
			}
		}
	}
}

func TestComputeNeedsDataYears(t *testing.T) {
	cat, _ := law.Embedded()
	rs, _ := cat.ByID("2021-11-30")
	areas, _ := register.NewAreas([]blandby.Area{{ID: "a", MunicipalityCode: 101, RegionCode: 1084}})
	data := NewData(areas, nil)
	data.Add(NewYearTables(2021, 1))
	_, err := Compute(rs, 2022, data)
	if blandby.CodeOf(err) != blandby.CodeInvalid || err == nil {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"data year 2020", "[2021]"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// TestAreaResidentsOnly: the national conviction share is a share of the
// nation's adults and the regional mean income a mean over the region's
// population (ABL § 61 a, stk. 1, nr. 2 and 4). Register data in which every
// person lives in an area are the areas' residents, not the nation or the
// region, so without a reference the computation is refused; with a
// reference, or with persons outside the areas, it is not.
func TestAreaResidentsOnly(t *testing.T) {
	var rs *law.RuleSet
	cat, err := law.Embedded()
	if err == nil {
		rs, err = cat.ByID("2021-11-30")
	}
	if err != nil {
		t.Fatal(err)
	}
	areas, err := register.NewAreas([]blandby.Area{
		{ID: "kbh", Name: "Et", MunicipalityCode: 101, RegionCode: 1084},
		{ID: "aarhus", Name: "To", MunicipalityCode: 751, RegionCode: 1082},
	})
	if err != nil {
		t.Fatal(err)
	}
	hovedstaden, midtjylland := uint8(dk.RegionIndex(1084)), uint8(dk.RegionIndex(1082))
	// build gives each data year of list year 2022 ten residents in each area
	// (one convicted) and, outside the areas, outsideKbh persons in
	// Hovedstaden and outsideAarhus in Midtjylland (none convicted).
	build := func(ref *register.Reference, outsideKbh, outsideAarhus int) *Data {
		data := NewData(areas, ref)
		for _, y := range DataYears(rs, 2022) {
			b := register.NewBatch(0)
			b.Reset(y)
			var id int64
			add := func(area int32, region uint8, n int, municipality uint16) {
				for i := range n {
					id++
					b.Append(register.Person{ID: id, Area: area, Municipality: municipality, Region: region, Age: 40,
						Convicted: area != register.NoArea && i == 0, Education: register.Grundskole, EducationDK: register.Grundskole,
						Taxpayer: true, Income: 300_000})
				}
			}
			add(0, hovedstaden, 10, 101)
			add(1, midtjylland, 10, 751)
			add(register.NoArea, hovedstaden, outsideKbh, 101)
			add(register.NoArea, midtjylland, outsideAarhus, 751)
			tables := NewYearTables(y, areas.Len())
			tables.Add(b)
			data.Add(tables)
		}
		return data
	}

	t.Run("refused without a reference", func(t *testing.T) {
		_, err := Compute(rs, 2022, build(nil, 0, 0))
		var e *AreaResidentsOnlyError
		if !errors.As(err, &e) || blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Fatalf("err = %v", err)
		}
		if e.Region.Code != 0 || e.Persons != 20 {
			t.Errorf("error %+v: want the nation's 20 persons", e)
		}
		for _, want := range []string{"list year 2022", "data year 2020", "national conviction share", "reference file"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
		}
	})
	t.Run("a region of area residents only is refused", func(t *testing.T) {
		// The nation holds persons outside the areas, Midtjylland does not.
		_, err := Compute(rs, 2022, build(nil, 90, 0))
		var e *AreaResidentsOnlyError
		if !errors.As(err, &e) || e.Region.Code != 1082 || e.Persons != 10 {
			t.Fatalf("err = %v, want Midtjylland's 10 persons", err)
		}
		if !strings.Contains(err.Error(), "regional mean income") {
			t.Errorf("error %q does not name the regional mean income", err)
		}
	})
	t.Run("accepted with a reference", func(t *testing.T) {
		ref := register.NewReference()
		for _, y := range DataYears(rs, 2022) {
			ref.SetNational(y, blandby.NewRatio(3, 400)) // 0.75 %
			for _, r := range dk.Regions {
				ref.SetRegionMeanIncome(y, r.Code, blandby.RatioInt(400_000))
			}
		}
		out, err := Compute(rs, 2022, build(ref, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if got := out.Indicators[0].NationalConvicted; !got.Known || got.Value.Cmp(blandby.NewRatio(3, 400)) != 0 {
			t.Errorf("national share %v, want the reference's 3/400", got.Value)
		}
	})
	t.Run("accepted on the whole population", func(t *testing.T) {
		out, err := Compute(rs, 2022, build(nil, 30, 70))
		if err != nil {
			t.Fatal(err)
		}
		// 2 convicted of 20 + 30 + 70 = 120 adults.
		if got := out.Indicators[0].NationalConvicted; !got.Known || got.Value.Cmp(blandby.NewRatio(2, 120)) != 0 {
			t.Errorf("national share %v, want 2/120", got.Value)
		}
	})
}

package indicator

import (
	"fmt"
	"maps"
	"reflect"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/register"
)

// Data is the aggregated register data list years are computed from.
type Data struct {
	Areas *register.Areas
	// Reference gives the national conviction shares and regional mean
	// incomes when the register files hold only area residents; nil when
	// they hold the whole population and the values come from the data.
	Reference *register.Reference
	years     map[int]*YearTables
}

// NewData returns empty data for a registry.
func NewData(areas *register.Areas, ref *register.Reference) *Data {
	return &Data{Areas: areas, Reference: ref, years: map[int]*YearTables{}}
}

// Add adds a data year's tables, merging them with tables of the same year.
func (d *Data) Add(t *YearTables) {
	if have, ok := d.years[t.Year]; ok {
		have.Merge(t)
		return
	}
	d.years[t.Year] = t
}

// Years returns the data years held, ascending.
func (d *Data) Years() []int { return slices.Sorted(maps.Keys(d.years)) }

// Tables returns a data year's tables.
func (d *Data) Tables(year int) (*YearTables, bool) {
	t, ok := d.years[year]
	return t, ok
}

// Output is a computed list year: the indicators of every area of the
// registry, in registry order, and the details behind them.
type Output struct {
	Year       int
	RuleSet    *law.RuleSet
	Indicators []blandby.Indicators
	Details    []blandby.IndicatorDetail
}

// DataYears returns the data years a list year needs under a rule set.
func DataYears(rs *law.RuleSet, listYear int) []int {
	set := map[int]bool{listYear + rs.Area.DataYear: true}
	for _, c := range rs.Criteria {
		for _, off := range c.DataYears {
			set[listYear+off] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}

// Compute computes the indicators of a list year under rs, following the
// rule set's populations, windows and definitions: each value is the mean
// of its yearly shares, exactly.
func Compute(rs *law.RuleSet, listYear int, d *Data) (*Output, error) {
	defs, err := definitions(rs)
	if err != nil {
		return nil, err
	}
	for _, y := range DataYears(rs, listYear) {
		if _, ok := d.years[y]; !ok {
			return nil, blandby.Errorf(blandby.CodeInvalid, "list year %d under rule set %s needs data year %d, which the register does not hold (it holds %v)",
				listYear, rs.ID, y, d.Years())
		}
	}
	c := computer{rs: rs, year: listYear, d: d, defs: defs}
	if err := c.references(); err != nil {
		return nil, err
	}
	out := &Output{Year: listYear, RuleSet: rs}
	for i := 0; i < d.Areas.Len(); i++ {
		ind, details := c.area(int32(i))
		out.Indicators = append(out.Indicators, ind)
		out.Details = append(out.Details, details...)
	}
	return out, nil
}

// definition is how a rule set defines one indicator.
type definition struct {
	criterion law.Criterion
	ages      ageRange
	origins   []register.Origin
	levels    []register.Education
}

// definitions collects each indicator's definition. Criteria of the same
// indicator must define it the same way, as the indicator file holds one
// value per indicator.
func definitions(rs *law.RuleSet) (map[blandby.Indicator]definition, error) {
	defs := map[blandby.Indicator]definition{}
	for _, c := range rs.Criteria {
		def := definition{criterion: c, ages: ageRange{c.Population.AgeMin, register.MaxAge}}
		if c.Population.AgeMax != 0 {
			def.ages.max = c.Population.AgeMax
		}
		if (c.Population.TaxpayersOnly || c.Population.ExcludeInEducation) && c.Indicator != blandby.IndicatorIncome {
			return nil, blandby.Errorf(blandby.CodeInvalid, "rule set %s, criterion %s: taxpayers_only and exclude_in_education are supported for the income indicator only", rs.ID, c.ID)
		}
		for _, code := range c.Origins {
			o, err := register.ParseOrigin(code)
			if err != nil {
				return nil, blandby.Errorf(blandby.CodeInvalid, "rule set %s, criterion %s: %v", rs.ID, c.ID, err)
			}
			def.origins = append(def.origins, o)
		}
		if c.Education != nil {
			for _, code := range c.Education.BasicLevels {
				l, err := register.ParseEducation(code)
				if err != nil {
					return nil, blandby.Errorf(blandby.CodeInvalid, "rule set %s, criterion %s: %v", rs.ID, c.ID, err)
				}
				def.levels = append(def.levels, l)
			}
		}
		if prev, ok := defs[c.Indicator]; ok {
			if !sameDefinition(prev.criterion, c) {
				return nil, blandby.Errorf(blandby.CodeInvalid, "rule set %s defines the %s indicator in two ways (criteria %s and %s); the indicator file holds one value per indicator",
					rs.ID, c.Indicator, prev.criterion.ID, c.ID)
			}
			continue
		}
		defs[c.Indicator] = def
	}
	return defs, nil
}

func sameDefinition(a, b law.Criterion) bool {
	return a.Population == b.Population && slices.Equal(a.DataYears, b.DataYears) &&
		slices.Equal(a.Origins, b.Origins) && reflect.DeepEqual(a.Education, b.Education)
}

type computer struct {
	rs   *law.RuleSet
	year int
	d    *Data
	defs map[blandby.Indicator]definition
	// national conviction share and regional mean incomes by data year.
	national   map[int]*blandby.Ratio
	regionMean map[int][]*blandby.Ratio // data year → by region index
}

// references works out the national conviction share and the regional mean
// incomes of every data year the definitions need, from the reference file
// or from the whole population in the data.
func (c *computer) references() error {
	c.national, c.regionMean = map[int]*blandby.Ratio{}, map[int][]*blandby.Ratio{}
	if def, ok := c.defs[blandby.IndicatorConvicted]; ok {
		for _, off := range def.criterion.DataYears {
			y := c.year + off
			if ref := c.d.Reference; ref != nil {
				v, ok := ref.National(y)
				if !ok {
					return blandby.Errorf(blandby.CodeInvalid, "the reference file has no national conviction share for data year %d", y)
				}
				c.national[y] = &v
				continue
			}
			if err := c.wholePopulation(y, -1); err != nil {
				return err
			}
			nation := c.d.years[y].nation()
			if n := nation.persons(def.ages); n > 0 {
				v := blandby.NewRatio(nation.sumAges(offConv, def.ages), n)
				c.national[y] = &v
			}
		}
	}
	if def, ok := c.defs[blandby.IndicatorIncome]; ok {
		p := def.criterion.Population
		for _, off := range def.criterion.DataYears {
			y := c.year + off
			means := make([]*blandby.Ratio, len(dk.Regions))
			for ri, r := range dk.Regions {
				if ref := c.d.Reference; ref != nil {
					v, ok := ref.RegionMeanIncome(y, r.Code)
					if !ok {
						return blandby.Errorf(blandby.CodeInvalid, "the reference file has no mean income for %s (%d) in data year %d", r.Name, r.Code, y)
					}
					means[ri] = &v
					continue
				}
				if err := c.wholePopulation(y, ri); err != nil {
					return err
				}
				n, sum := c.d.years[y].region(ri).income(def.ages, p.TaxpayersOnly, p.ExcludeInEducation)
				if n > 0 && sum > 0 {
					v := blandby.NewRatio(sum, n)
					means[ri] = &v
				}
			}
			c.regionMean[y] = means
		}
	}
	return nil
}

// wholePopulation checks that a data year's tables can stand for the nation
// (region < 0) or for the region of index region: that some of its persons
// live outside every area of the registry. Tables whose persons all live in
// areas hold the areas' residents alone, and the national conviction share
// or the regional mean income computed from them would silently be the
// areas' own. A region without residents in the areas is not checked: no
// area compares with its mean.
func (c *computer) wholePopulation(year, region int) error {
	t := c.d.years[year]
	outside := t.outside(c.d.Areas)
	var persons, out int64
	if region < 0 {
		persons = t.nation().persons(allAges)
		for _, n := range outside {
			out += n
		}
	} else {
		persons, out = t.region(region).persons(allAges), outside[region]
		if persons == out {
			return nil
		}
	}
	if out > 0 {
		return nil
	}
	e := &AreaResidentsOnlyError{ListYear: c.year, DataYear: year, Persons: persons}
	if region >= 0 {
		e.Region = dk.Regions[region]
	}
	return e
}

// AreaResidentsOnlyError is the error of a list year whose national or
// regional reference values would come from register data that hold only
// the areas' residents: every person of a data year (or of a region in it)
// lives in an area of the registry, so the data are not the whole
// population the national conviction share and the regional mean income
// are defined over, and a reference file must give those values.
type AreaResidentsOnlyError struct {
	ListYear, DataYear int
	// Region is the region whose persons all live in areas; its Code is 0
	// when the whole data year's do (the national conviction share).
	Region dk.Region
	// Persons is how many persons the data year (or the region) holds.
	Persons int64
}

func (e *AreaResidentsOnlyError) Error() string {
	who, value := fmt.Sprintf("data year %d", e.DataYear), "the national conviction share"
	if e.Region.Code != 0 {
		who, value = fmt.Sprintf("%s (%d) in data year %d", e.Region.Name, e.Region.Code, e.DataYear), "the regional mean income"
	}
	return fmt.Sprintf("list year %d: none of the %d persons of %s lives outside the areas of the registry: the register holds only the areas' residents, not the whole population, so it cannot give %s; a reference file of national and regional values must give it",
		e.ListYear, e.Persons, who, value)
}

// ErrorCode returns blandby.CodeInvalid: the input is the caller's to
// complete.
func (e *AreaResidentsOnlyError) ErrorCode() blandby.Code { return blandby.CodeInvalid }

// area computes one area's indicators and details.
func (c *computer) area(i int32) (blandby.Indicators, []blandby.IndicatorDetail) {
	ar := c.d.Areas.At(i)
	ind := blandby.Indicators{
		Year: c.year,
		Area: blandby.Area{ID: ar.ID, Name: ar.Name, MunicipalityCode: ar.MunicipalityCode, Region: fmt.Sprint(ar.RegionCode)},
	}
	if m, ok := dk.MunicipalityByCode(ar.MunicipalityCode); ok {
		ind.Area.Municipality = m.Name
	}
	ind.Residents = c.d.years[c.year+c.rs.Area.DataYear].area(int(i)).persons(allAges)
	var details []blandby.IndicatorDetail
	for _, name := range blandby.AllIndicators {
		def, ok := c.defs[name]
		if !ok {
			continue
		}
		m, ds := c.measure(ar, i, def)
		details = append(details, ds...)
		ind.SetMeasure(name, m)
		if name == blandby.IndicatorConvicted {
			ind.NationalConvicted = c.nationalMeasure(def)
		}
	}
	return ind, details
}

// measure is the mean of the yearly shares of one indicator, with the
// details of each data year. It is unknown when any year has no one in the
// population (or no reference value).
func (c *computer) measure(ar blandby.Area, i int32, def definition) (blandby.Measure, []blandby.IndicatorDetail) {
	var shares []blandby.Ratio
	var details []blandby.IndicatorDetail
	var base int64
	known := true
	for _, off := range def.criterion.DataYears {
		y := c.year + off
		b := c.d.years[y].area(int(i))
		var num, den blandby.Ratio
		var ref *blandby.Ratio
		var n int64
		switch def.criterion.Indicator {
		case blandby.IndicatorNonWestern:
			n = b.persons(def.ages)
			num = blandby.RatioInt(b.origins(def.ages, def.origins))
		case blandby.IndicatorOutsideLabour:
			n = b.persons(def.ages)
			num = blandby.NewRatio(b.sumAges(offFTE, def.ages), register.FTEScale)
		case blandby.IndicatorConvicted:
			n = b.persons(def.ages)
			num = blandby.RatioInt(b.sumAges(offConv, def.ages))
			ref = c.national[y]
		case blandby.IndicatorBasicEducation:
			n = b.persons(def.ages)
			num = blandby.RatioInt(b.education(def.ages, def.criterion.Education.Source == law.EducationDanish, def.levels))
		case blandby.IndicatorIncome:
			p := def.criterion.Population
			var sum int64
			n, sum = b.income(def.ages, p.TaxpayersOnly, p.ExcludeInEducation)
			num = blandby.RatioInt(sum)
			ref = c.regionMean[y][dk.RegionIndex(ar.RegionCode)]
		}
		den = blandby.RatioInt(n)
		details = append(details, blandby.IndicatorDetail{Year: c.year, AreaID: ar.ID, Indicator: def.criterion.Indicator, DataYear: y, Numerator: num, Denominator: den, Reference: ref})
		base = n
		if n == 0 {
			known = false
			continue
		}
		share := num.Quo(den)
		if def.criterion.Indicator == blandby.IndicatorIncome {
			if ref == nil || ref.Sign() == 0 {
				known = false
				continue
			}
			share = share.Quo(*ref)
		}
		shares = append(shares, share)
	}
	if !known {
		return blandby.Measure{}, details
	}
	m := blandby.KnownMeasure(blandby.Mean(shares...))
	if def.criterion.Indicator != blandby.IndicatorIncome {
		m.Base = base
	}
	return m, details
}

// nationalMeasure is the mean of the national conviction shares over the
// conviction criterion's window.
func (c *computer) nationalMeasure(def definition) blandby.Measure {
	var shares []blandby.Ratio
	for _, off := range def.criterion.DataYears {
		v := c.national[c.year+off]
		if v == nil {
			return blandby.Measure{}
		}
		shares = append(shares, *v)
	}
	return blandby.KnownMeasure(blandby.Mean(shares...))
}

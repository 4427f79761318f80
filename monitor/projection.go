package monitor

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/classify"
	"github.com/blandby/blandby/law"
)

// Series names a projected value: an indicator, or MultipleSeries.
type Series string

// MultipleSeries is the conviction share as a multiple of the national
// share.
const MultipleSeries Series = "convicted_multiple"

// seriesOrder are the values projected.
var seriesOrder = []Series{
	Series(blandby.IndicatorNonWestern), Series(blandby.IndicatorOutsideLabour), Series(blandby.IndicatorConvicted),
	MultipleSeries, Series(blandby.IndicatorBasicEducation), Series(blandby.IndicatorIncome),
}

// Fit is a straight line fitted by ordinary least squares, exactly:
// Value(t) = Mean + Slope·(t − MeanYear), with Spread the largest absolute
// residual of the points fitted.
type Fit struct {
	Years    []int           `json:"years"`
	Values   []blandby.Ratio `json:"values"`
	MeanYear blandby.Ratio   `json:"mean_year"`
	Mean     blandby.Ratio   `json:"mean"`
	Slope    blandby.Ratio   `json:"slope"`
	Spread   blandby.Ratio   `json:"spread"`
}

// fitDecimals are the decimals of a fit's line in JSON: the exact
// fractions of a least-squares line grow long, and the line is for
// reading (the projected categories are computed exactly).
const fitDecimals = 6

// MarshalJSON writes the fit with its line rounded to fitDecimals decimals
// and the values fitted exactly.
func (f Fit) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Years    []int           `json:"years"`
		Values   []blandby.Ratio `json:"values"`
		MeanYear string          `json:"mean_year"`
		Mean     string          `json:"mean"`
		Slope    string          `json:"slope"`
		Spread   string          `json:"spread"`
	}{f.Years, f.Values, f.MeanYear.Decimal(fitDecimals), f.Mean.Decimal(fitDecimals), f.Slope.Decimal(fitDecimals), f.Spread.Decimal(fitDecimals)})
}

// FitLine fits the points (years ascending, values known). One point gives
// a flat line with no spread; none is an error.
func FitLine(years []int, values []blandby.Ratio) (Fit, error) {
	n := len(years)
	if n == 0 || n != len(values) {
		return Fit{}, blandby.Errorf(blandby.CodeInvalid, "a fit needs as many values as years, at least one (%d years, %d values)", n, len(values))
	}
	f := Fit{Years: slices.Clone(years), Values: slices.Clone(values), Slope: zero, Spread: zero}
	sx, sy := zero, zero
	for i := range years {
		sx = sx.Add(blandby.RatioInt(int64(years[i])))
		sy = sy.Add(values[i])
	}
	nn := blandby.RatioInt(int64(n))
	f.MeanYear, f.Mean = sx.Quo(nn), sy.Quo(nn)
	sxx, sxy := zero, zero
	for i := range years {
		dx := blandby.RatioInt(int64(years[i])).Sub(f.MeanYear)
		sxx = sxx.Add(dx.Mul(dx))
		sxy = sxy.Add(dx.Mul(values[i].Sub(f.Mean)))
	}
	if sxx.Sign() > 0 {
		f.Slope = sxy.Quo(sxx)
	}
	for i := range years {
		if r := values[i].Sub(f.At(years[i])).Abs(); r.Cmp(f.Spread) > 0 {
			f.Spread = r
		}
	}
	return f, nil
}

// At returns the line's value in a year.
func (f Fit) At(year int) blandby.Ratio {
	return f.Mean.Add(f.Slope.Mul(blandby.RatioInt(int64(year)).Sub(f.MeanYear)))
}

// Scenario is one of the projection's three courses.
type Scenario string

// The scenarios: every value on its trend line, or moved by the fit's
// spread toward fewer lists (Best) or more (Worst).
const (
	Point Scenario = "point"
	Best  Scenario = "best"
	Worst Scenario = "worst"
)

// Scenarios are the scenarios in display order.
var Scenarios = []Scenario{Best, Point, Worst}

// Projection is every area's indicators and category projected from the
// last published year to the goal year.
type Projection struct {
	// From is the last published list year fitted; To the goal year.
	From int `json:"from"`
	To   int `json:"to"`
	// RuleSet is the rule set the projected years are classified under.
	RuleSet string           `json:"rule_set"`
	Method  ProjectionMethod `json:"method"`
	Areas   []AreaProjection `json:"areas"`
	// Years are the national counts of each projected year.
	Years []ProjectedYear `json:"years"`
}

// AreaProjection is one area's projection.
type AreaProjection struct {
	AreaID string `json:"area_id"`
	Name   string `json:"name"`
	// Category is the area's category on the last published list.
	Category blandby.Category `json:"category"`
	// Fits are the fitted trends, by series; a series with no known value
	// in the years fitted is absent.
	Fits map[Series]Fit `json:"fits"`
	// Categories are the projected categories, year by year from From+1.
	Categories []ProjectedCategory `json:"categories"`
}

// ProjectedCategory is an area's category in a projected year under each
// scenario.
type ProjectedCategory struct {
	Year  int              `json:"year"`
	Point blandby.Category `json:"point"`
	Best  blandby.Category `json:"best"`
	Worst blandby.Category `json:"worst"`
}

// ProjectedYear is a projected year's counts: the areas on each list, and
// what each goal target counts, per scenario. An area whose non-Western
// share cannot be projected (none known in the years fitted) counts for a
// target with a non-Western bar only under Worst, unless a list it is on
// guarantees the bar (Count).
type ProjectedYear struct {
	Year     int                                   `json:"year"`
	OnCounts map[Scenario]map[blandby.Category]int `json:"on_counts"`
	Targets  map[Scenario]map[string]int           `json:"targets"`
}

// Project fits each area's values in the last g.Projection.ListYears
// published years that have indicators (up to and including the last
// one) and classifies each year from the last published one to g.Year
// under rs, for each scenario; omdannelse reads the published lists and
// the scenario's own projected years. Residents and the national
// conviction share are held at their last values; shares are kept within
// 0 and 1, income and multiples at 0 or more.
func Project(years []Year, rs *law.RuleSet, g *Goal) (*Projection, error) {
	var fitted []*Year
	for i := len(years) - 1; i >= 0 && len(fitted) < g.Projection.ListYears; i-- {
		if years[i].Indicators != nil {
			fitted = append(fitted, &years[i])
		}
	}
	if len(fitted) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "no published list with indicators to project from")
	}
	slices.Reverse(fitted)
	last := fitted[len(fitted)-1]
	if last.Year != years[len(years)-1].Year {
		return nil, blandby.Errorf(blandby.CodeInvalid, "the last published list, %d, was imported without indicators: a projection needs a computed list", years[len(years)-1].Year)
	}
	p := &Projection{From: last.Year, To: g.Year, RuleSet: rs.ID, Method: g.Projection, Areas: []AreaProjection{}, Years: []ProjectedYear{}}
	dir := directions(rs)
	type base struct {
		ind  blandby.Indicators
		fits map[Series]Fit
	}
	var bases []base
	for _, ind := range last.Indicators {
		ap := AreaProjection{AreaID: ind.Area.ID, Name: ind.Area.Name, Category: blandby.None, Fits: map[Series]Fit{}}
		if a, ok := last.Area(ind.Area.ID); ok {
			ap.Category, ap.Name = a.Category, a.Name
		}
		for _, s := range seriesOrder {
			var ys []int
			var vs []blandby.Ratio
			for _, y := range fitted {
				if v, ok := y.Indicator(ind.Area.ID); ok {
					if m := measure(v, s); m.Known {
						ys, vs = append(ys, y.Year), append(vs, m.Value)
					}
				}
			}
			if len(ys) == 0 {
				continue
			}
			f, err := FitLine(ys, vs)
			if err != nil {
				return nil, fmt.Errorf("projection of %s %s: %w", ind.Area.ID, s, err)
			}
			ap.Fits[s] = f
		}
		p.Areas = append(p.Areas, ap)
		bases = append(bases, base{ind: ind, fits: ap.Fits})
	}
	hist := map[Scenario]*blandby.History{}
	for _, sc := range Scenarios {
		hist[sc] = History(years)
	}
	for year := last.Year + 1; year <= g.Year; year++ {
		py := ProjectedYear{Year: year, OnCounts: map[Scenario]map[blandby.Category]int{}, Targets: map[Scenario]map[string]int{}}
		for _, sc := range Scenarios {
			inds := make([]blandby.Indicators, len(bases))
			for i, b := range bases {
				inds[i] = projected(b.ind, b.fits, year, sc, dir)
			}
			out, err := classify.Classify(rs, year, inds, hist[sc])
			if err != nil {
				return nil, fmt.Errorf("projection %d (%s): %w", year, sc, err)
			}
			py.OnCounts[sc] = map[blandby.Category]int{}
			for _, l := range rs.Lists {
				py.OnCounts[sc][l.Category] = out.Count(l.Category)
			}
			pyear := Year{Year: year, RuleSet: rs, Indicators: inds}
			for i, r := range out.Results {
				hist[sc].Set(year, r.Area.ID, r.Category)
				pyear.Areas = append(pyear.Areas, Area{Area: blandby.Area{ID: r.Area.ID}, Category: r.Category})
				pc := &p.Areas[i]
				if sc == Scenarios[0] {
					pc.Categories = append(pc.Categories, ProjectedCategory{Year: year})
				}
				c := &pc.Categories[len(pc.Categories)-1]
				switch sc {
				case Point:
					c.Point = r.Category
				case Best:
					c.Best = r.Category
				case Worst:
					c.Worst = r.Category
				}
			}
			Normalize([]Year{pyear})
			py.Targets[sc] = map[string]int{}
			for ti := range g.Targets {
				n := g.Count(&pyear, &g.Targets[ti])
				if sc == Worst {
					n.Areas += n.Unknown
				}
				py.Targets[sc][g.Targets[ti].ID] = n.Areas
			}
		}
		p.Years = append(p.Years, py)
	}
	return p, nil
}

// measure returns a series' value.
func measure(ind *blandby.Indicators, s Series) blandby.Measure {
	if s == MultipleSeries {
		return ind.Multiple()
	}
	return ind.Measure(blandby.Indicator(s))
}

// projected returns an area's indicators in a projected year under a
// scenario: each fitted value on its line, moved by the spread for Best
// and Worst; a series without a fit stays unknown.
func projected(last blandby.Indicators, fits map[Series]Fit, year int, sc Scenario, up map[blandby.Indicator]bool) blandby.Indicators {
	out := blandby.Indicators{Year: year, Area: last.Area, Residents: last.Residents, NationalConvicted: last.NationalConvicted}
	for _, s := range seriesOrder {
		f, ok := fits[s]
		if !ok {
			continue
		}
		v := f.At(year)
		ind := blandby.Indicator(s)
		if s == MultipleSeries {
			ind = blandby.IndicatorConvicted
		}
		higher, known := up[ind]
		if !known {
			higher = ind != blandby.IndicatorIncome
		}
		switch {
		case sc == Worst && higher, sc == Best && !higher:
			v = v.Add(f.Spread)
		case sc == Worst, sc == Best:
			v = v.Sub(f.Spread)
		}
		share := s != MultipleSeries && ind != blandby.IndicatorIncome
		v = clamp(v, share)
		if s == MultipleSeries {
			out.ConvictedMultiple = blandby.KnownMeasure(v)
			continue
		}
		m := last.Measure(ind)
		out.SetMeasure(ind, blandby.Measure{Value: v, Known: true, Base: m.Base})
	}
	return out
}

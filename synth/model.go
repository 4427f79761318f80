package synth

import (
	"math"

	"github.com/blandby/blandby/register"
)

// The data years a generator can emit. Every run creates the population as
// it stands at the end of 2005 and lives it forward year by year.
const (
	// FirstDataYear is the first data year a generator can emit.
	FirstDataYear = 2006
	// LastDataYear is the last data year a generator can emit.
	LastDataYear = 2030
)

// baseYear is the year whose end the initial population describes; nYears
// counts the years from it to LastDataYear.
const (
	baseYear = FirstDataYear - 1
	nYears   = LastDataYear - baseYear + 1
)

// model holds the parameters of the synthetic population. They are not
// configurable from outside: the calibration (bench/calibrate) tunes them.
type model struct {
	// popFactor is each municipality's population at the end of baseYear
	// as a share of its 2023 population in dk.
	popFactor float64
	// smallAreas is the number of areas under 1,000 residents (near the
	// threshold); profileCounts the number of large areas of each
	// deprived profile (the rest are ordinary).
	smallAreas    int
	profileCounts [profKinds]int

	// zMean is the mean disadvantage by origin.
	zMean [register.OriginCount]float64
	// nwShare is the non-Western share of the population outside the
	// areas in baseYear, before each municipality's attraction.
	nwShare float64

	// Labour: P(outside) = logistic(alpha[band] + beta*e) for the
	// disadvantage e = z + area effect + integration + cycle.
	alpha [5]float64
	beta  float64
	// Conviction: P = base[band]*exp(crimeBeta*k), k the crime propensity.
	convBase  [8]float64
	crimeBeta float64

	// Area effects as functions of the deprivation level x.
	effLA, effLB float64
	effCA, effCB float64
	selA, selB   float64
	letting      float64 // lower disadvantage of in-movers while an area improves

	profiles [profKinds]profileSpec
}

// defaultModel is the calibrated model.
func defaultModel() *model {
	return &model{
		popFactor:     0.92,
		smallAreas:    54,
		profileCounts: [profKinds]int{profCore: 12, profEarly: 22, profDanish: 16, profPrevent: 59},
		zMean: [register.OriginCount]float64{
			register.Dansk: -0.08, register.VestligIndvandrer: 0.0, register.VestligEfterkommer: 0.0,
			register.IkkeVestligIndvandrer: 0.75, register.IkkeVestligEfterkommer: 0.35,
		},
		nwShare:   0.034,
		alpha:     [5]float64{-1.55, -1.75, -1.95, -1.65, -0.45},
		beta:      1.1,
		convBase:  [8]float64{0.009, 0.0165, 0.0135, 0.009, 0.0056, 0.0036, 0.0021, 0.0007},
		crimeBeta: 0.9,
		effLA:     0.7, effLB: 0.35,
		effCA: 0.5, effCB: 0.4,
		selA: 0.35, selB: 0.3, letting: 0.4,
		profiles: [profKinds]profileSpec{
			profCore: {w0: [2]float64{0.58, 0.88}, x0: [2]float64{0.7, 1.3}, turn: [2]float64{2014, 2025}, turnNoise: 0.3,
				after: [2]float64{-0.3, -0.2}, wSlope: 0.004, wAfter: -0.02, demolish: true, size: [2]float64{1500, 7500}, sizePow: 2.5},
			profEarly: {w0: [2]float64{0.55, 0.75}, x0: [2]float64{-0.25, 0.15},
				path: []knot{{2005, -0.2}, {2008, -0.15}, {2013, 0.4}, {2016, -0.1}, {2017, 0.35}, {2018, 0.4}}, knotNoise: 0.2, noise: 0.3,
				turn: [2]float64{2018, 2018}, after: [2]float64{-1.1, -0.9}, span: 1, spanMove: 0.1, late: 0.03,
				wSlope: 0.004, wAfter: -0.005, crime: 0.1, crimeSlope: -0.01, size: [2]float64{1200, 3700}, sizePow: 2},
			profDanish: {w0: [2]float64{0.08, 0.38}, x0: [2]float64{0.3, 0.9}, path: []knot{{2005, 0}, {2025, 1.2}},
				turn: [2]float64{2015, 2020}, turnNoise: 0.3, after: [2]float64{-0.14, -0.1},
				wSlope: 0.004, wAfter: 0.004, crime: -0.2, crimeSlope: 0.05, size: [2]float64{1050, 2550}, sizePow: 2},
			profPrevent: {w0: [2]float64{0.3, 0.6}, x0: [2]float64{-0.65, -0.05}, path: []knot{{2005, 0}, {2030, 0.25}},
				turn: [2]float64{9999, 9999}, late: 0.04, wSlope: 0.006, wAfter: 0.006, size: [2]float64{1100, 3600}, sizePow: 2},
			profOrdinary: {w0: [2]float64{0.04, 0.32}, x0: [2]float64{-2.0, -0.8}, turn: [2]float64{9999, 9999},
				wSlope: 0.004, wAfter: 0.004, size: [2]float64{1050, 3250}, sizePow: 2},
		},
	}
}

// knot is a point of a profile's path: the change of the deprivation level
// since the start, reached in a year.
type knot struct {
	year int
	dx   float64
}

// profileSpec is how the areas of one profile behave. Ranges are [lo, hi];
// an area's place in a range comes from its stratified position u (x0,
// turn, after) or uw (w0), or from an independent draw (size).
type profileSpec struct {
	w0         [2]float64 // initial non-Western share
	x0         [2]float64 // initial deprivation level
	path       []knot     // change of x over the years until the turn, linear between knots
	knotNoise  float64    // standard deviation of each area's knots around the path
	turn       [2]float64 // year after which the area improves
	turnNoise  float64    // standard deviation of the turn year
	after      [2]float64 // yearly change of x after the turn
	span       int        // years the change after the turn lasts; 0 means to the end
	spanMove   float64    // extra yearly out-move probability during the span (rehousing)
	late       float64    // yearly change of x from 2019, on top of the rest
	noise      float64    // yearly noise of x until 2018 (AR(1) innovations); 0 means 0.06
	wSlope     float64    // yearly change of the in-mover non-Western share until 2018
	wAfter     float64    // the same after 2018 (letting rules)
	crime      float64    // extra crime effect
	crimeSlope float64    // yearly change of the crime effect from 2010 to 2018
	demolish   bool       // demolition and rehousing from 2020
	size       [2]float64 // residents in 2023 (lo + (hi-lo)·v^sizePow)
	sizePow    float64
}

// at interpolates a path linearly; before its first knot and after its
// last it is flat.
func at(path []knot, y int) float64 {
	if len(path) == 0 {
		return 0
	}
	if y <= path[0].year {
		return path[0].dx
	}
	for k := 1; k < len(path); k++ {
		if y <= path[k].year {
			a, b := path[k-1], path[k]
			return a.dx + (b.dx-a.dx)*float64(y-a.year)/float64(b.year-a.year)
		}
	}
	return path[len(path)-1].dx
}

// trajectory draws an area's yearly targets; u in (0, 1) is its stratified
// position within its profile (higher is more deprived), uw that of its
// non-Western share.
func (m *model) trajectory(p *areaPlan, u, uw float64, r *rng) {
	p.x, p.size, p.nwIn, p.move = make([]float64, nYears), make([]float64, nYears), make([]float64, nYears), make([]float64, nYears)
	p.effL, p.effC, p.sel = make([]float32, nYears), make([]float32, nYears), make([]float32, nYears)
	sp := m.profiles[p.profile]
	in := func(rg [2]float64, v float64) float64 { return rg[0] + (rg[1]-rg[0])*v }
	w0 := in(sp.w0, uw)
	x0 := in(sp.x0, u)
	turn := int(math.Round(in(sp.turn, u) + sp.turnNoise*r.norm()))
	after := in(sp.after, u)
	path := make([]knot, len(sp.path))
	for k, kn := range sp.path {
		path[k] = kn
		if k > 0 {
			path[k].dx += sp.knotNoise * r.norm()
		}
	}
	n23 := in(sp.size, math.Pow(r.float(), sp.sizePow))
	var g float64
	switch {
	case !p.small:
		g = 0.005 * r.norm()
	default:
		n23 = 650 + 330*r.float()
		switch v := r.float(); {
		case v < 0.35:
			g = 0.02 + 0.02*r.float()
		case v < 0.5:
			g = -0.02
		default:
			g = 0.005 * r.norm()
		}
	}
	p.w0 = w0
	p.wIn = 0.03 + 0.05*r.float()
	p.zShift = m.shift(x0)
	noise, w := 0.0, w0
	for i := range nYears {
		y := baseYear + i
		if i > 0 {
			if y <= 2018 {
				w += sp.wSlope
			} else {
				w += sp.wAfter
			}
			sd := sp.noise
			if sd == 0 || y > 2018 {
				sd = 0.06
			}
			noise = 0.6*noise + sd*r.norm()
		}
		improving := y > turn && (sp.span == 0 || y <= turn+sp.span)
		years := max(0, y-turn)
		if sp.span > 0 {
			years = min(years, sp.span)
		}
		x := x0 + at(path, min(y, turn)) + after*float64(years) + sp.late*float64(max(0, y-2018))
		p.x[i] = x + noise
		p.nwIn[i] = clamp(w, 0.01, 0.97)
		dem, dem23 := 1.0, 1.0
		if sp.demolish {
			dem23 = math.Pow(0.98, 4)
			if y > 2019 {
				dem = math.Pow(0.98, float64(y-2019))
				p.move[i] = 0.04
			}
		}
		p.size[i] = n23 * math.Exp(g*float64(y-2023)) * dem / dem23
		xv := p.x[i]
		p.effL[i] = float32(m.effLA + m.effLB*xv + lookup(areaShock, y, 0)*clamp((xv+0.2)/0.6, 0, 1))
		p.effC[i] = float32(m.effCA + m.effCB*xv + sp.crime + sp.crimeSlope*float64(min(max(0, y-2010), 8)))
		s := m.shift(xv)
		if improving {
			s -= m.letting // flexible letting and the like
			p.move[i] += sp.spanMove
		}
		p.sel[i] = float32(s)
	}
}

// shift is how far above its origin group's mean the disadvantage of an
// area's residents lies at deprivation level x.
func (m *model) shift(x float64) float64 { return clamp(m.selA+m.selB*x, -0.8, 1.5) }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

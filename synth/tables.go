package synth

import (
	"math"

	"github.com/blandby/blandby/register"
)

// Quantisation of the latent values the yearly tables are indexed by.
const (
	eMin, eSteps, eN = -4.0, 32.0, 384 // labour disadvantage, [-4, 8)
	kMin, kSteps, kN = -5.0, 32.0, 384 // crime propensity, [-5, 7)
	zMin, zSteps, zN = -4.0, 16.0, 160 // disadvantage for studies, [-4, 6)
)

func eIndex(v float32) int {
	i := int((v - eMin) * eSteps)
	return min(max(i, 0), eN-1)
}

func kIndex(v float32) int {
	i := int((v - kMin) * kSteps)
	return min(max(i, 0), kN-1)
}

func zIndex(v float32) int {
	i := int((v - zMin) * zSteps)
	return min(max(i, 0), zN-1)
}

// labourBand and convBand map an age to its band in the labour and
// conviction tables.
var labourBand, convBand = func() (l, c [register.AgeCount]uint8) {
	for a := range register.AgeCount {
		switch {
		case a < 25:
			l[a] = 0
		case a < 30:
			l[a] = 1
		case a < 50:
			l[a] = 2
		case a < 60:
			l[a] = 3
		default:
			l[a] = 4
		}
		switch {
		case a < 18:
			c[a] = 0
		case a < 21:
			c[a] = 1
		case a < 25:
			c[a] = 2
		case a < 30:
			c[a] = 3
		case a < 40:
			c[a] = 4
		case a < 50:
			c[a] = 5
		case a < 60:
			c[a] = 6
		default:
			c[a] = 7
		}
	}
	return
}()

// monthsFTE is the FTE of whole months outside work and education:
// months/12 in millionths, rounded.
var monthsFTE = func() (t [13]int32) {
	for m := range t {
		t[m] = int32((int64(m)*register.FTEScale + 6) / 12)
	}
	return
}()

// yearModel holds one year's tables.
type yearModel struct {
	year   int
	death  [register.AgeCount]uint32
	birth  [register.OriginCount][register.AgeCount]uint32
	emig   [register.OriginCount][12]uint32 // by years since arrival, capped at 11
	stud   [65][zN]uint32
	out    [5][eN]uint32
	full   [eN]uint32
	conv   [8][kN]uint32
	integ  [register.OriginCount][40]float32 // labour disadvantage by years since arrival
	expE   [eN]float32                       // wage factor by labour disadvantage
	noise  [1024]float32                     // yearly wage noise factors
	cyc    float32
	crime  float32
	old    float64 // probability that a 65-69-year-old is still working
	wage   float64 // base yearly wage, DKK
	trans  float64 // full-year transfer income
	studI  float64 // student income
	pens   float64 // pension
	region [5]float64
	immW   float64 // Western immigrants this year, scale 1
	immNW  float64 // non-Western immigrants
}

// Regional wage factors, indexed like dk.Regions (Nordjylland,
// Midtjylland, Syddanmark, Hovedstaden, Sjælland).
var regionWage = [5]float64{0.93, 0.98, 0.96, 1.06, 1.0}

// labourCycle is the national labour-market effect on disadvantage.
var labourCycle = map[int]float64{
	2005: -0.05, 2006: -0.12, 2007: -0.18, 2008: -0.18, 2009: 0.05, 2010: 0.12, 2011: 0.12, 2012: 0.14,
	2013: 0.12, 2014: 0.06, 2015: 0.0, 2016: -0.06, 2017: -0.1, 2018: -0.14, 2019: -0.16, 2020: -0.08,
	2021: -0.16, 2022: -0.24, 2023: -0.24, 2024: -0.22,
}

// areaShock is a year's extra labour disadvantage in the deprived areas:
// in 2022 they took in many of the refugees from Ukraine.
var areaShock = map[int]float64{2022: 0.14}

// crimeLevel is the national trend in convictions (log scale).
var crimeLevel = map[int]float64{
	2005: 0.16, 2006: 0.16, 2007: 0.15, 2008: 0.13, 2009: 0.11, 2010: 0.08, 2011: 0.05, 2012: 0.01,
	2013: -0.03, 2014: -0.06, 2015: -0.09, 2016: -0.11, 2017: -0.13, 2018: -0.15, 2019: -0.16,
	2020: -0.17, 2021: -0.18, 2022: -0.18, 2023: -0.19, 2024: -0.19,
}

// Immigrants per year at scale 1.
var (
	immWestern = map[int]float64{
		2006: 22000, 2007: 28000, 2008: 33000, 2009: 28000, 2010: 30000, 2011: 32000, 2012: 34000, 2013: 37000,
		2014: 40000, 2015: 41000, 2016: 40000, 2017: 39000, 2018: 38000, 2019: 37000, 2020: 30000,
		2021: 37000, 2022: 40000,
	}
	immNonWestern = map[int]float64{
		2006: 10000, 2007: 11000, 2008: 13000, 2009: 13000, 2010: 15000, 2011: 14000, 2012: 16000,
		2013: 17000, 2014: 21000, 2015: 30000, 2016: 25000, 2017: 17000, 2018: 14000, 2019: 13000,
		2020: 10000, 2021: 12000, 2022: 28000, 2023: 16000,
	}
)

// transferLag is the lag of transfer incomes behind wages when prices
// jump (the 2022 inflation).
var transferLag = map[int]float64{2022: 0.93, 2023: 0.97}

// lookup returns a year's value of a series, or its last value for later
// years.
func lookup(series map[int]float64, year int, last float64) float64 {
	if v, ok := series[year]; ok {
		return v
	}
	return last
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// newYearModel builds the tables of one year.
func (m *model) newYearModel(y int) *yearModel {
	t := &yearModel{year: y}
	t.cyc = float32(lookup(labourCycle, y, -0.22))
	t.crime = float32(lookup(crimeLevel, y, -0.19))
	t.immW = 0.75 * lookup(immWestern, y, 38000)
	if y <= baseYear {
		t.immW = 0
	}
	t.immNW = 0.85 * lookup(immNonWestern, y, 15000)
	if y <= baseYear {
		t.immNW = 0
	}
	idx := math.Pow(1.025, float64(y-2006))
	t.wage, t.trans, t.studI, t.pens = 290000*idx, 140000*idx*lookup(transferLag, y, 1), 85000*idx, 170000*idx
	t.region = regionWage
	t.old = 0.1 + 0.01*float64(max(0, y-2006))

	for a := range register.AgeCount {
		var q float64
		switch {
		case a == 0:
			q = 0.0035
		case a < 15:
			q = 0.0001
		case a < 30:
			q = 0.0004
		default:
			q = math.Exp(-10.75 + 0.0955*float64(a) - 0.006*float64(y-2006))
		}
		if a >= 110 {
			q = 1
		}
		t.death[a] = threshold(math.Min(q, 1))
	}
	// Births per person (either parent) by age: total fertility about 1.75
	// split over two parents, higher for non-Western immigrants.
	tfr := [register.OriginCount]float64{1.72, 1.6, 1.65, 2.2 - 0.03*float64(max(0, y-2006)), 1.6}
	for o := range register.OriginCount {
		sum := 0.0
		dens := [register.AgeCount]float64{}
		for a := 18; a <= 45; a++ {
			d := math.Exp(-0.5 * math.Pow((float64(a)-31)/5.5, 2))
			dens[a] = d
			sum += d
		}
		for a := 18; a <= 45; a++ {
			t.birth[o][a] = threshold(tfr[o] / 2 * dens[a] / sum)
		}
	}
	for o := range register.OriginCount {
		for k := range 12 {
			var p float64
			switch register.Origin(o) {
			case register.Dansk:
				p = 0.0015
			case register.VestligEfterkommer, register.IkkeVestligEfterkommer:
				p = 0.004
			case register.VestligIndvandrer:
				p = 0.06
				if k < 4 {
					p = 0.16
				}
			case register.IkkeVestligIndvandrer:
				p = 0.015
				if k < 4 {
					p = 0.04
				}
			}
			t.emig[o][k] = threshold(p)
		}
	}
	for a := range 65 {
		var base float64
		switch {
		case a < 15:
			base = 0
		case a < 17:
			base = 0.96
		case a < 18:
			base = 0.88
		case a < 19:
			base = 0.78
		case a < 20:
			base = 0.62
		case a < 22:
			base = 0.5
		case a < 25:
			base = 0.42
		case a < 28:
			base = 0.24
		case a < 30:
			base = 0.13
		case a < 35:
			base = 0.06
		case a < 45:
			base = 0.03
		default:
			base = 0.012
		}
		for zi := range zN {
			z := zMin + (float64(zi)+0.5)/zSteps
			t.stud[a][zi] = threshold(clamp(base*(1-0.18*z), 0, 0.99))
		}
	}
	early := 0.0
	if y > 2013 {
		early = -0.06 * float64(min(y, 2024)-2013) // the early-retirement reform
	}
	for ei := range eN {
		e := eMin + (float64(ei)+0.5)/eSteps
		for b := range 5 {
			al := m.alpha[b]
			if b == 4 {
				al += early
			}
			t.out[b][ei] = threshold(logistic(al + m.beta*e))
		}
		t.full[ei] = threshold(logistic(0.3 + 0.9*e))
		t.expE[ei] = float32(math.Exp(-0.35 * clamp(e, -3, 5)))
	}
	for b := range 8 {
		for ki := range kN {
			k := kMin + (float64(ki)+0.5)/kSteps
			t.conv[b][ki] = threshold(math.Min(0.5, m.convBase[b]*math.Exp(m.crimeBeta*k)))
		}
	}
	// Integration: new immigrants are far from the labour market at first;
	// non-Western immigrants get closer faster from the late 2010s.
	for o := range register.OriginCount {
		for k := range 40 {
			var v float64
			switch register.Origin(o) {
			case register.IkkeVestligIndvandrer:
				v = 1.3*math.Exp(-float64(k)/4) - 0.025*float64(max(0, min(y, 2024)-2014))
			case register.VestligIndvandrer:
				v = 0.4 * math.Exp(-float64(k)/2)
			}
			t.integ[o][k] = float32(v)
		}
	}
	for i := range t.noise {
		t.noise[i] = float32(math.Exp(0.18 * float64(normTable[i])))
	}
	return t
}

package synth

import (
	"math"
	"sort"

	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/register"
)

// person is one person's lasting state. What changes yearly (work,
// studies, convictions, income) is drawn from it each year.
type person struct {
	id      uint32
	born    int16
	arrived int16 // year of immigration; 0 for persons born in Denmark
	area    int16 // index into the generator's areas, or -1
	origin  register.Origin
	edu     register.Education // highest completed education, all sources (final level)
	eduDK   register.Education // the same, Danish-recognised only
	z       float32            // disadvantage: distance from the labour market, low education, low pay
	crime   float32            // personal propensity to be convicted
	wage    float32            // personal wage factor
}

// Pool groups for in-movers.
const (
	groupDanish = iota // Danish origin and Western descendants
	groupWestern
	groupNonWestern
	nGroups
)

var originGroup = [register.OriginCount]uint8{groupDanish, groupWestern, groupDanish, groupNonWestern, groupNonWestern}

// yearAcc holds a partition's contribution to the reference values of a
// data year: the conviction count and persons of the conviction criterion's
// population, and the count and income sum of the income criterion's.
type yearAcc struct {
	conv, adults, incN, incSum int64
}

// partition is one municipality's population; partitions are lived
// forward independently, each with its own random streams.
type partition struct {
	m      int // index in dk.Municipalities
	code   uint16
	region uint8
	rich   float32
	areas  []int16 // the municipality's areas (indexes into the generator's)
	local  []int32 // position of each of the generator's areas among the municipality's, or -1
	nextID uint32
	people []person
	births []person
	gone   []int32 // scratch: indexes of persons who died or emigrated
	count  []int32 // residents per area of the municipality
	pools  [nGroups][]int32
	outTh  [][4]uint32 // out-move thresholds per area and age band
	batch  [2]*register.Batch
	acc    [nYears]yearAcc
}

// idBase is the first person id of a partition: ids are (m+1)·10^7 plus a
// counter, so they are unique without coordination and stay below 2^32.
const idSpan = 10_000_000

func (p *partition) newID() uint32 {
	p.nextID++
	return uint32(p.m+1)*idSpan + p.nextID
}

// Age distributions at the end of baseYear, by origin: weights by age.
var initAges = func() (t [register.OriginCount][]float64) {
	for o := range register.OriginCount {
		w := make([]float64, register.AgeCount)
		for a := range 106 {
			fa := float64(a)
			switch register.Origin(o) {
			case register.Dansk:
				w[a] = danishPyramid(a)
			case register.VestligIndvandrer:
				w[a] = math.Exp(-0.5*math.Pow((fa-38)/14, 2)) + 0.08
				if a < 18 {
					w[a] = 0.25
				}
			case register.VestligEfterkommer:
				w[a] = math.Exp(-fa / 14)
			case register.IkkeVestligIndvandrer:
				w[a] = math.Exp(-0.5 * math.Pow((fa-37)/11, 2))
				if a < 18 {
					w[a] = 0.06 + 0.01*fa
				}
				if a > 75 {
					w[a] *= 0.5
				}
			case register.IkkeVestligEfterkommer:
				w[a] = math.Exp(-fa / 9)
				if a > 35 {
					w[a] = 0
				}
			}
		}
		t[o] = cumulative(w)
	}
	return
}()

// danishPyramid is the relative number of persons of Danish origin of an
// age around 2005.
func danishPyramid(a int) float64 {
	switch {
	case a < 5:
		return 1.0
	case a < 15:
		return 1.05
	case a < 20:
		return 0.98
	case a < 30:
		return 0.9
	case a < 45:
		return 1.1
	case a < 60:
		return 1.08
	case a < 65:
		return 1.12
	case a < 70:
		return 0.85
	case a < 75:
		return 0.66
	case a < 80:
		return 0.52
	case a < 85:
		return 0.38
	case a < 90:
		return 0.21
	case a < 95:
		return 0.08
	case a < 100:
		return 0.02
	case a < 105:
		return 0.003
	}
	return 0
}

func cumulative(w []float64) []float64 {
	c := make([]float64, len(w))
	s := 0.0
	for i, v := range w {
		s += v
		c[i] = s
	}
	for i := range c {
		c[i] /= s
	}
	return c
}

func sampleCum(r *rng, c []float64) int {
	u := r.float()
	i := sort.SearchFloat64s(c, u)
	return min(i, len(c)-1)
}

// logit draws true with probability logistic(x).
func logit(r *rng, x float64) bool { return r.float() < logistic(x) }

// newPerson creates a person of an origin born in a year, who arrived in
// Denmark in arrived (0 if born here), with disadvantage shifted by zShift.
func (g *Generator) newPerson(p *partition, r *rng, o register.Origin, born, arrived int, area int16, z float64) person {
	pp := person{
		id: p.newID(), born: int16(born), arrived: int16(arrived), area: area, origin: o,
		z: float32(z), crime: float32(0.9 * r.norm()), wage: float32(math.Exp(0.25 * r.norm())),
	}
	grownHere := arrived == 0 || arrived-born < 16
	switch {
	case grownHere:
		pp.edu = danishEducation(r, z, o != register.Dansk)
		pp.eduDK = pp.edu
	case o == register.IkkeVestligIndvandrer:
		switch {
		case r.bern(0.18):
			pp.edu = register.Uoplyst
		case logit(r, -0.6+0.7*z):
			pp.edu = register.Grundskole
		case r.bern(0.45):
			pp.edu = register.Videregaaende
		default:
			pp.edu = register.Ungdomsuddannelse
		}
		pp.eduDK = register.Uoplyst
		if r.bern(0.06) {
			pp.eduDK = danishEducation(r, z+0.3, true)
		}
	default: // a Western immigrant
		switch v := r.float(); {
		case v < 0.15:
			pp.edu = register.Uoplyst
		case v < 0.25:
			pp.edu = register.Grundskole
		case v < 0.6:
			pp.edu = register.Ungdomsuddannelse
		default:
			pp.edu = register.Videregaaende
		}
		pp.eduDK = register.Uoplyst
		if pp.edu != register.Uoplyst && r.bern(0.3) {
			pp.eduDK = pp.edu
		}
	}
	return pp
}

// danishEducation draws the final education of a person who grew up in
// Denmark.
func danishEducation(r *rng, z float64, migrantFamily bool) register.Education {
	unknown := 0.004
	if migrantFamily {
		unknown = 0.02
	}
	switch {
	case r.bern(unknown):
		return register.Uoplyst
	case logit(r, -1.65+1.15*z):
		return register.Grundskole
	case logit(r, -0.15-0.8*z):
		return register.Videregaaende
	}
	return register.Ungdomsuddannelse
}

// eduAt is the highest education completed at an age, given the final one.
func eduAt(final register.Education, age int) register.Education {
	switch {
	case final == register.Uoplyst || final == register.Grundskole:
		return final
	case age < 20:
		return register.Grundskole
	case final == register.Videregaaende && age < 25:
		return register.Ungdomsuddannelse
	}
	return final
}

// eduWage is the wage factor of each education level.
var eduWage = [register.EducationCount]float32{0.8, 0.97, 1.25, 0.82}

// ageWage is the wage factor of each age.
var ageWage = func() (t [register.AgeCount]float32) {
	for a := range t {
		switch {
		case a < 18:
			t[a] = 0.1
		case a < 25:
			t[a] = 0.6
		case a < 30:
			t[a] = 0.82
		case a < 40:
			t[a] = 1.0
		case a < 55:
			t[a] = 1.08
		default:
			t[a] = 1.02
		}
	}
	return
}()

// initPartition creates a municipality's population as it stands at the
// end of baseYear.
func (g *Generator) initPartition(m int) *partition {
	mu := dk.Municipalities[m]
	tr := traitOf(mu.Code)
	p := &partition{m: m, code: uint16(mu.Code), region: uint8(dk.RegionIndex(mu.RegionCode)), rich: float32(tr.rich), local: make([]int32, len(g.plans))}
	r := stream(g.personSeed(), uint64(m), baseYear, 0)
	total := r.round(float64(mu.Population) * g.cfg.Scale * g.model.popFactor)
	for i := range g.plans {
		p.local[i] = -1
		if g.plans[i].muni == m {
			p.local[i] = int32(len(p.areas))
			p.areas = append(p.areas, int16(i))
		}
	}
	p.count = make([]int32, len(p.areas))
	p.outTh = make([][4]uint32, len(p.areas))
	inAreas := 0
	for li, ai := range p.areas {
		plan := &g.plans[ai]
		n := r.round(plan.size[0] * g.cfg.Scale)
		inAreas += n
		for range n {
			o := register.Dansk
			switch v := r.float(); {
			case v < plan.w0:
				o = register.IkkeVestligIndvandrer
				if r.bern(0.38) {
					o = register.IkkeVestligEfterkommer
				}
			case v < plan.w0+plan.wIn:
				o = register.VestligIndvandrer
			}
			p.people = append(p.people, g.initPerson(p, &r, o, ai, plan.zShift))
		}
		p.count[li] = int32(n)
	}
	nw := math.Min(0.3, g.model.nwShare*tr.nw)
	west := 0.03 * (0.7 + 0.3*tr.nw)
	for range max(0, total-inAreas) {
		o := register.Dansk
		switch v := r.float(); {
		case v < nw:
			o = register.IkkeVestligIndvandrer
			if r.bern(0.34) {
				o = register.IkkeVestligEfterkommer
			}
		case v < nw+west:
			o = register.VestligIndvandrer
		case v < nw+west+0.006:
			o = register.VestligEfterkommer
		}
		p.people = append(p.people, g.initPerson(p, &r, o, -1, 0))
	}
	return p
}

// initPerson creates a person of the initial population.
func (g *Generator) initPerson(p *partition, r *rng, o register.Origin, area int16, zShift float64) person {
	age := sampleCum(r, initAges[o])
	born := baseYear - age
	arrived := 0
	if o == register.VestligIndvandrer || o == register.IkkeVestligIndvandrer {
		arrived = baseYear - r.intn(min(age, 35)+1)
	}
	return g.newPerson(p, r, o, born, arrived, area, g.model.zMean[o]+zShift+r.norm())
}

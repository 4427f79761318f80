package synth

import (
	"math"

	"github.com/blandby/blandby/register"
)

// Random stream phases of a year.
const (
	phaseDemography = iota + 1
	phaseImmigration
	phaseMoves
	phaseStatus
)

// Out-move probability by age band (0–17, 18–29, 30–64, 65+).
var outMove = [4]float64{0.07, 0.17, 0.08, 0.045}

func moveBand(a int) int {
	switch {
	case a < 18:
		return 0
	case a < 30:
		return 1
	case a < 65:
		return 2
	}
	return 3
}

// step lives a partition through year y: deaths, emigration, births and
// moves out of the areas; immigration; moves into the areas; and, when the
// year is emitted (b != nil) or its reference values are needed, each
// person's yearly status.
func (g *Generator) step(p *partition, y int, status bool, b *register.Batch, mode Mode) {
	yi := y - baseYear
	tm := g.years[yi]
	scale := g.cfg.Scale

	// Out-move thresholds: the base rate, demolition and rehousing, and
	// whatever takes an area back to its target size.
	for li, ai := range p.areas {
		plan := &g.plans[ai]
		target := plan.size[yi] * scale
		extra := plan.move[yi]
		if c := float64(p.count[li]); c > target && c > 0 {
			extra += (c - target) / c
		}
		for band := range 4 {
			p.outTh[li][band] = threshold(outMove[band] + extra)
		}
		p.count[li] = 0
	}

	// Deaths, emigration, moves out of areas and births.
	r := stream(g.personSeed(), uint64(p.m), uint64(y), phaseDemography)
	ps := p.people
	births := p.births[:0]
	gone := p.gone[:0]
	// The pools of possible in-movers (persons under 75 outside the areas,
	// by group) are gathered on the way, in the order of the people after
	// this year's removals and additions.
	pools := len(p.areas) > 0
	for k := range p.pools {
		p.pools[k] = p.pools[k][:0]
	}
	for i := range ps {
		pp := ps[i] // one copy, then local reads
		a := y - int(pp.born)
		x := r.next()
		if uint32(x>>32) < tm.death[a] {
			gone = append(gone, int32(i))
			continue
		}
		if pp.origin != register.Dansk {
			k := 11
			if pp.arrived != 0 {
				k = min(y-int(pp.arrived), 11)
			}
			if uint32(x) < tm.emig[pp.origin][k] {
				gone = append(gone, int32(i))
				continue
			}
		}
		x = r.next()
		if pp.area >= 0 {
			li := p.local[pp.area]
			if uint32(x>>32) < p.outTh[li][moveBand(a)] {
				pp.area = -1
				ps[i].area = -1
			} else {
				p.count[li]++
			}
		}
		if a >= 18 && a <= 45 && uint32(x) < tm.birth[pp.origin][a] {
			births = append(births, g.child(p, &r, &pp, y))
		}
		if pools && pp.area < 0 && a < poolMaxAge {
			p.addToPool(&pp, int32(i-len(gone)))
		}
	}
	// Remove the dead and the emigrated, moving the runs between them.
	w := 0
	if len(gone) > 0 {
		w = int(gone[0])
		for k, gi := range gone {
			end := len(ps)
			if k+1 < len(gone) {
				end = int(gone[k+1])
			}
			w += copy(ps[w:], ps[gi+1:end])
		}
	} else {
		w = len(ps)
	}
	p.gone = gone[:0]
	ps = ps[:w]
	for _, c := range births {
		if c.area >= 0 {
			p.count[p.local[c.area]]++
		} else if pools {
			p.addToPool(&c, int32(len(ps)))
		}
		ps = append(ps, c)
	}
	p.births = births[:0]

	// Immigration.
	r = stream(g.personSeed(), uint64(p.m), uint64(y), phaseImmigration)
	for range r.round(tm.immW * scale * g.immShare[0][p.m]) {
		age := 18 + int(math.Max(0, 28+7*r.norm()-18))
		if r.bern(0.12) {
			age = r.intn(18)
		}
		age = min(age, 80)
		ps = p.addImmigrant(ps, g.newPerson(p, &r, register.VestligIndvandrer, y-age, y, -1, g.model.zMean[register.VestligIndvandrer]+r.norm()), pools, age)
	}
	for range r.round(tm.immNW * scale * g.immShare[1][p.m]) {
		age := int(math.Max(18, 30+9*r.norm()))
		if r.bern(0.25) {
			age = r.intn(18)
		}
		age = min(age, 75)
		ps = p.addImmigrant(ps, g.newPerson(p, &r, register.IkkeVestligIndvandrer, y-age, y, -1, g.model.zMean[register.IkkeVestligIndvandrer]+r.norm()), pools, age)
	}
	p.people = ps

	// Moves into the areas, from the municipality's population outside
	// them (including this year's movers out of other areas).
	if len(p.areas) > 0 {
		g.moveIn(p, y)
	}
	if status {
		g.status(p, y, b, mode)
	}
}

// child creates a child born in year y to parent pp, living with it.
func (g *Generator) child(p *partition, r *rng, pp *person, y int) person {
	o := register.Dansk
	switch pp.origin {
	case register.VestligIndvandrer:
		if r.bern(0.5) {
			o = register.VestligEfterkommer
		}
	case register.IkkeVestligIndvandrer:
		if r.bern(0.9) {
			o = register.IkkeVestligEfterkommer
		}
	}
	c := g.newPerson(p, r, o, y, 0, pp.area, 0.5*float64(pp.z)+0.87*r.norm())
	return c
}

// moveIn fills each area up to its target size. An in-mover is drawn from
// the group the area's in-mover mix says: of a few candidates, the one
// closest to a disadvantage drawn around the level the area is heading for.
func (g *Generator) moveIn(p *partition, y int) {
	yi := y - baseYear
	need := false
	deficit := make([]int, len(p.areas))
	for li, ai := range p.areas {
		deficit[li] = int(math.Round(g.plans[ai].size[yi]*g.cfg.Scale)) - int(p.count[li])
		need = need || deficit[li] > 0
	}
	if !need {
		return
	}
	r := stream(g.personSeed(), uint64(p.m), uint64(y), phaseMoves)
	for li, ai := range p.areas {
		plan := &g.plans[ai]
		sel := plan.sel[yi]
		for range deficit[li] {
			gr := groupDanish
			switch v := r.float(); {
			case v < plan.nwIn[yi]:
				gr = groupNonWestern
			case v < plan.nwIn[yi]+plan.wIn:
				gr = groupWestern
			}
			if len(p.pools[gr]) == 0 {
				gr = groupDanish
				for _, alt := range []int{groupNonWestern, groupWestern} {
					if len(p.pools[gr]) == 0 {
						gr = alt
					}
				}
				if len(p.pools[gr]) == 0 {
					return
				}
			}
			pool := p.pools[gr]
			target := g.groupMean[gr] + sel + float32(normTable[r.u32()>>22])
			best := r.intn(len(pool))
			dist := abs32(p.people[pool[best]].z - target)
			for range candidates - 1 {
				c := r.intn(len(pool))
				if d := abs32(p.people[pool[c]].z - target); d < dist {
					best, dist = c, d
				}
			}
			p.people[pool[best]].area = ai
			p.count[li]++
			pool[best] = pool[len(pool)-1]
			p.pools[gr] = pool[:len(pool)-1]
		}
	}
}

// poolMaxAge is the age from which persons no longer move into the areas.
const poolMaxAge = 75

// addToPool adds the person with index i to the pool of its group.
func (p *partition) addToPool(pp *person, i int32) {
	gr := originGroup[pp.origin]
	p.pools[gr] = append(p.pools[gr], i)
}

// addImmigrant appends an immigrant (who arrives outside the areas) of an
// age, adding it to the pools when they are gathered.
func (p *partition) addImmigrant(ps []person, pp person, pools bool, age int) []person {
	if pools && age < poolMaxAge {
		p.addToPool(&pp, int32(len(ps)))
	}
	return append(ps, pp)
}

// candidates is the number of persons an in-mover is chosen from.
const candidates = 4

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

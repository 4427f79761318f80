package synth

import (
	"github.com/blandby/blandby/register"
)

// status draws every person's status in year y, adds the partition's
// contribution to the year's reference values and, when b is not nil,
// emits the rows of the mode.
func (g *Generator) status(p *partition, y int, b *register.Batch, mode Mode) {
	yi := y - baseYear
	tm := g.years[yi]
	effL, effC := g.effL[yi], g.effC[yi]
	ref := g.refPop
	r := stream(g.personSeed(), uint64(p.m), uint64(y), phaseStatus)
	regionWage := float32(tm.region[p.region]) * float32(tm.wage)
	trans, studI, pens := float32(tm.trans), float32(tm.studI), float32(tm.pens)
	oldWork := threshold(tm.old)
	taxTh := threshold(0.995)
	var acc yearAcc
	n := 0 // rows emitted
	if b != nil {
		resize(b, y, len(p.people))
	}
	muni := p.code
	region := p.region
	for i := range p.people {
		pp := p.people[i] // one copy, then local reads
		a := y - int(pp.born)
		row := register.Person{
			ID: int64(pp.id), Area: int32(pp.area), Municipality: muni, Region: region, Age: uint8(a),
			Origin: pp.origin, Education: eduAt(pp.edu, a), EducationDK: eduAt(pp.eduDK, a),
		}
		if a < 15 {
			row.InEducation = a >= 6
		} else {
			x1, x2 := r.next(), r.next()
			uStud, uOut, uConv, uTax := uint32(x1>>32), uint32(x1), uint32(x2>>32), uint32(x2)
			var el, ec float32
			if pp.area >= 0 {
				el, ec = effL[pp.area], effC[pp.area]
			}
			if a < 65 {
				row.InEducation = uStud < tm.stud[a][zIndex(pp.z)]
			}
			row.Taxpayer = uTax < taxTh
			propensity := 0.8*pp.z + pp.crime + ec + tm.crime
			row.Convicted = uConv < tm.conv[convBand[a]][kIndex(propensity)]
			e := pp.z + el + tm.cyc
			if pp.arrived != 0 {
				e += tm.integ[pp.origin][min(y-int(pp.arrived), 39)]
			}
			ei := eIndex(e)
			x3 := r.next()
			u3, u4 := uint32(x3>>32), uint32(x3)
			var inc float32
			switch {
			case row.InEducation:
				inc = studI * (0.6 + 0.8*float32(u3)/(1<<32))
			case a < 18:
				inc = 0.08 * float32(tm.wage) * float32(u3) / (1 << 32)
			case a < 65:
				if uOut < tm.out[labourBand[a]][ei] {
					if u3 < tm.full[ei] {
						row.FTE = register.FTEScale
					} else {
						row.FTE = monthsFTE[1+int(uint64(u3)*11>>32)]
					}
				}
				f := 1 - float32(row.FTE)/register.FTEScale
				wage := regionWage * eduWage[row.Education] * ageWage[a] * pp.wage * tm.expE[ei] * tm.noise[u4>>22]
				if pp.area < 0 {
					wage *= p.rich
				}
				inc = f*wage + (1-f)*trans*(0.85+0.3*float32(u4&0xffff)/(1<<16))
			default:
				row.FTE = register.FTEScale
				inc = pens * (0.75 + 0.25*pp.wage)
				if a < 70 && uOut < oldWork {
					row.FTE = monthsFTE[int(uint64(u3)*12>>32)]
					inc += float32(1-float64(row.FTE)/register.FTEScale) * regionWage * 0.8 * pp.wage
				}
			}
			row.Income = int64(float64(inc) + 0.5) // inc >= 0: rounds like math.Round
		}
		if a >= ref.convMin && a <= ref.convMax {
			acc.adults++
			if row.Convicted {
				acc.conv++
			}
		}
		if a >= ref.incMin && a <= ref.incMax && (row.Taxpayer || !ref.taxpayersOnly) && (!row.InEducation || !ref.excludeInEducation) {
			acc.incN++
			acc.incSum += row.Income
		}
		if b != nil && (mode == Full || pp.area >= 0) {
			b.PersonID[n], b.Area[n], b.Municipality[n], b.Region[n], b.Age[n] = row.ID, row.Area, row.Municipality, row.Region, row.Age
			b.Origin[n], b.FTE[n], b.Convicted[n], b.Education[n], b.EducationDK[n] = row.Origin, row.FTE, row.Convicted, row.Education, row.EducationDK
			b.InEducation[n], b.Taxpayer[n], b.Income[n] = row.InEducation, row.Taxpayer, row.Income
			n++
		}
	}
	if b != nil {
		resize(b, y, n)
	}
	p.acc[yi] = acc
}

// resize sets a batch's year and its number of rows to n, growing its
// columns as needed; the values of new rows are left to the caller.
func resize(b *register.Batch, year, n int) {
	b.Year = year
	b.PersonID = grow(b.PersonID, n)
	b.Area = grow(b.Area, n)
	b.Municipality = grow(b.Municipality, n)
	b.Region = grow(b.Region, n)
	b.Age = grow(b.Age, n)
	b.Origin = grow(b.Origin, n)
	b.FTE = grow(b.FTE, n)
	b.Convicted = grow(b.Convicted, n)
	b.Education = grow(b.Education, n)
	b.EducationDK = grow(b.EducationDK, n)
	b.InEducation = grow(b.InEducation, n)
	b.Taxpayer = grow(b.Taxpayer, n)
	b.Income = grow(b.Income, n)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/16)
	}
	return s[:n]
}

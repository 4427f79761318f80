package indicator

import (
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/register"
)

// Each unit (an area or a region) of a data year has one block of counters,
// every one kept by single year of age so that any age band a rule set names
// can be summed exactly afterwards.
const (
	ages      = register.AgeCount
	incGroups = 4 // taxpayer (0/1) × in education (0/1)

	offOrigin  = 0
	offEdu     = offOrigin + ages*register.OriginCount
	offEduDK   = offEdu + ages*register.EducationCount
	offFTE     = offEduDK + ages*register.EducationCount
	offConv    = offFTE + ages
	offIncN    = offConv + ages
	offIncSum  = offIncN + ages*incGroups
	blockWidth = offIncSum + ages*incGroups
)

// YearTables aggregates the person-year rows of one data year: for every
// area of the registry and every region, counts by age of origin, education
// (all sources and Danish-recognised), FTE outside work and education,
// convictions, and the count and income sum of each taxpayer/education
// group. Regions count every row, inside the area universe or not.
type YearTables struct {
	Year    int
	Rows    int64
	areas   []int64
	regions []int64
}

// NewYearTables returns empty tables for a data year and a registry of
// nAreas areas.
func NewYearTables(year, nAreas int) *YearTables {
	return &YearTables{
		Year:    year,
		areas:   make([]int64, nAreas*blockWidth),
		regions: make([]int64, len(dk.Regions)*blockWidth),
	}
}

// Add counts a batch of the same data year. Rows are assumed valid (the
// readers validate them). Not safe for concurrent use: give each worker its
// own tables and Merge them.
func (t *YearTables) Add(b *register.Batch) {
	n := b.Len()
	area, region, age, origin := b.Area[:n], b.Region[:n], b.Age[:n], b.Origin[:n]
	edu, eduDK, fte, conv := b.Education[:n], b.EducationDK[:n], b.FTE[:n], b.Convicted[:n]
	inEdu, tax, income := b.InEducation[:n], b.Taxpayer[:n], b.Income[:n]
	for i := 0; i < n; i++ {
		a := int(age[i])
		g := 0
		if tax[i] {
			g = 2
		}
		if inEdu[i] {
			g++
		}
		var c int64
		if conv[i] {
			c = 1
		}
		f, inc := int64(fte[i]), income[i]
		o := a*register.OriginCount + int(origin[i])
		e := a*register.EducationCount + int(edu[i])
		ed := a*register.EducationCount + int(eduDK[i])
		ig := a*incGroups + g

		r := t.regions[int(region[i])*blockWidth : (int(region[i])+1)*blockWidth : (int(region[i])+1)*blockWidth]
		r[offOrigin+o]++
		r[offEdu+e]++
		r[offEduDK+ed]++
		r[offFTE+a] += f
		r[offConv+a] += c
		r[offIncN+ig]++
		r[offIncSum+ig] += inc
		if ar := area[i]; ar >= 0 {
			u := t.areas[int(ar)*blockWidth : (int(ar)+1)*blockWidth : (int(ar)+1)*blockWidth]
			u[offOrigin+o]++
			u[offEdu+e]++
			u[offEduDK+ed]++
			u[offFTE+a] += f
			u[offConv+a] += c
			u[offIncN+ig]++
			u[offIncSum+ig] += inc
		}
	}
	t.Rows += int64(n)
}

// Merge adds o's counts to t; both must be of the same year and registry.
func (t *YearTables) Merge(o *YearTables) {
	for i, v := range o.areas {
		t.areas[i] += v
	}
	for i, v := range o.regions {
		t.regions[i] += v
	}
	t.Rows += o.Rows
}

// block is one unit's counters.
type block []int64

func (t *YearTables) area(i int) block { return block(t.areas[i*blockWidth : (i+1)*blockWidth]) }

func (t *YearTables) region(i int) block {
	return block(t.regions[i*blockWidth : (i+1)*blockWidth])
}

// nation sums the regions.
func (t *YearTables) nation() block {
	out := make(block, blockWidth)
	for i := range dk.Regions {
		for j, v := range t.region(i) {
			out[j] += v
		}
	}
	return out
}

// outside returns, by region index, how many persons live outside every
// area of the registry: the region's persons less those of its areas.
func (t *YearTables) outside(areas *register.Areas) []int64 {
	out := make([]int64, len(dk.Regions))
	for ri := range dk.Regions {
		out[ri] = t.region(ri).persons(allAges)
	}
	for i := 0; i < areas.Len(); i++ {
		if ri := dk.RegionIndex(areas.At(int32(i)).RegionCode); ri >= 0 {
			out[ri] -= t.area(i).persons(allAges)
		}
	}
	return out
}

// ageRange is an inclusive band of single years of age.
type ageRange struct{ min, max int }

// allAges is every age.
var allAges = ageRange{0, register.MaxAge}

// persons counts the persons in the band (by origin, which every row has).
func (b block) persons(r ageRange) int64 {
	var n int64
	for a := r.min; a <= r.max; a++ {
		for o := 0; o < register.OriginCount; o++ {
			n += b[offOrigin+a*register.OriginCount+o]
		}
	}
	return n
}

// origins counts the persons in the band with one of the origins.
func (b block) origins(r ageRange, which []register.Origin) int64 {
	var n int64
	for a := r.min; a <= r.max; a++ {
		for _, o := range which {
			n += b[offOrigin+a*register.OriginCount+int(o)]
		}
	}
	return n
}

// education counts the persons in the band with one of the levels, from all
// sources or only Danish-recognised ones.
func (b block) education(r ageRange, danish bool, levels []register.Education) int64 {
	off := offEdu
	if danish {
		off = offEduDK
	}
	var n int64
	for a := r.min; a <= r.max; a++ {
		for _, l := range levels {
			n += b[off+a*register.EducationCount+int(l)]
		}
	}
	return n
}

// sumAges sums a per-age counter over the band.
func (b block) sumAges(off int, r ageRange) int64 {
	var n int64
	for a := r.min; a <= r.max; a++ {
		n += b[off+a]
	}
	return n
}

// income returns the count and income sum of the band's persons in the
// taxpayer/education groups kept.
func (b block) income(r ageRange, taxpayersOnly, excludeInEducation bool) (count, sum int64) {
	for a := r.min; a <= r.max; a++ {
		for g := 0; g < incGroups; g++ {
			taxpayer, inEducation := g >= 2, g%2 == 1
			if (taxpayersOnly && !taxpayer) || (excludeInEducation && inEducation) {
				continue
			}
			count += b[offIncN+a*incGroups+g]
			sum += b[offIncSum+a*incGroups+g]
		}
	}
	return count, sum
}

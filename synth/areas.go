package synth

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
)

// muniTrait describes where public-housing areas and immigrants concentrate
// in a municipality.
type muniTrait struct {
	areas  int     // number of areas
	nw     float64 // non-Western attraction (1 = national average)
	severe float64 // weight for the most deprived area profiles
	rich   float64 // income factor of residents outside the areas
}

// muniTraits holds the municipalities with public-housing areas and a few
// others that differ from the default; approximate, for a plausible
// geography only.
var muniTraits = map[blandby.MunicipalityCode]muniTrait{
	101: {24, 2.1, 3, 1.02}, 147: {2, 1.4, 1, 1.15}, 151: {3, 1.6, 1.3, 1}, 153: {5, 2.8, 2.5, 0.95},
	155: {0, 0.6, 0, 1.15}, 157: {0, 0.9, 0, 1.45}, 159: {5, 1.7, 1.5, 1.02}, 161: {2, 1.8, 1.3, 1},
	163: {2, 1.8, 1.3, 1}, 165: {4, 2.4, 2.5, 0.95}, 167: {5, 1.8, 1.5, 0.98}, 169: {6, 2.5, 3, 1},
	173: {2, 1.2, 0.5, 1.3}, 175: {3, 1.9, 1.3, 0.98}, 183: {4, 3.0, 3, 0.95}, 185: {1, 1.3, 0.8, 1},
	187: {1, 2.0, 0.8, 1.05}, 190: {2, 1.0, 0.6, 1.15}, 201: {0, 0.6, 0, 1.25}, 210: {2, 1.2, 1, 1.05},
	217: {5, 1.3, 1.5, 1.05}, 219: {3, 1.0, 1, 1.1}, 223: {0, 0.6, 0, 1.4}, 230: {0, 0.8, 0, 1.5},
	240: {0, 0.6, 0, 1.15}, 250: {1, 0.7, 0.8, 1}, 260: {1, 0.7, 0.8, 0.95}, 400: {1, 0.4, 0.8, 0.9},
	253: {3, 1.5, 2, 1.02}, 259: {3, 1.1, 1.5, 1}, 265: {5, 1.0, 1.2, 1.05}, 316: {4, 0.9, 2, 0.98},
	326: {2, 0.7, 1.2, 0.95}, 329: {2, 0.9, 1.2, 0.97}, 330: {5, 1.1, 2, 0.95}, 370: {5, 0.8, 1.5, 0.97},
	376: {2, 0.6, 1, 0.92}, 360: {1, 0.6, 1, 0.9}, 390: {1, 0.5, 0.8, 0.93}, 320: {1, 0.5, 0.8, 0.97},
	340: {1, 0.6, 0.8, 0.97}, 461: {13, 1.8, 3, 0.97}, 479: {3, 0.8, 2, 0.95}, 450: {1, 0.7, 0.8, 0.95},
	410: {1, 0.6, 0.8, 1}, 420: {1, 0.5, 0.8, 0.95}, 430: {1, 0.5, 0.8, 0.95}, 561: {7, 1.1, 2, 1},
	621: {6, 1.1, 2, 1}, 630: {6, 1.1, 1.5, 1.02}, 607: {4, 1.2, 2, 0.98}, 540: {3, 1.0, 2, 0.98},
	510: {2, 0.8, 1, 0.95}, 580: {2, 0.8, 1, 0.95}, 550: {1, 0.5, 0.8, 0.93}, 573: {1, 0.5, 0.8, 0.98},
	575: {1, 0.7, 0.8, 0.97}, 615: {6, 1.1, 2, 1}, 751: {18, 1.6, 3, 1.02}, 730: {6, 0.9, 1.5, 0.97},
	791: {3, 0.7, 1.5, 0.98}, 657: {4, 0.9, 1.5, 1}, 661: {3, 0.7, 1.2, 0.98}, 740: {4, 0.7, 1, 1.02},
	779: {2, 0.6, 1, 0.95}, 746: {1, 0.5, 0.5, 1.08}, 756: {2, 0.8, 1, 0.97}, 671: {1, 0.6, 0.8, 0.95},
	707: {1, 0.5, 0.8, 0.93}, 851: {13, 1.1, 2, 0.98}, 860: {3, 0.6, 1.2, 0.93}, 813: {3, 0.6, 1.2, 0.93},
	787: {2, 0.5, 1.5, 0.93}, 810: {1, 0.5, 0.8, 0.95}, 846: {1, 0.6, 0.8, 0.93}, 820: {1, 0.5, 0.8, 0.93},
	773: {1, 0.5, 0.8, 0.92}, 849: {1, 0.5, 0.8, 0.95},
}

// traitOf returns a municipality's traits, with defaults for rural ones.
func traitOf(code blandby.MunicipalityCode) muniTrait {
	if t, ok := muniTraits[code]; ok {
		return t
	}
	return muniTrait{nw: 0.45, severe: 0.5, rich: 0.97}
}

// A profile is a kind of area trajectory. The counts per profile, and
// where each profile's values fall within its ranges (stratified, so
// that every seed spreads them alike), are what the calibration tunes.
type profileKind uint8

const (
	profCore     profileKind = iota // deprived, immigrant-dominated, listed for many years; improves from the late 2010s
	profEarly                       // on the early ghetto lists, improving through the 2010s
	profDanish                      // deprived, mostly of Danish origin
	profPrevent                     // above 30 % non-Western, moderately deprived (the forebyggelse kind)
	profOrdinary                    // ordinary public housing
	profKinds    int         = iota
)

var profileNames = [profKinds]string{"core", "early", "danish", "prevent", "ordinary"}

// areaPlan is an area's registry entry and its yearly targets, indexed by
// year - baseYear. Sizes are in residents at scale 1.
type areaPlan struct {
	reg     blandby.Area
	muni    int // index in dk.Municipalities
	profile profileKind
	small   bool
	x       []float64 // deprivation level; 0 is near the udsat bar
	size    []float64 // target residents
	nwIn    []float64 // probability that an in-mover is non-Western
	wIn     float64   // probability that an in-mover is a Western immigrant
	move    []float64 // extra yearly out-move probability (demolition, rehousing)
	effL    []float32 // additive effect on residents' labour disadvantage
	effC    []float32 // additive effect on residents' crime propensity
	sel     []float32 // disadvantage of in-movers above their origin group's mean
	zShift  float64   // disadvantage of the initial residents above their origin's mean
	w0      float64   // non-Western share of the initial residents
}

// planAreas places the areas and draws their trajectories.
func planAreas(r *rng, m *model) ([]areaPlan, error) {
	type slot struct {
		muni int
		w    float64
	}
	var slots []slot
	for i, mu := range dk.Municipalities {
		for k := 0; k < traitOf(mu.Code).areas; k++ {
			slots = append(slots, slot{muni: i, w: traitOf(mu.Code).severe})
		}
	}
	n := len(slots)
	nSmall := m.smallAreas
	if nSmall > n/3 {
		nSmall = n / 3
	}
	counts := m.profileCounts
	large := n - nSmall
	counts[profOrdinary] = large
	for k := 0; k < profKinds; k++ {
		if profileKind(k) != profOrdinary {
			counts[profOrdinary] -= counts[k]
		}
	}
	if counts[profOrdinary] < 0 {
		return nil, fmt.Errorf("synth: %d areas are too few for the profile counts %v", n, m.profileCounts)
	}
	// Assign profiles, most deprived first, by weighted sampling without
	// replacement: deprived profiles go where such areas concentrate.
	order := []profileKind{profCore, profEarly, profDanish, profPrevent}
	plans := make([]areaPlan, n)
	taken := make([]bool, n)
	assign := func(kind profileKind, k int, small bool, weight func(s slot) float64) {
		for ; k > 0; k-- {
			total := 0.0
			for i, s := range slots {
				if !taken[i] {
					total += weight(s)
				}
			}
			u := r.float() * total
			pick := -1
			for i, s := range slots {
				if taken[i] {
					continue
				}
				pick = i
				if u -= weight(s); u < 0 {
					break
				}
			}
			taken[pick] = true
			plans[pick] = areaPlan{muni: slots[pick].muni, profile: kind, small: small}
		}
	}
	for _, kind := range order {
		pow := map[profileKind]float64{profCore: 1.5, profEarly: 1.2, profDanish: 0.6, profPrevent: 0.8}[kind]
		if kind == profDanish {
			// Deprived Danish-majority areas are in provincial towns.
			assign(kind, counts[kind], false, func(s slot) float64 {
				return math.Pow(s.w, pow) / (1 + traitOf(dk.Municipalities[s.muni].Code).nw)
			})
			continue
		}
		assign(kind, counts[kind], false, func(s slot) float64 { return math.Pow(s.w, pow) })
	}
	// The small areas: a mix of prevent and ordinary kinds.
	nPreventSmall := nSmall * 2 / 5
	assign(profPrevent, nPreventSmall, true, func(slot) float64 { return 1 })
	assign(profOrdinary, nSmall-nPreventSmall, true, func(slot) float64 { return 1 })
	assign(profOrdinary, counts[profOrdinary], false, func(slot) float64 { return 1 })

	// Stratified positions within each profile: the i-th of k areas of a
	// profile gets (i + jitter)/k in a shuffled order, once for the
	// deprivation (u) and once, independently, for the non-Western share.
	strata := map[[2]int][]float64{}
	wStrata := map[[2]int][]float64{}
	for i := range plans {
		key := [2]int{int(plans[i].profile), boolInt(plans[i].small)}
		strata[key] = append(strata[key], 0)
		wStrata[key] = append(wStrata[key], 0)
	}
	keys := slices.SortedFunc(maps.Keys(strata), func(a, b [2]int) int { return cmp.Or(a[0]-b[0], a[1]-b[1]) })
	for _, key := range keys {
		for _, s := range [][]float64{strata[key], wStrata[key]} {
			for i := range s {
				s[i] = (float64(i) + 0.2 + 0.6*r.float()) / float64(len(s))
			}
			shuffle(r, s)
		}
	}
	next := map[[2]int]int{}
	used := map[string]bool{}
	seq := map[blandby.MunicipalityCode]int{}
	for i := range plans {
		p := &plans[i]
		key := [2]int{int(p.profile), boolInt(p.small)}
		u, uw := strata[key][next[key]], wStrata[key][next[key]]
		next[key]++
		m.trajectory(p, u, uw, r)
		mu := dk.Municipalities[p.muni]
		seq[mu.Code]++
		p.reg = blandby.Area{
			ID:               fmt.Sprintf("%04d-S%02d", mu.Code, seq[mu.Code]),
			Name:             areaName(r, used),
			MunicipalityCode: mu.Code,
			RegionCode:       mu.RegionCode,
		}
	}
	// Registry order: by id.
	sort.Slice(plans, func(i, j int) bool { return plans[i].reg.ID < plans[j].reg.ID })
	// Ids were numbered in profile order; renumber within each municipality
	// in a random order so that an id says nothing about the profile.
	byMuni := map[blandby.MunicipalityCode][]int{}
	for i := range plans {
		byMuni[plans[i].reg.MunicipalityCode] = append(byMuni[plans[i].reg.MunicipalityCode], i)
	}
	for _, code := range slices.Sorted(maps.Keys(byMuni)) {
		idx := byMuni[code]
		nums := make([]int, len(idx))
		for k := range nums {
			nums[k] = k + 1
		}
		shuffle(r, nums)
		for k, i := range idx {
			plans[i].reg.ID = fmt.Sprintf("%04d-S%02d", code, nums[k])
		}
	}
	sort.Slice(plans, func(i, j int) bool { return plans[i].reg.ID < plans[j].reg.ID })
	return plans, nil
}

// dwellings sets an area's dwelling counts from its 2023 size.
func (p *areaPlan) dwellings(r *rng, scale float64) {
	i := 2023 - baseYear
	hh := 2.0 + 0.7*p.nwIn[i]
	total := math.Max(1, math.Round(p.size[i]*scale/hh))
	family := math.Max(1, math.Round(total*(0.78+0.2*r.float())))
	p.reg.DwellingsTotal, p.reg.FamilyDwellings = int64(total), int64(family)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func shuffle[T any](r *rng, s []T) {
	for i := len(s) - 1; i > 0; i-- {
		j := r.intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}

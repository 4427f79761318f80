package register

import (
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
)

// municipalityRegion maps a municipality code to the index of its region in
// dk.Regions, or -1 for codes that are no municipality.
var municipalityRegion = func() (t [10000]int8) {
	for i := range t {
		t[i] = -1
	}
	for _, m := range dk.Municipalities {
		t[m.Code] = int8(dk.RegionIndex(m.RegionCode))
	}
	return t
}()

// areaPlace is an area's municipality code and region index, for checking
// that a resident's municipality and region agree with the registry.
type areaPlace struct {
	municipality uint16
	region       uint8
}

func (a *Areas) places() []areaPlace {
	out := make([]areaPlace, len(a.list))
	for i, ar := range a.list {
		out[i] = areaPlace{uint16(ar.MunicipalityCode), uint8(dk.RegionIndex(ar.RegionCode))}
	}
	return out
}

// checkPlace validates a row's municipality, region and area against each
// other and the registry; it returns the column at fault and what is wrong,
// or "" when the row is consistent.
func checkPlace(municipality int, region int, area int32, places []areaPlace) (col, msg string) {
	if municipality < 0 || municipality >= len(municipalityRegion) || municipalityRegion[municipality] < 0 {
		return ColMunicipalityCode, fmt.Sprintf("%d is not a Danish municipality code", municipality)
	}
	if int(municipalityRegion[municipality]) != region {
		m, _ := dk.MunicipalityByCode(blandby.MunicipalityCode(municipality))
		return ColRegionCode, fmt.Sprintf("municipality %04d (%s) is in region %d", municipality, m.Name, dk.Regions[municipalityRegion[municipality]].Code)
	}
	if area >= 0 && int(places[area].municipality) != municipality {
		return ColMunicipalityCode, fmt.Sprintf("the areas registry places this area in municipality %04d", places[area].municipality)
	}
	return "", ""
}

package dk

import (
	"testing"

	"github.com/blandby/blandby"
)

func TestMunicipalities(t *testing.T) {
	if len(Municipalities) != 98 {
		t.Fatalf("%d municipalities, want 98", len(Municipalities))
	}
	perRegion := map[int]int{}
	total, seen := 0, map[blandby.MunicipalityCode]bool{}
	for _, m := range Municipalities {
		if seen[m.Code] || RegionIndex(m.RegionCode) < 0 || m.Population <= 0 || m.Name == "" {
			t.Errorf("bad municipality %+v", m)
		}
		seen[m.Code] = true
		perRegion[m.RegionCode]++
		total += m.Population
	}
	// The regions' municipality counts are public facts.
	want := map[int]int{1081: 11, 1082: 19, 1083: 22, 1084: 29, 1085: 17}
	for code, n := range want {
		if perRegion[code] != n {
			t.Errorf("region %d has %d municipalities, want %d", code, perRegion[code], n)
		}
	}
	if total < 5_800_000 || total > 6_000_000 {
		t.Errorf("population %d, want about 5.9 million", total)
	}
	if m, ok := MunicipalityByCode(101); !ok || m.Name != "København" || m.RegionCode != 1084 {
		t.Errorf("0101 = %+v", m)
	}
}

func TestMunicipalityByName(t *testing.T) {
	for name, want := range map[string]blandby.MunicipalityCode{
		"Høje-Taastrup": 169, "høje taastrup": 169, "Aarhus Kommune": 751,
		"Hoje-Taastrup": 0, "København": 101, "Atlantis": 0,
	} {
		m, ok := MunicipalityByName(name)
		if ok != (want != 0) || m.Code != want {
			t.Errorf("%q: %d, %t; want %d", name, m.Code, ok, want)
		}
	}
	// A decomposed "å" (a and a combining ring) is the same letter.
	if m, ok := MunicipalityByName("Ta\u030arnby"); !ok || m.Code != 185 {
		t.Errorf("Tårnby in NFD: %v, %t", m, ok)
	}
	if m, ok := MunicipalityByName("Hørsholm"); !ok || m.Code != 223 {
		t.Errorf("Hørsholm: %v, %t", m, ok)
	}
}

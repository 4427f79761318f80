// Package dk holds Denmark's administrative units: the 5 regions and the 98
// municipalities with their codes (as in the DAGI boundary files), names,
// regions and approximate populations. Municipal borders have not changed
// since 2007.
package dk

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/blandby/blandby"
)

// Region is one of the five regions.
type Region struct {
	Code int
	Name string
}

// Regions are the five regions, by code.
var Regions = []Region{
	{1081, "Region Nordjylland"},
	{1082, "Region Midtjylland"},
	{1083, "Region Syddanmark"},
	{1084, "Region Hovedstaden"},
	{1085, "Region Sjælland"},
}

// RegionIndex returns the index of a region code in Regions, or -1.
func RegionIndex(code int) int {
	for i, r := range Regions {
		if r.Code == code {
			return i
		}
	}
	return -1
}

// Municipality is one of the 98 municipalities. Population is the
// approximate number of residents in 2023, rounded to the thousand (for the
// synthetic population; not official figures).
type Municipality struct {
	Code       blandby.MunicipalityCode
	Name       string
	RegionCode int
	Population int
}

// Municipalities are the 98 municipalities, by code. Codes, names and regions
// come from ../shared/data/geo (each municipality's region found by placing
// its largest polygon in the region boundaries).
var Municipalities = []Municipality{
	{101, "København", 1084, 654000},
	{147, "Frederiksberg", 1084, 104000},
	{151, "Ballerup", 1084, 49000},
	{153, "Brøndby", 1084, 36000},
	{155, "Dragør", 1084, 14000},
	{157, "Gentofte", 1084, 75000},
	{159, "Gladsaxe", 1084, 70000},
	{161, "Glostrup", 1084, 24000},
	{163, "Herlev", 1084, 29000},
	{165, "Albertslund", 1084, 28000},
	{167, "Hvidovre", 1084, 54000},
	{169, "Høje Taastrup", 1084, 58000},
	{173, "Lyngby-Taarbæk", 1084, 57000},
	{175, "Rødovre", 1084, 41000},
	{183, "Ishøj", 1084, 24000},
	{185, "Tårnby", 1084, 44000},
	{187, "Vallensbæk", 1084, 17000},
	{190, "Furesø", 1084, 41000},
	{201, "Allerød", 1084, 26000},
	{210, "Fredensborg", 1084, 41000},
	{217, "Helsingør", 1084, 64000},
	{219, "Hillerød", 1084, 53000},
	{223, "Hørsholm", 1084, 25000},
	{230, "Rudersdal", 1084, 57000},
	{240, "Egedal", 1084, 44000},
	{250, "Frederikssund", 1084, 46000},
	{253, "Greve", 1085, 51000},
	{259, "Køge", 1085, 62000},
	{260, "Halsnæs", 1084, 31000},
	{265, "Roskilde", 1085, 90000},
	{269, "Solrød", 1085, 23000},
	{270, "Gribskov", 1084, 41000},
	{306, "Odsherred", 1085, 33000},
	{316, "Holbæk", 1085, 72000},
	{320, "Faxe", 1085, 37000},
	{326, "Kalundborg", 1085, 49000},
	{329, "Ringsted", 1085, 36000},
	{330, "Slagelse", 1085, 79000},
	{336, "Stevns", 1085, 23000},
	{340, "Sorø", 1085, 30000},
	{350, "Lejre", 1085, 29000},
	{360, "Lolland", 1085, 41000},
	{370, "Næstved", 1085, 83000},
	{376, "Guldborgsund", 1085, 60000},
	{390, "Vordingborg", 1085, 46000},
	{400, "Bornholm", 1084, 39000},
	{410, "Middelfart", 1083, 39000},
	{420, "Assens", 1083, 41000},
	{430, "Faaborg-Midtfyn", 1083, 51000},
	{440, "Kerteminde", 1083, 24000},
	{450, "Nyborg", 1083, 32000},
	{461, "Odense", 1083, 207000},
	{479, "Svendborg", 1083, 59000},
	{480, "Nordfyns", 1083, 29000},
	{482, "Langeland", 1083, 12000},
	{492, "Ærø", 1083, 6000},
	{510, "Haderslev", 1083, 55000},
	{530, "Billund", 1083, 27000},
	{540, "Sønderborg", 1083, 74000},
	{550, "Tønder", 1083, 37000},
	{561, "Esbjerg", 1083, 115000},
	{563, "Fanø", 1083, 3500},
	{573, "Varde", 1083, 50000},
	{575, "Vejen", 1083, 43000},
	{580, "Aabenraa", 1083, 59000},
	{607, "Fredericia", 1083, 52000},
	{615, "Horsens", 1082, 97000},
	{621, "Kolding", 1083, 94000},
	{630, "Vejle", 1083, 121000},
	{657, "Herning", 1082, 90000},
	{661, "Holstebro", 1082, 59000},
	{665, "Lemvig", 1082, 19000},
	{671, "Struer", 1082, 21000},
	{706, "Syddjurs", 1082, 43000},
	{707, "Norddjurs", 1082, 37000},
	{710, "Favrskov", 1082, 49000},
	{727, "Odder", 1082, 23000},
	{730, "Randers", 1082, 98000},
	{740, "Silkeborg", 1082, 98000},
	{741, "Samsø", 1082, 3700},
	{746, "Skanderborg", 1082, 64000},
	{751, "Aarhus", 1082, 361000},
	{756, "Ikast-Brande", 1082, 42000},
	{760, "Ringkøbing-Skjern", 1082, 56000},
	{766, "Hedensted", 1082, 47000},
	{773, "Morsø", 1081, 20000},
	{779, "Skive", 1082, 46000},
	{787, "Thisted", 1081, 43000},
	{791, "Viborg", 1082, 98000},
	{810, "Brønderslev", 1081, 36000},
	{813, "Frederikshavn", 1081, 59000},
	{820, "Vesthimmerlands", 1081, 36000},
	{825, "Læsø", 1081, 1800},
	{840, "Rebild", 1081, 30000},
	{846, "Mariagerfjord", 1081, 42000},
	{849, "Jammerbugt", 1081, 38000},
	{851, "Aalborg", 1081, 221000},
	{860, "Hjørring", 1081, 64000},
}

// MunicipalityByCode returns the municipality with a code.
func MunicipalityByCode(code blandby.MunicipalityCode) (Municipality, bool) {
	for _, m := range Municipalities {
		if m.Code == code {
			return m, true
		}
	}
	return Municipality{}, false
}

// MunicipalityByName returns the municipality with a name, compared without
// regard to case, to a hyphen or space between words ("Høje-Taastrup" and
// "Høje Taastrup"), to a trailing " Kommune", and to the
// Unicode form of its letters.
func MunicipalityByName(name string) (Municipality, bool) {
	key := municipalityKey(name)
	for _, m := range Municipalities {
		if municipalityKey(m.Name) == key {
			return m, true
		}
	}
	return Municipality{}, false
}

func municipalityKey(s string) string {
	s = strings.ToLower(norm.NFC.String(s))
	s = strings.TrimSuffix(strings.TrimSpace(s), " kommune")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == ' ' }), " ")
}

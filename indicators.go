package blandby

import "encoding/json"

// Indicator names a per-area measure that criteria are evaluated on.
type Indicator string

// The indicators of the lists (docs/law/lists.md). Their definitions (age
// bands, windows, which education counts) are in each rule set.
const (
	// IndicatorNonWestern is the share of residents who are non-Western
	// immigrants or descendants.
	IndicatorNonWestern Indicator = "nonwestern"
	// IndicatorOutsideLabour is the share of residents 18–64 without
	// connection to the labour market or education.
	IndicatorOutsideLabour Indicator = "outside_labour"
	// IndicatorConvicted is the share of residents 18+ convicted under
	// straffeloven, våbenloven or lov om euforiserende stoffer.
	IndicatorConvicted Indicator = "convicted"
	// IndicatorBasicEducation is the share of residents 30–59 with only
	// basic schooling (grundskole).
	IndicatorBasicEducation Indicator = "basic_education"
	// IndicatorIncome is the mean gross income of the area's taxpayers as a
	// share of the same group's mean in the region.
	IndicatorIncome Indicator = "income"
)

// AllIndicators lists every indicator, in the order of the indicator file.
var AllIndicators = []Indicator{IndicatorNonWestern, IndicatorOutsideLabour, IndicatorConvicted, IndicatorBasicEducation, IndicatorIncome}

// Measure is one exact indicator value. Base is the number of persons in
// the population the share is taken of (residents 18–64 for the labour
// share, for example), or 0 when the source did not say.
type Measure struct {
	Value Ratio
	Known bool
	Base  int64
}

// KnownMeasure returns a known measure with no base.
func KnownMeasure(v Ratio) Measure { return Measure{Value: v, Known: true} }

// Area is a housing area: its identity and the facts about it every layer
// shares (the areas registry, the indicators, the store, the monitor). A
// fact a source does not give is the zero value.
//
// Its JSON form, in explanations and what-if moves, is {"id", "name",
// "municipality", "municipality_code", "region"}, each but the id left out
// when empty; the municipality code is a string in the DAGI form ("0101"),
// as it always has been there (see MarshalJSON). The region code and the
// dwellings are not part of it. A type that embeds Area inherits this JSON
// form: store.Area and monitor.Area are never encoded as JSON, and a type
// that is must give itself a form of its own.
type Area struct {
	// ID identifies the area; it is stable across years.
	ID string
	// Name is the area's name; it may change from year to year.
	Name string
	// MunicipalityCode is the municipality the area lies in (0: unknown).
	MunicipalityCode MunicipalityCode
	// Municipality is the municipality's name as the source gives it (an
	// indicator file, or package dk for computed indicators).
	Municipality string
	// RegionCode is the region the area lies in, 1081–1085 (0: unknown).
	RegionCode int
	// Region is the region as an indicator file names it; computed
	// indicators give the region code in decimal ("1084").
	Region string
	// DwellingsTotal is the number of dwellings in the area and
	// FamilyDwellings the public family dwellings among them, as far as
	// the areas registry knows them (0: unknown).
	DwellingsTotal  int64
	FamilyDwellings int64
}

// areaJSON is the JSON form of an Area.
type areaJSON struct {
	ID               string `json:"id"`
	Name             string `json:"name,omitempty"`
	Municipality     string `json:"municipality,omitempty"`
	MunicipalityCode string `json:"municipality_code,omitempty"`
	Region           string `json:"region,omitempty"`
}

// MarshalJSON writes the area with its municipality code as a DAGI string
// ("0101"): explanations have carried it so since the first version, and
// stored explanations and exported files keep it.
func (a Area) MarshalJSON() ([]byte, error) {
	return json.Marshal(areaJSON{ID: a.ID, Name: a.Name, Municipality: a.Municipality,
		MunicipalityCode: a.MunicipalityCode.DAGI(), Region: a.Region})
}

// UnmarshalJSON reads what MarshalJSON writes. The municipality code may
// also be a number; an empty string is the unknown code.
func (a *Area) UnmarshalJSON(b []byte) error {
	var w struct {
		areaJSON
		MunicipalityCode json.RawMessage `json:"municipality_code"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Area{ID: w.ID, Name: w.Name, Municipality: w.Municipality, Region: w.Region}
	raw := w.MunicipalityCode
	var s string
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return nil
	case raw[0] == '"':
		if err := json.Unmarshal(raw, &s); err != nil {
			return err
		}
		if s == "" {
			return nil
		}
	default:
		s = string(raw)
	}
	code, err := ParseMunicipalityCode(s)
	if err != nil {
		return Errorf(CodeInvalid, "area %q: municipality_code: %w", a.ID, err)
	}
	a.MunicipalityCode = code
	return nil
}

// Indicators are one area's values for one list year. Shares are
// fractions (0.435, not 43.5); Income is the area's mean as a fraction of the
// regional mean.
type Indicators struct {
	Year      int
	Area      Area
	Residents int64

	NonWestern     Measure
	OutsideLabour  Measure
	Convicted      Measure
	BasicEducation Measure
	Income         Measure

	// NationalConvicted is the national conviction share computed the same
	// way as Convicted.
	NationalConvicted Measure
	// ConvictedMultiple is Convicted / NationalConvicted as published; when
	// unknown it is derived from the two shares (see Multiple).
	ConvictedMultiple Measure
}

// Measure returns the value of indicator i.
func (a *Indicators) Measure(i Indicator) Measure {
	switch i {
	case IndicatorNonWestern:
		return a.NonWestern
	case IndicatorOutsideLabour:
		return a.OutsideLabour
	case IndicatorConvicted:
		return a.Convicted
	case IndicatorBasicEducation:
		return a.BasicEducation
	case IndicatorIncome:
		return a.Income
	}
	return Measure{}
}

// SetMeasure sets the value of indicator i.
func (a *Indicators) SetMeasure(i Indicator, m Measure) {
	switch i {
	case IndicatorNonWestern:
		a.NonWestern = m
	case IndicatorOutsideLabour:
		a.OutsideLabour = m
	case IndicatorConvicted:
		a.Convicted = m
	case IndicatorBasicEducation:
		a.BasicEducation = m
	case IndicatorIncome:
		a.Income = m
	}
}

// Multiple returns the conviction share as a multiple of the national share:
// the published multiple when known, otherwise Convicted / NationalConvicted
// when both are known and the national share is not zero.
func (a *Indicators) Multiple() Measure {
	if a.ConvictedMultiple.Known {
		return a.ConvictedMultiple
	}
	if a.Convicted.Known && a.NationalConvicted.Known && a.NationalConvicted.Value.Sign() > 0 {
		return KnownMeasure(a.Convicted.Value.Quo(a.NationalConvicted.Value))
	}
	return Measure{}
}

// Label returns a short name of the indicator in lang.
func (i Indicator) Label(lang Lang) string {
	t := map[Indicator]Text{
		IndicatorNonWestern:     {DA: "Ikke-vestlig andel", EN: "Non-Western share"},
		IndicatorOutsideLabour:  {DA: "Uden for arbejdsmarked og uddannelse", EN: "Outside labour market and education"},
		IndicatorConvicted:      {DA: "Dømte", EN: "Convicted"},
		IndicatorBasicEducation: {DA: "Kun grundskole", EN: "Only basic schooling"},
		IndicatorIncome:         {DA: "Indkomst i forhold til regionen", EN: "Income against the region"},
	}[i]
	return t.In(lang)
}

// IndicatorDetail is the numerator and denominator behind one area's value
// in one data year: what package indicator computes and the store keeps.
// For the income indicator they are the income sum and the number of
// persons; Reference is then the regional mean income. For the conviction
// share Reference is the national share.
type IndicatorDetail struct {
	Year        int
	AreaID      string
	Indicator   Indicator
	DataYear    int
	Numerator   Ratio
	Denominator Ratio
	Reference   *Ratio
}

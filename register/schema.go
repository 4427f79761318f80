// Package register reads person-level register microdata (one file per data
// year, CSV or Parquet, the same columns) into compact columns, validating
// every value, and reads the areas registry and the reference file that go
// with it. Person-level data are read and handed on in batches; nothing here
// stores or logs them.
package register

import "fmt"

// The columns of a register file (docs/formats.md, "Register microdata").
const (
	ColPersonID         = "person_id"
	ColYear             = "year"
	ColAreaID           = "area_id"
	ColMunicipalityCode = "municipality_code"
	ColRegionCode       = "region_code"
	ColAge              = "age"
	ColOrigin           = "origin"
	ColOutsideLabourFTE = "outside_labour_fte"
	ColConvicted        = "convicted"
	ColEducation        = "education"
	ColEducationDK      = "education_dk"
	ColInEducation      = "in_education"
	ColTaxpayer         = "taxpayer"
	ColGrossIncome      = "gross_income"
)

// Columns is every column of a register file, in the order blandby writes
// them. All are required.
var Columns = []string{
	ColPersonID, ColYear, ColAreaID, ColMunicipalityCode, ColRegionCode, ColAge, ColOrigin,
	ColOutsideLabourFTE, ColConvicted, ColEducation, ColEducationDK, ColInEducation, ColTaxpayer,
	ColGrossIncome,
}

// MaxAge is the highest age accepted (age at year end).
const MaxAge = 120

// AgeCount is the number of distinct ages, 0 to MaxAge.
const AgeCount = MaxAge + 1

// FTEScale is the resolution of outside_labour_fte: values are read exactly
// as whole millionths of a full-time year, so sums stay exact integers. A
// value with more than 6 decimals is an error.
const FTEScale = 1_000_000

// FTEDecimals is the number of decimals FTEScale allows.
const FTEDecimals = 6

// Origin is a person's origin as Danmarks Statistik classifies it.
type Origin uint8

// The origins, in code order.
const (
	Dansk Origin = iota
	VestligIndvandrer
	VestligEfterkommer
	IkkeVestligIndvandrer
	IkkeVestligEfterkommer
	OriginCount int = iota
)

// OriginCodes are the file codes of the origins, indexed by Origin.
var OriginCodes = [OriginCount]string{"dansk", "vestlig_indvandrer", "vestlig_efterkommer", "ikke_vestlig_indvandrer", "ikke_vestlig_efterkommer"}

// ParseOrigin reads an origin code.
func ParseOrigin(s string) (Origin, error) {
	for i, c := range OriginCodes {
		if c == s {
			return Origin(i), nil
		}
	}
	return 0, fmt.Errorf("unknown origin %q (expected one of %v)", s, OriginCodes)
}

// Education is a highest completed education level.
type Education uint8

// The education levels, in code order.
const (
	Grundskole Education = iota
	Ungdomsuddannelse
	Videregaaende
	Uoplyst
	EducationCount int = iota
)

// EducationCodes are the file codes of the education levels.
var EducationCodes = [EducationCount]string{"grundskole", "ungdomsuddannelse", "videregaaende", "uoplyst"}

// ParseEducation reads an education code.
func ParseEducation(s string) (Education, error) {
	for i, c := range EducationCodes {
		if c == s {
			return Education(i), nil
		}
	}
	return 0, fmt.Errorf("unknown education %q (expected one of %v)", s, EducationCodes)
}

// Package law holds the rules of the lists as data: one embedded YAML rule
// set per law version, parsed strictly and validated, and a catalog that picks
// the version in force at a date or for a list year.
//
// Nothing in the rule sets is a constant in code: thresholds, operators, age
// bands, averaging windows, data-year offsets, the consecutive-years rule and
// every legal reference come from the YAML files under rules/.
package law

import (
	"fmt"
	"time"

	"github.com/blandby/blandby"
)

// RuleSet is one law version's rules for the yearly lists.
type RuleSet struct {
	// ID is the date the version took effect, as YYYY-MM-DD.
	ID string
	// ValidFrom is the first date the version is in force.
	ValidFrom time.Time
	// Title names the act or decision the rules come from.
	Title blandby.Text
	// Source describes the legal source, with any uncertainty stated.
	Source blandby.Text
	// Publication is the day of the year the lists are published.
	Publication Publication
	// Area is the minimum-size rule every listed area must meet.
	Area AreaRule
	// Criteria are evaluated on each area's indicators, in file order.
	Criteria []Criterion
	// Lists are the lists of this version, in dependency order.
	Lists []List
	// ForebyggelseExcludesUdsat makes the forebyggelse list exclude areas
	// on the udsat list (docs/law/lists.md, "The lists and how they nest").
	ForebyggelseExcludesUdsat bool
	// Notes record assumptions and sources that are not rules.
	Notes []blandby.Text

	// FirstListYear and LastListYear are the list years this version applies
	// to; LastListYear is 0 while the version is still in force.
	FirstListYear, LastListYear int
}

// Publication is the day each year's list is published: Month and Day,
// unless Dates gives a list year another day (the early lists were
// published on other days). NotHeld are lists published under the rule
// set that are no list year of blandby's: while one of them is the latest
// list, no list blandby holds is in force.
type Publication struct {
	Month    time.Month
	Day      int
	LegalRef string
	Dates    []PublishedOn
	NotHeld  []ListNotHeld
}

// ListNotHeld is a published list blandby holds no values of: the day it
// was published, its source and what it was.
type ListNotHeld struct {
	Date   time.Time
	Source string
	Label  blandby.Text
}

// PublishedOn is the day one list year's list was published, with its
// source; Assumption, when set, says why the day is assumed rather than
// known.
type PublishedOn struct {
	ListYear   int
	Date       time.Time
	Source     string
	Assumption *blandby.Text
}

// AreaRule is the rule on an area's size.
type AreaRule struct {
	MinResidents int64
	Operator     Operator
	// DataYear is the data year of the resident count, relative to the list
	// year (-1: residents on 1 January of the list year).
	DataYear int
	LegalRef string
	Label    blandby.Text
}

// Eligible reports whether an area with the given residents meets the rule.
func (a AreaRule) Eligible(residents int64) bool {
	return a.Operator.Holds(blandby.RatioInt(residents), blandby.RatioInt(a.MinResidents))
}

// Criterion is one criterion of a list definition.
type Criterion struct {
	ID        string
	Indicator blandby.Indicator
	Label     blandby.Text
	LegalRef  string
	// Population is who the share is taken of.
	Population Population
	Operator   Operator
	Threshold  Threshold
	// DataYears are the data years averaged, relative to the list year; the
	// value is the mean of the yearly shares.
	DataYears []int
	// Origins are the origin codes counted (non-Western share only).
	Origins []string
	// Education says which education counts as basic (education share only).
	Education *Education
	// Note states assumptions about the criterion.
	Note blandby.Text
}

// Population is the group of residents a criterion's share is taken of.
type Population struct {
	// AgeMin and AgeMax bound the age at year end, inclusive; AgeMax 0
	// means no upper bound.
	AgeMin, AgeMax int
	// TaxpayersOnly keeps only persons liable to tax.
	TaxpayersOnly bool
	// ExcludeInEducation drops persons in education.
	ExcludeInEducation bool
}

// AllAges reports whether the population has no age bound.
func (p Population) AllAges() bool { return p.AgeMin == 0 && p.AgeMax == 0 }

// Education defines the basic-education share.
type Education struct {
	// Source is "all" (every source, imputed and self-reported included) or
	// "danish" (only education taken or recognised in Denmark).
	Source string
	// BasicLevels are the education levels counted as only basic schooling.
	BasicLevels []string
}

// ThresholdKind says what a criterion's threshold is measured against.
type ThresholdKind string

// The threshold kinds.
const (
	// ShareThreshold is a fixed share of the population.
	ShareThreshold ThresholdKind = "share"
	// NationalMultiple is a multiple of the national share.
	NationalMultiple ThresholdKind = "national_multiple"
	// RegionalMeanShare is a share of the regional mean (income).
	RegionalMeanShare ThresholdKind = "regional_mean_share"
)

// percent converts between a share and the percentage it is written as.
var percent = blandby.RatioInt(100)

// FromWritten returns the value a threshold of kind k compares with, from
// the number the rule-set YAML writes: a percentage for a share (40 for
// 2/5), the multiple itself for a multiple of the national share.
func (k ThresholdKind) FromWritten(v blandby.Ratio) blandby.Ratio {
	if k == NationalMultiple {
		return v
	}
	return v.Quo(percent)
}

// Written returns the number the rule-set YAML writes for a threshold value
// of kind k; the inverse of FromWritten.
func (k ThresholdKind) Written(v blandby.Ratio) blandby.Ratio {
	if k == NationalMultiple {
		return v
	}
	return v.Mul(percent)
}

// Threshold is a criterion's bar. Value is a fraction for ShareThreshold and
// RegionalMeanShare (0.4 for 40 %) and the multiple for NationalMultiple.
type Threshold struct {
	Kind  ThresholdKind
	Value blandby.Ratio
}

// List defines one list: an area is on it when it is eligible and every
// condition holds.
type List struct {
	Category blandby.Category
	// Name is the list's name under this version ("ghettoområde" before
	// 1 December 2021 for today's parallelsamfund).
	Name     blandby.Text
	LegalRef string
	// RequiresLists must all be on (computed earlier in the same year).
	RequiresLists []blandby.Category
	// RequiresCriteria must all be met.
	RequiresCriteria []string
	// AtLeast, when set, needs that many of its criteria met.
	AtLeast *AtLeast
	// Consecutive, when set, needs the area on a list in each of the last
	// years, the current one included.
	Consecutive *Consecutive
	// Excludes are lists an area on this list must not be on.
	Excludes []blandby.Category
}

// AtLeast is "at least Count of Of".
type AtLeast struct {
	Count int
	Of    []string
}

// Consecutive is "on List in each of the last Years list years, the current
// one included", with transitional overrides for some list years.
type Consecutive struct {
	List        blandby.Category
	Years       int
	Transitions []Transition
}

// Transition overrides the number of years for a range of list years.
type Transition struct {
	FromListYear int    `json:"from_list_year"`
	ToListYear   int    `json:"to_list_year"`
	Years        int    `json:"years"`
	LegalRef     string `json:"legal_ref"`
}

// YearsFor returns the number of years required for a list year, and the
// transition that set it (nil when the main rule applies).
func (c Consecutive) YearsFor(listYear int) (int, *Transition) {
	for i, t := range c.Transitions {
		if listYear >= t.FromListYear && listYear <= t.ToListYear {
			return t.Years, &c.Transitions[i]
		}
	}
	return c.Years, nil
}

// Criterion returns the criterion with the id.
func (rs *RuleSet) Criterion(id string) (*Criterion, bool) {
	for i := range rs.Criteria {
		if rs.Criteria[i].ID == id {
			return &rs.Criteria[i], true
		}
	}
	return nil, false
}

// List returns the definition of a list category.
func (rs *RuleSet) List(c blandby.Category) (*List, bool) {
	for i := range rs.Lists {
		if rs.Lists[i].Category == c {
			return &rs.Lists[i], true
		}
	}
	return nil, false
}

// ListDate returns the publication date of the list of a year under this
// version.
func (rs *RuleSet) ListDate(year int) time.Time {
	if on, ok := rs.PublishedOn(year); ok {
		return on.Date
	}
	return time.Date(year, rs.Publication.Month, rs.Publication.Day, 0, 0, 0, 0, time.UTC)
}

// PublishedOn returns the recorded publication day of a list year, when
// the rule set records one other than its yearly day.
func (rs *RuleSet) PublishedOn(year int) (PublishedOn, bool) {
	for _, on := range rs.Publication.Dates {
		if on.ListYear == year {
			return on, true
		}
	}
	return PublishedOn{}, false
}

// ListYears describes the list years the version applies to, e.g. "2018–2020"
// or "2021–".
func (rs *RuleSet) ListYears() string {
	if rs.LastListYear == 0 {
		return fmt.Sprintf("%d–", rs.FirstListYear)
	}
	return fmt.Sprintf("%d–%d", rs.FirstListYear, rs.LastListYear)
}

package rental

import (
	"fmt"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// Tracks: the enacted law, and the seed's proposal.
const (
	// TrackEnacted is the law as enacted (the June 2021 agreement).
	TrackEnacted = "enacted"
	// TrackSeed is the seed's proposal (the every-10th-vacancy right on).
	TrackSeed = "seed"
)

// RuleSet is one version of the rules on municipal allocation to private
// rental housing. Every threshold, switch and legal reference comes from a
// YAML file under law/rules/rental.
type RuleSet struct {
	// ID names the version ("2021-11-30", "seed-2021-11-30").
	ID string
	// Replaces are earlier ids of the version: entries recorded under them
	// are read with this rule set.
	Replaces []string
	// LegalRef names the provisions the version applies.
	LegalRef string
	// Track is TrackEnacted or TrackSeed: the catalog picks by date within
	// a track.
	Track string
	// ValidFrom is the first date the version is in force.
	ValidFrom time.Time
	// Title and Source name the legal source and its uncertainty.
	Title, Source blandby.Text
	// Property is the least size of a property under an agreement.
	Property PropertyRule
	// Agreements are the rules on agreements with landlords.
	Agreements AgreementRules
	// Right is the right to every Nth vacancy.
	Right RightRule
	// Duties are the municipality's duties toward the landlord.
	Duties Duties
	// TargetGroups are the groups dwellings may be allocated to.
	TargetGroups []TargetGroup
}

// PropertyRule is the least number of dwellings of a property under an
// agreement.
type PropertyRule struct {
	MinDwellings int
	LegalRef     string
	Label        blandby.Text
}

// AgreementRules are the limits on agreements.
type AgreementRules struct {
	LegalRef string
	// MinN is the least N of an every-Nth-vacancy agreement ("højst hver
	// fjerde"); FirstVacancy gives the municipality the first vacancy in
	// the agreement's period, then every Nth (1, 1+N, 1+2N, …), otherwise
	// the Nth, 2Nth, ….
	MinN         int
	FirstVacancy bool
	EveryNthRef  string
	EveryNth     blandby.Text
	// CapRef and Cap: the right is used at most as many times as the
	// agreed share of the property's dwellings.
	CapRef     string
	Cap        blandby.Text
	NamedMin   int
	NamedShare blandby.Ratio // the most named dwellings, as a share of the property
	NamedRef   string
	Named      blandby.Text
	// RepeatRef and Repeat: a dwelling obtained once is the municipality's
	// again each time it becomes vacant.
	RepeatRef string
	Repeat    blandby.Text
	// Compensation describes the compensation the municipality sets.
	CompensationRef string
	Compensation    blandby.Text
}

// RightRule is the right to every Nth vacancy in larger properties.
type RightRule struct {
	// Enabled is the seed's switch.
	Enabled  bool
	LegalRef string
	Label    blandby.Text
	// MinDwellings is the least size of a property the right covers.
	MinDwellings int
	// Every is the most often a decision may take a vacancy ("højst hver
	// 10."): a decision's N is at least Every. FirstVacancy gives the
	// municipality the first vacancy after the decision, then every Nth
	// (1, 1+N, …), otherwise the Nth, 2Nth, ….
	Every        int
	FirstVacancy bool
	// CapRef: the right is used at most as many times as the share 1/N of
	// the property's dwellings. RepeatRef: a dwelling obtained by the right
	// is the municipality's again each time it becomes vacant.
	CapRef    string
	RepeatRef string
	// EligibleLists are the lists that make a municipality eligible: it
	// must have an area on one of them on the list in force.
	EligibleLists []blandby.Category
	// TargetGroups are the groups right dwellings may go to.
	TargetGroups []string
	// Substitution is when an offered dwelling is equivalent.
	Substitution Substitution
}

// Substitution says when a dwelling the landlord offers instead is
// equivalent: same number of rooms (when SameRooms), floor area within
// MaxAreaDifference of the original's (a share), rent at most the
// original's times 1 + MaxRentIncrease.
type Substitution struct {
	LegalRef          string
	SameRooms         bool
	MaxAreaDifference blandby.Ratio
	MaxRentIncrease   blandby.Ratio
}

// Duties are the municipality's duties toward the landlord.
type Duties struct {
	LegalRef string
	// RentWhileWaiting: the municipality pays the rent while a dwelling
	// waits at its disposal, a day's rent being the monthly rent divided
	// by DayBasis, the total rounded up (RoundUp) or down to whole kroner.
	RentWhileWaiting bool
	DayBasis         int
	RoundUp          bool
	RentLabel        blandby.Text
	// RestorationGuarantee: the municipality guarantees the tenant's
	// restoration duty at move-out.
	RestorationGuarantee bool
	RestorationLabel     blandby.Text
}

// TargetGroup is a group of applicants dwellings may be allocated to.
type TargetGroup struct {
	ID    string
	Label blandby.Text
}

// TargetGroup returns the target group with the id.
func (rs *RuleSet) TargetGroup(id string) (TargetGroup, bool) {
	for _, g := range rs.TargetGroups {
		if g.ID == id {
			return g, true
		}
	}
	return TargetGroup{}, false
}

type fileRuleSet struct {
	law.Header `yaml:",inline"`
	Track      string   `yaml:"track"`
	Replaces   []string `yaml:"replaces"`
	LegalRef   string   `yaml:"legal_ref"`
	Property   struct {
		MinDwellings int          `yaml:"min_dwellings"`
		LegalRef     string       `yaml:"legal_ref"`
		Label        blandby.Text `yaml:"label"`
	} `yaml:"property"`
	Agreements struct {
		LegalRef string `yaml:"legal_ref"`
		EveryNth struct {
			MinN         int          `yaml:"min_n"`
			FirstVacancy bool         `yaml:"first_vacancy"`
			LegalRef     string       `yaml:"legal_ref"`
			Label        blandby.Text `yaml:"label"`
			Cap          struct {
				LegalRef string       `yaml:"legal_ref"`
				Label    blandby.Text `yaml:"label"`
			} `yaml:"cap"`
		} `yaml:"every_nth"`
		Named struct {
			MinDwellings int          `yaml:"min_dwellings"`
			MaxShare     string       `yaml:"max_share"`
			LegalRef     string       `yaml:"legal_ref"`
			Label        blandby.Text `yaml:"label"`
		} `yaml:"named"`
		Repeat struct {
			LegalRef string       `yaml:"legal_ref"`
			Label    blandby.Text `yaml:"label"`
		} `yaml:"repeat"`
		Compensation struct {
			LegalRef string       `yaml:"legal_ref"`
			Label    blandby.Text `yaml:"label"`
		} `yaml:"compensation"`
	} `yaml:"agreements"`
	Right struct {
		Enabled       bool         `yaml:"enabled"`
		LegalRef      string       `yaml:"legal_ref"`
		Label         blandby.Text `yaml:"label"`
		MinDwellings  int          `yaml:"min_dwellings"`
		Every         int          `yaml:"every"`
		FirstVacancy  bool         `yaml:"first_vacancy"`
		RepeatRef     string       `yaml:"repeat_legal_ref"`
		CapRef        string       `yaml:"cap_legal_ref"`
		EligibleLists []string     `yaml:"eligible_lists"`
		TargetGroups  []string     `yaml:"target_groups"`
		Substitution  struct {
			LegalRef             string `yaml:"legal_ref"`
			SameRooms            bool   `yaml:"same_rooms"`
			MaxAreaDifferencePct string `yaml:"max_area_difference_pct"`
			MaxRentIncreasePct   string `yaml:"max_rent_increase_pct"`
		} `yaml:"substitution"`
	} `yaml:"right"`
	Duties struct {
		LegalRef         string `yaml:"legal_ref"`
		RentWhileWaiting struct {
			Enabled  bool         `yaml:"enabled"`
			DayBasis int          `yaml:"day_basis"`
			Rounding string       `yaml:"rounding"`
			Label    blandby.Text `yaml:"label"`
		} `yaml:"rent_while_waiting"`
		RestorationGuarantee struct {
			Enabled bool         `yaml:"enabled"`
			Label   blandby.Text `yaml:"label"`
		} `yaml:"restoration_guarantee"`
	} `yaml:"duties"`
	TargetGroups []struct {
		ID    string       `yaml:"id"`
		Label blandby.Text `yaml:"label"`
	} `yaml:"target_groups"`
}

// Parse decodes and validates one rental rule-set file strictly (an unknown
// key is an error); name is used in errors.
func Parse(name string, data []byte) (*RuleSet, error) {
	var f fileRuleSet
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	c := law.NewCheck(name)
	fail, text, ref := c.Fail, c.Text, c.Ref
	pct := func(field, s string) blandby.Ratio {
		r, err := blandby.ParsePercent(s)
		if err != nil || r.Sign() < 0 || r.Cmp(blandby.RatioInt(1)) > 0 {
			fail(field, "expected a percentage 0–100, got %q", s)
			return blandby.Ratio{}
		}
		return r
	}
	positive := func(field string, n int) {
		if n <= 0 {
			fail(field, "expected a positive whole number, got %d", n)
		}
	}

	rs := &RuleSet{ID: f.ID, Replaces: f.Replaces, LegalRef: f.LegalRef, Track: f.Track, Title: f.Title, Source: f.Source}
	ref("legal_ref", f.LegalRef)
	if f.Track != TrackEnacted && f.Track != TrackSeed {
		fail("track", "expected %q or %q, got %q", TrackEnacted, TrackSeed, f.Track)
	}
	rs.ValidFrom = c.Header(f.Header, law.IDIsFileName)

	positive("property.min_dwellings", f.Property.MinDwellings)
	ref("property.legal_ref", f.Property.LegalRef)
	text("property.label", f.Property.Label)
	rs.Property = PropertyRule{MinDwellings: f.Property.MinDwellings, LegalRef: f.Property.LegalRef, Label: f.Property.Label}

	a := f.Agreements
	ref("agreements.legal_ref", a.LegalRef)
	positive("agreements.every_nth.min_n", a.EveryNth.MinN)
	for field, pair := range map[string]struct {
		ref   string
		label blandby.Text
	}{"every_nth": {a.EveryNth.LegalRef, a.EveryNth.Label}, "every_nth.cap": {a.EveryNth.Cap.LegalRef, a.EveryNth.Cap.Label},
		"named": {a.Named.LegalRef, a.Named.Label}, "repeat": {a.Repeat.LegalRef, a.Repeat.Label},
		"compensation": {a.Compensation.LegalRef, a.Compensation.Label}} {
		ref("agreements."+field+".legal_ref", pair.ref)
		text("agreements."+field+".label", pair.label)
	}
	positive("agreements.named.min_dwellings", a.Named.MinDwellings)
	rs.Agreements = AgreementRules{
		LegalRef: a.LegalRef, MinN: a.EveryNth.MinN, FirstVacancy: a.EveryNth.FirstVacancy, EveryNthRef: a.EveryNth.LegalRef,
		EveryNth: a.EveryNth.Label, CapRef: a.EveryNth.Cap.LegalRef, Cap: a.EveryNth.Cap.Label,
		NamedMin: a.Named.MinDwellings, NamedShare: pct("agreements.named.max_share", a.Named.MaxShare),
		NamedRef: a.Named.LegalRef, Named: a.Named.Label, RepeatRef: a.Repeat.LegalRef, Repeat: a.Repeat.Label,
		CompensationRef: a.Compensation.LegalRef, Compensation: a.Compensation.Label,
	}

	r := f.Right
	ref("right.legal_ref", r.LegalRef)
	text("right.label", r.Label)
	positive("right.min_dwellings", r.MinDwellings)
	positive("right.every", r.Every)
	ref("right.repeat_legal_ref", r.RepeatRef)
	ref("right.cap_legal_ref", r.CapRef)
	ref("right.substitution.legal_ref", r.Substitution.LegalRef)
	rs.Right = RightRule{
		Enabled: r.Enabled, LegalRef: r.LegalRef, Label: r.Label, MinDwellings: r.MinDwellings,
		Every: r.Every, FirstVacancy: r.FirstVacancy, CapRef: r.CapRef, RepeatRef: r.RepeatRef, TargetGroups: r.TargetGroups,
		Substitution: Substitution{
			LegalRef:          r.Substitution.LegalRef,
			SameRooms:         r.Substitution.SameRooms,
			MaxAreaDifference: pct("right.substitution.max_area_difference_pct", r.Substitution.MaxAreaDifferencePct),
			MaxRentIncrease:   pct("right.substitution.max_rent_increase_pct", r.Substitution.MaxRentIncreasePct),
		},
	}
	if len(r.EligibleLists) == 0 {
		fail("right.eligible_lists", "expected at least one list")
	}
	for _, l := range r.EligibleLists {
		c, err := blandby.ParseCategory(l)
		if err != nil || c == blandby.None {
			fail("right.eligible_lists", "expected a list (udsat, parallelsamfund, omdannelse, forebyggelse), got %q", l)
			continue
		}
		rs.Right.EligibleLists = append(rs.Right.EligibleLists, c)
	}

	d := f.Duties
	ref("duties.legal_ref", d.LegalRef)
	text("duties.rent_while_waiting.label", d.RentWhileWaiting.Label)
	text("duties.restoration_guarantee.label", d.RestorationGuarantee.Label)
	positive("duties.rent_while_waiting.day_basis", d.RentWhileWaiting.DayBasis)
	if d.RentWhileWaiting.Rounding != "up" && d.RentWhileWaiting.Rounding != "down" {
		fail("duties.rent_while_waiting.rounding", `expected "up" or "down", got %q`, d.RentWhileWaiting.Rounding)
	}
	rs.Duties = Duties{
		LegalRef: d.LegalRef, RentWhileWaiting: d.RentWhileWaiting.Enabled, DayBasis: d.RentWhileWaiting.DayBasis,
		RoundUp: d.RentWhileWaiting.Rounding == "up", RentLabel: d.RentWhileWaiting.Label,
		RestorationGuarantee: d.RestorationGuarantee.Enabled, RestorationLabel: d.RestorationGuarantee.Label,
	}

	for i, g := range f.TargetGroups {
		field := fmt.Sprintf("target_groups[%d]", i)
		if g.ID == "" {
			fail(field+".id", "missing id")
		}
		if _, dup := rs.TargetGroup(g.ID); dup {
			fail(field+".id", "target group %q twice", g.ID)
		}
		text(field+".label", g.Label)
		rs.TargetGroups = append(rs.TargetGroups, TargetGroup{ID: g.ID, Label: g.Label})
	}
	for _, id := range rs.Right.TargetGroups {
		if _, ok := rs.TargetGroup(id); !ok {
			fail("right.target_groups", "unknown target group %q (not in target_groups)", id)
		}
	}
	if len(rs.Right.TargetGroups) == 0 {
		fail("right.target_groups", "expected at least one target group")
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return rs, nil
}

// Catalog holds the rental rule sets by track, each track ordered by date
// (AtTrack).
type Catalog = law.Catalogue[*RuleSet]

// Version is the rule set's place in the catalogue: its track, and the
// earlier ids it replaces.
func (rs *RuleSet) Version() law.Version {
	return law.Version{ID: rs.ID, Track: rs.Track, ValidFrom: rs.ValidFrom, Replaces: rs.Replaces}
}

// Embedded returns the catalog of the rental rule sets built into the
// binary (law/rules/rental).
var Embedded = sync.OnceValues(func() (*Catalog, error) {
	return law.EmbeddedCatalogue("rental", Parse)
})

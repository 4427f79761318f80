package rental

import (
	"regexp"
	"slices"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
)

// Landlord is a private landlord, known by its CVR number.
type Landlord struct {
	CVR  string `json:"cvr"`
	Name string `json:"name"`
}

// Property is a private rental property.
type Property struct {
	ID           string                   `json:"id"`
	LandlordCVR  string                   `json:"landlord_cvr"`
	Address      string                   `json:"address"`
	Municipality blandby.MunicipalityCode `json:"municipality"`
	Dwellings    int                      `json:"dwellings"`
}

// Dwelling is one dwelling of a property as a vacancy or an offer names it.
type Dwelling struct {
	// ID is the landlord's name for the dwelling ("st. tv.", "3B").
	ID     string `json:"id"`
	Rooms  int    `json:"rooms"`
	AreaM2 int    `json:"area_m2"`
	// Rent is the monthly rent in whole kroner.
	Rent int64 `json:"rent"`
}

// Agreement kinds.
const (
	// EveryNth gives the municipality every Nth vacancy up to a share.
	EveryNth = "every_nth"
	// Named gives the municipality named dwellings when they become vacant.
	Named = "named"
)

// Agreement is an agreement between a municipality and a landlord on one
// property.
type Agreement struct {
	ID           string                   `json:"id"`
	Municipality blandby.MunicipalityCode `json:"municipality"`
	PropertyID   string                   `json:"property_id"`
	Kind         string                   `json:"kind"`
	// N and MaxShare for EveryNth: every Nth vacancy, while the dwellings
	// obtained stay at most MaxShare (a fraction such as "1/5") of the
	// property.
	N        int           `json:"n,omitempty"`
	MaxShare blandby.Ratio `json:"max_share"`
	// Dwellings for Named: the dwellings' ids.
	Dwellings []string `json:"dwellings,omitempty"`
	// From and To bound the period (To zero: open-ended), both inclusive.
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
	// Compensation is what the municipality pays per dwelling obtained, in
	// whole kroner.
	Compensation int64 `json:"compensation"`
}

// Active reports whether date lies in the agreement's period.
func (a Agreement) Active(date time.Time) bool {
	return !date.Before(a.From) && (a.To.IsZero() || !date.After(a.To))
}

// Decision is a municipality's decision to use the right to every Nth
// vacancy.
type Decision struct {
	ID           string                   `json:"id"`
	Municipality blandby.MunicipalityCode `json:"municipality"`
	Date         time.Time                `json:"date"`
	// Reason says why agreements are not enough.
	Reason     string   `json:"reason"`
	Properties []string `json:"properties"`
	// TargetGroup is the group the dwellings go to.
	TargetGroup string `json:"target_group"`
	// N is how often the municipality takes a vacancy: every Nth, N at
	// least the rule set's Every ("højst hver 10."); 0 is Every. The share
	// 1/N of the property's dwellings caps the right.
	N int `json:"n,omitempty"`
	// RuleSetID is the rule set the decision was made under.
	RuleSetID string `json:"rule_set"`
}

// Every returns how often the decision takes a vacancy: N, or the rule
// set's Every when N is not set.
func (d Decision) Every(rs *RuleSet) int {
	if d.N > 0 {
		return d.N
	}
	return rs.Right.Every
}

// Covers reports whether the decision covers the property.
func (d Decision) Covers(propertyID string) bool { return slices.Contains(d.Properties, propertyID) }

// Vacancy is a dwelling a landlord reports vacant.
type Vacancy struct {
	PropertyID string    `json:"property_id"`
	Dwelling   Dwelling  `json:"dwelling"`
	Date       time.Time `json:"date"`
}

// Reason is one step of an outcome's explanation.
type Reason struct {
	Rule     string       `json:"rule"`
	LegalRef string       `json:"legal_ref"`
	Text     blandby.Text `json:"text"`
}

var (
	idPattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)
	cvrPattern = regexp.MustCompile(`^[1-9][0-9]{7}$`)
	// cprLike catches a CPR number (ddmmyy-xxxx or 10 digits) given where
	// a pseudonymous reference belongs.
	cprLike = regexp.MustCompile(`^[0-9]{6}-?[0-9]{4}$`)
)

// validID checks an id given in field.
func validID(field, id string) error {
	if !idPattern.MatchString(id) {
		return blandby.InvalidField(field, msg.Text("rental.err.id", id))
	}
	return nil
}

// Validate checks a landlord.
func (l Landlord) Validate() error {
	if !cvrPattern.MatchString(l.CVR) {
		return blandby.InvalidField("landlord_cvr", msg.Text("rental.err.cvr", l.CVR))
	}
	if l.Name == "" {
		return blandby.InvalidField("landlord_name", msg.Text("rental.err.landlord_name"))
	}
	return nil
}

// Validate checks a property.
func (p Property) Validate() error {
	if err := validID("id", p.ID); err != nil {
		return err
	}
	if !cvrPattern.MatchString(p.LandlordCVR) {
		return blandby.InvalidField("landlord_cvr", msg.Text("rental.err.cvr", p.LandlordCVR))
	}
	if p.Address == "" {
		return blandby.InvalidField("address", msg.Text("rental.err.address"))
	}
	if !p.Municipality.Valid() {
		return blandby.InvalidField("municipality", msg.Text("rental.err.municipality", int(p.Municipality)))
	}
	if p.Dwellings < 1 {
		return blandby.InvalidField("dwellings", msg.Text("rental.err.dwellings", p.Dwellings))
	}
	return nil
}

// Validate checks a dwelling's description.
func (d Dwelling) Validate() error {
	if err := validID("dwelling.id", d.ID); err != nil {
		return err
	}
	if d.Rooms < 1 {
		return blandby.InvalidField("dwelling.rooms", msg.Text("rental.err.rooms", d.Rooms))
	}
	if d.AreaM2 < 1 {
		return blandby.InvalidField("dwelling.area_m2", msg.Text("rental.err.area", d.AreaM2))
	}
	if d.Rent < 0 {
		return blandby.InvalidField("dwelling.rent", msg.Text("rental.err.rent"))
	}
	return nil
}

// ValidApplicantRef checks a pseudonymous applicant reference: an id, never
// a CPR number.
func ValidApplicantRef(ref string) error {
	if cprLike.MatchString(ref) {
		return blandby.InvalidField("applicant_ref", msg.Text("rental.err.applicant_cpr"))
	}
	return validID("applicant_ref", ref)
}

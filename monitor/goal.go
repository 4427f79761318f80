package monitor

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// Goal is the national goal and the monitor's parameters, from one file
// under law/rules/monitor.
type Goal struct {
	// ID is the date the goal took effect, as YYYY-MM-DD.
	ID        string
	ValidFrom time.Time
	Title     blandby.Text
	Source    blandby.Text
	LegalRef  string
	// Year is the goal year: the targets hold by 1 January of the year
	// after the last list before it; the monitor projects to Year.
	Year int
	// Targets are what must hold in the goal year.
	Targets []Target
	// Headline is the id of the target the charts follow year by year.
	Headline string
	// Warning holds the default margins of the early warning.
	Warning Margins
	// WarningNote states how the margins were chosen.
	WarningNote blandby.Text
	// Projection is the projection method.
	Projection ProjectionMethod
}

// Target is one count that must be at most Max in the goal year: the areas
// on any of Lists whose non-Western share meets NonWestern. A target has
// Lists, NonWestern or both; without Lists it counts every area, without
// NonWestern every area on the lists.
type Target struct {
	ID    string
	Label blandby.Text
	// LegalRef names the sentence of the strategy the target applies.
	LegalRef string
	// Note says how the sentence is read where it leaves a reading open
	// (an assumption); empty when it does not.
	Note blandby.Text
	// Lists are the lists counted (an area on any of them counts once).
	Lists []blandby.Category
	// NonWestern, when set, counts only the areas whose non-Western share
	// meets it.
	NonWestern *Bar
	Max        int
}

// Bar is an operator and a share.
type Bar struct {
	Operator law.Operator
	// Value is the share (3/10 for 30 %).
	Value blandby.Ratio
}

// Holds reports whether a share meets the bar.
func (b Bar) Holds(v blandby.Ratio) bool { return b.Operator.Holds(v, b.Value) }

// Margins are how far each kind of value may move against an area in the
// early warning.
type Margins struct {
	// Points are percentage points, for shares and income against the
	// regional mean (6 for 6 points).
	Points blandby.Ratio
	// Multiple is for multiples of the national share (1 for 1×).
	Multiple blandby.Ratio
	// Residents is a share of the residents (1/10 for 10 %).
	Residents blandby.Ratio
}

// ProjectionMethod is how the projection fits a trend.
type ProjectionMethod struct {
	// Method is "ols" (ordinary least squares).
	Method string `json:"method"`
	// ListYears is the number of latest list years fitted.
	ListYears int `json:"list_years"`
	// Note describes the method in words.
	Note blandby.Text `json:"note"`
}

type fileGoal struct {
	law.Header `yaml:",inline"`
	LegalRef   string         `yaml:"legal_ref"`
	Year       int            `yaml:"year"`
	Targets    []fileTarget   `yaml:"targets"`
	Headline   string         `yaml:"headline"`
	Warning    fileWarning    `yaml:"warning"`
	Projection fileProjection `yaml:"projection"`
}

type fileTarget struct {
	ID         string       `yaml:"id"`
	Label      blandby.Text `yaml:"label"`
	LegalRef   string       `yaml:"legal_ref"`
	Note       blandby.Text `yaml:"note"`
	Lists      []string     `yaml:"lists"`
	NonWestern *fileBar     `yaml:"nonwestern"`
	Max        *int         `yaml:"max"`
}

type fileBar struct {
	Operator string `yaml:"operator"`
	Value    string `yaml:"value"`
}

type fileWarning struct {
	Points    string       `yaml:"points"`
	Multiple  string       `yaml:"multiple"`
	Residents string       `yaml:"residents"`
	Note      blandby.Text `yaml:"note"`
}

type fileProjection struct {
	Method    string       `yaml:"method"`
	ListYears int          `yaml:"list_years"`
	Note      blandby.Text `yaml:"note"`
}

// ParseGoal reads one goal file strictly: an unknown key, a missing field
// or a bad value is an error naming the file and the field.
func ParseGoal(name string, data []byte) (*Goal, error) {
	var f fileGoal
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	c := law.NewCheck(name)
	g := &Goal{ID: f.ID, Title: f.Title, Source: f.Source, LegalRef: f.LegalRef, Year: f.Year, Headline: f.Headline, WarningNote: f.Warning.Note}
	g.ValidFrom = c.Header(f.Header, law.IDIsValidFrom)
	c.Ref("legal_ref", g.LegalRef)
	if !g.ValidFrom.IsZero() && g.Year < g.ValidFrom.Year() {
		c.Fail("year", "%d is before valid_from", g.Year)
	}
	if len(f.Targets) == 0 {
		c.Fail("targets", "at least one target is required")
	}
	for i, ft := range f.Targets {
		field := fmt.Sprintf("targets[%d]", i)
		t := Target{ID: ft.ID, Label: ft.Label, LegalRef: ft.LegalRef, Note: ft.Note}
		if t.ID == "" || slices.ContainsFunc(g.Targets, func(o Target) bool { return o.ID == t.ID }) {
			c.Fail(field+".id", "a unique id is required")
		}
		c.Text(field+".label", t.Label)
		c.Ref(field+".legal_ref", t.LegalRef)
		if (t.Note.DA == "") != (t.Note.EN == "") {
			c.Fail(field+".note", "a Danish and an English text are required")
		}
		if ft.Max == nil || *ft.Max < 0 {
			c.Fail(field+".max", "a count of 0 or more is required")
		} else {
			t.Max = *ft.Max
		}
		if len(ft.Lists) == 0 && ft.NonWestern == nil {
			c.Fail(field, "lists, nonwestern or both are required")
		}
		for _, s := range ft.Lists {
			cat, err := blandby.ParseCategory(s)
			if err != nil || cat == blandby.None {
				c.Fail(field+".lists", "%q is not a list", s)
				continue
			}
			t.Lists = append(t.Lists, cat)
		}
		if ft.NonWestern != nil {
			op, err := law.ParseOperator(ft.NonWestern.Operator)
			if err != nil {
				c.Fail(field+".nonwestern.operator", "%v", err)
			}
			v, err := blandby.ParsePercent(ft.NonWestern.Value)
			if err != nil {
				c.Fail(field+".nonwestern.value", "%q is not a percentage", ft.NonWestern.Value)
			}
			t.NonWestern = &Bar{Operator: op, Value: v}
		}
		g.Targets = append(g.Targets, t)
	}
	if _, ok := g.Target(g.Headline); !ok {
		c.Fail("headline", "%q names no target", g.Headline)
	}
	var err error
	if g.Warning, err = parseMargins(f.Warning.Points, f.Warning.Multiple, f.Warning.Residents); err != nil {
		c.Fail("warning", "%v", err)
	}
	c.Text("warning.note", f.Warning.Note)
	if f.Projection.Method != "ols" {
		c.Fail("projection.method", "%q is not a method (expected ols)", f.Projection.Method)
	}
	if f.Projection.ListYears < 2 {
		c.Fail("projection.list_years", "%d: at least 2 list years are needed to fit a trend", f.Projection.ListYears)
	}
	c.Text("projection.note", f.Projection.Note)
	if err := c.Err(); err != nil {
		return nil, err
	}
	g.Projection = ProjectionMethod{Method: f.Projection.Method, ListYears: f.Projection.ListYears, Note: f.Projection.Note}
	return g, nil
}

// ParseMargins reads early-warning margins as written: percentage points,
// a multiple and a percentage of residents ("6", "1", "10"). Each must be
// 0 or more.
func ParseMargins(points, multiple, residents string) (Margins, error) {
	return parseMargins(points, multiple, residents)
}

func parseMargins(points, multiple, residents string) (Margins, error) {
	var m Margins
	for _, f := range []struct {
		name string
		s    string
		to   *blandby.Ratio
		pct  bool
	}{{"points", points, &m.Points, false}, {"multiple", multiple, &m.Multiple, false}, {"residents", residents, &m.Residents, true}} {
		v, err := blandby.ParseDecimal(strings.TrimSpace(f.s))
		if err != nil || v.Sign() < 0 {
			return Margins{}, fmt.Errorf("%s: %q is not a number of 0 or more", f.name, f.s)
		}
		if f.pct {
			v = v.Quo(blandby.RatioInt(100))
		}
		*f.to = v
	}
	return m, nil
}

// Target returns the target with the id.
func (g *Goal) Target(id string) (*Target, bool) {
	for i := range g.Targets {
		if g.Targets[i].ID == id {
			return &g.Targets[i], true
		}
	}
	return nil, false
}

// NonWesternBar returns the bar of the first target on the non-Western
// share alone (no lists): the share no housing area may exceed. nil when
// no target has one.
func (g *Goal) NonWesternBar() *Bar {
	for i := range g.Targets {
		if t := &g.Targets[i]; t.NonWestern != nil && len(t.Lists) == 0 {
			return t.NonWestern
		}
	}
	return nil
}

// Goals is the set of goals, ordered by the date they took effect.
type Goals = law.Catalogue[*Goal]

// Version is the goal's place in the catalogue.
func (g *Goal) Version() law.Version { return law.Version{ID: g.ID, ValidFrom: g.ValidFrom} }

// Embedded returns the goals built into the binary (law/rules/monitor).
var Embedded = sync.OnceValues(func() (*Goals, error) {
	return law.EmbeddedCatalogue("monitor", ParseGoal)
})

// GoalFor returns the embedded goal the monitor holds a date against: the
// goal in force on the date, or, for a date before the first goal took
// effect, the first goal, applied to the earlier years in hindsight.
func GoalFor(date time.Time) (*Goal, error) {
	goals, err := Embedded()
	if err != nil {
		return nil, err
	}
	if first := goals.All()[0]; date.Before(first.ValidFrom) {
		return first, nil
	}
	return goals.At(date)
}

package letting

import (
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// Membership is the dated membership of the EU, the EEA and the states
// § 59, stk. 6, nr. 4 names (Switzerland), from law/rules/countries.
type Membership struct {
	ID       string
	LegalRef string
	Source   blandby.Text
	Periods  []MemberPeriod
}

// MemberPeriod is a span in which citizens of a state count, both days
// included; To zero is open-ended.
type MemberPeriod struct {
	Code  string
	From  Date
	To    Date
	Basis Basis
}

// Basis is why a state's citizens count in a period.
type Basis string

// The bases.
const (
	BasisEU  Basis = "eu"
	BasisEEA Basis = "eea"
	// BasisNamed is a state the provision names itself (Switzerland).
	BasisNamed Basis = "named"
	// BasisTransition is the United Kingdom's transition period after it
	// left the EU: it counts only under the uk_transition switch.
	BasisTransition Basis = "transition"
)

var bases = []Basis{BasisEU, BasisEEA, BasisNamed, BasisTransition}

// Period returns the period of a citizenship that covers a date.
func (m *Membership) Period(code string, d Date) (MemberPeriod, bool) {
	for _, p := range m.Periods {
		if p.Code == code && !d.Before(p.From.Time) && (p.To.IsZero() || !d.After(p.To.Time)) {
			return p, true
		}
	}
	return MemberPeriod{}, false
}

type fileMembership struct {
	ID       string       `yaml:"id"`
	LegalRef string       `yaml:"legal_ref"`
	Source   blandby.Text `yaml:"source"`
	Periods  []struct {
		Code  string `yaml:"code"`
		From  string `yaml:"from"`
		To    string `yaml:"to"`
		Basis string `yaml:"basis"`
	} `yaml:"periods"`
}

// ParseMembership decodes and validates a membership file.
func ParseMembership(name string, data []byte) (*Membership, error) {
	var f fileMembership
	if err := law.DecodeStrict(name, data, &f); err != nil {
		return nil, err
	}
	v := validator{law.NewCheck(name)}
	m := &Membership{ID: f.ID, LegalRef: f.LegalRef, Source: f.Source}
	if f.ID == "" || f.LegalRef == "" {
		v.Fail("id", "an id and a legal_ref are required")
	}
	v.Text("source", f.Source)
	for i, p := range f.Periods {
		field := fmt.Sprintf("periods[%d]", i)
		if len(p.Code) != 2 || strings.ToUpper(p.Code) != p.Code {
			v.Fail(field+".code", "expected an ISO 3166-1 alpha-2 code in capitals, got %q", p.Code)
		}
		mp := MemberPeriod{Code: p.Code, Basis: Basis(p.Basis)}
		var err error
		if mp.From, err = ParseDate(p.From); err != nil {
			v.Fail(field+".from", "%v", err)
		}
		if p.To != "" {
			if mp.To, err = ParseDate(p.To); err != nil || mp.To.Before(mp.From.Time) {
				v.Fail(field+".to", "expected a date on or after from, got %q", p.To)
			}
		}
		if !slices.Contains(bases, mp.Basis) {
			v.Fail(field+".basis", "unknown basis %q (expected one of %v)", p.Basis, bases)
		}
		m.Periods = append(m.Periods, mp)
	}
	if len(m.Periods) == 0 {
		v.Fail("periods", "required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return m, nil
}

// memberships reads every membership file of law/rules/countries.
func memberships() (map[string]*Membership, error) {
	fsys, err := law.RuleFiles("countries")
	if err != nil {
		return nil, err
	}
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	out := map[string]*Membership{}
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("membership %s: %w", n, err)
		}
		m, err := ParseMembership(n, data)
		if err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, nil
}

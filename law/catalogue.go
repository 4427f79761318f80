package law

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/blandby/blandby"
)

// Version is what a catalogue knows of a rule set of any kind (lists,
// letting, rental, plan, monitor): its id, its track (empty for a kind with
// one), the day it takes effect, and the ids of earlier rule sets it
// replaces.
type Version struct {
	ID        string
	Track     string
	ValidFrom time.Time
	Replaces  []string
}

// Versioned is a rule set a catalogue can hold.
type Versioned interface {
	Version() Version
}

// Catalogue holds the rule sets of one kind, oldest first: the one
// definition of "the rule set in force on a date" for every kind.
type Catalogue[T Versioned] struct {
	kind string
	sets []T
}

// NewCatalogue orders the rule sets of a kind by the day they take
// effect. No rule sets, two with one id, or two of one track taking effect
// on the same day are errors.
func NewCatalogue[T Versioned](kind string, sets []T) (*Catalogue[T], error) {
	if len(sets) == 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "no %s rule sets", kind)
	}
	sets = slices.Clone(sets)
	slices.SortStableFunc(sets, func(a, b T) int { return a.Version().ValidFrom.Compare(b.Version().ValidFrom) })
	for i, a := range sets {
		va := a.Version()
		for _, b := range sets[:i] {
			vb := b.Version()
			if va.ID == vb.ID {
				return nil, blandby.Errorf(blandby.CodeInvalid, "%s rule set %s is given twice", kind, va.ID)
			}
			if va.Track == vb.Track && va.ValidFrom.Equal(vb.ValidFrom) {
				return nil, blandby.Errorf(blandby.CodeInvalid, "%s rule sets %s and %s take effect on the same date", kind, vb.ID, va.ID)
			}
		}
	}
	return &Catalogue[T]{kind: kind, sets: sets}, nil
}

// LoadCatalogue parses every *.yaml file of a directory with parse (which
// is given the file's path and bytes) into a catalogue of the kind; the
// errors of every bad file are reported together.
func LoadCatalogue[T Versioned](kind string, fsys fs.FS, dir string, parse func(name string, data []byte) (T, error)) (*Catalogue[T], error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("%s rule sets: %w", kind, err)
	}
	var sets []T
	var errs []error
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, fmt.Errorf("%s rule set %s: %w", kind, n, err)
		}
		rs, err := parse(n, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sets = append(sets, rs)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return NewCatalogue(kind, sets)
}

// EmbeddedCatalogue loads the rule sets of a kind built into the binary
// (law/rules/KIND).
func EmbeddedCatalogue[T Versioned](kind string, parse func(name string, data []byte) (T, error)) (*Catalogue[T], error) {
	fsys, err := RuleFiles(kind)
	if err != nil {
		return nil, fmt.Errorf("embedded %s rule sets: %w", kind, err)
	}
	c, err := LoadCatalogue(kind, fsys, ".", parse)
	if err != nil {
		return nil, fmt.Errorf("embedded %s rule sets: %w", kind, err)
	}
	return c, nil
}

// InForce returns the rule set of a kind in force on a date, from the
// kind's embedded catalogue: law.InForce(plan.Embedded, date).
func InForce[T Versioned](embedded func() (*Catalogue[T], error), date time.Time) (T, error) {
	c, err := embedded()
	if err != nil {
		var zero T
		return zero, err
	}
	return c.At(date)
}

// All returns the rule sets, oldest first.
func (c *Catalogue[T]) All() []T { return slices.Clone(c.sets) }

// At returns the rule set in force on a date: the latest to take effect on
// or before it (of the kind's one track).
func (c *Catalogue[T]) At(date time.Time) (T, error) { return c.AtTrack("", date) }

// AtTrack returns the rule set of a track in force on a date.
func (c *Catalogue[T]) AtTrack(track string, date time.Time) (T, error) {
	for i := len(c.sets) - 1; i >= 0; i-- {
		if v := c.sets[i].Version(); v.Track == track && !date.Before(v.ValidFrom) {
			return c.sets[i], nil
		}
	}
	var zero T
	for _, rs := range c.sets {
		if v := rs.Version(); v.Track == track {
			return zero, blandby.Errorf(blandby.CodeInvalid, "no %s rule set in force on %s (the earliest takes effect on %s)",
				c.kind, date.Format(time.DateOnly), v.ValidFrom.Format(time.DateOnly))
		}
	}
	return zero, blandby.Errorf(blandby.CodeInvalid, "no %s rule set of track %q", c.kind, track)
}

// ByID returns the rule set with the id, or the one that replaces it.
func (c *Catalogue[T]) ByID(id string) (T, error) {
	for _, rs := range c.sets {
		if v := rs.Version(); v.ID == id || slices.Contains(v.Replaces, id) {
			return rs, nil
		}
	}
	var zero T
	return zero, blandby.Errorf(blandby.CodeNotFound, "no %s rule set %q", c.kind, id)
}

package law

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/blandby/blandby"
)

// Header is the head of every rule file, whatever its kind (lists,
// letting, rental, plan, monitor): its id, the date it takes effect, and
// its title and source in Danish and English. A kind's file schema embeds
// it inline, and Check.Header validates it.
type Header struct {
	ID        string       `yaml:"id"`
	ValidFrom scalar       `yaml:"valid_from"`
	Title     blandby.Text `yaml:"title"`
	Source    blandby.Text `yaml:"source"`
}

// IDRule says what a kind's rule-file id must equal.
type IDRule int

// The id rules: the valid_from date, the file name (without extension),
// or both.
const (
	IDIsValidFrom IDRule = 1 << iota
	IDIsFileName
)

// Check collects the input errors of one rule file, each naming the file,
// the field and, where known, the line and column: every kind of rule file
// is validated through it, so that all of them report alike and a file
// with several errors reports them all.
type Check struct {
	file string
	errs blandby.InputErrors
}

// NewCheck returns a check of the file name.
func NewCheck(name string) *Check { return &Check{file: name} }

// Fail records an error in field.
func (c *Check) Fail(field, format string, args ...any) {
	c.errs.Add(&blandby.InputError{File: c.file, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// failAt records an error in field at a value's line and column.
func (c *Check) failAt(at scalar, field, format string, args ...any) {
	c.errs.Add(&blandby.InputError{File: c.file, Line: at.Line, Column: at.Column, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the errors recorded, or nil.
func (c *Check) Err() error { return c.errs.Err() }

// Text checks that a text is given in Danish and English.
func (c *Check) Text(field string, t blandby.Text) {
	if err := t.Complete(); err != nil {
		c.Fail(field, "%v", err)
	}
}

// Ref checks that a legal reference is given.
func (c *Check) Ref(field, ref string) {
	if strings.TrimSpace(ref) == "" {
		c.Fail(field, "a legal reference is required")
	}
}

// Date parses a date YYYY-MM-DD (the zero time and an error recorded
// otherwise).
func (c *Check) Date(field, s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		c.Fail(field, "expected a date YYYY-MM-DD, got %q", s)
	}
	return t
}

// Header checks a rule file's header: valid_from a date, the id as rule
// says, title and source in both languages. It returns the valid_from date.
func (c *Check) Header(h Header, rule IDRule) time.Time {
	from, err := time.Parse(time.DateOnly, h.ValidFrom.Text)
	if err != nil {
		c.failAt(h.ValidFrom, "valid_from", "expected a date YYYY-MM-DD, got %q", h.ValidFrom.Text)
	}
	if rule&IDIsValidFrom != 0 && h.ID != h.ValidFrom.Text {
		c.failAt(h.ValidFrom, "id", "must equal valid_from (%q), got %q", h.ValidFrom.Text, h.ID)
	}
	if stem := strings.TrimSuffix(path.Base(c.file), path.Ext(c.file)); rule&IDIsFileName != 0 && stem != h.ID {
		c.Fail("id", "must equal the file name (%q), got %q", stem, h.ID)
	}
	c.Text("title", h.Title)
	c.Text("source", h.Source)
	return from
}

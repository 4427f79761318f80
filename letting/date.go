package letting

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar day (UTC midnight), written YYYY-MM-DD in JSON.
type Date struct{ time.Time }

// NewDate returns the day y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return NewDate(t.Year(), t.Month(), t.Day()) }

// ParseDate reads YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: expected YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// String returns YYYY-MM-DD.
func (d Date) String() string { return d.Format(time.DateOnly) }

// MarshalJSON writes "YYYY-MM-DD".
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("expected a date as \"YYYY-MM-DD\"")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AddMonths returns the day n months later (negative: earlier), as
// time.AddDate normalises it.
func (d Date) AddMonths(n int) Date { return Date{d.AddDate(0, n, 0)} }

// days returns the day number since the Unix epoch.
func (d Date) days() int64 { return d.Unix() / 86400 }

// month is a calendar month counted from year 0 (12*year + month-1).
type month int

func monthOf(d Date) month { return month(d.Year()*12 + int(d.Month()) - 1) }

// first and last return the first and last day of the month.
func (m month) first() Date { return NewDate(int(m)/12, time.Month(int(m)%12+1), 1) }
func (m month) last() Date  { return Date{(m + 1).first().AddDate(0, 0, -1)} }

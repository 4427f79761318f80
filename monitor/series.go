package monitor

import (
	"fmt"
	"slices"

	"github.com/blandby/blandby"
)

// Break is the break in a series of published years between the ghetto
// lists and the lists from 2021: up to Before the lists were ghettolister
// (ghettoområde and hårdt ghettoområde, from 2018 also udsat boligområde)
// and there was no forebyggelse list; from After the lists are
// parallelsamfund, omdannelse, udsat and forebyggelse. A count of the goal
// (udsat or forebyggelse, and above the non-Western bar) is therefore not
// taken from the same lists on both sides.
type Break struct {
	// Before is the last published year without a forebyggelse list,
	// After the first with one.
	Before int
	After  int
}

// SeriesBreak returns the break in published years (oldest first): the
// first year whose rule set defines the forebyggelse list, after a year
// whose rule set does not. ok is false when the years do not span it.
func SeriesBreak(years []Year) (b Break, ok bool) {
	for i := 1; i < len(years); i++ {
		if !slices.Contains(years[i-1].Lists(), blandby.Forebyggelse) && slices.Contains(years[i].Lists(), blandby.Forebyggelse) {
			return Break{Before: years[i-1].Year, After: years[i].Year}, true
		}
	}
	return Break{}, false
}

// Label is the break's short label, for a chart's marker.
func (b Break) Label() blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Brud %d/%d: nye lister", b.Before, b.After),
		EN: fmt.Sprintf("Break %d/%d: new lists", b.Before, b.After),
	}
}

// SeriesLabels names the two lines a chart draws the published counts
// as: the ghetto lists up to the break and the new lists from it.
func (b Break) SeriesLabels() (before, after blandby.Text) {
	return blandby.Text{
			DA: fmt.Sprintf("Offentliggjort, ghettolister (til og med %d)", b.Before),
			EN: fmt.Sprintf("Published, ghetto lists (up to %d)", b.Before),
		}, blandby.Text{
			DA: fmt.Sprintf("Offentliggjort, nye lister (fra %d)", b.After),
			EN: fmt.Sprintf("Published, new lists (from %d)", b.After),
		}
}

// Note says what the break is and why it is marked.
func (b Break) Note() blandby.Text {
	return blandby.Text{
		DA: fmt.Sprintf("Brud i serien mellem %d og %d: til og med %d er listerne ghettolister (ghettoområde og hårdt ghettoområde, fra 2018 også udsat boligområde), og der fandtes ingen liste over forebyggelsesområder; fra %d er listerne de nye (parallelsamfund, omdannelsesområde, udsat boligområde og forebyggelsesområde). Tallene på hver side af bruddet er talt på forskellige lister og kan ikke sammenlignes direkte.", b.Before, b.After, b.Before, b.After),
		EN: fmt.Sprintf("Break in the series between %d and %d: up to and including %d the lists are the ghetto lists (ghettoområde and hårdt ghettoområde, from 2018 also udsat boligområde) and there was no list of forebyggelsesområder; from %d they are the new lists (parallelsamfund, omdannelsesområde, udsat boligområde and forebyggelsesområde). The figures on either side of the break are counted on different lists and cannot be compared directly.", b.Before, b.After, b.Before, b.After),
	}
}

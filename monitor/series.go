package monitor

import (
	"slices"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/msg"
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
	return msg.Text("monitor.series.break_new_lists", b.Before, b.After)
}

// SeriesLabels names the two lines a chart draws the published counts
// as: the ghetto lists up to the break and the new lists from it.
func (b Break) SeriesLabels() (before, after blandby.Text) {
	return msg.Text("monitor.series.published_ghetto_lists_up", b.Before), msg.Text("monitor.series.published_new_lists_from", b.After)
}

// Note says what the break is and why it is marked.
func (b Break) Note() blandby.Text {
	return msg.Text("monitor.series.break_in_series_between", b.Before, b.After, b.Before, b.After)
}

package monitor

import (
	"slices"

	"github.com/blandby/blandby"
)

// Line is a chart's line: one value per year of the chart, nil where the
// line has no point. The yearly report (SVG) and the web's monitor page
// (Chart.js) draw the same lines.
type Line []*float64

// ListLines are the areas on each of blandby.ListsWidestFirst year by year, one line per
// list in that order, with no point in a year whose rule set had no such
// list.
func ListLines(tallies []Tally) []Line {
	out := make([]Line, len(blandby.ListsWidestFirst))
	for i, c := range blandby.ListsWidestFirst {
		for _, t := range tallies {
			var v *float64
			if slices.Contains(t.Lists, c) {
				v = point(t.OnCounts[c])
			}
			out[i] = append(out[i], v)
		}
	}
	return out
}

// GoalLines are the lines of the headline target's chart: its count in
// each published year, then projected to the goal year.
type GoalLines struct {
	// Years are the published years, then the projected ones.
	Years []int
	// Before and Published are the exact counts, before the series break
	// and from it (every year in Published without a break).
	Before, Published Line
	// Inexact is set when some year's count is not known exactly (a share
	// unknown); Least and Most are then that year's two ends.
	Inexact     bool
	Least, Most Line
	// Point, Best and Worst are the projection under each scenario, joined
	// to the last published count.
	Point, Best, Worst Line
	// Target is the target's maximum, at the goal year.
	Target Line
}

// NewGoalLines draws target h's counts of the published years (counts[i]
// is the count of years[i]) split at the break br (nil: none), and the
// projection p.
func NewGoalLines(years []int, counts []Count, br *Break, p *Projection, h *Target) GoalLines {
	var g GoalLines
	for i, y := range years {
		g.Years = append(g.Years, y)
		c := counts[i]
		var v, lo, hi *float64
		switch {
		case c.Exact():
			v = point(c.Areas)
		case !c.Open:
			g.Inexact = true
			lo, hi = point(c.Areas), point(c.Areas+c.Unknown)
		}
		if br != nil && y <= br.Before {
			g.Before, g.Published = append(g.Before, v), append(g.Published, nil)
		} else {
			g.Before, g.Published = append(g.Before, nil), append(g.Published, v)
		}
		g.Least, g.Most = append(g.Least, lo), append(g.Most, hi)
		g.Point, g.Best, g.Worst = append(g.Point, nil), append(g.Best, nil), append(g.Worst, nil)
		g.Target = append(g.Target, nil)
	}
	if last := len(g.Years) - 1; last >= 0 {
		g.Point[last], g.Best[last], g.Worst[last] = g.Published[last], g.Published[last], g.Published[last]
	}
	for _, py := range p.Years {
		g.Years = append(g.Years, py.Year)
		g.Before, g.Published = append(g.Before, nil), append(g.Published, nil)
		g.Least, g.Most = append(g.Least, nil), append(g.Most, nil)
		g.Point = append(g.Point, point(py.Targets[Point][h.ID]))
		g.Best = append(g.Best, point(py.Targets[Best][h.ID]))
		g.Worst = append(g.Worst, point(py.Targets[Worst][h.ID]))
		g.Target = append(g.Target, nil)
	}
	if n := len(g.Target); n > 0 {
		g.Target[n-1] = point(h.Max)
	}
	return g
}

func point(n int) *float64 {
	v := float64(n)
	return &v
}

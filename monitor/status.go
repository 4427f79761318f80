package monitor

import (
	"github.com/blandby/blandby"
	"github.com/blandby/blandby/law"
)

// GoalStatus is where the country stands against the goal: each target's
// count on the last published list and projected to the goal year.
type GoalStatus struct {
	GoalID   string       `json:"goal_id"`
	Title    blandby.Text `json:"title"`
	LegalRef string       `json:"legal_ref"`
	Year     int          `json:"year"`
	// From is the last published list year.
	From     int            `json:"from"`
	Headline string         `json:"headline"`
	Targets  []TargetStatus `json:"targets"`
}

// TargetStatus is one target's count now and in the goal year.
type TargetStatus struct {
	ID    string       `json:"id"`
	Label blandby.Text `json:"label"`
	// LegalRef names the sentence the target applies.
	LegalRef string `json:"legal_ref"`
	Max      int    `json:"max"`
	// Now is the count on the last published list: the areas that count
	// for certain. NowKnown is false when that list cannot say exactly
	// (non-Western shares unknown); NowUnknown is then how many more may
	// count (-1: no upper bound), and NowCount the whole count.
	Now        int   `json:"now"`
	NowKnown   bool  `json:"now_known"`
	NowUnknown int   `json:"now_unknown"`
	NowCount   Count `json:"-"`
	// Point, Low and High are the projected counts in the goal year: on
	// the trend lines, and at the favourable and unfavourable ends of the
	// uncertainty range. Projected is false without a projection.
	Projected bool `json:"projected"`
	Point     int  `json:"point"`
	Low       int  `json:"low"`
	High      int  `json:"high"`
	// OnTrack is true when the point projection meets the target; once
	// the goal year is published, when the count does even with every
	// unknown area counted.
	OnTrack bool `json:"on_track"`
}

// Status returns the goal status from the published years and a
// projection of them (nil: counts now only).
func (g *Goal) Status(years []Year, p *Projection) GoalStatus {
	s := GoalStatus{GoalID: g.ID, Title: g.Title, LegalRef: g.LegalRef, Year: g.Year, Headline: g.Headline, Targets: []TargetStatus{}}
	var last *Year
	if len(years) > 0 {
		last = &years[len(years)-1]
		s.From = last.Year
	}
	for i := range g.Targets {
		t := &g.Targets[i]
		ts := TargetStatus{ID: t.ID, Label: t.Label, LegalRef: t.LegalRef, Max: t.Max}
		if last != nil {
			ts.NowCount = g.Count(last, t)
			ts.Now, ts.NowKnown, ts.NowUnknown = ts.NowCount.Areas, ts.NowCount.Exact(), ts.NowCount.Unknown
			if ts.NowCount.Open {
				ts.NowUnknown = -1
			}
		}
		if p != nil && len(p.Years) > 0 {
			end := p.Years[len(p.Years)-1]
			ts.Projected = true
			ts.Point, ts.Low, ts.High = end.Targets[Point][t.ID], end.Targets[Best][t.ID], end.Targets[Worst][t.ID]
			ts.OnTrack = ts.Point <= t.Max
		} else if last != nil && last.Year >= g.Year && !ts.NowCount.Open {
			// The goal year is published: the range is the count's.
			high := ts.Now + ts.NowCount.Unknown
			ts.Projected, ts.Point, ts.Low, ts.High = true, ts.Now, ts.Now, high
			ts.OnTrack = high <= t.Max
		}
		s.Targets = append(s.Targets, ts)
	}
	return s
}

// IndicatorYear is one indicator's national picture in a published year.
type IndicatorYear struct {
	Year      int               `json:"year"`
	Indicator blandby.Indicator `json:"indicator"`
	// Areas is the number of areas with a known value; Mean is the mean
	// of their values (each area counts once).
	Areas int           `json:"areas"`
	Mean  blandby.Ratio `json:"mean"`
	// Criteria are the year's criteria on the indicator: their threshold
	// and how many areas met them.
	Criteria []CriterionCount `json:"criteria"`
}

// CriterionCount is a criterion's threshold and the areas meeting it.
type CriterionCount struct {
	ID        string        `json:"id"`
	Kind      string        `json:"kind"`
	Threshold blandby.Ratio `json:"threshold"`
	Met       int           `json:"met"`
}

// Development returns, per published year with explanations and per
// indicator, the mean value over the areas and how many areas met each
// criterion on it: the criteria's development over the years. Values come
// from the explanations (the conviction criterion's share, not its
// multiple).
func Development(years []Year) []IndicatorYear {
	out := []IndicatorYear{}
	for yi := range years {
		y := &years[yi]
		for _, ind := range blandby.AllIndicators {
			iy := IndicatorYear{Year: y.Year, Indicator: ind, Mean: zero, Criteria: []CriterionCount{}}
			idx := map[string]int{}
			for _, c := range y.RuleSet.Criteria {
				if c.Indicator == ind {
					idx[c.ID] = len(iy.Criteria)
					iy.Criteria = append(iy.Criteria, CriterionCount{ID: c.ID, Kind: string(c.Threshold.Kind), Threshold: c.Threshold.Value})
				}
			}
			if len(iy.Criteria) == 0 {
				continue
			}
			sum := zero
			for ai := range y.Areas {
				a := &y.Areas[ai]
				if a.Result == nil {
					continue
				}
				counted := false
				for _, c := range a.Result.Criteria {
					if c.Indicator != ind {
						continue
					}
					if c.Met {
						if k, ok := idx[c.ID]; ok {
							iy.Criteria[k].Met++
						}
					}
					v := c.Value
					if c.Kind == law.NationalMultiple {
						v = c.Share // a share, comparable across years
					}
					if !counted && v != nil {
						counted = true
						iy.Areas++
						sum = sum.Add(*v)
					}
				}
			}
			if iy.Areas == 0 {
				continue
			}
			iy.Mean = sum.Quo(blandby.RatioInt(int64(iy.Areas)))
			out = append(out, iy)
		}
	}
	return out
}

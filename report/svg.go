package report

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Series is one line or set of bars of a chart. A nil value is a gap.
type Series struct {
	Label  string
	Color  string
	Values []*float64
	Dashed bool
	// Band, when set, are low and high values drawn as a shaded range.
	Low, High []*float64
}

// Chart is a chart drawn as inline SVG: no script, so it prints.
type Chart struct {
	Title  string
	Unit   string
	Labels []string
	Series []Series
	// Bars draws grouped bars instead of lines.
	Bars bool
	// Width and Height are the SVG's size in CSS pixels.
	Width, Height int
	// Break, when above 0, is the index of the first label after a break
	// in the series: a dashed vertical line is drawn before it, with
	// BreakLabel beside it.
	Break      int
	BreakLabel string
}

const (
	padLeft, padRight, padTop, padBottom = 56, 22, 12, 24
)

// SVG draws the chart, with a legend under it.
func (c Chart) SVG() template.HTML {
	w, h := c.Width, c.Height
	if w == 0 {
		w = 640
	}
	if h == 0 {
		h = 260
	}
	lo, hi := 0.0, 0.0
	for _, s := range c.Series {
		for _, vs := range [][]*float64{s.Values, s.Low, s.High} {
			for _, v := range vs {
				if v != nil {
					lo, hi = math.Min(lo, *v), math.Max(hi, *v)
				}
			}
		}
	}
	top := niceCeil(hi)
	if top == 0 {
		top = 1
	}
	pw, ph := float64(w-padLeft-padRight), float64(h-padTop-padBottom)
	n := len(c.Labels)
	x := func(i int) float64 {
		if c.Bars {
			return padLeft + pw*(float64(i)+0.5)/float64(max(n, 1))
		}
		if n <= 1 {
			return padLeft + pw/2
		}
		return padLeft + pw*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 { return padTop + ph*(1-(v-lo)/(top-lo)) }
	var b strings.Builder
	fmt.Fprintf(&b, `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`, w, h, w, h, template.HTMLEscapeString(c.Title))
	for k := 0; k <= 4; k++ {
		v := lo + (top-lo)*float64(k)/4
		yy := y(v)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e5e7eb"/>`, padLeft, w-padRight, yy, yy)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end" font-size="11" fill="#374151">%s</text>`, padLeft-6, yy+4, tick(v, c.Unit))
	}
	room := max(1, (w-padLeft-padRight)/40) // labels that fit
	step := max(1, (n+room-1)/room)
	for i, l := range c.Labels {
		if i%step != 0 && i != n-1 {
			continue
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" font-size="11" fill="#374151">%s</text>`, x(i), h-padBottom+16, template.HTMLEscapeString(l))
	}
	if c.Bars {
		groups := max(len(c.Series), 1)
		bw := pw / float64(max(n, 1)) * 0.8 / float64(groups)
		for si, s := range c.Series {
			for i, v := range s.Values {
				if v == nil {
					continue
				}
				x0 := x(i) - bw*float64(groups)/2 + bw*float64(si)
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"/>`, x0, y(*v), bw*0.95, y(lo)-y(*v), s.Color)
			}
		}
	} else {
		for _, s := range c.Series {
			if s.Low != nil && s.High != nil {
				var up, down []string
				for i := range s.Low {
					if s.Low[i] != nil && s.High[i] != nil {
						up = append(up, fmt.Sprintf("%.1f,%.1f", x(i), y(*s.High[i])))
						down = append([]string{fmt.Sprintf("%.1f,%.1f", x(i), y(*s.Low[i]))}, down...)
					}
				}
				if len(up) > 0 {
					fmt.Fprintf(&b, `<polygon points="%s" fill="%s" fill-opacity="0.15" stroke="none"/>`, strings.Join(append(up, down...), " "), s.Color)
				}
			}
			var seg []string
			flush := func() {
				if len(seg) > 0 {
					dash := ""
					if s.Dashed {
						dash = ` stroke-dasharray="6 4"`
					}
					fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"%s/>`, strings.Join(seg, " "), s.Color, dash)
				}
				seg = nil
			}
			for i, v := range s.Values {
				if v == nil {
					flush()
					continue
				}
				seg = append(seg, fmt.Sprintf("%.1f,%.1f", x(i), y(*v)))
				fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, x(i), y(*v), s.Color)
			}
			flush()
		}
	}
	if c.Break > 0 && c.Break < n {
		bx := (x(c.Break-1) + x(c.Break)) / 2
		fmt.Fprintf(&b, `<line class="series-break" x1="%.1f" x2="%.1f" y1="%d" y2="%.1f" stroke="#111827" stroke-width="1.5" stroke-dasharray="3 3"/>`, bx, bx, padTop, y(lo))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="10" fill="#111827">%s</text>`, bx+4, padTop+10, template.HTMLEscapeString(c.BreakLabel))
	}
	fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#6b7280"/>`, padLeft, w-padRight, y(lo), y(lo))
	b.WriteString(`</svg><div class="legend">`)
	for _, s := range c.Series {
		style := "solid"
		if s.Dashed {
			style = "dashed"
		}
		fmt.Fprintf(&b, `<span><i style="border-top:3px %s %s"></i>%s</span>`, style, s.Color, template.HTMLEscapeString(s.Label))
	}
	b.WriteString(`</div>`)
	if c.Title != "" {
		fmt.Fprintf(&b, `<figcaption>%s</figcaption>`, template.HTMLEscapeString(c.Title))
	}
	b.WriteString(`</figure>`)
	return template.HTML(b.String())
}

// niceCeil rounds up to 1, 2, 2.5 or 5 times a power of ten.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 0
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func tick(v float64, unit string) string {
	s := strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.1f", v), "0"), ".")
	s = strings.ReplaceAll(s, ".", ",")
	if unit != "" {
		s += " " + unit
	}
	return s
}

func fp(v float64) *float64 { return &v }

package synth

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"strings"

	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/official"
)

// Area names are invented: two or three syllables that are not Danish
// words, and a suffix of the kind Danish housing estates carry. A name that
// contains a real name (a published area, a municipality) is drawn again.
var (
	nameOnsets = []string{"B", "D", "F", "G", "K", "L", "M", "N", "P", "R", "S", "T", "V", "Z", "Kv", "Tr", "Br", "Gl", "Sk", "Fj"}
	nameNuclei = []string{"a", "e", "i", "o", "u", "y", "ø"}
	nameCodas  = []string{"", "", "", "n", "l", "r", "m", "x"}
	nameSuffix = []string{"parken", "gården", "vænget", "haven", "høj", "lunden", "toften", "engen", "bakken", "vangen"}
)

// realNames are lower-cased names that a synthetic name must not contain:
// the published 2010 areas (each part of a name such as "Byparken/Skovparken"
// without its suffix) and the municipalities.
var realNames = func() []string {
	var out []string
	add := func(s string) {
		s = strings.ToLower(strings.TrimSpace(s))
		for _, suf := range nameSuffix {
			s = strings.TrimSuffix(s, suf)
		}
		if len([]rune(s)) >= 4 {
			out = append(out, s)
		}
	}
	r := csv.NewReader(bufio.NewReader(bytes.NewReader(official.Areas2010)))
	recs, _ := r.ReadAll()
	for i, rec := range recs {
		if i == 0 || len(rec) < 2 {
			continue
		}
		for _, part := range strings.FieldsFunc(rec[1], func(r rune) bool { return r == '/' || r == ',' || r == ' ' }) {
			add(part)
		}
	}
	for _, m := range dk.Municipalities {
		add(m.Name)
	}
	return out
}()

// areaName invents a name; used holds names already given.
func areaName(r *rng, used map[string]bool) string {
	for {
		var b strings.Builder
		n := 2 + r.intn(2)
		for i := 0; i < n; i++ {
			on := nameOnsets[r.intn(len(nameOnsets))]
			if i > 0 {
				on = strings.ToLower(on)
			}
			b.WriteString(on)
			b.WriteString(nameNuclei[r.intn(len(nameNuclei))])
			if i == n-1 {
				b.WriteString(nameCodas[r.intn(len(nameCodas))])
			}
		}
		stem := b.String()
		name := stem + nameSuffix[r.intn(len(nameSuffix))]
		if used[name] || isRealName(name) {
			continue
		}
		used[name] = true
		return name
	}
}

// isRealName reports whether a name contains, or is contained in, a real
// name.
func isRealName(name string) bool {
	s := strings.ToLower(name)
	for _, real := range realNames {
		if strings.Contains(s, real) || strings.Contains(real, s) {
			return true
		}
	}
	return false
}

// Package registry is the area registry: every real housing area with a
// stable id, its municipality, and every name it has been printed under
// (aliases), with the renames, merges and splits between them as dated
// events. Every reader that takes an area's name resolves it here; a name
// the registry does not know is an error that suggests the nearest known
// names, never a silent new id.
//
// The registry is data (a YAML file, docs/official.md): the one bundled with
// blandby is official/areas.yaml, and a user's file extends it (Extend).
package registry

import (
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/dk"
	"github.com/blandby/blandby/law"
)

// Event kinds.
const (
	// Rename: the area was printed under a new name from Year on.
	Rename = "rename"
	// Merge: the areas From became this area in Year.
	Merge = "merge"
	// Split: this area was split into the areas To in Year.
	Split = "split"
)

// Area is one real housing area.
type Area struct {
	// ID is the stable id: the id derived from the first name the area was
	// printed under, never changed afterwards.
	ID string
	// Name is the name blandby shows (the latest printed).
	Name string
	// MunicipalityCode is the municipality the area lies in.
	MunicipalityCode blandby.MunicipalityCode
	// Aliases are every name the area is known under, Name included.
	Aliases []Alias
	// Events are the area's renames, merges and splits, by year.
	Events []Event
	// File and Line say where the area was defined.
	File string
	Line int
}

// Alias is a name an area was printed under.
type Alias struct {
	Name string
	// Years are the list years that printed the name (may be empty).
	Years []int
	// Assumption, when not empty, says why the name is taken to be this
	// area although no source says so: an open decision (docs/official.md).
	Assumption string
}

// Event is a dated change of an area's name or extent.
type Event struct {
	Year int
	Kind string // Rename, Merge or Split
	// From and To are names (Rename) or area ids (Merge: From, Split: To).
	From, To []string
	Note     string
	// Assumption, when not empty, marks the event as not settled by a
	// source, and says why it is assumed.
	Assumption string
}

// Assumed reports whether any of the area's aliases or events is an
// assumption.
func (a *Area) Assumed() bool {
	for _, al := range a.Aliases {
		if al.Assumption != "" {
			return true
		}
	}
	for _, e := range a.Events {
		if e.Assumption != "" {
			return true
		}
	}
	return false
}

// Area returns the area in the shared vocabulary: id, name, municipality
// code and name, and region.
func (a *Area) Area() blandby.Area {
	out := blandby.Area{ID: a.ID, Name: a.Name, MunicipalityCode: a.MunicipalityCode}
	if m, ok := dk.MunicipalityByCode(a.MunicipalityCode); ok {
		out.Municipality, out.RegionCode = m.Name, m.RegionCode
	}
	return out
}

// Registry is a set of areas with their aliases. The zero value is empty
// and usable.
type Registry struct {
	areas []*Area
	byID  map[string]*Area
	// byName maps a normalised alias to the areas that carry it.
	byName map[string][]*Area
}

// Len returns the number of areas.
func (r *Registry) Len() int { return len(r.areas) }

// Areas returns the areas, in file order.
func (r *Registry) Areas() []*Area { return slices.Clone(r.areas) }

// ByID returns the area with an id.
func (r *Registry) ByID(id string) (*Area, bool) {
	a, ok := r.byID[id]
	return a, ok
}

// NormalizeName is the form names are compared in: Unicode NFC (a printed
// "å" may be one character or "a" and a combining ring), lower case,
// surrounding space trimmed and inner runs of space one space. Punctuation
// is kept: "Solbakken mv" and "Solbakken mv." are two spellings, and the
// registry says that both are one area.
func NormalizeName(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(s))), " ")
}

// fold is the looser form suggestions are measured in: NormalizeName with
// Danish letters transliterated and everything but letters and digits
// dropped.
func fold(s string) string {
	var b strings.Builder
	for _, r := range NormalizeName(s) {
		switch {
		case r == 'æ':
			b.WriteString("ae")
		case r == 'ø':
			b.WriteString("oe")
		case r == 'å':
			b.WriteString("aa")
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Resolve finds the area a name denotes. municipality (a name, or empty when
// the source gives none) picks among areas of the same name in different
// municipalities, and a name known only in another municipality is an
// error. An unknown name is a not-found error (*UnknownNameError) that
// suggests the nearest known names.
func (r *Registry) Resolve(name, municipality string) (*Area, error) {
	var code blandby.MunicipalityCode
	if municipality != "" {
		m, ok := dk.MunicipalityByName(municipality)
		if !ok {
			return nil, blandby.Errorf(blandby.CodeInvalid, "unknown municipality %q (expected one of the %d municipalities, such as København or Høje-Taastrup)", municipality, len(dk.Municipalities))
		}
		code = m.Code
	}
	cands := r.byName[NormalizeName(name)]
	var hits []*Area
	for _, a := range cands {
		if code == 0 || a.MunicipalityCode == code {
			hits = append(hits, a)
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) > 1:
		ids := make([]string, len(hits))
		for i, a := range hits {
			ids[i] = a.ID
		}
		return nil, blandby.Errorf(blandby.CodeInvalid, "area name %q is ambiguous: it names %s; give the municipality", name, strings.Join(ids, ", "))
	}
	return nil, &UnknownNameError{Name: name, Municipality: municipality, Suggestions: r.Suggest(name, code, 3)}
}

// ResolveArea is Resolve giving the area in the shared vocabulary (id,
// name, municipality and region); it makes a Registry the names an
// indicator file's published layout resolves through.
func (r *Registry) ResolveArea(name, municipality string) (blandby.Area, error) {
	a, err := r.Resolve(name, municipality)
	if err != nil {
		return blandby.Area{}, err
	}
	return a.Area(), nil
}

// UnknownNameError is a name the registry does not know, with the nearest
// known names.
type UnknownNameError struct {
	Name, Municipality string
	// Suggestions are the nearest known names, the same municipality's
	// first.
	Suggestions []Suggestion
}

// ErrorCode makes an unknown name a not-found error.
func (e *UnknownNameError) ErrorCode() blandby.Code { return blandby.CodeNotFound }

func (e *UnknownNameError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown area %q", e.Name)
	if e.Municipality != "" {
		fmt.Fprintf(&b, " in %s", e.Municipality)
	}
	b.WriteString(" (not in the area registry")
	if len(e.Suggestions) > 0 {
		b.WriteString("; did you mean ")
		for i, s := range e.Suggestions {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q (%s, %s)", s.Name, s.AreaID, s.Municipality)
		}
		b.WriteString("?")
	}
	b.WriteString("; add the name as an alias with --area-names or blandby import area-names)")
	return b.String()
}

// Suggestion is a known name near an unknown one.
type Suggestion struct {
	Name, AreaID, Municipality string
	// Distance is the edit distance between the folded names.
	Distance int
}

// Suggest returns at most n known names nearest to name by edit distance
// over folded names (lower case, Danish letters transliterated,
// punctuation and space dropped), to the whole name or a part of it between
// "/", "," or "-": names in municipality first (when not
// 0), then the rest; a name farther than half its length is no suggestion,
// except within the municipality when nothing nearer is found.
func (r *Registry) Suggest(name string, municipality blandby.MunicipalityCode, n int) []Suggestion {
	f := fold(name)
	type cand struct {
		s     Suggestion
		local bool
	}
	var cs []cand
	seen := map[string]bool{}
	for _, a := range r.areas {
		mn := ""
		if m, ok := dk.MunicipalityByCode(a.MunicipalityCode); ok {
			mn = m.Name
		}
		for _, al := range a.Aliases {
			if seen[a.ID+"\x00"+al.Name] {
				continue
			}
			seen[a.ID+"\x00"+al.Name] = true
			cs = append(cs, cand{Suggestion{Name: al.Name, AreaID: a.ID, Municipality: mn, Distance: nameDistance(f, al.Name)},
				municipality != 0 && a.MunicipalityCode == municipality})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.local != b.local {
			if a.local {
				return -1
			}
			return 1
		}
		if a.s.Distance != b.s.Distance {
			return a.s.Distance - b.s.Distance
		}
		return strings.Compare(a.s.Name, b.s.Name)
	})
	limit := max(2, len([]rune(f))/2)
	var out []Suggestion
	for _, c := range cs {
		if len(out) == n {
			break
		}
		if c.s.Distance <= limit {
			out = append(out, c.s)
		}
	}
	if len(out) == 0 {
		for _, c := range cs {
			if !c.local || len(out) == n {
				break
			}
			out = append(out, c.s)
		}
	}
	return out
}

// nameDistance is the edit distance from a folded name to a known name or,
// when nearer, to one of its parts ("Skovparken" is a part of
// "Byparken/Skovparken").
func nameDistance(folded, known string) int {
	d := distance(folded, fold(known))
	parts := strings.FieldsFunc(known, func(r rune) bool { return r == '/' || r == ',' || r == '-' })
	if len(parts) > 1 {
		for _, p := range parts {
			d = min(d, distance(folded, fold(p)))
		}
	}
	return d
}

// distance is the Levenshtein distance between two strings, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// The file format (docs/official.md, "The area registry").
type fileRegistry struct {
	Areas []fileArea `yaml:"areas"`
}

type fileArea struct {
	ID               string      `yaml:"id"`
	Name             string      `yaml:"name"`
	MunicipalityCode int         `yaml:"municipality_code"`
	Aliases          []fileAlias `yaml:"aliases"`
	Events           []fileEvent `yaml:"events"`
}

type fileAlias struct {
	Name       string `yaml:"name"`
	Years      []int  `yaml:"years"`
	Assumption string `yaml:"assumption"`
}

type fileEvent struct {
	Year       int      `yaml:"year"`
	Kind       string   `yaml:"kind"`
	From       []string `yaml:"from"`
	To         []string `yaml:"to"`
	Note       string   `yaml:"note"`
	Assumption string   `yaml:"assumption"`
}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Read reads a registry file: YAML with a list "areas" of id, name,
// municipality_code, aliases (name, years, assumption) and events (year,
// kind, from, to, note, assumption). Unknown keys, a malformed id, an
// unknown municipality, an id or an alias used twice in one municipality,
// an alias year outside 1900–2999 and an event naming what the registry
// does not hold are errors naming the file, line and column; nothing of a
// bad file is used.
func Read(r io.Reader, file string) (*Registry, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	// Read strictly like a rule file: one document, no unknown key.
	var f fileRegistry
	if err := law.DecodeStrict(file, data, &f); err != nil {
		return nil, err
	}
	// The same document as nodes, for the line and column of each value.
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &blandby.InputError{File: file, Msg: err.Error()}
	}
	areasNode := lookup(doc.Content[0], "areas")
	if areasNode == nil || len(f.Areas) == 0 {
		return nil, &blandby.InputError{File: file, Line: 1, Field: "areas", Msg: "expected a list \"areas\" with at least one area"}
	}
	reg := &Registry{}
	var errs blandby.InputErrors
	for i, fa := range f.Areas {
		an := areasNode.Content[i]
		at := func(key string, idx int) (int, int) {
			n := lookup(an, key)
			if n == nil {
				return an.Line, an.Column
			}
			if idx >= 0 && n.Kind == yaml.SequenceNode && idx < len(n.Content) {
				n = n.Content[idx]
			}
			return n.Line, n.Column
		}
		fail := func(key string, idx int, field, format string, args ...any) {
			l, c := at(key, idx)
			errs.Add(&blandby.InputError{File: file, Line: l, Column: c, Field: field, Msg: fmt.Sprintf(format, args...)})
		}
		a := &Area{ID: fa.ID, Name: fa.Name, MunicipalityCode: blandby.MunicipalityCode(fa.MunicipalityCode), File: file, Line: an.Line}
		if !idPattern.MatchString(a.ID) {
			fail("id", -1, "id", "area id %q: expected lower-case letters and digits in hyphen-separated words (such as ringparken-slagelse)", a.ID)
		}
		if strings.TrimSpace(a.Name) == "" {
			fail("name", -1, "name", "missing name")
		}
		if _, ok := dk.MunicipalityByCode(a.MunicipalityCode); !ok {
			fail("municipality_code", -1, "municipality_code", "municipality code %d: expected one of the %d municipalities' codes (such as 101 for København)", fa.MunicipalityCode, len(dk.Municipalities))
		}
		names := map[string]bool{}
		for j, fl := range fa.Aliases {
			if strings.TrimSpace(fl.Name) == "" {
				fail("aliases", j, "aliases.name", "missing alias name")
				continue
			}
			if names[NormalizeName(fl.Name)] {
				fail("aliases", j, "aliases.name", "alias %q appears twice", fl.Name)
				continue
			}
			for _, y := range fl.Years {
				if y < 1900 || y > 2999 {
					fail("aliases", j, "aliases.years", "year %d: expected a list year from 1900 to 2999", y)
				}
			}
			names[NormalizeName(fl.Name)] = true
			a.Aliases = append(a.Aliases, Alias{Name: fl.Name, Years: fl.Years, Assumption: fl.Assumption})
		}
		if a.Name != "" && !names[NormalizeName(a.Name)] {
			a.Aliases = append([]Alias{{Name: a.Name}}, a.Aliases...)
		}
		for j, fe := range fa.Events {
			e := Event{Year: fe.Year, Kind: fe.Kind, From: fe.From, To: fe.To, Note: fe.Note, Assumption: fe.Assumption}
			if e.Year < 1900 || e.Year > 2999 {
				fail("events", j, "events.year", "year %d: expected a list year from 1900 to 2999", e.Year)
			}
			switch e.Kind {
			case Rename:
				if len(e.From) != 1 || len(e.To) != 1 {
					fail("events", j, "events.from", "a rename has one name in from and one in to")
					break
				}
				for _, nm := range []string{e.From[0], e.To[0]} {
					if !names[NormalizeName(nm)] && NormalizeName(nm) != NormalizeName(a.Name) {
						fail("events", j, "events", "rename names %q, which is not an alias of %s", nm, a.ID)
					}
				}
			case Merge:
				if len(e.From) == 0 {
					fail("events", j, "events.from", "a merge names the ids of the areas merged in from")
				}
			case Split:
				if len(e.To) == 0 {
					fail("events", j, "events.to", "a split names the ids of the areas split off in to")
				}
			default:
				fail("events", j, "events.kind", "event kind %q: expected rename, merge or split", e.Kind)
			}
			a.Events = append(a.Events, e)
		}
		slices.SortStableFunc(a.Events, func(x, y Event) int { return x.Year - y.Year })
		if err := reg.add(a); err != nil {
			fail("id", -1, "id", "%v", err)
		}
	}
	// Merges and splits name areas, which may come later in the file.
	for _, a := range reg.areas {
		for _, e := range a.Events {
			ids := e.From
			if e.Kind == Split {
				ids = e.To
			}
			if e.Kind == Rename {
				continue
			}
			for _, id := range ids {
				if _, ok := reg.byID[id]; !ok {
					errs.Add(&blandby.InputError{File: file, Line: a.Line, Field: "events", Msg: fmt.Sprintf("%s of %s in %d names area %q, which the registry does not hold", e.Kind, a.ID, e.Year, id)})
				}
			}
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return reg, nil
}

// add adds an area; an id already held, or an alias another area of the
// same municipality carries, is an error.
func (r *Registry) add(a *Area) error {
	if r.byID == nil {
		r.byID, r.byName = map[string]*Area{}, map[string][]*Area{}
	}
	if old, dup := r.byID[a.ID]; dup {
		return fmt.Errorf("area id %q is already defined (%s line %d)", a.ID, old.File, old.Line)
	}
	for _, al := range a.Aliases {
		for _, o := range r.byName[NormalizeName(al.Name)] {
			if o.MunicipalityCode == a.MunicipalityCode {
				return fmt.Errorf("the name %q of %s is already a name of %s in the same municipality (%s line %d)", al.Name, a.ID, o.ID, o.File, o.Line)
			}
		}
	}
	r.areas = append(r.areas, a)
	r.byID[a.ID] = a
	for _, al := range a.Aliases {
		k := NormalizeName(al.Name)
		r.byName[k] = append(r.byName[k], a)
	}
	return nil
}

// Extend returns a registry with the areas of r and of ext: an area of ext
// with a new id is added; one with an id r holds adds its aliases and
// events to r's area (its municipality must be the same, and its name, when
// given, becomes the area's name). A name another area of the same
// municipality already carries is an error. r is not changed.
func (r *Registry) Extend(ext *Registry) (*Registry, error) {
	out := &Registry{}
	for _, a := range r.areas {
		c := *a
		c.Aliases, c.Events = slices.Clone(a.Aliases), slices.Clone(a.Events)
		if o, ok := ext.byID[a.ID]; ok {
			if o.MunicipalityCode != a.MunicipalityCode {
				return nil, &blandby.InputError{File: o.File, Line: o.Line, Field: "municipality_code",
					Msg: fmt.Sprintf("area %s lies in municipality %d (%s line %d), not %d", a.ID, a.MunicipalityCode, a.File, a.Line, o.MunicipalityCode)}
			}
			c.Name = o.Name
			for _, al := range o.Aliases {
				if !slices.ContainsFunc(c.Aliases, func(x Alias) bool { return NormalizeName(x.Name) == NormalizeName(al.Name) }) {
					c.Aliases = append(c.Aliases, al)
				}
			}
			c.Events = append(c.Events, o.Events...)
			slices.SortStableFunc(c.Events, func(x, y Event) int { return x.Year - y.Year })
		}
		if err := out.add(&c); err != nil {
			return nil, err
		}
	}
	for _, a := range ext.areas {
		if _, ok := r.byID[a.ID]; ok {
			continue
		}
		if err := out.add(a); err != nil {
			return nil, &blandby.InputError{File: a.File, Line: a.Line, Field: "aliases", Msg: err.Error()}
		}
	}
	return out, nil
}

func lookup(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

package app

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/compute"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/official"
	"github.com/blandby/blandby/official/verify"
	"github.com/blandby/blandby/record"
	"github.com/blandby/blandby/registry"
	"github.com/blandby/blandby/store"
)

// OfficialRole is the role of the input an import of the published lists
// records: the directory of list files, with a digest over them
// (official.Digest).
const OfficialRole = "official"

// ImportOfficial records the published lists of a directory of list files
// (areas_YYYY.csv and counts.csv, the layout of official/published) as
// imported publications, one per list year under the rule set of its year:
// every row's category by its registry id (names resolve through reg), its
// source, and per list how many areas were published (counts.csv) and how
// many the file names. Reading and storing are one act, audited, all or
// none: a bad file, an unknown name or a year already published imports
// nothing. name is the directory's name in the record (such as
// "official/published", the bundled copy).
func ImportOfficial(ctx context.Context, st store.Store, cat *law.Catalog, reg *registry.Registry, a Actor, by string, fsys fs.FS, dir, name, version string, now time.Time) ([]store.Publication, error) {
	if by == "" {
		by = a.Principal.Name
	}
	var pubs []store.Publication
	err := importAct(ctx, st, a, "official "+name, func() (string, error) {
		lists, err := official.ReadLists(fsys, dir, reg)
		if err != nil {
			return "", err
		}
		counts, err := official.ReadCountsFS(fsys, dir+"/counts.csv")
		if err != nil {
			return "", err
		}
		byYear := map[int]official.Counts{}
		for _, c := range counts {
			byYear[c.Year] = c
		}
		digest, err := official.Digest(fsys, dir)
		if err != nil {
			return "", err
		}
		meta := store.ImportMeta{Input: store.Input{Role: OfficialRole, Name: name, SHA256: digest}, ImportedBy: by,
			ImportedAt: now, SoftwareVersion: version, RuleSets: map[int]string{},
			Sources: map[int]map[string]string{}, Counts: map[int][]store.ListCount{}, Computations: map[int]*store.Computation{}}
		h := official.History(lists)
		meta.Areas, err = listedAreas(reg, lists)
		if err != nil {
			return "", err
		}
		for _, l := range lists {
			rs, err := cat.ForListYear(l.Year)
			if err != nil {
				return "", err
			}
			meta.RuleSets[l.Year] = rs.ID
			meta.Sources[l.Year] = map[string]string{}
			for _, r := range l.Rows {
				if _, ok := rs.List(r.Category); !ok && r.Category != blandby.None {
					return "", &blandby.InputError{File: r.File, Line: r.Line, Field: official.ColPublishedCategory,
						Msg: fmt.Sprintf("there was no %s list in %d (rule set %s)", r.Category, l.Year, rs.ID)}
				}
				meta.Sources[l.Year][r.Indicators.Area.ID] = r.SourceURL
			}
			c, err := valuesComputation(rs, &l, h, meta.Input, version, now)
			if err != nil {
				return "", err
			}
			if c != nil {
				meta.Computations[l.Year] = c
			}
			for _, c := range blandby.ListColumns {
				if _, ok := rs.List(c); !ok {
					continue
				}
				lc := store.ListCount{Category: c, Named: l.Named(c)}
				if n, ok := byYear[l.Year].Published(c); ok {
					lc.Published, lc.Known = n, true
				}
				meta.Counts[l.Year] = append(meta.Counts[l.Year], lc)
			}
		}
		pubs, err = st.ImportHistory(ctx, h, meta)
		return fmt.Sprintf("%d lists, %d areas", len(pubs), len(meta.Areas)), err
	})
	return pubs, err
}

// valuesComputation is the classification of a published list's values
// under its rule set against the published history, for the areas the list
// gives values of (nil when it gives none): what explains each entry of an
// official list 2010–2017.
func valuesComputation(rs *law.RuleSet, l *official.List, h *blandby.History, in store.Input, version string, now time.Time) (*store.Computation, error) {
	rows, out, err := verify.ClassifyValues(rs, l, h)
	if err != nil || out == nil {
		return nil, err
	}
	set := store.IndicatorSet{Year: l.Year, Origin: store.Imported, Source: in.Name, Inputs: []store.Input{in}, CreatedAt: now, Rows: rows}
	c, err := record.Computation(compute.Year{Lists: out}, h, set, version, now)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// listedAreas are the areas the lists name, as the registry gives them (id,
// name, municipality and region), by id: what the store adds to its areas
// when it has none of that id. The registry knows no dwellings and no
// polygon, so they have none.
func listedAreas(reg *registry.Registry, lists []official.List) ([]store.Area, error) {
	seen := map[string]bool{}
	var out []store.Area
	for _, l := range lists {
		for _, r := range l.Rows {
			id := r.Indicators.Area.ID
			if seen[id] {
				continue
			}
			seen[id] = true
			a, ok := reg.ByID(id)
			if !ok {
				return nil, blandby.Errorf(blandby.CodeInternal, "official: area %q of %s is not in the registry", id, r.File)
			}
			out = append(out, store.Area{Area: a.Area()})
		}
	}
	slices.SortFunc(out, func(a, b store.Area) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

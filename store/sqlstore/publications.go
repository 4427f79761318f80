package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/failpoint"
	"github.com/blandby/blandby/store"
)

var (
	publicationsTable = table{name: "publications", cols: []string{"year", "revision", "kind", "computation_id", "rule_set", "software_version",
		"published_at", "published_by", "reason", "inputs", "content_sha256"}}
	entriesTable = table{name: "publication_entries", cols: []string{"year", "revision", "area_id", "category", "computation_id", "source"}}
	countsTable  = table{name: "publication_counts", cols: []string{"year", "revision", "category", "published", "named"}}
)

// Publish makes a computation the published list of its year.
func (s *Store) Publish(ctx context.Context, req store.PublishRequest) (*store.Publication, error) {
	if req.Correction && strings.TrimSpace(req.Reason) == "" {
		return nil, blandby.Errorf(blandby.CodeInvalid, "a correction needs a reason")
	}
	var pub *store.Publication
	err := s.write(ctx, "publish", func(tx *wtx) error {
		c, err := scanComputation(tx.QueryRowContext(ctx, s.q("SELECT "+computationColumns+" FROM computations WHERE id = ?"), req.ComputationID))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no computation %d to publish", req.ComputationID)
		}
		if err != nil {
			return err
		}
		latest, err := latestRevision(ctx, s, tx, c.Year)
		if err != nil {
			return err
		}
		switch {
		case latest > 0 && !req.Correction:
			return alreadyPublished(c.Year, latest)
		case latest == 0 && req.Correction:
			return blandby.Errorf(blandby.CodeConflict, "the list of %d is not published, so there is nothing to correct: publish it without a correction", c.Year)
		}
		p := &store.Publication{
			Year: c.Year, Revision: latest + 1, Kind: store.PublishedComputation, ComputationID: c.ID,
			RuleSet: c.RuleSet, SoftwareVersion: req.SoftwareVersion, PublishedAt: req.PublishedAt,
			PublishedBy: req.PublishedBy, Reason: req.Reason, Inputs: c.Inputs,
		}
		if p.SoftwareVersion == "" {
			p.SoftwareVersion = c.SoftwareVersion
		}
		rows, err := tx.QueryContext(ctx, s.q("SELECT area_id, category, explanation FROM computation_results WHERE computation_id = ?"), c.ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e store.Entry
			var exp sql.NullString
			if err := rows.Scan(&e.AreaID, &e.Category, &exp); err != nil {
				rows.Close()
				return err
			}
			e.Explanation = readRaw(exp)
			p.Entries = append(p.Entries, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		sortEntries(p.Entries)
		p.ContentSHA256 = store.ContentHash(p.Year, p.RuleSet, p.Entries)
		if err := s.insertPublication(ctx, tx, p, 0, nil); err != nil {
			return err
		}
		failpoint.Inject("store.publish")
		pub = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pub, nil
}

func alreadyPublished(year, revision int) error {
	return blandby.Errorf(blandby.CodeConflict,
		"the list of %d is already published (revision %d); a published list never changes: publish a correction, with a reason, to make revision %d",
		year, revision, revision+1)
}

func latestRevision(ctx context.Context, s *Store, q querier, year int) (int, error) {
	var latest sql.NullInt64
	err := q.QueryRowContext(ctx, s.q("SELECT MAX(revision) FROM publications WHERE year = ?"), year).Scan(&latest)
	return int(latest.Int64), err
}

// insertPublication inserts a publication and its entries. A revision
// another transaction has just inserted is a conflict.
//
// explainedBy, when not nil, is the computation whose results explain the
// entries of an imported publication, and explains the areas whose entry
// it agrees with (explained).
func (s *Store) insertPublication(ctx context.Context, tx *wtx, p *store.Publication, explainedBy int64, explained map[string]bool) error {
	inputs, err := encodeJSON(p.Inputs)
	if err != nil {
		return err
	}
	var comp any
	if p.ComputationID != 0 {
		comp = p.ComputationID
	}
	err = s.insert(ctx, tx, publicationsTable, 1, func(_ int, args []any) []any {
		return append(args, p.Year, p.Revision, p.Kind, comp, p.RuleSet, p.SoftwareVersion,
			encodeTime(p.PublishedAt), p.PublishedBy, p.Reason, inputs, p.ContentSHA256)
	})
	if v := s.d.Violation(err); v == Unique || v == AppendOnly {
		if p.Revision == 1 {
			return alreadyPublished(p.Year, 1)
		}
		return blandby.Errorf(blandby.CodeConflict, "revision %d of the list of %d was published by someone else at the same time: look at it before correcting again",
			p.Revision, p.Year)
	}
	if err != nil {
		return err
	}
	err = s.insert(ctx, tx, entriesTable, len(p.Entries), func(i int, args []any) []any {
		e := &p.Entries[i]
		link := comp
		if explained[e.AreaID] {
			link = explainedBy
		}
		return append(args, p.Year, p.Revision, e.AreaID, string(e.Category), link, e.Source)
	})
	if err != nil {
		return err
	}
	return s.insert(ctx, tx, countsTable, len(p.Counts), func(i int, args []any) []any {
		c := &p.Counts[i]
		var published any
		if c.Known {
			published = c.Published
		}
		return append(args, p.Year, p.Revision, string(c.Category), published, c.Named)
	})
}

// readCounts fills the counts of publications, keyed by year and revision.
func readCounts(ctx context.Context, s *Store, q querier, where string, args []any, pubs map[[2]int]*store.Publication) error {
	rows, err := q.QueryContext(ctx, s.q("SELECT year, revision, category, published, named FROM publication_counts"+where+" ORDER BY year, revision, category"), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var y, r int
		var c store.ListCount
		var published sql.NullInt64
		if err := rows.Scan(&y, &r, &c.Category, &published, &c.Named); err != nil {
			return err
		}
		c.Published, c.Known = int(published.Int64), published.Valid
		if p := pubs[[2]int{y, r}]; p != nil {
			p.Counts = append(p.Counts, c)
		}
	}
	return rows.Err()
}

func sortCounts(cs []store.ListCount) {
	slices.SortFunc(cs, func(a, b store.ListCount) int {
		return slices.Index(blandby.ListColumns, a.Category) - slices.Index(blandby.ListColumns, b.Category)
	})
}

func sortEntries(entries []store.Entry) {
	slices.SortFunc(entries, func(a, b store.Entry) int { return strings.Compare(a.AreaID, b.AreaID) })
}

// ImportHistory records the published lists of a history, one imported
// publication (revision 1) per year, all in one transaction.
func (s *Store) ImportHistory(ctx context.Context, h *blandby.History, meta store.ImportMeta) ([]store.Publication, error) {
	if h == nil {
		return nil, blandby.Errorf(blandby.CodeInvalid, "import history: no history")
	}
	for y := range meta.Counts {
		if !h.HasYear(y) {
			return nil, blandby.Errorf(blandby.CodeInvalid, "import history: counts for %d, a year the history does not hold", y)
		}
	}
	seen := make(map[string]bool, len(meta.Areas))
	for i, a := range meta.Areas {
		if a.ID == "" || seen[a.ID] {
			return nil, blandby.Errorf(blandby.CodeInvalid, "import history: area %d: no id, or an id %q given twice", i+1, a.ID)
		}
		seen[a.ID] = true
		if a.Geometry != nil && !json.Valid(a.Geometry) {
			return nil, blandby.Errorf(blandby.CodeInvalid, "import history: area %q: geometry is not valid JSON", a.ID)
		}
	}
	var inputs []store.Input
	if meta.Input != (store.Input{}) {
		inputs = []store.Input{meta.Input}
	}
	// The computations of published values: prepared, and the areas each
	// explains (its result agrees with the published category).
	rows := map[int]computationRow{}
	explained := map[int]map[string]bool{}
	for y, c := range meta.Computations {
		if !h.HasYear(y) || c.Year != y || c.RuleSet != meta.RuleSets[y] {
			return nil, blandby.Errorf(blandby.CodeInvalid, "import history: the computation of %d (rule set %s) is not of a list the history holds under that rule set", c.Year, c.RuleSet)
		}
		r, err := prepareComputation(c)
		if err != nil {
			return nil, err
		}
		r.keepAreas = true // the areas are the import's (meta.Areas), named as it names them
		rows[y] = r
		explained[y] = map[string]bool{}
		for _, res := range c.Results {
			if cat, ok := h.Category(y, res.AreaID); ok && cat == res.Category {
				explained[y][res.AreaID] = true
			}
		}
	}
	var pubs []store.Publication
	for _, year := range h.Years() {
		rs, ok := meta.RuleSets[year]
		if !ok || rs == "" {
			return nil, blandby.Errorf(blandby.CodeInvalid, "import history: no rule set named for the list of %d", year)
		}
		p := store.Publication{Year: year, Revision: 1, Kind: store.PublishedImport, RuleSet: rs,
			SoftwareVersion: meta.SoftwareVersion, PublishedAt: meta.ImportedAt, PublishedBy: meta.ImportedBy, Inputs: inputs}
		for _, e := range h.Entries(year) {
			if !e.Category.Valid() {
				return nil, blandby.Errorf(blandby.CodeInvalid, "import history: %d, area %q: %q is not a category", year, e.AreaID, e.Category)
			}
			entry := store.Entry{AreaID: e.AreaID, Category: e.Category, Source: meta.Sources[year][e.AreaID]}
			if explained[year][e.AreaID] {
				entry.Explanation = explanationOf(meta.Computations[year], e.AreaID)
			}
			p.Entries = append(p.Entries, entry)
		}
		for _, c := range meta.Counts[year] {
			if !c.Category.Valid() || c.Category == blandby.None || c.Named < 0 || c.Known && c.Published < 0 {
				return nil, blandby.Errorf(blandby.CodeInvalid, "import history: %d: bad count %+v", year, c)
			}
			p.Counts = append(p.Counts, c)
		}
		sortCounts(p.Counts)
		p.ContentSHA256 = store.ContentHash(year, rs, p.Entries)
		pubs = append(pubs, p)
	}
	err := s.write(ctx, "import history", func(tx *wtx) error {
		if err := s.insert(ctx, tx, newAreasTable, len(meta.Areas), func(i int, args []any) []any {
			a := &meta.Areas[i]
			return append(args, a.ID, a.Name, a.MunicipalityCode, a.RegionCode, a.DwellingsTotal, a.FamilyDwellings, rawJSON(a.Geometry))
		}); err != nil {
			return err
		}
		for i := range pubs {
			p := &pubs[i]
			latest, err := latestRevision(ctx, s, tx, p.Year)
			if err != nil {
				return err
			}
			if latest > 0 {
				return blandby.Errorf(blandby.CodeConflict, "import history: the list of %d is already published (revision %d); nothing was imported", p.Year, latest)
			}
			var by int64
			if c, ok := meta.Computations[p.Year]; ok {
				if by, err = s.addComputation(ctx, tx, c, rows[p.Year]); err != nil {
					return err
				}
			}
			if err := s.insertPublication(ctx, tx, p, by, explained[p.Year]); err != nil {
				return err
			}
		}
		failpoint.Inject("store.import-history")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return pubs, nil
}

// explanationOf is a computation's explanation of an area.
func explanationOf(c *store.Computation, areaID string) json.RawMessage {
	for _, r := range c.Results {
		if r.AreaID == areaID {
			return r.Explanation
		}
	}
	return nil
}

const publicationColumns = "year, revision, kind, computation_id, rule_set, software_version, published_at, published_by, reason, inputs, content_sha256"

func scanPublication(sc interface{ Scan(...any) error }) (store.Publication, error) {
	var p store.Publication
	var comp sql.NullInt64
	var at, inputs string
	if err := sc.Scan(&p.Year, &p.Revision, &p.Kind, &comp, &p.RuleSet, &p.SoftwareVersion, &at, &p.PublishedBy, &p.Reason, &inputs, &p.ContentSHA256); err != nil {
		return p, err
	}
	p.ComputationID = comp.Int64
	var err error
	if p.PublishedAt, err = decodeTime(at); err != nil {
		return p, err
	}
	if err := json.Unmarshal([]byte(inputs), &p.Inputs); err != nil {
		return p, fmt.Errorf("publication %d/%d: inputs: %w", p.Year, p.Revision, err)
	}
	return p, nil
}

// Publication returns a publication with its entries by area id; revision
// 0 is the latest. A computed list's entries carry their explanations.
func (s *Store) Publication(ctx context.Context, year, revision int) (*store.Publication, error) {
	if revision < 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "revision %d is not a revision", revision)
	}
	var p store.Publication
	err := s.read(ctx, "publication", func(q querier) error {
		if revision == 0 {
			latest, err := latestRevision(ctx, s, q, year)
			if err != nil {
				return err
			}
			if latest == 0 {
				return blandby.Errorf(blandby.CodeNotFound, "the list of %d is not published", year)
			}
			revision = latest
		}
		var err error
		p, err = scanPublication(q.QueryRowContext(ctx, s.q("SELECT "+publicationColumns+" FROM publications WHERE year = ? AND revision = ?"), year, revision))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "the list of %d has no revision %d", year, revision)
		}
		if err != nil {
			return err
		}
		if err := readCounts(ctx, s, q, " WHERE year = ? AND revision = ?", []any{year, revision}, map[[2]int]*store.Publication{{year, revision}: &p}); err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, s.q(`SELECT e.area_id, e.category, r.explanation, e.source FROM publication_entries e
			LEFT JOIN computation_results r ON r.computation_id = e.computation_id AND r.area_id = e.area_id
			WHERE e.year = ? AND e.revision = ?`), year, revision)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e store.Entry
			var exp sql.NullString
			if err := rows.Scan(&e.AreaID, &e.Category, &exp, &e.Source); err != nil {
				return err
			}
			e.Explanation = readRaw(exp)
			p.Entries = append(p.Entries, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	sortEntries(p.Entries)
	sortCounts(p.Counts)
	return &p, nil
}

// Publications returns every revision of every year, without entries.
func (s *Store) Publications(ctx context.Context) ([]store.Publication, error) {
	var out []store.Publication
	err := s.read(ctx, "publications", func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+publicationColumns+" FROM publications ORDER BY year, revision")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPublication(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		byKey := make(map[[2]int]*store.Publication, len(out))
		for i := range out {
			byKey[[2]int{out[i].Year, out[i].Revision}] = &out[i]
		}
		return readCounts(ctx, s, q, "", nil, byKey)
	})
	for i := range out {
		sortCounts(out[i].Counts)
	}
	return out, err
}

// History returns the latest revision of every published year, every
// entry included (None too), so that a year with no area on a list is
// known.
func (s *Store) History(ctx context.Context) (*blandby.History, error) {
	h := blandby.NewHistory()
	err := s.read(ctx, "history", func(q querier) error {
		latest := map[int]int{}
		rows, err := q.QueryContext(ctx, "SELECT year, MAX(revision) FROM publications GROUP BY year")
		if err != nil {
			return err
		}
		for rows.Next() {
			var y, r int
			if err := rows.Scan(&y, &r); err != nil {
				rows.Close()
				return err
			}
			latest[y] = r
			h.AddYear(y)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = q.QueryContext(ctx, `SELECT e.year, e.revision, e.area_id, e.category FROM publication_entries e
			JOIN (SELECT year, MAX(revision) AS revision FROM publications GROUP BY year) l ON l.year = e.year AND l.revision = e.revision`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var y, r int
			var id string
			var c blandby.Category
			if err := rows.Scan(&y, &r, &id, &c); err != nil {
				return err
			}
			if latest[y] == r {
				h.Set(y, id, c)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return h, nil
}

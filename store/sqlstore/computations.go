package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/internal/failpoint"
	"github.com/blandby/blandby/store"
)

var resultsTable = table{name: "computation_results", cols: []string{"computation_id", "area_id", "set_id", "ord", "category", "explanation"}}

// AddComputation stores a computation: its indicators as a new set (or a
// reference to a stored one), the computation and every area's result.
// Each result must name an area of the computation's indicator set.
func (s *Store) AddComputation(ctx context.Context, c store.Computation) (int64, error) {
	ids, err := s.AddComputations(ctx, []store.Computation{c})
	if err != nil {
		return 0, err
	}
	return ids[0], nil
}

// AddComputations stores the list years of one run in one transaction:
// all of them or none.
func (s *Store) AddComputations(ctx context.Context, cs []store.Computation) ([]int64, error) {
	rows := make([]computationRow, len(cs))
	for i := range cs {
		r, err := prepareComputation(&cs[i])
		if err != nil {
			return nil, err
		}
		rows[i] = r
	}
	ids := make([]int64, len(cs))
	err := s.write(ctx, "add computation", func(tx *wtx) error {
		for i := range cs {
			id, err := s.addComputation(ctx, tx, &cs[i], rows[i])
			if err != nil {
				return err
			}
			ids[i] = id
		}
		failpoint.Inject("store.computation")
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// computationRow is a validated computation's set and encoded columns.
type computationRow struct {
	set          store.IndicatorSet
	inputs, hist string
	// keepAreas stores the set's names by year but leaves the stored
	// areas' names as they are (see addSet).
	keepAreas bool
}

// prepareComputation validates a computation and encodes its columns.
func prepareComputation(c *store.Computation) (computationRow, error) {
	if c.Year <= 0 {
		return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation: list year %d is not a year", c.Year)
	}
	if c.RuleSet == "" {
		return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d names no rule set", c.Year)
	}
	switch {
	case c.Indicators != nil && c.IndicatorSetID != 0:
		return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d: give its indicators or the id of a stored set, not both", c.Year)
	case c.Indicators == nil && c.IndicatorSetID == 0:
		return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d has no indicators", c.Year)
	}
	var set store.IndicatorSet
	if c.Indicators != nil {
		set = *c.Indicators
		if set.Origin == "" {
			set.Origin = store.Computed
		}
		if set.Year != c.Year {
			return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d: its indicators are of list year %d", c.Year, set.Year)
		}
		if err := validateSet(&set); err != nil {
			return computationRow{}, err
		}
	}
	for i, r := range c.Results {
		if !r.Category.Valid() {
			return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d: area %q has no valid category (%q)", c.Year, r.AreaID, r.Category)
		}
		if r.Explanation != nil && !json.Valid(r.Explanation) {
			return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d: the explanation of area %q is not valid JSON", c.Year, r.AreaID)
		}
		if r.AreaID == "" {
			return computationRow{}, blandby.Errorf(blandby.CodeInvalid, "computation of %d: result %d has no area id", c.Year, i+1)
		}
	}
	inputs, err := encodeJSON(c.Inputs)
	if err != nil {
		return computationRow{}, err
	}
	hist, err := encodeJSON(c.History)
	if err != nil {
		return computationRow{}, err
	}
	return computationRow{set: set, inputs: inputs, hist: hist}, nil
}

// addComputation inserts a prepared computation in the transaction.
func (s *Store) addComputation(ctx context.Context, tx *wtx, c *store.Computation, row computationRow) (int64, error) {
	setID := c.IndicatorSetID
	if c.Indicators != nil {
		var err error
		if setID, err = s.addSet(ctx, tx, &row.set, row.keepAreas); err != nil {
			return 0, err
		}
	} else {
		var year int
		err := tx.QueryRowContext(ctx, s.q("SELECT year FROM indicator_sets WHERE id = ?"), setID).Scan(&year)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, blandby.Errorf(blandby.CodeNotFound, "computation of %d: no indicator set %d", c.Year, setID)
		}
		if err != nil {
			return 0, err
		}
		if year != c.Year {
			return 0, blandby.Errorf(blandby.CodeInvalid, "computation of %d: indicator set %d is of list year %d", c.Year, setID, year)
		}
	}
	var id int64
	if err := tx.QueryRowContext(ctx, s.q(`INSERT INTO computations (year, rule_set, software_version, computed_at, indicator_set_id, inputs, history)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.Year, c.RuleSet, c.SoftwareVersion, encodeTime(c.ComputedAt), setID, row.inputs, row.hist).Scan(&id); err != nil {
		return 0, err
	}
	if err := s.insert(ctx, tx, resultsTable, len(c.Results), func(i int, args []any) []any {
		r := &c.Results[i]
		return append(args, id, r.AreaID, setID, i, string(r.Category), rawJSON(r.Explanation))
	}); err != nil {
		return 0, resultsError(c, setID, err, s.d.Violation(err))
	}
	return id, nil
}

// resultsError explains a failed insert of a computation's results.
func resultsError(c *store.Computation, setID int64, err error, v Violation) error {
	switch v {
	case Unique, AppendOnly:
		seen := map[string]bool{}
		for _, r := range c.Results {
			if seen[r.AreaID] {
				return blandby.Errorf(blandby.CodeConflict, "computation of %d: area %q has two results", c.Year, r.AreaID)
			}
			seen[r.AreaID] = true
		}
	case ForeignKey:
		areas := map[string]bool{}
		if c.Indicators != nil {
			for i := range c.Indicators.Rows {
				areas[c.Indicators.Rows[i].Area.ID] = true
			}
			for _, r := range c.Results {
				if !areas[r.AreaID] {
					return blandby.Errorf(blandby.CodeInvalid, "computation of %d: a result names area %q, which is not in its indicators", c.Year, r.AreaID)
				}
			}
		}
		return blandby.Errorf(blandby.CodeInvalid, "computation of %d: a result names an area that is not in indicator set %d: %w", c.Year, setID, err)
	}
	return err
}

const computationColumns = "id, year, rule_set, software_version, computed_at, indicator_set_id, inputs, history"

func scanComputation(sc interface{ Scan(...any) error }) (store.Computation, error) {
	var c store.Computation
	var at, inputs, hist string
	if err := sc.Scan(&c.ID, &c.Year, &c.RuleSet, &c.SoftwareVersion, &at, &c.IndicatorSetID, &inputs, &hist); err != nil {
		return c, err
	}
	var err error
	if c.ComputedAt, err = decodeTime(at); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(inputs), &c.Inputs); err != nil {
		return c, fmt.Errorf("computation %d: inputs: %w", c.ID, err)
	}
	if err := json.Unmarshal([]byte(hist), &c.History); err != nil {
		return c, fmt.Errorf("computation %d: history: %w", c.ID, err)
	}
	return c, nil
}

// Computation returns a stored computation with its results in the order
// they were added. Its indicators are referred to by IndicatorSetID
// (Indicators is nil): IndicatorSet reads them.
func (s *Store) Computation(ctx context.Context, id int64) (*store.Computation, error) {
	var c store.Computation
	err := s.read(ctx, "computation", func(q querier) error {
		var err error
		c, err = scanComputation(q.QueryRowContext(ctx, s.q("SELECT "+computationColumns+" FROM computations WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no computation %d", id)
		}
		if err != nil {
			return err
		}
		rows, err := q.QueryContext(ctx, s.q("SELECT area_id, category, explanation FROM computation_results WHERE computation_id = ? ORDER BY ord"), id)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r store.Result
			var exp sql.NullString
			if err := rows.Scan(&r.AreaID, &r.Category, &exp); err != nil {
				return err
			}
			r.Explanation = readRaw(exp)
			c.Results = append(c.Results, r)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Computations returns the computations of a year (every year for 0)
// without results, oldest first.
func (s *Store) Computations(ctx context.Context, year int) ([]store.Computation, error) {
	var out []store.Computation
	err := s.read(ctx, "computations", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q("SELECT "+computationColumns+" FROM computations WHERE ? = 0 OR year = ? ORDER BY id"), year, year)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanComputation(rows)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

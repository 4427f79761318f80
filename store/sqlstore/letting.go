package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
)

// AddLettingPolicy stores a new version of a municipality's letting policy.
func (s *Store) AddLettingPolicy(ctx context.Context, p store.LettingPolicy, prev int) (store.LettingPolicy, error) {
	switch {
	case p.Municipality <= 0:
		return p, blandby.Errorf(blandby.CodeInvalid, "add letting policy: no municipality")
	case p.Policy.Municipality != 0 && p.Policy.Municipality != p.Municipality:
		return p, blandby.Errorf(blandby.CodeInvalid, "add letting policy: the policy is for municipality %d, not %d", p.Policy.Municipality, p.Municipality)
	case p.Author == "":
		return p, blandby.Errorf(blandby.CodeInvalid, "add letting policy: no author")
	case p.SavedAt.IsZero():
		return p, blandby.Errorf(blandby.CodeInvalid, "add letting policy: no time saved")
	case prev < -1:
		return p, blandby.Errorf(blandby.CodeInvalid, "add letting policy: previous version %d", prev)
	}
	err := s.write(ctx, "add letting policy", func(tx *wtx) error {
		var err error
		p.Version, err = s.nextVersion(ctx, tx, "letting_policies", "municipality", p.Municipality, prev,
			fmt.Sprintf("add letting policy: the policy of municipality %d", p.Municipality))
		if err != nil {
			return err
		}
		p.Policy.Municipality, p.Policy.Version = p.Municipality, p.Version
		doc, err := json.Marshal(p.Policy)
		if err != nil {
			return blandby.Errorf(blandby.CodeInvalid, "add letting policy: %w", err)
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO letting_policies (municipality, version, author, saved_at, document) VALUES (?, ?, ?, ?, ?)"),
			p.Municipality, p.Version, p.Author, encodeTime(p.SavedAt), string(doc))
		return err
	})
	if err != nil {
		return store.LettingPolicy{}, err
	}
	p.SavedAt = p.SavedAt.UTC()
	return p, nil
}

const lettingPolicyColumns = "municipality, version, author, saved_at, document"

func scanLettingPolicy(sc interface{ Scan(...any) error }) (store.LettingPolicy, error) {
	var (
		p          store.LettingPolicy
		saved, doc string
	)
	if err := sc.Scan(&p.Municipality, &p.Version, &p.Author, &saved, &doc); err != nil {
		return p, err
	}
	t, err := decodeTime(saved)
	if err != nil {
		return p, err
	}
	p.SavedAt = t
	if err := json.Unmarshal([]byte(doc), &p.Policy); err != nil {
		return p, fmt.Errorf("letting policy of municipality %d version %d: %w", p.Municipality, p.Version, err)
	}
	return p, nil
}

// LettingPolicy returns a version of a municipality's policy (0: latest).
func (s *Store) LettingPolicy(ctx context.Context, municipality, version int) (store.LettingPolicy, error) {
	var p store.LettingPolicy
	err := s.read(ctx, "letting policy", func(q querier) error {
		query, args := "SELECT "+lettingPolicyColumns+" FROM letting_policies WHERE municipality = ? AND version = ?", []any{municipality, version}
		if version == 0 {
			query, args = "SELECT "+lettingPolicyColumns+" FROM letting_policies WHERE municipality = ? ORDER BY version DESC LIMIT 1", []any{municipality}
		}
		var err error
		p, err = scanLettingPolicy(q.QueryRowContext(ctx, s.q(query), args...))
		if errors.Is(err, sql.ErrNoRows) {
			if version == 0 {
				return blandby.Errorf(blandby.CodeNotFound, "no letting policy for municipality %d", municipality)
			}
			return blandby.Errorf(blandby.CodeNotFound, "no version %d of the letting policy of municipality %d", version, municipality)
		}
		return err
	})
	return p, err
}

// LettingPolicies returns every version of a municipality's policy, oldest
// first.
func (s *Store) LettingPolicies(ctx context.Context, municipality blandby.MunicipalityCode) ([]store.LettingPolicy, error) {
	var out []store.LettingPolicy
	err := s.read(ctx, "letting policies", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q("SELECT "+lettingPolicyColumns+" FROM letting_policies WHERE municipality = ? ORDER BY version"), municipality)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanLettingPolicy(rows)
			if err != nil {
				return err
			}
			out = append(out, p)
		}
		return rows.Err()
	})
	return out, err
}

var lettingDecisionTable = table{
	name: "letting_decisions",
	cols: []string{"id", "decided_at", "decided_by", "rule_set", "channel", "outcome", "municipality", "housing_org", "area_id", "department", "applicant_ref", "input_sha256", "decision"},
}

// AddLettingDecisions appends decisions to the log in one transaction.
func (s *Store) AddLettingDecisions(ctx context.Context, ds []store.LettingDecision) error {
	seen := make(map[string]bool, len(ds))
	for i, d := range ds {
		switch {
		case !letting.ValidID(d.ID):
			return blandby.Errorf(blandby.CodeInvalid, "add letting decisions: decision %d: id %q is not a decision id", i+1, d.ID)
		case seen[d.ID]:
			return blandby.Errorf(blandby.CodeConflict, "add letting decisions: decision %q appears twice", d.ID)
		case d.DecidedAt.IsZero():
			return blandby.Errorf(blandby.CodeInvalid, "add letting decisions: decision %q: no time", d.ID)
		case len(d.InputSHA256) != 64:
			return blandby.Errorf(blandby.CodeInvalid, "add letting decisions: decision %q: input_sha256 must be 64 hex digits", d.ID)
		case !json.Valid(d.Decision):
			return blandby.Errorf(blandby.CodeInvalid, "add letting decisions: decision %q: the decision is not JSON", d.ID)
		}
		seen[d.ID] = true
	}
	return s.write(ctx, "add letting decisions", func(tx *wtx) error {
		return s.insert(ctx, tx, lettingDecisionTable, len(ds), func(i int, args []any) []any {
			d := &ds[i]
			return append(args, d.ID, encodeTime(d.DecidedAt), d.DecidedBy, d.RuleSet, d.Channel, d.Outcome,
				d.Municipality, d.HousingOrg, d.AreaID, d.Department, d.ApplicantRef, d.InputSHA256, string(d.Decision))
		})
	})
}

const lettingDecisionColumns = "id, decided_at, decided_by, rule_set, channel, outcome, municipality, housing_org, area_id, department, applicant_ref, input_sha256, decision"

func scanLettingDecision(sc interface{ Scan(...any) error }) (store.LettingDecision, error) {
	var (
		d        store.LettingDecision
		at, body string
	)
	if err := sc.Scan(&d.ID, &at, &d.DecidedBy, &d.RuleSet, &d.Channel, &d.Outcome, &d.Municipality, &d.HousingOrg,
		&d.AreaID, &d.Department, &d.ApplicantRef, &d.InputSHA256, &body); err != nil {
		return d, err
	}
	t, err := decodeTime(at)
	if err != nil {
		return d, err
	}
	d.DecidedAt, d.Decision = t, json.RawMessage(body)
	return d, nil
}

// LettingDecision returns a logged decision by id.
func (s *Store) LettingDecision(ctx context.Context, id string) (store.LettingDecision, error) {
	var d store.LettingDecision
	err := s.read(ctx, "letting decision", func(q querier) error {
		var err error
		d, err = scanLettingDecision(q.QueryRowContext(ctx, s.q("SELECT "+lettingDecisionColumns+" FROM letting_decisions WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no letting decision %q", id)
		}
		return err
	})
	return d, err
}

// LettingDecisions returns at most limit decisions after afterID, by id.
func (s *Store) LettingDecisions(ctx context.Context, afterID string, limit int) ([]store.LettingDecision, error) {
	if limit <= 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "letting decisions: limit must be positive, got %d", limit)
	}
	return s.queryLettingDecisions(ctx, "letting decisions",
		"SELECT "+lettingDecisionColumns+" FROM letting_decisions WHERE id > ? ORDER BY id LIMIT ?", afterID, limit)
}

// CountLettingDecisions returns the number of logged decisions.
func (s *Store) CountLettingDecisions(ctx context.Context) (int64, error) {
	var n int64
	err := s.read(ctx, "count letting decisions", func(q querier) error {
		return q.QueryRowContext(ctx, "SELECT COUNT(*) FROM letting_decisions").Scan(&n)
	})
	return n, err
}

// RecentLettingDecisions returns at most limit decisions of a scope before
// beforeID, newest first.
func (s *Store) RecentLettingDecisions(ctx context.Context, scope store.DecisionScope, beforeID string, limit int) ([]store.LettingDecision, error) {
	if limit <= 0 {
		return nil, blandby.Errorf(blandby.CodeInvalid, "recent letting decisions: limit must be positive, got %d", limit)
	}
	column, value := "municipality", any(scope.Municipality)
	switch {
	case scope.Municipality > 0 && scope.HousingOrg == "":
	case scope.Municipality == 0 && scope.HousingOrg != "":
		column, value = "housing_org", scope.HousingOrg
	default:
		return nil, blandby.Errorf(blandby.CodeInvalid, "recent letting decisions: the scope must name a municipality or a housing organisation, not %+v", scope)
	}
	query := "SELECT " + lettingDecisionColumns + " FROM letting_decisions WHERE " + column + " = ?"
	args := []any{value}
	if beforeID != "" {
		query += " AND id < ?"
		args = append(args, beforeID)
	}
	query += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit)
	return s.queryLettingDecisions(ctx, "recent letting decisions", query, args...)
}

// queryLettingDecisions reads the decisions a query selects (its columns
// lettingDecisionColumns); what names it in errors.
func (s *Store) queryLettingDecisions(ctx context.Context, what, query string, args ...any) ([]store.LettingDecision, error) {
	var out []store.LettingDecision
	err := s.read(ctx, what, func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			d, err := scanLettingDecision(rows)
			if err != nil {
				return err
			}
			out = append(out, d)
		}
		return rows.Err()
	})
	return out, err
}

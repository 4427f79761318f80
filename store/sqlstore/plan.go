package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// AddPlanVersion stores a new version of an area's development plan.
func (s *Store) AddPlanVersion(ctx context.Context, v store.PlanVersion, prev int) (store.PlanVersion, error) {
	switch {
	case v.AreaID == "":
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: no area")
	case v.Plan.AreaID != "" && v.Plan.AreaID != v.AreaID:
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: the plan is for area %q, not %q", v.Plan.AreaID, v.AreaID)
	case v.Author == "":
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: no author")
	case v.SavedAt.IsZero():
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: no time saved")
	case prev < -1:
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: previous version %d", prev)
	}
	v.Plan.AreaID = v.AreaID
	doc, err := json.Marshal(v.Plan)
	if err != nil {
		return v, blandby.Errorf(blandby.CodeInvalid, "add plan version: %w", err)
	}
	err = s.write(ctx, "add plan version", func(tx *wtx) error {
		var one int
		err := tx.QueryRowContext(ctx, s.q("SELECT 1 FROM areas WHERE id = ?"), v.AreaID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "add plan version: no area %q", v.AreaID)
		}
		if err != nil {
			return err
		}
		if v.Version, err = s.nextVersion(ctx, tx, "plan_versions", "area_id", v.AreaID, prev,
			fmt.Sprintf("add plan version: the plan of area %q", v.AreaID)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO plan_versions (area_id, version, author, saved_at, document) VALUES (?, ?, ?, ?, ?)"),
			v.AreaID, v.Version, v.Author, encodeTime(v.SavedAt), string(doc))
		return err
	})
	if err != nil {
		return store.PlanVersion{}, err
	}
	v.SavedAt = v.SavedAt.UTC()
	return v, nil
}

const planColumns = "area_id, version, author, saved_at, document"

func scanPlanVersion(sc interface{ Scan(...any) error }) (store.PlanVersion, error) {
	var (
		v          store.PlanVersion
		saved, doc string
	)
	if err := sc.Scan(&v.AreaID, &v.Version, &v.Author, &saved, &doc); err != nil {
		return v, err
	}
	t, err := decodeTime(saved)
	if err != nil {
		return v, err
	}
	v.SavedAt = t
	if err := json.Unmarshal([]byte(doc), &v.Plan); err != nil {
		return v, fmt.Errorf("plan of area %q version %d: %w", v.AreaID, v.Version, err)
	}
	return v, nil
}

// PlanVersion returns a version of an area's plan (0: the latest).
func (s *Store) PlanVersion(ctx context.Context, areaID string, version int) (store.PlanVersion, error) {
	var v store.PlanVersion
	err := s.read(ctx, "plan version", func(q querier) error {
		query, args := "SELECT "+planColumns+" FROM plan_versions WHERE area_id = ? AND version = ?", []any{areaID, version}
		if version == 0 {
			query, args = "SELECT "+planColumns+" FROM plan_versions WHERE area_id = ? ORDER BY version DESC LIMIT 1", []any{areaID}
		}
		var err error
		v, err = scanPlanVersion(q.QueryRowContext(ctx, s.q(query), args...))
		if errors.Is(err, sql.ErrNoRows) {
			if version == 0 {
				return blandby.Errorf(blandby.CodeNotFound, "no development plan for area %q", areaID)
			}
			return blandby.Errorf(blandby.CodeNotFound, "no version %d of the development plan for area %q", version, areaID)
		}
		return err
	})
	return v, err
}

// PlanVersions returns every version of an area's plan, oldest first.
func (s *Store) PlanVersions(ctx context.Context, areaID string) ([]store.PlanVersion, error) {
	return s.planVersions(ctx, "plan versions", "SELECT "+planColumns+" FROM plan_versions WHERE area_id = ? ORDER BY version", areaID)
}

// LatestPlans returns the latest version of every area's plan, by area.
func (s *Store) LatestPlans(ctx context.Context) ([]store.PlanVersion, error) {
	return s.planVersions(ctx, "latest plans", `SELECT `+planColumns+` FROM plan_versions p
		WHERE version = (SELECT MAX(version) FROM plan_versions l WHERE l.area_id = p.area_id) ORDER BY area_id`)
}

func (s *Store) planVersions(ctx context.Context, op, query string, args ...any) ([]store.PlanVersion, error) {
	var out []store.PlanVersion
	err := s.read(ctx, op, func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			v, err := scanPlanVersion(rows)
			if err != nil {
				return err
			}
			out = append(out, v)
		}
		return rows.Err()
	})
	return out, err
}

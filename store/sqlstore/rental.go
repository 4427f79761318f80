package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// The rental ledger counts vacancies per property. ReportVacancy locks the
// property row first (a no-op UPDATE: a row lock on PostgreSQL, the one
// writer on SQLite, whose transactions begin IMMEDIATE), then reads the
// property's entries and inserts the next; the primary key (property_id,
// seq) refuses a count given twice even if the lock were missing.

// PutLandlord adds a landlord or renames it.
func (s *Store) PutLandlord(ctx context.Context, l rental.Landlord) error {
	if err := l.Validate(); err != nil {
		return err
	}
	return s.write(ctx, "put landlord", func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO rental_landlords (cvr, name) VALUES (?, ?) ON CONFLICT (cvr) DO UPDATE SET name = excluded.name"), l.CVR, l.Name)
		return err
	})
}

// Landlord returns a landlord by CVR number.
func (s *Store) Landlord(ctx context.Context, cvr string) (rental.Landlord, error) {
	l := rental.Landlord{CVR: cvr}
	err := s.read(ctx, "landlord", func(q querier) error {
		err := q.QueryRowContext(ctx, s.q("SELECT name FROM rental_landlords WHERE cvr = ?"), cvr).Scan(&l.Name)
		if errors.Is(err, sql.ErrNoRows) {
			return blandby.Errorf(blandby.CodeNotFound, "no landlord %q", cvr)
		}
		return err
	})
	return l, err
}

// PutProperty adds a property or updates its address and dwellings.
func (s *Store) PutProperty(ctx context.Context, p rental.Property) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.write(ctx, "put property", func(tx *wtx) error { return s.putProperty(ctx, tx, p) })
}

// PutLandlordProperty stores a property and, when new, its landlord, in one
// transaction.
func (s *Store) PutLandlordProperty(ctx context.Context, l rental.Landlord, p rental.Property) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if l.CVR != p.LandlordCVR {
		return blandby.Errorf(blandby.CodeInvalid, "property %s: landlord %s is not the property's (%s)", p.ID, l.CVR, p.LandlordCVR)
	}
	return s.write(ctx, "put landlord and property", func(tx *wtx) error {
		if _, err := tx.ExecContext(ctx, s.q("INSERT INTO rental_landlords (cvr, name) VALUES (?, ?) ON CONFLICT (cvr) DO NOTHING"), l.CVR, l.Name); err != nil {
			return err
		}
		return s.putProperty(ctx, tx, p)
	})
}

// putProperty adds or updates a valid property in tx.
func (s *Store) putProperty(ctx context.Context, tx *wtx, p rental.Property) error {
	var one int
	err := tx.QueryRowContext(ctx, s.q("SELECT 1 FROM rental_landlords WHERE cvr = ?"), p.LandlordCVR).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return blandby.Errorf(blandby.CodeNotFound, "property %s: no landlord %s", p.ID, p.LandlordCVR)
	}
	if err != nil {
		return err
	}
	old, err := s.property(ctx, tx, p.ID)
	switch {
	case err == nil && (old.LandlordCVR != p.LandlordCVR || old.Municipality != p.Municipality):
		// Never name the owner: the caller may be another landlord.
		return blandby.Errorf(blandby.CodeConflict, "property id %s is taken by another landlord or municipality: a property cannot move to landlord %s in municipality %d (choose another id)",
			p.ID, p.LandlordCVR, p.Municipality)
	case err == nil:
		_, err = tx.ExecContext(ctx, s.q("UPDATE rental_properties SET address = ?, dwellings = ? WHERE id = ?"), p.Address, p.Dwellings, p.ID)
		return err
	case blandby.CodeOf(err) != blandby.CodeNotFound:
		return err
	}
	_, err = tx.ExecContext(ctx, s.q("INSERT INTO rental_properties (id, landlord_cvr, address, municipality, dwellings) VALUES (?, ?, ?, ?, ?)"),
		p.ID, p.LandlordCVR, p.Address, p.Municipality, p.Dwellings)
	return err
}

const propertyColumns = "id, landlord_cvr, address, municipality, dwellings"

func (s *Store) property(ctx context.Context, q querier, id string) (rental.Property, error) {
	var p rental.Property
	err := q.QueryRowContext(ctx, s.q("SELECT "+propertyColumns+" FROM rental_properties WHERE id = ?"), id).
		Scan(&p.ID, &p.LandlordCVR, &p.Address, &p.Municipality, &p.Dwellings)
	if errors.Is(err, sql.ErrNoRows) {
		return p, blandby.Errorf(blandby.CodeNotFound, "no property %q", id)
	}
	return p, err
}

// Property returns a property by id.
func (s *Store) Property(ctx context.Context, id string) (rental.Property, error) {
	var p rental.Property
	err := s.read(ctx, "property", func(q querier) (err error) {
		p, err = s.property(ctx, q, id)
		return err
	})
	return p, err
}

// where returns the condition selecting the filter's properties (on the
// column prefix of rental_properties) and its arguments.
func rentalWhere(f store.RentalFilter, prefix string) (string, []any) {
	var conds []string
	var args []any
	if f.Municipality != 0 {
		conds, args = append(conds, prefix+"municipality = ?"), append(args, f.Municipality)
	}
	if f.LandlordCVR != "" {
		conds, args = append(conds, prefix+"landlord_cvr = ?"), append(args, f.LandlordCVR)
	}
	if f.PropertyID != "" {
		conds, args = append(conds, prefix+"id = ?"), append(args, f.PropertyID)
	}
	if len(conds) == 0 {
		return "1 = 1", nil
	}
	return strings.Join(conds, " AND "), args
}

// Properties returns the properties the filter selects, by id.
func (s *Store) Properties(ctx context.Context, f store.RentalFilter) ([]rental.Property, error) {
	var out []rental.Property
	err := s.read(ctx, "properties", func(q querier) error {
		var err error
		out, err = s.properties(ctx, q, f)
		return err
	})
	return out, err
}

func (s *Store) properties(ctx context.Context, q querier, f store.RentalFilter) ([]rental.Property, error) {
	where, args := rentalWhere(f, "")
	rows, err := q.QueryContext(ctx, s.q("SELECT "+propertyColumns+" FROM rental_properties WHERE "+where+" ORDER BY id"), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []rental.Property{}
	for rows.Next() {
		var p rental.Property
		if err := rows.Scan(&p.ID, &p.LandlordCVR, &p.Address, &p.Municipality, &p.Dwellings); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// AddAgreement stores an agreement check accepted.
func (s *Store) AddAgreement(ctx context.Context, a rental.Agreement, check func(p rental.Property, existing []rental.Agreement) error) error {
	body, err := encodeJSON(a)
	if err != nil {
		return err
	}
	return s.write(ctx, "add agreement", func(tx *wtx) error {
		p, err := s.property(ctx, tx, a.PropertyID)
		if err != nil {
			return err
		}
		existing, err := s.agreements(ctx, tx, store.RentalFilter{PropertyID: a.PropertyID})
		if err != nil {
			return err
		}
		if err := check(p, existing); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO rental_agreements (id, municipality, property_id, body, created_at) VALUES (?, ?, ?, ?, ?)"),
			a.ID, a.Municipality, a.PropertyID, body, encodeTime(time.Now()))
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "agreement %s is already stored", a.ID)
		}
		return err
	})
}

// Agreements returns the agreements on the filter's properties, by id.
func (s *Store) Agreements(ctx context.Context, f store.RentalFilter) ([]rental.Agreement, error) {
	var out []rental.Agreement
	err := s.read(ctx, "agreements", func(q querier) (err error) {
		out, err = s.agreements(ctx, q, f)
		return err
	})
	return out, err
}

func (s *Store) agreements(ctx context.Context, q querier, f store.RentalFilter) ([]rental.Agreement, error) {
	where, args := rentalWhere(f, "p.")
	rows, err := q.QueryContext(ctx, s.q("SELECT a.body FROM rental_agreements a JOIN rental_properties p ON p.id = a.property_id WHERE "+where+" ORDER BY a.id"), args...)
	if err != nil {
		return nil, err
	}
	return scanBodies[rental.Agreement](rows, "agreement")
}

// scanBodies decodes the JSON bodies of rows of one column.
func scanBodies[T any](rows *sql.Rows, what string) ([]T, error) {
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var v T
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			return nil, fmt.Errorf("stored %s: %w", what, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// AddDecision stores a decision to use the right.
func (s *Store) AddDecision(ctx context.Context, d rental.Decision) error {
	body, err := encodeJSON(d)
	if err != nil {
		return err
	}
	return s.write(ctx, "add decision", func(tx *wtx) error {
		_, err := tx.ExecContext(ctx, s.q("INSERT INTO rental_decisions (id, municipality, body, created_at) VALUES (?, ?, ?, ?)"),
			d.ID, d.Municipality, body, encodeTime(time.Now()))
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "decision %s is already stored", d.ID)
		}
		return err
	})
}

// Decisions returns a municipality's decisions, oldest first.
func (s *Store) Decisions(ctx context.Context, municipality blandby.MunicipalityCode) ([]rental.Decision, error) {
	var out []rental.Decision
	err := s.read(ctx, "decisions", func(q querier) error {
		rows, err := q.QueryContext(ctx, s.q("SELECT body FROM rental_decisions WHERE municipality = ? ORDER BY id"), municipality)
		if err != nil {
			return err
		}
		out, err = scanBodies[rental.Decision](rows, "decision")
		return err
	})
	slices.SortStableFunc(out, func(a, b rental.Decision) int { return a.Date.Compare(b.Date) })
	return out, err
}

// ReportVacancy appends the property's next ledger entry.
func (s *Store) ReportVacancy(ctx context.Context, propertyID string, assess func(p rental.Property, prior []rental.Entry) (rental.Entry, error)) (rental.Entry, error) {
	var e rental.Entry
	err := s.write(ctx, "report vacancy", func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE rental_properties SET dwellings = dwellings WHERE id = ?"), propertyID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return blandby.Errorf(blandby.CodeNotFound, "no property %q", propertyID)
		}
		p, err := s.property(ctx, tx, propertyID)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, s.q("SELECT body FROM rental_ledger WHERE property_id = ? ORDER BY seq"), propertyID)
		if err != nil {
			return err
		}
		prior, err := scanBodies[rental.Entry](rows, "ledger entry")
		if err != nil {
			return err
		}
		if e, err = assess(p, prior); err != nil {
			return err
		}
		if e.PropertyID != propertyID || e.Seq != len(prior)+1 {
			return blandby.Errorf(blandby.CodeInternal, "report vacancy: entry %s/%d does not follow the %d entries of %s", e.PropertyID, e.Seq, len(prior), propertyID)
		}
		body, err := encodeJSON(e)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO rental_ledger (property_id, seq, route, vacant_on, body) VALUES (?, ?, ?, ?, ?)"),
			e.PropertyID, e.Seq, string(e.Route), encodeTime(e.Date), body)
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "vacancy no. %d of property %s was counted by someone else at the same time: %w", e.Seq, propertyID, err)
		}
		return err
	})
	if err != nil {
		return rental.Entry{}, err
	}
	return e, nil
}

func (s *Store) entry(ctx context.Context, q querier, propertyID string, seq int) (rental.Entry, error) {
	rows, err := q.QueryContext(ctx, s.q("SELECT body FROM rental_ledger WHERE property_id = ? AND seq = ?"), propertyID, seq)
	if err != nil {
		return rental.Entry{}, err
	}
	es, err := scanBodies[rental.Entry](rows, "ledger entry")
	if err != nil {
		return rental.Entry{}, err
	}
	if len(es) == 0 {
		return rental.Entry{}, blandby.Errorf(blandby.CodeNotFound, "no vacancy no. %d of property %q", seq, propertyID)
	}
	return es[0], nil
}

// LedgerEntry returns one entry.
func (s *Store) LedgerEntry(ctx context.Context, propertyID string, seq int) (rental.Entry, error) {
	var e rental.Entry
	err := s.read(ctx, "ledger entry", func(q querier) (err error) {
		e, err = s.entry(ctx, q, propertyID, seq)
		return err
	})
	return e, err
}

// RentalLedger returns the ledger of the filter's properties in one
// snapshot.
func (s *Store) RentalLedger(ctx context.Context, f store.RentalFilter) (rental.Ledger, error) {
	var l rental.Ledger
	err := s.read(ctx, "rental ledger", func(q querier) error {
		where, args := rentalWhere(f, "p.")
		rows, err := q.QueryContext(ctx, s.q("SELECT l.body FROM rental_ledger l JOIN rental_properties p ON p.id = l.property_id WHERE "+where+" ORDER BY l.property_id, l.seq"), args...)
		if err != nil {
			return err
		}
		if l.Entries, err = scanBodies[rental.Entry](rows, "ledger entry"); err != nil {
			return err
		}
		events := func(kind string) (*sql.Rows, error) {
			return q.QueryContext(ctx, s.q("SELECT e.body FROM rental_events e JOIN rental_properties p ON p.id = e.property_id WHERE e.kind = ? AND "+where+" ORDER BY e.id"), append([]any{kind}, args...)...)
		}
		if rows, err = events("offer"); err != nil {
			return err
		}
		if l.Offers, err = scanBodies[rental.Offer](rows, "offer"); err != nil {
			return err
		}
		if rows, err = events("allocation"); err != nil {
			return err
		}
		if l.Allocations, err = scanBodies[rental.Allocation](rows, "allocation"); err != nil {
			return err
		}
		if rows, err = events("claim"); err != nil {
			return err
		}
		if l.Claims, err = scanBodies[rental.Claim](rows, "claim"); err != nil {
			return err
		}
		l.Agreements, err = s.agreements(ctx, q, f)
		return err
	})
	return l, err
}

// event reads an entry and its allocation (nil when none) in tx.
func (s *Store) event(ctx context.Context, tx *wtx, propertyID string, seq int) (rental.Entry, *rental.Allocation, error) {
	e, err := s.entry(ctx, tx, propertyID, seq)
	if err != nil {
		return e, nil, err
	}
	rows, err := tx.QueryContext(ctx, s.q("SELECT body FROM rental_events WHERE property_id = ? AND seq = ? AND kind = 'allocation'"), propertyID, seq)
	if err != nil {
		return e, nil, err
	}
	as, err := scanBodies[rental.Allocation](rows, "allocation")
	if err != nil || len(as) == 0 {
		return e, nil, err
	}
	return e, &as[0], nil
}

func (s *Store) addEvent(ctx context.Context, tx *wtx, kind, propertyID string, seq int, on time.Time, v any) error {
	body, err := encodeJSON(v)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, s.q("INSERT INTO rental_events (property_id, seq, kind, event_on, body) VALUES (?, ?, ?, ?, ?)"),
		propertyID, seq, kind, encodeTime(on), body)
	if s.d.Violation(err) == Unique {
		return blandby.Errorf(blandby.CodeConflict, "vacancy no. %d of property %s already has an %s", seq, propertyID, kind)
	}
	return err
}

// AddOffer stores an offer check accepted.
func (s *Store) AddOffer(ctx context.Context, o rental.Offer, check func(e rental.Entry, allocated bool) (rental.Offer, error)) (rental.Offer, error) {
	err := s.write(ctx, "add offer", func(tx *wtx) error {
		e, alloc, err := s.event(ctx, tx, o.PropertyID, o.Seq)
		if err != nil {
			return err
		}
		if o, err = check(e, alloc != nil); err != nil {
			return err
		}
		return s.addEvent(ctx, tx, "offer", o.PropertyID, o.Seq, o.Date, o)
	})
	return o, err
}

// AddAllocation stores an allocation check accepted.
func (s *Store) AddAllocation(ctx context.Context, a rental.Allocation, check func(e rental.Entry, allocated bool) (rental.Allocation, error)) (rental.Allocation, error) {
	err := s.write(ctx, "add allocation", func(tx *wtx) error {
		e, alloc, err := s.event(ctx, tx, a.PropertyID, a.Seq)
		if err != nil {
			return err
		}
		if a, err = check(e, alloc != nil); err != nil {
			return err
		}
		return s.addEvent(ctx, tx, "allocation", a.PropertyID, a.Seq, a.Date, a)
	})
	return a, err
}

// AddClaim stores a restoration claim check accepted.
func (s *Store) AddClaim(ctx context.Context, c rental.Claim, check func(e rental.Entry, alloc *rental.Allocation) error) error {
	return s.write(ctx, "add claim", func(tx *wtx) error {
		e, alloc, err := s.event(ctx, tx, c.PropertyID, c.Seq)
		if err != nil {
			return err
		}
		if err := check(e, alloc); err != nil {
			return err
		}
		return s.addEvent(ctx, tx, "claim", c.PropertyID, c.Seq, c.Date, c)
	})
}

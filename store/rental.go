package store

import (
	"context"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/rental"
)

// RentalStore keeps municipal allocation to private rental housing (package
// rental): landlords, properties, agreements, decisions to use the right to
// every 10th vacancy, and the vacancy ledger. Landlords and properties are
// mutable; agreements, decisions, the ledger and what followed a vacancy
// (offers, allocations, claims) are append-only. The domain's checks run
// inside the store's transaction as callbacks, so that what they check
// cannot change before the write.
type RentalStore interface {
	// PutLandlord adds a landlord or renames it.
	PutLandlord(ctx context.Context, l rental.Landlord) error
	// Landlord returns a landlord by CVR number.
	Landlord(ctx context.Context, cvr string) (rental.Landlord, error)
	// PutProperty adds a property or updates its address and dwellings;
	// its landlord must be stored (not found otherwise). A property does
	// not change landlord or municipality (conflict).
	PutProperty(ctx context.Context, p rental.Property) error
	// PutLandlordProperty stores a property and, when its landlord is not
	// stored yet, the landlord l (whose CVR must be the property's), in one
	// transaction: when the property is refused (as PutProperty refuses
	// it), nothing is stored, not the landlord either. An existing
	// landlord keeps its name.
	PutLandlordProperty(ctx context.Context, l rental.Landlord, p rental.Property) error
	// Property returns a property by id.
	Property(ctx context.Context, id string) (rental.Property, error)
	// Properties returns the properties the filter selects, by id.
	Properties(ctx context.Context, f RentalFilter) ([]rental.Property, error)

	// AddAgreement stores an agreement after check accepted it against the
	// property and the property's agreements, read in the same transaction.
	AddAgreement(ctx context.Context, a rental.Agreement, check func(p rental.Property, existing []rental.Agreement) error) error
	// Agreements returns the agreements on the properties the filter
	// selects, by id.
	Agreements(ctx context.Context, f RentalFilter) ([]rental.Agreement, error)
	// AddDecision stores a decision to use the right.
	AddDecision(ctx context.Context, d rental.Decision) error
	// Decisions returns a municipality's decisions, oldest first.
	Decisions(ctx context.Context, municipality blandby.MunicipalityCode) ([]rental.Decision, error)

	// ReportVacancy appends the next entry of a property's ledger in one
	// transaction: it locks the property, reads its entries, and stores
	// what assess answers, which must carry the next count (Seq = entries
	// + 1). Concurrent reports for one property are serialised: counts
	// never repeat and never skip.
	ReportVacancy(ctx context.Context, propertyID string, assess func(p rental.Property, prior []rental.Entry) (rental.Entry, error)) (rental.Entry, error)
	// LedgerEntry returns one entry.
	LedgerEntry(ctx context.Context, propertyID string, seq int) (rental.Entry, error)
	// RentalLedger returns the entries (by property and seq), offers,
	// allocations, claims and agreements of the properties the filter
	// selects, in one snapshot.
	RentalLedger(ctx context.Context, f RentalFilter) (rental.Ledger, error)

	// AddOffer stores an equivalent dwelling offered instead of a
	// vacancy, after check accepted it against the entry and whether it is
	// allocated, read in the same transaction.
	AddOffer(ctx context.Context, o rental.Offer, check func(e rental.Entry, allocated bool) (rental.Offer, error)) (rental.Offer, error)
	// AddAllocation stores an allocation after check accepted it; a
	// second allocation of one vacancy is a conflict.
	AddAllocation(ctx context.Context, a rental.Allocation, check func(e rental.Entry, allocated bool) (rental.Allocation, error)) (rental.Allocation, error)
	// AddClaim stores a restoration claim after check accepted it against
	// the entry and its allocation (nil when none).
	AddClaim(ctx context.Context, c rental.Claim, check func(e rental.Entry, alloc *rental.Allocation) error) error
}

// RentalFilter selects properties: of a municipality (0: any), of a
// landlord ("": any), or one property ("": any).
type RentalFilter struct {
	Municipality blandby.MunicipalityCode
	LandlordCVR  string
	PropertyID   string
}

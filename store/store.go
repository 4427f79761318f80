// Package store defines how blandby keeps what it computes and publishes:
// areas, indicator sets, computations with their explanations, and the
// published lists; and who uses it: users, API tokens, browser sessions and
// the hash-chained audit trail. Published lists are legal acts: they are
// appended, never changed; a correction is a new revision with a reason.
// Person-level register data are never stored, nor passwords, tokens or
// session ids (only their hashes).
//
// The interface speaks the domain's words; store/sqlite (the default, one
// file) and store/postgres (shared deployments) implement it, and
// store/storetest is the conformance suite both pass.
package store

import (
	"context"
	"encoding/json"
	"github.com/blandby/blandby/auth"
	"time"

	"github.com/blandby/blandby"
)

// Store keeps blandby's state. Every method that writes is one transaction:
// it happens completely or not at all. Errors carry blandby's stable codes:
// not_found for a missing object, conflict for a rule of immutability or
// uniqueness, invalid for input the store cannot take.
type Store interface {
	DepartmentStore
	LettingStore
	RentalStore
	PlanStore

	// Close releases the store.
	Close() error
	// SchemaVersion returns the version of the database schema.
	SchemaVersion(ctx context.Context) (int, error)

	// PutAreas adds areas or updates their current name, place, dwellings
	// and geometry (a nil Geometry keeps the stored one).
	PutAreas(ctx context.Context, areas []Area) error
	// Areas returns every area, by id.
	Areas(ctx context.Context) ([]Area, error)
	// Area returns one area with the names it has had, by year.
	Area(ctx context.Context, id string) (Area, error)

	// AddAreaNamesFile stores a file of area names (the area registry's
	// format) as the next extension of the bundled registry and returns
	// it with its Seq. after is the Seq of the last stored file the caller
	// checked the new one against (0: none stored); a file stored since is
	// a conflict, so that no file is stored unchecked against another.
	AddAreaNamesFile(ctx context.Context, f AreaNamesFile, after int64) (AreaNamesFile, error)
	// AreaNamesFiles returns the stored files of area names, by Seq: the
	// order they extend the registry in.
	AreaNamesFiles(ctx context.Context) ([]AreaNamesFile, error)

	// AddIndicatorSet stores a list year's indicators (and their details)
	// as a new set and returns its id; the areas it names are added or
	// updated, and each area's name that year is recorded.
	AddIndicatorSet(ctx context.Context, set IndicatorSet) (int64, error)
	// AddIndicatorSets stores several sets (the years of one indicator
	// file) in one transaction: all of them or none.
	AddIndicatorSets(ctx context.Context, sets []IndicatorSet) ([]int64, error)
	// IndicatorSet returns a stored set with its rows and details.
	IndicatorSet(ctx context.Context, id int64) (*IndicatorSet, error)
	// IndicatorSets returns the sets (without rows) of a list year, or of
	// every year when year is 0, oldest first.
	IndicatorSets(ctx context.Context, year int) ([]IndicatorSet, error)

	// AddComputation stores a computed list year, its indicator set and
	// every area's result, and returns its id.
	AddComputation(ctx context.Context, c Computation) (int64, error)
	// AddComputations stores the list years of one run in one
	// transaction: all of them or none.
	AddComputations(ctx context.Context, cs []Computation) ([]int64, error)
	// Computation returns a stored computation with its results.
	Computation(ctx context.Context, id int64) (*Computation, error)
	// Computations returns the computations (without results) of a list
	// year, or of every year when year is 0, oldest first.
	Computations(ctx context.Context, year int) ([]Computation, error)

	// Publish makes a computation the published list of its year: revision
	// 1, or with Correction set the next revision of a year already
	// published. Publishing a year already published without Correction,
	// or correcting a year not yet published, is a conflict. Publish
	// computes and records the content hash.
	Publish(ctx context.Context, p PublishRequest) (*Publication, error)
	// ImportHistory records published lists from before blandby (facts
	// read from a history file), one imported publication per year; a year
	// already published is a conflict.
	ImportHistory(ctx context.Context, h *blandby.History, meta ImportMeta) ([]Publication, error)
	// Publication returns a publication with its entries; revision 0 is
	// the latest revision of the year.
	Publication(ctx context.Context, year, revision int) (*Publication, error)
	// Publications returns every revision of every year (without entries),
	// by year and revision.
	Publications(ctx context.Context) ([]Publication, error)
	// History returns the latest revision of every published year.
	History(ctx context.Context) (*blandby.History, error)

	// Users, API tokens and browser sessions: what package auth decides
	// with. The store keeps only hashes of passwords, tokens and session
	// ids, never the secrets, and decides nothing about validity: expiry,
	// revocation and disabling are times it returns.

	// AddUser stores a new user and returns its id; a name already taken
	// is a conflict. CreatedAt is required; DisabledAt is ignored (a user
	// starts enabled).
	AddUser(ctx context.Context, u User) (int64, error)
	// User returns a user by name.
	User(ctx context.Context, name string) (User, error)
	// Users returns every user, by name.
	Users(ctx context.Context) ([]User, error)
	// DisableUser records that a user was disabled at a time and revokes
	// the user's tokens not yet revoked, in one transaction, returning how
	// many it revoked. Disabling a disabled user keeps the first time.
	// Sessions are not touched: auth checks DisabledAt.
	DisableUser(ctx context.Context, name string, at time.Time) (revokedTokens int, err error)
	// SetPassword replaces a user's password hash (empty: the user can no
	// longer sign in with a password).
	SetPassword(ctx context.Context, name, passwordHash string) error

	// AddToken stores an API token of an existing user (not found
	// otherwise); an id or a hash already stored is a conflict. RevokedAt
	// and LastUsedAt are ignored.
	AddToken(ctx context.Context, t Token) error
	// Token returns a token by its public id, with its hash.
	Token(ctx context.Context, id string) (Token, error)
	// TokenUser returns a token with its user, read at once: what
	// authenticating a request needs.
	TokenUser(ctx context.Context, id string) (Token, User, error)
	// Tokens returns a user's tokens, revoked and expired ones too, oldest
	// first, with their hashes (a hash is no secret: it cannot be turned
	// back into the token, so callers may keep or compare it, but need not
	// show it).
	Tokens(ctx context.Context, userName string) ([]Token, error)
	// RevokeToken records that a token was revoked at a time. Revoking a
	// revoked token changes nothing (the first time is kept).
	RevokeToken(ctx context.Context, id string, at time.Time) error
	// TouchToken records that a token was used at a time. The recorded
	// time only moves forward: an earlier time than the one recorded
	// (requests finishing out of order) changes nothing.
	TouchToken(ctx context.Context, id string, at time.Time) error

	// AddSession stores a browser session of an existing user (not found
	// otherwise); a hash already stored is a conflict. RevokedAt is
	// ignored.
	AddSession(ctx context.Context, s Session) error
	// Session returns a session by the hash of its id.
	Session(ctx context.Context, hash string) (Session, error)
	// SessionUser returns a session with its user, read at once.
	SessionUser(ctx context.Context, hash string) (Session, User, error)
	// RevokeSession records that a session was ended at a time. Revoking a
	// revoked session changes nothing (the first time is kept).
	RevokeSession(ctx context.Context, hash string, at time.Time) error

	// UpdateThrottle is the sign-in throttle's shared state
	// (auth.ThrottleStore): it calls fn with the states of keys in one
	// transaction serialised against every other UpdateThrottle, by every
	// process on the database, stores what fn left (deleting zero states)
	// and deletes the states that expired before now.
	UpdateThrottle(ctx context.Context, now time.Time, keys []string, fn func(states []*auth.ThrottleState)) error

	// Audit appends an entry to the audit trail in a transaction of its
	// own and returns it with its Seq, PrevHash and Hash. Appends are
	// serialised, so the chain never forks. Appending in the same
	// transaction as the write it records is not offered (yet): an action
	// and its entry are two transactions, and a crash between them loses
	// the entry.
	Audit(ctx context.Context, e AuditEntry) (AuditEntry, error)
	// AuditLog returns at most limit (> 0) entries with a Seq after
	// afterSeq, by Seq. It returns the entries as stored, without checking
	// them (VerifyAudit does).
	AuditLog(ctx context.Context, afterSeq int64, limit int) ([]AuditEntry, error)
	// InvalidText reads every text column of every table and returns each
	// value that is not valid UTF-8, by table, row and column. PostgreSQL
	// refuses such text; SQLite keeps what it is given, so a file written
	// by another program (or an older blandby) may hold some.
	InvalidText(ctx context.Context) ([]InvalidText, error)

	// VerifyAudit walks the whole chain in one snapshot and reports the
	// first broken entry and why. A broken chain is a finding in the
	// report, not an error; errors are the database's.
	VerifyAudit(ctx context.Context) (AuditReport, error)
}

// Area is a housing area as stored: the registry's area (no Municipality
// or Region name) with what only the store keeps.
type Area struct {
	blandby.Area
	// Geometry is a GeoJSON geometry object, or nil.
	Geometry json.RawMessage
	// Names are the names the area has had in list years (from indicator
	// sets), oldest first; filled by Store.Area.
	Names []YearName
}

// AreaNamesFile is a file of area names stored whole: an extension of the
// bundled area registry in its YAML format (docs/official.md) that adds
// areas, aliases and events. The store keeps the text; reading and
// checking it is the registry's (package registry).
type AreaNamesFile struct {
	// Seq numbers the files 1, 2, … in the order they were stored.
	Seq int64
	// Source is the file's name as given.
	Source string
	// SHA256 is the hex SHA-256 of Document.
	SHA256 string
	// Document is the file's text.
	Document   string
	ImportedAt time.Time
	ImportedBy string
}

// InvalidText is a stored text value that is not valid UTF-8.
type InvalidText struct {
	Table, Column string
	// Row names the row by its key, such as "year=2010, revision=1,
	// area_id=agervang" (an invalid key value quoted with Go escapes).
	Row string
	// Value is the value quoted with Go escapes (\xf8), cut to 80 bytes.
	Value string
}

// YearName is an area's name in a list year.
type YearName struct {
	Year int
	Name string
}

// Input is a file a computation or an import was made from.
type Input struct {
	// Role says what the file was: "register", "areas", "reference",
	// "history", "indicators".
	Role string `json:"role"`
	// Name is the file's path as given.
	Name string `json:"name"`
	// SHA256 is the hex SHA-256 of the file's bytes.
	SHA256 string `json:"sha256"`
}

// SyntheticRole is the role of an input that is generated data, not a
// file (package demo): its Name is the generator's command line.
const SyntheticRole = "synthetic"

// ReferenceRole is the role of the reference file a register computation
// read its national and regional values from (register.ReadReference).
const ReferenceRole = "reference"

// WholePopulationRole is the role of the input that records that a register
// computation took its national and regional values (the national
// conviction share, the regional mean incomes) from the whole population
// its register files hold, not from a reference file. It is no file: its
// Name is WholePopulation and it has no hash (the register inputs carry
// theirs).
const WholePopulationRole = "whole_population"

// WholePopulation is the Name of the WholePopulationRole input.
const WholePopulation = "national and regional values from the whole population in the register files"

// Indicator set origins.
const (
	// Imported sets come from an indicator file.
	Imported = "imported"
	// Computed sets come from register microdata.
	Computed = "computed"
)

// IndicatorSet is one list year's indicators from one source.
type IndicatorSet struct {
	ID     int64
	Year   int
	Origin string // Imported or Computed
	// Source describes where the values came from (a file name or
	// "register").
	Source    string
	Inputs    []Input
	CreatedAt time.Time
	Rows      []blandby.Indicators
	Details   []blandby.IndicatorDetail
}

// Computation is a computed list year: the lists and explanations of every
// area, and everything needed to reproduce them.
type Computation struct {
	ID   int64
	Year int
	// RuleSet is the id of the rule set applied.
	RuleSet string
	// SoftwareVersion is the version of blandby that computed it.
	SoftwareVersion string
	ComputedAt      time.Time
	Inputs          []Input
	// History is the part of the published history the classification
	// read (earlier years' categories), so it can be reproduced.
	History []blandby.ListEntry
	// Indicators are the indicators classified; AddComputation stores them
	// as a set of origin Computed (or refers to IndicatorSetID when set).
	Indicators     *IndicatorSet
	IndicatorSetID int64
	// Results are every area's outcome, in the classifier's order.
	Results []Result
}

// ReadHistory returns the history the computation read (History) as a
// History: the earlier years, with every area's category.
func (c *Computation) ReadHistory() *blandby.History {
	h := blandby.NewHistory()
	for _, e := range c.History {
		h.Set(e.Year, e.AreaID, e.Category)
	}
	return h
}

// Result is one area's outcome in a computation.
type Result struct {
	AreaID   string
	Category blandby.Category
	// Explanation is the classifier's full result as JSON
	// (classify.Result).
	Explanation json.RawMessage
}

// Publication kinds.
const (
	// PublishedComputation is a list published from a computation.
	PublishedComputation = "computed"
	// PublishedImport is a list recorded from a history file.
	PublishedImport = "imported"
)

// PublishRequest asks to publish a computation.
type PublishRequest struct {
	ComputationID int64
	// PublishedBy names who publishes.
	PublishedBy string
	// PublishedAt is the time of publication (the caller reads the clock).
	PublishedAt time.Time
	// SoftwareVersion is the version of blandby that publishes.
	SoftwareVersion string
	// Correction makes a new revision of a year already published; Reason
	// is then required.
	Correction bool
	Reason     string
}

// ImportMeta describes a history import.
type ImportMeta struct {
	Input           Input
	ImportedBy      string
	ImportedAt      time.Time
	SoftwareVersion string
	// RuleSets names the rule set of each year (for the lists' names).
	RuleSets map[int]string
	// Sources are the sources of each year's entries, by year and area id
	// (empty: none recorded).
	Sources map[int]map[string]string
	// Counts are, by year, how many areas each list published and how many
	// of them the history names (a list known only in part).
	Counts map[int][]ListCount
	// Computations are, by year, the classification of the published
	// values of that year's list (when they were published), stored in the
	// same transaction: an entry whose category the computation gives the
	// area carries its explanation; an entry it disagrees with (a
	// published anomaly) carries none.
	Computations map[int]*Computation
	// Areas are added to the store's areas, in the same transaction, when
	// no area of their id is stored (a stored area is left as it is): the
	// areas the lists name, so that they are known by id, name and
	// municipality even before any indicators name them.
	Areas []Area
}

// ListCount is how complete a published list is in the store: how many
// areas the list published (when known) and how many of them the stored
// entries name.
type ListCount struct {
	Category blandby.Category
	// Published is the number of areas on the published list; Known says
	// whether it is known at all.
	Published int
	Known     bool
	// Named is how many of them the entries name.
	Named int
}

// Publication is a published list of a year: one revision.
type Publication struct {
	Year     int
	Revision int
	Kind     string // PublishedComputation or PublishedImport
	// ComputationID is the computation published (0 for an import).
	ComputationID   int64
	RuleSet         string
	SoftwareVersion string
	PublishedAt     time.Time
	PublishedBy     string
	// Reason is why a correction was made (empty for revision 1).
	Reason string
	// Inputs are the files the list was made from, with their hashes.
	Inputs []Input
	// ContentSHA256 is the hash of the entries (ContentHash), recorded at
	// publication.
	ContentSHA256 string
	// Counts say, per list, how many areas were published and how many the
	// entries name (imported lists known in part; empty when not recorded);
	// filled by Store.Publication and Store.Publications.
	Counts []ListCount
	// Entries are every area's category (with the explanation for a
	// computed list), by area id; filled by Store.Publication.
	Entries []Entry
}

// Entry is one area's category on a published list.
type Entry struct {
	AreaID      string
	Category    blandby.Category
	Explanation json.RawMessage
	// Source is where an imported entry comes from (empty when not
	// recorded).
	Source string
}

package store

import "time"

// User is a person or a program that may use blandby, as stored. The store
// keeps what package auth decides with; it decides nothing itself: whether
// a user may do something is auth's to say from Role, Scope and
// DisabledAt.
type User struct {
	// ID is the user's number, given by AddUser.
	ID int64
	// Name is the user's unique login name.
	Name string
	// Role is the user's role as auth names it (for example
	// "municipality"); the store keeps it as given.
	Role string
	// Scope limits the role (for example the municipality code "101");
	// empty for a role that has no scope.
	Scope string
	// PasswordHash is the password as auth hashed it, never the password
	// itself; empty for a user who signs in with API tokens only.
	PasswordHash string
	CreatedAt    time.Time
	// DisabledAt is when the user was disabled, nil while enabled. A
	// disabled user is kept (the audit trail names it) and never enabled
	// again by the store.
	DisabledAt *time.Time
}

// Token is an API token, as stored: never the token itself, only the hex
// SHA-256 of the whole token (auth.TokenHash). Expiry, revocation and last use are data: the
// store returns them and auth decides whether the token is valid.
type Token struct {
	// ID is the token's public identifier (unique), the part of the token
	// a request may show in the clear to find it.
	ID string
	// UserName is the user the token acts for.
	UserName string
	// Name says what the token is for ("nightly export").
	Name string
	// Hash is the hex SHA-256 of the secret token (64 lowercase hex
	// digits). The plain token is never stored.
	Hash      string
	CreatedAt time.Time
	// ExpiresAt is when the token stops being valid; every token expires.
	ExpiresAt time.Time
	// RevokedAt is when the token was revoked, nil while not revoked.
	RevokedAt *time.Time
	// LastUsedAt is the latest time TouchToken recorded, nil if never.
	LastUsedAt *time.Time
}

// Session is a browser session, as stored: only the hash of the session
// id the browser holds. Like a token, its expiry and revocation are data.
type Session struct {
	// Hash is the hex SHA-256 of the session id (64 lowercase hex digits),
	// the session's key. The session id itself is never stored.
	Hash      string
	UserName  string
	CreatedAt time.Time
	// ExpiresAt is when the session ends; every session expires.
	ExpiresAt time.Time
	// RevokedAt is when the session was ended (signed out), nil while not.
	RevokedAt *time.Time
}

// Outcomes of an audited action.
const (
	// AuditOK is an action that was done.
	AuditOK = "ok"
	// AuditDenied is an action refused for want of permission.
	AuditDenied = "denied"
	// AuditFailed is an action permitted that failed.
	AuditFailed = "failed"
)

// AuditEntry is one entry of the audit trail: who did what to which
// object, when, and how it went. Entries form a hash chain: each entry's
// Hash covers its fields and the previous entry's Hash (AuditHash), so that
// changing, removing or inserting an entry anywhere but at the end breaks
// the chain. An entry never holds person-level data, passwords or tokens.
type AuditEntry struct {
	// Seq is the entry's place in the trail: 1, 2, 3, … without gaps;
	// given by Store.Audit.
	Seq int64
	// At is when the action happened (the caller reads the clock).
	At time.Time
	// Actor is who acted: a user name, "anonymous", or "cli:<os user>".
	Actor string
	// Role and Scope are the actor's at the time (empty when none).
	Role  string
	Scope string
	// Action names what was done or tried ("publish", "login").
	Action string
	// Object names what it was done to ("publication 2024 revision 2");
	// empty when nothing in particular.
	Object string
	// Outcome is AuditOK, AuditDenied or AuditFailed.
	Outcome string
	// Detail says more, in words without personal data.
	Detail string
	// PrevHash is the previous entry's Hash (AuditGenesis for the first);
	// given by Store.Audit.
	PrevHash string
	// Hash is AuditHash of the entry; given by Store.Audit.
	Hash string
}

// AuditReport is what Store.VerifyAudit found walking the whole chain.
type AuditReport struct {
	// Entries is the number of entries read.
	Entries int64
	// LastSeq and LastHash are the last entry's (0 and AuditGenesis for
	// an empty trail). The chain cannot show that entries were removed
	// from its end: compare LastSeq and LastHash with a copy kept
	// elsewhere to see that.
	LastSeq  int64
	LastHash string
	// OK is true when the chain is unbroken.
	OK bool
	// BrokenSeq is the seq of the first entry found broken (0 when OK):
	// for a gap, the seq that is missing.
	BrokenSeq int64
	// Problem is why: AuditHashMismatch, AuditPrevMismatch or AuditGap
	// (empty when OK).
	Problem string
	// Detail says it in words.
	Detail string
}

// The problems VerifyAudit reports.
const (
	// AuditHashMismatch: the entry's stored Hash is not AuditHash of its
	// fields (the entry was changed).
	AuditHashMismatch = "hash mismatch"
	// AuditPrevMismatch: the entry's PrevHash is not the previous entry's
	// Hash (an entry before it was changed and rehashed, or replaced).
	AuditPrevMismatch = "prev mismatch"
	// AuditGap: the seqs are not contiguous from 1 (an entry was removed).
	AuditGap = "gap"
)

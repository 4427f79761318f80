-- Users, API tokens, browser sessions and the audit trail. Only hashes of
-- passwords, tokens and session ids are stored, never the secrets. Users,
-- tokens and sessions change (disabled, revoked, last used); the audit
-- trail is append-only and hash-chained.

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	name          TEXT NOT NULL UNIQUE CHECK (name <> ''),
	role          TEXT NOT NULL CHECK (role <> ''),
	scope         TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    TEXT NOT NULL,
	disabled_at   TEXT
) STRICT;

-- hash is the hex SHA-256 of the secret token.
CREATE TABLE api_tokens (
	id           TEXT PRIMARY KEY NOT NULL CHECK (id <> ''),
	user_name    TEXT NOT NULL REFERENCES users (name),
	name         TEXT NOT NULL,
	hash         TEXT NOT NULL UNIQUE CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
	created_at   TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	revoked_at   TEXT,
	last_used_at TEXT
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_name, created_at);

-- hash is the hex SHA-256 of the session id the browser holds.
CREATE TABLE sessions (
	hash       TEXT PRIMARY KEY NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'),
	user_name  TEXT NOT NULL REFERENCES users (name),
	created_at TEXT NOT NULL,
	expires_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_name);

-- The audit trail: append-only, each entry's hash covers the previous
-- entry's (store.AuditHash). Appends are serialised by SQLite's one writer
-- (transactions begin IMMEDIATE); the chain trigger refuses any insert
-- that does not follow the last entry, so even direct SQL cannot fork the
-- chain or replace an entry.
CREATE TABLE audit_log (
	seq       INTEGER PRIMARY KEY CHECK (seq >= 1),
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL CHECK (actor <> ''),
	role      TEXT NOT NULL,
	scope     TEXT NOT NULL,
	action    TEXT NOT NULL CHECK (action <> ''),
	object    TEXT NOT NULL,
	outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'failed')),
	detail    TEXT NOT NULL,
	prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64 AND prev_hash NOT GLOB '*[^0-9a-f]*'),
	hash      TEXT NOT NULL CHECK (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*')
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: an audit entry is never changed'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: an audit entry is never deleted'); END;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
WHEN NEW.seq IS NOT COALESCE((SELECT MAX(seq) FROM audit_log), 0) + 1
	OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: an audit entry must follow the last one (the next seq, and its hash as prev_hash)'); END;

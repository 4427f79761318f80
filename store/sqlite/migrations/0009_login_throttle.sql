-- The sign-in throttle's state (auth.LoginThrottle, auth.ThrottleState),
-- shared by every server on this database: one row per key ("pair", "address",
-- "user" or "known", a colon, then the hex SHA-256 of the key: never the name
-- typed, which may be a password), updated in transactions that
-- are serialised (PostgreSQL: an advisory transaction lock; SQLite: its one
-- writer). A row is deleted once expires_at has passed.
CREATE TABLE login_throttle (
	key           TEXT PRIMARY KEY,
	fails         INTEGER NOT NULL,
	start_at      TEXT NOT NULL,
	level         INTEGER NOT NULL,
	until_at      TEXT NOT NULL,
	last_at       TEXT NOT NULL,
	pending       INTEGER NOT NULL,
	pending_until TEXT NOT NULL,
	expires_at    TEXT NOT NULL
);
CREATE INDEX login_throttle_expires ON login_throttle (expires_at);

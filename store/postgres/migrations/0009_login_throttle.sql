-- The sign-in throttle's state (auth.LoginThrottle, auth.ThrottleState),
-- shared by every server on this database: one row per key ("pair", "address",
-- "user" or "known", a colon, then the hex SHA-256 of the key: never the name
-- typed, which may be a password), updated in transactions that
-- are serialised (PostgreSQL: an advisory transaction lock; SQLite: its one
-- writer). A row is deleted once expires_at has passed.
CREATE TABLE login_throttle (
	key           text PRIMARY KEY,
	fails         integer NOT NULL,
	start_at      text NOT NULL,
	level         integer NOT NULL,
	until_at      text NOT NULL,
	last_at       text NOT NULL,
	pending       integer NOT NULL,
	pending_until text NOT NULL,
	expires_at    text NOT NULL
);
CREATE INDEX login_throttle_expires ON login_throttle (expires_at);

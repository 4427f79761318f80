package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// Users, API tokens and sessions are mutable rows: a user is disabled, a
// token revoked or touched, a session revoked, by UPDATE. Revoking and
// disabling keep the first time; nothing is ever deleted by the store.

// validName refuses an empty name, surrounding white space and control
// characters in a name or identifier (they would make look-ups and the
// audit trail ambiguous).
func validName(what, s string) error {
	if s == "" {
		return blandby.Errorf(blandby.CodeInvalid, "%s is empty", what)
	}
	if strings.TrimSpace(s) != s {
		return blandby.Errorf(blandby.CodeInvalid, "%s %q has white space around it", what, s)
	}
	if strings.IndexFunc(s, unicode.IsControl) >= 0 {
		return blandby.Errorf(blandby.CodeInvalid, "%s %q has a control character", what, s)
	}
	return nil
}

// validHash requires the hex SHA-256 form: 64 lowercase hex digits.
func validHash(what, s string) error {
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return blandby.Errorf(blandby.CodeInvalid, "%s is not a hex SHA-256 (64 lowercase hex digits)", what)
	}
	return nil
}

func validTime(what string, t time.Time) error {
	if t.IsZero() {
		return blandby.Errorf(blandby.CodeInvalid, "%s is not set", what)
	}
	return nil
}

// decodeNullTime reads an optional stored time.
func decodeNullTime(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := decodeTime(s.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

func noUser(name string) error { return blandby.Errorf(blandby.CodeNotFound, "no user %q", name) }

// userExists says whether a user is stored.
func (s *Store) userExists(ctx context.Context, q querier, name string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, s.q("SELECT 1 FROM users WHERE name = ?"), name).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// AddUser stores a new user, enabled, and returns its id.
func (s *Store) AddUser(ctx context.Context, u store.User) (int64, error) {
	if err := validName("a user name", u.Name); err != nil {
		return 0, err
	}
	if err := validName("user "+u.Name+": the role", u.Role); err != nil {
		return 0, err
	}
	if u.Scope != "" {
		if err := validName("user "+u.Name+": the scope", u.Scope); err != nil {
			return 0, err
		}
	}
	if err := validTime("user "+u.Name+": the creation time", u.CreatedAt); err != nil {
		return 0, err
	}
	var id int64
	err := s.write(ctx, "add user", func(tx *wtx) error {
		ok, err := s.userExists(ctx, tx, u.Name)
		if err != nil {
			return err
		}
		if ok {
			return blandby.Errorf(blandby.CodeConflict, "a user named %q already exists", u.Name)
		}
		err = tx.QueryRowContext(ctx, s.q(`INSERT INTO users (name, role, scope, password_hash, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), u.Name, u.Role, u.Scope, u.PasswordHash, encodeTime(u.CreatedAt)).Scan(&id)
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "a user named %q already exists", u.Name)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

const userColumns = "id, name, role, scope, password_hash, created_at, disabled_at"

// userRow is a user's columns as scanned (userColumns, in order).
type userRow struct {
	u        store.User
	created  string
	disabled sql.NullString
}

func (r *userRow) dest() []any {
	return []any{&r.u.ID, &r.u.Name, &r.u.Role, &r.u.Scope, &r.u.PasswordHash, &r.created, &r.disabled}
}

func (r *userRow) user() (store.User, error) {
	var err error
	if r.u.CreatedAt, err = decodeTime(r.created); err != nil {
		return r.u, err
	}
	r.u.DisabledAt, err = decodeNullTime(r.disabled)
	return r.u, err
}

func scanUser(sc interface{ Scan(...any) error }) (store.User, error) {
	var r userRow
	if err := sc.Scan(r.dest()...); err != nil {
		return r.u, err
	}
	return r.user()
}

// User returns a user by name.
func (s *Store) User(ctx context.Context, name string) (store.User, error) {
	var u store.User
	err := s.read(ctx, "user", func(q querier) error {
		var err error
		u, err = scanUser(q.QueryRowContext(ctx, s.q("SELECT "+userColumns+" FROM users WHERE name = ?"), name))
		if errors.Is(err, sql.ErrNoRows) {
			return noUser(name)
		}
		return err
	})
	return u, err
}

// Users returns every user, by name.
func (s *Store) Users(ctx context.Context) ([]store.User, error) {
	var out []store.User
	err := s.read(ctx, "users", func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+userColumns+" FROM users ORDER BY name")
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u, err := scanUser(rows)
			if err != nil {
				return err
			}
			out = append(out, u)
		}
		return rows.Err()
	})
	return out, err
}

// update runs an UPDATE of one object in a write transaction. When it
// changes no row, exists says whether the object is there: if not, the
// result is missing(); if so, the update was a repeat and changes nothing.
func (s *Store) update(ctx context.Context, op string, query string, args []any, exists func(tx *wtx) (bool, error), missing func() error) error {
	return s.write(ctx, op, func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, s.q(query), args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n > 0 {
			return err
		}
		ok, err := exists(tx)
		if err != nil {
			return err
		}
		if !ok {
			return missing()
		}
		return nil
	})
}

// DisableUser records when a user was disabled (the first time stays) and
// revokes its live tokens, in one transaction.
func (s *Store) DisableUser(ctx context.Context, name string, at time.Time) (int, error) {
	if err := validTime("the time of disabling", at); err != nil {
		return 0, err
	}
	var revoked int
	err := s.write(ctx, "disable user", func(tx *wtx) error {
		ok, err := s.userExists(ctx, tx, name)
		if err != nil {
			return err
		}
		if !ok {
			return noUser(name)
		}
		if _, err := tx.ExecContext(ctx, s.q("UPDATE users SET disabled_at = ? WHERE name = ? AND disabled_at IS NULL"), encodeTime(at), name); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.q("UPDATE api_tokens SET revoked_at = ? WHERE user_name = ? AND revoked_at IS NULL"), encodeTime(at), name)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		revoked = int(n)
		return err
	})
	return revoked, err
}

// SetPassword replaces a user's password hash.
func (s *Store) SetPassword(ctx context.Context, name, passwordHash string) error {
	return s.write(ctx, "set password", func(tx *wtx) error {
		res, err := tx.ExecContext(ctx, s.q("UPDATE users SET password_hash = ? WHERE name = ?"), passwordHash, name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = noUser(name)
			}
			return err
		}
		return nil
	})
}

// AddToken stores an API token of an existing user.
func (s *Store) AddToken(ctx context.Context, t store.Token) error {
	if err := validName("a token id", t.ID); err != nil {
		return err
	}
	if err := validHash("token "+t.ID+": the hash", t.Hash); err != nil {
		return err
	}
	if err := validTime("token "+t.ID+": the creation time", t.CreatedAt); err != nil {
		return err
	}
	if err := validTime("token "+t.ID+": the expiry", t.ExpiresAt); err != nil {
		return err
	}
	return s.write(ctx, "add token", func(tx *wtx) error {
		ok, err := s.userExists(ctx, tx, t.UserName)
		if err != nil {
			return err
		}
		if !ok {
			return noUser(t.UserName)
		}
		var one int
		err = tx.QueryRowContext(ctx, s.q("SELECT 1 FROM api_tokens WHERE id = ?"), t.ID).Scan(&one)
		if err == nil {
			return blandby.Errorf(blandby.CodeConflict, "an API token %q already exists", t.ID)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		_, err = tx.ExecContext(ctx, s.q(`INSERT INTO api_tokens (id, user_name, name, hash, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?)`), t.ID, t.UserName, t.Name, t.Hash, encodeTime(t.CreatedAt), encodeTime(t.ExpiresAt))
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "an API token with the same id or hash as %q already exists", t.ID)
		}
		return err
	})
}

const tokenColumns = "id, user_name, name, hash, created_at, expires_at, revoked_at, last_used_at"

// tokenRow is a token's columns as scanned (tokenColumns, in order).
type tokenRow struct {
	t                store.Token
	created, expires string
	revoked, used    sql.NullString
}

func (r *tokenRow) dest() []any {
	return []any{&r.t.ID, &r.t.UserName, &r.t.Name, &r.t.Hash, &r.created, &r.expires, &r.revoked, &r.used}
}

func (r *tokenRow) token() (store.Token, error) {
	var err error
	if r.t.CreatedAt, err = decodeTime(r.created); err != nil {
		return r.t, err
	}
	if r.t.ExpiresAt, err = decodeTime(r.expires); err != nil {
		return r.t, err
	}
	if r.t.RevokedAt, err = decodeNullTime(r.revoked); err != nil {
		return r.t, err
	}
	r.t.LastUsedAt, err = decodeNullTime(r.used)
	return r.t, err
}

func scanToken(sc interface{ Scan(...any) error }) (store.Token, error) {
	var r tokenRow
	if err := sc.Scan(r.dest()...); err != nil {
		return r.t, err
	}
	return r.token()
}

// qualified prefixes every column of a column list with a table alias.
func qualified(alias, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// tokenUserQuery reads a token and its user in one statement.
var tokenUserQuery = "SELECT " + qualified("t", tokenColumns) + ", " + qualified("u", userColumns) +
	" FROM api_tokens t JOIN users u ON u.name = t.user_name WHERE t.id = ?"

// TokenUser returns a token with its user, read in one statement: what
// authenticating a request needs, at the cost of one query.
func (s *Store) TokenUser(ctx context.Context, id string) (store.Token, store.User, error) {
	var tr tokenRow
	var ur userRow
	stmt, err := s.readStmt(ctx, tokenUserQuery)
	if err != nil {
		return store.Token{}, store.User{}, s.internal("token and user", err)
	}
	err = stmt.QueryRowContext(ctx, id).Scan(append(tr.dest(), ur.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Token{}, store.User{}, noToken(id)
	}
	if err != nil {
		return store.Token{}, store.User{}, s.internal("token and user", err)
	}
	t, err := tr.token()
	if err != nil {
		return t, store.User{}, s.internal("token and user", err)
	}
	u, err := ur.user()
	if err != nil {
		return t, u, s.internal("token and user", err)
	}
	return t, u, nil
}

func noToken(id string) error { return blandby.Errorf(blandby.CodeNotFound, "no API token %q", id) }

func (s *Store) tokenExists(ctx context.Context, q querier, id string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, s.q("SELECT 1 FROM api_tokens WHERE id = ?"), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// Token returns a token by its public id.
func (s *Store) Token(ctx context.Context, id string) (store.Token, error) {
	var t store.Token
	err := s.read(ctx, "token", func(q querier) error {
		var err error
		t, err = scanToken(q.QueryRowContext(ctx, s.q("SELECT "+tokenColumns+" FROM api_tokens WHERE id = ?"), id))
		if errors.Is(err, sql.ErrNoRows) {
			return noToken(id)
		}
		return err
	})
	return t, err
}

// Tokens returns a user's tokens, oldest first.
func (s *Store) Tokens(ctx context.Context, userName string) ([]store.Token, error) {
	var out []store.Token
	err := s.read(ctx, "tokens", func(q querier) error {
		ok, err := s.userExists(ctx, q, userName)
		if err != nil {
			return err
		}
		if !ok {
			return noUser(userName)
		}
		rows, err := q.QueryContext(ctx, s.q("SELECT "+tokenColumns+" FROM api_tokens WHERE user_name = ? ORDER BY created_at, id"), userName)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			t, err := scanToken(rows)
			if err != nil {
				return err
			}
			out = append(out, t)
		}
		return rows.Err()
	})
	return out, err
}

// RevokeToken records when a token was revoked; the first time stays.
func (s *Store) RevokeToken(ctx context.Context, id string, at time.Time) error {
	if err := validTime("the time of revocation", at); err != nil {
		return err
	}
	return s.update(ctx, "revoke token", "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
		[]any{encodeTime(at), id},
		func(tx *wtx) (bool, error) { return s.tokenExists(ctx, tx, id) },
		func() error { return noToken(id) })
}

// TouchToken records a token's use; the recorded time only moves forward
// (stored times compare as text in time order).
func (s *Store) TouchToken(ctx context.Context, id string, at time.Time) error {
	if err := validTime("the time of use", at); err != nil {
		return err
	}
	t := encodeTime(at)
	return s.update(ctx, "touch token", "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
		[]any{t, id, t},
		func(tx *wtx) (bool, error) { return s.tokenExists(ctx, tx, id) },
		func() error { return noToken(id) })
}

// AddSession stores a browser session of an existing user.
func (s *Store) AddSession(ctx context.Context, se store.Session) error {
	if err := validHash("the session hash", se.Hash); err != nil {
		return err
	}
	if err := validTime("the session's creation time", se.CreatedAt); err != nil {
		return err
	}
	if err := validTime("the session's expiry", se.ExpiresAt); err != nil {
		return err
	}
	return s.write(ctx, "add session", func(tx *wtx) error {
		ok, err := s.userExists(ctx, tx, se.UserName)
		if err != nil {
			return err
		}
		if !ok {
			return noUser(se.UserName)
		}
		_, err = tx.ExecContext(ctx, s.q("INSERT INTO sessions (hash, user_name, created_at, expires_at) VALUES (?, ?, ?, ?)"),
			se.Hash, se.UserName, encodeTime(se.CreatedAt), encodeTime(se.ExpiresAt))
		if s.d.Violation(err) == Unique {
			return blandby.Errorf(blandby.CodeConflict, "a session with that hash already exists")
		}
		return err
	})
}

func noSession() error { return blandby.Errorf(blandby.CodeNotFound, "no session with that hash") }

// Session returns a session by the hash of its id.
func (s *Store) Session(ctx context.Context, hash string) (store.Session, error) {
	var se store.Session
	err := s.read(ctx, "session", func(q querier) error {
		var r sessionRow
		err := q.QueryRowContext(ctx, s.q("SELECT "+sessionColumns+" FROM sessions WHERE hash = ?"), hash).Scan(r.dest()...)
		if errors.Is(err, sql.ErrNoRows) {
			return noSession()
		}
		if err != nil {
			return err
		}
		se, err = r.session()
		return err
	})
	return se, err
}

const sessionColumns = "hash, user_name, created_at, expires_at, revoked_at"

// sessionRow is a session's columns as scanned (sessionColumns, in order).
type sessionRow struct {
	se               store.Session
	created, expires string
	revoked          sql.NullString
}

func (r *sessionRow) dest() []any {
	return []any{&r.se.Hash, &r.se.UserName, &r.created, &r.expires, &r.revoked}
}

func (r *sessionRow) session() (store.Session, error) {
	var err error
	if r.se.CreatedAt, err = decodeTime(r.created); err != nil {
		return r.se, err
	}
	if r.se.ExpiresAt, err = decodeTime(r.expires); err != nil {
		return r.se, err
	}
	r.se.RevokedAt, err = decodeNullTime(r.revoked)
	return r.se, err
}

// sessionUserQuery reads a session and its user in one statement.
var sessionUserQuery = "SELECT " + qualified("s", sessionColumns) + ", " + qualified("u", userColumns) +
	" FROM sessions s JOIN users u ON u.name = s.user_name WHERE s.hash = ?"

// SessionUser returns a session with its user, read in one statement.
func (s *Store) SessionUser(ctx context.Context, hash string) (store.Session, store.User, error) {
	var sr sessionRow
	var ur userRow
	stmt, err := s.readStmt(ctx, sessionUserQuery)
	if err != nil {
		return store.Session{}, store.User{}, s.internal("session and user", err)
	}
	err = stmt.QueryRowContext(ctx, hash).Scan(append(sr.dest(), ur.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Session{}, store.User{}, noSession()
	}
	if err != nil {
		return store.Session{}, store.User{}, s.internal("session and user", err)
	}
	se, err := sr.session()
	if err != nil {
		return se, store.User{}, s.internal("session and user", err)
	}
	u, err := ur.user()
	if err != nil {
		return se, u, s.internal("session and user", err)
	}
	return se, u, nil
}

// RevokeSession records when a session was ended; the first time stays.
func (s *Store) RevokeSession(ctx context.Context, hash string, at time.Time) error {
	if err := validTime("the time of revocation", at); err != nil {
		return err
	}
	return s.update(ctx, "revoke session", "UPDATE sessions SET revoked_at = ? WHERE hash = ? AND revoked_at IS NULL",
		[]any{encodeTime(at), hash},
		func(tx *wtx) (bool, error) {
			var one int
			err := tx.QueryRowContext(ctx, s.q("SELECT 1 FROM sessions WHERE hash = ?"), hash).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			return err == nil, err
		},
		noSession)
}

package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/store"
)

// sha256hex returns the hex SHA-256 of s, as auth stores a token or session id.
func sha256hex(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func user(name, role, scope string) store.User {
	return store.User{Name: name, Role: role, Scope: scope, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA", CreatedAt: at}
}

func testUsers(t *testing.T, st store.Store) {
	ctx := context.Background()
	if got := must[[]store.User](t)(st.Users(ctx)); len(got) != 0 {
		t.Fatalf("users of an empty store: %+v", got)
	}
	anna := user("anna", "municipality", "101")
	bo := user("bo", "admin", "")
	bo.PasswordHash = "" // a token-only user
	anna.ID = must[int64](t)(st.AddUser(ctx, anna))
	bo.ID = must[int64](t)(st.AddUser(ctx, bo))
	if anna.ID <= 0 || bo.ID <= 0 || anna.ID == bo.ID {
		t.Errorf("ids %d, %d", anna.ID, bo.ID)
	}
	diff(t, "anna", anna, must[store.User](t)(st.User(ctx, "anna")))
	diff(t, "users by name", []store.User{anna, bo}, must[[]store.User](t)(st.Users(ctx)))
	if u := must[store.User](t)(st.User(ctx, "anna")); u.CreatedAt.Location() != time.UTC || u.CreatedAt.Nanosecond() != at.Nanosecond() {
		t.Errorf("created at %v, want %v in UTC to the nanosecond", u.CreatedAt, at)
	}

	// A name is unique; a disabled time given to AddUser is ignored.
	dup := user("anna", "admin", "")
	_, err := st.AddUser(ctx, dup)
	wantCode(t, err, blandby.CodeConflict, "anna")
	carl := user("carl", "municipality", "147")
	carl.DisabledAt = ptr(at)
	carl.ID = must[int64](t)(st.AddUser(ctx, carl))
	if u := must[store.User](t)(st.User(ctx, "carl")); u.DisabledAt != nil {
		t.Errorf("a new user is disabled: %v", u.DisabledAt)
	}

	for name, u := range map[string]store.User{
		"empty name":    user("", "admin", ""),
		"spaced name":   user(" anna2", "admin", ""),
		"control char":  user("an\nna", "admin", ""),
		"empty role":    user("dora", "", ""),
		"no created at": {Name: "dora", Role: "admin"},
	} {
		t.Run("invalid/"+name, func(t *testing.T) {
			_, err := st.AddUser(ctx, u)
			wantCode(t, err, blandby.CodeInvalid)
		})
	}
	if n := len(must[[]store.User](t)(st.Users(ctx))); n != 3 {
		t.Errorf("%d users after refused additions, want 3", n)
	}

	// Disabling keeps the first time; the user stays.
	first, later := at.Add(time.Hour), at.Add(2*time.Hour)
	must[int](t)(st.DisableUser(ctx, "anna", first))
	must[int](t)(st.DisableUser(ctx, "anna", later))
	u := must[store.User](t)(st.User(ctx, "anna"))
	if u.DisabledAt == nil || !u.DisabledAt.Equal(first) {
		t.Errorf("disabled at %v, want the first time %v", u.DisabledAt, first)
	}
	if u := must[store.User](t)(st.User(ctx, "bo")); u.DisabledAt != nil {
		t.Errorf("bo disabled too: %v", u.DisabledAt)
	}

	// Passwords are replaced, or removed.
	check(t, st.SetPassword(ctx, "bo", "$argon2id$new"))
	if u := must[store.User](t)(st.User(ctx, "bo")); u.PasswordHash != "$argon2id$new" {
		t.Errorf("password hash %q", u.PasswordHash)
	}
	check(t, st.SetPassword(ctx, "bo", ""))
	if u := must[store.User](t)(st.User(ctx, "bo")); u.PasswordHash != "" {
		t.Errorf("password hash %q, want none", u.PasswordHash)
	}

	for name, f := range map[string]func() error{
		"user":         func() error { _, err := st.User(ctx, "nobody"); return err },
		"disable":      func() error { _, err := st.DisableUser(ctx, "nobody", at); return err },
		"set password": func() error { return st.SetPassword(ctx, "nobody", "x") },
	} {
		t.Run("not found/"+name, func(t *testing.T) { wantCode(t, f(), blandby.CodeNotFound, "nobody") })
	}
	_, err = st.DisableUser(ctx, "bo", time.Time{})
	wantCode(t, err, blandby.CodeInvalid)
}

func token(id, userName string) store.Token {
	return store.Token{ID: id, UserName: userName, Name: "export " + id, Hash: sha256hex("secret-" + id), CreatedAt: at, ExpiresAt: at.AddDate(0, 3, 0)}
}

func testTokens(t *testing.T, st store.Store) {
	ctx := context.Background()
	must[int64](t)(st.AddUser(ctx, user("anna", "municipality", "101")))
	must[int64](t)(st.AddUser(ctx, user("bo", "admin", "")))
	if got := must[[]store.Token](t)(st.Tokens(ctx, "anna")); len(got) != 0 {
		t.Fatalf("tokens of a new user: %+v", got)
	}
	t1, t2, t3 := token("tk1", "anna"), token("tk2", "anna"), token("tk3", "bo")
	t2.CreatedAt = at.Add(-time.Hour) // older: listed first
	// Expiry is data: an expired token is stored and returned as it is.
	t3.ExpiresAt = at.AddDate(-1, 0, 0)
	// Revocation and last use given to AddToken are ignored.
	t3.RevokedAt, t3.LastUsedAt = ptr(at), ptr(at)
	for _, tk := range []store.Token{t1, t2, t3} {
		check(t, st.AddToken(ctx, tk))
	}
	t3.RevokedAt, t3.LastUsedAt = nil, nil
	diff(t, "token tk1", t1, must[store.Token](t)(st.Token(ctx, "tk1")))
	diff(t, "token tk3", t3, must[store.Token](t)(st.Token(ctx, "tk3")))
	diff(t, "anna's tokens, oldest first", []store.Token{t2, t1}, must[[]store.Token](t)(st.Tokens(ctx, "anna")))
	// TokenUser reads the token and its user at once.
	for _, tk := range []store.Token{t1, t3} {
		gotT, gotU, err := st.TokenUser(ctx, tk.ID)
		check(t, err)
		diff(t, "TokenUser's token "+tk.ID, tk, gotT)
		diff(t, "TokenUser's user of "+tk.ID, must[store.User](t)(st.User(ctx, tk.UserName)), gotU)
	}
	_, _, err := st.TokenUser(ctx, "no-such-token")
	wantCode(t, err, blandby.CodeNotFound)

	// Ids and hashes are unique.
	wantCode(t, st.AddToken(ctx, token("tk1", "bo")), blandby.CodeConflict, "tk1")
	same := token("tk4", "bo")
	same.Hash = t1.Hash
	wantCode(t, st.AddToken(ctx, same), blandby.CodeConflict)
	wantCode(t, st.AddToken(ctx, token("tk5", "nobody")), blandby.CodeNotFound, "nobody")
	for name, tk := range map[string]store.Token{
		"empty id":   token("", "anna"),
		"plain hash": func() store.Token { tk := token("tk6", "anna"); tk.Hash = "secret"; return tk }(),
		"upper hash": func() store.Token { tk := token("tk6", "anna"); tk.Hash = "A" + tk.Hash[1:]; return tk }(),
		"no expiry":  func() store.Token { tk := token("tk6", "anna"); tk.ExpiresAt = time.Time{}; return tk }(),
		"no created": func() store.Token { tk := token("tk6", "anna"); tk.CreatedAt = time.Time{}; return tk }(),
	} {
		t.Run("invalid/"+name, func(t *testing.T) { wantCode(t, st.AddToken(ctx, tk), blandby.CodeInvalid) })
	}
	if n := len(must[[]store.Token](t)(st.Tokens(ctx, "bo"))); n != 1 {
		t.Errorf("bo has %d tokens after refused additions, want 1", n)
	}

	// Revocation keeps the first time.
	check(t, st.RevokeToken(ctx, "tk1", at.Add(time.Minute)))
	check(t, st.RevokeToken(ctx, "tk1", at.Add(time.Hour)))
	if got := must[store.Token](t)(st.Token(ctx, "tk1")); got.RevokedAt == nil || !got.RevokedAt.Equal(at.Add(time.Minute)) {
		t.Errorf("revoked at %v, want %v", got.RevokedAt, at.Add(time.Minute))
	}
	if got := must[store.Token](t)(st.Token(ctx, "tk2")); got.RevokedAt != nil {
		t.Errorf("tk2 revoked too: %v", got.RevokedAt)
	}

	// Last use moves forward only, to the nanosecond.
	for _, d := range []time.Duration{time.Second, 3 * time.Second, 2 * time.Second, 3*time.Second + 1} {
		check(t, st.TouchToken(ctx, "tk2", at.Add(d)))
	}
	if got := must[store.Token](t)(st.Token(ctx, "tk2")); got.LastUsedAt == nil || !got.LastUsedAt.Equal(at.Add(3*time.Second+1)) {
		t.Errorf("last used %v, want %v", got.LastUsedAt, at.Add(3*time.Second+1))
	}
	// A revoked or expired token is touched like any other: the store
	// does not decide validity.
	check(t, st.TouchToken(ctx, "tk3", at))

	for name, f := range map[string]func() error{
		"token":  func() error { _, err := st.Token(ctx, "nope"); return err },
		"tokens": func() error { _, err := st.Tokens(ctx, "nope"); return err },
		"revoke": func() error { return st.RevokeToken(ctx, "nope", at) },
		"touch":  func() error { return st.TouchToken(ctx, "nope", at) },
	} {
		t.Run("not found/"+name, func(t *testing.T) { wantCode(t, f(), blandby.CodeNotFound, "nope") })
	}

	// Disabling the user revokes its live tokens at that time, in the same
	// transaction; one revoked before keeps its time, and another user's
	// token stays live.
	off := at.Add(2 * time.Hour)
	if n := must[int](t)(st.DisableUser(ctx, "anna", off)); n != 1 {
		t.Errorf("disabling anna revoked %d tokens, want 1 (tk2; tk1 was revoked before)", n)
	}
	if got := must[store.Token](t)(st.Token(ctx, "tk2")); got.RevokedAt == nil || !got.RevokedAt.Equal(off) {
		t.Errorf("tk2 revoked at %v, want %v", got.RevokedAt, off)
	}
	if got := must[store.Token](t)(st.Token(ctx, "tk1")); got.RevokedAt == nil || !got.RevokedAt.Equal(at.Add(time.Minute)) {
		t.Errorf("tk1 revoked at %v, want the first revocation %v", got.RevokedAt, at.Add(time.Minute))
	}
	if got := must[store.Token](t)(st.Token(ctx, "tk3")); got.RevokedAt != nil {
		t.Errorf("bo's token revoked by disabling anna: %v", got.RevokedAt)
	}
	if n := must[int](t)(st.DisableUser(ctx, "anna", off.Add(time.Hour))); n != 0 {
		t.Errorf("disabling anna again revoked %d tokens, want 0", n)
	}
}

func testSessions(t *testing.T, st store.Store) {
	ctx := context.Background()
	must[int64](t)(st.AddUser(ctx, user("anna", "municipality", "101")))
	s1 := store.Session{Hash: sha256hex("session-1"), UserName: "anna", CreatedAt: at, ExpiresAt: at.Add(8 * time.Hour)}
	s2 := store.Session{Hash: sha256hex("session-2"), UserName: "anna", CreatedAt: at, ExpiresAt: at.Add(-time.Hour), RevokedAt: ptr(at)}
	check(t, st.AddSession(ctx, s1))
	check(t, st.AddSession(ctx, s2)) // already expired: data, stored as given
	s2.RevokedAt = nil
	diff(t, "session 1", s1, must[store.Session](t)(st.Session(ctx, s1.Hash)))
	diff(t, "session 2", s2, must[store.Session](t)(st.Session(ctx, s2.Hash)))
	gotS, gotU, err := st.SessionUser(ctx, s1.Hash)
	check(t, err)
	diff(t, "SessionUser's session", s1, gotS)
	diff(t, "SessionUser's user", must[store.User](t)(st.User(ctx, "anna")), gotU)
	_, _, err = st.SessionUser(ctx, sha256hex("unknown"))
	wantCode(t, err, blandby.CodeNotFound)

	wantCode(t, st.AddSession(ctx, s1), blandby.CodeConflict)
	wantCode(t, st.AddSession(ctx, store.Session{Hash: sha256hex("x"), UserName: "nobody", CreatedAt: at, ExpiresAt: at}), blandby.CodeNotFound, "nobody")
	for name, se := range map[string]store.Session{
		"plain id":   {Hash: "session-3", UserName: "anna", CreatedAt: at, ExpiresAt: at},
		"no expiry":  {Hash: sha256hex("session-3"), UserName: "anna", CreatedAt: at},
		"no created": {Hash: sha256hex("session-3"), UserName: "anna", ExpiresAt: at},
	} {
		t.Run("invalid/"+name, func(t *testing.T) { wantCode(t, st.AddSession(ctx, se), blandby.CodeInvalid) })
	}

	check(t, st.RevokeSession(ctx, s1.Hash, at.Add(time.Hour)))
	check(t, st.RevokeSession(ctx, s1.Hash, at.Add(2*time.Hour)))
	if got := must[store.Session](t)(st.Session(ctx, s1.Hash)); got.RevokedAt == nil || !got.RevokedAt.Equal(at.Add(time.Hour)) {
		t.Errorf("revoked at %v, want the first time %v", got.RevokedAt, at.Add(time.Hour))
	}
	if got := must[store.Session](t)(st.Session(ctx, s2.Hash)); got.RevokedAt != nil {
		t.Errorf("session 2 revoked too: %v", got.RevokedAt)
	}
	_, err = st.Session(ctx, sha256hex("unknown"))
	wantCode(t, err, blandby.CodeNotFound)
	wantCode(t, st.RevokeSession(ctx, sha256hex("unknown"), at), blandby.CodeNotFound)
}

// auditEntry is an entry to append (Seq and the hashes are the store's).
func auditEntry(i int) store.AuditEntry {
	return store.AuditEntry{At: at.Add(time.Duration(i) * time.Second), Actor: "anna", Role: "municipality", Scope: "101",
		Action: "publish", Object: fmt.Sprintf("publication 2024 revision %d", i), Outcome: store.AuditOK, Detail: fmt.Sprint("entry ", i)}
}

// wantChain checks that entries are 1…n, linked, each hashed with
// store.AuditHash.
func wantChain(t *testing.T, entries []store.AuditEntry, n int) {
	t.Helper()
	if len(entries) != n {
		t.Fatalf("%d entries, want %d", len(entries), n)
	}
	prev := store.AuditGenesis
	for i, e := range entries {
		if e.Seq != int64(i+1) || e.PrevHash != prev || e.Hash != store.AuditHash(e) {
			t.Fatalf("entry %d: seq %d, prev %s (want %s), hash %s (want %s)", i+1, e.Seq, e.PrevHash, prev, e.Hash, store.AuditHash(e))
		}
		prev = e.Hash
	}
}

func testAuditChain(t *testing.T, st store.Store) {
	ctx := context.Background()
	empty := must[store.AuditReport](t)(st.VerifyAudit(ctx))
	diff(t, "report on an empty trail", store.AuditReport{OK: true, LastHash: store.AuditGenesis}, empty)
	var appended []store.AuditEntry
	for i := range 5 {
		e := auditEntry(i)
		if i == 3 {
			e.Actor, e.Role, e.Scope, e.Object, e.Outcome, e.Detail = "anonymous", "", "", "", store.AuditDenied, ""
		}
		got := must[store.AuditEntry](t)(st.Audit(ctx, e))
		e.Seq, e.PrevHash, e.Hash = got.Seq, got.PrevHash, got.Hash
		diff(t, "appended entry", e, got)
		appended = append(appended, got)
	}
	wantChain(t, appended, 5)
	if appended[0].PrevHash != store.AuditGenesis {
		t.Errorf("first prev hash %s", appended[0].PrevHash)
	}
	all := must[[]store.AuditEntry](t)(st.AuditLog(ctx, 0, 100))
	diff(t, "audit log", appended, all)
	if all[0].At.Location() != time.UTC || all[0].At.Nanosecond() != at.Nanosecond() {
		t.Errorf("time %v, want UTC to the nanosecond", all[0].At)
	}
	diff(t, "a page", appended[2:4], must[[]store.AuditEntry](t)(st.AuditLog(ctx, 2, 2)))
	if got := must[[]store.AuditEntry](t)(st.AuditLog(ctx, 5, 10)); len(got) != 0 {
		t.Errorf("after the last: %+v", got)
	}
	for _, args := range [][2]int{{0, 0}, {0, -1}, {-1, 10}} {
		_, err := st.AuditLog(ctx, int64(args[0]), args[1])
		wantCode(t, err, blandby.CodeInvalid)
	}
	diff(t, "report", store.AuditReport{Entries: 5, LastSeq: 5, LastHash: appended[4].Hash, OK: true}, must[store.AuditReport](t)(st.VerifyAudit(ctx)))

	// Invalid entries are refused and append nothing.
	for name, f := range map[string]func(*store.AuditEntry){
		"no time":     func(e *store.AuditEntry) { e.At = time.Time{} },
		"no actor":    func(e *store.AuditEntry) { e.Actor = "" },
		"no action":   func(e *store.AuditEntry) { e.Action = "" },
		"bad outcome": func(e *store.AuditEntry) { e.Outcome = "maybe" },
	} {
		e := auditEntry(9)
		f(&e)
		_, err := st.Audit(ctx, e)
		if blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("%s: %v, want invalid", name, err)
		}
	}
	// Seq and hashes given by the caller are ignored: the store links.
	e := auditEntry(6)
	e.Seq, e.PrevHash, e.Hash = 99, "x", "y"
	got := must[store.AuditEntry](t)(st.Audit(ctx, e))
	if got.Seq != 6 || got.PrevHash != appended[4].Hash || got.Hash != store.AuditHash(got) {
		t.Errorf("appended %+v", got)
	}

	// Even direct SQL cannot fork the chain, append out of order or
	// replace an entry.
	db := raw(t, st)
	last := got
	for name, row := range map[string]store.AuditEntry{
		"fork":        {Seq: 7, PrevHash: appended[4].Hash},
		"skip":        {Seq: 8, PrevHash: last.Hash},
		"same seq":    {Seq: 6, PrevHash: appended[4].Hash},
		"rewrite one": {Seq: 1, PrevHash: store.AuditGenesis},
	} {
		r := auditEntry(0)
		r.Seq, r.PrevHash = row.Seq, row.PrevHash
		r.Hash = store.AuditHash(r)
		_, err := db.ExecContext(ctx, insertAudit(db), r.Seq, r.At.UTC().Format("2006-01-02T15:04:05.000000000Z07:00"),
			r.Actor, r.Role, r.Scope, r.Action, r.Object, r.Outcome, r.Detail, r.PrevHash, r.Hash)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: a direct insert: %v, want refused as append-only", name, err)
		}
	}
	if r := must[store.AuditReport](t)(st.VerifyAudit(ctx)); !r.OK || r.Entries != 6 {
		t.Errorf("after refused inserts: %+v", r)
	}
}

// insertAudit is an INSERT of an audit row in the back end's parameter
// style.
func insertAudit(db *sql.DB) string {
	ps := "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
	if !isSQLite(db) {
		ps = "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11"
	}
	return "INSERT INTO audit_log (seq, at, actor, role, scope, action, object, outcome, detail, prev_hash, hash) VALUES (" + ps + ")"
}

func isSQLite(db *sql.DB) bool {
	var v string
	return db.QueryRowContext(context.Background(), "SELECT sqlite_version()").Scan(&v) == nil
}

// testAuditConcurrent appends from several goroutines at once: one
// unbroken chain with contiguous seqs, every entry in it once.
func testAuditConcurrent(t *testing.T, st store.Store) {
	ctx := context.Background()
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	start := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := range each {
				e := auditEntry(i)
				e.Actor = fmt.Sprint("worker-", w)
				e.Detail = fmt.Sprintf("worker %d entry %d", w, i)
				if _, err := st.Audit(ctx, e); err != nil {
					errs <- err
				}
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all := must[[]store.AuditEntry](t)(st.AuditLog(ctx, 0, 1000))
	wantChain(t, all, workers*each)
	seen := map[string]bool{}
	for _, e := range all {
		if seen[e.Detail] {
			t.Errorf("%q twice", e.Detail)
		}
		seen[e.Detail] = true
	}
	r := must[store.AuditReport](t)(st.VerifyAudit(ctx))
	if !r.OK || r.Entries != workers*each || r.LastSeq != workers*each || r.LastHash != all[len(all)-1].Hash {
		t.Errorf("report %+v", r)
	}
}

// testAuditTamper plays an attacker with direct access to the database who
// gets past the append-only triggers: VerifyAudit finds each change, and
// reports the first broken entry.
func testAuditTamper(t *testing.T, st store.Store) {
	ctx := context.Background()
	db := raw(t, st)
	const n = 60
	for i := range n {
		must[store.AuditEntry](t)(st.Audit(ctx, auditEntry(i)))
	}
	// Past the triggers: SQLite drops them, PostgreSQL disables them (as
	// the tables' owner may).
	stmts := []string{"ALTER TABLE audit_log DISABLE TRIGGER USER"}
	if isSQLite(db) {
		stmts = []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	exec := func(query string, args ...any) {
		t.Helper()
		if !isSQLite(db) {
			for i := range args {
				query = strings.Replace(query, "?", fmt.Sprintf("$%d", i+1), 1)
			}
		}
		if _, err := db.ExecContext(ctx, query, args...); err != nil {
			t.Fatal(err)
		}
	}
	want := func(what string, seq int64, problem string, entries int64) {
		t.Helper()
		r := must[store.AuditReport](t)(st.VerifyAudit(ctx))
		if r.OK || r.BrokenSeq != seq || r.Problem != problem || r.Entries != entries || r.LastSeq != n || r.Detail == "" {
			t.Errorf("after %s: %+v, want entry %d broken by %q", what, r, seq, problem)
		}
	}

	// A changed entry no longer has its hash.
	exec("UPDATE audit_log SET detail = ? WHERE seq = ?", "nothing happened", 50)
	want("changing entry 50", 50, store.AuditHashMismatch, n)

	// Changed and rehashed, it no longer matches the next entry's link.
	e := must[[]store.AuditEntry](t)(st.AuditLog(ctx, 19, 1))[0]
	e.Outcome, e.Detail = store.AuditDenied, "forged"
	exec("UPDATE audit_log SET outcome = ?, detail = ?, hash = ? WHERE seq = ?", e.Outcome, e.Detail, store.AuditHash(e), e.Seq)
	want("changing and rehashing entry 20", 21, store.AuditPrevMismatch, n)

	// A removed entry is a gap.
	exec("DELETE FROM audit_log WHERE seq = ?", 10)
	want("removing entry 10", 10, store.AuditGap, n-1)

	// A time that is no time is a changed entry.
	exec("UPDATE audit_log SET at = ? WHERE seq = ?", "yesterday", 5)
	want("garbling entry 5's time", 5, store.AuditHashMismatch, n-1)
}

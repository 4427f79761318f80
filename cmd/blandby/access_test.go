package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/blandby/blandby/auth"
)

// TestUsersAndTokens: users are added with a checked role and password,
// tokens are shown once and stored hashed, revoking and disabling work, and
// every act is in the audit trail, which check verifies.
func TestUsersAndTokens(t *testing.T) {
	eachBackend(t, func(t *testing.T, db string) {
		if _, stderr, code := runDB(t, db, "users", "add", "anna", "--role", "municipality:9999", "--no-password"); code != 2 || !strings.Contains(stderr, "--role") {
			t.Fatalf("a bad role: status %d\n%s", code, stderr)
		}
		mustRun(t, db, "users", "add", "anna", "--role", "municipality:0101", "--no-password", "--by", "test")
		if _, stderr, code := runDB(t, db, "users", "add", "anna", "--role", "ministry", "--no-password"); code == 0 || !strings.Contains(stderr, "anna") {
			t.Fatalf("a second anna: status %d\n%s", code, stderr)
		}
		out := mustRun(t, db, "tokens", "create", "--user", "anna", "--name", "test", "--expires", "24h")
		plain := regexp.MustCompile(`bby_[a-z0-9_]+`).FindString(out)
		id, err := auth.ParseToken(plain)
		if err != nil {
			t.Fatalf("tokens create printed no token: %v\n%s", err, out)
		}
		list := mustRun(t, db, "tokens", "list", "--user", "anna")
		if !strings.Contains(list, id) || strings.Contains(list, plain) || strings.Contains(list, auth.TokenHash(plain)) {
			t.Fatalf("tokens list must show the id, never the token or its hash:\n%s", list)
		}
		st, err := openBackend(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := st.Token(context.Background(), id)
		st.Close()
		if err != nil || !auth.TokenMatches(plain, tok.Hash) {
			t.Fatalf("stored token %+v (%v) does not match the token shown", tok, err)
		}
		mustRun(t, db, "users", "disable", "anna")
		users := mustRun(t, db, "users", "list", "--lang", "en")
		if !regexp.MustCompile(`anna\s+municipality:101\s+no\s+\S+\s+\d{4}-`).MatchString(users) {
			t.Errorf("users list:\n%s", users)
		}
		if list := mustRun(t, db, "tokens", "list", "--user", "anna"); strings.Count(list, "–") != 1 {
			t.Errorf("disabling anna must revoke the token (only 'last used' is empty):\n%s", list)
		}
		if _, stderr, code := runDB(t, db, "tokens", "create", "--user", "anna", "--name", "x"); code == 0 || !strings.Contains(stderr, "disabled") {
			t.Errorf("a token for a disabled user: status %d\n%s", code, stderr)
		}
		check := mustRun(t, db, "check")
		// add anna, add anna (failed), token, disable, token (failed).
		if !strings.Contains(check, "audit trail: 5 entries, chain intact") {
			t.Errorf("check:\n%s", check)
		}
	})
}

// TestAuditTamperDetected: an attacker with direct access to the database
// changes one audit entry; check reports that entry and fails.
func TestAuditTamperDetected(t *testing.T) {
	t.Parallel()
	fx := testFixture(t)
	db := filepath.Join(t.TempDir(), "blandby.db")
	mustRun(t, db, "compute", "--indicators", fx.indicators, "--years", "2020-2021", "--save")
	mustRun(t, db, "publish", "--year", "2020")
	mustRun(t, db, "publish", "--year", "2021")
	if out := mustRun(t, db, "check"); !strings.Contains(out, "audit trail: 3 entries, chain intact") {
		t.Fatalf("check before:\n%s", out)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"DROP TRIGGER audit_log_no_update",
		"UPDATE audit_log SET actor = 'cli:someone-else' WHERE seq = 2",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	stdout, _, code := runDB(t, db, "check")
	if code == 0 || !strings.Contains(stdout, "audit trail: PROBLEM: entry 2: hash mismatch") {
		t.Fatalf("check after the audit trail was changed: status %d\n%s", code, stdout)
	}
}

// TestAuditAnchorShowsTruncation: cutting entries off the end of the trail
// leaves an intact chain, which only an anchor kept elsewhere shows.
func TestAuditAnchorShowsTruncation(t *testing.T) {
	t.Parallel()
	fx := testFixture(t)
	db := filepath.Join(t.TempDir(), "blandby.db")
	mustRun(t, db, "compute", "--indicators", fx.indicators, "--years", "2020-2021", "--save")
	mustRun(t, db, "publish", "--year", "2020")
	out := mustRun(t, db, "check")
	m := regexp.MustCompile(`audit anchor to keep elsewhere: (\d+:[0-9a-f]{64})`).FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(m[1], "2:") {
		t.Fatalf("check prints no anchor of entry 2:\n%s", out)
	}
	anchor := m[1]
	if out := mustRun(t, db, "check", "--audit-anchor", anchor); !strings.Contains(out, "found unchanged") {
		t.Fatalf("check with the anchor of an intact trail:\n%s", out)
	}
	if _, stderr, code := runDB(t, db, "check", "--audit-anchor", "2:abc"); code != 2 || !strings.Contains(stderr, "SEQ:HASH") {
		t.Errorf("a malformed anchor: status %d, %s", code, stderr)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 2"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	if out := mustRun(t, db, "check"); !strings.Contains(out, "audit trail: 1 entry, chain intact") {
		t.Fatalf("check without the anchor after the cut:\n%s", out)
	}
	stdout, _, code := runDB(t, db, "check", "--audit-anchor", anchor)
	if code != 1 || !strings.Contains(stdout, "entry 2 of the anchor is missing") {
		t.Fatalf("check with the anchor after the cut: status %d\n%s", code, stdout)
	}
}

// cheapParams are the argon2id parameters the tests hash passwords with.
var cheapParams = auth.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: auth.DefaultSaltLen, KeyLen: auth.DefaultKeyLen}

// productionParams are the parameters passwordParams held before TestMain
// made them cheap.
var productionParams auth.Params

// TestPasswordParamsProduction checks that outside the tests blandby hashes
// passwords with auth.DefaultParams.
func TestPasswordParamsProduction(t *testing.T) {
	if productionParams != auth.DefaultParams() {
		t.Errorf("passwordParams are %+v outside the tests, want auth.DefaultParams %+v", productionParams, auth.DefaultParams())
	}
	if passwordParams != cheapParams {
		t.Errorf("the tests hash with %+v, want %+v", passwordParams, cheapParams)
	}
}

// TestUsersSetPassword: set-password replaces a user's password hash with
// one of the new password, read from standard input; --no-password removes
// it; an unknown user is an error; every act is audited.
func TestUsersSetPassword(t *testing.T) {
	db := filepath.Join(t.TempDir(), "blandby.db")
	withStdin := func(in string, args ...string) (string, int) {
		var stdout, stderr strings.Builder
		m := &Main{Stdin: strings.NewReader(in), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		code := m.Run(context.Background(), append([]string{"--db", db}, args...))
		return stderr.String(), code
	}
	if errOut, code := withStdin("first password 1\n", "users", "add", "anna", "--role", "admin", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	hash := func() string {
		st, err := openBackend(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		u, err := st.User(context.Background(), "anna")
		if err != nil {
			t.Fatal(err)
		}
		return u.PasswordHash
	}
	if errOut, code := withStdin("second password 2\n", "users", "set-password", "anna", "--password-stdin"); code != 0 {
		t.Fatal(errOut)
	}
	if ok, err := auth.VerifyPassword(hash(), "second password 2"); err != nil || !ok {
		t.Errorf("the new password does not verify: %v, %v", ok, err)
	}
	if ok, _ := auth.VerifyPassword(hash(), "first password 1"); ok {
		t.Error("the old password still verifies")
	}
	if errOut, code := withStdin("short\n", "users", "set-password", "anna", "--password-stdin"); code == 0 {
		t.Errorf("a short password was accepted: %s", errOut)
	}
	mustRun(t, db, "users", "set-password", "anna", "--no-password")
	if h := hash(); h != "" {
		t.Errorf("hash after --no-password: %q", h)
	}
	if errOut, code := withStdin("third password 3\n", "users", "set-password", "nobody", "--password-stdin"); code == 0 || !strings.Contains(errOut, "nobody") {
		t.Errorf("an unknown user: status %d, %s", code, errOut)
	}
	// add, set, set (removed), set for nobody (failed); the short password
	// is refused before any act.
	if check := mustRun(t, db, "check"); !strings.Contains(check, "audit trail: 4 entries, chain intact") {
		t.Errorf("check:\n%s", check)
	}
}

package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/apptest"
	"github.com/blandby/blandby/store"
)

// TestUserActs: only an admin manages users and tokens; a token lives more
// than 0 and at most 366 days and only for an enabled user; disabling a
// user revokes its live tokens at once; every act, done or refused, is in
// the audit trail.
func TestUserActs(t *testing.T) {
	ctx := context.Background()
	st := apptest.NewStale(t).Store
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	admin := app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "ops"}, Via: "test"}
	kommune := app.Actor{Principal: auth.Principal{Role: auth.RoleMunicipality, Scope: "101", Name: "anna"}, Via: "test"}
	anna := auth.Principal{Role: auth.RoleMunicipality, Scope: "101"}

	if err := app.AddUser(ctx, st, kommune, "bo", auth.Principal{Role: auth.RoleAdmin}, "", now); blandby.CodeOf(err) != blandby.CodeForbidden {
		t.Fatalf("a municipality added an admin: %v", err)
	}
	if err := app.AddUser(ctx, st, admin, "nobody", auth.Principal{Role: auth.RolePublic}, "", now); blandby.CodeOf(err) != blandby.CodeInvalid {
		t.Errorf("a public user was added: %v", err)
	}
	if err := app.AddUser(ctx, st, admin, "anna", anna, "", now); err != nil {
		t.Fatal(err)
	}
	for _, life := range []time.Duration{0, -time.Hour, 367 * 24 * time.Hour} {
		if _, err := app.CreateToken(ctx, st, admin, "anna", "x", life, now); blandby.CodeOf(err) != blandby.CodeInvalid {
			t.Errorf("a token living %v: %v", life, err)
		}
	}
	var ids []string
	for _, life := range []time.Duration{time.Hour, 366 * 24 * time.Hour} {
		tk, err := app.CreateToken(ctx, st, admin, "anna", "export", life, now)
		if err != nil {
			t.Fatal(err)
		}
		if !tk.ExpiresAt.Equal(now.Add(life)) || tk.Plain == "" {
			t.Errorf("token %+v", tk.Token)
		}
		ids = append(ids, tk.ID)
	}
	if err := app.RevokeToken(ctx, st, admin, ids[0], now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	revoked, err := app.DisableUser(ctx, st, admin, "anna", now.Add(time.Hour))
	if err != nil || revoked != 1 {
		t.Fatalf("disabling anna revoked %d tokens (%v), want 1", revoked, err)
	}
	for _, id := range ids {
		if tk, err := st.Token(ctx, id); err != nil || tk.RevokedAt == nil {
			t.Errorf("token %s after disabling its user: %+v, %v", id, tk, err)
		}
	}
	if _, err := app.CreateToken(ctx, st, admin, "anna", "late", time.Hour, now); blandby.CodeOf(err) != blandby.CodeConflict {
		t.Errorf("a token for a disabled user: %v", err)
	}

	log, err := st.AuditLog(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	outcomes := map[string]int{}
	for _, e := range log {
		if e.Action == string(auth.ActionManageUsers) {
			outcomes[e.Outcome]++
		}
	}
	// Refused: the municipality's addition. Failed: the public user, three
	// lifetimes, the disabled user's token. Done: anna, two tokens, a
	// revocation, the disabling.
	want := map[string]int{store.AuditDenied: 1, store.AuditFailed: 5, store.AuditOK: 5}
	for o, n := range want {
		if outcomes[o] != n {
			t.Errorf("%d audit entries %s, want %d (all: %v)", outcomes[o], o, n, outcomes)
		}
	}
}

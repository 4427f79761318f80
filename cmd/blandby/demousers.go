package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// demoUsers are the demo's users, one per role: name and principal.
var demoUsers = []struct{ name, principal string }{
	{"demo-admin", "admin"},
	{"demo-ministerium", "ministry"},
	{"demo-kommune-101", "municipality:101"},
	{"demo-boligselskab", "housing_org:demo-boligselskab"},
	{"demo-udlejer", "landlord:12345678"},
}

// passwordParams are the argon2id parameters of the passwords blandby
// hashes: auth.DefaultParams. Only the tests of this package change them, to
// cheap ones, in TestMain.
var passwordParams = auth.DefaultParams()

// demoTokenLife is how long the demo admin's API token lives.
const demoTokenLife = 30 * 24 * time.Hour

// addDemoUsers creates the demo users with random passwords and an API
// token for the admin, once: when the first demo user exists already it
// does nothing and writes nothing. Otherwise it writes the credentials (shown
// this once only) to w, with a curl example against addr, where the demo
// serves. Every creation is audited.
func (m *Main) addDemoUsers(ctx context.Context, st store.Store, addr string, w io.Writer) error {
	if _, err := st.User(ctx, demoUsers[0].name); err == nil {
		fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.exist"))
		return nil
	} else if blandby.CodeOf(err) != blandby.CodeNotFound {
		return fmt.Errorf("demo users: %w", err)
	}
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.demo_users_for_synthetic"))
	var token string
	for _, d := range demoUsers {
		p, err := auth.ParsePrincipal(d.principal)
		if err != nil {
			return err
		}
		pw, _, err := auth.NewSessionID()
		if err != nil {
			return err
		}
		pw = pw[:20]
		hash, err := auth.HashPassword(pw, passwordParams)
		if err != nil {
			return err
		}
		now := time.Now().UTC()
		if err := app.AddUser(ctx, st, cliActor("demo"), d.name, p, hash, now); err != nil {
			return fmt.Errorf("demo user %s: %w", d.name, err)
		}
		fmt.Fprintf(w, "  %-20s %-32s %s\n", d.name, d.principal, pw)
		if p.Role != auth.RoleAdmin {
			continue
		}
		t, err := app.CreateToken(ctx, st, cliActor("demo"), d.name, "demo", demoTokenLife, now)
		if err != nil {
			return fmt.Errorf("demo token: %w", err)
		}
		token = t.Plain
	}
	fmt.Fprintf(w, "\n%s\n  %s\n", msg.T(m.lang, "cli.demo_users.api_token_of_demo"), token)
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.log_in_at_login"))
	fmt.Fprintf(w, "  curl -H \"Authorization: Bearer %s\" http://%s/api/v1/audit\n", token, addr)
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.what_each_user_can"))
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.try_municipality"))
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.try_ministry"))
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.try_housing_org"))
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.try_landlord"))
	fmt.Fprintln(w, msg.T(m.lang, "cli.demo_users.try_admin"))
	return nil
}

package main

import (
	"context"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
	"github.com/blandby/blandby/store"
)

// cliPrincipal is who the command line acts as: whoever can open the
// database holds all of it, so an admin, named "cli:" and who acts (--by
// or the operating-system user).
func cliPrincipal(by string) auth.Principal {
	return auth.Principal{Role: auth.RoleAdmin, Name: "cli:" + actor(by)}
}

// cliActor is the command line's actor for the acts of package app.
func cliActor(by string) app.Actor {
	return app.Actor{Principal: cliPrincipal(by), Via: "command line"}
}

// audit records a state-changing act done on the command line (app.Audit).
func (m *Main) audit(ctx context.Context, st store.Store, by string, action auth.Action, object string, actErr error) error {
	return app.Audit(ctx, st, cliActor(by), string(action), object, "", actErr)
}

// audited runs a state-changing act through the authorisation table (as
// the web server's routes go) and records it, returning the act's error
// (or the recording's, when the act succeeded but could not be recorded).
func (m *Main) audited(ctx context.Context, st store.Store, by string, action auth.Action, object string, act func() error) error {
	err := auth.Authorize(cliPrincipal(by), action, auth.Resource{})
	if err == nil {
		err = act()
	}
	if aerr := m.audit(ctx, st, by, action, object, err); err == nil {
		return aerr
	}
	return err
}

func yesNo(l blandby.Lang, b bool) string {
	if b {
		return msg.T(l, "common.yes")
	}
	return msg.T(l, "common.no")
}

func timeOrDash(t *time.Time) string {
	if t == nil {
		return "–"
	}
	return t.Format(time.DateOnly)
}

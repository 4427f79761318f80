package main

import (
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/msg"
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

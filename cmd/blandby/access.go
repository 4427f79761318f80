package main

import (
	"fmt"
	"slices"
	"strings"
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

// cliActorAs is the command line acting as the principal --as names
// (as), which must have one of roles; who acts (--by) names it.
func cliActorAs(command, as, by string, roles ...auth.Role) (app.Actor, error) {
	p, err := auth.ParsePrincipal(as)
	if err != nil || !slices.Contains(roles, p.Role) {
		scope := map[auth.Role]string{auth.RoleMunicipality: "CODE", auth.RoleHousingOrg: "ID", auth.RoleLandlord: "CVR"}
		want := make([]string, len(roles))
		for i, r := range roles {
			want[i] = string(r) + ":" + scope[r]
		}
		return app.Actor{}, usageError{command: command, err: fmt.Errorf("--as %q: expected %s", as, strings.Join(want, " or "))}
	}
	p.Name = "cli:" + actor(by)
	return app.Actor{Principal: p, Via: "command line"}, nil
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

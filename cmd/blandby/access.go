package main

import (
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
		want := func(l blandby.Lang) string {
			scope := map[auth.Role]string{auth.RoleMunicipality: msg.T(l, "cli.arg.code"), auth.RoleHousingOrg: "ID", auth.RoleLandlord: "CVR"}
			w := make([]string, len(roles))
			for i, r := range roles {
				w[i] = string(r) + ":" + scope[r]
			}
			return strings.Join(w, msg.T(l, "cli.error.or"))
		}
		return app.Actor{}, usage(command, blandby.Text{
			DA: msg.T(blandby.Danish, "cli.error.as", as, want(blandby.Danish)),
			EN: msg.T(blandby.English, "cli.error.as", as, want(blandby.English)),
		})
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

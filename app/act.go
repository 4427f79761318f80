package app

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/store"
)

// Actor is who performs an act and the medium it came through ("command
// line", "demo"), which the audit trail records.
type Actor struct {
	Principal auth.Principal
	Via       string
}

// maxAuditDetail bounds the error text an audit entry keeps.
const maxAuditDetail = 500

// Audit records an act in the audit trail: done (with note, when given, on
// what it did), or denied or failed with its error. Failing to record is an
// error: an act that cannot be traced must be noticed.
func Audit(ctx context.Context, st store.Store, a Actor, action, object, note string, actErr error) error {
	e := store.AuditEntry{At: time.Now().UTC(), Actor: a.Principal.Name, Role: string(a.Principal.Role), Scope: a.Principal.Scope,
		Action: action, Object: object, Outcome: store.AuditOK, Detail: a.Via}
	if note != "" {
		e.Detail = a.Via + ": " + note
	}
	if actErr != nil {
		e.Outcome = store.AuditFailed
		if c := blandby.CodeOf(actErr); c == blandby.CodeForbidden || c == blandby.CodeUnauthorized {
			e.Outcome = store.AuditDenied
		}
		msg := actErr.Error()
		if len(msg) > maxAuditDetail {
			cut := maxAuditDetail
			for cut > 0 && !utf8.RuneStart(msg[cut]) {
				cut-- // never split a character (æ, ø, å): the store keeps valid UTF-8
			}
			msg = msg[:cut] + "…"
		}
		e.Detail = a.Via + ": " + msg
	}
	if _, err := st.Audit(ctx, e); err != nil {
		return fmt.Errorf("recording %s of %s in the audit trail: %w", action, object, err)
	}
	return nil
}

// authorised authorises the actor for permission on the resource, runs the
// act and audits it as action on object: done (with the note the act
// returns), refused or failed. It returns the act's error, or the
// recording's when the act succeeded but could not be recorded.
func authorised(ctx context.Context, st store.Store, a Actor, permission auth.Action, res auth.Resource, action, object string, act func() (string, error)) error {
	err := auth.Authorize(a.Principal, permission, res)
	var note string
	if err == nil {
		note, err = act()
	}
	if aerr := Audit(ctx, st, a, action, object, note, err); err == nil {
		return aerr
	}
	return err
}

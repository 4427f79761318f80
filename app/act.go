package app

import (
	"context"
	"fmt"
	"strings"
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

// The bounds of what an audit entry keeps of an object and a detail: a
// caller's text (a request's path, an error) can be as long as it likes.
const (
	maxAuditObject = 512
	maxAuditDetail = 500
)

// Audit records an act in the audit trail: done (with note, when given, on
// what it did), or denied or failed with its error. Failing to record is an
// error: an act that cannot be traced must be noticed.
func Audit(ctx context.Context, st store.Store, a Actor, action, object, note string, actErr error) error {
	outcome, detail := store.AuditOK, note
	if actErr != nil {
		outcome, detail = store.AuditFailed, actErr.Error()
		if c := blandby.CodeOf(actErr); c == blandby.CodeForbidden || c == blandby.CodeUnauthorized {
			outcome = store.AuditDenied
		}
	}
	return Record(ctx, st, a, action, object, outcome, detail)
}

// Record appends an entry to the audit trail: the actor's action on object
// with its outcome and a detail, prefixed with the medium (a.Via); the
// object and the detail are cut to their bounds (CutText).
func Record(ctx context.Context, st store.Store, a Actor, action, object, outcome, detail string) error {
	e := store.AuditEntry{At: time.Now().UTC(), Actor: a.Principal.Name, Role: string(a.Principal.Role), Scope: a.Principal.Scope,
		Action: action, Object: CutText(object, maxAuditObject), Outcome: outcome, Detail: a.Via}
	if detail != "" {
		e.Detail = a.Via + ": " + CutText(detail, maxAuditDetail)
	}
	if _, err := st.Audit(ctx, e); err != nil {
		return fmt.Errorf("recording %s of %s in the audit trail: %w", action, e.Object, err)
	}
	return nil
}

// CutText returns text with invalid UTF-8 replaced, cut to at most max
// bytes at a character boundary and marked "…" when cut: the store keeps
// valid UTF-8 (PostgreSQL refuses anything else).
func CutText(text string, max int) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	if len(text) <= max {
		return text
	}
	n := max
	for n > 0 && !utf8.RuneStart(text[n]) {
		n--
	}
	return text[:n] + "…"
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

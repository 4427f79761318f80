package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blandby/blandby/app"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/apptest"
)

// TestAuditLongErrorStaysUTF8: a long error is cut in the audit entry, never
// inside a character, so that PostgreSQL (which refuses invalid UTF-8) and
// SQLite keep the same entry.
func TestAuditLongErrorStaysUTF8(t *testing.T) {
	ctx := context.Background()
	st := apptest.NewStale(t).Store
	a := app.Actor{Principal: auth.Principal{Role: auth.RoleAdmin, Name: "ops"}, Via: "test"}
	// "x" then "ø" (2 bytes) repeated: byte 500 falls inside an "ø".
	msg := "x" + strings.Repeat("ø", 400)
	if err := app.Audit(ctx, st, a, "publish", "list of 2022", "", errors.New(msg)); err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	d := log[len(log)-1].Detail
	if !utf8.ValidString(d) || !strings.HasSuffix(d, "…") || !strings.HasPrefix(d, "test: x") || len(d) > len("test: ")+500+len("…") {
		t.Errorf("detail %q (%d bytes): want valid UTF-8, cut at most 500 bytes of the error, ending in …", d, len(d))
	}
}

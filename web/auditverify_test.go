package web

import (
	"context"
	"encoding/json"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blandby/blandby/store"
)

// verifyCounter counts the store's full verifications of the audit trail
// and can show one entry changed.
type verifyCounter struct {
	store.Store
	full    atomic.Int64
	changed atomic.Int64 // the seq of the entry shown changed (0: none)
}

func (v *verifyCounter) VerifyAudit(ctx context.Context) (store.AuditReport, error) {
	v.full.Add(1)
	return v.Store.VerifyAudit(ctx)
}

func (v *verifyCounter) AuditLog(ctx context.Context, after int64, limit int) ([]store.AuditEntry, error) {
	es, err := v.Store.AuditLog(ctx, after, limit)
	for i := range es {
		if es[i].Seq == v.changed.Load() {
			es[i].Detail += " (changed)"
		}
	}
	return es, err
}

// TestAuditReadIncremental: reading the audit trail verifies only the
// entries added since the last read, not the whole chain every time;
// ?verify=full verifies the whole chain; a changed new entry is found.
func TestAuditReadIncremental(t *testing.T) {
	f := testFixture(t)
	vc := &verifyCounter{Store: f.st}
	srv, err := New(vc, f.cat, Options{RequestRate: 1e6, RequestBurst: 1e6})
	if err != nil {
		t.Fatal(err)
	}
	admin := f.users["admin"]
	read := func(query string) chainJSON {
		t.Helper()
		f2 := &fixture{srv: srv}
		code, body, _ := f2.doAs(t, admin, "GET", "/api/v1/audit?limit=1"+query, nil)
		if code != 200 {
			t.Fatalf("audit read: %d %s", code, body)
		}
		var v auditView
		if err := json.Unmarshal(body, &v); err != nil {
			t.Fatal(err)
		}
		return v.Chain
	}
	for i := range 5 {
		if c := read(""); !c.OK || c.LastSeq == 0 {
			t.Fatalf("read %d: %+v", i, c)
		}
	}
	if n := vc.full.Load(); n != 1 {
		t.Errorf("5 reads verified the whole chain %d times, want once", n)
	}
	full, err := f.st.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if c := read(""); c.Entries != full.Entries || c.LastHash != full.LastHash {
		t.Errorf("incremental %+v, full %+v", c, full)
	}
	if c := read("&verify=full"); !c.OK || vc.full.Load() != 2 {
		t.Errorf("verify=full: %+v, %d full verifications", c, vc.full.Load())
	}
	// An entry added and changed after the last verification is found.
	e, err := f.st.Audit(context.Background(), store.AuditEntry{At: time.Now().UTC(), Actor: "test", Action: "test", Outcome: store.AuditOK})
	if err != nil {
		t.Fatal(err)
	}
	vc.changed.Store(e.Seq)
	if c := read(""); c.OK || c.BrokenSeq == 0 || c.Problem != store.AuditHashMismatch {
		t.Errorf("a changed new entry: %+v", c)
	}
}

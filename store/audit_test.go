package store

import (
	"strings"
	"testing"
	"time"
)

func TestAuditGenesis(t *testing.T) {
	if AuditGenesis != strings.Repeat("0", 64) {
		t.Errorf("AuditGenesis %q", AuditGenesis)
	}
}

func TestAuditHash(t *testing.T) {
	e := AuditEntry{Seq: 7, At: time.Date(2024, 12, 1, 10, 0, 0, 5, time.UTC), Actor: "anna", Role: "municipality", Scope: "101",
		Action: "publish", Object: "publication 2024 revision 2", Outcome: AuditOK, Detail: "correction", PrevHash: AuditGenesis}
	h := AuditHash(e)
	if len(h) != 64 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("hash %q", h)
	}
	// The encoding is fixed: a change of it must be deliberate (and a new
	// version tag), or stored chains no longer verify.
	// (The value was checked against an independent implementation of the
	// documented encoding.)
	if want := "8dca465bfbab2d843e2e2f96f09ac7b4f1e40ecef3e1fc60eef6098b25519b01"; h != want {
		t.Errorf("AuditHash = %s, want %s", h, want)
	}
	same := e
	same.At = e.At.In(time.FixedZone("CET", 3600))
	same.Hash = "anything"
	if AuditHash(same) != h {
		t.Error("the hash must depend on the instant only, and not on the entry's own Hash")
	}
	changes := []func(*AuditEntry){
		func(e *AuditEntry) { e.Seq = 8 },
		func(e *AuditEntry) { e.At = e.At.Add(time.Nanosecond) },
		func(e *AuditEntry) { e.Actor = "anne" },
		func(e *AuditEntry) { e.Role = "admin" },
		func(e *AuditEntry) { e.Scope = "147" },
		func(e *AuditEntry) { e.Action = "export" },
		func(e *AuditEntry) { e.Object = "publication 2024 revision 1" },
		func(e *AuditEntry) { e.Outcome = AuditDenied },
		func(e *AuditEntry) { e.Detail = "" },
		func(e *AuditEntry) { e.PrevHash = strings.Repeat("1", 64) },
		// moving bytes between fields must change the hash
		func(e *AuditEntry) { e.Actor, e.Role = "annam", "unicipality" },
		func(e *AuditEntry) { e.Object, e.Outcome = "publication 2024 revision 2o", "k" },
	}
	seen := map[string]int{h: -1}
	for i, f := range changes {
		c := e
		f(&c)
		got := AuditHash(c)
		if j, ok := seen[got]; ok {
			t.Errorf("change %d hashes like %d", i, j)
		}
		seen[got] = i
	}
}

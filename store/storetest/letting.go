package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
)

var lettingOpts = append([]cmp.Option{cmp.Comparer(func(a, b letting.Date) bool { return a.Equal(b.Time) })}, cmpOpts...)

func lettingDiff(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, lettingOpts...); d != "" {
		t.Errorf("%s (-want +got):\n%s", what, d)
	}
}

func samplePolicy(municipality blandby.MunicipalityCode, options ...string) letting.Policy {
	return letting.Policy{
		Municipality: municipality,
		ValidFrom:    letting.NewDate(2024, 1, 1),
		Criteria: []letting.Criterion{{ID: "work", Label: blandby.Text{DA: "i arbejde", EN: "in work"},
			AnyOf: []string{letting.Employed}}},
		CombinedLetting: []letting.CombinedLettingDecision{{Departments: []string{"D1", "D2"}, Residents: 1450, OutsideLabourPct: "41,5", DecidedOn: letting.NewDate(2023, 6, 1)}},
		Options:         options,
	}
}

// testLettingPolicies: versions of a municipality's policy are numbered in
// the order saved, read back as saved, and an edit of a stale version is a
// conflict.
func testLettingPolicies(t *testing.T, st store.Store) {
	ctx := context.Background()
	at := time.Date(2024, 3, 1, 10, 0, 0, 123456789, time.UTC)
	v1 := must[store.LettingPolicy](t)(st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at, Policy: samplePolicy(101)}, 0))
	if v1.Version != 1 || v1.Policy.Version != 1 || v1.Policy.Municipality != 101 {
		t.Fatalf("first version: %+v", v1)
	}
	v2 := must[store.LettingPolicy](t)(st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at.Add(time.Hour), Policy: samplePolicy(101, "combined_insurance")}, 1))
	if v2.Version != 2 {
		t.Fatalf("second version: %d", v2.Version)
	}
	_, err := st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at, Policy: samplePolicy(101)}, 1)
	wantCode(t, err, blandby.CodeConflict, "version 1", "version 2")
	other := must[store.LettingPolicy](t)(st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 851, Author: "aal", SavedAt: at, Policy: samplePolicy(0)}, -1))
	if other.Version != 1 || other.Policy.Municipality != 851 {
		t.Fatalf("other municipality: %+v", other)
	}
	lettingDiff(t, "latest", v2, must[store.LettingPolicy](t)(st.LettingPolicy(ctx, 101, 0)))
	lettingDiff(t, "version 1", v1, must[store.LettingPolicy](t)(st.LettingPolicy(ctx, 101, 1)))
	lettingDiff(t, "all versions", []store.LettingPolicy{v1, v2}, must[[]store.LettingPolicy](t)(st.LettingPolicies(ctx, 101)))
	_, err = st.LettingPolicy(ctx, 101, 3)
	wantCode(t, err, blandby.CodeNotFound, "version 3")
	_, err = st.LettingPolicy(ctx, 999, 0)
	wantCode(t, err, blandby.CodeNotFound, "999")
	_, err = st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at, Policy: samplePolicy(851)}, -1)
	wantCode(t, err, blandby.CodeInvalid, "851")
	_, err = st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, SavedAt: at, Policy: samplePolicy(101)}, -1)
	wantCode(t, err, blandby.CodeInvalid, "author")

	// The policy in force on a date is the latest saved version valid by then.
	later := samplePolicy(101)
	later.ValidFrom = letting.NewDate(2025, 1, 1)
	v3 := must[store.LettingPolicy](t)(st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at, Policy: later}, -1))
	all := must[[]store.LettingPolicy](t)(st.LettingPolicies(ctx, 101))
	if p, ok := store.PolicyAt(all, letting.NewDate(2024, 12, 31)); !ok || p.Version != 2 {
		t.Errorf("policy at 2024-12-31: version %d %v, want 2", p.Version, ok)
	}
	if p, ok := store.PolicyAt(all, letting.NewDate(2025, 1, 1)); !ok || p.Version != v3.Version {
		t.Errorf("policy at 2025-01-01: version %d %v, want %d", p.Version, ok, v3.Version)
	}
	if _, ok := store.PolicyAt(all, letting.NewDate(2023, 12, 31)); ok {
		t.Error("a policy in force before any is valid")
	}
}

func sampleDecision(i int, at time.Time) store.LettingDecision {
	var e [10]byte
	copy(e[:], fmt.Sprintf("%010d", i))
	body, _ := json.Marshal(map[string]any{"outcome": "allowed", "reasons": []any{map[string]string{"rule_id": "AREA"}}, "n": i})
	return store.LettingDecision{
		ID: letting.NewID(at, e), DecidedAt: at, DecidedBy: "kbh", RuleSet: "2021-11-30", Channel: "waiting_list",
		Outcome: "allowed", Municipality: 101, HousingOrg: "demo-boligselskab", AreaID: "a", Department: "a-1",
		ApplicantRef: fmt.Sprintf("ref-%d", i), InputSHA256: strings.Repeat("ab", 32), Decision: body,
	}
}

// testLettingDecisions: the log keeps decisions as appended, in id order;
// a batch is all or nothing; nothing in it can be changed.
func testLettingDecisions(t *testing.T, st store.Store) {
	ctx := context.Background()
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	var batch []store.LettingDecision
	for i := range 5 {
		batch = append(batch, sampleDecision(i, at.Add(time.Duration(i)*time.Millisecond)))
	}
	check(t, st.AddLettingDecisions(ctx, batch))
	lettingDiff(t, "one", batch[2], must[store.LettingDecision](t)(st.LettingDecision(ctx, batch[2].ID)))
	lettingDiff(t, "after the first", batch[1:3], must[[]store.LettingDecision](t)(st.LettingDecisions(ctx, batch[0].ID, 2)))
	if n := must[int64](t)(st.CountLettingDecisions(ctx)); n != 5 {
		t.Fatalf("count %d, want 5", n)
	}
	// A batch holding one id already logged stores nothing.
	err := st.AddLettingDecisions(ctx, []store.LettingDecision{sampleDecision(10, at.Add(time.Second)), batch[4]})
	wantCode(t, err, blandby.CodeConflict)
	if n := must[int64](t)(st.CountLettingDecisions(ctx)); n != 5 {
		t.Fatalf("count after a refused batch %d, want 5", n)
	}
	bad := sampleDecision(11, at)
	bad.ID = "not-an-id"
	wantCode(t, st.AddLettingDecisions(ctx, []store.LettingDecision{bad}), blandby.CodeInvalid, "not-an-id")
	bad = sampleDecision(12, at)
	bad.InputSHA256 = "abc"
	wantCode(t, st.AddLettingDecisions(ctx, []store.LettingDecision{bad}), blandby.CodeInvalid, "input_sha256")
	_, err = st.LettingDecision(ctx, "01ARZ3NDEK0000000000000000")
	wantCode(t, err, blandby.CodeNotFound)

	db := raw(t, st)
	check(t, func() error {
		_, err := st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "kbh", SavedAt: at, Policy: samplePolicy(101)}, 0)
		return err
	}())
	for _, stmt := range []string{
		"UPDATE letting_decisions SET outcome = 'rejected'",
		"DELETE FROM letting_decisions",
		"UPDATE letting_policies SET author = 'x'",
		"DELETE FROM letting_policies",
	} {
		if _, err := db.ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: no error", stmt)
		}
	}
	lettingDiff(t, "after refused changes", batch, must[[]store.LettingDecision](t)(st.LettingDecisions(ctx, "", 100)))
}

// testRecentLettingDecisions: a municipality reads its own decisions and a
// housing organisation its own, newest first, page after page, and never
// another's.
func testRecentLettingDecisions(t *testing.T, st store.Store) {
	ctx := context.Background()
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	var all []store.LettingDecision
	for i := range 7 {
		d := sampleDecision(i, at.Add(time.Duration(i)*time.Minute))
		switch i % 3 {
		case 1:
			d.HousingOrg = "andet-boligselskab" // municipality 101, another organisation
		case 2:
			d.Municipality, d.HousingOrg = 851, "boligselskab-851-1"
		}
		all = append(all, d)
	}
	check(t, st.AddLettingDecisions(ctx, all))
	pick := func(is ...int) []store.LettingDecision {
		var out []store.LettingDecision
		for _, i := range is {
			out = append(out, all[i])
		}
		return out
	}
	recent := func(scope store.DecisionScope, before string, limit int) []store.LettingDecision {
		return must[[]store.LettingDecision](t)(st.RecentLettingDecisions(ctx, scope, before, limit))
	}
	kbh := store.DecisionScope{Municipality: 101}
	lettingDiff(t, "municipality 101, first page", pick(6, 4, 3), recent(kbh, "", 3))
	lettingDiff(t, "municipality 101, second page", pick(1, 0), recent(kbh, all[3].ID, 3))
	lettingDiff(t, "municipality 851", pick(5, 2), recent(store.DecisionScope{Municipality: 851}, "", 10))
	lettingDiff(t, "demo-boligselskab", pick(6, 3, 0), recent(store.DecisionScope{HousingOrg: "demo-boligselskab"}, "", 10))
	lettingDiff(t, "demo-boligselskab after the newest", pick(3, 0), recent(store.DecisionScope{HousingOrg: "demo-boligselskab"}, all[6].ID, 10))
	if got := recent(store.DecisionScope{Municipality: 999}, "", 10); len(got) != 0 {
		t.Errorf("municipality 999: %d decisions, want none", len(got))
	}
	_, err := st.RecentLettingDecisions(ctx, store.DecisionScope{}, "", 10)
	wantCode(t, err, blandby.CodeInvalid, "scope")
	_, err = st.RecentLettingDecisions(ctx, store.DecisionScope{Municipality: 101, HousingOrg: "demo-boligselskab"}, "", 10)
	wantCode(t, err, blandby.CodeInvalid, "scope")
	_, err = st.RecentLettingDecisions(ctx, kbh, "", 0)
	wantCode(t, err, blandby.CodeInvalid, "limit")
}

// testLettingDecisionsConcurrent: concurrent batches all land, none lost.
func testLettingDecisionsConcurrent(t *testing.T, st store.Store) {
	ctx := context.Background()
	const writers, batches, size = 6, 10, 7
	at := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range batches {
				var ds []store.LettingDecision
				for i := range size {
					ds = append(ds, sampleDecision((w*batches+b)*size+i, at))
				}
				if err := st.AddLettingDecisions(ctx, ds); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := must[int64](t)(st.CountLettingDecisions(ctx)); n != writers*batches*size {
		t.Fatalf("count %d, want %d", n, writers*batches*size)
	}
}

//go:build !race

// This file's tests are in the full-scale tier: a long sequential
// computation, so the race detector finds nothing in it and makes it 5–10×
// slower. make test runs them in a second pass without it (Makefile,
// FULLSCALE).

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blandby/blandby/letting"
)

// TestLoadUnderAnonymousFlood measures, on loopback, the p99 latency of an
// admin's audit read and of a letting decision, alone and during a flood
// of anonymous denied requests from one address (the anonymous limit
// answers most of it 429). It reports the figures; it fails only when a
// request fails. Not in -short.
func TestLoadUnderAnonymousFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("a load measurement")
	}
	// Signed-in callers unlimited; anonymous ones at the default limit,
	// then unlimited (the audit sampling alone).
	t.Run("anonymous limit", func(t *testing.T) { loadUnderFlood(t, Options{RequestRate: 1e6, RequestBurst: 1e6}) })
	t.Run("no anonymous limit", func(t *testing.T) {
		loadUnderFlood(t, Options{RequestRate: 1e6, RequestBurst: 1e6, AnonymousRate: -1})
	})
}

func loadUnderFlood(t *testing.T, opts Options) {
	f := testFixture(t)
	srv, err := New(f.st, f.cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	admin, mun := f.users["admin"], f.users["municipality"]
	body, err := json.Marshal(lettingCase(testLettingDepartment(t, f).ID, letting.WaitingList, "DK"))
	if err != nil {
		t.Fatal(err)
	}
	do := func(method, path, token string, b []byte) int {
		req, _ := http.NewRequest(method, ts.URL+path, bytes.NewReader(b))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if b != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	p99 := func(what string, n int, req func() int) time.Duration {
		var ds []time.Duration
		for range n {
			began := time.Now()
			if code := req(); code != 200 {
				t.Errorf("%s: %d", what, code)
			}
			ds = append(ds, time.Since(began))
		}
		slices.Sort(ds)
		return ds[len(ds)*99/100]
	}
	measure := func(label string) {
		a := p99("audit read", 200, func() int { return do("GET", "/api/v1/audit?limit=1", admin.token, nil) })
		d := p99("letting decision", 200, func() int { return do("POST", "/api/v1/letting/decisions", mun.token, body) })
		t.Logf("%s: p99 audit read %v, letting decision %v", label, a, d)
	}
	measure("alone")
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var sent, limited atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				code := do("GET", "/api/v1/plans/"+string(bytes.Repeat([]byte("x"), 60000)), "", nil)
				sent.Add(1)
				if code == http.StatusTooManyRequests {
					limited.Add(1)
				}
			}
		}()
	}
	before := lastSeq(t, f.st)
	began := time.Now()
	measure("during an anonymous flood")
	cancel()
	wg.Wait()
	secs := time.Since(began).Seconds()
	t.Logf("the flood: %d requests (%.0f/s), %d answered 429; %d audit entries added",
		sent.Load(), float64(sent.Load())/secs, limited.Load(), lastSeq(t, f.st)-before)
}

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/internal/pgtest"
	"github.com/blandby/blandby/rental"
	"github.com/blandby/blandby/store"
)

// TestReplicasOnOnePostgres runs two `blandby serve` processes on one
// PostgreSQL database, as replicas behind a load balancer, and drives them
// at once: wrong passwords against one name from one address through both
// are checked at most the throttle's limit in all; letting decisions and
// vacancies of one property through both leave the audit chain and the
// vacancy sequence without a gap; and after one replica is killed with
// SIGKILL mid-load, every decision and vacancy answered before is in the
// database.
func TestReplicasOnOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts two servers")
	}
	db := pgtest.NewDatabase(t)
	ctx := context.Background()
	tokens := lettingKillFixture(t, db, 4)
	landlordToken, password := replicasFixture(t, db)

	a, baseA := startServe(t, db)
	_, baseB := startServe(t, db)
	bases := []string{baseA, baseB}

	// 1. Wrong passwords through both replicas at once: the one throttle.
	const perReplica = 12
	codes := make(chan int, 2*perReplica)
	var wg sync.WaitGroup
	for i := range 2 * perReplica {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes <- signIn(t, bases[i%2], "throttled", "not "+password)
		}()
	}
	wg.Wait()
	close(codes)
	checked, refused := 0, 0
	for code := range codes {
		switch code {
		case http.StatusUnauthorized:
			checked++
		case http.StatusTooManyRequests:
			refused++
		default:
			t.Errorf("a wrong password: %d", code)
		}
	}
	limit := auth.DefaultThrottleConfig().PairFailures
	t.Logf("sign-in: %d wrong passwords through two replicas: %d checked, %d refused by the throttle (limit %d)", 2*perReplica, checked, refused, limit)
	if checked > limit || checked == 0 {
		t.Errorf("%d wrong passwords checked through two replicas, want 1 to %d", checked, limit)
	}

	// 2. Decisions and vacancies through both; kill replica a mid-load.
	decision := killDecision()
	var (
		mu        sync.Mutex
		decisions []string
		vacancies []int
		errs      = map[string]int{}
		killed    bool
		vacancyN  int
	)
	stop := make(chan struct{})
	client := &http.Client{Timeout: 10 * time.Second}
	post := func(base, path, token string, body []byte) (int, []byte, error) {
		resp, err := postBearer(client, base+path, token, body)
		if err != nil {
			return 0, nil, err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp.StatusCode, b, err
	}
	worker := func(base string, do func(base string) (string, error)) {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if what, err := do(base); err != nil {
				mu.Lock()
				errs[what+": "+err.Error()[:min(len(err.Error()), 40)]]++
				gone := killed && base == baseA
				mu.Unlock()
				if gone {
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}
	}
	decide := func(tok string) func(base string) (string, error) {
		return func(base string) (string, error) {
			code, body, err := post(base, "api/v1/letting/decisions", tok, decision)
			if err != nil {
				return "decision", err
			}
			var d struct {
				ID string `json:"id"`
			}
			if code != http.StatusOK || json.Unmarshal(body, &d) != nil {
				return "decision", fmt.Errorf("%d", code)
			}
			mu.Lock()
			decisions = append(decisions, d.ID)
			mu.Unlock()
			return "", nil
		}
	}
	report := func(base string) (string, error) {
		mu.Lock()
		vacancyN++
		n := vacancyN
		mu.Unlock()
		v, _ := json.Marshal(map[string]any{"dwelling": map[string]any{"id": fmt.Sprintf("r%d", n), "rooms": 2, "area_m2": 70, "rent": 8000}, "date": "2023-02-01T00:00:00Z"})
		code, body, err := post(base, "api/v1/rental/properties/replica-1/vacancies", landlordToken, v)
		if err != nil {
			return "vacancy", err
		}
		var e rental.Entry
		if code != http.StatusCreated || json.Unmarshal(body, &e) != nil {
			return "vacancy", fmt.Errorf("%d %.80s", code, body)
		}
		mu.Lock()
		vacancies = append(vacancies, e.Seq)
		mu.Unlock()
		return "", nil
	}
	for _, base := range bases {
		for _, tok := range tokens {
			wg.Add(1)
			go worker(base, decide(tok))
		}
		for range 2 {
			wg.Add(1)
			go worker(base, report)
		}
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		n, m := len(decisions), len(vacancies)
		mu.Unlock()
		if n >= 200 && m >= 50 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	killed = true
	mu.Unlock()
	if err := a.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = a.Wait()
	mu.Lock()
	decisionsAtKill, vacanciesAtKill := len(decisions), len(vacancies)
	mu.Unlock()
	st, err := openBackend(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	decisionRowsAtKill, err := st.CountLettingDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ledgerAtKill, err := st.RentalLedger(ctx, store.RentalFilter{PropertyID: "replica-1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(ledgerAtKill.Entries) < vacanciesAtKill {
		t.Errorf("%d vacancies answered before the kill, %d in the database", vacanciesAtKill, len(ledgerAtKill.Entries))
	}
	// Replica b goes on alone a moment.
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()

	decisionRows, err := st.CountLettingDecisions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ledger, err := st.RentalLedger(ctx, store.RentalFilter{PropertyID: "replica-1"})
	if err != nil {
		t.Fatal(err)
	}
	audit, err := st.VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("load: answered before SIGKILL %d decisions and %d vacancies; in the database at the kill %d decisions and %d vacancies; "+
		"at the end answered %d decisions and %d vacancies, in the database %d decisions and %d vacancies; audit trail %d entries, intact %v",
		decisionsAtKill, vacanciesAtKill, decisionRowsAtKill, len(ledgerAtKill.Entries), len(decisions), len(vacancies), decisionRows, len(ledger.Entries), audit.Entries, audit.OK)
	t.Logf("failed requests (a replica killed, 429s): %v", errs)
	if decisionsAtKill < 20 || vacanciesAtKill < 5 {
		t.Errorf("only %d decisions and %d vacancies answered before the kill", decisionsAtKill, vacanciesAtKill)
	}
	if decisionRowsAtKill < int64(decisionsAtKill) {
		t.Errorf("%d decisions answered before the kill, %d in the database", decisionsAtKill, decisionRowsAtKill)
	}
	wantDecisionsLogged(t, st, decisions, decisionRows)
	// The vacancy sequence: 1, 2, 3, … without a gap, and every answered
	// seq in it.
	have := map[int]bool{}
	for i, e := range ledger.Entries {
		if e.Seq != i+1 {
			t.Fatalf("vacancy %d has seq %d: a gap or a fork", i+1, e.Seq)
		}
		have[e.Seq] = true
	}
	for _, seq := range vacancies {
		if !have[seq] {
			t.Errorf("vacancy %d was answered but is not in the ledger", seq)
		}
	}
	if len(ledger.Entries) < len(vacancies) {
		t.Errorf("%d vacancies answered, %d in the ledger", len(vacancies), len(ledger.Entries))
	}
	if !audit.OK {
		t.Errorf("the audit trail is broken: %+v", audit)
	}
	// blandby check agrees.
	if out, errOut, code := run(t, "--db", db, "check"); code != 0 {
		t.Errorf("blandby check: exit %d\n%s\n%s", code, out, errOut)
	}
}

// replicasFixture stores a landlord user with an API token and a property
// replica-1, and a municipality user "throttled" with a password; it
// returns the token and the password.
func replicasFixture(t *testing.T, db string) (token, password string) {
	t.Helper()
	ctx := context.Background()
	st, err := openBackend(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	if err := st.PutLandlordProperty(ctx, rental.Landlord{CVR: "12345678", Name: "Replika A/S"},
		rental.Property{ID: "replica-1", LandlordCVR: "12345678", Address: "Replikavej 1", Municipality: 101, Dwellings: 40}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(ctx, store.User{Name: "udlejer", Role: string(auth.RoleLandlord), Scope: "12345678", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	plain, id, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddToken(ctx, store.Token{ID: id, UserName: "udlejer", Name: "load", Hash: hash, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	password = "the right password, long enough"
	ph, err := auth.HashPassword(password, auth.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(ctx, store.User{Name: "throttled", Role: string(auth.RoleMunicipality), Scope: "101", PasswordHash: ph, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	return plain, password
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs in at base as a browser would (the form, its CSRF token and
// cookie) and returns the answer's status.
func signIn(t *testing.T, base, name, password string) int {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "login")
	if err != nil {
		t.Error(err)
		return 0
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfInput.FindSubmatch(page)
	if m == nil {
		t.Errorf("GET /login: %d without a CSRF token", resp.StatusCode)
		return 0
	}
	resp, err = c.PostForm(base+"login", url.Values{"csrf": {string(m[1])}, "name": {name}, "password": {password}})
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

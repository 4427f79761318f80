// Command letting serves blandby's web server over a small prepared
// database for the letting load test (run.sh drives it with wrk): one
// udsat area of municipality 101 with a department, the municipality's
// letting policy, and a municipality user whose API token it writes to
// --token-out. The per-user request limit is lifted (the load comes from
// one token); everything else, the decision log with group commit
// included, is the server as `blandby serve` runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/blandby/blandby"
	"github.com/blandby/blandby/auth"
	"github.com/blandby/blandby/law"
	"github.com/blandby/blandby/letting"
	"github.com/blandby/blandby/store"
	"github.com/blandby/blandby/store/sqlite"
	"github.com/blandby/blandby/web"
)

func main() {
	db := flag.String("db", "", "SQLite file (default: a new one in a temporary directory)")
	addr := flag.String("addr", "127.0.0.1:8089", "address to serve on")
	tokenOut := flag.String("token-out", "", "write the API token to this file")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	if err := run(*db, *addr, *tokenOut); err != nil {
		log.Fatal(err)
	}
}

func run(db, addr, tokenOut string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if db == "" {
		dir, err := os.MkdirTemp("", "blandby-letting-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		db = filepath.Join(dir, "blandby.db")
	}
	st, err := sqlite.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := prepare(ctx, st)
	if err != nil {
		return err
	}
	if tokenOut != "" {
		if err := os.WriteFile(tokenOut, []byte(token), 0o600); err != nil {
			return err
		}
	}
	cat, err := law.Embedded()
	if err != nil {
		return err
	}
	srv, err := web.New(st, cat, web.Options{Version: "bench", RequestRate: 1e9, RequestBurst: 1e9})
	if err != nil {
		return err
	}
	err = srv.ListenAndServe(ctx, addr, func(url string) { fmt.Println("serving on", url) })
	n, cerr := st.CountLettingDecisions(context.Background())
	if cerr == nil {
		fmt.Println("decisions logged:", n)
	}
	return err
}

// prepare stores the area, department, list, policy and user, and returns
// a fresh API token.
func prepare(ctx context.Context, st store.Store) (string, error) {
	now := time.Now().UTC()
	if _, err := st.User(ctx, "bench-kbh"); blandby.CodeOf(err) == blandby.CodeNotFound {
		if err := st.PutAreas(ctx, []store.Area{{Area: blandby.Area{ID: "bench", Name: "Bench", MunicipalityCode: 101, RegionCode: 1084}}}); err != nil {
			return "", err
		}
		if err := st.PutDepartments(ctx, []store.Department{{ID: "bench-1", AreaID: "bench", HousingOrg: "demo-boligselskab", Name: "Bench 1"}}); err != nil {
			return "", err
		}
		h := blandby.NewHistory()
		h.Set(2023, "bench", blandby.Udsat)
		if _, err := st.ImportHistory(ctx, h, store.ImportMeta{Input: store.Input{Role: "history", Name: "bench", SHA256: "00"},
			ImportedBy: "bench", ImportedAt: now, RuleSets: map[int]string{2023: "2021-11-30"}}); err != nil {
			return "", err
		}
		p := letting.Policy{Municipality: 101, ValidFrom: letting.NewDate(2018, 12, 1), Criteria: []letting.Criterion{
			{ID: "work", Label: blandby.Text{DA: "i arbejde", EN: "in work"}, AnyOf: []string{letting.Employed}}}}
		if _, err := st.AddLettingPolicy(ctx, store.LettingPolicy{Municipality: 101, Author: "bench", SavedAt: now, Policy: p}, 0); err != nil {
			return "", err
		}
		if _, err := st.AddUser(ctx, store.User{Name: "bench-kbh", Role: string(auth.RoleMunicipality), Scope: "101", CreatedAt: now}); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", err
	}
	plain, id, hash, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	if err := st.AddToken(ctx, store.Token{ID: id, UserName: "bench-kbh", Name: "bench", Hash: hash, CreatedAt: now, ExpiresAt: now.Add(24 * time.Hour)}); err != nil {
		return "", err
	}
	return plain, nil
}
